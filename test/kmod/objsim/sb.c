// SPDX-License-Identifier: GPL-2.0
/*
 * objsim: shared buffers. Pool indexes count ingress pools first, then
 * egress pools (as the devlink core does). Thresholds are bytes for static
 * pools and an alpha index OBJSIM_DYN_TH_MIN..OBJSIM_DYN_TH_MAX for dynamic
 * ones.
 */
#include "objsim.h"

struct objsim_sb_desc {
	u32 size;
	u16 pools[OBJSIM_SB_DIRS];	/* ingress, egress */
	u16 tcs[OBJSIM_SB_DIRS];
	u32 pool_size[OBJSIM_SB_MAX_POOLS];
};

/* Pool 7 of sb 0 (the last egress pool) is fixed: static, 96000 bytes. */
#define OBJSIM_FIXED_SB		0
#define OBJSIM_FIXED_POOL	7

static const struct objsim_sb_desc objsim_sbs[OBJSIM_SBS] = {
	{
		.size = 12000000,
		.pools = { 4, 4 },
		.tcs = { 8, 8 },
		.pool_size = { 6000000, 3000000, 960000, 0,
			       6000000, 3000000, 960000, 96000 },
	},
	{
		.size = 3000000,
		.pools = { 2, 2 },
		.tcs = { 8, 8 },
		.pool_size = { 1500000, 960000, 1500000, 960000 },
	},
};

static const char * const objsim_dir_names[OBJSIM_SB_DIRS] = {
	[DEVLINK_SB_POOL_TYPE_INGRESS] = "ingress",
	[DEVLINK_SB_POOL_TYPE_EGRESS] = "egress",
};

static struct objsim_dev *objsim_port_dev(struct devlink_port *dl_port)
{
	return devlink_priv(dl_port->devlink);
}

static struct objsim_port *objsim_port(struct devlink_port *dl_port)
{
	return container_of(dl_port, struct objsim_port, dl_port);
}

static u16 objsim_sb_pool_count(unsigned int sb_index)
{
	const struct objsim_sb_desc *desc = &objsim_sbs[sb_index];

	return desc->pools[0] + desc->pools[1];
}

/* The core checks indexes against the registered counts; this is a guard. */
static bool objsim_sb_valid(unsigned int sb_index, u16 pool_index)
{
	return sb_index < OBJSIM_SBS &&
	       pool_index < objsim_sb_pool_count(sb_index);
}

static u32 objsim_th_default(const struct objsim_sb_pool *pool)
{
	if (pool->th_type == DEVLINK_SB_THRESHOLD_TYPE_DYNAMIC)
		return OBJSIM_DYN_TH_DEFAULT;
	return pool->size;
}

static int objsim_th_check(unsigned int sb_index,
			   const struct objsim_sb_pool *pool, u32 threshold,
			   struct netlink_ext_ack *extack)
{
	if (pool->th_type == DEVLINK_SB_THRESHOLD_TYPE_DYNAMIC) {
		if (threshold < OBJSIM_DYN_TH_MIN ||
		    threshold > OBJSIM_DYN_TH_MAX) {
			NL_SET_ERR_MSG_FMT_MOD(extack,
					       "Dynamic threshold %u out of range %u-%u",
					       threshold, OBJSIM_DYN_TH_MIN,
					       OBJSIM_DYN_TH_MAX);
			return -EINVAL;
		}
		return 0;
	}
	if (threshold > objsim_sbs[sb_index].size) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "Static threshold %u exceeds shared buffer size %u",
				       threshold, objsim_sbs[sb_index].size);
		return -EINVAL;
	}
	return 0;
}

/* Thresholds that refer to @pool_index go back to its type's default. */
static void objsim_sb_pool_th_reset(struct objsim_dev *dev,
				    unsigned int sb_index, u16 pool_index)
{
	const struct objsim_sb_pool *pool = &dev->pools[sb_index][pool_index];
	unsigned int p, dir, tc;

	for (p = 0; p < OBJSIM_PORTS; p++) {
		struct objsim_port_sb *psb = &dev->ports[p].sb[sb_index];

		psb->pool_th[pool_index] = objsim_th_default(pool);
		for (dir = 0; dir < OBJSIM_SB_DIRS; dir++)
			for (tc = 0; tc < OBJSIM_SB_MAX_TCS; tc++)
				if (psb->tc[dir][tc].pool == pool_index)
					psb->tc[dir][tc].threshold =
						objsim_th_default(pool);
	}
}

