/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sriov_pf: the private state of the 82576/I350 backend, shared by its
 * files: hw_82576.c (the hw_ops, bring-up, interrupts, the poll),
 * filters_82576.c (the pools' filters), vf_82576.c (the VF service:
 * mailbox, budget, rate limit, statistics) and phy_82576.c (PHY access,
 * link bring-up).
 *
 * Locking: hw->lock (irqsave, taken plainly in the IRQ handler) covers the
 * registers the mailbox touches and struct spf_82576_vf.  pf->vf_lock is
 * nested inside it, only to copy or update pf->vfs[].
 */
#ifndef _SRIOV_PF_HW_82576_H_
#define _SRIOV_PF_HW_82576_H_

#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/io.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "sriov_pf.h"
#include "hw_82576_regs.h"
#include "link_82576.h"

struct spf_rings;

#define SPF_WARN_INTERVAL	(10 * HZ)	/* per-VF log rate limit */
#define SPF_MAX_FRAME		9728		/* largest frame a pool accepts */

/* The PF's secondary unicast MACs: RAR 1..16, below the VFs' entries */
#define SPF_PF_UC_FIRST		1
#define SPF_PF_UC_MAX		16
/* Trusted VFs' extra unicast MACs: the RARs between the PF's secondary
 * MACs and the enabled VFs' own entries (counted down from the last)
 */
#define SPF_VF_UC_FIRST		(SPF_PF_UC_FIRST + SPF_PF_UC_MAX)

/* Per-VF counters mirrored in PF space, in the order of spf_vf_stat_reg[] */
enum {
	SPF_VF_GPRC,
	SPF_VF_GPTC,
	SPF_VF_GORC,
	SPF_VF_GOTC,
	SPF_VF_MPRC,
	SPF_VF_NSTATS
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

static inline u32 spf_rd32(struct spf_82576 *hw, u32 reg)
{
	return readl(hw->regs + reg);
}

static inline void spf_wr32(struct spf_82576 *hw, u32 reg, u32 val)
{
	writel(val, hw->regs + reg);
}

static inline void spf_flush(struct spf_82576 *hw)
{
	spf_rd32(hw, SPF_82576_STATUS);
}

static inline struct device *spf_dev(struct spf_82576 *hw)
{
	return sriov_pf_dev(hw->pf);
}

/* What only a trusted VF may do (ip link set ... vf N trust on) */
enum spf_vf_priv {
	SPF_VF_PRIV_OVER_ADMIN_MAC,	/* replace the administrator's MAC */
	SPF_VF_PRIV_GLOBAL_MAC,		/* a universally administered MAC */
	SPF_VF_PRIV_ALLMULTI,		/* all multicast (VMOLR.MPME) */
	SPF_VF_PRIV_UC_FILTER,		/* extra unicast MACs (RARs) */
	SPF_VF_PRIV_UC_PROMISC,		/* all unmatched unicast (ROPE) */
};

/* filters_82576.c */
unsigned int spf_vf_rar(struct spf_82576 *hw, u16 vf);
u32 spf_rah(unsigned int idx);
void spf_rar_set(struct spf_82576 *hw, unsigned int idx, const u8 *mac,
		 int pool);
int spf_vlan_set(struct spf_82576 *hw, u16 vid, unsigned int pool, bool add);
void spf_vlan_clear_pool(struct spf_82576 *hw, unsigned int pool);
unsigned int spf_vlan_count(struct spf_82576 *hw, unsigned int pool);
bool spf_vlan_member(struct spf_82576 *hw, u16 vid, unsigned int pool);
unsigned int spf_pf_vlan_count(struct spf_82576 *hw);
unsigned int spf_vf_vlan_cap(struct spf_82576 *hw);
unsigned int spf_pf_vlan_cap(struct spf_82576 *hw);
void spf_vlan_clear_all(struct spf_82576 *hw);
void spf_mta_sync(struct spf_82576 *hw);
void spf_mta_clear(struct spf_82576 *hw);
void spf_vf_vmolr(struct spf_82576 *hw, u16 vf, const struct sriov_pf_vf *cfg);
void spf_vf_vmvir(struct spf_82576 *hw, u16 vf, const struct sriov_pf_vf *cfg);
void spf_txswc_write(struct spf_82576 *hw, u16 num_vfs);
void spf_vf_enable(struct spf_82576 *hw, u16 vf, bool on);
u16 spf_mc_hash(const u8 *mac);
bool spf_uc_other(struct spf_82576 *hw, u16 vf, const u8 *mac);
void spf_uc_evict(struct spf_82576 *hw, const u8 *mac, int owner);
void spf_pf_uc_sync(struct spf_82576 *hw);
void spf_pf_vmolr(struct spf_82576 *hw);
void spf_pf_vlans_sync(struct spf_82576 *hw, u16 num_vfs);
void spf_pf_pool_enable(struct spf_82576 *hw, bool on);
unsigned int spf_vf_uc_cap(struct spf_82576 *hw);
unsigned int spf_vf_uc_count(struct spf_82576 *hw, u16 vf);
void spf_vf_uc_clear(struct spf_82576 *hw, u16 vf);
void spf_uc_clear_all(struct spf_82576 *hw);
void spf_vf_rar_own(struct spf_82576 *hw, u16 vf, const u8 *mac);
int spf_vf_uc_add(struct spf_82576 *hw, u16 vf, const u8 *mac,
		  const struct sriov_pf_vf *cfg);

/* vf_82576.c */
bool spf_vf_may_warn(struct spf_82576 *hw, u16 vf);
bool spf_vf_may(const struct sriov_pf_vf *cfg, enum spf_vf_priv priv);
bool spf_vf_cfg(struct spf_82576 *hw, u16 vf, struct sriov_pf_vf *cfg);
u32 spf_link_mbps(struct spf_82576 *hw);
void spf_vf_rate_apply(struct spf_82576 *hw, u16 vf,
		       const struct sriov_pf_vf *cfg);
void spf_vfs_rate_apply(struct spf_82576 *hw);
void spf_vf_stats_fold(struct spf_82576 *hw, u16 vf, bool after_reset);
void spf_vfs_stats_fold(struct spf_82576 *hw, bool after_reset);
void spf_vfs_stats_reset(struct spf_82576 *hw);
void spf_vf_reset_pool(struct spf_82576 *hw, u16 vf,
		       const struct sriov_pf_vf *cfg);
void spf_pf_reset_done(struct spf_82576 *hw);
void spf_vf_ask_reset(struct spf_82576 *hw, u16 vf, bool tell);
void spf_vf_reask_reset(struct spf_82576 *hw, u16 vf);
bool spf_vf_link_on(const struct sriov_pf_vf *cfg);
void spf_vf_link_msg(struct spf_82576 *hw, u16 vf);
void spf_vf_flr(struct spf_82576 *hw, u16 vf);
void spf_vfs_going_down(struct spf_82576 *hw);
void spf_vf_budget_init(struct spf_82576 *hw);
void spf_vf_unthrottle(struct spf_82576 *hw, u32 pending);
u32 spf_service_vfs(struct spf_82576 *hw, bool poll);

/* phy_82576.c */
void spf_link_start(struct spf_82576 *hw);
void spf_fc_link_up(struct spf_82576 *hw);
int spf_media_check(struct spf_82576 *hw);

#endif /* _SRIOV_PF_HW_82576_H_ */
