// SPDX-License-Identifier: GPL-2.0
/*
 * sriov_pf - PCI glue: probe and remove, enabling and disabling VFs, and
 * the .sriov_configure callback behind sysfs sriov_numvfs.
 *
 * On the PF device IDs of a hardware backend (backend.c lists them) the
 * driver runs that backend (VF mailbox, MAC filters, PF netdev).  Any
 * other SR-IOV capable PF can be bound through driver_override or new_id:
 * then the driver only enables VFs and reports the capability.
 */

#include <linux/async.h>
#include <linux/device.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/pci.h>
#include <linux/pm.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "sriov_pf.h"

/* VF settings of a PF that was unbound while a guest held one of its VFs:
 * the VFs stay enabled, and a later probe of the same PF (while the module
 * stays loaded) gives them the same settings back.
 */
struct sriov_pf_parked {
	struct list_head node;
	int domain;
	u8 bus;
	u8 devfn;
	u16 num_vfs;		/* VFs enabled when parked */
	u16 total_vfs;		/* entries in vfs[] */
	struct sriov_pf_vf vfs[];
};

static LIST_HEAD(sriov_pf_parked_list);
static DEFINE_MUTEX(sriov_pf_parked_lock);	/* protects sriov_pf_parked_list */

static const char *sriov_pf_bar_name(int i)
{
	static const char * const names[] = {
		"VF BAR0", "VF BAR1", "VF BAR2", "VF BAR3", "VF BAR4", "VF BAR5",
	};

	return i < ARRAY_SIZE(names) ? names[i] : "VF BAR";
}

/* Say in words why pci_enable_sriov() failed. */
static void sriov_pf_explain_enable_error(struct sriov_pf *pf, u16 num_vfs,
					  int err)
{
	struct pci_dev *pdev = pf->pdev;
	bool explained = false;
	int i;

	switch (err) {
	case -ENOMEM:
		for (i = 0; i < PCI_SRIOV_NUM_BARS; i++) {
			struct resource *res = &pdev->resource[PCI_IOV_RESOURCES + i];
			u64 need = pf->cap.vf_bar_size[i] * num_vfs;
			u64 have = res->parent ? resource_size(res) : 0;

			if (!pf->cap.vf_bar_size[i] || have >= need)
				continue;
			pci_err(pdev,
				"cannot enable %u VFs: not enough MMIO space for %s: %u VFs x %llu bytes = %llu bytes needed, %llu assigned; the firmware reserved too little space for VFs: try booting with pci=realloc\n",
				num_vfs, sriov_pf_bar_name(i), num_vfs,
				pf->cap.vf_bar_size[i], need, have);
			explained = true;
		}
		if (!explained)
			pci_err(pdev,
				"cannot enable %u VFs: out of memory or bus numbers (VF offset %u, stride %u); pci=realloc or pci=assign-busses may help\n",
				num_vfs, pf->cap.vf_offset, pf->cap.vf_stride);
		break;
	case -EBUSY:
		pci_err(pdev,
			"cannot enable %u VFs: %u VFs are already enabled; write 0 to sriov_numvfs first (N to M goes through 0)\n",
			num_vfs, pci_num_vf(pdev));
		break;
	case -EINVAL:
		pci_err(pdev,
			"cannot enable %u VFs: the PF refuses more than InitialVFs (%u) VFs\n",
			num_vfs, pf->cap.initial_vfs);
		break;
	default:
		pci_err(pdev, "cannot enable %u VFs: error %d\n", num_vfs, err);
		break;
	}
}

/* The VF of @pf at routing ID @rid, with a reference, or NULL.  Looked
 * up on its own bus: a search of every PCI device per VF (what
 * pci_get_domain_bus_and_slot() does) made linking 4 x 127 VFs cost
 * 130 ms under TCG.
 */
static struct pci_dev *sriov_pf_vf_at(struct sriov_pf *pf, u32 rid)
{
	struct pci_bus *bus;
	struct pci_dev *vf;

	if (rid > 0xffff)
		return NULL;
	bus = pci_find_bus(pci_domain_nr(pf->pdev->bus), rid >> 8);
	vf = bus ? pci_get_slot(bus, rid & 0xff) : NULL;
	if (vf && (!vf->is_virtfn || vf->physfn != pf->pdev)) {
		pci_dev_put(vf);
		vf = NULL;
	}
	return vf;
}

typedef void (*sriov_pf_vf_fn)(struct sriov_pf *pf, int i,
			       struct pci_dev *vf, void *arg);

/* Call @fn for each enabled VF of @pf that has a PCI device, with its
 * index.  The routing IDs come from First VF Offset and VF Stride as they
 * read now: both may depend on NumVFs.
 */