static void objsim_sb_defaults(struct objsim_dev *dev, unsigned int sb_index)
{
	const struct objsim_sb_desc *desc = &objsim_sbs[sb_index];
	u16 first_pool[OBJSIM_SB_DIRS] = { 0, desc->pools[0] };
	unsigned int i, p, dir, tc;

	for (i = 0; i < objsim_sb_pool_count(sb_index); i++) {
		struct objsim_sb_pool *pool = &dev->pools[sb_index][i];

		pool->type = i < desc->pools[0] ? DEVLINK_SB_POOL_TYPE_INGRESS :
						  DEVLINK_SB_POOL_TYPE_EGRESS;
		pool->size = desc->pool_size[i];
		pool->fixed = sb_index == OBJSIM_FIXED_SB &&
			      i == OBJSIM_FIXED_POOL;
		pool->th_type = pool->fixed ? DEVLINK_SB_THRESHOLD_TYPE_STATIC :
					      DEVLINK_SB_THRESHOLD_TYPE_DYNAMIC;
	}
	for (p = 0; p < OBJSIM_PORTS; p++) {
		struct objsim_port_sb *psb = &dev->ports[p].sb[sb_index];

		for (i = 0; i < objsim_sb_pool_count(sb_index); i++)
			psb->pool_th[i] =
				objsim_th_default(&dev->pools[sb_index][i]);
		for (dir = 0; dir < OBJSIM_SB_DIRS; dir++) {
			for (tc = 0; tc < desc->tcs[dir]; tc++) {
				psb->tc[dir][tc].pool = first_pool[dir];
				psb->tc[dir][tc].threshold =
					OBJSIM_DYN_TH_DEFAULT;
			}
		}
	}
}

int objsim_sb_init(struct objsim_dev *dev)
{
	unsigned int i;
	int err;

	for (i = 0; i < OBJSIM_SBS; i++) {
		const struct objsim_sb_desc *desc = &objsim_sbs[i];

		objsim_sb_defaults(dev, i);
		err = devl_sb_register(dev->devlink, i, desc->size,
				       desc->pools[0], desc->pools[1],
				       desc->tcs[0], desc->tcs[1]);
		if (err)
			goto err_unregister;
	}
	return 0;

err_unregister:
	while (i--)
		devl_sb_unregister(dev->devlink, i);
	return err;
}

void objsim_sb_fini(struct objsim_dev *dev)
{
	unsigned int i;

	for (i = 0; i < OBJSIM_SBS; i++)
		devl_sb_unregister(dev->devlink, i);
}

int objsim_sb_pool_get(struct devlink *devlink, unsigned int sb_index,
		       u16 pool_index, struct devlink_sb_pool_info *info)
{
	struct objsim_dev *dev = devlink_priv(devlink);
	const struct objsim_sb_pool *pool;

	if (!objsim_sb_valid(sb_index, pool_index))
		return -EINVAL;
	pool = &dev->pools[sb_index][pool_index];
	info->pool_type = pool->type;
	info->size = pool->size;
	info->threshold_type = pool->th_type;
	info->cell_size = OBJSIM_SB_CELL_SIZE;
	return 0;
}

int objsim_sb_pool_set(struct devlink *devlink, unsigned int sb_index,
		       u16 pool_index, u32 size,
		       enum devlink_sb_threshold_type th_type,
		       struct netlink_ext_ack *extack)
{
	struct objsim_dev *dev = devlink_priv(devlink);
	struct objsim_sb_pool *pool;

	if (!objsim_sb_valid(sb_index, pool_index))
		return -EINVAL;
	pool = &dev->pools[sb_index][pool_index];
	if (size > objsim_sbs[sb_index].size) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "Pool size %u exceeds shared buffer size %u",
				       size, objsim_sbs[sb_index].size);
		return -EINVAL;
	}
	if (pool->fixed && th_type != pool->th_type) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "Pool %u is reserved, its threshold type cannot change",
				       pool_index);
		return -EINVAL;
	}
	if (pool->fixed && size != pool->size) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "Pool %u is reserved, its size cannot change",
				       pool_index);
		return -EINVAL;
	}
	pool->size = size;
	if (th_type != pool->th_type) {
		pool->th_type = th_type;
		objsim_sb_pool_th_reset(dev, sb_index, pool_index);
	}
	return 0;
}

int objsim_sb_port_pool_get(struct devlink_port *dl_port,
			    unsigned int sb_index, u16 pool_index,
			    u32 *p_threshold)
{
	if (!objsim_sb_valid(sb_index, pool_index))
		return -EINVAL;
	*p_threshold = objsim_port(dl_port)->sb[sb_index].pool_th[pool_index];
	return 0;
}

int objsim_sb_port_pool_set(struct devlink_port *dl_port,
			    unsigned int sb_index, u16 pool_index,
			    u32 threshold, struct netlink_ext_ack *extack)
{
	struct objsim_dev *dev = objsim_port_dev(dl_port);
	int err;

	if (!objsim_sb_valid(sb_index, pool_index))
		return -EINVAL;
	err = objsim_th_check(sb_index, &dev->pools[sb_index][pool_index],
			      threshold, extack);
	if (err)
		return err;
	objsim_port(dl_port)->sb[sb_index].pool_th[pool_index] = threshold;
	return 0;
}

static bool objsim_tc_valid(unsigned int sb_index, u16 tc_index,
			    enum devlink_sb_pool_type dir)
{
	return sb_index < OBJSIM_SBS && dir < OBJSIM_SB_DIRS &&
	       tc_index < objsim_sbs[sb_index].tcs[dir];
}

