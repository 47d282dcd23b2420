// SPDX-License-Identifier: GPL-2.0
/*
 * sfsim: the SF side - an auxiliary device per attached SF and its driver,
 * which gives the SF its own devlink instance (auxiliary/sfsim.sf.<N>, see
 * sf_devlink.c), nested in the eswitch manager's SF port.
 */
#include <linux/slab.h>

#include "sfsim.h"

static DEFINE_IDA(sfsim_sf_ids);

static int sfsim_sf_probe(struct auxiliary_device *auxdev,
			  const struct auxiliary_device_id *id)
{
	struct sfsim_sf_adev *sfadev = container_of(auxdev,
						    struct sfsim_sf_adev, adev);
	struct devlink *devlink;
	int err;

	devlink = devlink_alloc(&sfsim_sf_devlink_ops, sfsim_sf_priv_size(),
				&auxdev->dev);
	if (!devlink)
		return -ENOMEM;

	devl_lock(devlink);
	err = devl_port_fn_devlink_set(&sfadev->port->dl_port, devlink);
	if (err)
		goto err_unlock;
	err = sfsim_sf_devlink_init(devlink, sfadev->port->hw_addr);
	if (err)
		goto err_unlock;

	/* Registering last makes the nested handle visible when all is set. */
	devl_register(devlink);
	devl_unlock(devlink);
	auxiliary_set_drvdata(auxdev, devlink);
	sfadev->devlink = devlink;
	return 0;

err_unlock:
	devl_unlock(devlink);
	devlink_free(devlink);
	return err;
}

static void sfsim_sf_remove(struct auxiliary_device *auxdev)
{
	struct sfsim_sf_adev *sfadev = container_of(auxdev,
						    struct sfsim_sf_adev, adev);
	struct devlink *devlink = auxiliary_get_drvdata(auxdev);

	devl_lock(devlink);
	sfsim_sf_devlink_fini(devlink);
	devl_unregister(devlink);
	devl_unlock(devlink);
	devlink_free(devlink);
	sfadev->devlink = NULL;
}

static const struct auxiliary_device_id sfsim_sf_id_table[] = {
	{ .name = KBUILD_MODNAME ".sf" },
	{},
};
MODULE_DEVICE_TABLE(auxiliary, sfsim_sf_id_table);

static struct auxiliary_driver sfsim_sf_driver = {
	.name = "sf",
	.probe = sfsim_sf_probe,
	.remove = sfsim_sf_remove,
	.id_table = sfsim_sf_id_table,
	.driver = {
		.suppress_bind_attrs = true,
	},
};

static void sfsim_sf_adev_release(struct device *dev)
{
	struct sfsim_sf_adev *sfadev = container_of(dev, struct sfsim_sf_adev,
						    adev.dev);

	ida_free(&sfsim_sf_ids, sfadev->adev.id);
	kfree(sfadev);
	sfsim_obj_put();
}

/* Add the auxiliary device of @port's SF; the driver binds synchronously. */
int sfsim_sf_adev_add(struct sfsim_port *port)
{
	struct sfsim_sf_adev *sfadev;
	int id, err;

	sfadev = kzalloc(sizeof(*sfadev), GFP_KERNEL);
	if (!sfadev)
		return -ENOMEM;
	id = ida_alloc(&sfsim_sf_ids, GFP_KERNEL);
	if (id < 0) {
		kfree(sfadev);
		return id;
	}
	sfadev->port = port;
	sfadev->adev.name = "sf";
	sfadev->adev.id = id;
	sfadev->adev.dev.parent = &port->dev->bus_dev->dev;
	sfadev->adev.dev.release = sfsim_sf_adev_release;

	err = auxiliary_device_init(&sfadev->adev);
	if (err) {
		ida_free(&sfsim_sf_ids, id);
		kfree(sfadev);
		return err;
	}
	sfsim_obj_get();
	err = auxiliary_device_add(&sfadev->adev);
	if (err) {
		auxiliary_device_uninit(&sfadev->adev);
		return err;
	}
	port->adev = sfadev;
	return 0;
}

void sfsim_sf_adev_del(struct sfsim_port *port)
{
	struct sfsim_sf_adev *sfadev = port->adev;

	port->adev = NULL;
	auxiliary_device_delete(&sfadev->adev);
	auxiliary_device_uninit(&sfadev->adev);
}

int sfsim_aux_init(void)
{
	return auxiliary_driver_register(&sfsim_sf_driver);
}

void sfsim_aux_exit(void)
{
	auxiliary_driver_unregister(&sfsim_sf_driver);
	ida_destroy(&sfsim_sf_ids);
}
