// SPDX-License-Identifier: GPL-2.0
/*
 * sfsim: devlink params of the eswitch manager - flow_steering_mode
 * (driver-specific, runtime string), enable_remote_dev_reset (generic,
 * runtime bool) and enable_roce (generic, driverinit: in force after
 * "devlink dev reload").
 */
#include "sfsim.h"

static struct sfsim_dev *sfsim_param_dev(struct devlink *devlink)
{
	return devlink_priv(devlink);
}

static int sfsim_fs_mode_validate(struct devlink *devlink, u32 id,
				  union devlink_param_value val,
				  struct netlink_ext_ack *extack)
{
	struct sfsim_dev *dev = sfsim_param_dev(devlink);

	if (!strcmp(val.vstr, "dmfs"))
		return 0;
	if (strcmp(val.vstr, "smfs")) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Bad parameter: supported values are [\"dmfs\", \"smfs\"]");
		return -EINVAL;
	}
	if (dev->eswitch_mode == DEVLINK_ESWITCH_MODE_SWITCHDEV) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Software managed steering is not supported when eswitch offloads enabled.");
		return -EOPNOTSUPP;
	}
	return 0;
}

static int sfsim_fs_mode_get(struct devlink *devlink, u32 id,
			     struct devlink_param_gset_ctx *ctx)
{
	strscpy(ctx->val.vstr, sfsim_param_dev(devlink)->smfs ? "smfs" : "dmfs",
		sizeof(ctx->val.vstr));
	return 0;
}

static int sfsim_fs_mode_set(struct devlink *devlink, u32 id,
			     struct devlink_param_gset_ctx *ctx,
			     struct netlink_ext_ack *extack)
{
	sfsim_param_dev(devlink)->smfs = !strcmp(ctx->val.vstr, "smfs");
	return 0;
}

static int sfsim_remote_reset_get(struct devlink *devlink, u32 id,
				  struct devlink_param_gset_ctx *ctx)
{
	ctx->val.vbool = sfsim_param_dev(devlink)->remote_reset;
	return 0;
}

static int sfsim_remote_reset_set(struct devlink *devlink, u32 id,
				  struct devlink_param_gset_ctx *ctx,
				  struct netlink_ext_ack *extack)
{
	sfsim_param_dev(devlink)->remote_reset = ctx->val.vbool;
	return 0;
}

static const struct devlink_param sfsim_params[] = {
	DEVLINK_PARAM_DRIVER(SFSIM_PARAM_ID_FLOW_STEERING_MODE,
			     "flow_steering_mode", DEVLINK_PARAM_TYPE_STRING,
			     BIT(DEVLINK_PARAM_CMODE_RUNTIME),
			     sfsim_fs_mode_get, sfsim_fs_mode_set,
			     sfsim_fs_mode_validate),
	DEVLINK_PARAM_GENERIC(ENABLE_REMOTE_DEV_RESET,
			      BIT(DEVLINK_PARAM_CMODE_RUNTIME),
			      sfsim_remote_reset_get, sfsim_remote_reset_set,
			      NULL),
	DEVLINK_PARAM_GENERIC(ENABLE_ROCE, BIT(DEVLINK_PARAM_CMODE_DRIVERINIT),
			      NULL, NULL, NULL),
};

/* Set the runtime params to what the device has after a firmware reset. */
void sfsim_params_fw_defaults(struct sfsim_dev *dev)
{
	struct devlink *devlink = dev->devlink;

	if (dev->smfs) {
		dev->smfs = false;
		devl_param_value_changed(devlink,
					 SFSIM_PARAM_ID_FLOW_STEERING_MODE);
	}
	if (!dev->remote_reset) {
		dev->remote_reset = true;
		devl_param_value_changed(devlink,
					 DEVLINK_PARAM_GENERIC_ID_ENABLE_REMOTE_DEV_RESET);
	}
}

/* Take the driverinit values in force; called at probe and on reload_up. */
void sfsim_params_driverinit_apply(struct sfsim_dev *dev)
{
	union devlink_param_value val;

	if (!devl_param_driverinit_value_get(dev->devlink,
					     DEVLINK_PARAM_GENERIC_ID_ENABLE_ROCE,
					     &val))
		dev->roce_active = val.vbool;
}

int sfsim_params_register(struct sfsim_dev *dev)
{
	union devlink_param_value val = { .vbool = true };
	int err;

	err = devl_params_register(dev->devlink, sfsim_params,
				   ARRAY_SIZE(sfsim_params));
	if (err)
		return err;
	dev->remote_reset = true;
	devl_param_driverinit_value_set(dev->devlink,
					DEVLINK_PARAM_GENERIC_ID_ENABLE_ROCE, val);
	return 0;
}

void sfsim_params_unregister(struct sfsim_dev *dev)
{
	devl_params_unregister(dev->devlink, sfsim_params,
			       ARRAY_SIZE(sfsim_params));
}
