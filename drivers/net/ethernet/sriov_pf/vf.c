// SPDX-License-Identifier: GPL-2.0
/*
 * sriov_pf - the one path for the administrator's VF settings.
 *
 * Every writer of a VF's settings (ndo_set_vf_*, the vf_config module
 * parameter, devlink) calls sriov_pf_vf_set() or one of its one-setting
 * wrappers, which:
 *   1. validates the VF index (any VF below sriov_totalvfs, enabled or
 *      not) and the values;
 *   2. commits them to pf->vfs[] under pf->vf_lock;
 *   3. if the VF is enabled, applies them through the backend's
 *      vf_update();
 *   4. if that fails, puts the previous settings back and applies those.
 * A VF that is not enabled keeps its settings in pf->vfs[] until it is:
 * vfs_prepare() programs them before pci_enable_sriov(), so the VF driver's
 * first probe sees them.  RTNL serialises the writers (see struct
 * sriov_pf).
 */

#include <linux/etherdevice.h>
#include <linux/if_link.h>
#include <linux/if_vlan.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>

#include "sriov_pf.h"

static int sriov_pf_vf_validate(struct sriov_pf *pf, int vf,
				const struct sriov_pf_vf *new,
				unsigned int what)
{
	if (!pf->ops)
		return -EOPNOTSUPP;
	if (vf < 0 || vf >= pf->hw_max_vfs)
		return -EINVAL;
	if (what & ~(SRIOV_PF_VF_MAC | SRIOV_PF_VF_VLAN | SRIOV_PF_VF_SPOOFCHK |
		     SRIOV_PF_VF_TRUST | SRIOV_PF_VF_LINK | SRIOV_PF_VF_RATE))
		return -EOPNOTSUPP;
	/* no limit is valid everywhere */
	if ((what & SRIOV_PF_VF_RATE) && new->max_tx_rate && !pf->vf_rate)
		return -EOPNOTSUPP;
	if ((what & SRIOV_PF_VF_MAC) && is_multicast_ether_addr(new->mac)) {
		pci_err(pf->pdev, "VF %d: %pM is a multicast address\n", vf,
			new->mac);
		return -EINVAL;
	}
	if ((what & SRIOV_PF_VF_VLAN) &&
	    (new->vlan >= VLAN_N_VID - 1 || new->qos > 7))
		return -EINVAL;
	/* VLAN 0 with a priority is priority tagging, which igb does and
	 * the 82576 backend does not: its port VLAN (insertion, filter,
	 * stripping, the VF's own VLAN requests) keys on a VID.  Refused
	 * rather than applied without the priority.
	 */
	if ((what & SRIOV_PF_VF_VLAN) && !new->vlan && new->qos) {
		pci_err(pf->pdev,
			"VF %d: qos %u without a VLAN (priority tagging) is not supported; give a VLAN from 1 to 4094\n",
			vf, new->qos);
		return -EINVAL;
	}
	if (what & SRIOV_PF_VF_LINK) {
		switch (new->link_state) {
		case IFLA_VF_LINK_STATE_AUTO:
		case IFLA_VF_LINK_STATE_DISABLE:
			break;
		case IFLA_VF_LINK_STATE_ENABLE:
			/* "Link up whatever the port does": an 82576/I350
			 * VF reads the port's link (STATUS.LU) itself, so
			 * no PF setting can show it a link the port lacks
			 */
			pci_err(pf->pdev,
				"VF %d: link state enable is not supported: the VF always sees the port's link (use auto or disable)\n",
				vf);
			return -EOPNOTSUPP;
		default:
			return -EINVAL;
		}
	}
	return 0;
}

/* Copy the settings @what names from @src to VF @vf.  A zero MAC in @src
 * means the default MAC, picked now for an enabled VF, at enable time for
 * the others.  pf->vf_lock held.
 */
