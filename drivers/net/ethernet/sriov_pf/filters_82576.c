// SPDX-License-Identifier: GPL-2.0
/*
 * sriov_pf: the 82576/I350 pools' filters: the MAC filters (RAR), the
 * VLAN filters (VLVF, VFTA), the multicast and unicast tables (MTA, UTA),
 * each pool's receive options (VMOLR) and port VLAN (VMVIR), the
 * anti-spoofing bits (TXSWC), the pools' receive and transmit enables,
 * and the trusted VFs' extra unicast MACs.
 */
#include <linux/bitfield.h>
#include <linux/bitmap.h>
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/spinlock.h>

#include "hw_82576.h"
#include "hw_82576_calc.h"

#define SPF_VF_MAX_VLANS	8		/* VLVF entries one VF may use */
#define SPF_PF_VLANS		8		/* host VLANs kept for the PF */
#define SPF_VF_MAX_UC		3	/* per VF: igbvf never sends more */

/* Each VF owns one RAR, counted down from the last entry */
unsigned int spf_vf_rar(struct spf_82576 *hw, u16 vf)
{
	return hw->rar_entries - 1 - vf;
}

static u32 spf_ral(unsigned int idx)
{
	return idx < SPF_82576_RAR_BANK ? SPF_82576_RAL(idx) :
		SPF_82576_RAL2(idx - SPF_82576_RAR_BANK);
}

u32 spf_rah(unsigned int idx)
{
	return idx < SPF_82576_RAR_BANK ? SPF_82576_RAH(idx) :
		SPF_82576_RAH2(idx - SPF_82576_RAR_BANK);
}

/* Program RAR @idx; @pool < 0 means no pool bits.  AV only for unicast. */
void spf_rar_set(struct spf_82576 *hw, unsigned int idx, const u8 *mac,
		 int pool)
{
	u32 ral = 0, rah = 0;

	if (mac) {
		ral = mac[0] | mac[1] << 8 | mac[2] << 16 | (u32)mac[3] << 24;
		rah = mac[4] | mac[5] << 8;
		if (pool >= 0)
			rah |= SPF_82576_RAH_POOL(pool);
		if (is_valid_ether_addr(mac))
			rah |= SPF_82576_RAH_AV;
	}

	/* Invalidate first so the filter never matches a half-written MAC */
	spf_wr32(hw, spf_rah(idx), 0);
	spf_flush(hw);
	spf_wr32(hw, spf_ral(idx), ral);
	spf_flush(hw);
	spf_wr32(hw, spf_rah(idx), rah);
	spf_flush(hw);
}

/* Write VFTA word @reg and its shadow (the table is never read back).  On
 * the I350 a write can be lost, so each one is repeated there
 * (spf_82576_vfta_writes()).
 */
static void spf_vfta_write(struct spf_82576 *hw, unsigned int reg, u32 val)
{
	unsigned int i, n = spf_82576_vfta_writes(hw->i350);

	hw->vfta[reg] = val;
	for (i = 0; i < n; i++)
		spf_wr32(hw, SPF_82576_VFTA(reg), val);
	spf_flush(hw);
}

static void spf_vfta_set(struct spf_82576 *hw, u16 vid, bool on)
{
	unsigned int reg = vid / 32;
	u32 val = hw->vfta[reg];

	if (on)
		val |= BIT(vid % 32);
	else
		val &= ~BIT(vid % 32);
	if (val != hw->vfta[reg])
		spf_vfta_write(hw, reg, val);
}

static void spf_vlvf_write(struct spf_82576 *hw, unsigned int i, u32 val)
{
	hw->vlvf[i] = val;
	spf_wr32(hw, SPF_82576_VLVF(i), val);
}