static void sriov_pf_walk_vfs(struct sriov_pf *pf, sriov_pf_vf_fn fn, void *arg)
{
	struct pci_dev *pdev = pf->pdev, *vf;
	int i, num_vfs = pci_num_vf(pdev);
	u16 offset, stride;
	u32 rid;

	if (!num_vfs ||
	    pci_read_config_word(pdev, pf->cap.pos + PCI_SRIOV_VF_OFFSET,
				 &offset) ||
	    pci_read_config_word(pdev, pf->cap.pos + PCI_SRIOV_VF_STRIDE,
				 &stride))
		return;
	rid = PCI_DEVID(pdev->bus->number, pdev->devfn) + offset;
	for (i = 0; i < num_vfs; i++, rid += stride) {
		vf = sriov_pf_vf_at(pf, rid);
		if (!vf)
			continue;
		fn(pf, i, vf, arg);
		pci_dev_put(vf);
	}
}

#define SRIOV_PF_HOLDER_LEN	64

/* Is a guest using @vf?  Assigned VFs (KVM device assignment, Xen
 * pciback) and VFs bound to a vfio driver are: removing a vfio-bound VF
 * waits in the vfio driver until its user closes the device, which could
 * be never.  If so, says who in @buf and returns true.
 *
 * dev.driver is read under the VF's device lock: the driver core binds
 * and unbinds under it, and a driver cannot unregister (its module go)
 * while a device is bound to it, so the name is valid there.  Lock order:
 * the PF's device lock, which every caller holds, then the VF's, as the
 * PCI core nests them when pci_disable_sriov() unbinds the VF drivers.
 * Only tried, though: a vfio remove that is waiting for its user holds
 * the VF's lock, maybe for good, and blocking on it here would hold the
 * PF's lock as long.  A VF whose lock is taken (a bind, unbind or reset
 * in progress, or such a remove) counts as held: disabling the VFs now
 * could wait as long.  A VF bound to vfio after this check is not seen;
 * nothing in the PCI core can tell.
 */
static bool sriov_pf_vf_holder(struct pci_dev *vf, char *buf, size_t size)
{
	struct device_driver *drv;
	bool held = false;

	if (vf->dev_flags & PCI_DEV_FLAGS_ASSIGNED) {
		strscpy(buf, "assigned to a guest", size);
		return true;
	}
	if (!device_trylock(&vf->dev)) {
		strscpy(buf, "busy: its driver is being bound, unbound or reset",
			size);
		return true;
	}
	drv = vf->dev.driver;
	if (drv && strstr(drv->name, "vfio")) {
		strscpy(buf, drv->name, size);
		held = true;
	}
	device_unlock(&vf->dev);
	return held;
}

#define SRIOV_PF_HELD_LOG	4	/* held VFs named one by one */

struct sriov_pf_held {
	const char *what;	/* log each held VF under this, or NULL */
	unsigned int count;
};

static void sriov_pf_vf_held(struct sriov_pf *pf, int i, struct pci_dev *vf,
			     void *arg)
{
	struct sriov_pf_held *held = arg;
	char holder[SRIOV_PF_HOLDER_LEN];

	if (!sriov_pf_vf_holder(vf, holder, sizeof(holder)))
		return;
	if (held->what && held->count < SRIOV_PF_HELD_LOG)
		pci_warn(pf->pdev, "%s: VF %d (%s) is held: %s\n",
			 held->what, i, pci_name(vf), holder);
	held->count++;
}

/* Count the VFs of @pf a guest may be using; name them when @what is set */
static unsigned int sriov_pf_vfs_held(struct sriov_pf *pf, const char *what)
{
	struct sriov_pf_held held = { .what = what };

	sriov_pf_walk_vfs(pf, sriov_pf_vf_held, &held);
	if (what && held.count > SRIOV_PF_HELD_LOG)
		pci_warn(pf->pdev, "%s: %u more VFs are held\n",
			 what, held.count - SRIOV_PF_HELD_LOG);
	return held.count;
}

/* Keep the VF settings of @pf for the next probe.  Device lock held. */
static void sriov_pf_park(struct sriov_pf *pf)
{
	struct pci_dev *pdev = pf->pdev;
	struct sriov_pf_parked *p;

	device_lock_assert(&pf->pdev->dev);

	/* Without it the next probe fails closed (see sriov_pf_adopt_vfs()) */
	p = kvzalloc(struct_size(p, vfs, pf->cap.total_vfs), GFP_KERNEL);
	if (!p)
		return;
	p->domain = pci_domain_nr(pdev->bus);
	p->bus = pdev->bus->number;
	p->devfn = pdev->devfn;
	p->num_vfs = pf->num_vfs;
	p->total_vfs = pf->cap.total_vfs;
	memcpy(p->vfs, pf->vfs, flex_array_size(p, vfs, p->total_vfs));

	mutex_lock(&sriov_pf_parked_lock);
	list_add(&p->node, &sriov_pf_parked_list);
	mutex_unlock(&sriov_pf_parked_lock);
}