static void sriov_pf_vf_commit(struct sriov_pf *pf, u16 vf,
			       const struct sriov_pf_vf *src, unsigned int what)
{
	struct sriov_pf_vf *cfg = &pf->vfs[vf];
	u8 mac[ETH_ALEN];

	lockdep_assert_held(&pf->vf_lock);

	if (what & SRIOV_PF_VF_MAC) {
		cfg->admin_mac = !is_zero_ether_addr(src->mac);
		if (cfg->admin_mac) {
			ether_addr_copy(mac, src->mac);
			sriov_pf_vf_mac_store(pf, vf, mac);
		} else if (vf < pf->num_vfs) {
			sriov_pf_vf_mac_default(pf, vf, mac);
		} else {
			eth_zero_addr(mac);
			sriov_pf_vf_mac_store(pf, vf, mac);
		}
		ether_addr_copy(cfg->base_mac, mac);
	}
	/* qos is 0 without a VLAN: validated */
	sriov_pf_vf_config_copy(cfg, src, what & ~SRIOV_PF_VF_MAC);
}

/* Back to @old, for the settings @what names, MAC included as it was
 * (default or not).  pf->vf_lock held.
 */
static void sriov_pf_vf_restore(struct sriov_pf *pf, u16 vf,
				const struct sriov_pf_vf *old,
				unsigned int what)
{
	struct sriov_pf_vf *cfg = &pf->vfs[vf];

	lockdep_assert_held(&pf->vf_lock);

	if (what & SRIOV_PF_VF_MAC) {
		sriov_pf_vf_mac_store(pf, vf, old->mac);
		ether_addr_copy(cfg->base_mac, old->base_mac);
		cfg->admin_mac = old->admin_mac;
	}
	sriov_pf_vf_commit(pf, vf, old, what & ~SRIOV_PF_VF_MAC);
}

/**
 * sriov_pf_vf_set() - change one VF's settings
 * @pf: the PF
 * @vf: VF index, below sriov_totalvfs
 * @new: the new values of the settings @what names
 * @what: SRIOV_PF_VF_* bits
 *
 * The steps are described at the top of this file.  RTNL held.
 *
 * Return: 0 or a negative errno; on error the VF's settings are unchanged.
 */
int sriov_pf_vf_set(struct sriov_pf *pf, int vf, const struct sriov_pf_vf *new,
		    unsigned int what)
{
	struct pci_dev *pdev = pf->pdev;
	unsigned int asked = what;
	struct sriov_pf_vf old;
	bool enabled, revoke;
	int err, err2;

	ASSERT_RTNL();
	err = sriov_pf_vf_validate(pf, vf, new, what);
	if (err)
		return err;

	/* The administrator's MAC is taken as given (as igb does), with a
	 * warning when the host already uses it.
	 */
	if ((what & SRIOV_PF_VF_MAC) && !is_zero_ether_addr(new->mac) &&
	    sriov_pf_mac_in_use_host(pdev, pf, vf, new->mac))
		pci_warn(pdev, "VF %d: %pM is already in use on this host\n",
			 vf, new->mac);

	spin_lock_irq(&pf->vf_lock);
	old = pf->vfs[vf];
	enabled = vf < pf->num_vfs;
	if ((what & SRIOV_PF_VF_TRUST) && old.trusted == new->trusted)
		what &= ~SRIOV_PF_VF_TRUST;
	/* Revoking trust takes back what the VF did while trusted: its own
	 * MAC goes back to the administrator's or the default one, and the
	 * backend resets the VF.
	 */
	revoke = (what & SRIOV_PF_VF_TRUST) && !new->trusted;
	sriov_pf_vf_commit(pf, vf, new, what);
	if (revoke && !(what & SRIOV_PF_VF_MAC) &&
	    !ether_addr_equal(old.mac, old.base_mac)) {
		sriov_pf_vf_mac_store(pf, vf, old.base_mac);
		what |= SRIOV_PF_VF_MAC;
	}
	spin_unlock_irq(&pf->vf_lock);
	if (!what)
		return 0;

	if (enabled) {
		err = pf->ops->vf_update(pf, vf, what);
		if (err)
			goto rollback;
	}

	/* base_mac and admin_mac change under RTNL only */
	if ((asked & SRIOV_PF_VF_MAC) && (enabled || pf->vfs[vf].admin_mac))
		pci_info(pdev, "VF %d: MAC %pM (%s); %s\n", vf,
			 pf->vfs[vf].base_mac,
			 pf->vfs[vf].admin_mac ? "set by administrator" : "default",
			 enabled ? "the VF driver reads it at its next VF reset" :
			 "the VF gets it when it is enabled");
	else if (asked & SRIOV_PF_VF_MAC)
		pci_info(pdev, "VF %d: default MAC, given when the VF is enabled\n",
			 vf);
	if (what & SRIOV_PF_VF_TRUST)
		pci_info(pdev, "VF %d is %strusted%s\n", vf,
			 new->trusted ? "" : "not ",
			 revoke && enabled ?
			 ": reset to its administrator's settings" : "");
	return 0;

rollback:
	spin_lock_irq(&pf->vf_lock);
	sriov_pf_vf_restore(pf, vf, &old, what);
	spin_unlock_irq(&pf->vf_lock);
	err2 = pf->ops->vf_update(pf, vf, what);
	if (err2)
		pci_err(pdev,
			"VF %d: cannot apply its new settings (%d), nor its previous ones (%d)\n",
			vf, err, err2);
	else
		pci_err(pdev,
			"VF %d: cannot apply its new settings (%d); the previous ones are kept\n",
			vf, err);
	return err;
}