/* Add @pool to, or remove it from, the VLVF entry of @vid; VFTA follows */
int spf_vlan_set(struct spf_82576 *hw, u16 vid, unsigned int pool,
		 bool add)
{
	int i, idx = -1, free = -1;
	u32 val = 0;

	for (i = 0; i < SPF_82576_VLVF_ENTRIES; i++) {
		val = hw->vlvf[i];
		if (!(val & SPF_82576_VLVF_VLANID_EN)) {
			if (free < 0)
				free = i;
			continue;
		}
		if (FIELD_GET(SPF_82576_VLVF_VID, val) == vid) {
			idx = i;
			break;
		}
	}

	if (idx < 0) {
		if (!add)
			return 0;
		if (free < 0)
			return -ENOSPC;
		idx = free;
		val = SPF_82576_VLVF_VLANID_EN |
		      FIELD_PREP(SPF_82576_VLVF_VID, vid);
	}

	if (add)
		val |= SPF_82576_VLVF_POOLSEL(pool);
	else
		val &= ~SPF_82576_VLVF_POOLSEL(pool);

	if (val & SPF_82576_VLVF_POOLSEL_MASK) {
		spf_vlvf_write(hw, idx, val);
		spf_vfta_set(hw, vid, true);
	} else {
		spf_vlvf_write(hw, idx, 0);
		spf_vfta_set(hw, vid, false);
	}
	return 0;
}

/* Drop @pool from every VLAN */
void spf_vlan_clear_pool(struct spf_82576 *hw, unsigned int pool)
{
	unsigned int i;
	u32 val;

	for (i = 0; i < SPF_82576_VLVF_ENTRIES; i++) {
		val = hw->vlvf[i];
		if (!(val & SPF_82576_VLVF_POOLSEL(pool)))
			continue;
		spf_vlan_set(hw, FIELD_GET(SPF_82576_VLVF_VID, val), pool,
			     false);
	}
}

/* VLANs other than VID 0 that @pool belongs to */
unsigned int spf_vlan_count(struct spf_82576 *hw, unsigned int pool)
{
	unsigned int i, n = 0;

	for (i = 0; i < SPF_82576_VLVF_ENTRIES; i++)
		if ((hw->vlvf[i] & SPF_82576_VLVF_POOLSEL(pool)) &&
		    FIELD_GET(SPF_82576_VLVF_VID, hw->vlvf[i]))
			n++;
	return n;
}

bool spf_vlan_member(struct spf_82576 *hw, u16 vid, unsigned int pool)
{
	unsigned int i;

	for (i = 0; i < SPF_82576_VLVF_ENTRIES; i++)
		if ((hw->vlvf[i] & SPF_82576_VLVF_VLANID_EN) &&
		    FIELD_GET(SPF_82576_VLVF_VID, hw->vlvf[i]) == vid)
			return hw->vlvf[i] & SPF_82576_VLVF_POOLSEL(pool);
	return false;
}

/* Host VLANs the PF pool is in (VID 0 aside) */
unsigned int spf_pf_vlan_count(struct spf_82576 *hw)
{
	return bitmap_weight(hw->pf_vlans, VLAN_N_VID);
}

/* How the 32 VLVF entries are shared.  VID 0, one port VLAN per enabled
 * VF and SPF_PF_VLANS host VLANs (or as many as the PF holds, if more)
 * keep an entry each; the VFs share the rest equally for the VLANs they
 * add themselves.  So no set of VFs can leave the administrator without
 * an entry for a port VLAN or for the PF's first SPF_PF_VLANS host VLANs,
 * and host VLANs never take the entries of a VF's port VLAN: with VFs
 * enabled the PF holds at most SPF_PF_VLANS.
 */
unsigned int spf_vf_vlan_cap(struct spf_82576 *hw)
{
	unsigned int n = hw->num_vfs, left, pf;

	if (!n)
		return 0;
	left = SPF_82576_VLVF_ENTRIES - 1 - n;
	pf = max_t(unsigned int, SPF_PF_VLANS, spf_pf_vlan_count(hw));
	if (left <= pf)
		return 0;
	return min_t(unsigned int, SPF_VF_MAX_VLANS, (left - pf) / n);
}

/* Host VLANs the PF may hold: SPF_PF_VLANS with VFs, else every entry
 * but VID 0's
 */
unsigned int spf_pf_vlan_cap(struct spf_82576 *hw)
{
	return hw->num_vfs ? SPF_PF_VLANS : SPF_82576_VLVF_ENTRIES - 1;
}

void spf_vlan_clear_all(struct spf_82576 *hw)
{
	unsigned int i;

	for (i = 0; i < SPF_82576_VLVF_ENTRIES; i++)
		spf_vlvf_write(hw, i, 0);
	for (i = 0; i < SPF_82576_VFTA_REGS; i++)
		spf_vfta_write(hw, i, 0);
}

/* Rebuild the shared MTA from the PF's and every VF's hashes; write what
 * changed
 */
