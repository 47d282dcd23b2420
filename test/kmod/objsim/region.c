// SPDX-License-Identifier: GPL-2.0
/*
 * objsim: per-port region "port_cfg" of OBJSIM_REGION_SIZE bytes whose
 * content depends only on the port: byte i is (i + 16 * (port + 1)) & 0xff,
 * and device region "dev_cfg" of the same size: byte i is (255 - i) & 0xff.
 * Snapshots are taken on request (region new); both can be read directly.
 */
#include <linux/slab.h>

#include "objsim.h"

static void objsim_region_fill(const struct devlink_port *dl_port, u64 offset,
			       u32 size, u8 *data)
{
	u32 i;

	for (i = 0; i < size; i++)
		data[i] = (offset + i + 16 * (dl_port->index + 1)) & 0xff;
}

static int objsim_region_snapshot(struct devlink_port *dl_port,
				  const struct devlink_port_region_ops *ops,
				  struct netlink_ext_ack *extack, u8 **data)
{
	u8 *snapshot;

	snapshot = kmalloc(OBJSIM_REGION_SIZE, GFP_KERNEL);
	if (!snapshot)
		return -ENOMEM;
	objsim_region_fill(dl_port, 0, OBJSIM_REGION_SIZE, snapshot);
	*data = snapshot;
	return 0;
}

static int objsim_region_read(struct devlink_port *dl_port,
			      const struct devlink_port_region_ops *ops,
			      struct netlink_ext_ack *extack, u64 offset,
			      u32 size, u8 *data)
{
	/* the core has checked offset and size against the region size */
	objsim_region_fill(dl_port, offset, size, data);
	return 0;
}

static void objsim_region_destructor(const void *data)
{
	kfree(data);
}

static const struct devlink_port_region_ops objsim_region_ops = {
	.name = "port_cfg",
	.destructor = objsim_region_destructor,
	.snapshot = objsim_region_snapshot,
	.read = objsim_region_read,
};

static void objsim_dev_region_fill(u64 offset, u32 size, u8 *data)
{
	u32 i;

	for (i = 0; i < size; i++)
		data[i] = (255 - offset - i) & 0xff;
}

static int objsim_dev_region_snapshot(struct devlink *devlink,
				      const struct devlink_region_ops *ops,
				      struct netlink_ext_ack *extack, u8 **data)
{
	u8 *snapshot;

	snapshot = kmalloc(OBJSIM_REGION_SIZE, GFP_KERNEL);
	if (!snapshot)
		return -ENOMEM;
	objsim_dev_region_fill(0, OBJSIM_REGION_SIZE, snapshot);
	*data = snapshot;
	return 0;
}

static int objsim_dev_region_read(struct devlink *devlink,
				  const struct devlink_region_ops *ops,
				  struct netlink_ext_ack *extack, u64 offset,
				  u32 size, u8 *data)
{
	objsim_dev_region_fill(offset, size, data);
	return 0;
}

static const struct devlink_region_ops objsim_dev_region_ops = {
	.name = "dev_cfg",
	.destructor = objsim_region_destructor,
	.snapshot = objsim_dev_region_snapshot,
	.read = objsim_dev_region_read,
};

/* Called without the devlink lock: the region create calls take it. */
int objsim_regions_init(struct objsim_dev *dev)
{
	struct devlink_region *dev_region;
	unsigned int i;

	dev_region = devlink_region_create(dev->devlink, &objsim_dev_region_ops,
					   OBJSIM_REGION_SNAPSHOTS,
					   OBJSIM_REGION_SIZE);
	if (IS_ERR(dev_region))
		return PTR_ERR(dev_region);
	dev->region = dev_region;

	for (i = 0; i < OBJSIM_PORTS; i++) {
		struct devlink_region *region;

		region = devlink_port_region_create(&dev->ports[i].dl_port,
						    &objsim_region_ops,
						    OBJSIM_REGION_SNAPSHOTS,
						    OBJSIM_REGION_SIZE);
		if (IS_ERR(region)) {
			while (i--) {
				devlink_region_destroy(dev->ports[i].region);
				dev->ports[i].region = NULL;
			}
			devlink_region_destroy(dev->region);
			dev->region = NULL;
			return PTR_ERR(region);
		}
		dev->ports[i].region = region;
	}
	return 0;
}

/* Called with the devlink lock held; frees the regions' snapshots too. */
void objsim_regions_fini(struct objsim_dev *dev)
{
	unsigned int i;

	for (i = 0; i < OBJSIM_PORTS; i++) {
		if (dev->ports[i].region)
			devl_region_destroy(dev->ports[i].region);
		dev->ports[i].region = NULL;
	}
	if (dev->region)
		devl_region_destroy(dev->region);
	dev->region = NULL;
}
