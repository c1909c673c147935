// SPDX-License-Identifier: GPL-2.0
/*
 * sriov_pf - companion mode: derived VF MACs, max_vfs and vf_config for PFs
 * that stay with their vendor driver (igb, ixgbe, i40e, ice, mlx5_core).
 *
 * With companion=igb,ixgbe (or companion=all) sriov_pf binds no device.  A
 * PCI bus notifier sees every VF appear (BUS_NOTIFY_ADD_DEVICE) or get a
 * driver (BUS_NOTIFY_BOUND_DRIVER) and only queues work: it runs in the task
 * that creates the VFs, which holds the PF's device lock, so nothing may
 * block there.  The work takes the PF's device lock, which guarantees that
 * the PF's sriov_configure (or probe) has returned: 6.1's igb zeroes the VF
 * MACs after pci_enable_sriov(), i40e and ice refuse ndo calls until then.
 * It reads which driver the VF has under the VF's device lock (see
 * spf_comp_vf_drv_get() for the order), then, under the locks ip link set
 * PF vf N takes (RTNL, and the PF netdev's instance lock where its driver
 * asks for it: sriov_pf_netdev_lock_ops()), the VF's MAC through the PF
 * netdev's ndo_get_vf_config and, when no one has chosen one, sets the
 * MAC vf_config declares for the VF, else the derived MAC (mac.c, keyed
 * on the PF netdev's perm_addr), through its ndo_set_vf_mac, after reading
 * the VF's MAC again: a MAC the VF chose meanwhile is kept.  On a look at
 * a VF just created (BUS_NOTIFY_ADD_DEVICE), the other settings vf_config
 * declares for it follow, through the PF driver's ndo_set_vf_*, in the
 * order of do_setvfinfo(); once: a later look (the VF bound to a driver)
 * applies nothing but a MAC to a VF that has none.
 * Then, for PF drivers that do not reset the VF themselves, a VF bound to
 * its native host driver is unbound and bound again so that it reads the
 * MAC; a VF with driver_override, or bound to anything else (vfio-pci), is
 * never touched.
 *
 * max_vfs: a PF bound to a named driver (BUS_NOTIFY_BOUND_DRIVER, or bound
 * at load) and without VFs gets the VFs max_vfs asks for through its
 * driver's sriov_configure, under the locks a write to sysfs sriov_numvfs
 * takes (the PF's device lock, and sriov_pf_sriov_configure_lock()), from
 * a work: never under RTNL, which igb and ixgbe take inside it.  For PF
 * drivers that serve VFs only while their netdev is up (needs_up), that
 * happens when it first comes up (NETDEV_UP queues the work).
 *
 * With companion=all, a PF whose driver has no netdev with VF MAC ops
 * (nvme, say) is skipped at once, with one log line per PF.  Works run on
 * an unbound workqueue: a VF whose PF driver answers "busy" is retried
 * without holding up the VFs of other PFs; rebinds go one at a time.
 *
 * A MAC set through ndo_set_vf_mac is "administratively set" for igb,
 * ixgbe, i40e and ice: the VF may no longer change it unless it is
 * trusted.  With companion_trust=1, a VF whose MAC companion mode has
 * just set, and that its PF driver reports untrusted, is made trusted
 * through ndo_set_vf_trust, so that the guest keeps the freedom it had
 * before (see the driver documentation).
 *
 * Who chose a non-zero MAC: the VF drivers make theirs up with
 * eth_hw_addr_random(), so a MAC equal to the host VF netdev's address with
 * NET_ADDR_RANDOM is the VF driver's own and is replaced.  Any other
 * non-zero MAC (the administrator's, or a guest's) is kept.
 */

#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <net/net_namespace.h>

#include "sriov_pf.h"

/**
 * struct spf_comp_driver - a PF driver companion mode knows
 * @pf: PF driver name, as in the companion parameter
 * @vf: its VF driver on the host, or NULL when unknown
 * @resets_vf: its ndo_set_vf_mac resets the VF, which then adopts the MAC
 * @needs_up: it answers the VF mailbox only while its netdev is up (its
 *	interrupt is requested at open): max_vfs waits for that
 */
struct spf_comp_driver {
	const char *pf;
	const char *vf;
	bool resets_vf;
	bool needs_up;
};

static const struct spf_comp_driver spf_comp_drivers[] = {
	{ .pf = "igb",		.vf = "igbvf",		.needs_up = true },
	{ .pf = "ixgbe",	.vf = "ixgbevf",	.needs_up = true },
	{ .pf = "i40e",		.vf = "iavf",		.resets_vf = true },
	{ .pf = "ice",		.vf = "iavf",		.resets_vf = true },
	{ .pf = "mlx5_core",	.vf = "mlx5_core" },
};

/* companion=all on a PF driver not in the table: set the MAC, no reprobe */
static const struct spf_comp_driver spf_comp_other = {
	.pf = NULL, .vf = NULL,
};

/* Retries while the PF driver says "not yet" (-EAGAIN, -EBUSY). */
#define SPF_COMP_RETRIES	20
#define SPF_COMP_RETRY_MS	250
/* Looks while a rate waits for the PF's link (igb and ixgbe refuse VF
 * rates without one), 30 s
 */
#define SPF_COMP_LINK_WAITS	120
/* rebinds of a VF driver that did not pick its MAC up */
#define SPF_COMP_REBINDS	3

/* Parsed companion parameter; written only while the module loads (0444). */
static bool spf_comp_all;
static bool spf_comp_trust;		/* companion_trust */
static unsigned long spf_comp_mask;	/* BIT(i): spf_comp_drivers[i] */
static char spf_comp_str[128];

/* Unbound: a VF whose PF driver says "not yet" sleeps between tries
 * without holding up the VFs of other PFs.
 */
