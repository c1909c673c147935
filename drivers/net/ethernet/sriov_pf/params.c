// SPDX-License-Identifier: GPL-2.0
/*
 * sriov_pf - the module parameters: max_vfs, vf_config and mac_policy.
 *
 * max_vfs takes three forms:
 *   max_vfs=4                              every PF the driver binds
 *   max_vfs=4,2                            per SR-IOV PF, in PCI address order
 *   max_vfs=0000:01:00.0=4,0000:02:00.0=2  keyed by PCI address
 *
 * vf_config declares VF settings, per PF address and VF index:
 *   vf_config=0000:01:00.0/0,mac=02:00:00:00:00:10,vlan=100,qos=3;0000:01:00.0/1,trust=on
 * and an entry whose VF index is "*" the defaults of every VF of its PF
 * (see sriov_pf_vf_config_parse() and sriov_pf_vf_config_merge()).
 *
 * The strings are parsed when the parameter is set, so a malformed value
 * makes modprobe fail with -EINVAL before any device is touched.
 */

#include <linux/ctype.h>
#include <linux/etherdevice.h>
#include <linux/if_link.h>
#include <linux/if_vlan.h>
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

/* ---- vf_config ------------------------------------------------------- */

/* Parsed vf_config; written only while the module loads (0444). */
static struct sriov_pf_vf_config sriov_pf_vf_config_parsed;

static const char * const sriov_pf_link_state_names[] = {
	[IFLA_VF_LINK_STATE_AUTO] = "auto",
	[IFLA_VF_LINK_STATE_ENABLE] = "enable",
	[IFLA_VF_LINK_STATE_DISABLE] = "disable",
};

