// SPDX-License-Identifier: GPL-2.0
/*
 * sfsim: fault injection - the next N operations of one kind fail with a
 * chosen errno and extended-ACK message. Armed through debugfs "fail".
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "sfsim.h"

static const char * const sfsim_fault_names[SFSIM_FAULT_NR] = {
	[SFSIM_FAULT_PORT_NEW] = "port_new",
	[SFSIM_FAULT_PORT_DEL] = "port_del",
	[SFSIM_FAULT_HW_ADDR_SET] = "hw_addr_set",
	[SFSIM_FAULT_CAPS_SET] = "caps_set",
	[SFSIM_FAULT_MAX_IO_EQS_SET] = "max_io_eqs_set",
	[SFSIM_FAULT_STATE_SET] = "state_set",
	[SFSIM_FAULT_RATE_SET] = "rate_set",
	[SFSIM_FAULT_RATE_NODE_NEW] = "rate_node_new",
	[SFSIM_FAULT_RATE_NODE_DEL] = "rate_node_del",
	[SFSIM_FAULT_ESWITCH_SET] = "eswitch_mode_set",
};

/*
 * Fail this operation if a fault of @kind is armed. Operations the kernel
 * runs on its own behalf (teardown, error unwinding) pass no extack and
 * are never failed.
 */
int sfsim_fault_check(struct sfsim_dev *dev, enum sfsim_fault_kind kind,
		      struct netlink_ext_ack *extack)
{
	struct sfsim_fault *fault = &dev->faults[kind];
	int err = 0;

	if (!extack)
		return 0;
	mutex_lock(&dev->fault_lock);
	if (fault->count) {
		fault->count--;
		err = fault->err;
		if (fault->msg[0])
			NL_SET_ERR_MSG_FMT(extack, "%s", fault->msg);
	}
	mutex_unlock(&dev->fault_lock);
	return err;
}

static int sfsim_fault_show(struct seq_file *file, void *data)
{
	struct sfsim_dev *dev = file->private;
	int kind;

	mutex_lock(&dev->fault_lock);
	for (kind = 0; kind < SFSIM_FAULT_NR; kind++)
		seq_printf(file, "%s %u %d %s\n", sfsim_fault_names[kind],
			   dev->faults[kind].count, -dev->faults[kind].err,
			   dev->faults[kind].msg);
	mutex_unlock(&dev->fault_lock);
	return 0;
}

static int sfsim_fault_open(struct inode *inode, struct file *file)
{
	return single_open(file, sfsim_fault_show, inode->i_private);
}

/* "KIND COUNT ERRNO [MESSAGE]"; COUNT 0 disarms KIND. */
static ssize_t sfsim_fault_write(struct file *file, const char __user *ubuf,
				 size_t len, loff_t *ppos)
{
	struct sfsim_dev *dev = file_inode(file)->i_private;
	char kind_name[24], *buf, *msg;
	unsigned int count;
	int kind, err, n;

	if (len > 256)
		return -EINVAL;
	buf = memdup_user_nul(ubuf, len);
	if (IS_ERR(buf))
		return PTR_ERR(buf);

	n = 0;
	if (sscanf(buf, "%23s %u %d %n", kind_name, &count, &err, &n) < 3 ||
	    !n) {
		n = -EINVAL;
		goto out;
	}
	kind = match_string(sfsim_fault_names, SFSIM_FAULT_NR, kind_name);
	if (kind < 0 || !err || err > MAX_ERRNO || err < -MAX_ERRNO) {
		n = -EINVAL;
		goto out;
	}
	msg = strim(buf + n);

	mutex_lock(&dev->fault_lock);
	dev->faults[kind].count = count;
	dev->faults[kind].err = err > 0 ? -err : err;
	strscpy(dev->faults[kind].msg, msg, sizeof(dev->faults[kind].msg));
	mutex_unlock(&dev->fault_lock);
	n = len;
out:
	kfree(buf);
	return n;
}

static const struct file_operations sfsim_fault_fops = {
	.owner = THIS_MODULE,
	.open = sfsim_fault_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
	.write = sfsim_fault_write,
};

void sfsim_fault_debugfs_init(struct sfsim_dev *dev)
{
	debugfs_create_file("fail", 0600, dev->ddir, dev, &sfsim_fault_fops);
}