static struct workqueue_struct *spf_comp_wq;
static bool spf_comp_stopping;		/* module exit has begun */
/* The VF a worker is re-binding: its BOUND_DRIVER event is ours. */
static struct device *spf_comp_rebinding;
static DEFINE_MUTEX(spf_comp_rebind_lock);	/* one rebind at a time */
/* PFs reported as skipped (companion=all, no netdev with VF ops), so
 * that the log says it once per PF, not once per VF
 */
static DEFINE_XARRAY(spf_comp_skipped);

/* max_vfs per PF (spf_comp_pf_key()), from its bind to its unbind:
 * SPF_COMP_PF_WAIT_UP (written under RTNL, where NETDEV_UP reads it) or
 * SPF_COMP_PF_DONE (created, or left alone); none before the first look
 */
static DEFINE_XARRAY(spf_comp_pfs);
#define SPF_COMP_PF_WAIT_UP	1
#define SPF_COMP_PF_DONE	2

/* debugfs companion_assign_delay_ms: a test's window between reading a
 * VF's MAC and setting it, RTNL held
 */
static struct dentry *spf_comp_debugfs;
static u32 spf_comp_assign_delay_ms;

/**
 * struct spf_comp_work - one VF to look at
 * @work: on spf_comp_wq
 * @vf: the VF (reference held)
 * @pf: its PF (reference held: the VF's own one goes when the VF is removed)
 * @vf_id: the VF's index
 * @existing: found at module load rather than seen being created or bound
 * @tries: how often the PF driver said "not yet"
 * @trust: companion_trust is still to be applied to the MAC set here
 * @cfg: the settings vf_config declares for the VF (@cfg_what says which)
 * @cfg_what: SRIOV_PF_VF_* bits
 * @pending: the settings of @cfg still to apply (the VF was just created)
 * @mac_done: the MAC is decided (set, kept, or nothing to do): later
 *	looks, for settings still pending, leave it
 * @wait_link: a rate the PF driver refused waits for the PF's link
 * @link_waited: the wait is over: a refusal is final
 */
struct spf_comp_work {
	struct work_struct work;
	struct pci_dev *vf;
	struct pci_dev *pf;
	int vf_id;
	bool existing;
	int tries;
	bool trust;
	struct sriov_pf_vf cfg;
	unsigned int cfg_what;
	unsigned int pending;
	bool mac_done;
	bool wait_link;
	bool link_waited;
};

/* A PF whose max_vfs is to be looked at */
struct spf_comp_pf_work {
	struct work_struct work;
	struct pci_dev *pf;	/* reference held */
};

bool sriov_pf_companion_enabled(void)
{
	return spf_comp_all || spf_comp_mask;
}

/* The entry for the driver bound to @pf, NULL if companion mode skips it.
 * Device lock of @pf held.
 */
static const struct spf_comp_driver *spf_comp_match(struct pci_dev *pf)
{
	struct device_driver *drv = pf->dev.driver;
	unsigned int i;

	if (!drv)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(spf_comp_drivers); i++) {
		if (strcmp(drv->name, spf_comp_drivers[i].pf))
			continue;
		if (spf_comp_all || (spf_comp_mask & BIT(i)))
			return &spf_comp_drivers[i];
		return NULL;
	}
	/* never our own PFs: they have their MACs already */
	if (spf_comp_all && strcmp(drv->name, SRIOV_PF_DRV_NAME))
		return &spf_comp_other;
	return NULL;
}

/* The PF's netdev with VF ops, in any namespace.  RTNL held. */
static struct net_device *spf_comp_pf_netdev(struct pci_dev *pf)
{
	struct net_device *dev, *found = NULL;
	struct net *net;

	ASSERT_RTNL();
	down_read(&net_rwsem);
	for_each_net(net) {
		for_each_netdev(net, dev) {
			/* representors and SFs share the parent, not the ops */
			if (dev->dev.parent == &pf->dev &&
			    dev->netdev_ops->ndo_set_vf_mac &&
			    dev->netdev_ops->ndo_get_vf_config) {
				found = dev;
				goto out;
			}
		}
	}
out:
	up_read(&net_rwsem);
	return found;
}

/* The VF's own netdev on this host, if its driver made one.  RTNL held. */
static struct net_device *spf_comp_vf_netdev(struct pci_dev *vf)
{
	struct net_device *dev, *found = NULL;
	struct net *net;

	down_read(&net_rwsem);
	for_each_net(net) {
		for_each_netdev(net, dev) {
			if (dev->dev.parent == &vf->dev) {
				found = dev;
				goto out;
			}
		}
	}
out:
	up_read(&net_rwsem);
	return found;
}

struct spf_comp_mac_ctx {
	struct pci_dev *pf;
	struct net_device *pfdev;
	int vf_id;
	int num_vfs;
};

/* Taken on the host, or by a sibling VF of the same PF? */
static bool spf_comp_mac_in_use(const u8 *mac, void *ctx)
{
	struct spf_comp_mac_ctx *c = ctx;
	struct ifla_vf_info ivi;
	int i;

	if (sriov_pf_mac_in_use_host(c->pf, NULL, c->vf_id, mac))
		return true;
	for (i = 0; i < c->num_vfs; i++) {
		if (i == c->vf_id)
			continue;
		memset(&ivi, 0, sizeof(ivi));
		if (c->pfdev->netdev_ops->ndo_get_vf_config(c->pfdev, i, &ivi))
			continue;
		if (ether_addr_equal(ivi.mac, mac))
			return true;
	}
	return false;
}

static bool spf_comp_retry_err(int err)
{
	return err == -EAGAIN || err == -EBUSY;
}

/* companion_trust: trust a VF whose MAC companion mode set, unless its PF
 * driver reports it trusted already.  RTNL and the PF netdev's ops lock
 * held.  Returns -EAGAIN to be called again, else 0 (a refusal is logged:
 * the MAC stays set).
 */
