// SPDX-License-Identifier: GPL-2.0
/*
 * objsim: per-port health reporter "port_fw". diagnose and dump emit small
 * fixed trees (nested objects, arrays, several value types); "test" reports
 * a firmware error from a work item (devlink_health_report takes the
 * instance lock itself), which the core then dumps and recovers.
 */
#include "objsim.h"

/* The error context devlink_health_report hands back to dump. */
struct objsim_fw_event {
	struct objsim_port *port;
	u64 seq;
};

static const u8 objsim_fw_blob[8] = { 0x0b, 0x15, 0x10, 0x00, 0xca, 0xfe, 0xf0, 0x0d };

static int objsim_fw_recover(struct devlink_health_reporter *reporter,
			     void *priv_ctx, struct netlink_ext_ack *extack)
{
	return 0;
}

static int objsim_fw_diagnose(struct devlink_health_reporter *reporter,
			      struct devlink_fmsg *fmsg,
			      struct netlink_ext_ack *extack)
{
	struct objsim_port *port = devlink_health_reporter_priv(reporter);
	unsigned int q;

	devlink_fmsg_u32_pair_put(fmsg, "port", port->index);
	devlink_fmsg_pair_nest_start(fmsg, "firmware");
	devlink_fmsg_obj_nest_start(fmsg);
	devlink_fmsg_string_pair_put(fmsg, "version", "1.2.3");
	devlink_fmsg_bool_pair_put(fmsg, "running", true);
	devlink_fmsg_u8_pair_put(fmsg, "boot_count", 1);
	devlink_fmsg_obj_nest_end(fmsg);
	devlink_fmsg_pair_nest_end(fmsg);
	devlink_fmsg_arr_pair_nest_start(fmsg, "queues");
	for (q = 0; q < 2; q++) {
		devlink_fmsg_obj_nest_start(fmsg);
		devlink_fmsg_u32_pair_put(fmsg, "id", q);
		devlink_fmsg_u32_pair_put(fmsg, "head", 16 * (q + 1));
		devlink_fmsg_u32_pair_put(fmsg, "tail", 16 * (q + 1) - 2 * q);
		devlink_fmsg_obj_nest_end(fmsg);
	}
	devlink_fmsg_arr_pair_nest_end(fmsg);
	devlink_fmsg_u64_pair_put(fmsg, "test_events", port->fw_events);
	return 0;
}

static int objsim_fw_dump(struct devlink_health_reporter *reporter,
			  struct devlink_fmsg *fmsg, void *priv_ctx,
			  struct netlink_ext_ack *extack)
{
	struct objsim_port *port = devlink_health_reporter_priv(reporter);
	struct objsim_fw_event *event = priv_ctx;
	unsigned int i;

	if (event) {
		devlink_fmsg_string_pair_put(fmsg, "cause", "test");
		devlink_fmsg_u64_pair_put(fmsg, "event", event->seq);
	} else {
		devlink_fmsg_string_pair_put(fmsg, "cause", "user");
	}
	devlink_fmsg_arr_pair_nest_start(fmsg, "registers");
	for (i = 0; i < 4; i++)
		devlink_fmsg_u32_put(fmsg, 0x1000 * (port->index + 1) + i);
	devlink_fmsg_arr_pair_nest_end(fmsg);
	devlink_fmsg_pair_nest_start(fmsg, "config");
	devlink_fmsg_obj_nest_start(fmsg);
	devlink_fmsg_u8_pair_put(fmsg, "lanes", 4);
	devlink_fmsg_u32_pair_put(fmsg, "speed_mbps", 100000);
	devlink_fmsg_string_pair_put(fmsg, "fec", "rs");
	devlink_fmsg_bool_pair_put(fmsg, "autoneg", false);
	devlink_fmsg_obj_nest_end(fmsg);
	devlink_fmsg_pair_nest_end(fmsg);
	devlink_fmsg_binary_pair_put(fmsg, "blob", objsim_fw_blob,
				     sizeof(objsim_fw_blob));
	return 0;
}

static int objsim_fw_test(struct devlink_health_reporter *reporter,
			  struct netlink_ext_ack *extack)
{
	struct objsim_port *port = devlink_health_reporter_priv(reporter);

	port->fw_events++;
	queue_work(objsim_wq, &port->report_work);
	return 0;
}

static const struct devlink_health_reporter_ops objsim_fw_ops = {
	.name = "port_fw",
	.recover = objsim_fw_recover,
	.diagnose = objsim_fw_diagnose,
	.dump = objsim_fw_dump,
	.test = objsim_fw_test,
};

static void objsim_fw_report_work(struct work_struct *work)
{
	struct objsim_port *port = container_of(work, struct objsim_port,
						report_work);
	struct objsim_fw_event event = { .port = port };

	devl_lock(port->dev->devlink);
	event.seq = port->fw_events;
	devl_unlock(port->dev->devlink);
	/* -ECANCELED when the previous error was not recovered: fine */
	devlink_health_report(port->reporter, "Firmware test event", &event);
}

int objsim_health_init(struct objsim_dev *dev)
{
	unsigned int i;

	for (i = 0; i < OBJSIM_PORTS; i++) {
		struct objsim_port *port = &dev->ports[i];
		struct devlink_health_reporter *reporter;

		INIT_WORK(&port->report_work, objsim_fw_report_work);
		reporter = devl_port_health_reporter_create(&port->dl_port,
							    &objsim_fw_ops, 0,
							    port);
		if (IS_ERR(reporter)) {
			while (i--)
				devl_health_reporter_destroy(dev->ports[i].reporter);
			return PTR_ERR(reporter);
		}
		port->reporter = reporter;
	}
	return 0;
}

/* Called without the devlink lock: the work item takes it. */
void objsim_health_cancel(struct objsim_dev *dev)
{
	unsigned int i;

	for (i = 0; i < OBJSIM_PORTS; i++)
		cancel_work_sync(&dev->ports[i].report_work);
}

void objsim_health_fini(struct objsim_dev *dev)
{
	unsigned int i;

	for (i = 0; i < OBJSIM_PORTS; i++)
		devl_health_reporter_destroy(dev->ports[i].reporter);
}
