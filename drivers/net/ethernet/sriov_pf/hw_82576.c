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
 * This file holds its entry points (the hw_ops), the bring-up, the
 * interrupt and the poll; hw_82576.h names the files that hold the rest.
 */
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/pci.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "hw_82576.h"
#include "hw_82576_mdd.h"
#include "hw_82576_calc.h"
#include "pf_rings.h"

#define SPF_POLL_INTERVAL	HZ		/* backup mailbox poll */
#define SPF_EITR_US		250		/* at most 4000 interrupts/s */
#define SPF_AUTO_RD_POLLS	10		/* x 1 ms */
#define SPF_MASTER_DIS_POLLS	800		/* x 100 us */
#define SPF_MAX_RATE		1000	/* Mbit/s: the fastest link */

static bool spf_is_i350(u16 device)
{
	return device == SPF_82576_DEV_ID_I350_COPPER;
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

static void spf_lsc_work(struct work_struct *work)
{
	struct spf_82576 *hw = container_of(work, struct spf_82576, lsc_work);

	spf_fc_link_up(hw);
	/* The rate factors are relative to the link speed */
	spf_vfs_rate_apply(hw);
	spf_vfs_link_changed(hw);
	sriov_pf_carrier_update(hw->pf);
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
