// SPDX-License-Identifier: GPL-2.0
/*
 * sfsim: the "sfsim" bus, its new_device/del_device control files and
 * module set-up.
 */
#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/wait.h>

#include "sfsim.h"

struct workqueue_struct *sfsim_wq;
struct dentry *sfsim_ddir;

static LIST_HEAD(sfsim_bus_devs);
static DEFINE_MUTEX(sfsim_bus_devs_lock);
static bool sfsim_bus_enabled;

/*
 * Bus devices and SF auxiliary devices are released by the driver core,
 * possibly after devlink drops its last reference; module exit waits for
 * every release callback of this module to have run.
 */
static atomic_t sfsim_objs = ATOMIC_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(sfsim_objs_wq);

void sfsim_obj_get(void)
{
	atomic_inc(&sfsim_objs);
}

void sfsim_obj_put(void)
{
	if (atomic_dec_and_test(&sfsim_objs))
		wake_up(&sfsim_objs_wq);
}

static void sfsim_bus_dev_release(struct device *dev)
{
	kfree(container_of(dev, struct sfsim_bus_dev, dev));
	sfsim_obj_put();
}

static const struct device_type sfsim_bus_dev_type = {
	.release = sfsim_bus_dev_release,
};

static int sfsim_bus_probe(struct device *dev)
{
	return sfsim_dev_probe(container_of(dev, struct sfsim_bus_dev, dev));
}

static void sfsim_bus_remove(struct device *dev)
{
	sfsim_dev_remove(container_of(dev, struct sfsim_bus_dev, dev));
}

static ssize_t new_device_store(const struct bus_type *bus, const char *buf,
				size_t count);
static ssize_t del_device_store(const struct bus_type *bus, const char *buf,
				size_t count);
static BUS_ATTR_WO(new_device);
static BUS_ATTR_WO(del_device);

static struct attribute *sfsim_bus_attrs[] = {
	&bus_attr_new_device.attr,
	&bus_attr_del_device.attr,
	NULL,
};
ATTRIBUTE_GROUPS(sfsim_bus);

static const struct bus_type sfsim_bus = {
	.name = "sfsim",
	.dev_name = "sfsim",
	.bus_groups = sfsim_bus_groups,
	.probe = sfsim_bus_probe,
	.remove = sfsim_bus_remove,
};

static struct device_driver sfsim_driver = {
	.name = "sfsim",
	.bus = &sfsim_bus,
	.owner = THIS_MODULE,
	.suppress_bind_attrs = true,
};

static struct sfsim_bus_dev *sfsim_bus_dev_find(unsigned int id)
{
	struct sfsim_bus_dev *bus_dev;

	list_for_each_entry(bus_dev, &sfsim_bus_devs, list)
		if (bus_dev->id == id)
			return bus_dev;
	return NULL;
}

/* "ID [NUM_VFS [EXTERNAL]]": create device sfsim<ID>. */
static ssize_t new_device_store(const struct bus_type *bus, const char *buf,
				size_t count)
{
	unsigned int id, num_vfs = 0, external = 0;
	struct sfsim_bus_dev *bus_dev;
	int err;

	err = sscanf(buf, "%u %u %u", &id, &num_vfs, &external);
	if (err < 1) {
		pr_err("sfsim: format is \"ID [NUM_VFS [EXTERNAL]]\"\n");
		return -EINVAL;
	}
	if (num_vfs > SFSIM_MAX_VFS || external > 1) {
		pr_err("sfsim: NUM_VFS must be 0-%u, EXTERNAL 0 or 1\n",
		       SFSIM_MAX_VFS);
		return -EINVAL;
	}

	mutex_lock(&sfsim_bus_devs_lock);
	if (!sfsim_bus_enabled) {
		err = -EBUSY;
		goto unlock;
	}
	if (sfsim_bus_dev_find(id)) {
		err = -EEXIST;
		goto unlock;
	}
	bus_dev = kzalloc(sizeof(*bus_dev), GFP_KERNEL);
	if (!bus_dev) {
		err = -ENOMEM;
		goto unlock;
	}
	bus_dev->id = id;
	bus_dev->num_vfs = num_vfs;
	bus_dev->external = external;
	bus_dev->dev.id = id;
	bus_dev->dev.bus = &sfsim_bus;
	bus_dev->dev.type = &sfsim_bus_dev_type;
	sfsim_obj_get();
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
	list_add_tail(&bus_dev->list, &sfsim_bus_devs);
	err = count;
unlock:
	mutex_unlock(&sfsim_bus_devs_lock);
	return err;
}

/* "ID": remove device sfsim<ID> with everything on it. */
static ssize_t del_device_store(const struct bus_type *bus, const char *buf,
				size_t count)
{
	struct sfsim_bus_dev *bus_dev;
	unsigned int id;
	int err;

	if (kstrtouint(buf, 10, &id))
		return -EINVAL;

	mutex_lock(&sfsim_bus_devs_lock);
	bus_dev = sfsim_bus_dev_find(id);
	if (!bus_dev) {
		err = -ENOENT;
		goto unlock;
	}
	list_del(&bus_dev->list);
	device_unregister(&bus_dev->dev);
	err = count;
unlock:
	mutex_unlock(&sfsim_bus_devs_lock);
	return err;
}

static int __init sfsim_init(void)
{
	int err;

	sfsim_wq = alloc_workqueue("sfsim", WQ_UNBOUND, 0);
	if (!sfsim_wq)
		return -ENOMEM;
	sfsim_ddir = debugfs_create_dir("sfsim", NULL);

	err = sfsim_aux_init();
	if (err)
		goto err_wq;
	err = bus_register(&sfsim_bus);
	if (err)
		goto err_aux;
	err = driver_register(&sfsim_driver);
	if (err)
		goto err_bus;

	mutex_lock(&sfsim_bus_devs_lock);
	sfsim_bus_enabled = true;
	mutex_unlock(&sfsim_bus_devs_lock);
	return 0;

err_bus:
	bus_unregister(&sfsim_bus);
err_aux:
	sfsim_aux_exit();
err_wq:
	debugfs_remove_recursive(sfsim_ddir);
	destroy_workqueue(sfsim_wq);
	return err;
}

static void __exit sfsim_exit(void)
{
	struct sfsim_bus_dev *bus_dev, *tmp;

	mutex_lock(&sfsim_bus_devs_lock);
	sfsim_bus_enabled = false;
	list_for_each_entry_safe(bus_dev, tmp, &sfsim_bus_devs, list) {
		list_del(&bus_dev->list);
		device_unregister(&bus_dev->dev);
	}
	mutex_unlock(&sfsim_bus_devs_lock);

	driver_unregister(&sfsim_driver);
	bus_unregister(&sfsim_bus);
	/* SF auxiliary devices free their ids on release, after devlink's */
	wait_event(sfsim_objs_wq, !atomic_read(&sfsim_objs));
	sfsim_aux_exit();
	sfsim_serials_free();
	debugfs_remove_recursive(sfsim_ddir);
	destroy_workqueue(sfsim_wq);
}

module_init(sfsim_init);
module_exit(sfsim_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Simulated SF-capable devlink device for testing");
