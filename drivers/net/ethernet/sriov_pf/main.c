// SPDX-License-Identifier: GPL-2.0
/*
 * sriov_pf - PCI glue: probe and remove, enabling and disabling VFs, and
 * the .sriov_configure callback behind sysfs sriov_numvfs.
 *
 * On the PF device IDs in the table the driver runs a hardware backend
 * (VF mailbox, MAC filters, PF netdev).  Any other SR-IOV capable PF can be
 * bound through driver_override or new_id: then the driver only enables VFs
 * and reports the capability.
 */

#include <linux/module.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "sriov_pf.h"

/* Every bound PF, for host-wide MAC uniqueness checks. */
LIST_HEAD(sriov_pf_list);
DEFINE_MUTEX(sriov_pf_list_lock);	/* protects sriov_pf_list */

/* PFs the hardware backend drives.  driver_data stays 0 throughout, so
 * that new_id (whose driver_data must match an entry) works for generic
 * PFs; the backend is chosen by matching this table, not by the id that
 * bound the device, since driver_override binds with a wildcard id.
 *
 * There is deliberately no MODULE_DEVICE_TABLE(): igb matches the same
 * devices, and a module alias would have udev load sriov_pf for every
 * 82576/I350 at boot, leaving the port to whichever driver registers
 * first.  sriov_pf binds a PF only after an administrator loads it (by
 * hand, from modprobe.d, or through the shipped udev rule).
 */
static const struct pci_device_id sriov_pf_pci_tbl[] = {
	/* Intel 82576 family */
	{ PCI_VDEVICE(INTEL, 0x10c9) },
	{ PCI_VDEVICE(INTEL, 0x10e6) },
	{ PCI_VDEVICE(INTEL, 0x10e7) },
	{ PCI_VDEVICE(INTEL, 0x10e8) },
	{ PCI_VDEVICE(INTEL, 0x150a) },
	{ PCI_VDEVICE(INTEL, 0x150d) },
	{ PCI_VDEVICE(INTEL, 0x1518) },
	{ PCI_VDEVICE(INTEL, 0x1526) },
	/* Intel I350 family */
	{ PCI_VDEVICE(INTEL, 0x1521) },
	{ PCI_VDEVICE(INTEL, 0x1522) },
	{ PCI_VDEVICE(INTEL, 0x1523) },
	{ PCI_VDEVICE(INTEL, 0x1524) },
	/* required last entry */
	{ }
};

static const struct sriov_pf_hw_ops *sriov_pf_backend(struct pci_dev *pdev)
{
	return pci_match_id(sriov_pf_pci_tbl, pdev) ? &sriov_pf_82576_ops : NULL;
}

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

static void sriov_pf_set_num_vfs(struct sriov_pf *pf, u16 num_vfs)
{
	spin_lock_irq(&pf->vf_lock);
	pf->num_vfs = num_vfs;
	spin_unlock_irq(&pf->vf_lock);
}

/* Make @num_vfs VFs known to the driver: every VF gets its MAC, and the
 * backend answers their mailboxes from now on.  Device lock held.
 */
static int sriov_pf_prepare_vfs(struct sriov_pf *pf, u16 num_vfs)
{
	int err;

	if (!pf->ops) {
		sriov_pf_set_num_vfs(pf, num_vfs);
		return 0;
	}

	rtnl_lock();
	sriov_pf_set_num_vfs(pf, num_vfs);
	err = sriov_pf_vfs_assign_macs(pf);
	if (!err)
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
	pci_info(pdev, "enabled %u VFs\n", num_vfs);
	return num_vfs;
}

/* VFs that are enabled when the driver binds were left by the previous
 * driver, which could not disable them because a guest holds one: take
 * them over as they are, so their VF drivers get answers again.
 */
static void sriov_pf_adopt_vfs(struct sriov_pf *pf, u16 num_vfs)
{
	struct pci_dev *pdev = pf->pdev;

	if (num_vfs > pf->hw_max_vfs) {
		pci_err(pdev,
			"%u VFs are already enabled, more than the %u %s serves on this PF; write 0 to sriov_numvfs, then the count you want\n",
			num_vfs, pf->hw_max_vfs, SRIOV_PF_DRV_NAME);
		return;
	}
	if (sriov_pf_prepare_vfs(pf, num_vfs))
		return;
	pci_info(pdev,
		 "took over %u VFs that were already enabled (%u assigned to guests)\n",
		 num_vfs, pci_vfs_assigned(pdev));
}