/* Take the settings parked for @pdev off the list, or NULL */
static struct sriov_pf_parked *sriov_pf_unpark(struct pci_dev *pdev)
{
	struct sriov_pf_parked *p, *found = NULL;

	mutex_lock(&sriov_pf_parked_lock);
	list_for_each_entry(p, &sriov_pf_parked_list, node) {
		if (p->domain == pci_domain_nr(pdev->bus) &&
		    p->bus == pdev->bus->number && p->devfn == pdev->devfn) {
			list_del(&p->node);
			found = p;
			break;
		}
	}
	mutex_unlock(&sriov_pf_parked_lock);
	return found;
}

static void sriov_pf_parked_free_all(void)
{
	struct sriov_pf_parked *p, *tmp;

	mutex_lock(&sriov_pf_parked_lock);
	list_for_each_entry_safe(p, tmp, &sriov_pf_parked_list, node) {
		list_del(&p->node);
		kvfree(p);
	}
	mutex_unlock(&sriov_pf_parked_lock);
}

static void sriov_pf_link_vf(struct sriov_pf *pf, int i, struct pci_dev *vf,
			     void *unused)
{
	if (!device_link_add(&vf->dev, &pf->pdev->dev, DL_FLAG_STATELESS))
		pci_warn(pf->pdev, "VF %d (%s) may resume before the PF\n",
			 i, pci_name(vf));
}

/* Make every VF a consumer of the PF: the PM core then suspends the VFs
 * before the PF and resumes them after it, so that a VF driver's resume
 * finds the PF answering again.  The links go with the VF devices.
 */
static void sriov_pf_link_vfs(struct sriov_pf *pf)
{
	sriov_pf_walk_vfs(pf, sriov_pf_link_vf, NULL);
}

/* Make @num_vfs VFs known to the driver: every VF gets its MAC, and the
 * backend answers their mailboxes from now on.  Device lock held.
 */
static int sriov_pf_prepare_vfs(struct sriov_pf *pf, u16 num_vfs)
{
	int err;

	device_lock_assert(&pf->pdev->dev);

	if (!pf->ops) {
		sriov_pf_set_num_vfs(pf, num_vfs);
		return 0;
	}

	rtnl_lock();
	sriov_pf_set_num_vfs(pf, num_vfs);
	sriov_pf_vfs_assign_macs(pf);
	err = pf->ops->vfs_prepare(pf, num_vfs);
	if (err)
		sriov_pf_set_num_vfs(pf, 0);
	rtnl_unlock();
	if (err)
		pci_err(pf->pdev, "cannot prepare the PF for %u VFs: %d\n",
			num_vfs, err);
	return err;
}

/* Undo sriov_pf_prepare_vfs() once the VFs are gone (or never came). */
static void sriov_pf_unprepare_vfs(struct sriov_pf *pf)
{
	rtnl_lock();
	sriov_pf_set_num_vfs(pf, 0);
	rtnl_unlock();
	if (pf->ops)
		pf->ops->vfs_release(pf);
}

/* Enable @num_vfs VFs.  Device lock held (probe or sriov_configure).
 * Every VF has its MAC and the backend answers its mailbox before
 * pci_enable_sriov() is called: VF drivers may probe inside it.
 */
static int sriov_pf_enable_vfs(struct sriov_pf *pf, u16 num_vfs)
{
	struct pci_dev *pdev = pf->pdev;
	int err;

	device_lock_assert(&pf->pdev->dev);

	if (pci_num_vf(pdev)) {
		sriov_pf_explain_enable_error(pf, num_vfs, -EBUSY);
		return -EBUSY;
	}

	err = sriov_pf_prepare_vfs(pf, num_vfs);
	if (err)
		return err;

	err = pci_enable_sriov(pdev, num_vfs);
	if (err) {
		sriov_pf_explain_enable_error(pf, num_vfs, err);
		sriov_pf_unprepare_vfs(pf);
		return err;
	}
	sriov_pf_link_vfs(pf);
	sriov_pf_devlink_ports_add(pf, num_vfs);
	pci_info(pdev, "enabled %u VFs\n", num_vfs);
	return num_vfs;
}

