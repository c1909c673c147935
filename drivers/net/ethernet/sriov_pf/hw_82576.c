// SPDX-License-Identifier: GPL-2.0
/*
 * sriov_pf hardware backend for the Intel 82576 and I350 families.
 *
 * The PF side of the PF<->VF mailbox that igbvf talks to, the VMDq pool
 * setup that gives each VF its MAC filter, VLANs, multicast and frame size,
 * and the PF bring-up (reset, permanent MAC, link).  The PF's own traffic
 * runs on pool SPF_82576_PF_POOL, whose rings live in pf_rings.c; VMDq is
 * on with or without VFs, so that pool and queue never move.
 *
 * The mailbox is answered from hard-IRQ context: igbvf busy-waits for the
 * PF's answer inside spin_lock_bh(), so on a uniprocessor guest a workqueue
 * or a threaded handler would never run in time.  A slow poll from a
 * delayed work item is kept only as a safety net for a lost interrupt.
 *
 * Locking: hw->lock (irqsave, taken plainly in the IRQ handler) covers the
 * registers the mailbox touches and struct spf_82576_vf.  pf->vf_lock is
 * nested inside it, only to copy or update pf->vfs[].
 */
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/jiffies.h>
#include <linux/mii.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "sriov_pf.h"
#include "hw_82576_regs.h"
#include "hw_82576_mdd.h"
#include "hw_82576_calc.h"
#include "mbx_82576.h"
#include "link_82576.h"
#include "pf_rings.h"

/* Taking the buffer from hard IRQ: a few short tries, never the 11 ms igb uses */
#define SPF_MBX_LOCK_TRIES	10
#define SPF_MBX_LOCK_DELAY_US	10

#define SPF_POLL_INTERVAL	HZ		/* backup mailbox poll */
/* igbvf ignores a reset request within 10 s of its own last reset */
#define SPF_VF_REASK		(11 * HZ)
#define SPF_VF_ASKS		3		/* asks per reset request */
#define SPF_MBX_BURST		32		/* VF events served at once */
#define SPF_MBX_RATE		100		/* and per second after that */
#define SPF_EITR_US		250		/* at most 4000 interrupts/s */
#define SPF_WARN_INTERVAL	(10 * HZ)	/* per-VF log rate limit */
#define SPF_MAX_FRAME		9728		/* largest frame a pool accepts */
#define SPF_VF_MAX_VLANS	8		/* VLVF entries one VF may use */
#define SPF_PF_VLANS		8		/* host VLANs kept for the PF */
#define SPF_MDIC_POLLS		1920		/* x 50 us */
/* The firmware semaphore, as igb waits for it (igb_get_hw_semaphore(),
 * igb_acquire_swfw_sync_82575()): bounded, then the PHY access fails
 */
#define SPF_SWSM_POLL_US	50
#define SPF_SWSM_TIMEOUT_US	(1000 * USEC_PER_MSEC)
#define SPF_SWFW_TRIES		200		/* x 5 ms */
#define SPF_SWFW_DELAY_US	5000
#define SPF_CFG_DONE_TIMEOUT_US	(100 * USEC_PER_MSEC)	/* PHY_CFG_TIMEOUT */
#define SPF_AUTO_RD_POLLS	10		/* x 1 ms */
#define SPF_MASTER_DIS_POLLS	800		/* x 100 us */
/* The PF's secondary unicast MACs: RAR 1..16, below the VFs' entries */
#define SPF_PF_UC_FIRST		1
#define SPF_PF_UC_MAX		16
/* Trusted VFs' extra unicast MACs: the RARs between the PF's secondary
 * MACs and the enabled VFs' own entries (counted down from the last)
 */
#define SPF_VF_UC_FIRST		(SPF_PF_UC_FIRST + SPF_PF_UC_MAX)
#define SPF_VF_MAX_UC		3	/* per VF: igbvf never sends more */
#define SPF_MAX_RATE		1000	/* Mbit/s: the fastest link */

/* Per-VF counters mirrored in PF space, in the order of spf_vf_stat_reg[] */
enum {
	SPF_VF_GPRC,
	SPF_VF_GPTC,
	SPF_VF_GORC,
	SPF_VF_GOTC,
	SPF_VF_MPRC,
	SPF_VF_NSTATS
};

static const u32 spf_vf_stat_reg[SPF_VF_NSTATS] = {
	[SPF_VF_GPRC] = SPF_82576_PVFGPRC(0),
	[SPF_VF_GPTC] = SPF_82576_PVFGPTC(0),
	[SPF_VF_GORC] = SPF_82576_PVFGORC(0),
	[SPF_VF_GOTC] = SPF_82576_PVFGOTC(0),
	[SPF_VF_MPRC] = SPF_82576_PVFMPRC(0),
};

/* 64-bit sums of one VF's 32-bit counters since the VFs were enabled,
 * and its anti-spoofing and MDD events (spf_mdd_check())
 */
struct spf_82576_vf_stats {
	u32 last[SPF_VF_NSTATS];	/* register values at the last read */
	u64 sum[SPF_VF_NSTATS];
	u64 spoof;			/* polls that found spoofed frames */
	u64 mdd;			/* polls that found its queue stopped */
};

/* Backend state of one VF (pool); pf->vfs[] holds what the admin set */
struct spf_82576_vf {
	bool cts;		/* answered VF_RESET: may send requests */
	bool spoofchk;		/* copy of pf->vfs[].spoofchk */
	bool vlan_strip;	/* VF asked for VLANs: strip tags */
	bool mc_overflow;	/* VF sent more hashes than fit: MPME */
	bool mc_promisc;	/* trusted VF asked for all multicast */
	bool uc_promisc;	/* trusted VF asked for all unicast */
	bool rope;		/* VMOLR.ROPE granted: UTA must be all ones */
	u32 bcnrc;		/* RTTBCNRC last written for its queue */
	u8 mc_count;		/* valid entries in mc_hash */
	u16 mc_hash[SPF_82576_VF_MC_HASHES];
	u16 rlpml;		/* max frame size, 0 = LPE off */
	unsigned long last_warn;	/* jiffies of the last log line */
	bool warned;		/* last_warn is valid */
	u16 tokens;		/* events it may still have served in hard IRQ */
	unsigned long refill_at;	/* jiffies of the last refill */
	bool throttled;		/* over budget: masked, served by the poll */
	bool throttle_logged;	/* said so once */
	bool link_msg;		/* owes the VF a link message (spf_vf_link_msg()) */
	bool unread;		/* a message to it not yet ACKed (MBVFICR.VFACK) */
	u8 reset_asks;		/* reset requests since its last VF_RESET */
	unsigned long asked_at;	/* jiffies of the last one */
	unsigned long mdd_warn_at;	/* jiffies of the last spoof/MDD line */
	bool mdd_warned;	/* mdd_warn_at is valid */
	bool mdd_blocked;	/* I350: MDFB had its bit at the last poll */
};

struct spf_82576 {
	struct sriov_pf *pf;
	void __iomem *regs;		/* BAR0 */
	bool i350;			/* I350 family, else 82576 */
	unsigned int rar_entries;	/* 24 or 32 */
	unsigned int irq;
	bool msix;			/* MSI-X: the "other" cause is vector 0 */
	unsigned int nvec;		/* 2: the PF's queues on vector 1 */
	bool intx;			/* shared legacy interrupt */
	struct spf_rings *rings;	/* the PF's own datapath */
	char irq_name[32];

	spinlock_t lock;		/* registers below, vf[], shadows */
	bool stopped;			/* quiesced by stop(): no register access */
	bool pf_up;			/* the PF pool receives and transmits */
	bool pf_mdd_blocked;		/* MDD stopped the PF's queue: said so */
	u16 num_vfs;			/* VF pools set up by vfs_prepare */
	u32 mbvfimr;			/* shadow of MBVFIMR */
	struct spf_82576_vf vf[SPF_82576_MAX_VFS];
	u32 mta[SPF_82576_MTA_REGS];	/* shadow of MTA */
	u32 mta_new[SPF_82576_MTA_REGS];	/* scratch for spf_mta_sync() */
	u32 vfta[SPF_82576_VFTA_REGS];	/* shadow of VFTA */
	u32 vlvf[SPF_82576_VLVF_ENTRIES];	/* shadow of VLVF */

	/* The PF pool's receive filters, from ndo_set_mac_address,
	 * ndo_set_rx_mode and ndo_change_mtu; pools_setup() writes them
	 * again after a reset.
	 */
	u8 pf_mac[ETH_ALEN];		/* the PF netdev's MAC, RAR[0] */
	u32 pf_mta[SPF_82576_MTA_REGS];	/* hashes of the PF's multicast list */
	bool pf_mc;			/* pf_mta has a bit set */
	bool pf_allmulti;		/* all multicast (MPME) */
	bool pf_promisc;		/* all unicast too (ROPE, UTA all ones) */
	bool uta_on;			/* UTA is all ones */
	unsigned int pf_uc_count;	/* secondary unicast MACs in pf_uc */
	u8 pf_uc[SPF_PF_UC_MAX][ETH_ALEN];
	u16 pf_rlpml;			/* max frame, 0: standard frames */
	/* host VLANs (ndo_vlan_rx_add_vid) but VID 0 */
	DECLARE_BITMAP(pf_vlans, VLAN_N_VID);

	/* Trusted VFs' extra unicast MACs: uc_vf[i] is the VF whose MAC
	 * uc_mac[i] RAR i holds, -1 if RAR i is no such filter
	 */
	s8 uc_vf[SPF_82576_RAR_ENTRIES_I350];
	u8 uc_mac[SPF_82576_RAR_ENTRIES_I350][ETH_ALEN];

	bool has_stats;			/* BAR0 has the per-VF counters */
	struct spf_82576_vf_stats stats[SPF_82576_MAX_VFS];

	struct work_struct lsc_work;	/* link change -> VFs, carrier */
	struct delayed_work poll_work;	/* backup mailbox poll */

	/* Link bring-up.  phy_lock serialises this driver's PHY access
	 * sequences (firmware and the other ports' drivers are kept out by
	 * the SW_FW_SYNC semaphore) and the fc_* fields; hw->lock nests
	 * inside it, for CTRL.
	 */
	struct mutex phy_lock;		/* see above */
	u32 swfw_phy;			/* this port's PHY bit in SW_FW_SYNC */
	bool mng_logged;		/* said firmware owns the PHY */
	bool fc_autoneg;		/* PAUSE from autonegotiation */
	enum spf_82576_fc fc_requested;	/* what ethtool (or the default) asks */
	enum spf_82576_fc fc_current;	/* what the MAC does now */
};

static u32 spf_rd32(struct spf_82576 *hw, u32 reg)
{
	return readl(hw->regs + reg);
}

static void spf_wr32(struct spf_82576 *hw, u32 reg, u32 val)
{
	writel(val, hw->regs + reg);
}

static void spf_flush(struct spf_82576 *hw)
{
	spf_rd32(hw, SPF_82576_STATUS);
}

static struct device *spf_dev(struct spf_82576 *hw)
{
	return sriov_pf_dev(hw->pf);
}

static bool spf_is_i350(u16 device)
{
	return device == SPF_82576_DEV_ID_I350_COPPER;
}

/* Each VF owns one RAR, counted down from the last entry */
static unsigned int spf_vf_rar(struct spf_82576 *hw, u16 vf)
{
	return hw->rar_entries - 1 - vf;
}

/* One log line per VF per SPF_WARN_INTERVAL, so a VF cannot flood the log */
static bool spf_vf_may_warn(struct spf_82576 *hw, u16 vf)
{
	struct spf_82576_vf *v = &hw->vf[vf];

	if (v->warned && time_before(jiffies, v->last_warn + SPF_WARN_INTERVAL))
		return false;
	v->warned = true;
	v->last_warn = jiffies;
	return true;
}

/* What only a trusted VF may do (ip link set ... vf N trust on) */
enum spf_vf_priv {
	SPF_VF_PRIV_OVER_ADMIN_MAC,	/* replace the administrator's MAC */
	SPF_VF_PRIV_GLOBAL_MAC,		/* a universally administered MAC */
	SPF_VF_PRIV_ALLMULTI,		/* all multicast (VMOLR.MPME) */
	SPF_VF_PRIV_UC_FILTER,		/* extra unicast MACs (RARs) */
	SPF_VF_PRIV_UC_PROMISC,		/* all unmatched unicast (ROPE) */
};

/* The trust gate: every mailbox path and the receive options ask it,
 * with the VF's configuration as it is under the lock they hold.
 */
static bool spf_vf_may(const struct sriov_pf_vf *cfg, enum spf_vf_priv priv)
{
	switch (priv) {
	case SPF_VF_PRIV_OVER_ADMIN_MAC:
	case SPF_VF_PRIV_GLOBAL_MAC:
	case SPF_VF_PRIV_ALLMULTI:
	case SPF_VF_PRIV_UC_FILTER:
	case SPF_VF_PRIV_UC_PROMISC:
		return cfg->trusted;
	}
	return false;
}

/* Copy what the core holds for @vf; false if the VF is not set up */
static bool spf_vf_cfg(struct spf_82576 *hw, u16 vf, struct sriov_pf_vf *cfg)
{
	struct sriov_pf *pf = hw->pf;
	unsigned long flags;
	bool ok = false;

	spin_lock_irqsave(&pf->vf_lock, flags);
	if (pf->vfs && vf < pf->cap.total_vfs) {
		*cfg = pf->vfs[vf];
		ok = true;
	}
	spin_unlock_irqrestore(&pf->vf_lock, flags);
	return ok;
}

static u32 spf_ral(unsigned int idx)
{
	return idx < SPF_82576_RAR_BANK ? SPF_82576_RAL(idx) :
		SPF_82576_RAL2(idx - SPF_82576_RAR_BANK);
}

static u32 spf_rah(unsigned int idx)
{
	return idx < SPF_82576_RAR_BANK ? SPF_82576_RAH(idx) :
		SPF_82576_RAH2(idx - SPF_82576_RAR_BANK);
}