static int spf_comp_trust_vf(struct spf_comp_work *w, struct net_device *pfdev,
			     bool *changed)
{
	const struct net_device_ops *ops = pfdev->netdev_ops;
	struct ifla_vf_info ivi = {};
	int err;

	ASSERT_RTNL();
	err = ops->ndo_get_vf_config(pfdev, w->vf_id, &ivi);
	if (spf_comp_retry_err(err))
		return -EAGAIN;
	w->trust = false;
	if (err || ivi.trusted)
		return 0;
	if (!ops->ndo_set_vf_trust) {
		pci_info(w->vf,
			 "companion: %s cannot trust VFs: VF %d may not change the MAC companion mode set\n",
			 netdev_name(pfdev), w->vf_id);
		return 0;
	}
	err = ops->ndo_set_vf_trust(pfdev, w->vf_id, true);
	if (spf_comp_retry_err(err)) {
		w->trust = true;
		return -EAGAIN;
	}
	if (err) {
		pci_warn(w->vf,
			 "companion: %s: cannot trust VF %d: %d; it may not change the MAC companion mode set\n",
			 netdev_name(pfdev), w->vf_id, err);
		return 0;
	}
	*changed = true;
	pci_info(w->vf,
		 "companion: VF %d of %s is trusted (companion_trust): it may change its own MAC\n",
		 w->vf_id, netdev_name(pfdev));
	return 0;
}

/* vf_config's settings other than the MAC, in the order do_setvfinfo()
 * applies the attributes of ip link set PF vf N ...
 */
static const unsigned int spf_comp_order[] = {
	SRIOV_PF_VF_VLAN, SRIOV_PF_VF_RATE, SRIOV_PF_VF_SPOOFCHK,
	SRIOV_PF_VF_LINK, SRIOV_PF_VF_TRUST,
};

static const char * const spf_comp_link_names[] = {
	[IFLA_VF_LINK_STATE_AUTO] = "auto",
	[IFLA_VF_LINK_STATE_ENABLE] = "enable",
	[IFLA_VF_LINK_STATE_DISABLE] = "disable",
};

/* @bit's setting of @c, as ip link set PF vf N ... writes it */
static void spf_comp_setting_str(char *buf, size_t size,
				 const struct sriov_pf_vf *c, unsigned int bit)
{
	switch (bit) {
	case SRIOV_PF_VF_VLAN:
		scnprintf(buf, size, "vlan %u qos %u", c->vlan, c->qos);
		break;
	case SRIOV_PF_VF_RATE:
		scnprintf(buf, size, "max_tx_rate %u", c->max_tx_rate);
		break;
	case SRIOV_PF_VF_SPOOFCHK:
		scnprintf(buf, size, "spoofchk %s", c->spoofchk ? "on" : "off");
		break;
	case SRIOV_PF_VF_LINK:
		scnprintf(buf, size, "state %s",
			  c->link_state < ARRAY_SIZE(spf_comp_link_names) ?
			  spf_comp_link_names[c->link_state] : "?");
		break;
	case SRIOV_PF_VF_TRUST:
		scnprintf(buf, size, "trust %s", c->trusted ? "on" : "off");
		break;
	default:
		scnprintf(buf, size, "?");
		break;
	}
}

/* Apply @bit's setting of @c to VF @vf through @dev's ndo, as
 * do_setvfinfo() does: -EOPNOTSUPP without the ndo.  RTNL and @dev's ops
 * lock held.
 */
static int spf_comp_set_one(struct net_device *dev, int vf,
			    const struct sriov_pf_vf *c, unsigned int bit)
{
	const struct net_device_ops *ops = dev->netdev_ops;
	struct ifla_vf_info ivi = {};
	int err;

	switch (bit) {
	case SRIOV_PF_VF_VLAN:
		if (!ops->ndo_set_vf_vlan)
			return -EOPNOTSUPP;
		return ops->ndo_set_vf_vlan(dev, vf, c->vlan, c->qos,
					    htons(ETH_P_8021Q));
	case SRIOV_PF_VF_RATE:
		if (!ops->ndo_set_vf_rate)
			return -EOPNOTSUPP;
		/* the minimum stays as it is (IFLA_VF_TX_RATE) */
		err = ops->ndo_get_vf_config(dev, vf, &ivi);
		if (err)
			return err;
		if (c->max_tx_rate && c->max_tx_rate < ivi.min_tx_rate)
			return -EINVAL;
		return ops->ndo_set_vf_rate(dev, vf, ivi.min_tx_rate,
					    c->max_tx_rate);
	case SRIOV_PF_VF_SPOOFCHK:
		if (!ops->ndo_set_vf_spoofchk)
			return -EOPNOTSUPP;
		return ops->ndo_set_vf_spoofchk(dev, vf, c->spoofchk);
	case SRIOV_PF_VF_LINK:
		if (!ops->ndo_set_vf_link_state)
			return -EOPNOTSUPP;
		return ops->ndo_set_vf_link_state(dev, vf, c->link_state);
	case SRIOV_PF_VF_TRUST:
		if (!ops->ndo_set_vf_trust)
			return -EOPNOTSUPP;
		return ops->ndo_set_vf_trust(dev, vf, c->trusted);
	default:
		return -EOPNOTSUPP;
	}
}

/* The settings of w->cfg still pending, each once: one the PF driver
 * refuses is logged and dropped, except a rate refused while the PF has
 * no link, which waits for one (w->wait_link).  RTNL and the PF netdev's
 * ops lock held.  Returns -EAGAIN while the PF driver says "not yet".
 */
