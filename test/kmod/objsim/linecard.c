// SPDX-License-Identifier: GPL-2.0
/*
 * objsim: line cards. Provisioning completes from a work item after
 * provision_delay_ms (or fails when the slot's fail_provision knob is set);
 * unprovisioning completes at once. A provisioned card becomes active and
 * inactive through its debugfs "active" file, as if the card booted; an
 * active card has a device with its own devlink instance (lc_dev.c).
 */
#include <linux/debugfs.h>
#include <linux/kstrtox.h>

#include "objsim.h"

static const char * const objsim_lc_types[] = { "16x100G", "8x200G" };

static void objsim_lc_provision_work(struct work_struct *work)
{
	struct objsim_linecard *lc =
		container_of(to_delayed_work(work), struct objsim_linecard,
			     provision_work);
	struct devlink *devlink = lc->dev->devlink;

	devl_lock(devlink);
	if (lc->state != OBJSIM_LC_PROVISIONING)
		goto unlock;
	if (lc->fail_provision) {
		lc->fail_provision = false;
		lc->state = OBJSIM_LC_FAILED;
		devlink_linecard_provision_fail(lc->dl_lc);
	} else {
		lc->state = OBJSIM_LC_PROVISIONED;
		devlink_linecard_provision_set(lc->dl_lc, lc->type);
	}
unlock:
	devl_unlock(devlink);
}

static int objsim_lc_provision(struct devlink_linecard *dl_lc, void *priv,
			       const char *type, const void *type_priv,
			       struct netlink_ext_ack *extack)
{
	struct objsim_linecard *lc = priv;

	lc->state = OBJSIM_LC_PROVISIONING;
	lc->type = type;
	queue_delayed_work(objsim_wq, &lc->provision_work,
			   msecs_to_jiffies(lc->dev->provision_delay_ms));
	return 0;
}

static int objsim_lc_activate(struct objsim_linecard *lc)
{
	int err;

	err = objsim_lc_dev_add(lc);
	if (err)
		return err;
	devlink_linecard_activate(lc->dl_lc);
	lc->state = OBJSIM_LC_ACTIVE;
	return 0;
}

static void objsim_lc_deactivate(struct objsim_linecard *lc)
{
	objsim_lc_dev_del(lc);
	devlink_linecard_deactivate(lc->dl_lc);
	lc->state = OBJSIM_LC_PROVISIONED;
}

static int objsim_lc_unprovision(struct devlink_linecard *dl_lc, void *priv,
				 struct netlink_ext_ack *extack)
{
	struct objsim_linecard *lc = priv;

	if (lc->state == OBJSIM_LC_ACTIVE)
		objsim_lc_deactivate(lc);
	lc->state = OBJSIM_LC_UNPROVISIONED;
	lc->type = NULL;
	devlink_linecard_provision_clear(dl_lc);
	return 0;
}

static bool objsim_lc_same_provision(struct devlink_linecard *dl_lc,
				     void *priv, const char *type,
				     const void *type_priv)
{
	struct objsim_linecard *lc = priv;

	return (lc->state == OBJSIM_LC_PROVISIONED ||
		lc->state == OBJSIM_LC_ACTIVE) &&
	       lc->type && !strcmp(lc->type, type);
}

static unsigned int objsim_lc_types_count(struct devlink_linecard *dl_lc,
					  void *priv)
{
	return ARRAY_SIZE(objsim_lc_types);
}

static void objsim_lc_types_get(struct devlink_linecard *dl_lc, void *priv,
				unsigned int index, const char **type,
				const void **type_priv)
{
	*type = objsim_lc_types[index];
	*type_priv = NULL;
}

static const struct devlink_linecard_ops objsim_lc_ops = {
	.provision = objsim_lc_provision,
	.unprovision = objsim_lc_unprovision,
	.same_provision = objsim_lc_same_provision,
	.types_count = objsim_lc_types_count,
	.types_get = objsim_lc_types_get,
};

int objsim_linecards_init(struct objsim_dev *dev)
{
	unsigned int i;

	for (i = 0; i < OBJSIM_LINECARDS; i++) {
		struct objsim_linecard *lc = &dev->linecards[i];
		struct devlink_linecard *dl_lc;

		lc->dev = dev;
		lc->index = i + 1;
		lc->state = OBJSIM_LC_UNPROVISIONED;
		INIT_DELAYED_WORK(&lc->provision_work,
				  objsim_lc_provision_work);
		dl_lc = devl_linecard_create(dev->devlink, lc->index,
					     &objsim_lc_ops, lc);
		if (IS_ERR(dl_lc)) {
			while (i--)
				devl_linecard_destroy(dev->linecards[i].dl_lc);
			return PTR_ERR(dl_lc);
		}
		lc->dl_lc = dl_lc;
	}
	return 0;
}

/* Called without the devlink lock: the work item takes it. */
void objsim_linecards_cancel(struct objsim_dev *dev)
{
	unsigned int i;

	for (i = 0; i < OBJSIM_LINECARDS; i++)
		cancel_delayed_work_sync(&dev->linecards[i].provision_work);
}

void objsim_linecards_fini(struct objsim_dev *dev)
{
	unsigned int i = OBJSIM_LINECARDS;

	while (i--) {
		objsim_lc_dev_del(&dev->linecards[i]);
		devl_linecard_destroy(dev->linecards[i].dl_lc);
	}
}

static ssize_t objsim_lc_active_read(struct file *file, char __user *buf,
				     size_t count, loff_t *ppos)
{
	struct objsim_linecard *lc = file->private_data;
	char val[3];

	/* a snapshot without the lock: good enough for a debug knob */
	val[0] = READ_ONCE(lc->state) == OBJSIM_LC_ACTIVE ? '1' : '0';
	val[1] = '\n';
	val[2] = '\0';
	return simple_read_from_buffer(buf, count, ppos, val, 2);
}

static ssize_t objsim_lc_active_write(struct file *file,
				      const char __user *buf, size_t count,
				      loff_t *ppos)
{
	struct objsim_linecard *lc = file->private_data;
	struct devlink *devlink = lc->dev->devlink;
	bool active;
	int err;

	err = kstrtobool_from_user(buf, count, &active);
	if (err)
		return err;

	devl_lock(devlink);
	err = count;
	if (active && lc->state == OBJSIM_LC_PROVISIONED) {
		err = objsim_lc_activate(lc);
		if (!err)
			err = count;
	} else if (!active && lc->state == OBJSIM_LC_ACTIVE) {
		objsim_lc_deactivate(lc);
	} else if (lc->state != OBJSIM_LC_PROVISIONED &&
		   lc->state != OBJSIM_LC_ACTIVE) {
		/* only provisioned cards can (de)activate */
		err = -EINVAL;
	}
	devl_unlock(devlink);
	return err;
}

static const struct file_operations objsim_lc_active_fops = {
	.open = simple_open,
	.read = objsim_lc_active_read,
	.write = objsim_lc_active_write,
	.llseek = generic_file_llseek,
	.owner = THIS_MODULE,
};

void objsim_linecards_debugfs_init(struct objsim_dev *dev)
{
	unsigned int i;
	char name[16];

	for (i = 0; i < OBJSIM_LINECARDS; i++) {
		struct objsim_linecard *lc = &dev->linecards[i];
		struct dentry *dir;

		snprintf(name, sizeof(name), "linecard%u", lc->index);
		dir = debugfs_create_dir(name, dev->ddir);
		debugfs_create_file("active", 0600, dir, lc,
				    &objsim_lc_active_fops);
		debugfs_create_bool("fail_provision", 0600, dir,
				    &lc->fail_provision);
	}
}