int objsim_sb_tc_pool_bind_get(struct devlink_port *dl_port,
			       unsigned int sb_index, u16 tc_index,
			       enum devlink_sb_pool_type pool_type,
			       u16 *p_pool_index, u32 *p_threshold)
{
	const struct objsim_tc_bind *bind;

	if (!objsim_tc_valid(sb_index, tc_index, pool_type))
		return -EINVAL;
	bind = &objsim_port(dl_port)->sb[sb_index].tc[pool_type][tc_index];
	*p_pool_index = bind->pool;
	*p_threshold = bind->threshold;
	return 0;
}

int objsim_sb_tc_pool_bind_set(struct devlink_port *dl_port,
			       unsigned int sb_index, u16 tc_index,
			       enum devlink_sb_pool_type pool_type,
			       u16 pool_index, u32 threshold,
			       struct netlink_ext_ack *extack)
{
	struct objsim_dev *dev = objsim_port_dev(dl_port);
	const struct objsim_sb_pool *pool;
	struct objsim_tc_bind *bind;
	int err;

	if (!objsim_tc_valid(sb_index, tc_index, pool_type) ||
	    !objsim_sb_valid(sb_index, pool_index))
		return -EINVAL;
	pool = &dev->pools[sb_index][pool_index];
	if (pool->type != pool_type) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "Cannot bind %s TC %u to %s pool %u",
				       objsim_dir_names[pool_type], tc_index,
				       objsim_dir_names[pool->type], pool_index);
		return -EINVAL;
	}
	if (pool->fixed) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "Pool %u is reserved, TCs cannot be bound to it",
				       pool_index);
		return -EINVAL;
	}
	err = objsim_th_check(sb_index, pool, threshold, extack);
	if (err)
		return err;
	bind = &objsim_port(dl_port)->sb[sb_index].tc[pool_type][tc_index];
	bind->pool = pool_index;
	bind->threshold = threshold;
	return 0;
}

/*
 * Occupancy is simulated: a snapshot records fixed, distinct values per
 * port, pool and TC (multiples of the cell size), max twice cur.
 */
int objsim_sb_occ_snapshot(struct devlink *devlink, unsigned int sb_index)
{
	struct objsim_dev *dev = devlink_priv(devlink);
	unsigned int p, i, dir;

	if (sb_index >= OBJSIM_SBS)
		return -EINVAL;
	for (p = 0; p < OBJSIM_PORTS; p++) {
		struct objsim_port_sb *psb = &dev->ports[p].sb[sb_index];

		for (i = 0; i < objsim_sb_pool_count(sb_index); i++) {
			psb->pool_occ[i].cur = OBJSIM_SB_CELL_SIZE *
					       (100 * (p + 1) + 10 * sb_index + i);
			psb->pool_occ[i].max = 2 * psb->pool_occ[i].cur;
		}
		for (dir = 0; dir < OBJSIM_SB_DIRS; dir++) {
			for (i = 0; i < objsim_sbs[sb_index].tcs[dir]; i++) {
				struct objsim_occ *occ = &psb->tc_occ[dir][i];

				occ->cur = OBJSIM_SB_CELL_SIZE *
					   (1000 * (p + 1) + 100 * dir +
					    10 * sb_index + i);
				occ->max = 2 * occ->cur;
			}
		}
	}
	return 0;
}

int objsim_sb_occ_max_clear(struct devlink *devlink, unsigned int sb_index)
{
	struct objsim_dev *dev = devlink_priv(devlink);
	unsigned int p, i, dir;

	if (sb_index >= OBJSIM_SBS)
		return -EINVAL;
	for (p = 0; p < OBJSIM_PORTS; p++) {
		struct objsim_port_sb *psb = &dev->ports[p].sb[sb_index];

		for (i = 0; i < OBJSIM_SB_MAX_POOLS; i++)
			psb->pool_occ[i].max = 0;
		for (dir = 0; dir < OBJSIM_SB_DIRS; dir++)
			for (i = 0; i < OBJSIM_SB_MAX_TCS; i++)
				psb->tc_occ[dir][i].max = 0;
	}
	return 0;
}

int objsim_sb_occ_port_pool_get(struct devlink_port *dl_port,
				unsigned int sb_index, u16 pool_index,
				u32 *p_cur, u32 *p_max)
{
	const struct objsim_occ *occ;

	if (!objsim_sb_valid(sb_index, pool_index))
		return -EINVAL;
	occ = &objsim_port(dl_port)->sb[sb_index].pool_occ[pool_index];
	*p_cur = occ->cur;
	*p_max = occ->max;
	return 0;
}

int objsim_sb_occ_tc_port_bind_get(struct devlink_port *dl_port,
				   unsigned int sb_index, u16 tc_index,
				   enum devlink_sb_pool_type pool_type,
				   u32 *p_cur, u32 *p_max)
{
	const struct objsim_occ *occ;

	if (!objsim_tc_valid(sb_index, tc_index, pool_type))
		return -EINVAL;
	occ = &objsim_port(dl_port)->sb[sb_index].tc_occ[pool_type][tc_index];
	*p_cur = occ->cur;
	*p_max = occ->max;
	return 0;
}
