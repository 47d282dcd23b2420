// SPDX-License-Identifier: GPL-2.0
/*
 * sfsim: port function operations (hw_addr, caps, max_io_eqs, state) and
 * the delayed work that makes an SF's opstate follow its state.
 */
#include "sfsim.h"

static struct sfsim_port *sfsim_port_of(struct devlink_port *dl_port)
{
	return container_of(dl_port, struct sfsim_port, dl_port);
}

static bool sfsim_port_is_vf(struct sfsim_port *port)
{
	return port->flavour == DEVLINK_PORT_FLAVOUR_PCI_VF;
}

/* SF settings that the function reads at attach time are frozen while active. */
static int sfsim_fn_check_inactive(struct sfsim_port *port, const char *what,
				   struct netlink_ext_ack *extack)
{
	if (port->flavour != DEVLINK_PORT_FLAVOUR_PCI_SF ||
	    (port->state == DEVLINK_PORT_FN_STATE_INACTIVE && !port->attached))
		return 0;
	NL_SET_ERR_MSG_FMT_MOD(extack,
			       "%s can't be changed while the function is active",
			       what);
	return -EBUSY;
}

static int sfsim_fn_hw_addr_get(struct devlink_port *dl_port, u8 *hw_addr,
				int *hw_addr_len,
				struct netlink_ext_ack *extack)
{
	struct sfsim_port *port = sfsim_port_of(dl_port);

	ether_addr_copy(hw_addr, port->hw_addr);
	*hw_addr_len = ETH_ALEN;
	return 0;
}

static int sfsim_fn_hw_addr_set(struct devlink_port *dl_port,
				const u8 *hw_addr, int hw_addr_len,
				struct netlink_ext_ack *extack)
{
	struct sfsim_port *port = sfsim_port_of(dl_port);
	int err;

	err = sfsim_fault_check(port->dev, SFSIM_FAULT_HW_ADDR_SET, extack);
	if (err)
		return err;
	if (hw_addr_len != ETH_ALEN) {
		NL_SET_ERR_MSG_MOD(extack, "Hardware address must be 6 bytes");
		return -EINVAL;
	}
	ether_addr_copy(port->hw_addr, hw_addr);
	return 0;
}

static int sfsim_fn_roce_get(struct devlink_port *dl_port, bool *enable,
			     struct netlink_ext_ack *extack)
{
	*enable = sfsim_port_of(dl_port)->roce;
	return 0;
}

static int sfsim_fn_roce_set(struct devlink_port *dl_port, bool enable,
			     struct netlink_ext_ack *extack)
{
	struct sfsim_port *port = sfsim_port_of(dl_port);
	int err;

	err = sfsim_fault_check(port->dev, SFSIM_FAULT_CAPS_SET, extack);
	if (err)
		return err;
	err = sfsim_fn_check_inactive(port, "RoCE", extack);
	if (err)
		return err;
	port->roce = enable;
	return 0;
}

/*
 * migratable and ipsec_* exist for VFs only: the getters say so to the
 * devlink core (which then omits the bit), the setters are on every
 * function port so that the core's own "VFs only" refusal is reachable.
 */
static int sfsim_fn_vf_cap_get(struct devlink_port *dl_port, bool *enable,
			       size_t offset)
{
	struct sfsim_port *port = sfsim_port_of(dl_port);

	if (!sfsim_port_is_vf(port))
		return -EOPNOTSUPP;
	*enable = *(bool *)((char *)port + offset);
	return 0;
}

static int sfsim_fn_vf_cap_set(struct devlink_port *dl_port, bool enable,
			       size_t offset, struct netlink_ext_ack *extack)
{
	struct sfsim_port *port = sfsim_port_of(dl_port);
	int err;

	if (!sfsim_port_is_vf(port))
		return -EOPNOTSUPP;
	err = sfsim_fault_check(port->dev, SFSIM_FAULT_CAPS_SET, extack);
	if (err)
		return err;
	*(bool *)((char *)port + offset) = enable;
	return 0;
}

static int sfsim_fn_migratable_get(struct devlink_port *dl_port,
				   bool *enable, struct netlink_ext_ack *extack)
{
	return sfsim_fn_vf_cap_get(dl_port, enable,
				   offsetof(struct sfsim_port, migratable));
}

static int sfsim_fn_migratable_set(struct devlink_port *dl_port,
				   bool enable, struct netlink_ext_ack *extack)
{
	return sfsim_fn_vf_cap_set(dl_port, enable,
				   offsetof(struct sfsim_port, migratable),
				   extack);
}