void spf_mta_sync(struct spf_82576 *hw)
{
	unsigned int i, vf;
	u16 hash;

	memcpy(hw->mta_new, hw->pf_mta, sizeof(hw->mta_new));
	for (vf = 0; vf < hw->num_vfs; vf++) {
		for (i = 0; i < hw->vf[vf].mc_count; i++) {
			hash = hw->vf[vf].mc_hash[i];
			hw->mta_new[FIELD_GET(SPF_82576_MC_HASH_REG, hash)] |=
				BIT(FIELD_GET(SPF_82576_MC_HASH_BIT, hash));
		}
	}

	for (i = 0; i < SPF_82576_MTA_REGS; i++) {
		if (hw->mta_new[i] == hw->mta[i])
			continue;
		hw->mta[i] = hw->mta_new[i];
		spf_wr32(hw, SPF_82576_MTA(i), hw->mta[i]);
	}
}

void spf_mta_clear(struct spf_82576 *hw)
{
	unsigned int i;

	for (i = 0; i < SPF_82576_MTA_REGS; i++) {
		hw->mta[i] = 0;
		spf_wr32(hw, SPF_82576_MTA(i), 0);
	}
}

/* UTA is all ones while a pool has ROPE (the PF when promiscuous, a
 * trusted VF in unicast promiscuous mode), else all zeroes: ROPE pools
 * then take every unicast frame no RAR matched.  hw->lock held.
 */
static void spf_uta_sync(struct spf_82576 *hw)
{
	bool on = hw->pf_promisc;
	unsigned int i;
	u16 vf;

	lockdep_assert_held(&hw->lock);

	for (vf = 0; vf < hw->num_vfs; vf++)
		on |= hw->vf[vf].rope;
	if (on == hw->uta_on)
		return;
	hw->uta_on = on;
	for (i = 0; i < SPF_82576_UTA_REGS; i++)
		spf_wr32(hw, SPF_82576_UTA(i), on ? ~0U : 0);
}

/* Receive options of VF pool @vf, computed from scratch */
void spf_vf_vmolr(struct spf_82576 *hw, u16 vf,
		  const struct sriov_pf_vf *cfg)
{
	struct spf_82576_vf *v = &hw->vf[vf];
	u32 vmolr = SPF_82576_VMOLR_BAM | SPF_82576_VMOLR_STRCRC;
	bool strip = cfg->vlan || v->vlan_strip;

	/* With a port VLAN the VF only sees frames tagged with it */
	if (!cfg->vlan)
		vmolr |= SPF_82576_VMOLR_AUPE;
	if (v->mc_count)
		vmolr |= SPF_82576_VMOLR_ROMPE;
	if ((v->mc_overflow || v->mc_promisc) &&
	    spf_vf_may(cfg, SPF_VF_PRIV_ALLMULTI))
		vmolr |= SPF_82576_VMOLR_MPME;
	v->rope = v->uc_promisc && spf_vf_may(cfg, SPF_VF_PRIV_UC_PROMISC);
	if (v->rope)
		vmolr |= SPF_82576_VMOLR_ROPE;
	if (v->rlpml)
		vmolr |= SPF_82576_VMOLR_LPE |
			 FIELD_PREP(SPF_82576_VMOLR_RLPML, v->rlpml);

	if (hw->i350)
		spf_wr32(hw, SPF_82576_DVMOLR(vf), SPF_82576_DVMOLR_STRCRC |
			 (strip ? SPF_82576_DVMOLR_STRVLAN : 0));
	else if (strip)
		vmolr |= SPF_82576_VMOLR_STRVLAN;

	spf_wr32(hw, SPF_82576_VMOLR(vf), vmolr);
	spf_uta_sync(hw);
}

/* Port VLAN: insert VID/PCP on everything the VF sends */
void spf_vf_vmvir(struct spf_82576 *hw, u16 vf,
		  const struct sriov_pf_vf *cfg)
{
	u32 vmvir = 0;

	if (cfg->vlan)
		vmvir = SPF_82576_VMVIR_VLANA_DEFAULT |
			FIELD_PREP(SPF_82576_VMVIR_VLAN,
				   cfg->vlan | cfg->qos << VLAN_PRIO_SHIFT);
	spf_wr32(hw, SPF_82576_VMVIR(vf), vmvir);
}

