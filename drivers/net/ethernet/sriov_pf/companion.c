// SPDX-License-Identifier: GPL-2.0
/*
 * sriov_pf - companion mode: derived VF MACs for PFs that stay with their
 * vendor driver (igb, ixgbe, i40e, ice, mlx5_core).
 *
 * With companion=igb,ixgbe (or companion=all) sriov_pf binds no device.  A
 * PCI bus notifier sees every VF appear (BUS_NOTIFY_ADD_DEVICE) or get a
 * driver (BUS_NOTIFY_BOUND_DRIVER) and only queues work: it runs in the task
 * that creates the VFs, which holds the PF's device lock, so nothing may
 * block there.  The work takes the PF's device lock, which guarantees that
 * the PF's sriov_configure (or probe) has returned: 6.1's igb zeroes the VF
 * MACs after pci_enable_sriov(), i40e and ice refuse ndo calls until then.
 * It reads which driver the VF has under the VF's device lock (see
 * spf_comp_vf_drv_get() for the order), then, under RTNL, the VF's MAC
 * through the PF netdev's ndo_get_vf_config and, when no one has chosen
 * one, sets the derived MAC (mac.c, keyed on the PF netdev's perm_addr)
 * through its ndo_set_vf_mac.
 * Then, for PF drivers that do not reset the VF themselves, a VF bound to
 * its native host driver is unbound and bound again so that it reads the
 * MAC; a VF with driver_override, or bound to anything else (vfio-pci), is
 * never touched.
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

#include <linux/delay.h>
#include <linux/device.h>
#include <linux/etherdevice.h>
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
 */
struct spf_comp_driver {
	const char *pf;
	const char *vf;
	bool resets_vf;
};

static const struct spf_comp_driver spf_comp_drivers[] = {
	{ .pf = "igb",		.vf = "igbvf",		.resets_vf = false },
	{ .pf = "ixgbe",	.vf = "ixgbevf",	.resets_vf = false },
	{ .pf = "i40e",		.vf = "iavf",		.resets_vf = true },
	{ .pf = "ice",		.vf = "iavf",		.resets_vf = true },
	{ .pf = "mlx5_core",	.vf = "mlx5_core",	.resets_vf = false },
};

/* companion=all on a PF driver not in the table: set the MAC, no reprobe */
static const struct spf_comp_driver spf_comp_other = {
	.pf = NULL, .vf = NULL, .resets_vf = false,
};

/* Retries while the PF driver says "not yet" (-EAGAIN, -EBUSY). */
#define SPF_COMP_RETRIES	20
#define SPF_COMP_RETRY_MS	250
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

/**
 * struct spf_comp_work - one VF to look at
 * @work: on spf_comp_wq
 * @vf: the VF (reference held)
 * @pf: its PF (reference held: the VF's own one goes when the VF is removed)
 * @existing: found at module load rather than seen being created or bound
 * @tries: how often the PF driver said "not yet"
 * @trust: companion_trust is still to be applied to the MAC set here
 */