static int sfsim_fn_ipsec_crypto_get(struct devlink_port *dl_port,
				     bool *enable,
				     struct netlink_ext_ack *extack)
{
	return sfsim_fn_vf_cap_get(dl_port, enable,
				   offsetof(struct sfsim_port, ipsec_crypto));
}

static int sfsim_fn_ipsec_crypto_set(struct devlink_port *dl_port,
				     bool enable,
				     struct netlink_ext_ack *extack)
{
	return sfsim_fn_vf_cap_set(dl_port, enable,
				   offsetof(struct sfsim_port, ipsec_crypto),
				   extack);
}

static int sfsim_fn_ipsec_packet_get(struct devlink_port *dl_port,
				     bool *enable,
				     struct netlink_ext_ack *extack)
{
	return sfsim_fn_vf_cap_get(dl_port, enable,
				   offsetof(struct sfsim_port, ipsec_packet));
}

static int sfsim_fn_ipsec_packet_set(struct devlink_port *dl_port,
				     bool enable,
				     struct netlink_ext_ack *extack)
{
	return sfsim_fn_vf_cap_set(dl_port, enable,
				   offsetof(struct sfsim_port, ipsec_packet),
				   extack);
}

static int sfsim_fn_max_io_eqs_get(struct devlink_port *dl_port,
				   u32 *max_io_eqs,
				   struct netlink_ext_ack *extack)
{
	*max_io_eqs = sfsim_port_of(dl_port)->max_io_eqs;
	return 0;
}

static int sfsim_fn_max_io_eqs_set(struct devlink_port *dl_port,
				   u32 max_io_eqs,
				   struct netlink_ext_ack *extack)
{
	struct sfsim_port *port = sfsim_port_of(dl_port);
	int err;

	err = sfsim_fault_check(port->dev, SFSIM_FAULT_MAX_IO_EQS_SET, extack);
	if (err)
		return err;
	if (max_io_eqs < 1 || max_io_eqs > SFSIM_MAX_IO_EQS_MAX) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "max_io_eqs %u out of range 1-%u",
				       max_io_eqs, SFSIM_MAX_IO_EQS_MAX);
		return -ERANGE;
	}
	err = sfsim_fn_check_inactive(port, "max_io_eqs", extack);
	if (err)
		return err;
	port->max_io_eqs = max_io_eqs;
	return 0;
}

static int sfsim_fn_state_get(struct devlink_port *dl_port,
			      enum devlink_port_fn_state *state,
			      enum devlink_port_fn_opstate *opstate,
			      struct netlink_ext_ack *extack)
{
	struct sfsim_port *port = sfsim_port_of(dl_port);

	*state = port->state;
	*opstate = port->attached ? DEVLINK_PORT_FN_OPSTATE_ATTACHED :
				    DEVLINK_PORT_FN_OPSTATE_DETACHED;
	return 0;
}

static int sfsim_fn_state_set(struct devlink_port *dl_port,
			      enum devlink_port_fn_state state,
			      struct netlink_ext_ack *extack)
{
	struct sfsim_port *port = sfsim_port_of(dl_port);
	struct sfsim_dev *dev = port->dev;
	int err;

	err = sfsim_fault_check(dev, SFSIM_FAULT_STATE_SET, extack);
	if (err)
		return err;
	if (state != DEVLINK_PORT_FN_STATE_ACTIVE &&
	    state != DEVLINK_PORT_FN_STATE_INACTIVE) {
		NL_SET_ERR_MSG_MOD(extack, "Unknown function state");
		return -EINVAL;
	}
	if (state == port->state)
		return 0;

	if (state == DEVLINK_PORT_FN_STATE_ACTIVE) {
		if (port->attached) {
			NL_SET_ERR_MSG_MOD(extack,
					   "SF is inactivated but it is still attached");
			return -EBUSY;
		}
		port->state = state;
		if (!dev->stall_attach)
			mod_delayed_work(sfsim_wq, &port->work,
					 msecs_to_jiffies(dev->attach_delay_ms));
		return 0;
	}

	port->state = state;
	if (port->attached)
		mod_delayed_work(sfsim_wq, &port->work,
				 msecs_to_jiffies(dev->detach_delay_ms));
	return 0;
}

