// SPDX-License-Identifier: GPL-2.0
/*
 * objsim: the device of an active line card - an auxiliary device
 * (objsim.lc.<N>) whose driver gives the card its own devlink instance,
 * auxiliary/objsim.lc.<N>, nested in the line card (as mlxsw does).
 */
#include <linux/slab.h>

#include "objsim.h"

static DEFINE_IDA(objsim_lc_dev_ids);

/* Auxiliary device standing for an active line card. */
struct objsim_lc_adev {
	struct auxiliary_device adev;
	struct objsim_linecard *lc;
};

/* devlink private data of a line card's own instance. */
struct objsim_lc_priv {
	struct objsim_linecard *lc;
};

static int objsim_lc_info_get(struct devlink *devlink,
			      struct devlink_info_req *req,
			      struct netlink_ext_ack *extack)
{
	int err;

	err = devlink_info_version_fixed_put(req, "hw.revision", "0");
	if (err)
		return err;
	return devlink_info_version_running_put(req, "ini.version", "1");
}

static const struct devlink_ops objsim_lc_devlink_ops = {
	.info_get = objsim_lc_info_get,
};

static int objsim_lc_probe(struct auxiliary_device *auxdev,
			   const struct auxiliary_device_id *id)
{
	struct objsim_lc_adev *lcadev = container_of(auxdev,
						     struct objsim_lc_adev,
						     adev);
	struct objsim_lc_priv *priv;
	struct devlink *devlink;
	int err;

	devlink = devlink_alloc(&objsim_lc_devlink_ops, sizeof(*priv),
				&auxdev->dev);
	if (!devlink)
		return -ENOMEM;
	priv = devlink_priv(devlink);
	priv->lc = lcadev->lc;

	/* the relation must exist before the nested instance registers */
	err = devlink_linecard_nested_dl_set(lcadev->lc->dl_lc, devlink);
	if (err) {
		devlink_free(devlink);
		return err;
	}
	devlink_register(devlink);
	auxiliary_set_drvdata(auxdev, devlink);
	return 0;
}

static void objsim_lc_remove(struct auxiliary_device *auxdev)
{
	struct devlink *devlink = auxiliary_get_drvdata(auxdev);

	devlink_unregister(devlink);
	devlink_free(devlink);
}

static const struct auxiliary_device_id objsim_lc_id_table[] = {
	{ .name = KBUILD_MODNAME ".lc" },
	{},
};
MODULE_DEVICE_TABLE(auxiliary, objsim_lc_id_table);

static struct auxiliary_driver objsim_lc_driver = {
	.name = "lc",
	.probe = objsim_lc_probe,
	.remove = objsim_lc_remove,
	.id_table = objsim_lc_id_table,
	.driver = {
		.suppress_bind_attrs = true,
	},
};

static void objsim_lc_adev_release(struct device *dev)
{
	struct objsim_lc_adev *lcadev = container_of(dev, struct objsim_lc_adev,
						     adev.dev);

	ida_free(&objsim_lc_dev_ids, lcadev->adev.id);
	kfree(lcadev);
	objsim_obj_put();
}

/* Adds the card's auxiliary device; the driver binds synchronously. */
int objsim_lc_dev_add(struct objsim_linecard *lc)
{
	struct objsim_lc_adev *lcadev;
	int id, err;

	lcadev = kzalloc(sizeof(*lcadev), GFP_KERNEL);
	if (!lcadev)
		return -ENOMEM;
	id = ida_alloc(&objsim_lc_dev_ids, GFP_KERNEL);
	if (id < 0) {
		kfree(lcadev);
		return id;
	}
	lcadev->lc = lc;
	lcadev->adev.name = "lc";
	lcadev->adev.id = id;
	lcadev->adev.dev.parent = &lc->dev->bus_dev->dev;
	lcadev->adev.dev.release = objsim_lc_adev_release;

	err = auxiliary_device_init(&lcadev->adev);
	if (err) {
		ida_free(&objsim_lc_dev_ids, id);
		kfree(lcadev);
		return err;
	}
	objsim_obj_get();
	err = auxiliary_device_add(&lcadev->adev);
	if (err) {
		auxiliary_device_uninit(&lcadev->adev);
		return err;
	}
	lc->adev = &lcadev->adev;
	return 0;
}

void objsim_lc_dev_del(struct objsim_linecard *lc)
{
	struct auxiliary_device *adev = lc->adev;

	if (!adev)
		return;
	lc->adev = NULL;
	auxiliary_device_delete(adev);
	auxiliary_device_uninit(adev);
}

int objsim_lc_dev_init(void)
{
	return auxiliary_driver_register(&objsim_lc_driver);
}

void objsim_lc_dev_exit(void)
{
	auxiliary_driver_unregister(&objsim_lc_driver);
	ida_destroy(&objsim_lc_dev_ids);
}
