// SPDX-License-Identifier: GPL-2.0
/*
 * sriov_pf: 82576/I350 PHY access (MDIC cycles under the SW_FW_SYNC
 * semaphore), the link bring-up and flow control (ethtool -a/-A).
 */
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/iopoll.h>
#include <linux/mii.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>
#include <linux/spinlock.h>

#include "hw_82576.h"
#include "link_82576.h"
#include "pf_rings.h"

#define SPF_MDIC_POLLS		1920		/* x 50 us */
/* The firmware semaphore, as igb waits for it (igb_get_hw_semaphore(),
 * igb_acquire_swfw_sync_82575()): bounded, then the PHY access fails
 */
#define SPF_SWSM_POLL_US	50
#define SPF_SWSM_TIMEOUT_US	(1000 * USEC_PER_MSEC)
#define SPF_SWFW_TRIES		200		/* x 5 ms */
#define SPF_SWFW_DELAY_US	5000
#define SPF_CFG_DONE_TIMEOUT_US	(100 * USEC_PER_MSEC)	/* PHY_CFG_TIMEOUT */

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
void spf_link_start(struct spf_82576 *hw)
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
void spf_fc_link_up(struct spf_82576 *hw)
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
int spf_media_check(struct spf_82576 *hw)
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
