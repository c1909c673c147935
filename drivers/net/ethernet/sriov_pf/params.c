// SPDX-License-Identifier: GPL-2.0
/*
 * sriov_pf - the max_vfs module parameter.
 *
 * Three forms are accepted:
 *   max_vfs=4                              every PF the driver binds
 *   max_vfs=4,2                            per SR-IOV PF, in PCI address order
 *   max_vfs=0000:01:00.0=4,0000:02:00.0=2  keyed by PCI address
 *
 * The string is parsed when the parameter is set, so a malformed value
 * makes modprobe fail with -EINVAL before any device is touched.
 */

#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/pci.h>
#include <linux/string.h>

#include "sriov_pf.h"

/* Parsed form of max_vfs; written only while the module loads (0444). */
static struct sriov_pf_max_vfs sriov_pf_max_vfs_parsed;

static bool sriov_pf_is_digits(const char *s, size_t len, unsigned int base)
{
	size_t i;

	if (!len)
		return false;
	for (i = 0; i < len; i++) {
		if (base == 16 ? !isxdigit(s[i]) : !isdigit(s[i]))
			return false;
	}
	return true;
}

static int sriov_pf_parse_num(const char *s, size_t len, unsigned int base,
			      unsigned long max, unsigned long *val)
{
	char buf[16];

	if (!sriov_pf_is_digits(s, len, base) || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (kstrtoul(buf, base, val) || *val > max)
		return -EINVAL;
	return 0;
}

/* "DDDD:BB:DD.F" or "BB:DD.F" */
static int sriov_pf_parse_addr(const char *s, size_t len,
			       struct sriov_pf_max_vfs_entry *e)
{
	const char *colon1, *colon2, *dot, *end = s + len;
	unsigned long domain = 0, bus, dev, fn;

	colon1 = memchr(s, ':', len);
	if (!colon1)
		return -EINVAL;
	colon2 = memchr(colon1 + 1, ':', end - colon1 - 1);
	if (colon2) {
		if (sriov_pf_parse_num(s, colon1 - s, 16, 0xffff, &domain))
			return -EINVAL;
		s = colon1 + 1;
		colon1 = colon2;
	}
	dot = memchr(colon1 + 1, '.', end - colon1 - 1);
	if (!dot)
		return -EINVAL;
	if (sriov_pf_parse_num(s, colon1 - s, 16, 0xff, &bus) ||
	    sriov_pf_parse_num(colon1 + 1, dot - colon1 - 1, 16, 0x1f, &dev) ||
	    sriov_pf_parse_num(dot + 1, end - dot - 1, 16, 7, &fn))
		return -EINVAL;

	e->domain = domain;
	e->bus = bus;
	e->devfn = PCI_DEVFN(dev, fn);
	return 0;
}

/**
 * sriov_pf_max_vfs_parse() - parse a max_vfs string
 * @s: the string (a trailing newline is ignored)
 * @out: the result
 * @why: set to a reason on failure
 *
 * Return: 0 or -EINVAL.
 */
int sriov_pf_max_vfs_parse(const char *s, struct sriov_pf_max_vfs *out,
			   const char **why)
{
	size_t len = strlen(s);
	const char *p, *end;
	bool keyed = false;
	unsigned int i;

	memset(out, 0, sizeof(*out));
	if (len && s[len - 1] == '\n')
		len--;
	if (!len) {
		out->form = SRIOV_PF_MAX_VFS_NONE;
		return 0;
	}

	if (memchr(s, '=', len))
		keyed = true;

	for (p = s, end = s + len, i = 0; p <= end; i++) {
		const char *comma = memchr(p, ',', end - p);
		const char *tok_end = comma ? comma : end;
		struct sriov_pf_max_vfs_entry *e = &out->e[i];
		const char *eq = memchr(p, '=', tok_end - p);
		unsigned long count;

		if (i >= SRIOV_PF_MAX_VFS_ENTRIES) {
			*why = "too many entries";
			return -EINVAL;
		}
		if (tok_end == p) {
			*why = "empty entry";
			return -EINVAL;
		}
		if (keyed) {
			if (!eq) {
				*why = "mix of keyed and plain entries";
				return -EINVAL;
			}
			if (sriov_pf_parse_addr(p, eq - p, e)) {
				*why = "bad PCI address (expected DDDD:BB:DD.F)";
				return -EINVAL;
			}
			p = eq + 1;
		}
		if (sriov_pf_parse_num(p, tok_end - p, 10, U16_MAX, &count)) {
			*why = "VF count must be a decimal number from 0 to 65535";
			return -EINVAL;
		}
		e->count = count;
		if (!comma)
			break;
		p = comma + 1;
	}
	out->n = i + 1;

	if (keyed)
		out->form = SRIOV_PF_MAX_VFS_ADDR;
	else if (out->n == 1)
		out->form = SRIOV_PF_MAX_VFS_ALL;
	else
		out->form = SRIOV_PF_MAX_VFS_LIST;

	/* The same address twice is almost certainly a typo. */
	if (keyed) {
		unsigned int j;

		for (i = 0; i < out->n; i++)
			for (j = i + 1; j < out->n; j++)
				if (out->e[i].domain == out->e[j].domain &&
				    out->e[i].bus == out->e[j].bus &&
				    out->e[i].devfn == out->e[j].devfn) {
					*why = "the same PCI address appears twice";
					return -EINVAL;
				}
	}
	return 0;
}

/**
 * sriov_pf_max_vfs_lookup() - VFs requested for one PF
 * @mv: parsed parameter
 * @domain: the PF's PCI domain
 * @bus: the PF's bus number
 * @devfn: the PF's device and function
 * @index: the PF's position among the system's SR-IOV PFs in address order
 *
 * Return: the requested count; 0 for a PF the parameter does not name.
 */
unsigned int sriov_pf_max_vfs_lookup(const struct sriov_pf_max_vfs *mv,
				     u32 domain, u8 bus, u8 devfn,
				     unsigned int index)
{
	unsigned int i;

	switch (mv->form) {
	case SRIOV_PF_MAX_VFS_ALL:
		return mv->e[0].count;
	case SRIOV_PF_MAX_VFS_LIST:
		return index < mv->n ? mv->e[index].count : 0;
	case SRIOV_PF_MAX_VFS_ADDR:
		for (i = 0; i < mv->n; i++)
			if (mv->e[i].domain == domain && mv->e[i].bus == bus &&
			    mv->e[i].devfn == devfn)
				return mv->e[i].count;
		return 0;
	default:
		return 0;
	}
}

static bool sriov_pf_addr_before(struct pci_dev *a, struct pci_dev *b)
{
	int da = pci_domain_nr(a->bus), db = pci_domain_nr(b->bus);

	if (da != db)
		return da < db;
	if (a->bus->number != b->bus->number)
		return a->bus->number < b->bus->number;
	return a->devfn < b->devfn;
}

/* Position of @pdev among every SR-IOV capable PF of the system. */
static unsigned int sriov_pf_pf_index(struct pci_dev *pdev)
{
	struct pci_dev *other = NULL;
	unsigned int index = 0;

	for_each_pci_dev(other) {
		if (other != pdev && pci_sriov_get_totalvfs(other) > 0 &&
		    !other->is_virtfn && sriov_pf_addr_before(other, pdev))
			index++;
	}
	return index;
}

/**
 * sriov_pf_max_vfs_for() - VFs max_vfs asks for on @pdev
 * @pdev: a PF
 *
 * Return: the count, before clamping to TotalVFs.
 */
unsigned int sriov_pf_max_vfs_for(struct pci_dev *pdev)
{
	const struct sriov_pf_max_vfs *mv = &sriov_pf_max_vfs_parsed;
	unsigned int index = 0;

	if (mv->form == SRIOV_PF_MAX_VFS_LIST)
		index = sriov_pf_pf_index(pdev);

	return sriov_pf_max_vfs_lookup(mv, pci_domain_nr(pdev->bus),
				       pdev->bus->number, pdev->devfn, index);
}

static char sriov_pf_max_vfs_str[512];

static int sriov_pf_max_vfs_set(const char *val, const struct kernel_param *kp)
{
	const char *why = NULL;
	int err;

	if (strlen(val) >= sizeof(sriov_pf_max_vfs_str)) {
		pr_err("%s: max_vfs is too long (%zu characters, at most %zu)\n",
		       SRIOV_PF_DRV_NAME, strlen(val),
		       sizeof(sriov_pf_max_vfs_str) - 1);
		return -EINVAL;
	}
	err = sriov_pf_max_vfs_parse(val, &sriov_pf_max_vfs_parsed, &why);
	if (err) {
		pr_err("%s: invalid max_vfs \"%s\": %s; use max_vfs=4, max_vfs=4,2 or max_vfs=0000:01:00.0=4\n",
		       SRIOV_PF_DRV_NAME, val, why);
		memset(&sriov_pf_max_vfs_parsed, 0,
		       sizeof(sriov_pf_max_vfs_parsed));
		return err;
	}
	strscpy(sriov_pf_max_vfs_str, val, sizeof(sriov_pf_max_vfs_str));
	strim(sriov_pf_max_vfs_str);
	return 0;
}

static int sriov_pf_max_vfs_get(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, PAGE_SIZE, "%s\n",
			 sriov_pf_max_vfs_str[0] ? sriov_pf_max_vfs_str : "0");
}