/* Bring the function up: the SF appears as an auxiliary device. */
static void sfsim_sf_attach(struct sfsim_port *port)
{
	int err;

	/* An external controller's SF lives on another host. */
	if (port->external) {
		port->attached = true;
		return;
	}
	err = sfsim_sf_adev_add(port);
	if (err) {
		dev_err(&port->dev->bus_dev->dev,
			"SF %u: auxiliary device failed: %d\n",
			port->number, err);
		return;
	}
	if (!port->adev->devlink) {
		dev_err(&port->dev->bus_dev->dev,
			"SF %u: auxiliary driver did not bind\n", port->number);
		sfsim_sf_adev_del(port);
		return;
	}
	port->attached = true;
}

/* Tear the function down; called with the devlink lock held. */
void sfsim_sf_detach(struct sfsim_port *port)
{
	if (!port->attached)
		return;
	if (port->adev)
		sfsim_sf_adev_del(port);
	port->attached = false;
}

/*
 * Reconcile opstate with state. The devlink core calls port ops with the
 * instance lock held and port removal cancels this work synchronously under
 * that lock, so the work must never block on it: it retries instead.
 */
void sfsim_sf_work(struct work_struct *work)
{
	struct sfsim_port *port = container_of(to_delayed_work(work),
					       struct sfsim_port, work);
	struct devlink *devlink = port->dev->devlink;

	if (!devl_trylock(devlink)) {
		queue_delayed_work(sfsim_wq, &port->work, 1);
		return;
	}
	if (port->state == DEVLINK_PORT_FN_STATE_ACTIVE && !port->attached &&
	    !port->dev->stall_attach)
		sfsim_sf_attach(port);
	else if (port->state == DEVLINK_PORT_FN_STATE_INACTIVE)
		sfsim_sf_detach(port);
	devl_unlock(devlink);
}

/* The PF of the local (and of the external) controller: hw_addr only. */
const struct devlink_port_ops sfsim_pf_port_ops = {
	.port_fn_hw_addr_get = sfsim_fn_hw_addr_get,
	.port_fn_hw_addr_set = sfsim_fn_hw_addr_set,
};

const struct devlink_port_ops sfsim_vf_port_ops = {
	.port_fn_hw_addr_get = sfsim_fn_hw_addr_get,
	.port_fn_hw_addr_set = sfsim_fn_hw_addr_set,
	.port_fn_roce_get = sfsim_fn_roce_get,
	.port_fn_roce_set = sfsim_fn_roce_set,
	.port_fn_migratable_get = sfsim_fn_migratable_get,
	.port_fn_migratable_set = sfsim_fn_migratable_set,
	.port_fn_ipsec_crypto_get = sfsim_fn_ipsec_crypto_get,
	.port_fn_ipsec_crypto_set = sfsim_fn_ipsec_crypto_set,
	.port_fn_ipsec_packet_get = sfsim_fn_ipsec_packet_get,
	.port_fn_ipsec_packet_set = sfsim_fn_ipsec_packet_set,
	.port_fn_max_io_eqs_get = sfsim_fn_max_io_eqs_get,
	.port_fn_max_io_eqs_set = sfsim_fn_max_io_eqs_set,
};

const struct devlink_port_ops sfsim_sf_port_ops = {
	.port_del = sfsim_port_del,
	.port_fn_hw_addr_get = sfsim_fn_hw_addr_get,
	.port_fn_hw_addr_set = sfsim_fn_hw_addr_set,
	.port_fn_roce_get = sfsim_fn_roce_get,
	.port_fn_roce_set = sfsim_fn_roce_set,
	.port_fn_migratable_get = sfsim_fn_migratable_get,
	.port_fn_migratable_set = sfsim_fn_migratable_set,
	.port_fn_ipsec_crypto_get = sfsim_fn_ipsec_crypto_get,
	.port_fn_ipsec_crypto_set = sfsim_fn_ipsec_crypto_set,
	.port_fn_ipsec_packet_get = sfsim_fn_ipsec_packet_get,
	.port_fn_ipsec_packet_set = sfsim_fn_ipsec_packet_set,
	.port_fn_max_io_eqs_get = sfsim_fn_max_io_eqs_get,
	.port_fn_max_io_eqs_set = sfsim_fn_max_io_eqs_set,
	.port_fn_state_get = sfsim_fn_state_get,
	.port_fn_state_set = sfsim_fn_state_set,
};

const struct devlink_port_ops sfsim_phys_port_ops = {};
