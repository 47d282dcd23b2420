// SPDX-License-Identifier: GPL-2.0
/*
 * sfsim: rate objects - leaves of VF and SF ports and user-created nodes,
 * with tx_share, tx_max, tx_priority, tx_weight and parent. The devlink
 * core keeps the values; sfsim validates them.
 */
#include "sfsim.h"

static struct sfsim_dev *sfsim_rate_dev(struct devlink_rate *rate)
{
	return devlink_priv(rate->devlink);
}

static int sfsim_rate_check(struct devlink_rate *rate, u64 value,
			    struct netlink_ext_ack *extack)
{
	int err;

	err = sfsim_fault_check(sfsim_rate_dev(rate), SFSIM_FAULT_RATE_SET,
				extack);
	if (err)
		return err;
	if (value > SFSIM_LINK_BYTES_PER_SEC) {
		NL_SET_ERR_MSG_MOD(extack,
				   "TX rate exceeds the link speed of 100 Gbit/s");
		return -EINVAL;
	}
	return 0;
}

int sfsim_rate_tx_share_set(struct devlink_rate *rate, void *priv,
			    u64 tx_share, struct netlink_ext_ack *extack)
{
	int err;

	err = sfsim_rate_check(rate, tx_share, extack);
	if (err)
		return err;
	if (rate->tx_max && tx_share > rate->tx_max) {
		NL_SET_ERR_MSG_MOD(extack, "tx_share can't be above tx_max");
		return -EINVAL;
	}
	return 0;
}

int sfsim_rate_tx_max_set(struct devlink_rate *rate, void *priv,
			  u64 tx_max, struct netlink_ext_ack *extack)
{
	int err;

	err = sfsim_rate_check(rate, tx_max, extack);
	if (err)
		return err;
	if (tx_max && tx_max < rate->tx_share) {
		NL_SET_ERR_MSG_MOD(extack, "tx_max can't be below tx_share");
		return -EINVAL;
	}
	return 0;
}

int sfsim_rate_tx_priority_set(struct devlink_rate *rate, void *priv,
			       u32 tx_priority, struct netlink_ext_ack *extack)
{
	int err;

	err = sfsim_fault_check(sfsim_rate_dev(rate), SFSIM_FAULT_RATE_SET,
				extack);
	if (err)
		return err;
	if (tx_priority > SFSIM_TX_PRIORITY_MAX) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "tx_priority %u out of range 0-%u",
				       tx_priority, SFSIM_TX_PRIORITY_MAX);
		return -ERANGE;
	}
	return 0;
}

int sfsim_rate_tx_weight_set(struct devlink_rate *rate, void *priv,
			     u32 tx_weight, struct netlink_ext_ack *extack)
{
	int err;

	err = sfsim_fault_check(sfsim_rate_dev(rate), SFSIM_FAULT_RATE_SET,
				extack);
	if (err)
		return err;
	if (tx_weight > SFSIM_TX_WEIGHT_MAX) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "tx_weight %u out of range 0-%u",
				       tx_weight, SFSIM_TX_WEIGHT_MAX);
		return -ERANGE;
	}
	return 0;
}

int sfsim_rate_node_new(struct devlink_rate *node, void **priv,
			struct netlink_ext_ack *extack)
{
	struct sfsim_dev *dev = sfsim_rate_dev(node);
	int err;

	err = sfsim_fault_check(dev, SFSIM_FAULT_RATE_NODE_NEW, extack);
	if (err)
		return err;
	if (dev->eswitch_mode != DEVLINK_ESWITCH_MODE_SWITCHDEV) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Rate node creation supported only in switchdev mode");
		return -EOPNOTSUPP;
	}
	*priv = dev;
	return 0;
}

int sfsim_rate_node_del(struct devlink_rate *node, void *priv,
			struct netlink_ext_ack *extack)
{
	return sfsim_fault_check(sfsim_rate_dev(node),
				 SFSIM_FAULT_RATE_NODE_DEL, extack);
}

/*
 * Parent changes of leaves and nodes alike; @extack is NULL when the core
 * unparents on teardown.
 */
int sfsim_rate_parent_set(struct devlink_rate *child,
			  struct devlink_rate *parent,
			  void *priv_child, void *priv_parent,
			  struct netlink_ext_ack *extack)
{
	return sfsim_fault_check(sfsim_rate_dev(child), SFSIM_FAULT_RATE_SET,
				 extack);
}
