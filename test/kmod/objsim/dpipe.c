// SPDX-License-Identifier: GPL-2.0
/*
 * objsim: a dpipe pipeline of one table, objsim_host4 (IPv4 host routes:
 * match the destination IP, set the destination MAC), with a few fixed
 * entries. Each entry takes one unit of resource /host4.
 */
#include <linux/etherdevice.h>

#include "objsim.h"

struct objsim_host4_entry {
	u32 dip;		/* host byte order, as mlxsw reports it */
	u8 dmac[ETH_ALEN];
};

static const struct objsim_host4_entry objsim_host4_entries[] = {
	{ 0xc0000201, { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 } },	/* 192.0.2.1 */
	{ 0xc0000202, { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 } },	/* 192.0.2.2 */
	{ 0xc6336401, { 0x02, 0x00, 0x00, 0x00, 0x01, 0x01 } },	/* 198.51.100.1 */
};

#define OBJSIM_HOST4_ENTRIES	ARRAY_SIZE(objsim_host4_entries)

static struct devlink_dpipe_header *objsim_dpipe_header_list[] = {
	&devlink_dpipe_header_ethernet,
	&devlink_dpipe_header_ipv4,
};

static struct devlink_dpipe_headers objsim_dpipe_headers = {
	.headers = objsim_dpipe_header_list,
	.headers_count = ARRAY_SIZE(objsim_dpipe_header_list),
};

static struct devlink_dpipe_match objsim_host4_match = {
	.type = DEVLINK_DPIPE_MATCH_TYPE_FIELD_EXACT,
	.header = &devlink_dpipe_header_ipv4,
	.field_id = DEVLINK_DPIPE_FIELD_IPV4_DST_IP,
};

static struct devlink_dpipe_action objsim_host4_action = {
	.type = DEVLINK_DPIPE_ACTION_TYPE_FIELD_MODIFY,
	.header = &devlink_dpipe_header_ethernet,
	.field_id = DEVLINK_DPIPE_FIELD_ETHERNET_DST_MAC,
};

static int objsim_host4_matches_dump(void *priv, struct sk_buff *skb)
{
	return devlink_dpipe_match_put(skb, &objsim_host4_match);
}

static int objsim_host4_actions_dump(void *priv, struct sk_buff *skb)
{
	return devlink_dpipe_action_put(skb, &objsim_host4_action);
}

static int objsim_host4_entries_dump(void *priv, bool counters_enabled,
				     struct devlink_dpipe_dump_ctx *dump_ctx)
{
	unsigned int i;
	int err;

	err = devlink_dpipe_entry_ctx_prepare(dump_ctx);
	if (err)
		return err;
	for (i = 0; i < OBJSIM_HOST4_ENTRIES; i++) {
		const struct objsim_host4_entry *e = &objsim_host4_entries[i];
		u32 dip = e->dip;
		u8 dmac[ETH_ALEN];
		struct devlink_dpipe_value match_value = {
			.match = &objsim_host4_match,
			.value_size = sizeof(dip),
			.value = &dip,
		};
		struct devlink_dpipe_value action_value = {
			.action = &objsim_host4_action,
			.value_size = ETH_ALEN,
			.value = dmac,
		};
		struct devlink_dpipe_entry entry = {
			.index = i,
			.match_values = &match_value,
			.match_values_count = 1,
			.action_values = &action_value,
			.action_values_count = 1,
			.counter = 1000 * (i + 1),
			.counter_valid = counters_enabled,
		};

		ether_addr_copy(dmac, e->dmac);
		/* three small entries always fit in the first message */
		err = devlink_dpipe_entry_ctx_append(dump_ctx, &entry);
		if (err)
			return err;
	}
	return devlink_dpipe_entry_ctx_close(dump_ctx);
}

static int objsim_host4_counters_update(void *priv, bool enable)
{
	return 0;
}

static u64 objsim_host4_size_get(void *priv)
{
	return OBJSIM_HOST4_ENTRIES;
}

static const struct devlink_dpipe_table_ops objsim_host4_ops = {
	.matches_dump = objsim_host4_matches_dump,
	.actions_dump = objsim_host4_actions_dump,
	.entries_dump = objsim_host4_entries_dump,
	.counters_set_update = objsim_host4_counters_update,
	.size_get = objsim_host4_size_get,
};

static u64 objsim_host4_occ_get(void *priv)
{
	return OBJSIM_HOST4_ENTRIES;
}

int objsim_dpipe_init(struct objsim_dev *dev)
{
	struct devlink_resource_size_params params;
	struct devlink *devlink = dev->devlink;
	int err;

	devlink_resource_size_params_init(&params, OBJSIM_HOST4_SIZE_MIN,
					  OBJSIM_HOST4_SIZE_MAX, 1,
					  DEVLINK_RESOURCE_UNIT_ENTRY);
	err = devl_resource_register(devlink, "host4", OBJSIM_HOST4_SIZE,
				     OBJSIM_RES_HOST4,
				     DEVLINK_RESOURCE_ID_PARENT_TOP, &params);
	if (err)
		return err;
	devl_resource_occ_get_register(devlink, OBJSIM_RES_HOST4,
				       objsim_host4_occ_get, dev);

	devl_dpipe_headers_register(devlink, &objsim_dpipe_headers);
	err = devl_dpipe_table_register(devlink, OBJSIM_HOST4_TABLE,
					&objsim_host4_ops, dev, false);
	if (err)
		goto err_headers;
	err = devl_dpipe_table_resource_set(devlink, OBJSIM_HOST4_TABLE,
					    OBJSIM_RES_HOST4, 1);
	if (err)
		goto err_table;
	return 0;

err_table:
	devl_dpipe_table_unregister(devlink, OBJSIM_HOST4_TABLE);
err_headers:
	devl_dpipe_headers_unregister(devlink);
	devl_resources_unregister(devlink);
	return err;
}

void objsim_dpipe_fini(struct objsim_dev *dev)
{
	struct devlink *devlink = dev->devlink;

	devl_dpipe_table_unregister(devlink, OBJSIM_HOST4_TABLE);
	devl_dpipe_headers_unregister(devlink);
	devl_resources_unregister(devlink);
}