/* "on"/"off" (also 1/0, y/n, yes/no: kstrtobool()) */
static int sriov_pf_parse_bool(const char *s, size_t len, bool *val)
{
	char buf[8];

	if (!len || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (strcmp(buf, "on") && strcmp(buf, "off") && strcmp(buf, "1") &&
	    strcmp(buf, "0") && strcmp(buf, "yes") && strcmp(buf, "no") &&
	    strcmp(buf, "y") && strcmp(buf, "n"))
		return -EINVAL;
	return kstrtobool(buf, val);
}

/* Is s[0..len-1] exactly @word? */
static bool sriov_pf_word_is(const char *s, size_t len, const char *word)
{
	return len == strlen(word) && !memcmp(s, word, len);
}

/* One "key=value" setting into @e; NULL or the reason it is bad */
static const char *sriov_pf_vf_config_setting(const char *p, size_t len,
					      struct sriov_pf_vf_config_entry *e,
					      bool *qos)
{
	const char *eq = memchr(p, '=', len);
	const char *v;
	unsigned long num;
	unsigned int bit, i;
	size_t klen, vlen;

	if (!eq)
		return "a setting is not key=value";
	klen = eq - p;
	v = eq + 1;
	vlen = p + len - v;

	if (sriov_pf_word_is(p, klen, "mac")) {
		bit = SRIOV_PF_VF_MAC;
		if (vlen != 3 * ETH_ALEN - 1)
			return "mac must be XX:XX:XX:XX:XX:XX";
		for (i = 0; i < ETH_ALEN; i++) {
			if ((i && v[3 * i - 1] != ':') ||
			    sriov_pf_parse_num(v + 3 * i, 2, 16, 0xff, &num))
				return "mac must be XX:XX:XX:XX:XX:XX";
			e->set.mac[i] = num;
		}
		if (!is_valid_ether_addr(e->set.mac))
			return "mac must be a unicast MAC other than 00:00:00:00:00:00";
	} else if (sriov_pf_word_is(p, klen, "vlan")) {
		bit = SRIOV_PF_VF_VLAN;
		if (sriov_pf_parse_num(v, vlen, 10, VLAN_N_VID - 2, &num))
			return "vlan must be from 0 to 4094";
		e->set.vlan = num;
	} else if (sriov_pf_word_is(p, klen, "qos")) {
		/* part of the VLAN setting, checked once the entry is read */
		bit = 0;
		if (*qos)
			return "a setting is given twice";
		if (sriov_pf_parse_num(v, vlen, 10, 7, &num))
			return "qos must be from 0 to 7";
		e->set.qos = num;
		*qos = true;
	} else if (sriov_pf_word_is(p, klen, "spoofchk")) {
		bit = SRIOV_PF_VF_SPOOFCHK;
		if (sriov_pf_parse_bool(v, vlen, &e->set.spoofchk))
			return "spoofchk must be on or off";
	} else if (sriov_pf_word_is(p, klen, "trust")) {
		bit = SRIOV_PF_VF_TRUST;
		if (sriov_pf_parse_bool(v, vlen, &e->set.trusted))
			return "trust must be on or off";
	} else if (sriov_pf_word_is(p, klen, "state")) {
		bit = SRIOV_PF_VF_LINK;
		for (i = 0; i < ARRAY_SIZE(sriov_pf_link_state_names); i++)
			if (sriov_pf_word_is(v, vlen,
					     sriov_pf_link_state_names[i]))
				break;
		if (i == ARRAY_SIZE(sriov_pf_link_state_names))
			return "state must be auto or disable";
		/* as ip link set PF vf N state enable: see vf.c */
		if (i == IFLA_VF_LINK_STATE_ENABLE)
			return "state enable is refused: a VF always sees the port's link";
		e->set.link_state = i;
	} else if (sriov_pf_word_is(p, klen, "max_tx_rate")) {
		bit = SRIOV_PF_VF_RATE;
		if (sriov_pf_parse_num(v, vlen, 10, 1000, &num))
			return "max_tx_rate must be from 0 to 1000 (Mbit/s)";
		e->set.max_tx_rate = num;
	} else {
		return "unknown setting (mac, vlan, qos, spoofchk, trust, state, max_tx_rate)";
	}

	if (e->what & bit)
		return "a setting is given twice";
	e->what |= bit;
	return NULL;
}

/* One "PF/VF,key=value,..." entry; NULL or the reason it is bad */
static const char *sriov_pf_vf_config_entry(const char *p, size_t len,
					    struct sriov_pf_vf_config_entry *e)
{
	const char *end = p + len, *comma, *slash, *tok_end;
	struct sriov_pf_max_vfs_entry addr;
	bool qos = false;
	unsigned long vf = 0;
	const char *why;

	memset(e, 0, sizeof(*e));
	if (len >= SRIOV_PF_VF_CONFIG_TEXT)
		return "entry too long";
	comma = memchr(p, ',', len);
	tok_end = comma ? comma : end;
	slash = memchr(p, '/', tok_end - p);
	if (!slash)
		return "an entry starts with PF/VF (DDDD:BB:DD.F/N)";
	if (sriov_pf_parse_addr(p, slash - p, &addr))
		return "bad PCI address (expected DDDD:BB:DD.F)";
	if (sriov_pf_word_is(slash + 1, tok_end - slash - 1, "*"))
		e->all_vfs = true;
	else if (sriov_pf_parse_num(slash + 1, tok_end - slash - 1, 10,
				    SRIOV_PF_MAX_TOTAL_VFS - 1, &vf))
		return "bad VF index (expected a decimal number, or * for every VF of the PF)";
	e->domain = addr.domain;
	e->bus = addr.bus;
	e->devfn = addr.devfn;
	e->vf = vf;
	if (!comma)
		return "no setting after PF/VF";

	for (p = comma + 1; p <= end; p = comma + 1) {
		comma = memchr(p, ',', end - p);
		tok_end = comma ? comma : end;
		if (tok_end == p)
			return "empty setting";
		why = sriov_pf_vf_config_setting(p, tok_end - p, e, &qos);
		if (why)
			return why;
		if (!comma)
			break;
	}

	/* as ip link set PF vf N vlan 0 qos Q: see vf.c */
	if (qos && !(e->what & SRIOV_PF_VF_VLAN))
		return "qos needs a vlan in the same entry";
	if (e->set.qos && !e->set.vlan)
		return "qos 1 to 7 needs a vlan from 1 to 4094 (no priority tagging)";
	if (e->all_vfs && (e->what & SRIOV_PF_VF_MAC))
		return "mac cannot be a default for every VF (PF/*): give it in the VF's own entry";
	return NULL;
}

/**
 * sriov_pf_vf_config_parse() - parse a vf_config string, adding to @cfg
 * @s: entries separated by ';', each "PF/VF,key=value[,key=value...]":
 *	PF is a PCI address (DDDD:BB:DD.F or BB:DD.F), VF a VF index or
 *	"*" for the PF's default entry (no mac there), and the keys are
 *	mac (unicast, not zero), vlan (0-4094), qos (0-7, with a vlan;
 *	above 0 only with a vlan above 0), spoofchk and trust
 *	(on/off), state (auto/disable) and max_tx_rate (0-1000 Mbit/s),
 *	each at most once.  A trailing newline is ignored; an empty string
 *	adds nothing.
 * @cfg: entries so far; the new ones are added after them
 * @err: on failure, why and which entry
 *
 * A VF named twice (here or in @cfg), a PF with two default entries, or an
 * administrator MAC given to two VFs, is an error too.
 *
 * Return: 0, or -EINVAL with @cfg unchanged.
 */
int sriov_pf_vf_config_parse(const char *s, struct sriov_pf_vf_config *cfg,
			     struct sriov_pf_parse_err *err)
{
	unsigned int n0 = cfg->n, i;
	size_t len = strlen(s);
	const char *p, *semi, *end;
	struct sriov_pf_vf_config_entry *e, *o;

	if (len && s[len - 1] == '\n')
		len--;
	end = s + len;
	for (p = s; len && p <= end; p = semi + 1) {
		semi = memchr(p, ';', end - p);
		if (!semi)
			semi = end;
		err->entry = p;
		err->len = semi - p;
		if (semi == p) {
			err->why = "empty entry";
			goto bad;
		}
		if (cfg->n >= SRIOV_PF_VF_CONFIG_ENTRIES) {
			err->why = "too many entries";
			goto bad;
		}
		e = &cfg->e[cfg->n];
		err->why = sriov_pf_vf_config_entry(p, semi - p, e);
		if (err->why)
			goto bad;
		memcpy(e->text, p, semi - p);
		e->text[semi - p] = '\0';
		for (i = 0; i < cfg->n; i++) {
			o = &cfg->e[i];
			if (o->domain == e->domain && o->bus == e->bus &&
			    o->devfn == e->devfn && o->all_vfs == e->all_vfs &&
			    o->vf == e->vf) {
				err->why = e->all_vfs ?
					   "this PF has a PF/* entry already" :
					   "this VF has an entry already";
				goto bad;
			}
			if ((o->what & e->what & SRIOV_PF_VF_MAC) &&
			    ether_addr_equal(o->set.mac, e->set.mac)) {
				err->why = "this mac is given to another VF already";
				goto bad;
			}
		}
		cfg->n++;
		if (semi == end)
			break;
	}
	return 0;

bad:
	cfg->n = n0;
	return -EINVAL;
}

/**
 * sriov_pf_vf_config_get() - the vf_config entries given at load
 *
 * Return: the parsed parameter.
 */
const struct sriov_pf_vf_config *sriov_pf_vf_config_get(void)
{
	return &sriov_pf_vf_config_parsed;
}

/**
 * sriov_pf_vf_config_find() - the vf_config entries about one VF
 * @cfg: parsed entries
 * @domain: the PF's PCI domain
 * @bus: the PF's bus number
 * @devfn: the PF's device and function
 * @vf: the VF index
 * @own: set to the VF's own entry, or NULL
 * @dflt: set to the PF's default entry (VF index "*"), or NULL
 */
void sriov_pf_vf_config_find(const struct sriov_pf_vf_config *cfg,
			     u32 domain, u8 bus, u8 devfn, u16 vf,
			     const struct sriov_pf_vf_config_entry **own,
			     const struct sriov_pf_vf_config_entry **dflt)
{
	const struct sriov_pf_vf_config_entry *e;
	unsigned int i;

	*own = NULL;
	*dflt = NULL;
	for (i = 0; i < cfg->n; i++) {
		e = &cfg->e[i];
		if (e->domain != domain || e->bus != bus || e->devfn != devfn)
			continue;
		if (e->all_vfs)
			*dflt = e;
		else if (e->vf == vf)
			*own = e;
	}
}

/**
 * sriov_pf_vf_config_copy() - copy VF settings
 * @dst: where to
 * @src: from where
 * @what: which settings (SRIOV_PF_VF_*); the MAC is copied as it is
 */
void sriov_pf_vf_config_copy(struct sriov_pf_vf *dst,
			     const struct sriov_pf_vf *src, unsigned int what)
{
	if (what & SRIOV_PF_VF_MAC)
		ether_addr_copy(dst->mac, src->mac);
	if (what & SRIOV_PF_VF_VLAN) {
		dst->vlan = src->vlan;
		dst->qos = src->qos;
	}
	if (what & SRIOV_PF_VF_SPOOFCHK)
		dst->spoofchk = src->spoofchk;
	if (what & SRIOV_PF_VF_TRUST)
		dst->trusted = src->trusted;
	if (what & SRIOV_PF_VF_LINK)
		dst->link_state = src->link_state;
	if (what & SRIOV_PF_VF_RATE)
		dst->max_tx_rate = src->max_tx_rate;
}

/**
 * sriov_pf_vf_config_merge() - the settings vf_config declares for a VF
 * @own: the VF's own entry, or NULL
 * @dflt: its PF's default entry (VF index "*"), or NULL
 * @out: the settings, zeroed first
 *
 * Each setting comes from @own if @own names it, else from @dflt: the
 * VF's own entry wins setting by setting, and a VLAN with its priority
 * (vlan, qos) is one setting.
 *
 * Return: the SRIOV_PF_VF_* bits of the settings in @out.
 */
unsigned int sriov_pf_vf_config_merge(const struct sriov_pf_vf_config_entry *own,
				      const struct sriov_pf_vf_config_entry *dflt,
				      struct sriov_pf_vf *out)
{
	unsigned int what = 0;

	memset(out, 0, sizeof(*out));
	if (dflt) {
		what = dflt->what & ~(own ? own->what : 0);
		sriov_pf_vf_config_copy(out, &dflt->set, what);
	}
	if (own) {
		sriov_pf_vf_config_copy(out, &own->set, own->what);
		what |= own->what;
	}
	return what;
}

/* Every vf_config= on the command line (and every "options" line of
 * modprobe.d) adds its entries: one line per VF works.
 */
static int sriov_pf_vf_config_set(const char *val,
				  const struct kernel_param *kp)
{
	struct sriov_pf_parse_err err = {};

	if (!sriov_pf_vf_config_parse(val, &sriov_pf_vf_config_parsed, &err))
		return 0;
	pr_err("%s: invalid vf_config entry \"%.*s\": %s; an entry is PF/VF,key=value,... such as 0000:01:00.0/0,mac=02:00:00:00:00:10,vlan=100,trust=on, or PF/*,key=value,... for every VF of the PF; entries are separated by ';'\n",
	       SRIOV_PF_DRV_NAME, err.len, err.entry, err.why);
	return -EINVAL;
}

static int sriov_pf_vf_config_show(char *buf, const struct kernel_param *kp)
{
	const struct sriov_pf_vf_config *vc = &sriov_pf_vf_config_parsed;
	unsigned int i;
	int n = 0;

	for (i = 0; i < vc->n; i++)
		n += scnprintf(buf + n, PAGE_SIZE - n, "%s%s", i ? ";" : "",
			       vc->e[i].text);
	n += scnprintf(buf + n, PAGE_SIZE - n, "\n");
	return n;
}

static const struct kernel_param_ops sriov_pf_vf_config_ops = {
	.set = sriov_pf_vf_config_set,
	.get = sriov_pf_vf_config_show,
};

module_param_cb(vf_config, &sriov_pf_vf_config_ops, NULL, 0444);
MODULE_PARM_DESC(vf_config,
		 "VF settings: PF/VF,key=value,... entries separated by ';' (PF: DDDD:BB:DD.F; VF: an index, or * for every VF of the PF without that setting in its own entry; keys: mac, vlan, qos, spoofchk, trust, state, max_tx_rate); applied before the VFs are enabled, in companion mode as each VF is created; may be given more than once");

/* ---- mac_policy ------------------------------------------------------ */

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
