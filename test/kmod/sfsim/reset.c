// SPDX-License-Identifier: GPL-2.0
/*
 * sfsim: "devlink dev reload" of the eswitch manager (driver_reinit,
 * fw_activate) and the simulated firmware reset (debugfs fw_reset, and
 * the fw_fatal health reporter's recovery).
 *
 * A firmware reset looks like mlx5's sync reset: the driver unloads (every
 * SF with its instance, rate leaf and representor goes, with the devlink
 * core's PORT_DEL/RATE_DEL notifications; rate nodes go without one, as
 * devl_rate_nodes_destroy() sends none), the device comes back with its
 * defaults (legacy eswitch, runtime params reset with PARAM_NEW), the
 * driver loads again (PORT_NEW for the fixed ports) and reports the reload
 * it did not ask for through devlink_remote_reload_actions_performed(),
 * whose DEVLINK_CMD_NEW carries the incremented remote reload stats.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>

#include "sfsim.h"

int sfsim_reload_down(struct devlink *devlink, bool netns_change,
		      enum devlink_reload_action action,
		      enum devlink_reload_limit limit,
		      struct netlink_ext_ack *extack)
{
	struct sfsim_dev *dev = devlink_priv(devlink);

	/* the core allows no_reset with fw_activate only */
	if (limit == DEVLINK_RELOAD_LIMIT_NO_RESET) {
		NL_SET_ERR_MSG_MOD(extack,
				   "FW upgrade to the stored FW can't be done by FW live patching");
		return -EINVAL;
	}
	if (dev->num_sfs) {
		NL_SET_ERR_MSG_MOD(extack,
				   "reload is unsupported while SF ports exist");
		return -EOPNOTSUPP;
	}
	sfsim_dev_unload(dev);
	return 0;
}

int sfsim_reload_up(struct devlink *devlink, enum devlink_reload_action action,
		    enum devlink_reload_limit limit, u32 *actions_performed,
		    struct netlink_ext_ack *extack)
{
	struct sfsim_dev *dev = devlink_priv(devlink);
	int err;

	*actions_performed = BIT(action);
	if (action == DEVLINK_RELOAD_ACTION_FW_ACTIVATE) {
		/* activating firmware resets the device and reinits the driver */
		*actions_performed |= BIT(DEVLINK_RELOAD_ACTION_DRIVER_REINIT);
		sfsim_params_fw_defaults(dev);
		dev->fw_resets++;
	}
	err = sfsim_dev_load(dev);
	if (err)
		NL_SET_ERR_MSG_MOD(extack, "Failed to load the device");
	return err;
}

/*
 * The device resets on its own (another host activated firmware, or a
 * fatal error is recovered); called with the devlink lock held.
 */
void sfsim_dev_fw_reset(struct sfsim_dev *dev)
{
	int err;

	devl_assert_locked(dev->devlink);
	sfsim_dev_unload(dev);
	sfsim_params_fw_defaults(dev);
	dev->fw_resets++;
	err = sfsim_dev_load(dev);
	if (err)
		dev_err(&dev->bus_dev->dev, "reload after reset failed: %d\n",
			err);
	devlink_remote_reload_actions_performed(dev->devlink,
						DEVLINK_RELOAD_LIMIT_UNSPEC,
						BIT(DEVLINK_RELOAD_ACTION_DRIVER_REINIT) |
						BIT(DEVLINK_RELOAD_ACTION_FW_ACTIVATE));
}

/*
 * Writing "1" resets the device as a firmware activation requested by
 * another host would; refused (EPERM) while enable_remote_dev_reset is
 * false, as the device then refuses such requests.
 */
static ssize_t sfsim_fw_reset_write(struct file *file,
				    const char __user *ubuf, size_t len,
				    loff_t *ppos)
{
	struct sfsim_dev *dev = file_inode(file)->i_private;
	bool reset;
	int err;

	err = kstrtobool_from_user(ubuf, len, &reset);
	if (err)
		return err;
	if (!reset)
		return -EINVAL;
	devl_lock(dev->devlink);
	if (dev->remote_reset)
		sfsim_dev_fw_reset(dev);
	else
		err = -EPERM;
	devl_unlock(dev->devlink);
	return err ? err : len;
}

static const struct file_operations sfsim_fw_reset_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sfsim_fw_reset_write,
};

void sfsim_reset_debugfs_init(struct sfsim_dev *dev)
{
	debugfs_create_file("fw_reset", 0200, dev->ddir, dev,
			    &sfsim_fw_reset_fops);
	debugfs_create_u32("fw_resets", 0400, dev->ddir, &dev->fw_resets);
}
