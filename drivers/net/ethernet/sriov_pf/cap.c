// SPDX-License-Identifier: GPL-2.0
/*
 * sriov_pf - the SR-IOV extended capability: the driver's own parse of it,
 * and its report in debugfs (/sys/kernel/debug/sriov_pf/<PF>/capability),
 * beside the backend's per-VF state (<PF>/vfs).
 *
 * The parser reads config space through struct sriov_pf_cfg_reader, so the
 * same code runs on a real PF and on crafted config spaces in tests.
 */

#include <linux/debugfs.h>
#include <linux/math64.h>
#include <linux/pci.h>
#include <linux/seq_file.h>

#include "sriov_pf.h"

static int sriov_pf_cfg_read16(const struct sriov_pf_cfg_reader *rd,
			       int where, u16 *val)
{
	u32 v;
	int err = rd->read32(rd->ctx, where & ~3, &v);

	if (err)
		return err;
	*val = v >> ((where & 2) * 8);
	return 0;
}

static int sriov_pf_cfg_read8(const struct sriov_pf_cfg_reader *rd,
			      int where, u8 *val)
{
	u32 v;
	int err = rd->read32(rd->ctx, where & ~3, &v);

	if (err)
		return err;
	*val = v >> ((where & 3) * 8);
	return 0;
}

/* Size one VF BAR the way the PCI core does at enumeration: write all ones,
 * read back the mask, restore.  Only called while VF Memory Space is off.
 */
static int sriov_pf_size_bar(const struct sriov_pf_cfg_reader *rd, int where,
			     bool last, u64 *size, bool *is64)
{
	u32 orig, mask, orig_hi = 0, mask_hi = 0;
	u64 m;
	int err;

	err = rd->read32(rd->ctx, where, &orig);
	if (err)
		return err;
	*is64 = (orig & PCI_BASE_ADDRESS_MEM_TYPE_MASK) ==
		PCI_BASE_ADDRESS_MEM_TYPE_64;
	/* A 64-bit BAR needs the next register for its upper half. */
	if (last)
		*is64 = false;

	err = rd->write32(rd->ctx, where, ~0U);
	if (!err)
		err = rd->read32(rd->ctx, where, &mask);
	rd->write32(rd->ctx, where, orig);
	if (err)
		return err;

	if (*is64) {
		err = rd->read32(rd->ctx, where + 4, &orig_hi);
		if (err)
			return err;
		err = rd->write32(rd->ctx, where + 4, ~0U);
		if (!err)
			err = rd->read32(rd->ctx, where + 4, &mask_hi);
		rd->write32(rd->ctx, where + 4, orig_hi);
		if (err)
			return err;
	}

	m = ((u64)mask_hi << 32) | (mask & PCI_BASE_ADDRESS_MEM_MASK);
	if (!*is64)
		m |= 0xffffffff00000000ULL;
	if (!(mask & PCI_BASE_ADDRESS_MEM_MASK) && !mask_hi) {
		*size = 0;
		return 0;
	}
	*size = ~m + 1;
	return 0;
}

/**
 * sriov_pf_cap_parse() - parse an SR-IOV extended capability
 * @rd: config space accessor
 * @pos: offset of the capability (0 = the device has none)
 * @cap: result
 * @why: set to a reason when the capability is unusable
 *
 * Return: 0, -ENODEV when there is no usable capability, -EIO when
 * config space could not be read, or -EBUSY when VFs are enabled: then
 * every field but the VF BARs is filled in.
 */
int sriov_pf_cap_parse(const struct sriov_pf_cfg_reader *rd, u16 pos,
		       struct sriov_pf_cap *cap, const char **why)
{
	u16 ctrl;
	unsigned int i;
	int err;

	memset(cap, 0, sizeof(*cap));
	if (!pos || pos < PCI_CFG_SPACE_SIZE ||
	    pos > PCI_CFG_SPACE_EXP_SIZE - PCI_EXT_CAP_SRIOV_SIZEOF) {
		*why = "no SR-IOV extended capability";
		return -ENODEV;
	}
	cap->pos = pos;

