// SPDX-License-Identifier: GPL-2.0
/*
 * sriov_pf - the list of hardware backends.
 *
 * Each backend file exports a struct sriov_pf_backend (its PCI IDs and its
 * ops); this list is the one place that names them.  The driver's ID
 * table is their IDs together, and a PF gets the backend whose IDs match
 * it, whichever way it was bound (the ID table, driver_override or
 * new_id): a PF that none matches runs in generic mode.
 */

#include <linux/pci.h>
#include <linux/slab.h>

#include "sriov_pf.h"

static const struct sriov_pf_backend *const sriov_pf_backends[] = {
	&sriov_pf_82576_backend,
};

static unsigned int sriov_pf_ids_count(const struct pci_device_id *ids)
{
	unsigned int n = 0;

	while (ids[n].vendor || ids[n].subvendor || ids[n].class_mask)
		n++;
	return n;
}

/**
 * sriov_pf_backends_ids() - the driver's ID table: every backend's IDs
 *
 * driver_data stays 0 in every entry, so that new_id (whose driver_data
 * must match an entry) works for generic PFs.
 *
 * Return: a table ending with an empty entry, to free with
 * sriov_pf_backends_ids_free(), or NULL.
 */
const struct pci_device_id *sriov_pf_backends_ids(void)
{
	struct pci_device_id *ids;
	unsigned int i, n = 0, at = 0;

	for (i = 0; i < ARRAY_SIZE(sriov_pf_backends); i++)
		n += sriov_pf_ids_count(sriov_pf_backends[i]->ids);
	ids = kcalloc(n + 1, sizeof(*ids), GFP_KERNEL);
	if (!ids)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(sriov_pf_backends); i++) {
		n = sriov_pf_ids_count(sriov_pf_backends[i]->ids);
		memcpy(&ids[at], sriov_pf_backends[i]->ids, n * sizeof(*ids));
		at += n;
	}
	return ids;
}

/**
 * sriov_pf_backends_ids_free() - free what sriov_pf_backends_ids() gave
 * @ids: the table, or NULL
 */
void sriov_pf_backends_ids_free(const struct pci_device_id *ids)
{
	kfree(ids);
}

/**
 * sriov_pf_backend_match() - the backend for a PF
 * @pdev: the PF
 *
 * Return: its ops, or NULL (generic mode).
 */
const struct sriov_pf_hw_ops *sriov_pf_backend_match(struct pci_dev *pdev)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sriov_pf_backends); i++)
		if (pci_match_id(sriov_pf_backends[i]->ids, pdev))
			return sriov_pf_backends[i]->ops;
	return NULL;
}