/* Anti-spoofing bits of every VF, plus VM-to-VM loopback */
void spf_txswc_write(struct spf_82576 *hw, u16 num_vfs)
{
	u32 reg = hw->i350 ? SPF_82576_TXSWC : SPF_82576_DTXSWC;
	u32 val = spf_rd32(hw, reg);
	u16 vf;

	val &= ~(GENMASK(15, 0) | SPF_82576_TXSWC_LOOPBACK_EN);
	if (num_vfs) {
		val |= SPF_82576_TXSWC_LOOPBACK_EN;
		for (vf = 0; vf < num_vfs; vf++)
			if (hw->vf[vf].spoofchk)
				val |= SPF_82576_TXSWC_MAC_SPOOF(vf) |
				       SPF_82576_TXSWC_VLAN_SPOOF(vf);
	}
	spf_wr32(hw, reg, val);
}

/* Let VF pool @vf receive and transmit, or stop it */
void spf_vf_enable(struct spf_82576 *hw, u16 vf, bool on)
{
	u32 vfre = spf_rd32(hw, SPF_82576_VFRE);
	u32 vfte = spf_rd32(hw, SPF_82576_VFTE);

	if (on) {
		vfre |= BIT(vf);
		vfte |= BIT(vf);
	} else {
		vfre &= ~BIT(vf);
		vfte &= ~BIT(vf);
	}
	spf_wr32(hw, SPF_82576_VFRE, vfre);
	spf_wr32(hw, SPF_82576_VFTE, vfte);
}

/* MTA hash of a multicast MAC (RCTL.MO = 0: bits 47:36 of the address) */
u16 spf_mc_hash(const u8 *mac)
{
	return ((mac[5] << 8 | mac[4]) >> 4) & 0xfff;
}

/* Does another VF than @vf hold @mac as an extra filter?  hw->lock held. */
bool spf_uc_other(struct spf_82576 *hw, u16 vf, const u8 *mac)
{
	unsigned int i;

	lockdep_assert_held(&hw->lock);

	for (i = SPF_VF_UC_FIRST; i < hw->rar_entries; i++)
		if (hw->uc_vf[i] >= 0 && hw->uc_vf[i] != vf &&
		    ether_addr_equal(hw->uc_mac[i], mac))
			return true;
	return false;
}

/* @mac becomes the exact match of pool @owner (a VF's own MAC set by the
 * administrator or given back by a VF reset, the PF's, SPF_82576_PF_POOL):
 * another VF's extra filter for it would receive that pool's frames too,
 * so the filter goes, with a line in the log (rate-limited).
 * A VF's own SET_MAC never gets here with such a MAC (spf_vf_set_mac()).
 * hw->lock held.
 */
void spf_uc_evict(struct spf_82576 *hw, const u8 *mac, int owner)
{
	unsigned int i;

	lockdep_assert_held(&hw->lock);

	for (i = SPF_VF_UC_FIRST; i < hw->rar_entries; i++) {
		if (hw->uc_vf[i] < 0 || hw->uc_vf[i] == owner ||
		    !ether_addr_equal(hw->uc_mac[i], mac))
			continue;
		dev_info_ratelimited(spf_dev(hw),
				     "VF %d: extra MAC %pM released: it is now the MAC of %s\n",
				     hw->uc_vf[i], mac,
				     owner == SPF_82576_PF_POOL ? "the PF" : "another VF");
		hw->uc_vf[i] = -1;
		spf_rar_set(hw, i, NULL, -1);
	}
}

/* The PF's secondary unicast MACs into RAR 1..16.  hw->lock held. */
void spf_pf_uc_sync(struct spf_82576 *hw)
{
	unsigned int i;

	lockdep_assert_held(&hw->lock);
	BUILD_BUG_ON(SPF_PF_UC_FIRST + SPF_PF_UC_MAX >
		     SPF_82576_RAR_ENTRIES - SPF_82576_MAX_VFS);

	for (i = 0; i < SPF_PF_UC_MAX; i++) {
		if (i < hw->pf_uc_count) {
			spf_uc_evict(hw, hw->pf_uc[i], SPF_82576_PF_POOL);
			spf_rar_set(hw, SPF_PF_UC_FIRST + i, hw->pf_uc[i],
				    SPF_82576_PF_POOL);
		} else {
			spf_rar_set(hw, SPF_PF_UC_FIRST + i, NULL, -1);
		}
	}
}