	err = rd->read32(rd->ctx, pos + PCI_SRIOV_CAP, &cap->caps);
	err = err ?: sriov_pf_cfg_read16(rd, pos + PCI_SRIOV_CTRL, &ctrl);
	err = err ?: sriov_pf_cfg_read16(rd, pos + PCI_SRIOV_INITIAL_VF,
					 &cap->initial_vfs);
	err = err ?: sriov_pf_cfg_read16(rd, pos + PCI_SRIOV_TOTAL_VF,
					 &cap->total_vfs);
	err = err ?: sriov_pf_cfg_read8(rd, pos + PCI_SRIOV_FUNC_LINK,
					&cap->func_dep_link);
	err = err ?: sriov_pf_cfg_read16(rd, pos + PCI_SRIOV_VF_OFFSET,
					 &cap->vf_offset);
	err = err ?: sriov_pf_cfg_read16(rd, pos + PCI_SRIOV_VF_STRIDE,
					 &cap->vf_stride);
	err = err ?: sriov_pf_cfg_read16(rd, pos + PCI_SRIOV_VF_DID,
					 &cap->vf_device);
	err = err ?: rd->read32(rd->ctx, pos + PCI_SRIOV_SUP_PGSIZE,
				&cap->supported_page_sizes);
	err = err ?: rd->read32(rd->ctx, pos + PCI_SRIOV_SYS_PGSIZE,
				&cap->system_page_size);
	if (err) {
		*why = "config space read failed";
		return -EIO;
	}

	if (!cap->total_vfs) {
		*why = "TotalVFs is 0";
		return -ENODEV;
	}
	if (!cap->vf_offset) {
		*why = "First VF Offset is 0";
		return -ENODEV;
	}
	if (cap->total_vfs > 1 && !cap->vf_stride) {
		*why = "VF Stride is 0 with more than one VF";
		return -ENODEV;
	}
	if (cap->initial_vfs > cap->total_vfs) {
		*why = "InitialVFs is larger than TotalVFs";
		return -ENODEV;
	}
	if (!cap->supported_page_sizes) {
		*why = "no supported page size";
		return -ENODEV;
	}
	/* 16-bit routing IDs: the last VF must still have one. */
	if ((u32)cap->vf_offset + (u32)cap->vf_stride * (cap->total_vfs - 1) >
	    0xffff) {
		*why = "VF routing IDs do not fit in 16 bits";
		return -ENODEV;
	}

	/* BAR sizing only while VF decoding is off, as at enumeration. */
	if (ctrl & (PCI_SRIOV_CTRL_VFE | PCI_SRIOV_CTRL_MSE)) {
		*why = "VFs are already enabled";
		return -EBUSY;
	}
	for (i = 0; i < PCI_SRIOV_NUM_BARS; i++) {
		bool is64 = false;
		u64 size;

		err = sriov_pf_size_bar(rd, pos + PCI_SRIOV_BAR + i * 4,
					i == PCI_SRIOV_NUM_BARS - 1,
					&size, &is64);
		if (err) {
			*why = "config space read failed";
			return -EIO;
		}
		if (size) {
			cap->vf_bar_size[i] = size;
			cap->vf_bar_64[i] = is64;
			cap->nr_bars++;
		}
		if (is64)
			i++;
	}
	return 0;
}

static int sriov_pf_pci_read32(void *ctx, int where, u32 *val)
{
	return pcibios_err_to_errno(pci_read_config_dword(ctx, where, val));
}

static int sriov_pf_pci_write32(void *ctx, int where, u32 val)
{
	return pcibios_err_to_errno(pci_write_config_dword(ctx, where, val));
}

/* While VF Enable (or VF MSE) is set the VF BARs cannot be sized by
 * writing them: the VFs decode them.  The PCI core sized them at
 * enumeration, as TotalVFs times the per-VF size (the upper half of a
 * 64-bit BAR has no resource of its own).  TotalVFs is not 0: the parser
 * refuses that before it looks at VF Enable.
 */
static void sriov_pf_cap_bars_from_core(struct pci_dev *pdev,
					struct sriov_pf_cap *cap)
{
	unsigned int i;