static int spf_comp_apply(struct spf_comp_work *w, struct net_device *pfdev,
			  bool *changed)
{
	char what[32], done[128] = "";
	size_t len = 0;
	unsigned int i, bit;
	int err;

	ASSERT_RTNL();
	w->wait_link = false;
	for (i = 0; i < ARRAY_SIZE(spf_comp_order); i++) {
		bit = spf_comp_order[i];
		if (!(w->pending & bit))
			continue;
		err = spf_comp_set_one(pfdev, w->vf_id, &w->cfg, bit);
		if (spf_comp_retry_err(err))
			return -EAGAIN;
		spf_comp_setting_str(what, sizeof(what), &w->cfg, bit);
		if (err && bit == SRIOV_PF_VF_RATE && !w->link_waited &&
		    !netif_carrier_ok(pfdev)) {
			w->wait_link = true;
			continue;
		}
		w->pending &= ~bit;
		if (err) {
			pci_warn(w->pf,
				 "companion: VF %d of %s: vf_config %s not applied by %s: %pe\n",
				 w->vf_id, netdev_name(pfdev), what,
				 w->pf->dev.driver->name, ERR_PTR(err));
			continue;
		}
		*changed = true;
		len += scnprintf(done + len, sizeof(done) - len, "%s%s",
				 len ? ", " : "", what);
	}
	if (len)
		pci_info(w->pf, "companion: VF %d of %s: vf_config %s\n",
			 w->vf_id, netdev_name(pfdev), done);
	return 0;
}

/**
 * struct spf_comp_vf_drv - the VF's driver on the host, as last seen
 * @name: its name, empty when the VF has no driver
 * @native: it is the VF driver of the PF's driver (spf_comp_driver.vf)
 */
struct spf_comp_vf_drv {
	char name[MODULE_NAME_LEN];
	bool native;
};

/* Read @vf's binding into @out under the VF's device lock: the driver core
 * binds and unbinds under it, and a driver cannot unregister (its module
 * go) while a device is bound to it, so the name is valid there.  Lock
 * order: the PF's device lock (the caller's), then the VF's, as the PCI
 * core nests them when pci_disable_sriov() unbinds the VF drivers; never
 * under RTNL, which a VF driver's probe takes under the VF's lock
 * (register_netdev()).  Only tried: a vfio remove waiting for its user
 * holds the VF's lock, maybe for good, and the caller holds the PF's.
 * Returns false when the lock is taken: look again later.  The binding
 * may change once the lock is dropped: a new driver queues another look
 * (BUS_NOTIFY_BOUND_DRIVER), and a rebind checks again under the lock
 * (spf_comp_rebind_get()).
 */
static bool spf_comp_vf_drv_get(struct pci_dev *vf,
				const struct spf_comp_driver *d,
				struct spf_comp_vf_drv *out)
{
	struct device_driver *drv;

	if (!device_trylock(&vf->dev))
		return false;
	drv = vf->dev.driver;
	strscpy(out->name, drv ? drv->name : "", sizeof(out->name));
	out->native = drv && d->vf && !strcmp(drv->name, d->vf);
	device_unlock(&vf->dev);
	return true;
}

/* The key of @pdev in spf_comp_skipped and spf_comp_pfs */
static unsigned long spf_comp_pf_key(struct pci_dev *pdev)
{
	return (unsigned long)pci_domain_nr(pdev->bus) << 16 | pci_dev_id(pdev);
}

/* Decide and set the VF's MAC: the one vf_config declares, else the
 * derived one.  PF device lock, RTNL and @pfdev's ops lock held; @vfdrv
 * was read under the same PF lock.  Returns -EAGAIN to be called again
 * later, 0 or another errno when done; sets *@changed when it set the
 * MAC, *@rebind when the VF's host driver must re-read its MAC.
 */