/* Program RAR @idx; @pool < 0 means no pool bits.  AV only for unicast. */
static void spf_rar_set(struct spf_82576 *hw, unsigned int idx, const u8 *mac,
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
static int spf_vlan_set(struct spf_82576 *hw, u16 vid, unsigned int pool,
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
static void spf_vlan_clear_pool(struct spf_82576 *hw, unsigned int pool)
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
static unsigned int spf_vlan_count(struct spf_82576 *hw, unsigned int pool)
{
	unsigned int i, n = 0;

	for (i = 0; i < SPF_82576_VLVF_ENTRIES; i++)
		if ((hw->vlvf[i] & SPF_82576_VLVF_POOLSEL(pool)) &&
		    FIELD_GET(SPF_82576_VLVF_VID, hw->vlvf[i]))
			n++;
	return n;
}

static bool spf_vlan_member(struct spf_82576 *hw, u16 vid, unsigned int pool)
{
	unsigned int i;

	for (i = 0; i < SPF_82576_VLVF_ENTRIES; i++)
		if ((hw->vlvf[i] & SPF_82576_VLVF_VLANID_EN) &&
		    FIELD_GET(SPF_82576_VLVF_VID, hw->vlvf[i]) == vid)
			return hw->vlvf[i] & SPF_82576_VLVF_POOLSEL(pool);
	return false;
}

/* Host VLANs the PF pool is in (VID 0 aside) */
static unsigned int spf_pf_vlan_count(struct spf_82576 *hw)
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
static unsigned int spf_vf_vlan_cap(struct spf_82576 *hw)
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
static unsigned int spf_pf_vlan_cap(struct spf_82576 *hw)
{
	return hw->num_vfs ? SPF_PF_VLANS : SPF_82576_VLVF_ENTRIES - 1;
}

static void spf_vlan_clear_all(struct spf_82576 *hw)
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
static void spf_mta_sync(struct spf_82576 *hw)
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

static void spf_mta_clear(struct spf_82576 *hw)
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
static void spf_vf_vmolr(struct spf_82576 *hw, u16 vf,
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
static void spf_vf_vmvir(struct spf_82576 *hw, u16 vf,
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
static void spf_txswc_write(struct spf_82576 *hw, u16 num_vfs)
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
static void spf_vf_enable(struct spf_82576 *hw, u16 vf, bool on)
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
static u16 spf_mc_hash(const u8 *mac)
{
	return ((mac[5] << 8 | mac[4]) >> 4) & 0xfff;
}

/* Does another VF than @vf hold @mac as an extra filter?  hw->lock held. */
static bool spf_uc_other(struct spf_82576 *hw, u16 vf, const u8 *mac)
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
static void spf_uc_evict(struct spf_82576 *hw, const u8 *mac, int owner)
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
static void spf_pf_uc_sync(struct spf_82576 *hw)
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
static void spf_pf_vmolr(struct spf_82576 *hw)
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
static void spf_pf_vlans_sync(struct spf_82576 *hw, u16 num_vfs)
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
static void spf_pf_pool_enable(struct spf_82576 *hw, bool on)
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
static unsigned int spf_vf_uc_cap(struct spf_82576 *hw)
{
	unsigned int end = spf_vf_uc_end(hw);

	BUILD_BUG_ON(SPF_VF_UC_FIRST + SPF_82576_MAX_VFS >
		     SPF_82576_RAR_ENTRIES);
	if (!hw->num_vfs || end <= SPF_VF_UC_FIRST)
		return 0;
	return min_t(unsigned int, SPF_VF_MAX_UC,
		     (end - SPF_VF_UC_FIRST) / hw->num_vfs);
}

static unsigned int spf_vf_uc_count(struct spf_82576 *hw, u16 vf)
{
	unsigned int i, n = 0;

	for (i = SPF_VF_UC_FIRST; i < hw->rar_entries; i++)
		if (hw->uc_vf[i] == vf)
			n++;
	return n;
}

/* Release @vf's filters (FILTER_CLR, VF reset, trust revoked) */
static void spf_vf_uc_clear(struct spf_82576 *hw, u16 vf)
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
static void spf_uc_clear_all(struct spf_82576 *hw)
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
static void spf_vf_rar_own(struct spf_82576 *hw, u16 vf, const u8 *mac)
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
static int spf_vf_uc_add(struct spf_82576 *hw, u16 vf, const u8 *mac,
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

/* --- transmit rate limit (82576) ------------------------------------- */

/* Link speed in Mbit/s, 0 without link */
static u32 spf_link_mbps(struct spf_82576 *hw)
{
	u32 status = spf_rd32(hw, SPF_82576_STATUS);

	if (!(status & SPF_82576_STATUS_LU))
		return 0;
	switch (FIELD_GET(SPF_82576_STATUS_SPEED, status)) {
	case 0:
		return 10;
	case 1:
		return 100;
	default:
		return 1000;
	}
}

/* RTTBCNRC for @rate Mbit/s on a @link Mbit/s link: the rate factor
 * link / rate in 10.14 fixed point.  0 (no limit) without a rate, without
 * link, or for a rate the link does not exceed.
 */
static u32 spf_bcnrc(u32 link, u32 rate)
{
	u32 rf_int, rf_dec;

	if (!rate || !link || rate >= link)
		return 0;
	rf_int = link / rate;
	rf_dec = ((link % rate) << SPF_82576_RTTBCNRC_RF_SHIFT) / rate;
	return SPF_82576_RTTBCNRC_RS_ENA |
	       FIELD_PREP(SPF_82576_RTTBCNRC_RF_INT, rf_int) |
	       FIELD_PREP(SPF_82576_RTTBCNRC_RF_DEC, rf_dec);
}

/* Program @vf's limit for the current link speed.  VF n transmits on
 * queue n (igbvf uses one queue).  hw->lock held.
 */
static void spf_vf_rate_apply(struct spf_82576 *hw, u16 vf,
			      const struct sriov_pf_vf *cfg)
{
	u32 val;

	lockdep_assert_held(&hw->lock);

	if (hw->i350)
		return;
	val = spf_bcnrc(spf_link_mbps(hw), cfg->max_tx_rate);
	hw->vf[vf].bcnrc = val;
	spf_wr32(hw, SPF_82576_RTTDQSEL, vf);
	spf_wr32(hw, SPF_82576_RTTBCNRM, SPF_82576_RTTBCNRM_MMW);
	spf_wr32(hw, SPF_82576_RTTBCNRC, val);
}

/* After a link change: every VF's limit for the new speed */
static void spf_vfs_rate_apply(struct spf_82576 *hw)
{
	struct sriov_pf_vf cfg;
	unsigned long flags;
	u16 vf;

	spin_lock_irqsave(&hw->lock, flags);
	for (vf = 0; vf < hw->num_vfs && !hw->stopped; vf++)
		if (spf_vf_cfg(hw, vf, &cfg))
			spf_vf_rate_apply(hw, vf, &cfg);
	spin_unlock_irqrestore(&hw->lock, flags);
}

/* --- per-VF statistics ----------------------------------------------- */

/* Add what @vf's counters grew since the last read.  They are 32 bits
 * and wrap: the byte counters at 1 Gbit/s every 34 s, so they must be
 * read more often than that (the 1 s poll does).  @after_reset: they may
 * have been reset meanwhile (VF reset, PF reset), so a value below the
 * last one is taken as counted from zero, not as a wrap.  hw->lock held.
 */
static void spf_vf_stats_fold(struct spf_82576 *hw, u16 vf, bool after_reset)
{
	struct spf_82576_vf_stats *st = &hw->stats[vf];
	unsigned int i;
	u32 val;

	lockdep_assert_held(&hw->lock);

	if (!hw->has_stats || spf_rd32(hw, SPF_82576_STATUS) == ~0U)
		return;
	for (i = 0; i < SPF_VF_NSTATS; i++) {
		val = spf_rd32(hw, spf_vf_stat_reg[i] + 0x100 * vf);
		if (after_reset && val < st->last[i])
			st->sum[i] += val;
		else
			st->sum[i] += (u32)(val - st->last[i]);
		st->last[i] = val;
	}
}

static void spf_vfs_stats_fold(struct spf_82576 *hw, bool after_reset)
{
	u16 vf;

	for (vf = 0; vf < hw->num_vfs; vf++)
		spf_vf_stats_fold(hw, vf, after_reset);
}

/* New VFs count from zero, from the registers' current values */
static void spf_vfs_stats_reset(struct spf_82576 *hw)
{
	unsigned int i;
	u16 vf;

	lockdep_assert_held(&hw->lock);

	memset(hw->stats, 0, sizeof(hw->stats));
	if (!hw->has_stats)
		return;
	for (vf = 0; vf < hw->num_vfs; vf++)
		for (i = 0; i < SPF_VF_NSTATS; i++)
			hw->stats[vf].last[i] =
				spf_rd32(hw, spf_vf_stat_reg[i] + 0x100 * vf);
}

/* Back to the defaults for VF pool @vf: no VLAN but the port VLAN (VID 0
 * when none), untagged + broadcast, no multicast, no extra MAC, nothing
 * promiscuous, standard frames; the rate limit written again.  The VF's
 * MAC in pf->vfs[] is kept: it is what VF_RESET hands out.
 */
static void spf_vf_reset_pool(struct spf_82576 *hw, u16 vf,
			      const struct sriov_pf_vf *cfg)
{
	struct spf_82576_vf *v = &hw->vf[vf];

	v->cts = false;
	v->vlan_strip = false;
	v->mc_overflow = false;
	v->mc_promisc = false;
	v->uc_promisc = false;
	v->mc_count = 0;
	v->rlpml = 0;

	spf_vf_uc_clear(hw, vf);
	spf_vf_rate_apply(hw, vf, cfg);
	spf_vlan_clear_pool(hw, vf);
	if (spf_vlan_set(hw, cfg->vlan, vf, true) &&
	    spf_vf_may_warn(hw, vf))
		dev_warn(spf_dev(hw), "VF %u: no VLAN filter left for VLAN %u\n",
			 vf, cfg->vlan);
	spf_vf_vmvir(hw, vf, cfg);
	spf_vf_vmolr(hw, vf, cfg);
	spf_mta_sync(hw);
}

/* --- mailbox --------------------------------------------------------- */

/* Take the VF's buffer (PFU); fails while the VF holds it (VFU) */
static bool spf_mbx_lock(struct spf_82576 *hw, u16 vf)
{
	unsigned int i;

	for (i = 0; i < SPF_MBX_LOCK_TRIES; i++) {
		spf_wr32(hw, SPF_82576_P2VMAILBOX(vf), SPF_82576_P2VMAILBOX_PFU);
		if (spf_rd32(hw, SPF_82576_P2VMAILBOX(vf)) &
		    SPF_82576_P2VMAILBOX_PFU)
			return true;
		udelay(SPF_MBX_LOCK_DELAY_US);
	}
	return false;
}

/* Write @n words and signal the VF; the caller holds PFU, this drops it */
static void spf_mbx_reply(struct spf_82576 *hw, u16 vf, const u32 *msg,
			  unsigned int n)
{
	unsigned int i;

	/* The buffer is being overwritten: stale request/ack events go */
	spf_wr32(hw, SPF_82576_MBVFICR,
		 SPF_82576_MBVFICR_VFREQ(vf) | SPF_82576_MBVFICR_VFACK(vf));
	for (i = 0; i < n; i++)
		spf_wr32(hw, SPF_82576_VMBMEM(vf) + 4 * i, msg[i]);
	spf_wr32(hw, SPF_82576_P2VMAILBOX(vf), SPF_82576_P2VMAILBOX_STS);
	hw->vf[vf].unread = true;
}

static void spf_mbx_release(struct spf_82576 *hw, u16 vf)
{
	spf_wr32(hw, SPF_82576_P2VMAILBOX(vf), 0);
}

/* Tell the VFs the PF is ready (clears RSTI, sets RSTD in every VF) */
static void spf_pf_reset_done(struct spf_82576 *hw)
{
	spf_wr32(hw, SPF_82576_CTRL_EXT,
		 spf_rd32(hw, SPF_82576_CTRL_EXT) | SPF_82576_CTRL_EXT_PFRSTD);
	spf_flush(hw);
}

/* Ask VF @vf to reset: a PF control message without CTS, NACKed, then
 * (@tell) "reset done" (RSTD), so that igbvf's watchdog reads the message
 * even where the mailbox interrupt does not reach it (QEMU's igb raises
 * another of the VF's vectors).  igbvf takes the NACK as lost contact and
 * resets (VF_RESET), unless it reset itself in the last 10 seconds: then
 * it reports its link down and reads the message again every 2 s until
 * the 10 s are over.  hw->lock held.
 */
static void spf_vf_ask_msg(struct spf_82576 *hw, u16 vf, bool tell)
{
	u32 msg = SPF_82576_PF_CONTROL_MSG | SPF_82576_MSG_NACK;

	lockdep_assert_held(&hw->lock);

	hw->vf[vf].asked_at = jiffies;
	if (!spf_mbx_lock(hw, vf))
		return;
	spf_mbx_reply(hw, vf, &msg, 1);
	if (tell)
		spf_pf_reset_done(hw);
}

/* A new request to reset (trust revoked, the PF reset).  The poll asks
 * again every SPF_VF_REASK until VF_RESET comes, SPF_VF_ASKS times in all
 * (spf_vf_reask_reset()): the message can be overwritten meanwhile (a
 * request from the VF, answered without CTS too), and an igbvf whose
 * interface is down or that sees no link does not read it.  A VF that
 * has not reset after the last one has no driver, or one that sends a
 * request of its own sooner or later, NACKed without CTS until its reset.
 * hw->lock held.
 */
static void spf_vf_ask_reset(struct spf_82576 *hw, u16 vf, bool tell)
{
	lockdep_assert_held(&hw->lock);

	hw->vf[vf].reset_asks = 1;
	spf_vf_ask_msg(hw, vf, tell);
}

/* The poll's part of spf_vf_ask_reset().  hw->lock held. */
static void spf_vf_reask_reset(struct spf_82576 *hw, u16 vf)
{
	struct spf_82576_vf *v = &hw->vf[vf];

	lockdep_assert_held(&hw->lock);

	if (!v->reset_asks || v->reset_asks >= SPF_VF_ASKS ||
	    !time_after(jiffies, v->asked_at + SPF_VF_REASK))
		return;
	v->reset_asks++;
	spf_vf_ask_msg(hw, vf, true);
}

/* The link state a VF sees.  igbvf's link check (after a reset, or when
 * a mailbox interrupt from the PF sets get_link_status) reads word 0 of
 * the mailbox buffer: CTS there means "link up" (with the port's link,
 * STATUS.LU, which the VF reads itself), no CTS "down".  So while a VF's
 * link is disabled no message to it carries CTS, and a change of the link
 * state is told with a PF control message: CTS for up, nothing for down.
 * The message raises the VF's mailbox interrupt, which has igbvf check
 * its link at once; "reset done" (RSTD, which every VF sees) makes it
 * check at its next watchdog run too, where the interrupt does not come
 * (QEMU's igb raises another of the VF's vectors).  Another VF just finds
 * its link as it was.  A change of the port's link is told to every VF
 * the same way (spf_vfs_link_changed()): igbvf reads STATUS.LU only in
 * that link check, so without a message it would keep its carrier when
 * the cable is pulled.
 */
static bool spf_vf_link_on(const struct sriov_pf_vf *cfg)
{
	return cfg->link_state != IFLA_VF_LINK_STATE_DISABLE;
}

/* Send VF @vf the link message it is owed (hw->vf[].link_msg): a PF
 * control message, with CTS if its link is not disabled, as
 * igb_ping_all_vfs() sends it, but only to a VF that completed its reset
 * (see below).  If the VF is writing a
 * request, or one is pending, the reply to that request carries the link
 * state, and the message follows its ACK or the next poll: a control
 * message would overwrite the request.  hw->lock held.
 */
static void spf_vf_link_msg(struct spf_82576 *hw, u16 vf)
{
	struct spf_82576_vf *v = &hw->vf[vf];
	struct sriov_pf_vf cfg;
	u32 msg;

	lockdep_assert_held(&hw->lock);

	if (!v->link_msg)
		return;
	if (!v->cts || !spf_vf_cfg(hw, vf, &cfg)) {
		/* Its VF_RESET comes first and the replies after it tell.
		 * igb also pings a VF in reset; a message there can land
		 * between igbvf's VF_RESET and its read of the reply, which
		 * igbvf then takes for a failed reset ("PF still in reset
		 * state", a random MAC): seen in the vfconfig suite.
		 */
		v->link_msg = false;
		return;
	}
	/* Never over a reply the VF has not read: igbvf reads the reply to
	 * its VF_RESET 10 ms after asking, and takes any other message
	 * there for a failed reset ("PF still in reset state", a random
	 * MAC): seen when the link came up as igbvf probed the VFs.  The
	 * VF's ACK of that reply sends the message (spf_service_vfs()).
	 */
	if (v->unread)
		return;
	if (spf_rd32(hw, SPF_82576_MBVFICR) & SPF_82576_MBVFICR_VFREQ(vf))
		return;
	if (!spf_mbx_lock(hw, vf))
		return;
	msg = SPF_82576_PF_CONTROL_MSG;
	if (spf_vf_link_on(&cfg))
		msg |= SPF_82576_MSG_CTS;
	spf_mbx_reply(hw, vf, &msg, 1);
	spf_pf_reset_done(hw);
	v->link_msg = false;
}

/* VF_RESET: defaults for the pool, the VF's MAC in its RAR, then go */
static void spf_vf_reset_msg(struct spf_82576 *hw, u16 vf,
			     const struct sriov_pf_vf *cfg)
{
	u32 reply[3] = {};

	spf_vf_reset_pool(hw, vf, cfg);
	spf_vf_rar_own(hw, vf, cfg->mac);
	/* A link message owed from before must not overwrite this reply
	 * (the poll sends owed ones); the replies after it carry the link.
	 */
	hw->vf[vf].link_msg = false;

	if (!is_valid_ether_addr(cfg->mac)) {
		/* The core never lets this happen; igbvf would go random */
		reply[0] = SPF_82576_VF_RESET | SPF_82576_MSG_NACK;
		spf_mbx_reply(hw, vf, reply, ARRAY_SIZE(reply));
		return;
	}

	spf_vf_enable(hw, vf, spf_vf_link_on(cfg));
	hw->vf[vf].cts = true;
	hw->vf[vf].reset_asks = 0;

	/* igbvf wants exactly RESET|ACK here, without CTS */
	reply[0] = SPF_82576_VF_RESET | SPF_82576_MSG_ACK;
	memcpy(&reply[1], cfg->mac, ETH_ALEN);
	spf_mbx_reply(hw, vf, reply, ARRAY_SIZE(reply));
}

/* The VF asks for its own MAC.  The trust gate and the write happen under
 * vf_lock, against the configuration as it is then: an administrator's
 * MAC set meanwhile is never overwritten, nor taken for the VF's.  A MAC
 * in use is refused (sriov_pf_vf_mac_claim(): the rule the default MACs
 * follow, with host netdevs counted in the PF netdev's namespace only),
 * and so are another VF's extra MAC and the PF's MAC in RAR[0] (which
 * ndo_set_mac_address changes before the address set hears of it).
 * hw->lock held.
 */
static int spf_vf_set_mac(struct spf_82576 *hw, u16 vf, const u8 *mac)
{
	struct sriov_pf *pf = hw->pf;
	const char *why = NULL;
	struct sriov_pf_vf *cfg;
	unsigned long flags;
	int err = 0;

	if (!is_valid_ether_addr(mac))
		return -EINVAL;

	spin_lock_irqsave(&pf->vf_lock, flags);
	cfg = &pf->vfs[vf];
	if (ether_addr_equal(mac, cfg->mac)) {
		/* igbvf repeats the MAC it got from VF_RESET on every reset */
	} else if (cfg->admin_mac &&
		   !spf_vf_may(cfg, SPF_VF_PRIV_OVER_ADMIN_MAC)) {
		err = -EPERM;
		why = "attempted to override the administratively set MAC address";
	} else if (!is_local_ether_addr(mac) &&
		   !spf_vf_may(cfg, SPF_VF_PRIV_GLOBAL_MAC)) {
		/* Untrusted VFs pick only locally administered MACs, like
		 * the ones the PF hands out
		 */
		err = -EINVAL;
	} else if (ether_addr_equal(mac, hw->pf_mac) ||
		   spf_uc_other(hw, vf, mac) ||
		   sriov_pf_vf_mac_claim(pf, vf, mac)) {
		err = -EADDRINUSE;
		why = "asked for a MAC that is in use";
	}
	spin_unlock_irqrestore(&pf->vf_lock, flags);

	if (err) {
		if (why && spf_vf_may_warn(hw, vf))
			dev_warn(spf_dev(hw), "VF %u %s (%pM)\n", vf, why, mac);
		return err;
	}
	spf_vf_rar_own(hw, vf, mac);
	return 0;
}

static int spf_vf_set_multicast(struct spf_82576 *hw, u16 vf,
				const struct spf_82576_req *req,
				const struct sriov_pf_vf *cfg)
{
	struct spf_82576_vf *v = &hw->vf[vf];

	v->mc_overflow = req->mc_overflow;
	v->mc_count = req->mc_count;
	memcpy(v->mc_hash, req->mc_hash, v->mc_count * sizeof(v->mc_hash[0]));
	if (v->mc_overflow && !spf_vf_may(cfg, SPF_VF_PRIV_ALLMULTI) &&
	    spf_vf_may_warn(hw, vf))
		dev_info(spf_dev(hw),
			 "VF %u asked for more than %u multicast addresses: all-multicast needs trust, the first %u are filtered\n",
			 vf, SPF_82576_VF_MC_HASHES, SPF_82576_VF_MC_HASHES);

	spf_mta_sync(hw);
	spf_vf_vmolr(hw, vf, cfg);
	return 0;
}

static int spf_vf_set_vlan(struct spf_82576 *hw, u16 vf, u16 vid, bool add,
			   const struct sriov_pf_vf *cfg)
{
	int err;

	/* The port VLAN is the only VLAN a VF under one may use */
	if (cfg->vlan)
		return -EPERM;
	/* VID 0 (untagged and priority frames) stays */
	if (!vid)
		return 0;
	if (add && !spf_vlan_member(hw, vid, vf) &&
	    spf_vlan_count(hw, vf) >= spf_vf_vlan_cap(hw))
		return -ENOSPC;

	err = spf_vlan_set(hw, vid, vf, add);
	if (err)
		return err;

	hw->vf[vf].vlan_strip = true;
	spf_vf_vmolr(hw, vf, cfg);
	return 0;
}

static int spf_vf_set_lpe(struct spf_82576 *hw, u16 vf, u32 size,
			  const struct sriov_pf_vf *cfg)
{
	/* size is within SPF_MIN_FRAME..RLPML (spf_82576_mbx_decode()) */
	/* igbvf counts no VLAN tag when it has no VLANs; a port VLAN adds one */
	hw->vf[vf].rlpml = min_t(u32, size + VLAN_HLEN, SPF_MAX_FRAME);
	spf_vf_vmolr(hw, vf, cfg);
	return 0;
}

/* SET_PROMISC: all multicast (MPME) and all unicast no RAR matches
 * (ROPE), for trusted VFs.  igb refuses the unicast flag and igbvf sends
 * neither; other VF drivers do.
 */
static int spf_vf_set_promisc(struct spf_82576 *hw, u16 vf, u32 flags,
			      const struct sriov_pf_vf *cfg)
{
	struct spf_82576_vf *v = &hw->vf[vf];

	/* Only SPF_82576_PROMISC_UNICAST and _MULTICAST get here */
	if (((flags & SPF_82576_PROMISC_MULTICAST) &&
	     !spf_vf_may(cfg, SPF_VF_PRIV_ALLMULTI)) ||
	    ((flags & SPF_82576_PROMISC_UNICAST) &&
	     !spf_vf_may(cfg, SPF_VF_PRIV_UC_PROMISC))) {
		if (spf_vf_may_warn(hw, vf))
			dev_info(spf_dev(hw),
				 "VF %u asked for promiscuous mode (%#x): needs trust\n",
				 vf, flags);
		return -EPERM;
	}

	v->mc_promisc = flags & SPF_82576_PROMISC_MULTICAST;
	v->uc_promisc = flags & SPF_82576_PROMISC_UNICAST;
	spf_vf_vmolr(hw, vf, cfg);
	return 0;
}

/* VF @vf raised VFREQ: read its message, act, answer.  hw->lock held. */
static void spf_mbx_receive(struct spf_82576 *hw, u16 vf)
{
	u32 msg[SPF_82576_MBX_WORDS];
	struct spf_82576_req req;
	struct sriov_pf_vf cfg;
	unsigned int i, words;
	int err;

	lockdep_assert_held(&hw->lock);

	/* The VF holds the buffer: leave VFREQ set, the poll retries */
	if (!spf_mbx_lock(hw, vf))
		return;

	spf_wr32(hw, SPF_82576_MBVFICR, SPF_82576_MBVFICR_VFREQ(vf));
	msg[0] = spf_rd32(hw, SPF_82576_VMBMEM(vf));
	words = spf_82576_mbx_words(msg[0]);
	for (i = 1; i < words; i++)
		msg[i] = spf_rd32(hw, SPF_82576_VMBMEM(vf) + 4 * i);
	/* Ack the request and keep the buffer for the reply */
	spf_wr32(hw, SPF_82576_P2VMAILBOX(vf),
		 SPF_82576_P2VMAILBOX_ACK | SPF_82576_P2VMAILBOX_PFU);

	spf_82576_mbx_decode(msg, words, &req);
	/* Our own reply read back (the buffer is shared), or a gone VF */
	if (req.type == SPF_82576_REQ_NONE || !spf_vf_cfg(hw, vf, &cfg)) {
		spf_mbx_release(hw, vf);
		return;
	}

	if (req.type == SPF_82576_REQ_RESET) {
		spf_vf_reset_msg(hw, vf, &cfg);
		return;
	}

	if (!hw->vf[vf].cts) {
		/* NACK without CTS makes igbvf reset itself */
		msg[0] |= SPF_82576_MSG_NACK;
		spf_mbx_reply(hw, vf, msg, 1);
		return;
	}

	switch (req.type) {
	case SPF_82576_REQ_SET_MAC:
		err = spf_vf_set_mac(hw, vf, req.mac);
		break;
	case SPF_82576_REQ_MAC_FILTER_CLR:
		spf_vf_uc_clear(hw, vf);
		err = 0;
		break;
	case SPF_82576_REQ_MAC_FILTER_ADD:
		err = spf_vf_uc_add(hw, vf, req.mac, &cfg);
		break;
	case SPF_82576_REQ_SET_MULTICAST:
		err = spf_vf_set_multicast(hw, vf, &req, &cfg);
		break;
	case SPF_82576_REQ_SET_VLAN:
		err = spf_vf_set_vlan(hw, vf, req.vid, req.add, &cfg);
		break;
	case SPF_82576_REQ_SET_LPE:
		err = spf_vf_set_lpe(hw, vf, req.frame, &cfg);
		break;
	case SPF_82576_REQ_SET_PROMISC:
		err = spf_vf_set_promisc(hw, vf, req.promisc, &cfg);
		break;
	case SPF_82576_REQ_UNKNOWN:
		if (spf_vf_may_warn(hw, vf))
			dev_dbg(spf_dev(hw), "VF %u: unhandled message %#x\n",
				vf, msg[0]);
		err = req.err;
		break;
	default:	/* SPF_82576_REQ_INVALID */
		err = req.err;
		break;
	}

	msg[0] |= err ? SPF_82576_MSG_NACK : SPF_82576_MSG_ACK;
	if (spf_vf_link_on(&cfg))
		msg[0] |= SPF_82576_MSG_CTS;
	else if (err)
		/* NACK without CTS reads as lost contact to igbvf, which
		 * would reset: once the VF acks, say "link down" plainly
		 */
		hw->vf[vf].link_msg = true;
	spf_mbx_reply(hw, vf, msg, 1);
}

/* VF reset (FLR, VF CTRL.RST, VF enable): stop the pool, keep its MAC */
static void spf_vf_flr(struct spf_82576 *hw, u16 vf)
{
	struct sriov_pf *pf = hw->pf;
	struct sriov_pf_vf cfg;
	unsigned long flags;

	spf_vf_stats_fold(hw, vf, true);
	spf_vf_enable(hw, vf, false);
	hw->vf[vf].unread = false;	/* its next driver starts anew */

	/* The VF's next user starts from the administrator's settings: a
	 * MAC the VF picked itself goes.
	 */
	spin_lock_irqsave(&pf->vf_lock, flags);
	if (pf->vfs && vf < pf->cap.total_vfs)
		sriov_pf_vf_mac_store(pf, vf, pf->vfs[vf].base_mac);
	spin_unlock_irqrestore(&pf->vf_lock, flags);

	if (spf_vf_cfg(hw, vf, &cfg)) {
		spf_vf_reset_pool(hw, vf, &cfg);
		spf_vf_rar_own(hw, vf, cfg.mac);
	} else {
		hw->vf[vf].cts = false;
	}
	/* igbvf's reset (VF CTRL.RST, this event) waits 1 ms for RSTD or
	 * RSTI in its mailbox before it sends VF_RESET, else it gives up
	 * ("PF still resetting", a random MAC at probe).  RSTD is clear on
	 * read and set by "reset done" only (QEMU's igb, and the PF's
	 * reset on silicon), so an earlier read of the VF's own can have
	 * taken it: set it again now that the pool is reset.
	 */
	spf_pf_reset_done(hw);
}

/* --- per-VF budget ---------------------------------------------------
 *
 * Every REQ a VF writes and every reset it does raises the PF's
 * interrupt, and the request is served in hard IRQ.  Each VF has a token
 * bucket (SPF_MBX_BURST, refilled at SPF_MBX_RATE per second); a VF that
 * runs dry is masked in MBVFIMR and served once a second by the poll, and
 * unmasked once it has been quiet long enough to fill its bucket again.
 * EITR caps the vector's rate for all VFs together.
 */

static void spf_vf_budget_init(struct spf_82576 *hw)
{
	u16 vf;

	for (vf = 0; vf < SPF_82576_MAX_VFS; vf++) {
		hw->vf[vf].tokens = SPF_MBX_BURST;
		hw->vf[vf].refill_at = jiffies;
	}
	hw->mbvfimr = GENMASK(SPF_82576_MAX_VFS - 1, 0);
}

static void spf_vf_refill(struct spf_82576_vf *v)
{
	unsigned long ticks = jiffies - v->refill_at;
	unsigned long add;

	if (ticks >= HZ * SPF_MBX_BURST / SPF_MBX_RATE + HZ) {
		v->tokens = SPF_MBX_BURST;
		v->refill_at = jiffies;
		return;
	}
	add = ticks * SPF_MBX_RATE / HZ;
	if (!add)
		return;
	v->tokens = min_t(unsigned long, SPF_MBX_BURST, v->tokens + add);
	v->refill_at += add * HZ / SPF_MBX_RATE;
}

static void spf_vf_mask(struct spf_82576 *hw, u16 vf, bool masked)
{
	if (masked)
		hw->mbvfimr &= ~BIT(vf);
	else
		hw->mbvfimr |= BIT(vf);
	spf_wr32(hw, SPF_82576_MBVFIMR, hw->mbvfimr);
}

/* May @vf's pending event be served now?  In hard IRQ only within its
 * budget; from the poll always (the poll runs once a second).  hw->lock
 * held.
 */
static bool spf_vf_admit(struct spf_82576 *hw, u16 vf, bool poll)
{
	struct spf_82576_vf *v = &hw->vf[vf];

	lockdep_assert_held(&hw->lock);

	if (v->throttled && !poll)
		return false;
	spf_vf_refill(v);
	if (v->tokens) {
		v->tokens--;
		return true;
	}
	if (poll)
		return true;

	v->throttled = true;
	spf_vf_mask(hw, vf, true);
	if (!v->throttle_logged)
		dev_warn(spf_dev(hw),
			 "VF %u sends more than %u mailbox requests or resets a second: served once a second until it slows down\n",
			 vf, SPF_MBX_RATE);
	v->throttle_logged = true;
	return false;
}

/* From the poll: a throttled VF that had nothing pending and has a full
 * bucket again is served in hard IRQ again.  hw->lock held.
 */
static void spf_vf_unthrottle(struct spf_82576 *hw, u32 pending)
{
	u16 vf;

	lockdep_assert_held(&hw->lock);

	for (vf = 0; vf < hw->num_vfs; vf++) {
		struct spf_82576_vf *v = &hw->vf[vf];

		if (!v->throttled || (pending & BIT(vf)))
			continue;
		spf_vf_refill(v);
		if (v->tokens < SPF_MBX_BURST)
			continue;
		v->throttled = false;
		spf_vf_mask(hw, vf, false);
	}
}

/* Serve the pending VF events once, within each VF's budget (@poll: the
 * slow poll, which serves throttled VFs too).  Returns the VFs that had
 * an event pending.  hw->lock held.
 */
static u32 spf_service_vfs(struct spf_82576 *hw, bool poll)
{
	u32 served = BIT(hw->num_vfs) - 1;
	u32 mbvficr, vflre, stray, seen = 0;
	u16 vf;

	lockdep_assert_held(&hw->lock);

	/* MBVFICR first: a VF_RESET request seen here was preceded by its
	 * VFLRE event, so the VFLRE read below sees it too and the reset
	 * is never handled after the request.
	 */
	mbvficr = spf_rd32(hw, SPF_82576_MBVFICR);
	vflre = spf_rd32(hw, SPF_82576_VFLRE);
	if (mbvficr == ~0U || vflre == ~0U)
		return 0;	/* device gone */

	for (vf = 0; vf < hw->num_vfs; vf++) {
		if (mbvficr & SPF_82576_MBVFICR_VFACK(vf)) {
			spf_wr32(hw, SPF_82576_MBVFICR,
				 SPF_82576_MBVFICR_VFACK(vf));
			hw->vf[vf].unread = false;
			if (!(mbvficr & SPF_82576_MBVFICR_VFREQ(vf)))
				spf_vf_link_msg(hw, vf);
		}
		if (!(vflre & BIT(vf)) &&
		    !(mbvficr & SPF_82576_MBVFICR_VFREQ(vf)))
			continue;
		seen |= BIT(vf);
		if (!spf_vf_admit(hw, vf, poll))
			continue;	/* left for the poll */
		if (vflre & BIT(vf)) {
			spf_wr32(hw, SPF_82576_VFLRE, BIT(vf));
			spf_vf_flr(hw, vf);
		}
		if (mbvficr & SPF_82576_MBVFICR_VFREQ(vf))
			spf_mbx_receive(hw, vf);
	}

	/* Events of functions we do not serve */
	stray = vflre & GENMASK(7, 0) & ~served;
	if (stray)
		spf_wr32(hw, SPF_82576_VFLRE, stray);
	stray = mbvficr & ~(served | served << 16) &
		(SPF_82576_MBVFICR_VFREQ_ALL | SPF_82576_MBVFICR_VFACK_ALL);
	if (stray)
		spf_wr32(hw, SPF_82576_MBVFICR, stray);
	return seen;
}

/* --- interrupts ------------------------------------------------------ */

static irqreturn_t spf_irq(int irq, void *data)
{
	struct spf_82576 *hw = data;
	u32 icr;

	/* Clear-on-read (GPIE.NSICR): every new cause raises a new edge */
	icr = spf_rd32(hw, SPF_82576_ICR);
	if (icr == ~0U)
		return IRQ_NONE;
	if (hw->intx && !(icr & SPF_82576_ICR_INT_ASSERTED))
		return IRQ_NONE;

	spin_lock(&hw->lock);
	if (!hw->stopped)
		spf_service_vfs(hw, false);
	spin_unlock(&hw->lock);

	if (icr & SPF_82576_ICR_LSC)
		schedule_work(&hw->lsc_work);

	/* The PF's queues share this vector unless they have their own */
	if (hw->nvec < 2)
		spf_rings_irq(hw->rings);

	/* EIAM masked the vector when it fired */
	if (hw->msix)
		spf_wr32(hw, SPF_82576_EIMS, BIT(0));
	return IRQ_HANDLED;
}

static void spf_irq_enable(struct spf_82576 *hw)
{
	if (hw->msix) {
		spf_wr32(hw, SPF_82576_GPIE, SPF_82576_GPIE_MSIX_MODE |
			 SPF_82576_GPIE_PBA | SPF_82576_GPIE_EIAME |
			 SPF_82576_GPIE_NSICR);
		/* "Other" causes (mailbox, link) on vector 0 */
		spf_wr32(hw, SPF_82576_IVAR_MISC,
			 FIELD_PREP(SPF_82576_IVAR_MISC_OTHER,
				    0 | SPF_82576_IVAR_VALID));
		spf_wr32(hw, SPF_82576_EIAC, BIT(0));
		spf_wr32(hw, SPF_82576_EIAM, BIT(0));
		spf_wr32(hw, SPF_82576_EIMS, BIT(0));
	} else {
		spf_wr32(hw, SPF_82576_GPIE, SPF_82576_GPIE_NSICR);
	}
	/* The hardware's backstop under the per-VF budget */
	spf_wr32(hw, SPF_82576_EITR(0),
		 FIELD_PREP(SPF_82576_EITR_INTERVAL, SPF_EITR_US) |
		 SPF_82576_EITR_CNT_IGNR);
	spf_wr32(hw, SPF_82576_MBVFIMR, hw->mbvfimr);
	spf_wr32(hw, SPF_82576_IMS, SPF_82576_ICR_VMMB | SPF_82576_ICR_LSC);
	spf_flush(hw);
}

static void spf_irq_disable(struct spf_82576 *hw)
{
	spf_wr32(hw, SPF_82576_IMC, ~0U);
	if (hw->msix)
		spf_wr32(hw, SPF_82576_EIMC, ~0U);
	spf_flush(hw);
}

static int spf_irq_setup(struct spf_82576 *hw)
{
	struct pci_dev *pdev = hw->pf->pdev;
	int nvec, err;

	/* Vector 0 for the mailbox and the link, vector 1 for the PF's
	 * queues; else one vector (or MSI, or INTx) for everything.  With
	 * seven VFs QEMU's 82576 leaves the PF vectors 0-3.
	 */
	nvec = pci_alloc_irq_vectors(pdev, 2, 2, PCI_IRQ_MSIX);
	if (nvec < 0)
		nvec = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_ALL_TYPES);
	if (nvec < 0) {
		dev_err(&pdev->dev, "no interrupt available: %d\n", nvec);
		return nvec;
	}
	hw->nvec = nvec;
	hw->msix = pdev->msix_enabled;
	hw->intx = !pdev->msix_enabled && !pdev->msi_enabled;
	hw->irq = pci_irq_vector(pdev, 0);
	snprintf(hw->irq_name, sizeof(hw->irq_name), "%s-mbx@%s",
		 SRIOV_PF_DRV_NAME, pci_name(pdev));

	/* Not threaded: see the comment at the top of this file */
	err = request_irq(hw->irq, spf_irq, hw->intx ? IRQF_SHARED : 0,
			  hw->irq_name, hw);
	if (err) {
		dev_err(&pdev->dev, "cannot request IRQ %u: %d\n", hw->irq, err);
		pci_free_irq_vectors(pdev);
		return err;
	}

	spf_irq_enable(hw);
	return 0;
}

/* Where the PF's rings are and how they interrupt */
static void spf_rings_setup(struct spf_82576 *hw)
{
	struct pci_dev *pdev = hw->pf->pdev;
	struct spf_rings_hw rh = {
		.regs = hw->regs,
		.dev = &pdev->dev,
		.queue = SPF_82576_PF_QUEUE,
		.msix = hw->msix,
		.own_irq = hw->nvec > 1,
		.vector = hw->nvec > 1 ? 1 : 0,
		.irq = pci_irq_vector(pdev, hw->nvec > 1 ? 1 : 0),
		.lb_vlan_be = hw->i350,
	};

	/* the 82576 and the I350 lay their IVAR table out differently */
	rh.ivar = spf_82576_ivar(hw->i350, rh.queue, &rh.ivar_shift);

	BUILD_BUG_ON(SPF_82576_PF_QUEUE < SPF_82576_QUEUE_BANK2_FIRST);
	spf_rings_set_hw(hw->rings, &rh);
}

static void spf_irq_teardown(struct spf_82576 *hw)
{
	spf_irq_disable(hw);
	free_irq(hw->irq, hw);
	pci_free_irq_vectors(hw->pf->pdev);
}

/* The port's link changed: every enabled VF is owed a link message, as
 * igb's watchdog pings every VF when the link goes up or down.
 */
static void spf_vfs_link_changed(struct spf_82576 *hw)
{
	unsigned long flags;
	u16 vf;

	spin_lock_irqsave(&hw->lock, flags);
	for (vf = 0; vf < hw->num_vfs && !hw->stopped; vf++) {
		hw->vf[vf].link_msg = true;
		spf_vf_link_msg(hw, vf);
	}
	spin_unlock_irqrestore(&hw->lock, flags);
}

/* --- anti-spoofing and malicious driver detection --------------------
 *
 * Read once a second by the poll, not on an interrupt: spoofed frames
 * come at the VF's will, up to line rate, and an interrupt cause for
 * them (ICR.DOUTSYNC, which igb enables) would let a guest keep the
 * mailbox vector busy outside its mailbox budget.  Nothing here needs to
 * be faster than the poll.  WVBR and LVMMC keep only what happened since
 * their last read, LVMMC only the last event: with several VFs
 * misbehaving within the same second, one can go unreported that second.
 */

/* One spoof/MDD line per VF per SPF_WARN_INTERVAL, whatever its other
 * warnings: a guest spoofing all the time cannot hide its mailbox lines
 */
static bool spf_vf_mdd_may_warn(struct spf_82576_vf *v)
{
	if (v->mdd_warned &&
	    time_before(jiffies, v->mdd_warn_at + SPF_WARN_INTERVAL))
		return false;
	v->mdd_warned = true;
	v->mdd_warn_at = jiffies;
	return true;
}

/* MDD stopped VF @vf's queue: as FreeBSD's igb PF does, the VF is reset
 * to the administrator's settings (pool stopped until its VF_RESET) and
 * asked to reset, then (I350) its MDFB bit is written to release the
 * queue.  igb only logs LVMMC and leaves the queue stopped.  On the I350
 * MDFB may keep the bit (FreeBSD: the datasheet calls it both
 * write-to-clear and read-only): mdd_blocked makes that one reset, not
 * one a second.  hw->lock held.
 */
static void spf_vf_mdd_blocked(struct spf_82576 *hw, u16 vf, u32 lvmmc)
{
	struct spf_82576_vf *v = &hw->vf[vf];

	lockdep_assert_held(&hw->lock);

	if (hw->i350 && v->mdd_blocked)
		return;
	hw->stats[vf].mdd++;
	if (spf_vf_mdd_may_warn(v))
		dev_warn(spf_dev(hw),
			 "VF %u: malicious driver detection stopped its queue (LVMMC 0x%08x): resetting the VF\n",
			 vf, lvmmc);
	spf_vf_flr(hw, vf);
	spf_vf_ask_reset(hw, vf, true);
	if (hw->i350) {
		spf_wr32(hw, SPF_82576_MDFB, BIT(vf));
		v->mdd_blocked = true;
	}
}

/* The poll's look at WVBR (and on the I350 MDFB and LVMMC, as igb's
 * watchdog reads it).  hw->lock held.
 */
static void spf_mdd_check(struct spf_82576 *hw)
{
	struct spf_82576_mdd ev;
	u32 wvbr, mdfb = 0, lvmmc = 0;
	u16 vf;

	lockdep_assert_held(&hw->lock);

	wvbr = spf_rd32(hw, SPF_82576_WVBR);
	if (hw->i350) {
		lvmmc = spf_rd32(hw, SPF_82576_LVMMC);
		mdfb = spf_rd32(hw, SPF_82576_MDFB);
	}
	if (wvbr == ~0U || lvmmc == ~0U || mdfb == ~0U)
		return;		/* device gone */
	spf_82576_mdd_decode(hw->i350, wvbr, mdfb, lvmmc, &ev);

	for (vf = 0; vf < hw->num_vfs; vf++) {
		struct spf_82576_vf *v = &hw->vf[vf];

		/* a stop first: its line wins over a spoof line */
		if (ev.blocked & BIT(vf))
			spf_vf_mdd_blocked(hw, vf, lvmmc);
		else
			v->mdd_blocked = false;
		if (ev.spoof & BIT(vf)) {
			hw->stats[vf].spoof++;
			if (spf_vf_mdd_may_warn(v))
				dev_warn(spf_dev(hw),
					 "VF %u: spoofed frames dropped: source MAC or VLAN not its own (WVBR 0x%08x LVMMC 0x%08x, %llu s with spoofed frames so far)\n",
					 vf, wvbr, lvmmc, hw->stats[vf].spoof);
		}
	}

	if (!(ev.blocked & BIT(SPF_82576_PF_POOL))) {
		hw->pf_mdd_blocked = false;
	} else if (!hw->pf_mdd_blocked) {
		hw->pf_mdd_blocked = true;
		dev_err(spf_dev(hw),
			"malicious driver detection stopped the PF's own queue (LVMMC 0x%08x): its traffic stays stopped until the device is reset (unbind and bind sriov_pf)\n",
			lvmmc);
	}

	/* igb_check_lvmmc(): the rest of LVMMC, a frame MDD dropped */
	if (lvmmc && !(lvmmc & SPF_82576_LVMMC_I350_SPOOF) && !ev.blocked)
		dev_warn_ratelimited(spf_dev(hw),
				     "malicious driver detection dropped a malformed frame (LVMMC 0x%08x)\n",
				     lvmmc);
}

static void spf_poll_work(struct work_struct *work)
{
	struct spf_82576 *hw = container_of(to_delayed_work(work),
					    struct spf_82576, poll_work);
	unsigned long flags;
	u16 vf;

	spin_lock_irqsave(&hw->lock, flags);
	spf_vf_unthrottle(hw, spf_service_vfs(hw, true));
	for (vf = 0; vf < hw->num_vfs; vf++) {
		spf_vf_link_msg(hw, vf);
		spf_vf_reask_reset(hw, vf);
	}
	/* Often enough for the counters' wrap (spf_vf_stats_fold()) */
	spf_vfs_stats_fold(hw, false);
	if (!hw->stopped)
		spf_mdd_check(hw);
	spin_unlock_irqrestore(&hw->lock, flags);

	schedule_delayed_work(&hw->poll_work, SPF_POLL_INTERVAL);
}

/* --- PF bring-up ----------------------------------------------------- */

/* Raise the 82576's PCIe completion timeout from its default, below the
 * PCIe specification's (spf_82576_gcr()), as igb does before each reset
 * of an 82575 or 82576.  igb leaves the I350's alone.
 */
static void spf_pcie_cmpl_timeout(struct spf_82576 *hw)
{
	struct pci_dev *pdev = hw->pf->pdev;
	bool devctl2;
	u16 val;
	u32 gcr;
	int err;

	if (hw->i350)
		return;
	gcr = spf_82576_gcr(spf_rd32(hw, SPF_82576_GCR), &devctl2);
	if (devctl2) {
		err = pcie_capability_read_word(pdev, PCI_EXP_DEVCTL2, &val);
		if (!err && spf_82576_devctl2(val) != val)
			err = pcie_capability_write_word(pdev, PCI_EXP_DEVCTL2,
							 spf_82576_devctl2(val));
		if (err)
			dev_dbg(spf_dev(hw), "cannot set the PCIe completion timeout: %d\n",
				pcibios_err_to_errno(err));
	}
	spf_wr32(hw, SPF_82576_GCR, gcr);
}

/* CTRL_EXT.DRV_LOAD tells manageability firmware whether a driver owns
 * the port (igb_get_hw_control(), igb_release_hw_control())
 */
static void spf_hw_control(struct spf_82576 *hw, bool own)
{
	u32 ctrl_ext = spf_rd32(hw, SPF_82576_CTRL_EXT);

	if (own)
		ctrl_ext |= SPF_82576_CTRL_EXT_DRV_LOAD;
	else
		ctrl_ext &= ~SPF_82576_CTRL_EXT_DRV_LOAD;
	spf_wr32(hw, SPF_82576_CTRL_EXT, ctrl_ext);
	spf_flush(hw);
}

/* After the reset that hands the device to us (init, start): firmware is
 * told a driver owns the port, as igb does at probe, open and resume, and
 * VLAN mode is on, as igb_vlan_mode() sets it while rx-vlan offload is on:
 * the PF netdev always has it.  Nothing else touches CTRL or CTRL_EXT yet.
 */
static void spf_hw_init(struct spf_82576 *hw)
{
	spf_hw_control(hw, true);
	spf_wr32(hw, SPF_82576_CTRL,
		 spf_rd32(hw, SPF_82576_CTRL) | SPF_82576_CTRL_VME);
	spf_flush(hw);
}

/* The device is about to be reset under the VFs (stop()): as igb_reset()
 * does before its reset, every VF gets a PF control message without CTS
 * (igb clears every VF's CTS first), which igbvf takes for "link down,
 * wait", then no pool receives or transmits.  A VF with a request not yet
 * served or a reply not yet read gets no message (see spf_vf_link_msg()):
 * the reset's RSTI tells it.  No VF is served again before start() and
 * its VF_RESET.  hw->lock held, the IRQ and the poll stopped.
 */
static void spf_vfs_going_down(struct spf_82576 *hw)
{
	u32 mbvficr = spf_rd32(hw, SPF_82576_MBVFICR);
	u32 msg = SPF_82576_PF_CONTROL_MSG;
	struct spf_82576_vf *v;
	u16 vf;

	lockdep_assert_held(&hw->lock);

	for (vf = 0; vf < hw->num_vfs; vf++) {
		v = &hw->vf[vf];
		v->cts = false;
		v->link_msg = false;
		if (v->unread || mbvficr == ~0U ||
		    (mbvficr & SPF_82576_MBVFICR_VFREQ(vf)) ||
		    !spf_mbx_lock(hw, vf))
			continue;
		spf_mbx_reply(hw, vf, &msg, 1);
	}
	spf_wr32(hw, SPF_82576_VFRE, 0);
	spf_wr32(hw, SPF_82576_VFTE, 0);
	spf_flush(hw);
}

static void spf_hw_reset(struct spf_82576 *hw)
{
	unsigned int i;

	/* Stop DMA: no new master requests, wait for pending ones */
	spf_wr32(hw, SPF_82576_CTRL, spf_rd32(hw, SPF_82576_CTRL) |
		 SPF_82576_CTRL_GIO_MASTER_DIS);
	for (i = 0; i < SPF_MASTER_DIS_POLLS; i++) {
		if (!(spf_rd32(hw, SPF_82576_STATUS) &
		      SPF_82576_STATUS_GIO_MASTER_EN))
			break;
		usleep_range(100, 200);
	}
	if (i == SPF_MASTER_DIS_POLLS)
		dev_dbg(spf_dev(hw), "PCIe master disable timed out\n");

	spf_pcie_cmpl_timeout(hw);

	spf_wr32(hw, SPF_82576_IMC, ~0U);
	spf_wr32(hw, SPF_82576_RCTL, 0);
	spf_wr32(hw, SPF_82576_TCTL, SPF_82576_TCTL_PSP);
	spf_flush(hw);
	usleep_range(10000, 11000);

	spf_wr32(hw, SPF_82576_CTRL,
		 spf_rd32(hw, SPF_82576_CTRL) | SPF_82576_CTRL_RST);
	usleep_range(1000, 2000);

	/* The NVM reloads the MAC (into RAR[0]) and the defaults */
	for (i = 0; i < SPF_AUTO_RD_POLLS; i++) {
		if (spf_rd32(hw, SPF_82576_EECD) & SPF_82576_EECD_AUTO_RD)
			break;
		usleep_range(1000, 2000);
	}
	if (i == SPF_AUTO_RD_POLLS)
		dev_dbg(spf_dev(hw), "NVM auto-read did not complete\n");

	spf_wr32(hw, SPF_82576_IMC, ~0U);
	spf_rd32(hw, SPF_82576_ICR);
	/* No wake-up (igb_reset()) */
	spf_wr32(hw, SPF_82576_WUC, 0);
	/* Queue 0, enabled by the reset, stays off until VF 0's driver sets
	 * it up (igb_setup_rctl(), igb_setup_tctl())
	 */
	spf_wr32(hw, SPF_82576_RXDCTL_BANK1(0), 0);
	spf_wr32(hw, SPF_82576_TXDCTL_BANK1(0), 0);
	/* VF events from before the reset mean nothing now */
	spf_wr32(hw, SPF_82576_VFLRE, GENMASK(7, 0));
	spf_wr32(hw, SPF_82576_MBVFICR, SPF_82576_MBVFICR_VFREQ_ALL |
		 SPF_82576_MBVFICR_VFACK_ALL);
	spf_flush(hw);
}

static void spf_read_perm_addr(struct spf_82576 *hw, u8 *mac)
{
	u32 ral = spf_rd32(hw, SPF_82576_RAL(0));
	u32 rah = spf_rd32(hw, SPF_82576_RAH(0));

	mac[0] = ral;
	mac[1] = ral >> 8;
	mac[2] = ral >> 16;
	mac[3] = ral >> 24;
	mac[4] = rah;
	mac[5] = rah >> 8;

	if (!(rah & SPF_82576_RAH_AV) || !is_valid_ether_addr(mac)) {
		eth_random_addr(mac);
		dev_warn(spf_dev(hw),
			 "no valid permanent MAC in RAR[0], using random %pM: VF MACs will change on every load\n",
			 mac);
	}
}

/* --- PHY access and link bring-up ------------------------------------
 *
 * As igb on silicon: every PHY register access holds this port's bit of
 * the software/firmware semaphore, so that manageability firmware (and
 * the drivers of the other ports) never run an MDIC cycle at the same
 * time; the link is brought up only when firmware does not veto it.
 * Process context only: the waits sleep.
 */

static void spf_swsm_put(struct spf_82576 *hw)
{
	spf_wr32(hw, SPF_82576_SWSM, spf_rd32(hw, SPF_82576_SWSM) &
		 ~(SPF_82576_SWSM_SMBI | SPF_82576_SWSM_SWESMBI));
}

/* SWSM, igb_get_hw_semaphore(): SMBI between the ports' drivers (a read
 * that finds it clear sets it, for the reader), then SWESMBI with
 * firmware (ours when it reads back set).
 */
static int spf_swsm_get(struct spf_82576 *hw)
{
	unsigned int i;
	u32 swsm;
	int err;

	err = read_poll_timeout(spf_rd32, swsm, !(swsm & SPF_82576_SWSM_SMBI),
				SPF_SWSM_POLL_US, SPF_SWSM_TIMEOUT_US, false,
				hw, SPF_82576_SWSM);
	if (err)
		return err;

	for (i = 0; i < SPF_SWSM_TIMEOUT_US / SPF_SWSM_POLL_US; i++) {
		swsm = spf_rd32(hw, SPF_82576_SWSM);
		spf_wr32(hw, SPF_82576_SWSM, swsm | SPF_82576_SWSM_SWESMBI);
		if (spf_rd32(hw, SPF_82576_SWSM) & SPF_82576_SWSM_SWESMBI)
			return 0;
		usleep_range(SPF_SWSM_POLL_US, 2 * SPF_SWSM_POLL_US);
	}
	spf_swsm_put(hw);
	return -ETIMEDOUT;
}

/* This port's PHY bit in SW_FW_SYNC, igb_acquire_swfw_sync_82575(): free
 * when neither firmware's bit nor software's is set.  -EBUSY when it
 * stays taken: the caller must not touch the PHY.
 */
static int spf_phy_acquire(struct spf_82576 *hw)
{
	u32 mask = hw->swfw_phy;
	unsigned int i;
	u32 sync = 0;
	int err;

	lockdep_assert_held(&hw->phy_lock);

	for (i = 0; i < SPF_SWFW_TRIES; i++) {
		err = spf_swsm_get(hw);
		if (err) {
			dev_err_ratelimited(spf_dev(hw),
					    "PHY not accessed: the software/firmware semaphore (SWSM 0x%08x) stays taken\n",
					    spf_rd32(hw, SPF_82576_SWSM));
			return -EBUSY;
		}
		sync = spf_rd32(hw, SPF_82576_SW_FW_SYNC);
		if (!(sync & (mask | mask << SPF_82576_SWFW_FW_SHIFT))) {
			spf_wr32(hw, SPF_82576_SW_FW_SYNC, sync | mask);
			spf_swsm_put(hw);
			return 0;
		}
		/* firmware, or another driver of this port, has the PHY */
		spf_swsm_put(hw);
		usleep_range(SPF_SWFW_DELAY_US, 2 * SPF_SWFW_DELAY_US);
	}
	dev_err_ratelimited(spf_dev(hw),
			    "PHY not accessed: firmware or another driver holds it (SW_FW_SYNC 0x%08x)\n",
			    sync);
	return -EBUSY;
}

/* igb_release_swfw_sync_82575() waits for SWSM as long as it takes; here
 * the wait is bounded, and the bit is then cleared without it: a PHY
 * left taken would lock firmware out of it for good.
 */
static void spf_phy_release(struct spf_82576 *hw)
{
	bool swsm = !spf_swsm_get(hw);

	lockdep_assert_held(&hw->phy_lock);

	if (!swsm)
		dev_err(spf_dev(hw),
			"software/firmware semaphore stays taken: releasing the PHY without it\n");
	spf_wr32(hw, SPF_82576_SW_FW_SYNC,
		 spf_rd32(hw, SPF_82576_SW_FW_SYNC) & ~hw->swfw_phy);
	if (swsm)
		spf_swsm_put(hw);
}

/* One MDIC cycle to the internal PHY; the PHY semaphore held */
static int spf_mdic(struct spf_82576 *hw, u32 op, u32 reg, u16 *data)
{
	unsigned int i;
	u32 mdic;

	lockdep_assert_held(&hw->phy_lock);

	mdic = op | FIELD_PREP(SPF_82576_MDIC_REG, reg) |
	       FIELD_PREP(SPF_82576_MDIC_PHY, SPF_82576_PHY_ADDR) |
	       FIELD_PREP(SPF_82576_MDIC_DATA, *data);
	spf_wr32(hw, SPF_82576_MDIC, mdic);

	for (i = 0; i < SPF_MDIC_POLLS; i++) {
		usleep_range(50, 100);
		mdic = spf_rd32(hw, SPF_82576_MDIC);
		if (mdic & SPF_82576_MDIC_READY)
			break;
	}
	if (!(mdic & SPF_82576_MDIC_READY))
		return -ETIMEDOUT;
	if (mdic & SPF_82576_MDIC_ERROR)
		return -EIO;
	*data = FIELD_GET(SPF_82576_MDIC_DATA, mdic);
	return 0;
}

/* A PHY register read or write, each under the semaphore as igb's
 * igb_read_phy_reg_igp()/igb_read_phy_reg_82580() take it
 */
static int spf_phy_read(struct spf_82576 *hw, u32 reg, u16 *val)
{
	int err;

	*val = 0;
	err = spf_phy_acquire(hw);
	if (err)
		return err;
	err = spf_mdic(hw, SPF_82576_MDIC_OP_READ, reg, val);
	spf_phy_release(hw);
	return err;
}

static int spf_phy_write(struct spf_82576 *hw, u32 reg, u16 val)
{
	int err;

	err = spf_phy_acquire(hw);
	if (err)
		return err;
	err = spf_mdic(hw, SPF_82576_MDIC_OP_WRITE, reg, &val);
	spf_phy_release(hw);
	return err;
}

/* Manageability firmware that shares the port forbids PHY resets
 * (igb_check_reset_block()): then the PHY is left as firmware keeps it.
 */
static bool spf_phy_blocked(struct spf_82576 *hw)
{
	if (!(spf_rd32(hw, SPF_82576_MANC) &
	      SPF_82576_MANC_BLK_PHY_RST_ON_IDE))
		return false;
	if (!hw->mng_logged) {
		dev_info(spf_dev(hw),
			 "manageability firmware owns the PHY (MANC.BLK_PHY_RST_ON_IDE): autonegotiation is not restarted, the PAUSE advertisement is firmware's\n");
		hw->mng_logged = true;
	}
	return true;
}

/* After a reset the NVM configures the port and its PHY; no PHY access
 * before it is done (igb_get_cfg_done_82575()).  A part without NVM, and
 * QEMU, never set the bit: then the wait only costs its 100 ms, as in igb.
 */
static void spf_cfg_done_wait(struct spf_82576 *hw)
{
	u32 done = spf_82576_cfg_done(spf_rd32(hw, SPF_82576_STATUS));
	u32 val;

	if (read_poll_timeout(spf_rd32, val, val & done, USEC_PER_MSEC,
			      SPF_CFG_DONE_TIMEOUT_US, false, hw,
			      SPF_82576_EEMNGCTL))
		dev_dbg(spf_dev(hw),
			"NVM configuration of the port not reported done (EEMNGCTL 0x%08x)\n",
			val);
}

/* The MAC side of flow control for @fc (igb_setup_link(),
 * igb_set_fc_watermarks(), igb_force_mac_fc()): PAUSE frame address,
 * type and timer, the receive thresholds (0 unless it sends PAUSE), and
 * CTRL.RFCE/TFCE.  The thresholds leave room for the largest frame any
 * pool may send (a VF's, whatever the PF's MTU), where igb counts the
 * PF's own.
 */
static void spf_fc_mac_set(struct spf_82576 *hw, enum spf_82576_fc fc)
{
	struct spf_82576_fc_water w = {};
	unsigned long flags;
	u32 pba;

	lockdep_assert_held(&hw->phy_lock);

	if (fc & SPF_82576_FC_TX) {
		pba = spf_rd32(hw, SPF_82576_RXPBS);
		spf_82576_fc_water(spf_82576_rx_pba_kb(hw->i350, pba),
				   SPF_MAX_FRAME, &w);
		if (!w.high) {
			dev_warn_once(spf_dev(hw),
				      "receive buffer too small for flow control thresholds (RXPBS 0x%08x): no PAUSE frames sent\n",
				      pba);
			fc &= ~SPF_82576_FC_TX;
		}
	}
	spf_wr32(hw, SPF_82576_FCT, SPF_82576_FCT_PAUSE);
	spf_wr32(hw, SPF_82576_FCAH, SPF_82576_FCAH_PAUSE);
	spf_wr32(hw, SPF_82576_FCAL, SPF_82576_FCAL_PAUSE);
	spf_wr32(hw, SPF_82576_FCTTV, SPF_82576_FCTTV_PAUSE);
	spf_wr32(hw, SPF_82576_FCRTL,
		 w.high ? w.low | SPF_82576_FCRTL_XONE : 0);
	spf_wr32(hw, SPF_82576_FCRTH, w.high);

	spin_lock_irqsave(&hw->lock, flags);
	spf_wr32(hw, SPF_82576_CTRL,
		 spf_82576_fc_ctrl(spf_rd32(hw, SPF_82576_CTRL), fc));
	spin_unlock_irqrestore(&hw->lock, flags);
	hw->fc_current = fc;
}

/* Our PAUSE advertisement for fc_requested, then autonegotiation
 * restarted with the PHY powered up and not isolated
 * (igb_copper_link_autoneg()).  The link drops for the negotiation.
 */
static int spf_phy_autoneg(struct spf_82576 *hw)
{
	u16 anar, bmcr;
	int err;

	lockdep_assert_held(&hw->phy_lock);

	err = spf_phy_read(hw, MII_ADVERTISE, &anar);
	if (err)
		return err;
	err = spf_phy_write(hw, MII_ADVERTISE,
			    spf_82576_fc_adv(anar, hw->fc_requested));
	if (err)
		return err;
	err = spf_phy_read(hw, MII_BMCR, &bmcr);
	if (err)
		return err;
	bmcr &= ~(BMCR_PDOWN | BMCR_ISOLATE);
	bmcr |= BMCR_ANENABLE | BMCR_ANRESTART;
	return spf_phy_write(hw, MII_BMCR, bmcr);
}

/* Bring the link up after a reset, as igb_setup_link() and
 * igb_setup_copper_link_82575() do: wait for the NVM; CTRL.SLU; unless
 * firmware owns the PHY, speed and duplex unforced, the I350's
 * link-disconnect off, and autonegotiation restarted with our PAUSE
 * advertisement; the MAC's flow control as requested until the link
 * comes up and spf_fc_link_up() resolves it.  STATUS.LU and the link
 * change interrupt follow.
 */
static void spf_link_start(struct spf_82576 *hw)
{
	unsigned long flags;
	bool blocked;
	u32 ctrl;
	int err;

	mutex_lock(&hw->phy_lock);
	spf_cfg_done_wait(hw);
	blocked = spf_phy_blocked(hw);

	spin_lock_irqsave(&hw->lock, flags);
	ctrl = spf_rd32(hw, SPF_82576_CTRL) | SPF_82576_CTRL_SLU;
	if (!blocked)
		ctrl &= ~(SPF_82576_CTRL_FRCSPD | SPF_82576_CTRL_FRCDPX);
	spf_wr32(hw, SPF_82576_CTRL, ctrl);
	spin_unlock_irqrestore(&hw->lock, flags);

	spf_fc_mac_set(hw, hw->fc_requested);
	if (blocked)
		goto out_unlock;

	if (hw->i350)
		spf_wr32(hw, SPF_82576_PHPM, spf_rd32(hw, SPF_82576_PHPM) &
			 ~SPF_82576_PHPM_GO_LINKD);
	err = spf_phy_autoneg(hw);
	if (err)
		dev_warn(spf_dev(hw), "PHY access failed (%d): link may stay down\n",
			 err);
out_unlock:
	mutex_unlock(&hw->phy_lock);
}

/* After the link came up: the MAC's flow control from what
 * autonegotiation agreed (igb_config_fc_after_link_up()), or as ethtool
 * forced it.  A link without completed autonegotiation (a partner that
 * does not negotiate) gets what was requested, as in igb.
 */
static void spf_fc_link_up(struct spf_82576 *hw)
{
	enum spf_82576_fc fc;
	u16 bmsr, anar, lpa;
	u32 status;
	int err;

	mutex_lock(&hw->phy_lock);
	fc = hw->fc_requested;
	status = spf_rd32(hw, SPF_82576_STATUS);
	if (READ_ONCE(hw->stopped) || status == ~0U ||
	    !(status & SPF_82576_STATUS_LU))
		goto out_unlock;
	if (!hw->fc_autoneg)
		goto set;

	/* BMSR latches: the second read is the state now */
	err = spf_phy_read(hw, MII_BMSR, &bmsr);
	if (!err)
		err = spf_phy_read(hw, MII_BMSR, &bmsr);
	if (!err && !(bmsr & BMSR_ANEGCOMPLETE))
		goto set;
	if (!err)
		err = spf_phy_read(hw, MII_ADVERTISE, &anar);
	if (!err)
		err = spf_phy_read(hw, MII_LPA, &lpa);
	if (err) {
		dev_warn(spf_dev(hw),
			 "PHY access failed (%d): flow control left as it was\n",
			 err);
		goto out_unlock;
	}
	fc = spf_82576_fc_resolve(anar, lpa, hw->fc_requested,
				  status & SPF_82576_STATUS_FD);
set:
	spf_fc_mac_set(hw, fc);
out_unlock:
	mutex_unlock(&hw->phy_lock);
}

static void spf_lsc_work(struct work_struct *work)
{
	struct spf_82576 *hw = container_of(work, struct spf_82576, lsc_work);

	spf_fc_link_up(hw);
	/* The rate factors are relative to the link speed */
	spf_vfs_rate_apply(hw);
	spf_vfs_link_changed(hw);
	sriov_pf_carrier_update(hw->pf);
}

/* ethtool -a: PAUSE autonegotiated or forced, and what the MAC does */
void spf_82576_get_pause(struct sriov_pf *pf, bool *autoneg, bool *rx,
			 bool *tx)
{
	struct spf_82576 *hw = pf->hw;

	*autoneg = false;
	*rx = false;
	*tx = false;
	if (!hw)
		return;
	mutex_lock(&hw->phy_lock);
	*autoneg = hw->fc_autoneg;
	*rx = hw->fc_current & SPF_82576_FC_RX;
	*tx = hw->fc_current & SPF_82576_FC_TX;
	mutex_unlock(&hw->phy_lock);
}

/* ethtool -A, as igb_set_pauseparam(): with autoneg off the MAC uses
 * @rx and @tx from now on, at every link-up too, and the link stays up;
 * with autoneg on they are advertised (igb advertises its NVM default
 * instead) and autonegotiation restarts, which takes the link down for
 * a moment.  -EBUSY when manageability firmware owns the PHY.  RTNL held;
 * the netdev is detached while the backend is stopped.
 */
int spf_82576_set_pause(struct sriov_pf *pf, bool autoneg, bool rx, bool tx)
{
	enum spf_82576_fc fc = (rx ? SPF_82576_FC_RX : 0) |
			       (tx ? SPF_82576_FC_TX : 0);
	struct spf_82576 *hw = pf->hw;
	int err = 0;

	ASSERT_RTNL();
	if (!hw)
		return -ENODEV;

	mutex_lock(&hw->phy_lock);
	if (READ_ONCE(hw->stopped)) {
		err = -ENODEV;
		goto out_unlock;
	}
	if (autoneg && spf_phy_blocked(hw)) {
		err = -EBUSY;
		goto out_unlock;
	}
	hw->fc_autoneg = autoneg;
	hw->fc_requested = fc;
	/* autonegotiated: until the link is back and spf_fc_link_up() */
	spf_fc_mac_set(hw, fc);
	if (autoneg)
		err = spf_phy_autoneg(hw);
out_unlock:
	mutex_unlock(&hw->phy_lock);
	return err;
}

/* The backend brings up an internal copper PHY only.  The NVM sets the
 * port's media in CTRL_EXT.LINK_MODE (igb_get_invariants_82575()); a
 * copper device ID with another media (a board wired for SGMII or
 * SerDes) is refused, untouched.
 */
static int spf_media_check(struct spf_82576 *hw)
{
	struct pci_dev *pdev = hw->pf->pdev;
	enum spf_82576_media media;

	media = spf_82576_media(spf_rd32(hw, SPF_82576_CTRL_EXT));
	if (media == SPF_82576_MEDIA_COPPER)
		return 0;
	dev_err(&pdev->dev,
		"%s (8086:%04x) port has %s media: %s brings up an internal copper PHY only; leave this port to igb\n",
		hw->i350 ? "I350" : "82576", pdev->device,
		spf_82576_media_name(media), SRIOV_PF_DRV_NAME);
	return -ENODEV;
}

/* Build the PF pool and @num_vfs VF pools from @cfg: every VF starts
 * from its defaults and must send VF_RESET before it is served (@ask: it
 * is asked to, spf_vf_ask_reset()).  The PF pool is always
 * SPF_82576_PF_POOL, with or without VFs, and receives and transmits
 * while the netdev is up.  hw->lock held.
 */
static void spf_pools_setup(struct spf_82576 *hw, u16 num_vfs,
			    const struct sriov_pf_vf *cfg, bool ask)
{
	unsigned int pool = SPF_82576_PF_POOL;
	u32 rctl;
	u16 vf;

	lockdep_assert_held(&hw->lock);

	/* No VF is served while the pools are rebuilt */
	hw->num_vfs = 0;
	memset(hw->vf, 0, sizeof(hw->vf));
	spf_uc_clear_all(hw);
	spf_vf_budget_init(hw);
	spf_wr32(hw, SPF_82576_MBVFIMR, hw->mbvfimr);
	spf_vlan_clear_all(hw);
	spf_mta_clear(hw);
	spf_wr32(hw, SPF_82576_VFRE, 0);
	spf_wr32(hw, SPF_82576_VFTE, 0);
	spf_pf_pool_enable(hw, hw->pf_up);

	/* VMDq: pools by MAC/VLAN, unmatched unicast to the PF pool */
	spf_wr32(hw, SPF_82576_VT_CTL,
		 FIELD_PREP(SPF_82576_VT_CTL_DEF_PL, pool) |
		 SPF_82576_VT_CTL_VM_REPL_EN);
	spf_wr32(hw, SPF_82576_MRQC, SPF_82576_MRQC_VMDQ);
	if (!hw->i350) {
		spf_wr32(hw, SPF_82576_DTXCTL, spf_rd32(hw, SPF_82576_DTXCTL) |
			 SPF_82576_DTXCTL_VLAN_ADDED);
		spf_wr32(hw, SPF_82576_RPLOLR, spf_rd32(hw, SPF_82576_RPLOLR) |
			 SPF_82576_RPLOLR_STRVLAN);
	}

	/* The PF pool: its MAC in RAR[0] and its secondary ones, untagged,
	 * broadcast and whatever ndo_set_rx_mode asked for
	 */
	spf_rar_set(hw, 0, hw->pf_mac, pool);
	spf_pf_uc_sync(hw);
	hw->uta_on = !hw->pf_promisc;	/* rewrite UTA */
	spf_pf_vmolr(hw);
	spf_mta_sync(hw);
	spf_vlan_set(hw, 0, pool, true);
	spf_pf_vlans_sync(hw, num_vfs);

	hw->num_vfs = num_vfs;
	for (vf = 0; vf < num_vfs; vf++) {
		hw->vf[vf].spoofchk = cfg[vf].spoofchk;
		spf_vf_reset_pool(hw, vf, &cfg[vf]);
		spf_rar_set(hw, spf_vf_rar(hw, vf), cfg[vf].mac, vf);
	}
	spf_txswc_write(hw, num_vfs);

	/* Drop rather than stall when a VF gives no buffers */
	spf_wr32(hw, SPF_82576_QDE, SPF_82576_QDE_ALL);
	/* Per-pool RLPML decides; the global limit only caps it */
	spf_wr32(hw, SPF_82576_RLPML, SPF_MAX_FRAME);
	/* Checksums in the receive descriptors, for the PF and the VFs */
	spf_wr32(hw, SPF_82576_RXCSUM, SPF_82576_RXCSUM_IPOFLD |
		 SPF_82576_RXCSUM_TUOFLD);

	/* Erratum: a malformed IPv6 extension header can hang the receive
	 * side; igb turns their parsing off on every MAC
	 * (igb_rx_fifo_flush_82575()).  Before RCTL.EN, after every reset.
	 */
	spf_wr32(hw, SPF_82576_RFCTL, spf_rd32(hw, SPF_82576_RFCTL) |
		 SPF_82576_RFCTL_IPV6_EX_DIS);

	/* No CFI check with VLAN mode on (igb_vlan_mode()) */
	rctl = spf_rd32(hw, SPF_82576_RCTL) &
	       ~(SPF_82576_RCTL_MO | SPF_82576_RCTL_CFIEN);
	rctl |= SPF_82576_RCTL_EN | SPF_82576_RCTL_BAM | SPF_82576_RCTL_LPE |
		SPF_82576_RCTL_VFE | SPF_82576_RCTL_SECRC;
	spf_wr32(hw, SPF_82576_RCTL, rctl);
	spf_wr32(hw, SPF_82576_TCTL,
		 spf_82576_tctl(spf_rd32(hw, SPF_82576_TCTL)));

	/* Forget VF events from before, then make sure VFs may talk */
	spf_wr32(hw, SPF_82576_VFLRE, GENMASK(7, 0));
	spf_wr32(hw, SPF_82576_MBVFICR, SPF_82576_MBVFICR_VFREQ_ALL |
		 SPF_82576_MBVFICR_VFACK_ALL);
	/* The requests before the "reset done" that has the VFs read them */
	for (vf = 0; ask && vf < num_vfs; vf++)
		spf_vf_ask_reset(hw, vf, false);
	spf_pf_reset_done(hw);
}

/* --- hw_ops ---------------------------------------------------------- */

static int spf_82576_init(struct sriov_pf *pf)
{
	struct pci_dev *pdev = pf->pdev;
	struct spf_82576 *hw;
	unsigned long flags;
	int err;

	if (!(pci_resource_flags(pdev, 0) & IORESOURCE_MEM) ||
	    pci_resource_len(pdev, 0) < SZ_64K) {
		dev_err(&pdev->dev, "BAR0 is not the 82576 register file\n");
		return -ENODEV;
	}

	hw = kzalloc(sizeof(*hw), GFP_KERNEL);
	if (!hw)
		return -ENOMEM;
	hw->pf = pf;
	hw->i350 = spf_is_i350(pdev->device);
	/* igb limits VF rates on the 82576 only */
	pf->vf_rate = !hw->i350;
	hw->rar_entries = hw->i350 ? SPF_82576_RAR_ENTRIES_I350 :
				     SPF_82576_RAR_ENTRIES;
	memset(hw->uc_vf, -1, sizeof(hw->uc_vf));
	hw->has_stats = pci_resource_len(pdev, 0) >= SPF_82576_PVF_LAST;
	spin_lock_init(&hw->lock);
	mutex_init(&hw->phy_lock);
	/* Both directions; igb reads its default from the NVM (word 0x0F) */
	hw->fc_autoneg = true;
	hw->fc_requested = SPF_82576_FC_FULL;
	hw->fc_current = SPF_82576_FC_FULL;
	spf_vf_budget_init(hw);
	INIT_WORK(&hw->lsc_work, spf_lsc_work);
	INIT_DELAYED_WORK(&hw->poll_work, spf_poll_work);
	hw->rings = spf_rings_alloc();
	if (!hw->rings) {
		err = -ENOMEM;
		goto err_free_hw;
	}

	err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (err) {
		dev_err(&pdev->dev, "no usable DMA configuration: %d\n", err);
		goto err_free_rings;
	}

	err = pci_request_region(pdev, 0, SRIOV_PF_DRV_NAME);
	if (err) {
		dev_err(&pdev->dev, "cannot claim BAR0: %d\n", err);
		goto err_free_rings;
	}
	hw->regs = pci_iomap(pdev, 0, 0);
	if (!hw->regs) {
		dev_err(&pdev->dev, "cannot map BAR0\n");
		err = -ENOMEM;
		goto err_release_region;
	}

	/* Before any reset: a port refused is left as it was */
	err = spf_media_check(hw);
	if (err)
		goto err_iounmap;
	hw->swfw_phy = spf_82576_swfw_phy(spf_rd32(hw, SPF_82576_STATUS));

	spf_hw_reset(hw);
	spf_hw_init(hw);
	spf_read_perm_addr(hw, pf->perm_addr);
	ether_addr_copy(hw->pf_mac, pf->perm_addr);
	/* Nothing may enter the PF pool before vfs_prepare */
	spf_wr32(hw, SPF_82576_VFRE, 0);
	spf_wr32(hw, SPF_82576_VFTE, 0);
	spf_link_start(hw);

	pf->hw = hw;
	err = spf_irq_setup(hw);
	if (err)
		goto err_unmap;
	spf_rings_setup(hw);

	/* The PF pool; the responder is live: VFs may now talk to us */
	spin_lock_irqsave(&hw->lock, flags);
	spf_pools_setup(hw, 0, NULL, false);
	spin_unlock_irqrestore(&hw->lock, flags);
	schedule_delayed_work(&hw->poll_work, SPF_POLL_INTERVAL);

	dev_info(&pdev->dev, "%s backend: MAC %pM, %s interrupt%s, %u RAR entries\n",
		 hw->i350 ? "I350" : "82576", pf->perm_addr,
		 hw->msix ? "MSI-X" : hw->intx ? "INTx" : "MSI",
		 hw->nvec > 1 ? "s (mailbox, queues)" : " (shared)",
		 hw->rar_entries);

	return min_t(u16, SPF_82576_MAX_VFS, pf->cap.total_vfs);

err_unmap:
	pf->hw = NULL;
	spf_hw_reset(hw);
	spf_hw_control(hw, false);
err_iounmap:
	pci_iounmap(pdev, hw->regs);
err_release_region:
	pci_release_region(pdev, 0);
err_free_rings:
	spf_rings_free(hw->rings);
err_free_hw:
	mutex_destroy(&hw->phy_lock);
	kfree(hw);
	return err;
}

static void spf_82576_exit(struct sriov_pf *pf)
{
	struct spf_82576 *hw = pf->hw;
	struct pci_dev *pdev = pf->pdev;

	if (!hw)
		return;

	spf_irq_teardown(hw);
	cancel_delayed_work_sync(&hw->poll_work);
	cancel_work_sync(&hw->lsc_work);

	/* Leave the device as a fresh driver expects it, to the firmware */
	spf_hw_reset(hw);
	spf_hw_control(hw, false);

	pf->hw = NULL;
	pci_iounmap(pdev, hw->regs);
	pci_release_region(pdev, 0);
	spf_rings_free(hw->rings);
	mutex_destroy(&hw->phy_lock);
	kfree(hw);
}

/* Copy the configuration of VFs 0..@num_vfs-1; false if one is unusable */
static bool spf_vfs_cfg(struct spf_82576 *hw, u16 num_vfs,
			struct sriov_pf_vf *cfg)
{
	u16 vf;

	for (vf = 0; vf < num_vfs; vf++)
		if (!spf_vf_cfg(hw, vf, &cfg[vf]))
			return false;
	return true;
}

static int spf_82576_vfs_prepare(struct sriov_pf *pf, u16 num_vfs)
{
	struct sriov_pf_vf cfg[SPF_82576_MAX_VFS];
	struct spf_82576 *hw = pf->hw;
	unsigned long flags;

	if (!hw || num_vfs > SPF_82576_MAX_VFS)
		return -EINVAL;
	if (!spf_vfs_cfg(hw, num_vfs, cfg))
		return -EINVAL;

	spin_lock_irqsave(&hw->lock, flags);
	spf_pools_setup(hw, num_vfs, cfg, false);
	spf_vfs_stats_reset(hw);
	spin_unlock_irqrestore(&hw->lock, flags);
	return 0;
}

static void spf_82576_vfs_release(struct sriov_pf *pf)
{
	struct spf_82576 *hw = pf->hw;
	unsigned long flags;
	u16 vf;

	if (!hw)
		return;

	spin_lock_irqsave(&hw->lock, flags);

	hw->num_vfs = 0;
	spf_wr32(hw, SPF_82576_VFRE, 0);
	spf_wr32(hw, SPF_82576_VFTE, 0);
	spf_pf_pool_enable(hw, hw->pf_up);
	for (vf = 0; vf < SPF_82576_MAX_VFS; vf++) {
		spf_rar_set(hw, spf_vf_rar(hw, vf), NULL, -1);
		spf_wr32(hw, SPF_82576_VMVIR(vf), 0);
		spf_wr32(hw, SPF_82576_VMOLR(vf), SPF_82576_VMOLR_STRCRC);
	}
	memset(hw->vf, 0, sizeof(hw->vf));
	spf_wr32(hw, SPF_82576_IOVCTL, SPF_82576_IOVCTL_REUSE_VFQ);

	/* The PF pool alone, as before the VFs came */
	spf_pools_setup(hw, 0, NULL, false);
	spf_flush(hw);

	spin_unlock_irqrestore(&hw->lock, flags);
}

/* Apply an admin change.  A new MAC is live in the RAR at once; the VF
 * reads it at its next VF_RESET (igbvf: driver reload or reset).  A port
 * VLAN change drops the VLANs the VF added itself; -ENOSPC when the VLAN
 * table has no entry for it.  Revoking trust resets the VF (its extra
 * MACs and promiscuous modes go).  Link state "disable" stops the pool's
 * receive and transmit and tells the VF its link is down
 * (spf_vf_link_msg()); "auto" gives the VF the port's link.  "enable"
 * never gets here (vf.c refuses it): the VF reads the port's STATUS.LU
 * itself, so no setting here can show it a link the port does not have.
 * A rate limit (never on the I350: vf.c refuses it there, pf->vf_rate)
 * is -EINVAL above the link speed; it is kept and written again after
 * every VF or PF reset and link change.
 */
static int spf_82576_vf_update(struct sriov_pf *pf, u16 vf, unsigned int what)
{
	struct spf_82576 *hw = pf->hw;
	struct sriov_pf_vf cfg;
	struct spf_82576_vf *v;
	unsigned long flags;
	int err = 0;

	if (!hw)
		return -ENODEV;

	spin_lock_irqsave(&hw->lock, flags);
	if (!spf_vf_cfg(hw, vf, &cfg)) {
		spin_unlock_irqrestore(&hw->lock, flags);
		return -EINVAL;
	}
	/* the I350 never gets here with a limit (pf->vf_rate) */
	if ((what & SRIOV_PF_VF_RATE) &&
	    (cfg.max_tx_rate > SPF_MAX_RATE ||
	     (!hw->stopped && spf_link_mbps(hw) &&
	      cfg.max_tx_rate > spf_link_mbps(hw)))) {
		spin_unlock_irqrestore(&hw->lock, flags);
		return -EINVAL;
	}
	if (vf >= hw->num_vfs || hw->stopped) {
		/* Not enabled, or stopped: vfs_prepare or start applies it */
		spin_unlock_irqrestore(&hw->lock, flags);
		return 0;
	}
	v = &hw->vf[vf];

	if (what & SRIOV_PF_VF_MAC)
		spf_vf_rar_own(hw, vf, cfg.mac);

	if (what & SRIOV_PF_VF_VLAN) {
		spf_vlan_clear_pool(hw, vf);
		v->vlan_strip = false;
		/* Cannot fail while spf_vf_vlan_cap() holds, unless the
		 * VLAN is new to a full table: the caller rolls back
		 */
		err = spf_vlan_set(hw, cfg.vlan, vf, true);
		spf_vf_vmvir(hw, vf, &cfg);
		spf_vf_vmolr(hw, vf, &cfg);
		if (err)
			goto out;
	}

	if (what & SRIOV_PF_VF_SPOOFCHK) {
		v->spoofchk = cfg.spoofchk;
		spf_txswc_write(hw, hw->num_vfs);
	}

	if ((what & SRIOV_PF_VF_TRUST) && cfg.trusted) {
		/* granted: all-multicast it asked for before takes effect */
		spf_vf_vmolr(hw, vf, &cfg);
	} else if (what & SRIOV_PF_VF_TRUST) {
		/* Revoked: handled as an FLR (the pool and the MAC back to
		 * the administrator's settings), and the VF asked to reset
		 */
		spf_vf_flr(hw, vf);
		spf_vf_ask_reset(hw, vf, true);
	}

	if (what & SRIOV_PF_VF_LINK) {
		spf_vf_enable(hw, vf, v->cts && spf_vf_link_on(&cfg));
		v->link_msg = true;
		spf_vf_link_msg(hw, vf);
	}

	if (what & SRIOV_PF_VF_RATE)
		spf_vf_rate_apply(hw, vf, &cfg);

out:
	spf_flush(hw);
	spin_unlock_irqrestore(&hw->lock, flags);
	return err;
}

/* Quiesce for a suspend, a reset, a PCI error or shutdown: interrupt
 * masked, no poll, no VF served, and unless the device is unreachable the
 * VFs told (spf_vfs_going_down()), then a device reset, which stops every
 * pool's queues (no VF DMA either), and DRV_LOAD cleared, as igb does at
 * suspend and shutdown.  The IRQ and the mapping stay; start() brings
 * everything back.
 */
static void spf_82576_stop(struct sriov_pf *pf)
{
	struct spf_82576 *hw = pf->hw;
	bool offline = pci_channel_offline(pf->pdev);
	unsigned long flags;
	bool running;

	if (!hw)
		return;

	spin_lock_irqsave(&hw->lock, flags);
	running = !offline && !hw->stopped;
	/* the reset below clears the per-VF counters */
	if (running)
		spf_vfs_stats_fold(hw, false);
	hw->stopped = true;
	spin_unlock_irqrestore(&hw->lock, flags);

	if (!offline)
		spf_irq_disable(hw);
	synchronize_irq(hw->irq);
	cancel_delayed_work_sync(&hw->poll_work);
	cancel_work_sync(&hw->lsc_work);
	/* the rings are closed; a reset ends any stall injected */
	spf_rings_tx_stall_set(hw->rings, SPF_TX_STALL_NONE);
	if (offline)
		return;

	/* igb_reset()'s order: tell the VFs, stop their pools, reset */
	if (running) {
		spin_lock_irqsave(&hw->lock, flags);
		spf_vfs_going_down(hw);
		spin_unlock_irqrestore(&hw->lock, flags);
	}
	spf_hw_reset(hw);
	spf_hw_control(hw, false);
}

/* Bring the device back after stop(), whatever the device lost meanwhile
 * (power, a function or bus reset): reset it, then rebuild the link, the
 * interrupt causes and every pool from pf->vfs[].  VFs are told the PF
 * is ready, and asked to reset: a VF driver that no PM or error callback
 * told about the reset (a function reset through sysfs) would otherwise
 * wait for the PF forever.  They are served again after their VF_RESET.
 */
static int spf_82576_start(struct sriov_pf *pf)
{
	struct sriov_pf_vf cfg[SPF_82576_MAX_VFS];
	struct spf_82576 *hw = pf->hw;
	u16 num_vfs = pf->num_vfs;
	unsigned long flags;

	if (!hw)
		return -ENODEV;
	if (num_vfs > SPF_82576_MAX_VFS || !spf_vfs_cfg(hw, num_vfs, cfg))
		return -EINVAL;

	spf_hw_reset(hw);
	if (spf_rd32(hw, SPF_82576_STATUS) == ~0U)
		return -EIO;
	spf_hw_init(hw);
	spf_wr32(hw, SPF_82576_VFRE, 0);
	spf_wr32(hw, SPF_82576_VFTE, 0);
	spf_link_start(hw);

	spin_lock_irqsave(&hw->lock, flags);
	hw->stopped = false;
	spf_pools_setup(hw, num_vfs, cfg, true);
	spf_vfs_stats_fold(hw, true);
	spin_unlock_irqrestore(&hw->lock, flags);

	spf_irq_enable(hw);

	schedule_delayed_work(&hw->poll_work, SPF_POLL_INTERVAL);
	return 0;
}

/* <PF>/vfs in debugfs: what the hardware and the mailbox state say */
static void spf_82576_debugfs_vfs(struct sriov_pf *pf, struct seq_file *m)
{
	struct spf_82576 *hw = pf->hw;
	unsigned long flags;
	unsigned int i;
	u32 rah, txswc;
	u16 vf;

	if (!hw)
		return;
	spin_lock_irqsave(&hw->lock, flags);
	seq_printf(m, "vlan_cap %u\n", spf_vf_vlan_cap(hw));
	seq_printf(m, "uc_cap %u\n", spf_vf_uc_cap(hw));
	txswc = spf_rd32(hw, hw->i350 ? SPF_82576_TXSWC : SPF_82576_DTXSWC);
	for (vf = 0; vf < hw->num_vfs; vf++) {
		struct spf_82576_vf *v = &hw->vf[vf];
		u32 vmolr = spf_rd32(hw, SPF_82576_VMOLR(vf));
		/* 1: the MAC anti-spoof bit, 2: the VLAN one */
		unsigned int spoofchk =
			(txswc & SPF_82576_TXSWC_MAC_SPOOF(vf) ? 1 : 0) |
			(txswc & SPF_82576_TXSWC_VLAN_SPOOF(vf) ? 2 : 0);

		seq_printf(m,
			   "vf %u cts %u enabled %u vmolr 0x%08x allmulti %u mc %u mc_overflow %u vlans %u throttled %u uc %u ucpromisc %u bcnrc 0x%08x reset_asks %u mbx0 0x%08x spoofchk %u spoof %llu mdd %llu\n",
			   vf, v->cts,
			   !!(spf_rd32(hw, SPF_82576_VFRE) & BIT(vf)), vmolr,
			   !!(vmolr & SPF_82576_VMOLR_MPME), v->mc_count,
			   v->mc_overflow, spf_vlan_count(hw, vf), v->throttled,
			   spf_vf_uc_count(hw, vf),
			   !!(vmolr & SPF_82576_VMOLR_ROPE), v->bcnrc,
			   v->reset_asks, spf_rd32(hw, SPF_82576_VMBMEM(vf)),
			   spoofchk, hw->stats[vf].spoof, hw->stats[vf].mdd);
	}
	/* The extra MACs, with what the RAR holds */
	for (i = SPF_VF_UC_FIRST; i < hw->rar_entries; i++) {
		if (hw->uc_vf[i] < 0)
			continue;
		rah = spf_rd32(hw, spf_rah(i));
		seq_printf(m, "rar %u vf %d mac %pM av %u pool 0x%02lx\n", i,
			   hw->uc_vf[i], hw->uc_mac[i],
			   !!(rah & SPF_82576_RAH_AV),
			   FIELD_GET(SPF_82576_RAH_POOL_MASK, rah));
	}
	spin_unlock_irqrestore(&hw->lock, flags);
}

/* ndo_get_vf_stats: the sums, brought up to date */
static int spf_82576_vf_stats(struct sriov_pf *pf, u16 vf,
			      struct ifla_vf_stats *out)
{
	struct spf_82576 *hw = pf->hw;
	struct spf_82576_vf_stats *st;
	unsigned long flags;

	if (!hw || !hw->has_stats)
		return -EOPNOTSUPP;
	spin_lock_irqsave(&hw->lock, flags);
	if (vf >= hw->num_vfs) {
		spin_unlock_irqrestore(&hw->lock, flags);
		return -EINVAL;
	}
	if (!hw->stopped)
		spf_vf_stats_fold(hw, vf, false);
	st = &hw->stats[vf];
	out->rx_packets = st->sum[SPF_VF_GPRC];
	out->tx_packets = st->sum[SPF_VF_GPTC];
	out->rx_bytes = st->sum[SPF_VF_GORC];
	out->tx_bytes = st->sum[SPF_VF_GOTC];
	out->multicast = st->sum[SPF_VF_MPRC];
	spin_unlock_irqrestore(&hw->lock, flags);
	return 0;
}

static bool spf_82576_link_up(struct sriov_pf *pf)
{
	struct spf_82576 *hw = pf->hw;

	return hw && (spf_rd32(hw, SPF_82576_STATUS) & SPF_82576_STATUS_LU);
}

/* ndo_open: the rings first, then the pool lets traffic in */
static int spf_82576_open(struct sriov_pf *pf)
{
	struct spf_82576 *hw = pf->hw;
	unsigned long flags;
	int err;

	ASSERT_RTNL();
	if (!hw)
		return -ENODEV;
	err = spf_rings_open(hw->rings, pf->netdev);
	if (err)
		return err;
	spin_lock_irqsave(&hw->lock, flags);
	spf_pf_pool_enable(hw, true);
	spf_flush(hw);
	spin_unlock_irqrestore(&hw->lock, flags);
	return 0;
}

/* ndo_stop: the pool stops, then the rings go */
static void spf_82576_close(struct sriov_pf *pf)
{
	struct spf_82576 *hw = pf->hw;
	unsigned long flags;

	ASSERT_RTNL();
	if (!hw)
		return;
	spin_lock_irqsave(&hw->lock, flags);
	spf_pf_pool_enable(hw, false);
	spin_unlock_irqrestore(&hw->lock, flags);
	spf_rings_close(hw->rings);
}

/* ndo_set_mac_address: the PF pool's MAC in RAR[0].  Not the own MAC of
 * one of its VFs, which the switch would then give both pools; a
 * trusted VF's extra filter for it goes (spf_uc_evict()).  The VFs' MACs
 * stay: they come from the permanent MAC (pf->perm_addr), not this one.
 * RTNL held.
 */
static int spf_82576_set_mac(struct sriov_pf *pf, const u8 *mac)
{
	struct spf_82576 *hw = pf->hw;
	unsigned long flags;
	bool taken = false;
	u16 vf;

	ASSERT_RTNL();
	if (!hw)
		return -ENODEV;
	spin_lock_irqsave(&hw->lock, flags);
	spin_lock(&pf->vf_lock);
	for (vf = 0; vf < hw->num_vfs && !taken; vf++)
		taken = ether_addr_equal(mac, pf->vfs[vf].mac);
	spin_unlock(&pf->vf_lock);
	if (!taken) {
		ether_addr_copy(hw->pf_mac, mac);
		/* stopped: start() writes it */
		if (!hw->stopped) {
			spf_uc_evict(hw, mac, SPF_82576_PF_POOL);
			spf_rar_set(hw, 0, mac, SPF_82576_PF_POOL);
		}
	}
	spin_unlock_irqrestore(&hw->lock, flags);
	return taken ? -EADDRINUSE : 0;
}

/* ndo_set_rx_mode: the PF pool's multicast list, secondary unicast MACs,
 * all-multicast and promiscuous modes.  The netdev's address lock held.
 */
static void spf_82576_set_rx_mode(struct sriov_pf *pf)
{
	struct net_device *dev = pf->netdev;
	struct spf_82576 *hw = pf->hw;
	struct netdev_hw_addr *ha;
	unsigned long flags;
	u16 hash;

	if (!hw)
		return;
	spin_lock_irqsave(&hw->lock, flags);
	memset(hw->pf_mta, 0, sizeof(hw->pf_mta));
	hw->pf_mc = false;
	netdev_for_each_mc_addr(ha, dev) {
		hash = spf_mc_hash(ha->addr);
		hw->pf_mta[FIELD_GET(SPF_82576_MC_HASH_REG, hash)] |=
			BIT(FIELD_GET(SPF_82576_MC_HASH_BIT, hash));
		hw->pf_mc = true;
	}
	hw->pf_allmulti = dev->flags & IFF_ALLMULTI;
	hw->pf_promisc = dev->flags & IFF_PROMISC;

	hw->pf_uc_count = 0;
	if (netdev_uc_count(dev) > SPF_PF_UC_MAX) {
		/* more MACs than filters: take all unicast */
		hw->pf_promisc = true;
	} else {
		netdev_for_each_uc_addr(ha, dev)
			ether_addr_copy(hw->pf_uc[hw->pf_uc_count++], ha->addr);
	}

	if (!hw->stopped) {
		spf_pf_uc_sync(hw);
		spf_pf_vmolr(hw);
		spf_mta_sync(hw);
	}
	spin_unlock_irqrestore(&hw->lock, flags);
}

/* ndo_change_mtu: the PF pool's frame limit.  Receive buffers chain, so
 * the rings stay as they are.  A VF's limit is its own pool's (SET_LPE);
 * the global RLPML is always the largest frame (SPF_MAX_FRAME).  RTNL held.
 */
static int spf_82576_change_mtu(struct sriov_pf *pf, int mtu)
{
	struct spf_82576 *hw = pf->hw;
	unsigned long flags;

	ASSERT_RTNL();
	if (!hw)
		return -ENODEV;
	spin_lock_irqsave(&hw->lock, flags);
	hw->pf_rlpml = mtu > ETH_DATA_LEN ?
		       mtu + ETH_HLEN + ETH_FCS_LEN + VLAN_HLEN : 0;
	if (!hw->stopped)
		spf_pf_vmolr(hw);
	spin_unlock_irqrestore(&hw->lock, flags);
	return 0;
}

/* ndo_vlan_rx_add_vid: the PF pool joins host VLAN @vid, within the PF's
 * share of the VLVF entries (spf_vf_vlan_cap()).  RTNL held.
 */
static int spf_82576_vlan_add(struct sriov_pf *pf, u16 vid)
{
	struct spf_82576 *hw = pf->hw;
	unsigned int cap = 0;
	unsigned long flags;
	u16 num_vfs = 0;
	int err = 0;

	ASSERT_RTNL();
	if (!hw)
		return -ENODEV;
	/* VID 0: the pool is always in its entry */
	if (!vid)
		return 0;

	spin_lock_irqsave(&hw->lock, flags);
	if (test_bit(vid, hw->pf_vlans))
		goto out;
	if (spf_pf_vlan_count(hw) >= spf_pf_vlan_cap(hw)) {
		cap = spf_pf_vlan_cap(hw);
		num_vfs = hw->num_vfs;
		err = -ENOSPC;
		goto out;
	}
	/* stopped: start() writes the table again */
	if (!hw->stopped)
		err = spf_vlan_set(hw, vid, SPF_82576_PF_POOL, true);
	if (!err)
		__set_bit(vid, hw->pf_vlans);
out:
	spin_unlock_irqrestore(&hw->lock, flags);
	if (err == -ENOSPC && cap)
		netdev_err(pf->netdev,
			   "host VLAN %u: the PF already has %u host VLANs, all it may have with %u VFs (the VLAN filter table is shared with the VFs)\n",
			   vid, cap, num_vfs);
	else if (err == -ENOSPC)
		netdev_err(pf->netdev, "host VLAN %u: no VLAN filter entry left\n",
			   vid);
	return err;
}

/* ndo_vlan_rx_kill_vid: the PF pool leaves host VLAN @vid.  RTNL held. */
static int spf_82576_vlan_kill(struct sriov_pf *pf, u16 vid)
{
	struct spf_82576 *hw = pf->hw;
	unsigned long flags;

	ASSERT_RTNL();
	if (!hw)
		return -ENODEV;
	if (!vid)
		return 0;

	spin_lock_irqsave(&hw->lock, flags);
	if (__test_and_clear_bit(vid, hw->pf_vlans) && !hw->stopped)
		spf_vlan_set(hw, vid, SPF_82576_PF_POOL, false);
	spin_unlock_irqrestore(&hw->lock, flags);
	return 0;
}

static netdev_tx_t spf_82576_xmit(struct sk_buff *skb, struct sriov_pf *pf)
{
	struct spf_82576 *hw = pf->hw;

	return spf_rings_xmit(hw->rings, skb);
}

/* debugfs fault_tx_stall: enum spf_tx_stall */
static unsigned int spf_82576_tx_stall_get(struct sriov_pf *pf)
{
	struct spf_82576 *hw = pf->hw;

	return hw ? spf_rings_tx_stall(hw->rings) : SPF_TX_STALL_NONE;
}

static int spf_82576_tx_stall_set(struct sriov_pf *pf, unsigned int stall)
{
	struct spf_82576 *hw = pf->hw;

	if (!hw)
		return -ENODEV;
	if (stall > SPF_TX_STALL_DEVICE)
		return -EINVAL;
	spf_rings_tx_stall_set(hw->rings, stall);
	return 0;
}

static netdev_features_t spf_82576_features_check(struct sriov_pf *pf,
						  struct sk_buff *skb,
						  netdev_features_t features)
{
	return spf_rings_features_check(skb, features);
}

static void spf_82576_get_stats64(struct sriov_pf *pf,
				  struct rtnl_link_stats64 *s)
{
	struct spf_82576 *hw = pf->hw;

	if (hw)
		spf_rings_stats(hw->rings, s);
}

/* The PF's rings, for ethtool */
struct spf_rings *spf_82576_rings(struct sriov_pf *pf)
{
	struct spf_82576 *hw = pf->hw;

	return hw ? hw->rings : NULL;
}

/* The STATUS register (link, speed, duplex), 0 while stopped */
u32 spf_82576_status(struct sriov_pf *pf)
{
	struct spf_82576 *hw = pf->hw;

	if (!hw || READ_ONCE(hw->stopped))
		return 0;
	return spf_rd32(hw, SPF_82576_STATUS);
}

static const struct sriov_pf_hw_ops spf_82576_ops = {
	.name		= "82576",
	.init		= spf_82576_init,
	.exit		= spf_82576_exit,
	.vfs_prepare	= spf_82576_vfs_prepare,
	.vfs_release	= spf_82576_vfs_release,
	.vf_update	= spf_82576_vf_update,
	.vf_stats	= spf_82576_vf_stats,
	.link_up	= spf_82576_link_up,
	.stop		= spf_82576_stop,
	.start		= spf_82576_start,
	.debugfs_vfs	= spf_82576_debugfs_vfs,
	.features	= NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_RXCSUM |
			  NETIF_F_TSO | NETIF_F_TSO6 |
			  NETIF_F_HW_VLAN_CTAG_TX | NETIF_F_HW_VLAN_CTAG_RX |
			  NETIF_F_HW_VLAN_CTAG_FILTER,
	.open		= spf_82576_open,
	.close		= spf_82576_close,
	.xmit		= spf_82576_xmit,
	.features_check	= spf_82576_features_check,
	.tx_stall_get	= spf_82576_tx_stall_get,
	.tx_stall_set	= spf_82576_tx_stall_set,
	.get_stats64	= spf_82576_get_stats64,
	.set_mac	= spf_82576_set_mac,
	.set_rx_mode	= spf_82576_set_rx_mode,
	.change_mtu	= spf_82576_change_mtu,
	.vlan_add	= spf_82576_vlan_add,
	.vlan_kill	= spf_82576_vlan_kill,
	.max_mtu	= SPF_MAX_FRAME - ETH_HLEN - ETH_FCS_LEN - VLAN_HLEN,
	.ethtool_ops	= &spf_82576_ethtool_ops,
};

/* PFs this backend drives.  There is deliberately no MODULE_DEVICE_TABLE():
 * igb matches the same devices, and a module alias would have udev load
 * sriov_pf for every 82576/I350 at boot, leaving the port to whichever
 * driver registers first.  sriov_pf binds a PF only after an administrator
 * loads it (by hand, from modprobe.d, or through the shipped udev rule).
 */
static const struct pci_device_id spf_82576_ids[] = {
	/* Copper parts only: the backend brings up an internal copper PHY,
	 * nothing else (no PCS, SFP or external PHY); see spf_media_check()
	 */
	{ PCI_VDEVICE(INTEL, SPF_82576_DEV_ID_82576) },
	{ PCI_VDEVICE(INTEL, SPF_82576_DEV_ID_82576_QUAD_COPPER) },
	{ PCI_VDEVICE(INTEL, SPF_82576_DEV_ID_82576_NS) },
	{ PCI_VDEVICE(INTEL, SPF_82576_DEV_ID_82576_QUAD_COPPER_ET2) },
	{ PCI_VDEVICE(INTEL, SPF_82576_DEV_ID_I350_COPPER) },
	/* required last entry */
	{ }
};

const struct sriov_pf_backend sriov_pf_82576_backend = {
	.ids	= spf_82576_ids,
	.ops	= &spf_82576_ops,
};