/**
 * sriov_pf_vf_set_mac() - set a VF's MAC
 * @pf: the PF
 * @vf: VF index, below sriov_totalvfs
 * @mac: a unicast MAC, or all zero for the default MAC
 *
 * RTNL held.
 *
 * Return: 0 or a negative errno.
 */
int sriov_pf_vf_set_mac(struct sriov_pf *pf, int vf, const u8 *mac)
{
	struct sriov_pf_vf new = {};

	ether_addr_copy(new.mac, mac);
	return sriov_pf_vf_set(pf, vf, &new, SRIOV_PF_VF_MAC);
}

/**
 * sriov_pf_vf_set_vlan() - set a VF's port VLAN
 * @pf: the PF
 * @vf: VF index, below sriov_totalvfs
 * @vlan: 802.1Q VID 1-4094, or 0 for none
 * @qos: priority 0-7 of VLAN @vlan; 0 without a VLAN
 *
 * RTNL held.
 *
 * Return: 0 or a negative errno (-EINVAL for a priority without a VLAN).
 */
int sriov_pf_vf_set_vlan(struct sriov_pf *pf, int vf, u16 vlan, u8 qos)
{
	struct sriov_pf_vf new = { .vlan = vlan, .qos = qos };

	return sriov_pf_vf_set(pf, vf, &new, SRIOV_PF_VF_VLAN);
}

/**
 * sriov_pf_vf_set_spoofchk() - set a VF's MAC/VLAN anti-spoofing
 * @pf: the PF
 * @vf: VF index, below sriov_totalvfs
 * @on: check
 *
 * RTNL held.
 *
 * Return: 0 or a negative errno.
 */
int sriov_pf_vf_set_spoofchk(struct sriov_pf *pf, int vf, bool on)
{
	struct sriov_pf_vf new = { .spoofchk = on };

	return sriov_pf_vf_set(pf, vf, &new, SRIOV_PF_VF_SPOOFCHK);
}

/**
 * sriov_pf_vf_set_trust() - trust a VF, or stop trusting it
 * @pf: the PF
 * @vf: VF index, below sriov_totalvfs
 * @on: trusted
 *
 * RTNL held.
 *
 * Return: 0 or a negative errno.
 */
