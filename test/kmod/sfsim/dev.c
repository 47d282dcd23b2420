// SPDX-License-Identifier: GPL-2.0
/*
 * sfsim: one simulated device - its devlink instance, eswitch mode, fixed
 * ports (physical, PF, VFs, external PF), loading and unloading them (probe,
 * reload, firmware reset) and debugfs knobs.
 */
#include <linux/debugfs.h>
#include <linux/slab.h>

#include "sfsim.h"

static int sfsim_eswitch_mode_get(struct devlink *devlink, u16 *mode)
{
	struct sfsim_dev *dev = devlink_priv(devlink);

	*mode = dev->eswitch_mode;
	return 0;
}

static int sfsim_eswitch_mode_set(struct devlink *devlink, u16 mode,
				  struct netlink_ext_ack *extack)
{
	struct sfsim_dev *dev = devlink_priv(devlink);
	int err;

	err = sfsim_fault_check(dev, SFSIM_FAULT_ESWITCH_SET, extack);
	if (err)
		return err;
	if (mode == dev->eswitch_mode)
		return 0;
	if (mode == DEVLINK_ESWITCH_MODE_LEGACY && dev->num_sfs) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Can't change eswitch mode to legacy while SF ports exist");
		return -EBUSY;
	}
	dev->eswitch_mode = mode;
	return 0;
}

static const struct devlink_ops sfsim_devlink_ops = {
	.eswitch_mode_get = sfsim_eswitch_mode_get,
	.eswitch_mode_set = sfsim_eswitch_mode_set,
	.info_get = sfsim_info_get,
	.reload_actions = BIT(DEVLINK_RELOAD_ACTION_DRIVER_REINIT) |
			  BIT(DEVLINK_RELOAD_ACTION_FW_ACTIVATE),
	.reload_limits = BIT(DEVLINK_RELOAD_LIMIT_NO_RESET),
	.reload_down = sfsim_reload_down,
	.reload_up = sfsim_reload_up,
	.port_new = sfsim_port_new,
	.rate_leaf_tx_share_set = sfsim_rate_tx_share_set,
	.rate_leaf_tx_max_set = sfsim_rate_tx_max_set,
	.rate_leaf_tx_priority_set = sfsim_rate_tx_priority_set,
	.rate_leaf_tx_weight_set = sfsim_rate_tx_weight_set,
	.rate_node_tx_share_set = sfsim_rate_tx_share_set,
	.rate_node_tx_max_set = sfsim_rate_tx_max_set,
	.rate_node_tx_priority_set = sfsim_rate_tx_priority_set,
	.rate_node_tx_weight_set = sfsim_rate_tx_weight_set,
	.rate_node_new = sfsim_rate_node_new,
	.rate_node_del = sfsim_rate_node_del,
	.rate_leaf_parent_set = sfsim_rate_parent_set,
	.rate_node_parent_set = sfsim_rate_parent_set,
};

static void sfsim_debugfs_init(struct sfsim_dev *dev)
{
	dev->ddir = debugfs_create_dir(dev_name(&dev->bus_dev->dev),
				       sfsim_ddir);
	debugfs_create_u32("max_sfs", 0600, dev->ddir, &dev->max_sfs);
	debugfs_create_u32("attach_delay_ms", 0600, dev->ddir,
			   &dev->attach_delay_ms);
	debugfs_create_u32("detach_delay_ms", 0600, dev->ddir,
			   &dev->detach_delay_ms);
	debugfs_create_bool("stall_attach", 0600, dev->ddir,
			    &dev->stall_attach);
	debugfs_create_bool("roce_active", 0400, dev->ddir, &dev->roce_active);
	sfsim_fault_debugfs_init(dev);
	sfsim_info_debugfs_init(dev);
	sfsim_reset_debugfs_init(dev);
	sfsim_health_debugfs_init(dev);
}

static void sfsim_ports_destroy(struct sfsim_dev *dev)
{
	struct sfsim_port *port, *tmp;

	/* Unparent leaves and drop nodes before the leaves go away. */
	devl_rate_nodes_destroy(dev->devlink);
	list_for_each_entry_safe_reverse(port, tmp, &dev->ports, list)
		sfsim_port_destroy(port);
}

