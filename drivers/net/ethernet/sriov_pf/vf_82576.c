// SPDX-License-Identifier: GPL-2.0
/*
 * sriov_pf: the 82576/I350 VF service: the PF side of the PF<->VF
 * mailbox (requests, reset and link messages), VF resets (FLR), each
 * VF's budget of events served in hard IRQ, its transmit rate limit
 * (82576) and its statistics.
 */
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/jiffies.h>
#include <linux/spinlock.h>

#include "hw_82576.h"
#include "mbx_82576.h"

/* Taking the buffer from hard IRQ: a few short tries, never the 11 ms igb uses */
#define SPF_MBX_LOCK_TRIES	10
#define SPF_MBX_LOCK_DELAY_US	10

/* igbvf ignores a reset request within 10 s of its own last reset */
#define SPF_VF_REASK		(11 * HZ)
#define SPF_VF_ASKS		3		/* asks per reset request */
#define SPF_MBX_BURST		32		/* VF events served at once */
#define SPF_MBX_RATE		100		/* and per second after that */

static const u32 spf_vf_stat_reg[SPF_VF_NSTATS] = {
	[SPF_VF_GPRC] = SPF_82576_PVFGPRC(0),
	[SPF_VF_GPTC] = SPF_82576_PVFGPTC(0),
	[SPF_VF_GORC] = SPF_82576_PVFGORC(0),
	[SPF_VF_GOTC] = SPF_82576_PVFGOTC(0),
	[SPF_VF_MPRC] = SPF_82576_PVFMPRC(0),
};

/* One log line per VF per SPF_WARN_INTERVAL, so a VF cannot flood the log */
bool spf_vf_may_warn(struct spf_82576 *hw, u16 vf)
{
	struct spf_82576_vf *v = &hw->vf[vf];

	if (v->warned && time_before(jiffies, v->last_warn + SPF_WARN_INTERVAL))
		return false;
	v->warned = true;
	v->last_warn = jiffies;
	return true;
}

/* The trust gate: every mailbox path and the receive options ask it,
 * with the VF's configuration as it is under the lock they hold.
 */
bool spf_vf_may(const struct sriov_pf_vf *cfg, enum spf_vf_priv priv)
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
bool spf_vf_cfg(struct spf_82576 *hw, u16 vf, struct sriov_pf_vf *cfg)
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

/* --- transmit rate limit (82576) ------------------------------------- */

/* Link speed in Mbit/s, 0 without link */
u32 spf_link_mbps(struct spf_82576 *hw)
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
void spf_vf_rate_apply(struct spf_82576 *hw, u16 vf,
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
void spf_vfs_rate_apply(struct spf_82576 *hw)
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
void spf_vf_stats_fold(struct spf_82576 *hw, u16 vf, bool after_reset)
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

void spf_vfs_stats_fold(struct spf_82576 *hw, bool after_reset)
{
	u16 vf;

	for (vf = 0; vf < hw->num_vfs; vf++)
		spf_vf_stats_fold(hw, vf, after_reset);
}

/* New VFs count from zero, from the registers' current values */
void spf_vfs_stats_reset(struct spf_82576 *hw)
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
void spf_vf_reset_pool(struct spf_82576 *hw, u16 vf,
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
void spf_pf_reset_done(struct spf_82576 *hw)
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
void spf_vf_ask_reset(struct spf_82576 *hw, u16 vf, bool tell)
{
	lockdep_assert_held(&hw->lock);

	hw->vf[vf].reset_asks = 1;
	spf_vf_ask_msg(hw, vf, tell);
}

/* The poll's part of spf_vf_ask_reset().  hw->lock held. */
void spf_vf_reask_reset(struct spf_82576 *hw, u16 vf)
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
bool spf_vf_link_on(const struct sriov_pf_vf *cfg)
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
void spf_vf_link_msg(struct spf_82576 *hw, u16 vf)
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
void spf_vf_flr(struct spf_82576 *hw, u16 vf)
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

/* The device is about to be reset under the VFs (stop()): as igb_reset()
 * does before its reset, every VF gets a PF control message without CTS
 * (igb clears every VF's CTS first), which igbvf takes for "link down,
 * wait", then no pool receives or transmits.  A VF with a request not yet
 * served or a reply not yet read gets no message (see spf_vf_link_msg()):
 * the reset's RSTI tells it.  No VF is served again before start() and
 * its VF_RESET.  hw->lock held, the IRQ and the poll stopped.
 */
void spf_vfs_going_down(struct spf_82576 *hw)
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

/* --- per-VF budget ---------------------------------------------------
 *
 * Every REQ a VF writes and every reset it does raises the PF's
 * interrupt, and the request is served in hard IRQ.  Each VF has a token
 * bucket (SPF_MBX_BURST, refilled at SPF_MBX_RATE per second); a VF that
 * runs dry is masked in MBVFIMR and served once a second by the poll, and
 * unmasked once it has been quiet long enough to fill its bucket again.
 * EITR caps the vector's rate for all VFs together.
 */

void spf_vf_budget_init(struct spf_82576 *hw)
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
void spf_vf_unthrottle(struct spf_82576 *hw, u32 pending)
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
u32 spf_service_vfs(struct spf_82576 *hw, bool poll)
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
