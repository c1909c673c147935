// SPDX-License-Identifier: GPL-2.0
/*
 * sriov_pf_test_assign - selftest fixture: mark VFs as assigned to a guest
 *
 * pci_vfs_assigned() counts the VFs whose PCI_DEV_FLAGS_ASSIGNED flag is
 * set.  A hypervisor's device assignment sets it while a guest owns a VF
 * (Xen's pciback does), and a PF driver must then refuse to disable the
 * VFs.  Nothing in a test guest sets the flag, so this module sets it on
 * the VFs named by its "vfs" parameter and clears it when it is unloaded.
 *
 * For sriov_pf's selftests only; never load it on a host with guests.
 */

#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>

#define SPF_ASSIGN_MAX	16

static char *vfs;
module_param(vfs, charp, 0444);
MODULE_PARM_DESC(vfs, "Comma-separated PCI addresses (DDDD:BB:DD.F) of the VFs to mark assigned");

/* The marked VFs, each with a reference held.  Only init and exit touch
 * them, which the module loader serializes: no lock.
 */
static struct pci_dev *spf_assign_devs[SPF_ASSIGN_MAX];
static unsigned int spf_assign_count;

static void spf_assign_release(void)
{
	struct pci_dev *pdev;

	while (spf_assign_count) {
		pdev = spf_assign_devs[--spf_assign_count];
		pci_clear_dev_assigned(pdev);
		pci_info(pdev, "no longer marked as assigned\n");
		pci_dev_put(pdev);
	}
}

static int spf_assign_one(const char *addr)
{
	unsigned int dom, bus, dev, fn;
	struct pci_dev *pdev;
	char extra;

	if (spf_assign_count == SPF_ASSIGN_MAX) {
		pr_err("sriov_pf_test_assign: more than %d VFs\n",
		       SPF_ASSIGN_MAX);
		return -E2BIG;
	}
	if (sscanf(addr, "%x:%x:%x.%x%c", &dom, &bus, &dev, &fn, &extra) != 4 ||
	    bus > 0xff || dev > 0x1f || fn > 7) {
		pr_err("sriov_pf_test_assign: '%s' is not a PCI address\n",
		       addr);
		return -EINVAL;
	}
	pdev = pci_get_domain_bus_and_slot(dom, bus, PCI_DEVFN(dev, fn));
	if (!pdev) {
		pr_err("sriov_pf_test_assign: no PCI device %s\n", addr);
		return -ENODEV;
	}
	if (!pdev->is_virtfn) {
		pci_err(pdev, "is not a VF; only VFs are marked as assigned\n");
		pci_dev_put(pdev);
		return -EINVAL;
	}
	pci_set_dev_assigned(pdev);
	spf_assign_devs[spf_assign_count++] = pdev;
	pci_info(pdev, "marked as assigned to a guest (selftest fixture)\n");
	return 0;
}

static int __init spf_assign_init(void)
{
	char *buf, *cur, *tok;
	int err = 0;

	if (!vfs || !*vfs) {
		pr_err("sriov_pf_test_assign: vfs= names no VF\n");
		return -EINVAL;
	}
	buf = kstrdup(vfs, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;

	cur = buf;
	while ((tok = strsep(&cur, ",")) != NULL) {
		err = spf_assign_one(tok);
		if (err)
			break;
	}
	kfree(buf);

	if (err)
		spf_assign_release();
	return err;
}
module_init(spf_assign_init);

static void __exit spf_assign_exit(void)
{
	spf_assign_release();
}
module_exit(spf_assign_exit);

MODULE_DESCRIPTION("sriov_pf selftest fixture: mark VFs as assigned to a guest");
MODULE_AUTHOR("The sriov_pf developers");
MODULE_LICENSE("GPL");