	for (i = 0; i < PCI_SRIOV_NUM_BARS; i++) {
		struct resource *res = &pdev->resource[PCI_IOV_RESOURCES + i];

		if (!(res->flags & IORESOURCE_MEM))
			continue;
		cap->vf_bar_size[i] = div_u64(resource_size(res),
					      cap->total_vfs);
		cap->vf_bar_64[i] = !!(res->flags & IORESOURCE_MEM_64);
		cap->nr_bars++;
	}
}

/**
 * sriov_pf_cap_read() - parse the SR-IOV capability of a PF
 * @pdev: the PF
 * @cap: result
 *
 * Return: 0, or a negative errno after logging why the PF is unusable.
 */
int sriov_pf_cap_read(struct pci_dev *pdev, struct sriov_pf_cap *cap)
{
	const struct sriov_pf_cfg_reader rd = {
		.read32 = sriov_pf_pci_read32,
		.write32 = sriov_pf_pci_write32,
		.ctx = pdev,
	};
	const char *why = "unknown";
	u16 pos;
	int err;

	pos = pci_find_ext_capability(pdev, PCI_EXT_CAP_ID_SRIOV);
	err = sriov_pf_cap_parse(&rd, pos, cap, &why);
	if (err == -EBUSY) {
		/* VFs left enabled by the previous driver: sriov_pf takes
		 * them over, with the VF BAR sizes the PCI core found.
		 */
		sriov_pf_cap_bars_from_core(pdev, cap);
		return 0;
	}
	if (err)
		pci_err(pdev, "not an SR-IOV PF that %s can drive: %s\n",
			SRIOV_PF_DRV_NAME, why);
	return err;
}

static struct dentry *sriov_pf_debugfs_root;

static int sriov_pf_capability_show(struct seq_file *m, void *v)
{
	struct sriov_pf *pf = m->private;
	struct sriov_pf_cap *cap = &pf->cap;
	u16 num_vfs = 0;
	unsigned int i;

	pci_read_config_word(pf->pdev, cap->pos + PCI_SRIOV_NUM_VF, &num_vfs);

	seq_printf(m, "total_vfs %u\n", cap->total_vfs);
	seq_printf(m, "initial_vfs %u\n", cap->initial_vfs);
	seq_printf(m, "num_vfs %u\n", num_vfs);
	seq_printf(m, "vf_offset %u\n", cap->vf_offset);
	seq_printf(m, "vf_stride %u\n", cap->vf_stride);
	seq_printf(m, "vf_device 0x%04x\n", cap->vf_device);
	seq_printf(m, "supported_page_sizes 0x%08x\n",
		   cap->supported_page_sizes);
	seq_printf(m, "system_page_size 0x%08x\n", cap->system_page_size);
	seq_printf(m, "func_dep_link %u\n", cap->func_dep_link);
	for (i = 0; i < PCI_SRIOV_NUM_BARS; i++)
		if (cap->vf_bar_size[i])
			seq_printf(m, "vf_bar%u %llu\n", i, cap->vf_bar_size[i]);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sriov_pf_capability);

static int sriov_pf_vfs_show(struct seq_file *m, void *v)
{
	struct sriov_pf *pf = m->private;

	pf->ops->debugfs_vfs(pf, m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sriov_pf_vfs);

void sriov_pf_debugfs_init(void)
{
	sriov_pf_debugfs_root = debugfs_create_dir(SRIOV_PF_DRV_NAME, NULL);
}

void sriov_pf_debugfs_exit(void)
{
	debugfs_remove_recursive(sriov_pf_debugfs_root);
	sriov_pf_debugfs_root = NULL;
}

void sriov_pf_debugfs_add(struct sriov_pf *pf)
{
	pf->debugfs = debugfs_create_dir(pci_name(pf->pdev),
					 sriov_pf_debugfs_root);
	debugfs_create_file("capability", 0444, pf->debugfs, pf,
			    &sriov_pf_capability_fops);
	if (pf->ops && pf->ops->debugfs_vfs)
		debugfs_create_file("vfs", 0400, pf->debugfs, pf,
				    &sriov_pf_vfs_fops);
}

void sriov_pf_debugfs_del(struct sriov_pf *pf)
{
	debugfs_remove_recursive(pf->debugfs);
	pf->debugfs = NULL;
}