/* VFs that are enabled when the driver binds were left by the previous
 * driver, which could not disable them because a guest holds one: take
 * them over, so that their VF drivers get answers again.  Their settings
 * come back if this module parked them at unbind.  Otherwise nobody knows
 * them (another driver, or sriov_pf before an rmmod): every VF starts
 * with its link disabled, so that none gets more than the administrator
 * gave it (an untagged port instead of the VLAN it was confined to, say)
 * until its settings are made again.
 */
static void sriov_pf_adopt_vfs(struct sriov_pf *pf, u16 num_vfs)
{
	struct pci_dev *pdev = pf->pdev;
	struct sriov_pf_parked *p = sriov_pf_unpark(pdev);
	bool restored = false;
	u16 vf;

	if (num_vfs > pf->hw_max_vfs) {
		pci_err(pdev,
			"%u VFs are already enabled, more than the %u %s serves on this PF; write 0 to sriov_numvfs, then the count you want\n",
			num_vfs, pf->hw_max_vfs, SRIOV_PF_DRV_NAME);
		kvfree(p);
		return;
	}

	if (pf->ops) {
		rtnl_lock();
		spin_lock_irq(&pf->vf_lock);
		if (p && p->total_vfs == pf->cap.total_vfs &&
		    p->num_vfs == num_vfs) {
			sriov_pf_vfs_restore(pf, p->vfs);
			restored = true;
		} else {
			for (vf = 0; vf < num_vfs; vf++)
				pf->vfs[vf].link_state = IFLA_VF_LINK_STATE_DISABLE;
		}
		spin_unlock_irq(&pf->vf_lock);
		rtnl_unlock();
	}
	kvfree(p);

	if (sriov_pf_prepare_vfs(pf, num_vfs))
		return;
	sriov_pf_link_vfs(pf);
	sriov_pf_devlink_ports_add(pf, num_vfs);
	pci_info(pdev,
		 "took over %u VFs that were already enabled (%u held by guests)%s\n",
		 num_vfs, sriov_pf_vfs_held(pf, NULL),
		 restored ? ", with the settings they had" : "");
	if (pf->ops && !restored)
		pci_warn(pdev,
			 "the settings these VFs had are unknown: their link is disabled; set each VF's mac, vlan, spoofchk and trust again, then: ip link set %s vf N state auto\n",
			 netdev_name(pf->netdev));
}

/* Disable the @num_vfs VFs of @pf, none of them held.  Device lock held. */
static void sriov_pf_disable_vfs_now(struct sriov_pf *pf, u16 num_vfs)
{
	device_lock_assert(&pf->pdev->dev);

	sriov_pf_devlink_ports_del(pf);
	pci_disable_sriov(pf->pdev);
	sriov_pf_unprepare_vfs(pf);
	pci_info(pf->pdev, "disabled %u VFs\n", num_vfs);
}

/* Disable all VFs, unless a guest holds one.  Device lock held. */
static int sriov_pf_disable_vfs(struct sriov_pf *pf)
{
	struct pci_dev *pdev = pf->pdev;
	u16 num_vfs = pci_num_vf(pdev);
	unsigned int held;

	device_lock_assert(&pf->pdev->dev);

	if (!num_vfs)
		return 0;
	held = sriov_pf_vfs_held(pf, "cannot disable VFs");
	if (held) {
		pci_err(pdev,
			"cannot disable VFs: %u of %u VFs are held by guests; detach them from their VMs, or unbind them from vfio, first\n",
			held, num_vfs);
		return -EBUSY;
	}

	sriov_pf_disable_vfs_now(pf, num_vfs);
	return 0;
}

static int sriov_pf_sriov_configure(struct pci_dev *pdev, int num_vfs)
{
	struct sriov_pf *pf = pci_get_drvdata(pdev);

	if (!num_vfs)
		return sriov_pf_disable_vfs(pf);
	if (num_vfs > pf->hw_max_vfs) {
		pci_err(pdev, "cannot enable %d VFs: this PF supports %u\n",
			num_vfs, pf->hw_max_vfs);
		return -ERANGE;
	}
	return sriov_pf_enable_vfs(pf, num_vfs);
}

static void sriov_pf_log_summary(struct sriov_pf *pf)
{
	struct sriov_pf_cap *cap = &pf->cap;

	pci_info(pf->pdev,
		 "SR-IOV: TotalVFs %u, InitialVFs %u, VF offset %u, stride %u, VF device %04x, %u VF BARs, %s mode%s%s\n",
		 cap->total_vfs, cap->initial_vfs, cap->vf_offset,
		 cap->vf_stride, cap->vf_device, cap->nr_bars,
		 pf->ops ? pf->ops->name : "generic",
		 pf->netdev ? ", netdev " : "",
		 pf->netdev ? netdev_name(pf->netdev) : "");
}