int sriov_pf_vf_set_trust(struct sriov_pf *pf, int vf, bool on)
{
	struct sriov_pf_vf new = { .trusted = on };

	return sriov_pf_vf_set(pf, vf, &new, SRIOV_PF_VF_TRUST);
}

/**
 * sriov_pf_vf_set_link_state() - set the link state a VF gets
 * @pf: the PF
 * @vf: VF index, below sriov_totalvfs
 * @state: IFLA_VF_LINK_STATE_AUTO or _DISABLE
 *
 * RTNL held.
 *
 * Return: 0 or a negative errno (-EOPNOTSUPP for _ENABLE).
 */
int sriov_pf_vf_set_link_state(struct sriov_pf *pf, int vf, int state)
{
	struct sriov_pf_vf new = { .link_state = state };

	return sriov_pf_vf_set(pf, vf, &new, SRIOV_PF_VF_LINK);
}

/**
 * sriov_pf_vf_set_rate() - set a VF's transmit rate limit
 * @pf: the PF
 * @vf: VF index, below sriov_totalvfs
 * @min_tx_rate: must be 0: there is no minimum rate
 * @max_tx_rate: the limit in Mbit/s, 0 for none
 *
 * RTNL held.
 *
 * Return: 0 or a negative errno (-EOPNOTSUPP where the part has no
 * per-VF rate limit).
 */
int sriov_pf_vf_set_rate(struct sriov_pf *pf, int vf, int min_tx_rate,
			 int max_tx_rate)
{
	struct sriov_pf_vf new = { .max_tx_rate = max_tx_rate };
	int err;

	if (min_tx_rate) {
		pci_err(pf->pdev, "VF %d: no minimum transmit rate on this device\n",
			vf);
		return -EINVAL;
	}
	if (max_tx_rate < 0)
		return -EINVAL;
	err = sriov_pf_vf_set(pf, vf, &new, SRIOV_PF_VF_RATE);
	if (err == -EOPNOTSUPP && pf->ops)
		pci_err(pf->pdev, "VF %d: this device has no per-VF transmit rate limit\n",
			vf);
	return err;
}

/**
 * sriov_pf_vf_stats() - an enabled VF's traffic counters
 * @pf: the PF
 * @vf: VF index, below the number of enabled VFs
 * @st: filled in
 *
 * RTNL held.
 *
 * Return: 0, -EINVAL for a VF that is not enabled, or -EOPNOTSUPP.
 */
int sriov_pf_vf_stats(struct sriov_pf *pf, int vf, struct ifla_vf_stats *st)
{
	ASSERT_RTNL();
	if (!pf->ops || !pf->ops->vf_stats)
		return -EOPNOTSUPP;
	if (vf < 0 || vf >= pci_num_vf(pf->pdev))
		return -EINVAL;
	return pf->ops->vf_stats(pf, vf, st);
}

/**
 * sriov_pf_vf_get() - the settings of an enabled VF
 * @pf: the PF
 * @vf: VF index, below the number of enabled VFs
 * @out: a copy of them
 *
 * Return: 0, -EINVAL for a VF that is not enabled, or -EOPNOTSUPP.
 */
int sriov_pf_vf_get(struct sriov_pf *pf, int vf, struct sriov_pf_vf *out)
{
	int err = 0;

	if (!pf->ops)
		return -EOPNOTSUPP;
	spin_lock_irq(&pf->vf_lock);
	if (vf < 0 || vf >= pf->num_vfs)
		err = -EINVAL;
	else
		*out = pf->vfs[vf];
	spin_unlock_irq(&pf->vf_lock);
	return err;
}

/**
 * sriov_pf_vfs_defaults() - the settings every VF starts with
 * @pf: a PF with a backend, at probe, before anyone else sees pf->vfs
 *
 * Anti-spoofing on, link following the port, no MAC, VLAN or trust.
 */
void sriov_pf_vfs_defaults(struct sriov_pf *pf)
{
	u16 vf;

	for (vf = 0; vf < pf->cap.total_vfs; vf++) {
		pf->vfs[vf].spoofchk = true;
		pf->vfs[vf].link_state = IFLA_VF_LINK_STATE_AUTO;
	}
}