/* Disable all VFs, unless a guest holds one.  Device lock held. */
static int sriov_pf_disable_vfs(struct sriov_pf *pf)
{
	struct pci_dev *pdev = pf->pdev;
	u16 num_vfs = pci_num_vf(pdev);

	if (!num_vfs)
		return 0;
	if (pci_vfs_assigned(pdev)) {
		pci_err(pdev,
			"cannot disable VFs: %u of %u VFs are assigned to guests; detach them from their VMs first\n",
			pci_vfs_assigned(pdev), num_vfs);
		return -EBUSY;
	}

	pci_disable_sriov(pdev);
	sriov_pf_unprepare_vfs(pf);
	pci_info(pdev, "disabled %u VFs\n", num_vfs);
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

	pf->ops = sriov_pf_backend(pdev);
	pf->hw_max_vfs = pf->cap.total_vfs;
	pci_set_drvdata(pdev, pf);

	if (pf->ops) {
		u16 vf;

		for (vf = 0; vf < pf->cap.total_vfs; vf++) {
			pf->vfs[vf].spoofchk = true;
			pf->vfs[vf].link_state = IFLA_VF_LINK_STATE_AUTO;
		}

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

	mutex_lock(&sriov_pf_list_lock);
	list_add_tail(&pf->node, &sriov_pf_list);
	mutex_unlock(&sriov_pf_list_lock);

	sriov_pf_debugfs_add(pf);
	sriov_pf_log_summary(pf);
	sriov_pf_apply_max_vfs(pf);
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
	u16 assigned = pci_vfs_assigned(pdev);
	u16 num_vfs = pci_num_vf(pdev);

	sriov_pf_debugfs_del(pf);

	/* Nothing is torn down under a running guest: VFs that a guest holds
	 * stay enabled (as igb and ixgbe leave them), and the next driver
	 * bound to the PF takes them over.
	 */
	if (assigned)
		pci_warn(pdev,
			 "%u of %u VFs are assigned to guests: leaving the VFs enabled; bind %s again to serve them, and to disable them once the guests let go\n",
			 assigned, num_vfs, SRIOV_PF_DRV_NAME);
	else if (num_vfs)
		pci_disable_sriov(pdev);
	if (num_vfs)
		sriov_pf_unprepare_vfs(pf);

	mutex_lock(&sriov_pf_list_lock);
	list_del(&pf->node);
	mutex_unlock(&sriov_pf_list_lock);

	if (pf->ops) {
		sriov_pf_netdev_destroy(pf);
		pf->ops->exit(pf);
		pci_sriov_set_totalvfs(pdev, 0);
	}
	pci_set_drvdata(pdev, NULL);
	kvfree(pf->vfs);
	kfree(pf);
}

static struct pci_driver sriov_pf_driver = {
	.name			= SRIOV_PF_DRV_NAME,
	.id_table		= sriov_pf_pci_tbl,
	.probe			= sriov_pf_probe,
	.remove			= sriov_pf_remove,
	.sriov_configure	= sriov_pf_sriov_configure,
	.driver.probe_type	= PROBE_PREFER_ASYNCHRONOUS,
};

static int __init sriov_pf_init(void)
{
	int err;

	/* companion mode binds no device */
	if (sriov_pf_companion_enabled())
		return sriov_pf_companion_init();

	sriov_pf_debugfs_init();
	err = pci_register_driver(&sriov_pf_driver);
	if (err)
		sriov_pf_debugfs_exit();
	return err;
}
module_init(sriov_pf_init);

static void __exit sriov_pf_exit(void)
{
	if (sriov_pf_companion_enabled()) {
		sriov_pf_companion_exit();
		return;
	}
	pci_unregister_driver(&sriov_pf_driver);
	sriov_pf_debugfs_exit();
}
module_exit(sriov_pf_exit);

MODULE_DESCRIPTION("SR-IOV PF driver: enables VFs and gives each a stable MAC");
MODULE_AUTHOR("The sriov_pf developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(SRIOV_PF_VERSION);
