/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sriov_pf_compat.h - every kernel API difference sriov_pf meets between
 * the kernel lines it supports, in one place.  The driver's .c files use
 * the newest API; this header maps it onto older kernels.
 */
#ifndef _SRIOV_PF_COMPAT_H_
#define _SRIOV_PF_COMPAT_H_

#include <linux/device.h>
#include <linux/pci.h>
#include <linux/version.h>

/*
 * driver_override moved from struct pci_dev to struct device (upstream
 * 6.19, backported to stable 6.12.y); Kbuild looks for its helper in the
 * headers.  A yes/no answer needs no device lock.
 */
#ifdef SRIOV_PF_HAVE_DEVICE_DRIVER_OVERRIDE
static inline bool sriov_pf_has_driver_override(struct pci_dev *pdev)
{
	bool set;

	/* device_has_driver_override() uses guard(), which sparse misreads */
	spin_lock(&pdev->dev.driver_override.lock);
	set = pdev->dev.driver_override.name;
	spin_unlock(&pdev->dev.driver_override.lock);
	return set;
}
#else
static inline bool sriov_pf_has_driver_override(struct pci_dev *pdev)
{
	return READ_ONCE(pdev->driver_override);
}
#endif

#endif /* _SRIOV_PF_COMPAT_H_ */