static const struct kernel_param_ops sriov_pf_max_vfs_ops = {
	.set = sriov_pf_max_vfs_set,
	.get = sriov_pf_max_vfs_get,
};

module_param_cb(max_vfs, &sriov_pf_max_vfs_ops, NULL, 0444);
MODULE_PARM_DESC(max_vfs,
		 "VFs to enable at probe: N for every PF (default 0), N,M,... per SR-IOV PF in PCI address order, or DDDD:BB:DD.F=N,... per PF address; clamped to TotalVFs");

static const char * const sriov_pf_mac_policy_names[] = {
	[SRIOV_PF_MAC_DERIVED] = "derived",
	[SRIOV_PF_MAC_RANDOM] = "random",
};

enum sriov_pf_mac_policy sriov_pf_mac_policy = SRIOV_PF_MAC_DERIVED;

static int sriov_pf_mac_policy_set(const char *val,
				   const struct kernel_param *kp)
{
	int i = sysfs_match_string(sriov_pf_mac_policy_names, val);

	if (i < 0) {
		pr_err("%s: invalid mac_policy \"%s\": use derived or random\n",
		       SRIOV_PF_DRV_NAME, val);
		return -EINVAL;
	}
	sriov_pf_mac_policy = i;
	return 0;
}

static int sriov_pf_mac_policy_get(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, PAGE_SIZE, "%s\n",
			 sriov_pf_mac_policy_names[sriov_pf_mac_policy]);
}

static const struct kernel_param_ops sriov_pf_mac_policy_ops = {
	.set = sriov_pf_mac_policy_set,
	.get = sriov_pf_mac_policy_get,
};

module_param_cb(mac_policy, &sriov_pf_mac_policy_ops, NULL, 0444);
MODULE_PARM_DESC(mac_policy,
		 "Default VF MACs: derived (default; stable, from the PF's permanent MAC and the VF index) or random (new on every load)");
