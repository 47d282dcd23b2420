// SPDX-License-Identifier: GPL-2.0
/*
 * sfsim: eswitch ports - creation and removal, and the devlink port_new /
 * port_del operations that add and remove SF ports.
 */
#include <linux/slab.h>

#include "sfsim.h"

static bool sfsim_controller_exists(struct sfsim_dev *dev, u32 controller)
{
	return controller == 0 ||
	       (controller == SFSIM_EXT_CONTROLLER && dev->bus_dev->external);
}

static struct sfsim_port *sfsim_sf_find(struct sfsim_dev *dev,
					u32 controller, u32 sfnum)
{
	struct sfsim_port *port;

	list_for_each_entry(port, &dev->ports, list)
		if (port->flavour == DEVLINK_PORT_FLAVOUR_PCI_SF &&
		    port->controller == controller && port->number == sfnum)
			return port;
	return NULL;
}

static unsigned int sfsim_port_index(struct sfsim_port *port)
{
	switch (port->flavour) {
	case DEVLINK_PORT_FLAVOUR_PHYSICAL:
		return SFSIM_PHYS_INDEX;
	case DEVLINK_PORT_FLAVOUR_PCI_VF:
		return 1 + port->number;
	case DEVLINK_PORT_FLAVOUR_PCI_SF:
		return port->controller << 16 |
		       (SFSIM_SF_INDEX_BASE + port->slot);
	default: /* PCI PF */
		return port->controller << 16;
	}
}

static const struct devlink_port_ops *
sfsim_port_ops(enum devlink_port_flavour flavour)
{
	switch (flavour) {
	case DEVLINK_PORT_FLAVOUR_PCI_PF:
		return &sfsim_pf_port_ops;
	case DEVLINK_PORT_FLAVOUR_PCI_VF:
		return &sfsim_vf_port_ops;
	case DEVLINK_PORT_FLAVOUR_PCI_SF:
		return &sfsim_sf_port_ops;
	default:
		return &sfsim_phys_port_ops;
	}
}

static void sfsim_port_attrs_set(struct sfsim_port *port)
{
	struct devlink_port *dl_port = &port->dl_port;
	struct devlink_port_attrs attrs = {};
	u32 id = port->dev->bus_dev->id;

	switch (port->flavour) {
	case DEVLINK_PORT_FLAVOUR_PHYSICAL:
		attrs.flavour = DEVLINK_PORT_FLAVOUR_PHYSICAL;
		attrs.phys.port_number = 0;
		attrs.switch_id.id_len = sizeof(id);
		memcpy(attrs.switch_id.id, &id, sizeof(id));
		devlink_port_attrs_set(dl_port, &attrs);
		break;
	case DEVLINK_PORT_FLAVOUR_PCI_PF:
		devlink_port_attrs_pci_pf_set(dl_port, port->controller, 0,
					      port->external);
		break;
	case DEVLINK_PORT_FLAVOUR_PCI_VF:
		devlink_port_attrs_pci_vf_set(dl_port, port->controller, 0,
					      port->number, port->external);
		break;
	default:
		devlink_port_attrs_pci_sf_set(dl_port, port->controller, 0,
					      port->number, port->external);
		break;
	}
}

/*
 * Create and register one eswitch port with its representor netdev and,
 * for VF and SF ports, its rate leaf. Called with the devlink lock held.
 */
int sfsim_port_create(struct sfsim_dev *dev, enum devlink_port_flavour flavour,
		      u32 controller, u32 number, bool external,
		      struct netlink_ext_ack *extack,
		      struct sfsim_port **out)
{
	struct sfsim_port *port;
	int err;

	port = kzalloc(sizeof(*port), GFP_KERNEL);
	if (!port)
		return -ENOMEM;
	port->dev = dev;
	port->flavour = flavour;
	port->controller = controller;
	port->number = number;
	port->external = external;
	port->max_io_eqs = SFSIM_MAX_IO_EQS_DEF;
	port->roce = true;
	port->state = DEVLINK_PORT_FN_STATE_INACTIVE;
	INIT_DELAYED_WORK(&port->work, sfsim_sf_work);

	if (flavour == DEVLINK_PORT_FLAVOUR_PCI_SF) {
		err = ida_alloc_max(&dev->sf_slots, SFSIM_SF_SLOTS - 1,
				    GFP_KERNEL);
		if (err < 0)
			goto err_free;
		port->slot = err;
	}

	sfsim_port_attrs_set(port);
	err = devl_port_register_with_ops(dev->devlink, &port->dl_port,
					  sfsim_port_index(port),
					  sfsim_port_ops(flavour));
	if (err)
		goto err_slot;

	if (flavour == DEVLINK_PORT_FLAVOUR_PCI_VF ||
	    flavour == DEVLINK_PORT_FLAVOUR_PCI_SF) {
		err = devl_rate_leaf_create(&port->dl_port, port, NULL);
		if (err)
			goto err_unregister;
	}