/* Apply max_vfs at probe, clamped with one warning. */
static void sriov_pf_apply_max_vfs(struct sriov_pf *pf)
{
	struct pci_dev *pdev = pf->pdev;
	unsigned int want = sriov_pf_max_vfs_for(pdev);
	unsigned int num = want;
	u16 enabled = pci_num_vf(pdev);

	if (enabled) {
		if (want && want != enabled)
			pci_info(pdev,
				 "max_vfs %u not applied: %u VFs are already enabled\n",
				 want, enabled);
		sriov_pf_adopt_vfs(pf, enabled);
		return;
	}
	/* settings parked for VFs that are gone now */
	kvfree(sriov_pf_unpark(pdev));
	if (!want)
		return;
	if (want > pf->hw_max_vfs) {
		num = pf->hw_max_vfs;
		if (pf->hw_max_vfs < pf->cap.total_vfs)
			pci_warn(pdev,
				 "max_vfs %u exceeds the %u VFs %s supports on %s (TotalVFs %u), clamping to %u\n",
				 want, pf->hw_max_vfs, SRIOV_PF_DRV_NAME,
				 pci_name(pdev), pf->cap.total_vfs, num);
		else
			pci_warn(pdev,
				 "max_vfs %u exceeds TotalVFs %u of %s, clamping to %u\n",
				 want, pf->cap.total_vfs, pci_name(pdev), num);
	}
	sriov_pf_enable_vfs(pf, num);
}

static int sriov_pf_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct sriov_pf *pf;
	int ret;

	if (pdev->is_virtfn) {
		pci_err(pdev, "is a VF; %s drives PFs only\n",
			SRIOV_PF_DRV_NAME);
		return -ENODEV;
	}

	pf = kzalloc(sizeof(*pf), GFP_KERNEL);
	if (!pf)
		return -ENOMEM;
	pf->pdev = pdev;
	spin_lock_init(&pf->vf_lock);
	INIT_LIST_HEAD(&pf->node);

	ret = sriov_pf_cap_read(pdev, &pf->cap);
	if (ret)
		goto err_free_pf;
	if (!pdev->is_physfn || !pci_sriov_get_totalvfs(pdev)) {
		pci_err(pdev,
			"the PCI core did not set up SR-IOV on this PF (see its earlier messages); %s cannot use it\n",
			SRIOV_PF_DRV_NAME);
		ret = -ENODEV;
		goto err_free_pf;
	}

	pf->vfs = kvcalloc(pf->cap.total_vfs, sizeof(*pf->vfs), GFP_KERNEL);
	if (!pf->vfs) {
		ret = -ENOMEM;
		goto err_free_pf;
	}

	pf->ops = sriov_pf_backend_match(pdev);
	pf->hw_max_vfs = pf->cap.total_vfs;
	pci_set_drvdata(pdev, pf);

	if (pf->ops) {
		sriov_pf_vfs_defaults(pf);

		ret = pcim_enable_device(pdev);
		if (ret) {
			pci_err(pdev, "cannot enable the PF: %d\n", ret);
			goto err_free_vfs;
		}
		pci_set_master(pdev);

		ret = pf->ops->init(pf);
		if (ret < 0)
			goto err_free_vfs;
		pf->hw_max_vfs = min_t(u16, ret, pf->cap.total_vfs);
		if (pf->hw_max_vfs < pf->cap.total_vfs)
			pci_sriov_set_totalvfs(pdev, pf->hw_max_vfs);

		ret = sriov_pf_netdev_create(pf);
		if (ret) {
			pci_err(pdev, "cannot register the PF netdev: %d\n", ret);
			goto err_hw_exit;
		}
	}

	sriov_pf_mac_register(pf);

	sriov_pf_debugfs_add(pf);
	if (pf->netdev)
		sriov_pf_netdev_debugfs(pf, pf->debugfs);
	sriov_pf_devlink_create(pf);
	sriov_pf_log_summary(pf);
	/* the declared VF settings, before any VF exists */
	sriov_pf_vf_config_apply(pf);
	sriov_pf_apply_max_vfs(pf);
	/* what slot_reset restores after a PCI error */
	pci_save_state(pdev);
	return 0;

err_hw_exit:
	/* Give the PF its TotalVFs back: 0 would mean "no VFs", and the PCI
	 * core restores driver_max_VFs only when a bound driver is removed,
	 * not after a failed probe, so the PF would stay unusable.
	 */
	pci_sriov_set_totalvfs(pdev, pf->cap.total_vfs);
	pf->ops->exit(pf);
err_free_vfs:
	pci_set_drvdata(pdev, NULL);
	kvfree(pf->vfs);
