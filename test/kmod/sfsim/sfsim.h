/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sfsim - a simulated SF-capable (mlx5-like) devlink device for testing
 * user space devlink tooling without hardware.
 */
#ifndef _SFSIM_H
#define _SFSIM_H

#include <linux/auxiliary_bus.h>
#include <linux/device.h>
#include <linux/etherdevice.h>
#include <linux/idr.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/workqueue.h>
#include <net/devlink.h>

#define SFSIM_MAX_VFS		64
#define SFSIM_DEFAULT_MAX_SFS	1024
#define SFSIM_SF_SLOTS		0x7fff
#define SFSIM_SF_INDEX_BASE	0x8000
#define SFSIM_PHYS_INDEX	0xffff
#define SFSIM_EXT_CONTROLLER	1
#define SFSIM_MAX_IO_EQS_MAX	128
#define SFSIM_MAX_IO_EQS_DEF	8
#define SFSIM_LINK_BYTES_PER_SEC	12500000000ULL	/* 100 Gbit/s */
#define SFSIM_TX_PRIORITY_MAX	7
#define SFSIM_TX_WEIGHT_MAX	200
#define SFSIM_FAULT_MSG_LEN	80
#define SFSIM_SERIAL_LEN	32
#define SFSIM_HEALTH_MSG_LEN	80
#define SFSIM_FW_GRACE_PERIOD_MS	60000	/* mlx5's for a PF */

/* Driver-specific devlink param ids (generic ones come from devlink.h). */
enum sfsim_param_id {
	SFSIM_PARAM_ID_BASE = DEVLINK_PARAM_GENERIC_ID_MAX,
	SFSIM_PARAM_ID_FLOW_STEERING_MODE,
};

enum sfsim_fault_kind {
	SFSIM_FAULT_PORT_NEW,
	SFSIM_FAULT_PORT_DEL,
	SFSIM_FAULT_HW_ADDR_SET,
	SFSIM_FAULT_CAPS_SET,
	SFSIM_FAULT_MAX_IO_EQS_SET,
	SFSIM_FAULT_STATE_SET,
	SFSIM_FAULT_RATE_SET,
	SFSIM_FAULT_RATE_NODE_NEW,
	SFSIM_FAULT_RATE_NODE_DEL,
	SFSIM_FAULT_ESWITCH_SET,
	SFSIM_FAULT_NR,
};

struct sfsim_fault {
	unsigned int count;
	int err;
	char msg[SFSIM_FAULT_MSG_LEN];
};

/* A device on the "sfsim" bus, created through /sys/bus/sfsim/new_device. */
struct sfsim_bus_dev {
	struct device dev;
	struct list_head list;
	unsigned int id;
	unsigned int num_vfs;
	bool external;
};

/* devlink private data of one simulated device (the eswitch manager). */
struct sfsim_dev {
	struct sfsim_bus_dev *bus_dev;
	struct devlink *devlink;
	u16 eswitch_mode;
	struct list_head ports;
	unsigned int num_sfs;
	struct ida sf_slots;
	struct dentry *ddir;
	u32 max_sfs;
	u32 attach_delay_ms;
	u32 detach_delay_ms;
	bool stall_attach;
	struct mutex fault_lock; /* protects faults */
	struct sfsim_fault faults[SFSIM_FAULT_NR];
	/* device ("firmware") state a firmware reset returns to defaults */
	bool smfs;		/* flow_steering_mode: smfs, else dmfs */
	bool remote_reset;	/* enable_remote_dev_reset */
	/* driver state, from driverinit params at (re)load */
	bool roce_active;	/* enable_roce as of the last load */
	u32 fw_resets;
	struct devlink_health_reporter *fw_fatal;
	char health_msg[SFSIM_HEALTH_MSG_LEN];	/* last reported error */
};

/* A devlink port of the eswitch manager and the function behind it. */
struct sfsim_port {
	struct devlink_port dl_port;
	struct sfsim_dev *dev;
	struct list_head list;
	enum devlink_port_flavour flavour;
	u32 controller;
	u32 number;		/* vfnum or sfnum */
	unsigned int slot;	/* SF slot, for SF ports only */
	bool external;
	struct net_device *rep;
	u8 hw_addr[ETH_ALEN];
	bool roce;
	bool migratable;
	bool ipsec_crypto;
	bool ipsec_packet;
	u32 max_io_eqs;
	/* SF function state; changes of opstate happen in @work */
	enum devlink_port_fn_state state;
	bool attached;
	struct delayed_work work;
	struct sfsim_sf_adev *adev;
};

/* Auxiliary device that stands for an activated SF function. */
struct sfsim_sf_adev {
	struct auxiliary_device adev;
	struct sfsim_port *port;
	struct devlink *devlink;	/* the SF's own instance, set by probe */
};