static int spf_comp_assign(struct spf_comp_work *w,
			   const struct spf_comp_driver *d,
			   const struct spf_comp_vf_drv *vfdrv,
			   struct net_device *pfdev, bool *changed,
			   bool *rebind)
{
	const struct net_device_ops *ops = pfdev->netdev_ops;
	bool declared = w->cfg_what & SRIOV_PF_VF_MAC;
	bool bound = vfdrv->name[0], native = vfdrv->native;
	struct pci_dev *vf = w->vf, *pf = w->pf;
	struct spf_comp_mac_ctx ctx = {
		.pf = pf, .pfdev = pfdev, .vf_id = w->vf_id,
		.num_vfs = pci_num_vf(pf),
	};
	struct ifla_vf_info ivi = {}, now = {};
	struct net_device *vfdev;
	unsigned int delay;
	bool set = false;
	u8 mac[ETH_ALEN];
	int err;

	ASSERT_RTNL();

	if (!declared && !is_valid_ether_addr(pfdev->perm_addr)) {
		pci_warn(vf,
			 "companion: PF netdev %s has no permanent MAC to derive VF MACs from; MAC of VF %d left alone\n",
			 netdev_name(pfdev), ctx.vf_id);
		return 0;
	}

	err = ops->ndo_get_vf_config(pfdev, ctx.vf_id, &ivi);
	if (err) {
		if (spf_comp_retry_err(err))
			return -EAGAIN;
		pci_warn(vf, "companion: %s: cannot read VF %d config: %d\n",
			 netdev_name(pfdev), ctx.vf_id, err);
		return err;
	}

	vfdev = spf_comp_vf_netdev(vf);

	if (declared)
		ether_addr_copy(mac, w->cfg.mac);
	else
		sriov_pf_mac_pick(pf, pfdev->perm_addr, ctx.vf_id,
				  spf_comp_mac_in_use, &ctx, mac);

	if (ether_addr_equal(ivi.mac, mac)) {
		/* ours already */
	} else if (is_zero_ether_addr(ivi.mac)) {
		if (w->existing && bound && !native) {
			/* a guest may be using it, and see its MAC change */
			pci_info(vf,
				 "companion: VF %d of %s is bound to %s and existed before %s was loaded: it may be in use by a guest, MAC left alone\n",
				 ctx.vf_id, netdev_name(pfdev), vfdrv->name,
				 SRIOV_PF_DRV_NAME);
			return 0;
		}
		set = true;
	} else if (vfdev && vfdev->addr_assign_type == NET_ADDR_RANDOM &&
		   ether_addr_equal(vfdev->dev_addr, ivi.mac)) {
		/* the VF driver made it up (eth_hw_addr_random()); replace
		 * it only if the driver will see the new one, or its
		 * receive filter would silently go away (igb, ixgbe)
		 */
		if (!d->resets_vf &&
		    (!native || sriov_pf_has_driver_override(vf))) {
			pci_info(vf,
				 "companion: VF %d of %s keeps the random MAC %pM its driver chose: it cannot be rebound (driver_override, or not its native driver)\n",
				 ctx.vf_id, netdev_name(pfdev), ivi.mac);
			return 0;
		}
		set = true;
	} else {
		pci_info(vf,
			 "companion: VF %d of %s keeps MAC %pM: set by the administrator or by the VF's user, not a random MAC of a host VF driver\n",
			 ctx.vf_id, netdev_name(pfdev), ivi.mac);
		return 0;
	}

	if (set) {
		delay = READ_ONCE(spf_comp_assign_delay_ms);
		if (delay)
			msleep(delay);
		/* The VF sets its own MAC over the mailbox, under none of
		 * the locks held here: what it chose since the read above
		 * is kept.
		 */
		err = ops->ndo_get_vf_config(pfdev, ctx.vf_id, &now);
		if (spf_comp_retry_err(err))
			return -EAGAIN;
		if (err || !ether_addr_equal(now.mac, ivi.mac)) {
			pci_dbg(vf,
				"companion: VF %d of %s: MAC %pM when read again (%d), %pM before: chosen meanwhile, kept\n",
				ctx.vf_id, netdev_name(pfdev), now.mac, err,
				ivi.mac);
			return 0;
		}
		err = ops->ndo_set_vf_mac(pfdev, ctx.vf_id, mac);
		if (err) {
			if (spf_comp_retry_err(err))
				return -EAGAIN;
			pci_warn(vf,
				 "companion: %s: cannot set MAC %pM on VF %d: %d\n",
				 netdev_name(pfdev), mac, ctx.vf_id, err);
			return err;
		}
		*changed = true;
		pci_info(vf, "companion: VF %d of %s (%s): MAC %pM%s\n",
			 ctx.vf_id, netdev_name(pfdev), pci_name(pf), mac,
			 declared ? " (vf_config)" : "");
		/* a trust vf_config declares wins */
		w->trust = spf_comp_trust &&
			   !(w->cfg_what & SRIOV_PF_VF_TRUST);
	}

	/* A VF driver whose reset found the PF busy (its link was just
	 * coming up) makes up a random MAC and may take ours afterwards
	 * over the mailbox: the address is right, but the netdev still
	 * says it is random.  Only a permanent address counts as taken.
	 */
	if (!vfdev || (ether_addr_equal(vfdev->dev_addr, mac) &&
		       vfdev->addr_assign_type != NET_ADDR_RANDOM))
		return 0;
	if (d->resets_vf)
		return 0;	/* the PF driver reset the VF, which adopts it */
	if (native)
		*rebind = true;
	else if (set && bound)
		pci_info(vf,
			 "companion: VF %d is bound to %s: reload it to use MAC %pM\n",
			 ctx.vf_id, vfdrv->name, mac);
	return 0;
}

/* One look at the VF: its MAC, then the settings still pending, then
 * companion_trust, all under RTNL and the PF netdev's ops lock, as
 * rtnetlink calls the same ndos.  PF device lock and RTNL held.
 * Returns as spf_comp_assign().
 */
static int spf_comp_look(struct spf_comp_work *w,
			 const struct spf_comp_driver *d,
			 const struct spf_comp_vf_drv *vfdrv, bool *rebind)
{
	struct pci_dev *pf = w->pf;
	struct net_device *pfdev;
	bool changed = false;
	int err;

	ASSERT_RTNL();

	if (w->vf_id < 0 || w->vf_id >= pci_num_vf(pf))
		return 0;

	pfdev = spf_comp_pf_netdev(pf);
	if (!pfdev && d == &spf_comp_other) {
		/* companion=all and a PF driver without VF MACs (NVMe...) */
		if (!xa_insert(&spf_comp_skipped, spf_comp_pf_key(pf),
			       xa_mk_value(1), GFP_KERNEL))
			pci_info(pf,
				 "companion: %s has no netdev with VF MAC support: its VFs are skipped\n",
				 pf->dev.driver->name);
		return 0;
	}
	if (!pfdev) {
		if (!w->tries)
			pci_info(w->vf,
				 "companion: PF %s (%s) has no netdev with VF MAC support (yet); MAC of VF %d left alone\n",
				 pci_name(pf), pf->dev.driver->name, w->vf_id);
		return w->existing ? 0 : -EAGAIN;
	}

	sriov_pf_netdev_lock_ops(pfdev);
	err = 0;
	if (!w->mac_done) {
		err = spf_comp_assign(w, d, vfdrv, pfdev, &changed, rebind);
		/* after a rebind, the MAC is looked at again */
		w->mac_done = !err && !*rebind;
	}
	if (!err && w->pending)
		err = spf_comp_apply(w, pfdev, &changed);
	/* the MAC set by this look, or by one whose trust was "not yet" */
	if (!err && w->trust)
		err = spf_comp_trust_vf(w, pfdev, &changed);
	sriov_pf_netdev_unlock_ops(pfdev);
	if (changed)
		netdev_state_change(pfdev);
	return err;
}

/* The VF's native driver with a module reference, or NULL to leave it. */
static struct device_driver *spf_comp_rebind_get(struct pci_dev *vf,
						 const struct spf_comp_driver *d)
{
	struct device_driver *drv;
	bool override;

	device_lock(&vf->dev);
	drv = vf->dev.driver;
	override = sriov_pf_has_driver_override(vf);
	if (drv && (strcmp(drv->name, d->vf) || override ||
		    !try_module_get(drv->owner)))
		drv = NULL;
	device_unlock(&vf->dev);
	if (override)
		pci_info(vf,
			 "companion: driver_override is set: not rebinding it; reload its driver to use the new MAC\n");
	return drv;
}