err_free_pf:
	kfree(pf);
	return ret;
}

static void sriov_pf_remove(struct pci_dev *pdev)
{
	struct sriov_pf *pf = pci_get_drvdata(pdev);
	u16 num_vfs = pci_num_vf(pdev);
	unsigned int held = 0;

	sriov_pf_debugfs_del(pf);
	sriov_pf_devlink_destroy(pf);

	/* VFs that a guest holds stay enabled (as igb and ixgbe leave
	 * assigned ones): disabling them would wait for the guest.  Their
	 * settings are parked for the next probe, which takes them over.
	 */
	if (num_vfs)
		held = sriov_pf_vfs_held(pf, "leaving VFs enabled");
	if (held) {
		pci_warn(pdev,
			 "%u of %u VFs are held by guests: leaving the VFs enabled; bind %s again to serve them, and to disable them once the guests let go\n",
			 held, num_vfs, SRIOV_PF_DRV_NAME);
		if (pf->ops)
			sriov_pf_park(pf);
	} else if (num_vfs) {
		pci_disable_sriov(pdev);
	}
	if (num_vfs)
		sriov_pf_unprepare_vfs(pf);

	sriov_pf_mac_unregister(pf);

	if (pf->ops) {
		sriov_pf_netdev_destroy(pf);
		pf->ops->exit(pf);
		pci_sriov_set_totalvfs(pdev, 0);
	}
	pci_set_drvdata(pdev, NULL);
	kvfree(pf->vfs);
	kfree(pf);
}

/* --- suspend, reset, PCI errors, shutdown ----------------------------- */

/* Quiesce the backend: no interrupt, no VF served, the PF netdev detached.
 * VF settings stay in pf->vfs[].  Idempotent: an AER recovery calls it
 * from error_detected and again from reset_prepare.  Device lock held.
 */
static void sriov_pf_stop(struct sriov_pf *pf)
{
	device_lock_assert(&pf->pdev->dev);

	if (!pf->ops || pf->stopped)
		return;
	rtnl_lock();
	netif_device_detach(pf->netdev);
	/* the datapath's buffers go before the device is reset */
	if (netif_running(pf->netdev) && pf->ops->close)
		pf->ops->close(pf);
	rtnl_unlock();
	pf->ops->stop(pf);
	pf->stopped = true;
}

/* The first half of undoing sriov_pf_stop(): the backend rebuilds the
 * device from pf->vfs[] and serves the VFs again, so VFs keep their MACs,
 * VLANs and trust.  Device lock held.
 */
static int sriov_pf_start_hw(struct sriov_pf *pf, const char *after)
{
	int err;

	device_lock_assert(&pf->pdev->dev);

	if (!pf->ops || !pf->stopped)
		return 0;
	err = pf->ops->start(pf);
	if (err) {
		pci_err(pf->pdev,
			"cannot bring the PF back after %s: %d; its VFs are not served: unbind and bind %s again\n",
			after, err, SRIOV_PF_DRV_NAME);
		return err;
	}
	pf->stopped = false;
	return 0;
}

/* The second half: the PF netdev's own traffic.  Device lock held. */
static void sriov_pf_start_net(struct sriov_pf *pf, const char *after)
{
	int err;

	device_lock_assert(&pf->pdev->dev);

	if (!pf->ops || pf->stopped || netif_device_present(pf->netdev))
		return;
	rtnl_lock();
	if (netif_running(pf->netdev) && pf->ops->open) {
		err = pf->ops->open(pf);
		if (err)
			netdev_err(pf->netdev,
				   "cannot restart the datapath after %s: %d; take the interface down and up\n",
				   after, err);
	}
	netif_device_attach(pf->netdev);
	rtnl_unlock();
	sriov_pf_carrier_update(pf);
	pci_info(pf->pdev, "PF back after %s, %u VFs served\n", after,
		 pf->num_vfs);
}

/* Undo sriov_pf_stop().  Device lock held. */
static int sriov_pf_start(struct sriov_pf *pf, const char *after)
{
	int err = sriov_pf_start_hw(pf, after);

	if (!err)
		sriov_pf_start_net(pf, after);
	return err;
}

/**
 * sriov_pf_reset_device() - stop and start the PF as around a reset
 * @pf: the PF
 * @why: what made it necessary, for the log ("PF back after @why")
 *
 * The device is reset and built up again from pf->vfs[]; VFs are asked
 * to reset and get their settings back (sriov_pf_start_hw()).  For the
 * PF netdev's reset work: process context, RTNL not held.  The device
 * lock is only tried: whoever holds it (probe, remove, PM, a PCI error
 * or reset, sriov_numvfs) resets the device or takes the PF away, and
 * remove waits for that work with the lock held.
 *
 * Return: 0, -EBUSY when the device lock is held, -EAGAIN when the PF
 * is stopped (a PM or error callback restarts it), or the error of the
 * restart.
 */