static int sfsim_ports_create(struct sfsim_dev *dev)
{
	struct sfsim_bus_dev *bus_dev = dev->bus_dev;
	struct sfsim_port *port;
	unsigned int vf;
	int err;

	err = sfsim_port_create(dev, DEVLINK_PORT_FLAVOUR_PHYSICAL, 0, 0,
				false, NULL, &port);
	if (err)
		return err;
	err = sfsim_port_create(dev, DEVLINK_PORT_FLAVOUR_PCI_PF, 0, 0,
				false, NULL, &port);
	if (err)
		return err;
	for (vf = 0; vf < bus_dev->num_vfs; vf++) {
		err = sfsim_port_create(dev, DEVLINK_PORT_FLAVOUR_PCI_VF, 0, vf,
					false, NULL, &port);
		if (err)
			return err;
	}
	if (bus_dev->external)
		err = sfsim_port_create(dev, DEVLINK_PORT_FLAVOUR_PCI_PF,
					SFSIM_EXT_CONTROLLER, 0, true, NULL,
					&port);
	return err;
}

/*
 * Tear the eswitch down as a driver unload does: rate nodes, every port
 * (SFs with their instances), back to legacy mode. Called with the devlink
 * lock held.
 */
void sfsim_dev_unload(struct sfsim_dev *dev)
{
	sfsim_ports_destroy(dev);
	dev->eswitch_mode = DEVLINK_ESWITCH_MODE_LEGACY;
}

/* Bring the eswitch up in legacy mode with the driverinit params in force. */
int sfsim_dev_load(struct sfsim_dev *dev)
{
	int err;

	sfsim_params_driverinit_apply(dev);
	err = sfsim_ports_create(dev);
	if (err)
		sfsim_ports_destroy(dev);
	return err;
}

int sfsim_dev_probe(struct sfsim_bus_dev *bus_dev)
{
	struct devlink *devlink;
	struct sfsim_dev *dev;
	int err;

	devlink = devlink_alloc(&sfsim_devlink_ops, sizeof(*dev),
				&bus_dev->dev);
	if (!devlink)
		return -ENOMEM;
	dev = devlink_priv(devlink);
	dev->bus_dev = bus_dev;
	dev->devlink = devlink;
	dev->eswitch_mode = DEVLINK_ESWITCH_MODE_LEGACY;
	INIT_LIST_HEAD(&dev->ports);
	ida_init(&dev->sf_slots);
	mutex_init(&dev->fault_lock);
	dev->max_sfs = SFSIM_DEFAULT_MAX_SFS;
	dev->attach_delay_ms = 100;
	dev->detach_delay_ms = 50;
	dev_set_drvdata(&bus_dev->dev, dev);

	devl_lock(devlink);
	err = sfsim_params_register(dev);
	if (err)
		goto err_unlock;
	err = sfsim_health_create(dev);
	if (err)
		goto err_params;
	err = sfsim_dev_load(dev);
	if (err)
		goto err_health;
	sfsim_debugfs_init(dev);
	devl_register(devlink);
	devl_unlock(devlink);
	return 0;

err_health:
	sfsim_health_destroy(dev);
err_params:
	sfsim_params_unregister(dev);
err_unlock:
	devl_unlock(devlink);
	mutex_destroy(&dev->fault_lock);
	ida_destroy(&dev->sf_slots);
	devlink_free(devlink);
	return err;
}

void sfsim_dev_remove(struct sfsim_bus_dev *bus_dev)
{
	struct sfsim_dev *dev = dev_get_drvdata(&bus_dev->dev);
	struct devlink *devlink = dev->devlink;

	/* before the lock: the reset and health knobs take it */
	debugfs_remove_recursive(dev->ddir);
	devl_lock(devlink);
	devl_unregister(devlink);
	sfsim_dev_unload(dev);
	sfsim_health_destroy(dev);
	sfsim_params_unregister(dev);
	devl_unlock(devlink);
	mutex_destroy(&dev->fault_lock);
	ida_destroy(&dev->sf_slots);
	devlink_free(devlink);
}
