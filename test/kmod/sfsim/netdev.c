// SPDX-License-Identifier: GPL-2.0
/*
 * sfsim: a minimal Ethernet netdev that drops what it is given; used as
 * the representor of every eswitch port and as the SF's own netdev.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>

#include "sfsim.h"

static netdev_tx_t sfsim_netdev_xmit(struct sk_buff *skb,
				     struct net_device *netdev)
{
	dev_core_stats_tx_dropped_inc(netdev);
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops sfsim_netdev_ops = {
	.ndo_start_xmit = sfsim_netdev_xmit,
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_validate_addr = eth_validate_addr,
};

/*
 * Register a netdev in @net linked to @dl_port (the devlink core then
 * reports the port as type eth with this netdev). @mac may be all zeros for
 * a random address. @net is the devlink instance's namespace, which is
 * where a reload into another namespace puts the instance's netdevs.
 */
struct net_device *sfsim_netdev_create(struct device *parent,
				       struct devlink_port *dl_port,
				       const u8 *mac, struct net *net)
{
	struct net_device *netdev;
	int err;

	netdev = alloc_etherdev(0);
	if (!netdev)
		return ERR_PTR(-ENOMEM);
	netdev->netdev_ops = &sfsim_netdev_ops;
	netdev->priv_flags |= IFF_NO_QUEUE;
	netdev->lltx = true;
	SET_NETDEV_DEV(netdev, parent);
	dev_net_set(netdev, net);
	SET_NETDEV_DEVLINK_PORT(netdev, dl_port);
	if (mac && !is_zero_ether_addr(mac))
		eth_hw_addr_set(netdev, mac);
	else
		eth_hw_addr_random(netdev);

	err = register_netdev(netdev);
	if (err) {
		free_netdev(netdev);
		return ERR_PTR(err);
	}
	return netdev;
}

void sfsim_netdev_destroy(struct net_device *netdev)
{
	unregister_netdev(netdev);
	free_netdev(netdev);
}