/* Receive options of the PF pool: its multicast, all-multicast and
 * promiscuous modes, its frame size.  hw->lock held.
 */
void spf_pf_vmolr(struct spf_82576 *hw)
{
	u32 vmolr = SPF_82576_VMOLR_AUPE | SPF_82576_VMOLR_BAM |
		    SPF_82576_VMOLR_STRCRC;

	lockdep_assert_held(&hw->lock);

	if (hw->pf_mc)
		vmolr |= SPF_82576_VMOLR_ROMPE;
	if (hw->pf_allmulti || hw->pf_promisc)
		vmolr |= SPF_82576_VMOLR_MPME;
	if (hw->pf_promisc)
		vmolr |= SPF_82576_VMOLR_ROPE;
	if (hw->pf_rlpml)
		vmolr |= SPF_82576_VMOLR_LPE |
			 FIELD_PREP(SPF_82576_VMOLR_RLPML, hw->pf_rlpml);
	/* Tags of host VLANs are stripped into the descriptor, as RPLOLR
	 * strips them from replicated multicast anyway
	 */
	if (hw->i350)
		spf_wr32(hw, SPF_82576_DVMOLR(SPF_82576_PF_POOL),
			 SPF_82576_DVMOLR_STRCRC | SPF_82576_DVMOLR_STRVLAN);
	else
		vmolr |= SPF_82576_VMOLR_STRVLAN;
	spf_wr32(hw, SPF_82576_VMOLR(SPF_82576_PF_POOL), vmolr);
	spf_uta_sync(hw);
}

/* The PF pool into the VLVF entry of every host VLAN, after the table
 * was cleared and before the VF pools' VLANs.  hw->lock held.
 */
void spf_pf_vlans_sync(struct spf_82576 *hw, u16 num_vfs)
{
	unsigned int vid;

	lockdep_assert_held(&hw->lock);

	if (num_vfs && spf_pf_vlan_count(hw) > SPF_PF_VLANS)
		dev_warn(spf_dev(hw),
			 "the PF has %u host VLANs, more than the %u kept for it with VFs: VF port VLANs may find no filter entry\n",
			 spf_pf_vlan_count(hw), SPF_PF_VLANS);
	for_each_set_bit(vid, hw->pf_vlans, VLAN_N_VID)
		if (spf_vlan_set(hw, vid, SPF_82576_PF_POOL, true))
			dev_warn(spf_dev(hw), "host VLAN %u: no VLAN filter entry left\n",
				 vid);
}

/* Let the PF pool receive and transmit (the netdev is up), or stop it.
 * hw->lock held.
 */
void spf_pf_pool_enable(struct spf_82576 *hw, bool on)
{
	u32 bit = BIT(SPF_82576_PF_POOL);
	u32 vfre, vfte;

	lockdep_assert_held(&hw->lock);

	hw->pf_up = on;
	if (hw->stopped)
		return;
	vfre = spf_rd32(hw, SPF_82576_VFRE) & ~bit;
	vfte = spf_rd32(hw, SPF_82576_VFTE) & ~bit;
	if (on) {
		vfre |= bit;
		vfte |= bit;
	}
	spf_wr32(hw, SPF_82576_VFRE, vfre);
	spf_wr32(hw, SPF_82576_VFTE, vfte);
}

/* --- trusted VFs' extra unicast MACs ------------------------------- */

/* One past the last RAR a filter may use: the enabled VFs' own start */
static unsigned int spf_vf_uc_end(struct spf_82576 *hw)
{
	return hw->rar_entries - hw->num_vfs;
}

/* Filters one VF may hold: the free RARs shared equally by the enabled
 * VFs, so that no VF can take the others' share, at most SPF_VF_MAX_UC
 */
unsigned int spf_vf_uc_cap(struct spf_82576 *hw)
{
	unsigned int end = spf_vf_uc_end(hw);

	BUILD_BUG_ON(SPF_VF_UC_FIRST + SPF_82576_MAX_VFS >
		     SPF_82576_RAR_ENTRIES);
	if (!hw->num_vfs || end <= SPF_VF_UC_FIRST)
		return 0;
	return min_t(unsigned int, SPF_VF_MAX_UC,
		     (end - SPF_VF_UC_FIRST) / hw->num_vfs);
}