extern struct workqueue_struct *sfsim_wq;
extern struct dentry *sfsim_ddir;

void sfsim_obj_get(void);
void sfsim_obj_put(void);

int sfsim_dev_probe(struct sfsim_bus_dev *bus_dev);
void sfsim_dev_remove(struct sfsim_bus_dev *bus_dev);
int sfsim_dev_load(struct sfsim_dev *dev);
void sfsim_dev_unload(struct sfsim_dev *dev);
void sfsim_dev_fw_reset(struct sfsim_dev *dev);

int sfsim_params_register(struct sfsim_dev *dev);
void sfsim_params_unregister(struct sfsim_dev *dev);
void sfsim_params_fw_defaults(struct sfsim_dev *dev);
void sfsim_params_driverinit_apply(struct sfsim_dev *dev);

int sfsim_info_get(struct devlink *devlink, struct devlink_info_req *req,
		   struct netlink_ext_ack *extack);
void sfsim_serial_get(unsigned int id, char *serial);
void sfsim_serials_free(void);
void sfsim_info_debugfs_init(struct sfsim_dev *dev);

int sfsim_reload_down(struct devlink *devlink, bool netns_change,
		      enum devlink_reload_action action,
		      enum devlink_reload_limit limit,
		      struct netlink_ext_ack *extack);
int sfsim_reload_up(struct devlink *devlink, enum devlink_reload_action action,
		    enum devlink_reload_limit limit, u32 *actions_performed,
		    struct netlink_ext_ack *extack);
void sfsim_reset_debugfs_init(struct sfsim_dev *dev);

int sfsim_health_create(struct sfsim_dev *dev);
void sfsim_health_destroy(struct sfsim_dev *dev);
void sfsim_health_debugfs_init(struct sfsim_dev *dev);

int sfsim_fault_check(struct sfsim_dev *dev, enum sfsim_fault_kind kind,
		      struct netlink_ext_ack *extack);
void sfsim_fault_debugfs_init(struct sfsim_dev *dev);

struct net_device *sfsim_netdev_create(struct device *parent,
				       struct devlink_port *dl_port,
				       const u8 *mac, struct net *net);
void sfsim_netdev_destroy(struct net_device *netdev);

int sfsim_port_create(struct sfsim_dev *dev, enum devlink_port_flavour flavour,
		      u32 controller, u32 number, bool external,
		      struct netlink_ext_ack *extack,
		      struct sfsim_port **out);
void sfsim_port_destroy(struct sfsim_port *port);
int sfsim_port_new(struct devlink *devlink,
		   const struct devlink_port_new_attrs *attrs,
		   struct netlink_ext_ack *extack,
		   struct devlink_port **dl_port);
int sfsim_port_del(struct devlink *devlink, struct devlink_port *dl_port,
		   struct netlink_ext_ack *extack);

extern const struct devlink_port_ops sfsim_phys_port_ops;
extern const struct devlink_port_ops sfsim_pf_port_ops;
extern const struct devlink_port_ops sfsim_vf_port_ops;
extern const struct devlink_port_ops sfsim_sf_port_ops;

void sfsim_sf_work(struct work_struct *work);
void sfsim_sf_detach(struct sfsim_port *port);

extern const struct devlink_ops sfsim_sf_devlink_ops;
int sfsim_sf_devlink_init(struct devlink *devlink, const u8 *mac);
void sfsim_sf_devlink_fini(struct devlink *devlink);
size_t sfsim_sf_priv_size(void);

int sfsim_aux_init(void);
void sfsim_aux_exit(void);
int sfsim_sf_adev_add(struct sfsim_port *port);
void sfsim_sf_adev_del(struct sfsim_port *port);

/* Rate ops: leaves and nodes share them (the core passes the same arguments). */
int sfsim_rate_tx_share_set(struct devlink_rate *rate, void *priv,
			    u64 tx_share, struct netlink_ext_ack *extack);
int sfsim_rate_tx_max_set(struct devlink_rate *rate, void *priv,
			  u64 tx_max, struct netlink_ext_ack *extack);
int sfsim_rate_tx_priority_set(struct devlink_rate *rate, void *priv,
			       u32 tx_priority, struct netlink_ext_ack *extack);
int sfsim_rate_tx_weight_set(struct devlink_rate *rate, void *priv,
			     u32 tx_weight, struct netlink_ext_ack *extack);
int sfsim_rate_node_new(struct devlink_rate *node, void **priv,
			struct netlink_ext_ack *extack);
int sfsim_rate_node_del(struct devlink_rate *node, void *priv,
			struct netlink_ext_ack *extack);
int sfsim_rate_parent_set(struct devlink_rate *child,
			  struct devlink_rate *parent,
			  void *priv_child, void *priv_parent,
			  struct netlink_ext_ack *extack);

#endif /* _SFSIM_H */
