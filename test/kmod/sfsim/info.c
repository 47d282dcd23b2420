// SPDX-License-Identifier: GPL-2.0
/*
 * sfsim: "devlink dev info" of the eswitch manager - serial number, board
 * serial number and firmware versions - and the debugfs serial_number file.
 *
 * A serial number belongs to the (simulated) hardware, not to the driver's
 * device object: it is kept per device ID for the module's lifetime, so
 * del_device and new_device with the same ID give the same serial.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "sfsim.h"

#define SFSIM_FW_PSID		"SFS0000000001"
#define SFSIM_FW_VERSION	"22.43.1014"

/* A serial number written through debugfs, kept for its device ID. */
struct sfsim_serial {
	struct list_head list;
	unsigned int id;
	char serial[SFSIM_SERIAL_LEN];
};

static LIST_HEAD(sfsim_serials);
static DEFINE_MUTEX(sfsim_serials_lock);

static struct sfsim_serial *sfsim_serial_find(unsigned int id)
{
	struct sfsim_serial *entry;

	list_for_each_entry(entry, &sfsim_serials, list)
		if (entry->id == id)
			return entry;
	return NULL;
}

/* @serial: SFSIM_SERIAL_LEN bytes; "SFSIM<ID, 8 digits>" unless set. */
void sfsim_serial_get(unsigned int id, char *serial)
{
	struct sfsim_serial *entry;

	mutex_lock(&sfsim_serials_lock);
	entry = sfsim_serial_find(id);
	if (entry)
		strscpy(serial, entry->serial, SFSIM_SERIAL_LEN);
	else
		snprintf(serial, SFSIM_SERIAL_LEN, "SFSIM%08u", id);
	mutex_unlock(&sfsim_serials_lock);
}

/* An empty @serial goes back to the default. */
static int sfsim_serial_set(unsigned int id, const char *serial)
{
	struct sfsim_serial *entry;
	int err = 0;

	mutex_lock(&sfsim_serials_lock);
	entry = sfsim_serial_find(id);
	if (!*serial) {
		if (entry) {
			list_del(&entry->list);
			kfree(entry);
		}
		goto unlock;
	}
	if (!entry) {
		entry = kzalloc(sizeof(*entry), GFP_KERNEL);
		if (!entry) {
			err = -ENOMEM;
			goto unlock;
		}
		entry->id = id;
		list_add_tail(&entry->list, &sfsim_serials);
	}
	strscpy(entry->serial, serial, sizeof(entry->serial));
unlock:
	mutex_unlock(&sfsim_serials_lock);
	return err;
}

void sfsim_serials_free(void)
{
	struct sfsim_serial *entry, *tmp;

	mutex_lock(&sfsim_serials_lock);
	list_for_each_entry_safe(entry, tmp, &sfsim_serials, list) {
		list_del(&entry->list);
		kfree(entry);
	}
	mutex_unlock(&sfsim_serials_lock);
}

int sfsim_info_get(struct devlink *devlink, struct devlink_info_req *req,
		   struct netlink_ext_ack *extack)
{
	struct sfsim_dev *dev = devlink_priv(devlink);
	char serial[SFSIM_SERIAL_LEN];
	int err;

	sfsim_serial_get(dev->bus_dev->id, serial);
	err = devlink_info_serial_number_put(req, serial);
	if (err)
		return err;
	snprintf(serial, sizeof(serial), "SFB%08u", dev->bus_dev->id);
	err = devlink_info_board_serial_number_put(req, serial);
	if (err)
		return err;
	err = devlink_info_version_fixed_put(req, "fw.psid", SFSIM_FW_PSID);
	if (err)
		return err;
	err = devlink_info_version_running_put(req, "fw.version",
					       SFSIM_FW_VERSION);
	if (err)
		return err;
	err = devlink_info_version_running_put(req,
					       DEVLINK_INFO_VERSION_GENERIC_FW,
					       SFSIM_FW_VERSION);
	if (err)
		return err;
	err = devlink_info_version_stored_put(req, "fw.version",
					      SFSIM_FW_VERSION);
	if (err)
		return err;
	return devlink_info_version_stored_put(req,
					       DEVLINK_INFO_VERSION_GENERIC_FW,
					       SFSIM_FW_VERSION);
}

static ssize_t sfsim_serial_read(struct file *file, char __user *ubuf,
				 size_t len, loff_t *ppos)
{
	struct sfsim_dev *dev = file_inode(file)->i_private;
	char buf[SFSIM_SERIAL_LEN + 1];
	int n;

	sfsim_serial_get(dev->bus_dev->id, buf);
	n = strlen(buf);
	buf[n++] = '\n';
	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

/* Up to 31 printable characters; an empty write restores the default. */
static ssize_t sfsim_serial_write(struct file *file, const char __user *ubuf,
				  size_t len, loff_t *ppos)
{
	struct sfsim_dev *dev = file_inode(file)->i_private;
	char *buf, *serial;
	int err, i;

	if (len >= SFSIM_SERIAL_LEN + 1)
		return -EINVAL;
	buf = memdup_user_nul(ubuf, len);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	serial = strim(buf);
	err = strlen(serial) < SFSIM_SERIAL_LEN ? 0 : -EINVAL;
	for (i = 0; !err && serial[i]; i++)
		if (!isgraph(serial[i]))
			err = -EINVAL;
	if (!err)
		err = sfsim_serial_set(dev->bus_dev->id, serial);
	kfree(buf);
	return err ? err : len;
}

static const struct file_operations sfsim_serial_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = sfsim_serial_read,
	.write = sfsim_serial_write,
	.llseek = default_llseek,
};

void sfsim_info_debugfs_init(struct sfsim_dev *dev)
{
	debugfs_create_file("serial_number", 0600, dev->ddir, dev,
			    &sfsim_serial_fops);
}