int sriov_pf_reset_device(struct sriov_pf *pf, const char *why)
{
	struct device *dev = &pf->pdev->dev;
	int err = -EAGAIN;

	if (!device_trylock(dev))
		return -EBUSY;
	if (pf->ops && !pf->stopped) {
		sriov_pf_stop(pf);
		err = sriov_pf_start(pf, why);
	}
	device_unlock(dev);
	return err;
}

static void sriov_pf_vf_save(struct sriov_pf *pf, int i, struct pci_dev *vf,
			     void *unused)
{
	pci_save_state(vf);
}

static void sriov_pf_vf_restore(struct sriov_pf *pf, int i,
				struct pci_dev *vf, void *unused)
{
	pci_restore_state(vf);
}

/* A function reset loses the config space of the VFs as well (clearing VF
 * Enable resets them), and the PCI core restores only the PF's: keep each
 * VF's (@save), restore it once VF Enable is back.  Device lock held.
 */
static void sriov_pf_vfs_config(struct sriov_pf *pf, bool save)
{
	device_lock_assert(&pf->pdev->dev);

	sriov_pf_walk_vfs(pf, save ? sriov_pf_vf_save : sriov_pf_vf_restore,
			  NULL);
}

static int __maybe_unused sriov_pf_suspend(struct device *dev)
{
	sriov_pf_stop(dev_get_drvdata(dev));
	return 0;
}

static int __maybe_unused sriov_pf_resume(struct device *dev)
{
	return sriov_pf_start(dev_get_drvdata(dev), "resume");
}

/* suspend/resume, freeze/thaw, poweroff/restore: the same pair */
static const struct dev_pm_ops sriov_pf_pm_ops = {
	SET_SYSTEM_SLEEP_PM_OPS(sriov_pf_suspend, sriov_pf_resume)
};

static pci_ers_result_t sriov_pf_error_detected(struct pci_dev *pdev,
						pci_channel_state_t state)
{
	struct sriov_pf *pf = pci_get_drvdata(pdev);

	sriov_pf_stop(pf);
	if (state == pci_channel_io_perm_failure) {
		pci_err(pdev, "PCI error: the PF is gone for good\n");
		return PCI_ERS_RESULT_DISCONNECT;
	}
	pci_warn(pdev, "PCI error: VFs not served until the PF is reset\n");
	return PCI_ERS_RESULT_NEED_RESET;
}

static pci_ers_result_t sriov_pf_slot_reset(struct pci_dev *pdev)
{
	u16 vendor;

	/* config space, and VF Enable with it (pci_restore_iov_state()) */
	pci_restore_state(pdev);
	pci_save_state(pdev);
	if (pci_read_config_word(pdev, PCI_VENDOR_ID, &vendor) ||
	    vendor == (u16)~0) {
		pci_err(pdev, "PCI error: the PF does not answer after the reset\n");
		return PCI_ERS_RESULT_DISCONNECT;
	}
	/* The device serves its VFs again here, its own traffic restarts
	 * in resume.  The PCI core calls the VFs' slot_reset after the PF's
	 * (they sit behind it on the bus): a VF driver resetting its VF
	 * there (igbvf does) finds the PF answering.  (igb only resets the
	 * device here and says "reset done" from resume on: igbvf's reset
	 * in slot_reset finds the PF still in reset.)
	 */
	if (sriov_pf_start_hw(pci_get_drvdata(pdev), "a PCI error"))
		return PCI_ERS_RESULT_DISCONNECT;
	return PCI_ERS_RESULT_RECOVERED;
}

/* The PF's traffic, and the device too if slot_reset did not restart it */
static void sriov_pf_error_resume(struct pci_dev *pdev)
{
	sriov_pf_start(pci_get_drvdata(pdev), "a PCI error");
}

static void sriov_pf_reset_prepare(struct pci_dev *pdev)
{
	struct sriov_pf *pf = pci_get_drvdata(pdev);

	sriov_pf_stop(pf);
	sriov_pf_vfs_config(pf, true);
}

static void sriov_pf_reset_done(struct pci_dev *pdev)
{
	struct sriov_pf *pf = pci_get_drvdata(pdev);

	sriov_pf_vfs_config(pf, false);
	sriov_pf_start(pf, "a reset");
}