/* Unbind the VF from its native driver and bind it to the same driver
 * again, so that the driver reads the new MAC at probe.  PF device lock
 * held, RTNL not (probe and remove register and unregister netdevs).
 */
static void spf_comp_rebind(struct pci_dev *vf, const struct spf_comp_driver *d)
{
	struct device *dev = &vf->dev;
	struct device_driver *drv;
	int err;

	drv = spf_comp_rebind_get(vf, d);
	if (!drv)
		return;
	pci_info(vf, "companion: rebinding %s so that it reads its MAC\n",
		 drv->name);
	mutex_lock(&spf_comp_rebind_lock);
	WRITE_ONCE(spf_comp_rebinding, dev);
	device_release_driver(dev);
	err = device_driver_attach(drv, dev);
	WRITE_ONCE(spf_comp_rebinding, NULL);
	mutex_unlock(&spf_comp_rebind_lock);
	if (err || !READ_ONCE(dev->driver))
		pci_warn(vf, "companion: %s did not bind again: %d\n",
			 drv->name, err);
	module_put(drv->owner);
}

static void spf_comp_work_fn(struct work_struct *work)
{
	struct spf_comp_work *w = container_of(work, struct spf_comp_work,
					       work);
	int tries = 0, waits = 0, rebinds = 0, err;
	const struct spf_comp_driver *d;
	struct spf_comp_vf_drv vfdrv;
	bool rebind;

	while (!READ_ONCE(spf_comp_stopping)) {
		w->tries = tries;
		w->wait_link = false;
		rebind = false;
		err = 0;
		/* waits for the PF's sriov_configure or probe to return */
		device_lock(&w->pf->dev);
		d = spf_comp_match(w->pf);
		if (d && device_is_registered(&w->vf->dev)) {
			if (spf_comp_vf_drv_get(w->vf, d, &vfdrv)) {
				rtnl_lock();
				err = spf_comp_look(w, d, &vfdrv, &rebind);
				rtnl_unlock();
			} else {
				/* its driver is being bound, unbound or reset */
				err = -EAGAIN;
			}
		}
		if (!err && rebind && rebinds < SPF_COMP_REBINDS) {
			spf_comp_rebind(w->vf, d);
			/* Look again: a VF driver whose reset timed out
			 * (a busy PF) made up a random MAC once more.
			 */
			rebinds++;
			err = -EAGAIN;
		} else if (!err && rebind) {
			pci_warn(w->vf,
				 "companion: %s did not take the MAC after %d rebinds; reload it to use the MAC\n",
				 d->vf, rebinds);
		}
		device_unlock(&w->pf->dev);
		if (err == -EAGAIN) {
			if (++tries > SPF_COMP_RETRIES) {
				pci_warn(w->vf,
					 "companion: PF %s (or this VF's driver) still busy after %d ms; MAC or vf_config left alone\n",
					 pci_name(w->pf),
					 SPF_COMP_RETRIES * SPF_COMP_RETRY_MS);
				break;
			}
		} else if (!err && w->wait_link) {
			/* one more look once the wait is over, to log */
			if (++waits >= SPF_COMP_LINK_WAITS)
				w->link_waited = true;
		} else {
			break;
		}
		msleep(SPF_COMP_RETRY_MS);
	}
	pci_dev_put(w->pf);
	pci_dev_put(w->vf);
	kfree(w);
}

/* Queue a look at @vf: @create for a VF just created, whose declared
 * settings are then applied.  Any context that may sleep; takes no lock.
 */
static void spf_comp_queue(struct pci_dev *vf, bool existing, bool create)
{
	const struct sriov_pf_vf_config_entry *own, *dflt;
	struct pci_dev *pf = pci_physfn(vf);
	struct spf_comp_work *w;

	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return;
	INIT_WORK(&w->work, spf_comp_work_fn);
	w->vf = pci_dev_get(vf);
	w->pf = pci_dev_get(pf);
	w->existing = existing;
	/* offset and stride are set before the VF is added */
	w->vf_id = pci_iov_vf_id(vf);
	if (w->vf_id >= 0) {
		sriov_pf_vf_config_find(sriov_pf_vf_config_get(),
					pci_domain_nr(pf->bus), pf->bus->number,
					pf->devfn, w->vf_id, &own, &dflt);
		w->cfg_what = sriov_pf_vf_config_merge(own, dflt, &w->cfg);
	}
	if (create)
		w->pending = w->cfg_what & ~SRIOV_PF_VF_MAC;
	queue_work(spf_comp_wq, &w->work);
}

/* ----------------------------------------------------------- max_vfs */

/* Is @pf ready for its VFs?  0 if so; -EAGAIN if it waits for its netdev
 * to come up (marked SPF_COMP_PF_WAIT_UP under RTNL, so that NETDEV_UP
 * sees it); -ENODEV for a PF companion=all skips.  PF device lock held.
 */
static int spf_comp_pf_ready(struct pci_dev *pf,
			     const struct spf_comp_driver *d, unsigned int num)
{
	unsigned long key = spf_comp_pf_key(pf);
	struct net_device *pfdev;
	int ret = 0;

	device_lock_assert(&pf->dev);
	rtnl_lock();
	pfdev = spf_comp_pf_netdev(pf);
	if (!pfdev && d == &spf_comp_other) {
		pci_info(pf,
			 "companion: max_vfs not applied: %s has no netdev with VF MAC support\n",
			 pf->dev.driver->name);
		ret = -ENODEV;
	} else if (d->needs_up && !(pfdev && netif_running(pfdev))) {
		if (xa_to_value(xa_load(&spf_comp_pfs, key)) !=
		    SPF_COMP_PF_WAIT_UP) {
			xa_store(&spf_comp_pfs, key,
				 xa_mk_value(SPF_COMP_PF_WAIT_UP), GFP_KERNEL);
			pci_info(pf,
				 "companion: max_vfs: %u VFs when %s comes up (%s serves VFs only while it is up)\n",
				 num, pfdev ? netdev_name(pfdev) : "its netdev",
				 d->pf);
		}
		ret = -EAGAIN;
	}
	rtnl_unlock();
	return ret;
}