struct spf_comp_work {
	struct work_struct work;
	struct pci_dev *vf;
	struct pci_dev *pf;
	bool existing;
	int tries;
	bool trust;
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
 * driver reports it trusted already.  RTNL held.  Returns -EAGAIN to be
 * called again, else 0 (a refusal is logged: the MAC stays set).
 */
static int spf_comp_trust_vf(struct spf_comp_work *w, struct net_device *pfdev,
			     int vf_id, const struct ifla_vf_info *ivi)
{
	const struct net_device_ops *ops = pfdev->netdev_ops;
	int err;

	ASSERT_RTNL();
	w->trust = false;
	if (ivi->trusted)
		return 0;
	if (!ops->ndo_set_vf_trust) {
		pci_info(w->vf,
			 "companion: %s cannot trust VFs: VF %d may not change the MAC companion mode set\n",
			 netdev_name(pfdev), vf_id);
		return 0;
	}
	err = ops->ndo_set_vf_trust(pfdev, vf_id, true);
	if (spf_comp_retry_err(err)) {
		w->trust = true;
		return -EAGAIN;
	}
	if (err) {
		pci_warn(w->vf,
			 "companion: %s: cannot trust VF %d: %d; it may not change the MAC companion mode set\n",
			 netdev_name(pfdev), vf_id, err);
		return 0;
	}
	netdev_state_change(pfdev);
	pci_info(w->vf,
		 "companion: VF %d of %s is trusted (companion_trust): it may change its own MAC\n",
		 vf_id, netdev_name(pfdev));
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

/* Decide and set the VF's MAC.  PF device lock and RTNL held; @vfdrv was
 * read under the same PF lock.  Returns -EAGAIN to be called again later,
 * 0 or another errno when done; sets *@rebind when the VF's host driver
 * must re-read its MAC.
 */
static int spf_comp_assign(struct spf_comp_work *w,
			   const struct spf_comp_driver *d,
			   const struct spf_comp_vf_drv *vfdrv, bool *rebind)
{
	struct pci_dev *vf = w->vf, *pf = w->pf;
	struct spf_comp_mac_ctx ctx = { .pf = pf };
	bool bound = vfdrv->name[0], native = vfdrv->native;
	struct net_device *pfdev, *vfdev;
	const struct net_device_ops *ops;
	struct ifla_vf_info ivi = {};
	bool set = false;
	u8 mac[ETH_ALEN];
	int err;

	ASSERT_RTNL();

	ctx.vf_id = pci_iov_vf_id(vf);
	ctx.num_vfs = pci_num_vf(pf);
	if (ctx.vf_id < 0 || ctx.vf_id >= ctx.num_vfs)
		return 0;

	pfdev = spf_comp_pf_netdev(pf);
	if (!pfdev && d == &spf_comp_other) {
		/* companion=all and a PF driver without VF MACs (NVMe...) */
		if (!xa_insert(&spf_comp_skipped, pci_dev_id(pf) |
			       pci_domain_nr(pf->bus) << 16,
			       xa_mk_value(1), GFP_KERNEL))
			pci_info(pf,
				 "companion: %s has no netdev with VF MAC support: its VFs are skipped\n",
				 pf->dev.driver->name);
		return 0;
	}
	if (!pfdev) {
		if (!w->tries)
			pci_info(vf,
				 "companion: PF %s (%s) has no netdev with VF MAC support (yet); MAC of VF %d left alone\n",
				 pci_name(pf), pf->dev.driver->name, ctx.vf_id);
		return w->existing ? 0 : -EAGAIN;
	}
	ctx.pfdev = pfdev;
	ops = pfdev->netdev_ops;
	if (!is_valid_ether_addr(pfdev->perm_addr)) {
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

	sriov_pf_mac_pick(pf, pfdev->perm_addr, ctx.vf_id, spf_comp_mac_in_use,
			  &ctx, mac);

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
		err = ops->ndo_set_vf_mac(pfdev, ctx.vf_id, mac);
		if (err) {
			if (spf_comp_retry_err(err))
				return -EAGAIN;
			pci_warn(vf,
				 "companion: %s: cannot set MAC %pM on VF %d: %d\n",
				 netdev_name(pfdev), mac, ctx.vf_id, err);
			return err;
		}
		netdev_state_change(pfdev);
		pci_info(vf, "companion: VF %d of %s (%s): MAC %pM\n",
			 ctx.vf_id, netdev_name(pfdev), pci_name(pf), mac);
		w->trust = spf_comp_trust;
	}
	/* the MAC set by this look, or by one whose trust was "not yet" */
	if (w->trust) {
		err = spf_comp_trust_vf(w, pfdev, ctx.vf_id, &ivi);
		if (err)
			return err;
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
	const struct spf_comp_driver *d;
	struct spf_comp_vf_drv vfdrv;
	int tries, rebinds = 0, err;
	bool rebind;

	for (tries = 0; !READ_ONCE(spf_comp_stopping); tries++) {
		w->tries = tries;
		rebind = false;
		err = 0;
		/* waits for the PF's sriov_configure or probe to return */
		device_lock(&w->pf->dev);
		d = spf_comp_match(w->pf);
		if (d && device_is_registered(&w->vf->dev)) {
			if (spf_comp_vf_drv_get(w->vf, d, &vfdrv)) {
				rtnl_lock();
				err = spf_comp_assign(w, d, &vfdrv, &rebind);
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
		if (err != -EAGAIN)
			break;
		if (tries >= SPF_COMP_RETRIES) {
			pci_warn(w->vf,
				 "companion: PF %s (or this VF's driver) still busy after %d ms; MAC left alone\n",
				 pci_name(w->pf),
				 SPF_COMP_RETRIES * SPF_COMP_RETRY_MS);
			break;
		}
		msleep(SPF_COMP_RETRY_MS);
	}
	pci_dev_put(w->pf);
	pci_dev_put(w->vf);
	kfree(w);
}

/* Queue a look at @vf.  Any context that may sleep; takes no lock. */
static void spf_comp_queue(struct pci_dev *vf, bool existing)
{
	struct spf_comp_work *w;

	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return;
	INIT_WORK(&w->work, spf_comp_work_fn);
	w->vf = pci_dev_get(vf);
	w->pf = pci_dev_get(pci_physfn(vf));
	w->existing = existing;
	queue_work(spf_comp_wq, &w->work);
}

/* Runs in the task creating or binding the VF: queue, never block. */
static int spf_comp_notify(struct notifier_block *nb, unsigned long action,
			   void *data)
{
	struct device *dev = data;
	struct pci_dev *pdev = to_pci_dev(dev);

	if (action != BUS_NOTIFY_ADD_DEVICE &&
	    action != BUS_NOTIFY_BOUND_DRIVER)
		return NOTIFY_DONE;
	if (!pdev->is_virtfn || READ_ONCE(spf_comp_rebinding) == dev)
		return NOTIFY_DONE;
	spf_comp_queue(pdev, false);
	return NOTIFY_DONE;
}

static struct notifier_block spf_comp_nb = {
	.notifier_call = spf_comp_notify,
};

/**
 * sriov_pf_companion_init() - start companion mode
 *
 * Registers the bus notifier, then queues every VF that already exists.
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
	err = bus_register_notifier(&pci_bus_type, &spf_comp_nb);
	if (err) {
		destroy_workqueue(spf_comp_wq);
		return err;
	}
	pr_info("%s: companion mode for %s PFs: binding no device, giving their VFs derived MACs\n",
		SRIOV_PF_DRV_NAME, spf_comp_all ? "all" : spf_comp_str);

	/* a VF created meanwhile is queued twice; the second look is a no-op */
	for_each_pci_dev(pdev) {
		if (pdev->is_virtfn)
			spf_comp_queue(pdev, true);
	}
	return 0;
}

/**
 * sriov_pf_companion_exit() - stop companion mode
 *
 * No new work after the notifier is gone; queued work ends at once, work
 * in progress finishes (it may wait for a PF's sriov_configure).
 */
void sriov_pf_companion_exit(void)
{
	bus_unregister_notifier(&pci_bus_type, &spf_comp_nb);
	WRITE_ONCE(spf_comp_stopping, true);
	destroy_workqueue(spf_comp_wq);
	xa_destroy(&spf_comp_skipped);
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
		 "Companion mode: PF drivers whose VFs get derived MACs while the PF stays with that driver: a comma list of igb, ixgbe, i40e, ice, mlx5_core, or all; empty (default) is off. sriov_pf then binds no device");

module_param_named(companion_trust, spf_comp_trust, bool, 0444);
MODULE_PARM_DESC(companion_trust,
		 "Companion mode: also trust each VF whose MAC companion mode sets, if its PF driver reports it untrusted, so that the guest may still change its MAC (igb, ixgbe, i40e and ice lock a MAC set by the PF); trust lets it do more on some drivers, see the documentation. Default off");