static const struct pci_error_handlers sriov_pf_err_handler = {
	.error_detected	= sriov_pf_error_detected,
	.slot_reset	= sriov_pf_slot_reset,
	.resume		= sriov_pf_error_resume,
	.reset_prepare	= sriov_pf_reset_prepare,
	.reset_done	= sriov_pf_reset_done,
};

/* Reboot, poweroff, kexec: the backend resets the device, which stops
 * every pool's queues, and the PF masters nothing more.  VFs stay
 * enabled; their own drivers' .shutdown runs before this one.
 */
static void sriov_pf_shutdown(struct pci_dev *pdev)
{
	struct sriov_pf *pf = pci_get_drvdata(pdev);

	sriov_pf_stop(pf);
	if (pf->ops)
		pci_clear_master(pdev);
}

/* .id_table is every backend's IDs, set at module init */
static struct pci_driver sriov_pf_driver = {
	.name			= SRIOV_PF_DRV_NAME,
	.probe			= sriov_pf_probe,
	.remove			= sriov_pf_remove,
	.shutdown		= sriov_pf_shutdown,
	.sriov_configure	= sriov_pf_sriov_configure,
	.err_handler		= &sriov_pf_err_handler,
	.driver.pm		= &sriov_pf_pm_ops,
	.driver.probe_type	= PROBE_PREFER_ASYNCHRONOUS,
};

static int __init sriov_pf_init(void)
{
	int err;

	/* the keys and the host's netdev addresses, before any MAC is
	 * checked
	 */
	err = sriov_pf_mac_init();
	if (err)
		return err;

	/* companion mode binds no device */
	if (sriov_pf_companion_enabled()) {
		err = sriov_pf_companion_init();
		if (err)
			goto err_mac_exit;
		return 0;
	}

	sriov_pf_driver.id_table = sriov_pf_backends_ids();
	if (!sriov_pf_driver.id_table) {
		err = -ENOMEM;
		goto err_mac_exit;
	}
	sriov_pf_debugfs_init();
	err = pci_register_driver(&sriov_pf_driver);
	if (err)
		goto err_debugfs_exit;
	return 0;

err_debugfs_exit:
	sriov_pf_debugfs_exit();
	sriov_pf_backends_ids_free(sriov_pf_driver.id_table);
err_mac_exit:
	sriov_pf_mac_exit();
	return err;
}
module_init(sriov_pf_init);

/* --- module unload: every PF's VFs at once ------------------------------
 *
 * The driver core unbinds the PFs one after another, and each
 * pci_disable_sriov() waits a second after clearing VF Enable.  Before
 * that, one async call per PF disables its VFs under its device lock, so
 * that the waits overlap.  A PF with a VF a guest holds is left to
 * remove(), which keeps its VFs enabled and parks their settings.
 */
static ASYNC_DOMAIN_EXCLUSIVE(sriov_pf_exit_domain);

static void sriov_pf_exit_disable_vfs(void *data, async_cookie_t cookie)
{
	struct pci_dev *pdev = data;
	struct sriov_pf *pf = NULL;
	u16 num_vfs;

	device_lock(&pdev->dev);
	if (pdev->dev.driver == &sriov_pf_driver.driver)
		pf = pci_get_drvdata(pdev);
	num_vfs = pci_num_vf(pdev);
	if (pf && num_vfs && !sriov_pf_vfs_held(pf, NULL))
		sriov_pf_disable_vfs_now(pf, num_vfs);
	device_unlock(&pdev->dev);
	pci_dev_put(pdev);
}

static int sriov_pf_exit_queue(struct device *dev, void *unused)
{
	async_schedule_domain(sriov_pf_exit_disable_vfs,
			      pci_dev_get(to_pci_dev(dev)),
			      &sriov_pf_exit_domain);
	return 0;
}

static void __exit sriov_pf_exit(void)
{
	if (sriov_pf_companion_enabled()) {
		sriov_pf_companion_exit();
		sriov_pf_mac_exit();
		return;
	}
	if (driver_for_each_device(&sriov_pf_driver.driver, NULL, NULL,
				   sriov_pf_exit_queue))
		pr_warn("%s: cannot list the bound PFs: disabling their VFs one PF at a time\n",
			SRIOV_PF_DRV_NAME);
	async_synchronize_full_domain(&sriov_pf_exit_domain);
	pci_unregister_driver(&sriov_pf_driver);
	sriov_pf_backends_ids_free(sriov_pf_driver.id_table);
	sriov_pf_parked_free_all();
	sriov_pf_debugfs_exit();
	sriov_pf_mac_exit();
}
module_exit(sriov_pf_exit);

MODULE_DESCRIPTION("SR-IOV PF driver: enables VFs and gives each a stable MAC");
MODULE_AUTHOR("The sriov_pf developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(SRIOV_PF_VERSION);