/* Create the VFs max_vfs asks for on @pf, once per binding of its
 * driver, through the driver's sriov_configure under the locks of
 * sriov_numvfs_store(): the PF's device lock (held), then
 * sriov_pf_sriov_configure_lock().  A PF with VFs is left as it is.
 */
static void spf_comp_pf_max_vfs(struct pci_dev *pf)
{
	unsigned long key = spf_comp_pf_key(pf);
	const struct spf_comp_driver *d;
	struct pci_driver *drv;
	unsigned int want, total;
	int ret;

	device_lock_assert(&pf->dev);
	d = spf_comp_match(pf);
	if (!d || !pf->is_physfn)
		return;
	want = sriov_pf_max_vfs_for(pf);
	if (!want ||
	    xa_to_value(xa_load(&spf_comp_pfs, key)) == SPF_COMP_PF_DONE)
		return;
	if (pci_num_vf(pf)) {
		pci_info(pf,
			 "companion: max_vfs %u not applied: %d VFs exist already\n",
			 want, pci_num_vf(pf));
		goto done;
	}
	ret = spf_comp_pf_ready(pf, d, want);
	if (ret == -EAGAIN)
		return;
	if (ret)
		goto done;
	drv = to_pci_driver(pf->dev.driver);
	if (!drv->sriov_configure) {
		pci_warn(pf,
			 "companion: max_vfs not applied: %s has no sriov_configure\n",
			 drv->name);
		goto done;
	}
	total = pci_sriov_get_totalvfs(pf);
	if (want > total) {
		pci_warn(pf,
			 "companion: max_vfs %u exceeds TotalVFs %u of %s, clamping to %u\n",
			 want, total, pci_name(pf), total);
		want = total;
	}
	sriov_pf_sriov_configure_lock();
	ret = drv->sriov_configure(pf, want);
	sriov_pf_sriov_configure_unlock();
	if (ret < 0)
		pci_err(pf, "companion: max_vfs: %s cannot create %u VFs: %pe\n",
			drv->name, want, ERR_PTR(ret));
	else if (ret != want)
		pci_warn(pf, "companion: max_vfs: %s created %d of %u VFs\n",
			 drv->name, ret, want);
	else
		pci_info(pf, "companion: max_vfs: %u VFs created through %s\n",
			 want, drv->name);
done:
	xa_store(&spf_comp_pfs, key, xa_mk_value(SPF_COMP_PF_DONE),
		 GFP_KERNEL);
}

static void spf_comp_pf_work_fn(struct work_struct *work)
{
	struct spf_comp_pf_work *w = container_of(work, struct spf_comp_pf_work,
						  work);

	if (!READ_ONCE(spf_comp_stopping)) {
		/* waits for the PF driver's probe to return */
		device_lock(&w->pf->dev);
		spf_comp_pf_max_vfs(w->pf);
		device_unlock(&w->pf->dev);
	}
	pci_dev_put(w->pf);
	kfree(w);
}

/* Queue a max_vfs look at @pf.  Any context that may sleep; takes no
 * lock.
 */
static void spf_comp_pf_queue(struct pci_dev *pf)
{
	struct spf_comp_pf_work *w;

	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return;
	INIT_WORK(&w->work, spf_comp_pf_work_fn);
	w->pf = pci_dev_get(pf);
	queue_work(spf_comp_wq, &w->work);
}

/* Runs in the task creating, binding or unbinding the device, with its
 * device lock (a VF's PF's, for BUS_NOTIFY_ADD_DEVICE) held: queue,
 * never block.
 */