	port->rep = sfsim_netdev_create(&dev->bus_dev->dev, &port->dl_port,
					NULL, devlink_net(dev->devlink));
	if (IS_ERR(port->rep)) {
		err = PTR_ERR(port->rep);
		NL_SET_ERR_MSG_MOD(extack, "Failed to create the representor");
		goto err_rate;
	}

	list_add_tail(&port->list, &dev->ports);
	if (flavour == DEVLINK_PORT_FLAVOUR_PCI_SF)
		dev->num_sfs++;
	*out = port;
	return 0;

err_rate:
	devl_rate_leaf_destroy(&port->dl_port);
err_unregister:
	devl_port_unregister(&port->dl_port);
err_slot:
	if (flavour == DEVLINK_PORT_FLAVOUR_PCI_SF)
		ida_free(&dev->sf_slots, port->slot);
err_free:
	kfree(port);
	return err;
}

/*
 * Remove one port in whatever state it is: an attached SF is detached
 * first, then the rate leaf, the representor and the port go.
 */
void sfsim_port_destroy(struct sfsim_port *port)
{
	struct sfsim_dev *dev = port->dev;

	devl_assert_locked(dev->devlink);
	cancel_delayed_work_sync(&port->work);
	sfsim_sf_detach(port);

	list_del(&port->list);
	devl_rate_leaf_destroy(&port->dl_port);
	sfsim_netdev_destroy(port->rep);
	devl_port_unregister(&port->dl_port);
	if (port->flavour == DEVLINK_PORT_FLAVOUR_PCI_SF) {
		ida_free(&dev->sf_slots, port->slot);
		dev->num_sfs--;
	}
	kfree(port);
}

static int sfsim_port_new_check(struct sfsim_dev *dev,
				const struct devlink_port_new_attrs *attrs,
				struct netlink_ext_ack *extack)
{
	u32 controller = attrs->controller_valid ? attrs->controller : 0;

	if (attrs->flavour != DEVLINK_PORT_FLAVOUR_PCI_SF) {
		NL_SET_ERR_MSG_MOD(extack, "Driver supports only SF port addition");
		return -EOPNOTSUPP;
	}
	if (attrs->port_index_valid) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Driver does not support user defined port index assignment");
		return -EOPNOTSUPP;
	}
	if (!attrs->sfnum_valid) {
		NL_SET_ERR_MSG_MOD(extack,
				   "User must provide unique sfnum. Driver does not support auto assignment");
		return -EOPNOTSUPP;
	}
	if (!sfsim_controller_exists(dev, controller)) {
		NL_SET_ERR_MSG_MOD(extack, "Invalid controller number");
		return -EINVAL;
	}
	if (attrs->pfnum != 0) {
		NL_SET_ERR_MSG_MOD(extack, "Invalid pfnum supplied");
		return -ENODEV;
	}
	if (dev->eswitch_mode != DEVLINK_ESWITCH_MODE_SWITCHDEV) {
		NL_SET_ERR_MSG_MOD(extack,
				   "SF ports are only supported in eswitch switchdev mode.");
		return -EOPNOTSUPP;
	}
	if (sfsim_sf_find(dev, controller, attrs->sfnum)) {
		NL_SET_ERR_MSG_MOD(extack, "SF already exist. Choose different sfnum");
		return -EEXIST;
	}
	if (dev->num_sfs >= dev->max_sfs ||
	    dev->num_sfs >= SFSIM_SF_SLOTS) {
		NL_SET_ERR_MSG_MOD(extack, "SF limit of the device reached");
		return -ENOSPC;
	}
	return 0;
}

int sfsim_port_new(struct devlink *devlink,
		   const struct devlink_port_new_attrs *attrs,
		   struct netlink_ext_ack *extack,
		   struct devlink_port **dl_port)
{
	struct sfsim_dev *dev = devlink_priv(devlink);
	u32 controller = attrs->controller_valid ? attrs->controller : 0;
	struct sfsim_port *port;
	int err;

	err = sfsim_fault_check(dev, SFSIM_FAULT_PORT_NEW, extack);
	if (err)
		return err;
	err = sfsim_port_new_check(dev, attrs, extack);
	if (err)
		return err;
	err = sfsim_port_create(dev, DEVLINK_PORT_FLAVOUR_PCI_SF, controller,
				attrs->sfnum, controller != 0, extack, &port);
	if (err)
		return err;
	*dl_port = &port->dl_port;
	return 0;
}

int sfsim_port_del(struct devlink *devlink, struct devlink_port *dl_port,
		   struct netlink_ext_ack *extack)
{
	struct sfsim_port *port = container_of(dl_port, struct sfsim_port,
					       dl_port);
	int err;

	err = sfsim_fault_check(port->dev, SFSIM_FAULT_PORT_DEL, extack);
	if (err)
		return err;
	sfsim_port_destroy(port);
	return 0;
}
