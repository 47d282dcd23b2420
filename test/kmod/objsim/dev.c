// SPDX-License-Identifier: GPL-2.0
/*
 * objsim: one simulated device - its devlink instance, two physical ports,
 * selftests and debugfs knobs; set-up and teardown of every object.
 */
#include <linux/debugfs.h>
#include <linux/slab.h>

#include "objsim.h"

static const char * const objsim_selftest_results[] = {
	[DEVLINK_SELFTEST_STATUS_SKIP] = "skip",
	[DEVLINK_SELFTEST_STATUS_PASS] = "pass",
	[DEVLINK_SELFTEST_STATUS_FAIL] = "fail",
};

static bool objsim_selftest_check(struct devlink *devlink, unsigned int id,
				  struct netlink_ext_ack *extack)
{
	return id == DEVLINK_ATTR_SELFTEST_ID_FLASH;
}

static enum devlink_selftest_status
objsim_selftest_run(struct devlink *devlink, unsigned int id,
		    struct netlink_ext_ack *extack)
{
	struct objsim_dev *dev = devlink_priv(devlink);

	if (id != DEVLINK_ATTR_SELFTEST_ID_FLASH)
		return DEVLINK_SELFTEST_STATUS_SKIP;
	return READ_ONCE(dev->selftest_flash_result);
}

static const struct devlink_ops objsim_devlink_ops = {
	.sb_pool_get = objsim_sb_pool_get,
	.sb_pool_set = objsim_sb_pool_set,
	.sb_port_pool_get = objsim_sb_port_pool_get,
	.sb_port_pool_set = objsim_sb_port_pool_set,
	.sb_tc_pool_bind_get = objsim_sb_tc_pool_bind_get,
	.sb_tc_pool_bind_set = objsim_sb_tc_pool_bind_set,
	.sb_occ_snapshot = objsim_sb_occ_snapshot,
	.sb_occ_max_clear = objsim_sb_occ_max_clear,
	.sb_occ_port_pool_get = objsim_sb_occ_port_pool_get,
	.sb_occ_tc_port_bind_get = objsim_sb_occ_tc_port_bind_get,
	.selftest_check = objsim_selftest_check,
	.selftest_run = objsim_selftest_run,
};

static ssize_t objsim_selftest_result_read(struct file *file,
					   char __user *buf, size_t count,
					   loff_t *ppos)
{
	struct objsim_dev *dev = file->private_data;
	char val[8];
	int len;

	len = scnprintf(val, sizeof(val), "%s\n",
			objsim_selftest_results[READ_ONCE(dev->selftest_flash_result)]);
	return simple_read_from_buffer(buf, count, ppos, val, len);
}

static ssize_t objsim_selftest_result_write(struct file *file,
					    const char __user *buf,
					    size_t count, loff_t *ppos)
{
	struct objsim_dev *dev = file->private_data;
	char val[8];
	size_t len;
	int i;

	len = min(count, sizeof(val) - 1);
	if (copy_from_user(val, buf, len))
		return -EFAULT;
	val[len] = '\0';
	i = sysfs_match_string(objsim_selftest_results, val);
	if (i < 0)
		return i;
	WRITE_ONCE(dev->selftest_flash_result, i);
	return count;
}

static const struct file_operations objsim_selftest_result_fops = {
	.open = simple_open,
	.read = objsim_selftest_result_read,
	.write = objsim_selftest_result_write,
	.llseek = generic_file_llseek,
	.owner = THIS_MODULE,
};

static void objsim_debugfs_init(struct objsim_dev *dev)
{
	dev->ddir = debugfs_create_dir(dev_name(&dev->bus_dev->dev),
				       objsim_ddir);
	debugfs_create_file("selftest_flash_result", 0600, dev->ddir, dev,
			    &objsim_selftest_result_fops);
	debugfs_create_u32("provision_delay_ms", 0600, dev->ddir,
			   &dev->provision_delay_ms);
	objsim_linecards_debugfs_init(dev);
}

static void objsim_ports_destroy(struct objsim_dev *dev, unsigned int count)
{
	while (count--)
		devl_port_unregister(&dev->ports[count].dl_port);
}

static int objsim_ports_create(struct objsim_dev *dev)
{
	struct devlink_port_attrs attrs = {
		.flavour = DEVLINK_PORT_FLAVOUR_PHYSICAL,
	};
	unsigned int i;
	int err;

	for (i = 0; i < OBJSIM_PORTS; i++) {
		struct objsim_port *port = &dev->ports[i];

		port->dev = dev;
		port->index = i;
		attrs.phys.port_number = i;
		devlink_port_attrs_set(&port->dl_port, &attrs);
		err = devl_port_register(dev->devlink, &port->dl_port, i);
		if (err) {
			objsim_ports_destroy(dev, i);
			return err;
		}
	}
	return 0;
}

int objsim_dev_probe(struct objsim_bus_dev *bus_dev)
{
	struct devlink *devlink;
	struct objsim_dev *dev;
	int err;

	devlink = devlink_alloc(&objsim_devlink_ops, sizeof(*dev),
				&bus_dev->dev);
	if (!devlink)
		return -ENOMEM;
	dev = devlink_priv(devlink);
	dev->bus_dev = bus_dev;
	dev->devlink = devlink;
	dev->selftest_flash_result = DEVLINK_SELFTEST_STATUS_PASS;
	dev->provision_delay_ms = 100;
	dev_set_drvdata(&bus_dev->dev, dev);

	devl_lock(devlink);
	err = objsim_ports_create(dev);
	if (err)
		goto err_unlock;
	err = objsim_sb_init(dev);
	if (err)
		goto err_ports;
	err = objsim_linecards_init(dev);
	if (err)
		goto err_sb;
	err = objsim_dpipe_init(dev);
	if (err)
		goto err_linecards;
	err = objsim_health_init(dev);
	if (err)
		goto err_dpipe;
	devl_unlock(devlink);

	/* port regions have no devl_ variant: it takes the lock itself */
	err = objsim_regions_init(dev);
	devl_lock(devlink);
	if (err)
		goto err_health;
	objsim_debugfs_init(dev);
	devl_register(devlink);
	devl_unlock(devlink);
	return 0;

err_health:
	objsim_health_fini(dev);
err_dpipe:
	objsim_dpipe_fini(dev);
err_linecards:
	objsim_linecards_fini(dev);
err_sb:
	objsim_sb_fini(dev);
err_ports:
	objsim_ports_destroy(dev, OBJSIM_PORTS);
err_unlock:
	devl_unlock(devlink);
	devlink_free(devlink);
	return err;
}

void objsim_dev_remove(struct objsim_bus_dev *bus_dev)
{
	struct objsim_dev *dev = dev_get_drvdata(&bus_dev->dev);
	struct devlink *devlink = dev->devlink;

	/*
	 * debugfs writers and work items take the devlink lock: remove the
	 * files and stop the work before holding it. Once unregistered, no
	 * devlink request can queue new work.
	 */
	debugfs_remove_recursive(dev->ddir);
	devl_lock(devlink);
	devl_unregister(devlink);
	devl_unlock(devlink);
	objsim_linecards_cancel(dev);
	objsim_health_cancel(dev);

	devl_lock(devlink);
	objsim_regions_fini(dev);
	objsim_health_fini(dev);
	objsim_dpipe_fini(dev);
	objsim_linecards_fini(dev);
	objsim_sb_fini(dev);
	objsim_ports_destroy(dev, OBJSIM_PORTS);
	devl_unlock(devlink);
	devlink_free(devlink);
}