static int spf_comp_notify(struct notifier_block *nb, unsigned long action,
			   void *data)
{
	struct device *dev = data;
	struct pci_dev *pdev = to_pci_dev(dev);

	switch (action) {
	case BUS_NOTIFY_ADD_DEVICE:
		if (pdev->is_virtfn)
			spf_comp_queue(pdev, false, true);
		break;
	case BUS_NOTIFY_BOUND_DRIVER:
		if (pdev->is_virtfn && READ_ONCE(spf_comp_rebinding) != dev)
			spf_comp_queue(pdev, false, false);
		else if (pdev->is_physfn)
			spf_comp_pf_queue(pdev);
		break;
	case BUS_NOTIFY_UNBOUND_DRIVER:
		/* the next driver bound gets max_vfs again */
		if (pdev->is_physfn)
			xa_erase(&spf_comp_pfs, spf_comp_pf_key(pdev));
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block spf_comp_nb = {
	.notifier_call = spf_comp_notify,
};

/* NETDEV_UP of a PF netdev whose max_vfs waits for it.  RTNL held: queue,
 * never take the PF's device lock here (sriov_configure takes RTNL inside
 * it).
 */
static int spf_comp_netdev_event(struct notifier_block *nb,
				 unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct device *parent = dev->dev.parent;
	struct pci_dev *pdev;

	if (event != NETDEV_UP || !parent || !dev_is_pci(parent))
		return NOTIFY_DONE;
	pdev = to_pci_dev(parent);
	if (xa_to_value(xa_load(&spf_comp_pfs, spf_comp_pf_key(pdev))) ==
	    SPF_COMP_PF_WAIT_UP)
		spf_comp_pf_queue(pdev);
	return NOTIFY_DONE;
}

static struct notifier_block spf_comp_netdev_nb = {
	.notifier_call = spf_comp_netdev_event,
};

/**
 * sriov_pf_companion_init() - start companion mode
 *
 * Registers the bus and netdev notifiers, then queues every PF (for
 * max_vfs) and every VF that already exists.
 *
 * Return: 0 or a negative errno.
 */
int sriov_pf_companion_init(void)
{
	struct pci_dev *pdev = NULL;
	int err;

	spf_comp_wq = alloc_workqueue("sriov_pf_companion", WQ_UNBOUND, 0);
	if (!spf_comp_wq)
		return -ENOMEM;
	spf_comp_debugfs = debugfs_create_dir(SRIOV_PF_DRV_NAME, NULL);
	debugfs_create_u32("companion_assign_delay_ms", 0600, spf_comp_debugfs,
			   &spf_comp_assign_delay_ms);
	err = bus_register_notifier(&pci_bus_type, &spf_comp_nb);
	if (err)
		goto err_destroy_wq;
	err = register_netdevice_notifier(&spf_comp_netdev_nb);
	if (err)
		goto err_bus_unregister;
	pr_info("%s: companion mode for %s PFs: binding no device, giving their VFs derived MACs%s\n",
		SRIOV_PF_DRV_NAME, spf_comp_all ? "all" : spf_comp_str,
		sriov_pf_vf_config_get()->n ? " and their vf_config settings" :
		"");

	/* one created or bound meanwhile is queued twice; the second
	 * look finds nothing to do
	 */
	for_each_pci_dev(pdev) {
		if (pdev->is_virtfn)
			spf_comp_queue(pdev, true, false);
		else if (pdev->is_physfn)
			spf_comp_pf_queue(pdev);
	}
	return 0;

err_bus_unregister:
	bus_unregister_notifier(&pci_bus_type, &spf_comp_nb);
err_destroy_wq:
	debugfs_remove_recursive(spf_comp_debugfs);
	destroy_workqueue(spf_comp_wq);
	return err;
}

/**
 * sriov_pf_companion_exit() - stop companion mode
 *
 * No new work after the notifiers are gone; queued work ends at once,
 * work in progress finishes (it may wait for a PF's sriov_configure, or
 * be creating VFs).  VFs and their settings stay as they are.
 */
void sriov_pf_companion_exit(void)
{
	bus_unregister_notifier(&pci_bus_type, &spf_comp_nb);
	unregister_netdevice_notifier(&spf_comp_netdev_nb);
	WRITE_ONCE(spf_comp_stopping, true);
	destroy_workqueue(spf_comp_wq);
	debugfs_remove_recursive(spf_comp_debugfs);
	xa_destroy(&spf_comp_skipped);
	xa_destroy(&spf_comp_pfs);
}

/* ---------------------------------------------------------------- param */

static int spf_comp_set(const char *val, const struct kernel_param *kp)
{
	char buf[sizeof(spf_comp_str)], *s, *tok;
	unsigned long mask = 0;
	bool all = false;
	unsigned int i;
	size_t len;

	if (strscpy(buf, val, sizeof(buf)) < 0) {
		pr_err("%s: companion is too long (at most %zu characters)\n",
		       SRIOV_PF_DRV_NAME, sizeof(buf) - 1);
		return -EINVAL;
	}
	s = strim(buf);
	if (!*s)
		goto done;
	if (!strcmp(s, "all")) {
		all = true;
		goto done;
	}
	while ((tok = strsep(&s, ",")) != NULL) {
		tok = strim(tok);
		if (!strcmp(tok, "all")) {
			pr_err("%s: invalid companion \"%s\": all cannot be combined with driver names\n",
			       SRIOV_PF_DRV_NAME, val);
			return -EINVAL;
		}
		for (i = 0; i < ARRAY_SIZE(spf_comp_drivers); i++) {
			if (!strcmp(tok, spf_comp_drivers[i].pf))
				break;
		}
		if (i == ARRAY_SIZE(spf_comp_drivers)) {
			pr_err("%s: invalid companion \"%s\": %s%s%s; use a comma list of igb, ixgbe, i40e, ice, mlx5_core, or all\n",
			       SRIOV_PF_DRV_NAME, val,
			       *tok ? "unknown PF driver \"" : "empty driver name",
			       *tok ? tok : "", *tok ? "\"" : "");
			return -EINVAL;
		}
		mask |= BIT(i);
	}
done:
	spf_comp_all = all;
	spf_comp_mask = mask;
	/* canonical form: the known names, in table order */
	len = scnprintf(spf_comp_str, sizeof(spf_comp_str), "%s",
			all ? "all" : "");
	for (i = 0; i < ARRAY_SIZE(spf_comp_drivers); i++) {
		if (mask & BIT(i))
			len += scnprintf(spf_comp_str + len,
					 sizeof(spf_comp_str) - len, "%s%s",
					 len ? "," : "", spf_comp_drivers[i].pf);
	}
	return 0;
}

static int spf_comp_get(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, PAGE_SIZE, "%s\n", spf_comp_str);
}

static const struct kernel_param_ops spf_comp_ops = {
	.set = spf_comp_set,
	.get = spf_comp_get,
};

module_param_cb(companion, &spf_comp_ops, NULL, 0444);
MODULE_PARM_DESC(companion,
		 "Companion mode: PF drivers whose VFs get derived MACs (and max_vfs, vf_config) while the PF stays with that driver: a comma list of igb, ixgbe, i40e, ice, mlx5_core, or all; empty (default) is off. sriov_pf then binds no device");

module_param_named(companion_trust, spf_comp_trust, bool, 0444);
MODULE_PARM_DESC(companion_trust,
		 "Companion mode: also trust each VF whose MAC companion mode sets, if its PF driver reports it untrusted, so that the guest may still change its MAC (igb, ixgbe, i40e and ice lock a MAC set by the PF); trust lets it do more on some drivers, see the documentation. Default off");
