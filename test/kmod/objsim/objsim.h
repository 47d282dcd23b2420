/* SPDX-License-Identifier: GPL-2.0 */
/*
 * objsim - a simulated devlink device exposing the devlink objects that
 * netdevsim and sfsim lack (shared buffers, line cards, selftests, dpipe,
 * per-port health reporters and regions) for testing user space tooling.
 */
#ifndef _OBJSIM_H
#define _OBJSIM_H

#include <linux/auxiliary_bus.h>
#include <linux/device.h>
#include <linux/workqueue.h>
#include <net/devlink.h>

#define OBJSIM_PORTS		2
#define OBJSIM_LINECARDS	4	/* indexes 1..OBJSIM_LINECARDS */

#define OBJSIM_SBS		2
#define OBJSIM_SB_MAX_POOLS	8	/* ingress + egress */
#define OBJSIM_SB_MAX_TCS	8	/* per direction */
#define OBJSIM_SB_CELL_SIZE	96
#define OBJSIM_SB_DIRS		2	/* enum devlink_sb_pool_type */
#define OBJSIM_DYN_TH_MIN	1
#define OBJSIM_DYN_TH_MAX	14
#define OBJSIM_DYN_TH_DEFAULT	10

#define OBJSIM_RES_HOST4	1
#define OBJSIM_HOST4_SIZE	64
#define OBJSIM_HOST4_SIZE_MIN	0
#define OBJSIM_HOST4_SIZE_MAX	256
#define OBJSIM_HOST4_TABLE	"objsim_host4"

#define OBJSIM_REGION_SIZE	256
#define OBJSIM_REGION_SNAPSHOTS	4

/* A device on the "objsim" bus, created through /sys/bus/objsim/new_device. */
struct objsim_bus_dev {
	struct device dev;
	struct list_head list;
	unsigned int id;
};

struct objsim_sb_pool {
	enum devlink_sb_pool_type type;
	enum devlink_sb_threshold_type th_type;
	u32 size;
	bool fixed;	/* size and threshold type cannot change */
};

struct objsim_occ {
	u32 cur;
	u32 max;
};

struct objsim_tc_bind {
	u16 pool;
	u32 threshold;
};

/* Shared buffer state of one port. */
struct objsim_port_sb {
	u32 pool_th[OBJSIM_SB_MAX_POOLS];
	struct objsim_occ pool_occ[OBJSIM_SB_MAX_POOLS];
	struct objsim_tc_bind tc[OBJSIM_SB_DIRS][OBJSIM_SB_MAX_TCS];
	struct objsim_occ tc_occ[OBJSIM_SB_DIRS][OBJSIM_SB_MAX_TCS];
};

struct objsim_dev;

struct objsim_port {
	struct devlink_port dl_port;
	struct objsim_dev *dev;
	unsigned int index;
	struct objsim_port_sb sb[OBJSIM_SBS];
	struct devlink_health_reporter *reporter;
	struct work_struct report_work;
	u64 fw_events;		/* health test requests */
	struct devlink_region *region;
};

enum objsim_lc_state {
	OBJSIM_LC_UNPROVISIONED,
	OBJSIM_LC_PROVISIONING,
	OBJSIM_LC_PROVISIONED,
	OBJSIM_LC_ACTIVE,
	OBJSIM_LC_FAILED,
};

struct objsim_linecard {
	struct objsim_dev *dev;
	struct devlink_linecard *dl_lc;
	unsigned int index;
	enum objsim_lc_state state;	/* protected by the devlink lock */
	const char *type;
	bool fail_provision;
	struct delayed_work provision_work;
	struct auxiliary_device *adev;	/* while active: the card's device */
};

/* devlink private data of one simulated device. */
struct objsim_dev {
	struct objsim_bus_dev *bus_dev;
	struct devlink *devlink;
	struct dentry *ddir;
	struct objsim_port ports[OBJSIM_PORTS];
	struct objsim_sb_pool pools[OBJSIM_SBS][OBJSIM_SB_MAX_POOLS];
	struct objsim_linecard linecards[OBJSIM_LINECARDS];
	enum devlink_selftest_status selftest_flash_result;
	u32 provision_delay_ms;
	struct devlink_region *region;	/* device region "dev_cfg" */
};

extern struct workqueue_struct *objsim_wq;
extern struct dentry *objsim_ddir;

void objsim_obj_get(void);
void objsim_obj_put(void);

int objsim_dev_probe(struct objsim_bus_dev *bus_dev);
void objsim_dev_remove(struct objsim_bus_dev *bus_dev);

/* sb.c */
int objsim_sb_init(struct objsim_dev *dev);
void objsim_sb_fini(struct objsim_dev *dev);
int objsim_sb_pool_get(struct devlink *devlink, unsigned int sb_index,
		       u16 pool_index, struct devlink_sb_pool_info *info);
int objsim_sb_pool_set(struct devlink *devlink, unsigned int sb_index,
		       u16 pool_index, u32 size,
		       enum devlink_sb_threshold_type th_type,
		       struct netlink_ext_ack *extack);
int objsim_sb_port_pool_get(struct devlink_port *dl_port,
			    unsigned int sb_index, u16 pool_index,
			    u32 *p_threshold);
int objsim_sb_port_pool_set(struct devlink_port *dl_port,
			    unsigned int sb_index, u16 pool_index,
			    u32 threshold, struct netlink_ext_ack *extack);
int objsim_sb_tc_pool_bind_get(struct devlink_port *dl_port,
			       unsigned int sb_index, u16 tc_index,
			       enum devlink_sb_pool_type pool_type,
			       u16 *p_pool_index, u32 *p_threshold);
int objsim_sb_tc_pool_bind_set(struct devlink_port *dl_port,
			       unsigned int sb_index, u16 tc_index,
			       enum devlink_sb_pool_type pool_type,
			       u16 pool_index, u32 threshold,
			       struct netlink_ext_ack *extack);
int objsim_sb_occ_snapshot(struct devlink *devlink, unsigned int sb_index);
int objsim_sb_occ_max_clear(struct devlink *devlink, unsigned int sb_index);
int objsim_sb_occ_port_pool_get(struct devlink_port *dl_port,
				unsigned int sb_index, u16 pool_index,
				u32 *p_cur, u32 *p_max);
int objsim_sb_occ_tc_port_bind_get(struct devlink_port *dl_port,
				   unsigned int sb_index, u16 tc_index,
				   enum devlink_sb_pool_type pool_type,
				   u32 *p_cur, u32 *p_max);

/* linecard.c */
int objsim_linecards_init(struct objsim_dev *dev);
void objsim_linecards_cancel(struct objsim_dev *dev);
void objsim_linecards_fini(struct objsim_dev *dev);
void objsim_linecards_debugfs_init(struct objsim_dev *dev);

/* lc_dev.c */
int objsim_lc_dev_init(void);
void objsim_lc_dev_exit(void);
int objsim_lc_dev_add(struct objsim_linecard *lc);
void objsim_lc_dev_del(struct objsim_linecard *lc);

/* dpipe.c */
int objsim_dpipe_init(struct objsim_dev *dev);
void objsim_dpipe_fini(struct objsim_dev *dev);

/* health.c */
int objsim_health_init(struct objsim_dev *dev);
void objsim_health_cancel(struct objsim_dev *dev);
void objsim_health_fini(struct objsim_dev *dev);

/* region.c */
int objsim_regions_init(struct objsim_dev *dev);
void objsim_regions_fini(struct objsim_dev *dev);

#endif /* _OBJSIM_H */
