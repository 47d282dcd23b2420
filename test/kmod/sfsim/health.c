// SPDX-License-Identifier: GPL-2.0
/*
 * sfsim: the "fw_fatal" health reporter, like mlx5's: its recovery is a
 * firmware reset of the device; dump and diagnose tell the last error and
 * how many resets the device went through. debugfs "health_error" reports
 * an error through it.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "sfsim.h"

static struct sfsim_dev *sfsim_reporter_dev(struct devlink_health_reporter *r)
{
	return devlink_health_reporter_priv(r);
}

static int sfsim_fw_fatal_recover(struct devlink_health_reporter *reporter,
				  void *priv_ctx,
				  struct netlink_ext_ack *extack)
{
	sfsim_dev_fw_reset(sfsim_reporter_dev(reporter));
	return 0;
}

static void sfsim_fw_fatal_fill(struct sfsim_dev *dev,
				struct devlink_fmsg *fmsg)
{
	devlink_fmsg_string_pair_put(fmsg, "last_error", dev->health_msg);
	devlink_fmsg_u32_pair_put(fmsg, "fw_resets", dev->fw_resets);
}

static int sfsim_fw_fatal_dump(struct devlink_health_reporter *reporter,
			       struct devlink_fmsg *fmsg, void *priv_ctx,
			       struct netlink_ext_ack *extack)
{
	sfsim_fw_fatal_fill(sfsim_reporter_dev(reporter), fmsg);
	return 0;
}

static int sfsim_fw_fatal_diagnose(struct devlink_health_reporter *reporter,
				   struct devlink_fmsg *fmsg,
				   struct netlink_ext_ack *extack)
{
	sfsim_fw_fatal_fill(sfsim_reporter_dev(reporter), fmsg);
	return 0;
}

static const struct devlink_health_reporter_ops sfsim_fw_fatal_ops = {
	.name = "fw_fatal",
	.recover = sfsim_fw_fatal_recover,
	.dump = sfsim_fw_fatal_dump,
	.diagnose = sfsim_fw_fatal_diagnose,
};

int sfsim_health_create(struct sfsim_dev *dev)
{
	dev->fw_fatal = devl_health_reporter_create(dev->devlink,
						    &sfsim_fw_fatal_ops,
						    SFSIM_FW_GRACE_PERIOD_MS,
						    dev);
	return PTR_ERR_OR_ZERO(dev->fw_fatal);
}

void sfsim_health_destroy(struct sfsim_dev *dev)
{
	if (!IS_ERR_OR_NULL(dev->fw_fatal))
		devl_health_reporter_destroy(dev->fw_fatal);
	dev->fw_fatal = NULL;
}

/*
 * "MESSAGE": report a firmware error. The devlink core dumps (auto_dump),
 * then recovers (auto_recover) by resetting the device, unless the last
 * recovery is younger than grace_period. The write succeeds either way.
 */
static ssize_t sfsim_health_error_write(struct file *file,
					const char __user *ubuf, size_t len,
					loff_t *ppos)
{
	struct sfsim_dev *dev = file_inode(file)->i_private;
	char *buf, *msg;

	if (len >= SFSIM_HEALTH_MSG_LEN)
		return -EINVAL;
	buf = memdup_user_nul(ubuf, len);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	msg = strim(buf);
	devl_lock(dev->devlink);
	strscpy(dev->health_msg, msg, sizeof(dev->health_msg));
	devl_unlock(dev->devlink);
	devlink_health_report(dev->fw_fatal, msg, dev);
	kfree(buf);
	return len;
}

static const struct file_operations sfsim_health_error_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sfsim_health_error_write,
};

void sfsim_health_debugfs_init(struct sfsim_dev *dev)
{
	debugfs_create_file("health_error", 0200, dev->ddir, dev,
			    &sfsim_health_error_fops);
}
