// SPDX-License-Identifier: GPL-2.0
/*
 * sfsim: the SF's own devlink instance (auxiliary/sfsim.sf.<N>) - its
 * driverinit params enable_eth, enable_rdma and enable_vnet (as mlx5's SF
 * instance has), "devlink dev reload" (driver_reinit, into another network
 * namespace too), and its port and netdev, which exist while eth is
 * enabled. debugfs sfsim/sfsim.sf.<N>/{eth,rdma,vnet} tell what is in force.
 */
#include <linux/debugfs.h>

#include "sfsim.h"

/* devlink private data of an SF's own instance. */
struct sfsim_sf_priv {
	struct devlink_port dl_port;
	struct net_device *netdev;	/* NULL while eth is disabled */
	u8 mac[ETH_ALEN];		/* the function's hw_addr at probe */
	bool eth;			/* enable_eth, enable_rdma and */
	bool rdma;			/* enable_vnet as of the last load */
	bool vnet;
	struct dentry *ddir;
};

static const struct devlink_param sfsim_sf_params[] = {
	DEVLINK_PARAM_GENERIC(ENABLE_ETH, BIT(DEVLINK_PARAM_CMODE_DRIVERINIT),
			      NULL, NULL, NULL),
	DEVLINK_PARAM_GENERIC(ENABLE_RDMA, BIT(DEVLINK_PARAM_CMODE_DRIVERINIT),
			      NULL, NULL, NULL),
	DEVLINK_PARAM_GENERIC(ENABLE_VNET, BIT(DEVLINK_PARAM_CMODE_DRIVERINIT),
			      NULL, NULL, NULL),
};

static bool sfsim_sf_param(struct devlink *devlink, u32 id)
{
	union devlink_param_value val;

	return devl_param_driverinit_value_get(devlink, id, &val) ||
	       val.vbool;
}

/* Bring the SF's functions up as its driverinit params say. */
static int sfsim_sf_load(struct devlink *devlink)
{
	struct sfsim_sf_priv *priv = devlink_priv(devlink);
	struct devlink_port_attrs attrs = {};
	int err;

	priv->eth = sfsim_sf_param(devlink, DEVLINK_PARAM_GENERIC_ID_ENABLE_ETH);
	priv->rdma = sfsim_sf_param(devlink,
				    DEVLINK_PARAM_GENERIC_ID_ENABLE_RDMA);
	priv->vnet = sfsim_sf_param(devlink,
				    DEVLINK_PARAM_GENERIC_ID_ENABLE_VNET);
	if (!priv->eth)
		return 0;

	attrs.flavour = DEVLINK_PORT_FLAVOUR_VIRTUAL;
	devlink_port_attrs_set(&priv->dl_port, &attrs);
	err = devl_port_register(devlink, &priv->dl_port, 0);
	if (err)
		return err;
	priv->netdev = sfsim_netdev_create(devlink_to_dev(devlink),
					   &priv->dl_port, priv->mac,
					   devlink_net(devlink));
	if (IS_ERR(priv->netdev)) {
		err = PTR_ERR(priv->netdev);
		priv->netdev = NULL;
		devl_port_unregister(&priv->dl_port);
		return err;
	}
	return 0;
}

static void sfsim_sf_unload(struct devlink *devlink)
{
	struct sfsim_sf_priv *priv = devlink_priv(devlink);

	if (!priv->netdev)
		return;
	sfsim_netdev_destroy(priv->netdev);
	priv->netdev = NULL;
	devl_port_unregister(&priv->dl_port);
}

static int sfsim_sf_reload_down(struct devlink *devlink, bool netns_change,
				enum devlink_reload_action action,
				enum devlink_reload_limit limit,
				struct netlink_ext_ack *extack)
{
	sfsim_sf_unload(devlink);
	return 0;
}

static int sfsim_sf_reload_up(struct devlink *devlink,
			      enum devlink_reload_action action,
			      enum devlink_reload_limit limit,
			      u32 *actions_performed,
			      struct netlink_ext_ack *extack)
{
	int err;

	*actions_performed = BIT(action);
	err = sfsim_sf_load(devlink);
	if (err)
		NL_SET_ERR_MSG_MOD(extack, "Failed to load the SF");
	return err;
}

const struct devlink_ops sfsim_sf_devlink_ops = {
	.reload_actions = BIT(DEVLINK_RELOAD_ACTION_DRIVER_REINIT),
	.reload_down = sfsim_sf_reload_down,
	.reload_up = sfsim_sf_reload_up,
};

/*
 * Set up an allocated, locked, not yet registered SF instance: params with
 * their defaults (all enabled), port and netdev (address @mac, random if
 * zero), debugfs.
 */
int sfsim_sf_devlink_init(struct devlink *devlink, const u8 *mac)
{
	struct sfsim_sf_priv *priv = devlink_priv(devlink);
	union devlink_param_value on = { .vbool = true };
	int err;

	ether_addr_copy(priv->mac, mac);
	err = devl_params_register(devlink, sfsim_sf_params,
				   ARRAY_SIZE(sfsim_sf_params));
	if (err)
		return err;
	devl_param_driverinit_value_set(devlink,
					DEVLINK_PARAM_GENERIC_ID_ENABLE_ETH, on);
	devl_param_driverinit_value_set(devlink,
					DEVLINK_PARAM_GENERIC_ID_ENABLE_RDMA, on);
	devl_param_driverinit_value_set(devlink,
					DEVLINK_PARAM_GENERIC_ID_ENABLE_VNET, on);
	err = sfsim_sf_load(devlink);
	if (err) {
		devl_params_unregister(devlink, sfsim_sf_params,
				       ARRAY_SIZE(sfsim_sf_params));
		return err;
	}
	priv->ddir = debugfs_create_dir(dev_name(devlink_to_dev(devlink)),
					sfsim_ddir);
	debugfs_create_bool("eth", 0400, priv->ddir, &priv->eth);
	debugfs_create_bool("rdma", 0400, priv->ddir, &priv->rdma);
	debugfs_create_bool("vnet", 0400, priv->ddir, &priv->vnet);
	return 0;
}

/* Undo sfsim_sf_devlink_init(); called with the instance locked. */
void sfsim_sf_devlink_fini(struct devlink *devlink)
{
	struct sfsim_sf_priv *priv = devlink_priv(devlink);

	debugfs_remove_recursive(priv->ddir);
	sfsim_sf_unload(devlink);
	devl_params_unregister(devlink, sfsim_sf_params,
			       ARRAY_SIZE(sfsim_sf_params));
}

size_t sfsim_sf_priv_size(void)
{
	return sizeof(struct sfsim_sf_priv);
}