unsigned int spf_vf_uc_count(struct spf_82576 *hw, u16 vf)
{
	unsigned int i, n = 0;

	for (i = SPF_VF_UC_FIRST; i < hw->rar_entries; i++)
		if (hw->uc_vf[i] == vf)
			n++;
	return n;
}

/* Release @vf's filters (FILTER_CLR, VF reset, trust revoked) */
void spf_vf_uc_clear(struct spf_82576 *hw, u16 vf)
{
	unsigned int i;

	lockdep_assert_held(&hw->lock);

	for (i = SPF_VF_UC_FIRST; i < hw->rar_entries; i++) {
		if (hw->uc_vf[i] != vf)
			continue;
		hw->uc_vf[i] = -1;
		spf_rar_set(hw, i, NULL, -1);
	}
}

/* Every filter goes (the pools are rebuilt, the VFs disabled) */
void spf_uc_clear_all(struct spf_82576 *hw)
{
	unsigned int i;

	for (i = SPF_VF_UC_FIRST; i < hw->rar_entries; i++) {
		if (hw->uc_vf[i] < 0)
			continue;
		hw->uc_vf[i] = -1;
		spf_rar_set(hw, i, NULL, -1);
	}
}

/* VF @vf's own MAC into its RAR.  hw->lock held. */
void spf_vf_rar_own(struct spf_82576 *hw, u16 vf, const u8 *mac)
{
	spf_uc_evict(hw, mac, vf);
	spf_rar_set(hw, spf_vf_rar(hw, vf), mac, vf);
}

/* Would @mac in a filter of @vf shadow another pool's exact match: the
 * PF's MACs, another enabled VF's own MAC?  hw->lock held.
 */
static bool spf_uc_taken(struct spf_82576 *hw, u16 vf, const u8 *mac)
{
	struct sriov_pf *pf = hw->pf;
	bool taken = false;
	unsigned int i;

	if (ether_addr_equal(mac, pf->perm_addr) ||
	    ether_addr_equal(mac, hw->pf_mac))
		return true;
	for (i = 0; i < hw->pf_uc_count; i++)
		if (ether_addr_equal(mac, hw->pf_uc[i]))
			return true;

	spin_lock(&pf->vf_lock);
	for (i = 0; i < hw->num_vfs && !taken; i++)
		taken = i != vf && ether_addr_equal(mac, pf->vfs[i].mac);
	spin_unlock(&pf->vf_lock);
	return taken;
}

/* MAC_FILTER_ADD: one more unicast MAC into @vf's pool, for a trusted VF
 * (igbvf sends its netdev's unicast list: macvlan, bridge fdb entries)
 */
int spf_vf_uc_add(struct spf_82576 *hw, u16 vf, const u8 *mac,
		  const struct sriov_pf_vf *cfg)
{
	unsigned int i;
	int free = -1;

	if (!spf_vf_may(cfg, SPF_VF_PRIV_UC_FILTER)) {
		if (spf_vf_may_warn(hw, vf))
			dev_info(spf_dev(hw),
				 "VF %u asked for an extra MAC filter (%pM): needs trust\n",
				 vf, mac);
		return -EPERM;
	}
	if (!is_valid_ether_addr(mac))
		return -EINVAL;
	/* its own MAC has its own RAR */
	if (ether_addr_equal(mac, cfg->mac))
		return 0;

	for (i = SPF_VF_UC_FIRST; i < spf_vf_uc_end(hw); i++) {
		if (hw->uc_vf[i] < 0) {
			if (free < 0)
				free = i;
			continue;
		}
		if (ether_addr_equal(hw->uc_mac[i], mac))
			return hw->uc_vf[i] == vf ? 0 : -EADDRINUSE;
	}
	if (spf_uc_taken(hw, vf, mac))
		return -EADDRINUSE;
	if (free < 0 || spf_vf_uc_count(hw, vf) >= spf_vf_uc_cap(hw)) {
		if (spf_vf_may_warn(hw, vf))
			dev_info(spf_dev(hw),
				 "VF %u: no MAC filter left for %pM (%u per VF)\n",
				 vf, mac, spf_vf_uc_cap(hw));
		return -ENOSPC;
	}

	hw->uc_vf[free] = vf;
	ether_addr_copy(hw->uc_mac[free], mac);
	spf_rar_set(hw, free, mac, vf);
	return 0;
}