/**
 * sriov_pf_vfs_assign_macs() - give every VF its MAC before it exists
 * @pf: the PF, with @pf->num_vfs set to the count about to be enabled
 *
 * A VF with an administrator's MAC gets it back (a MAC it picked itself
 * while it existed before does not survive), the others their default
 * MAC, picked now.  RTNL held.
 */
void sriov_pf_vfs_assign_macs(struct sriov_pf *pf)
{
	u8 mac[ETH_ALEN];
	u16 vf;

	ASSERT_RTNL();
	spin_lock_irq(&pf->vf_lock);
	for (vf = 0; vf < pf->num_vfs; vf++) {
		if (pf->vfs[vf].admin_mac) {
			sriov_pf_vf_mac_store(pf, vf, pf->vfs[vf].base_mac);
			continue;
		}
		sriov_pf_vf_mac_default(pf, vf, mac);
		ether_addr_copy(pf->vfs[vf].base_mac, mac);
	}
	spin_unlock_irq(&pf->vf_lock);
}

/**
 * sriov_pf_vf_config_apply() - the vf_config entries that name this PF
 * @pf: the PF, at probe, before its VFs are enabled
 *
 * For each VF, the PF's default entry (VF index "*") gives the settings the
 * VF's own entry does not name, then the VF's own entry its settings,
 * each through sriov_pf_vf_set().  An entry that does not fit this PF (a
 * VF index it does not have, a PF in generic mode) is skipped, and one
 * the backend refuses is not applied, with a message naming it (and the
 * VF, for a default entry).  Takes RTNL.
 */
void sriov_pf_vf_config_apply(struct sriov_pf *pf)
{
	const struct sriov_pf_vf_config *vc = sriov_pf_vf_config_get();
	const struct sriov_pf_vf_config_entry *e, *own, *dflt = NULL;
	struct pci_dev *pdev = pf->pdev;
	unsigned int i, what, applied = 0;
	bool done;
	u16 vf;
	int err;

	rtnl_lock();
	for (i = 0; i < vc->n; i++) {
		e = &vc->e[i];
		if (e->domain != pci_domain_nr(pdev->bus) ||
		    e->bus != pdev->bus->number || e->devfn != pdev->devfn)
			continue;
		if (!pf->ops) {
			pci_err(pdev,
				"vf_config \"%s\" not applied: %s drives this PF in generic mode, which has no VF settings\n",
				e->text, SRIOV_PF_DRV_NAME);
			continue;
		}
		if (!e->all_vfs && e->vf >= pf->hw_max_vfs)
			pci_err(pdev,
				"vf_config \"%s\" not applied: this PF has VFs 0 to %u\n",
				e->text, pf->hw_max_vfs - 1);
	}
	for (vf = 0; pf->ops && vf < pf->hw_max_vfs; vf++) {
		sriov_pf_vf_config_find(vc, pci_domain_nr(pdev->bus),
					pdev->bus->number, pdev->devfn, vf,
					&own, &dflt);
		done = false;
		what = dflt ? dflt->what & ~(own ? own->what : 0) : 0;
		if (what) {
			err = sriov_pf_vf_set(pf, vf, &dflt->set, what);
			if (err)
				pci_err(pdev,
					"vf_config \"%s\" not applied to VF %u: %pe\n",
					dflt->text, vf, ERR_PTR(err));
			done = !err;
		}
		if (own) {
			err = sriov_pf_vf_set(pf, vf, &own->set, own->what);
			if (err)
				pci_err(pdev, "vf_config \"%s\" not applied: %pe\n",
					own->text, ERR_PTR(err));
			done |= !err;
		}
		applied += done;
	}
	rtnl_unlock();
	if (applied)
		pci_info(pdev, "vf_config: settings of %u VFs applied\n",
			 applied);
}
