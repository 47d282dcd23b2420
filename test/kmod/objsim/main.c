// SPDX-License-Identifier: GPL-2.0
/*
 * objsim: the "objsim" bus, its new_device/del_device control files and
 * module set-up.
 */
#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/wait.h>

#include "objsim.h"

struct workqueue_struct *objsim_wq;
struct dentry *objsim_ddir;

static LIST_HEAD(objsim_bus_devs);
static DEFINE_MUTEX(objsim_bus_devs_lock);
static bool objsim_bus_enabled;

/*
 * Bus devices and line card auxiliary devices are released by the driver
 * core, possibly after devlink drops its last reference; module exit waits
 * until every release callback of this module has run.
 */
static atomic_t objsim_objs = ATOMIC_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(objsim_objs_wq);

void objsim_obj_get(void)
{
	atomic_inc(&objsim_objs);
}

void objsim_obj_put(void)
{
	if (atomic_dec_and_test(&objsim_objs))
		wake_up(&objsim_objs_wq);
}

static void objsim_bus_dev_release(struct device *dev)
{
	kfree(container_of(dev, struct objsim_bus_dev, dev));
	objsim_obj_put();
}

static const struct device_type objsim_bus_dev_type = {
	.release = objsim_bus_dev_release,
};

static int objsim_bus_probe(struct device *dev)
{
	return objsim_dev_probe(container_of(dev, struct objsim_bus_dev, dev));
}

static void objsim_bus_remove(struct device *dev)
{
	objsim_dev_remove(container_of(dev, struct objsim_bus_dev, dev));
}

static ssize_t new_device_store(const struct bus_type *bus, const char *buf,
				size_t count);
static ssize_t del_device_store(const struct bus_type *bus, const char *buf,
				size_t count);
static BUS_ATTR_WO(new_device);
static BUS_ATTR_WO(del_device);

static struct attribute *objsim_bus_attrs[] = {
	&bus_attr_new_device.attr,
	&bus_attr_del_device.attr,
	NULL,
};
ATTRIBUTE_GROUPS(objsim_bus);

static const struct bus_type objsim_bus = {
	.name = "objsim",
	.dev_name = "objsim",
	.bus_groups = objsim_bus_groups,
	.probe = objsim_bus_probe,
	.remove = objsim_bus_remove,
};

static struct device_driver objsim_driver = {
	.name = "objsim",
	.bus = &objsim_bus,
	.owner = THIS_MODULE,
	.suppress_bind_attrs = true,
};

static struct objsim_bus_dev *objsim_bus_dev_find(unsigned int id)
{
	struct objsim_bus_dev *bus_dev;

	list_for_each_entry(bus_dev, &objsim_bus_devs, list)
		if (bus_dev->id == id)
			return bus_dev;
	return NULL;
}

/* "ID": create device objsim<ID>. */
static ssize_t new_device_store(const struct bus_type *bus, const char *buf,
				size_t count)
{
	struct objsim_bus_dev *bus_dev;
	unsigned int id;
	int err;

	if (kstrtouint(buf, 10, &id)) {
		pr_err("objsim: format is \"ID\"\n");
		return -EINVAL;
	}

	mutex_lock(&objsim_bus_devs_lock);
	if (!objsim_bus_enabled) {
		err = -EBUSY;
		goto unlock;
	}
	if (objsim_bus_dev_find(id)) {
		err = -EEXIST;
		goto unlock;
	}
	bus_dev = kzalloc(sizeof(*bus_dev), GFP_KERNEL);
	if (!bus_dev) {
		err = -ENOMEM;
		goto unlock;
	}
	bus_dev->id = id;
	bus_dev->dev.id = id;
	bus_dev->dev.bus = &objsim_bus;
	bus_dev->dev.type = &objsim_bus_dev_type;
	objsim_obj_get();
	err = device_register(&bus_dev->dev);
	if (err) {
		put_device(&bus_dev->dev);
		goto unlock;
	}
	if (!bus_dev->dev.driver) {
		/* probe failed; its error was logged by the driver core */
		device_unregister(&bus_dev->dev);
		err = -EIO;
		goto unlock;
	}
	list_add_tail(&bus_dev->list, &objsim_bus_devs);
	err = count;
unlock:
	mutex_unlock(&objsim_bus_devs_lock);
	return err;
}

/* "ID": remove device objsim<ID> with everything on it. */
static ssize_t del_device_store(const struct bus_type *bus, const char *buf,
				size_t count)
{
	struct objsim_bus_dev *bus_dev;
	unsigned int id;
	int err;

	if (kstrtouint(buf, 10, &id))
		return -EINVAL;

	mutex_lock(&objsim_bus_devs_lock);
	bus_dev = objsim_bus_dev_find(id);
	if (!bus_dev) {
		err = -ENOENT;
		goto unlock;
	}
	list_del(&bus_dev->list);
	device_unregister(&bus_dev->dev);
	err = count;
unlock:
	mutex_unlock(&objsim_bus_devs_lock);
	return err;
}

static int __init objsim_init(void)
{
	int err;

	objsim_wq = alloc_workqueue("objsim", WQ_UNBOUND, 0);
	if (!objsim_wq)
		return -ENOMEM;
	objsim_ddir = debugfs_create_dir("objsim", NULL);

	err = objsim_lc_dev_init();
	if (err)
		goto err_wq;
	err = bus_register(&objsim_bus);
	if (err)
		goto err_lc_dev;
	err = driver_register(&objsim_driver);
	if (err)
		goto err_bus;

	mutex_lock(&objsim_bus_devs_lock);
	objsim_bus_enabled = true;
	mutex_unlock(&objsim_bus_devs_lock);
	return 0;

err_bus:
	bus_unregister(&objsim_bus);
err_lc_dev:
	objsim_lc_dev_exit();
err_wq:
	debugfs_remove_recursive(objsim_ddir);
	destroy_workqueue(objsim_wq);
	return err;
}

static void __exit objsim_exit(void)
{
	struct objsim_bus_dev *bus_dev, *tmp;

	mutex_lock(&objsim_bus_devs_lock);
	objsim_bus_enabled = false;
	list_for_each_entry_safe(bus_dev, tmp, &objsim_bus_devs, list) {
		list_del(&bus_dev->list);
		device_unregister(&bus_dev->dev);
	}
	mutex_unlock(&objsim_bus_devs_lock);

	driver_unregister(&objsim_driver);
	bus_unregister(&objsim_bus);
	/* line card devices are released after their devlink instance */
	wait_event(objsim_objs_wq, !atomic_read(&objsim_objs));
	objsim_lc_dev_exit();
	debugfs_remove_recursive(objsim_ddir);
	destroy_workqueue(objsim_wq);
}

module_init(objsim_init);
module_exit(objsim_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Simulated devlink device with shared buffers, line cards, selftests, dpipe, port health and regions");
