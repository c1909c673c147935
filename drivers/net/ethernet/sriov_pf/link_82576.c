// SPDX-License-Identifier: GPL-2.0
/*
 * sriov_pf: the decisions of the 82576/I350 link bring-up, as in-tree igb
 * makes them on silicon: the port's media (igb_get_invariants_82575()),
 * the port's bit of the firmware semaphore (igb_acquire_phy_82575()), the
 * flow-control watermarks (igb_reset()), the PAUSE advertisement
 * (igb_phy_setup_autoneg()) and its resolution after link-up
 * (igb_config_fc_after_link_up(), igb_force_mac_fc()).
 *
 * Pure functions of register values: no registers, no locks, no driver
 * state, so the backend (phy_82576.c, hw_82576.c) and KUnit run the same
 * code.
 */
#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/mii.h>

#include "link_82576.h"

/**
 * spf_82576_media() - the port's media
 * @ctrl_ext: CTRL_EXT, as the NVM loaded it
 *
 * Return: the media LINK_MODE selects.
 */
enum spf_82576_media spf_82576_media(u32 ctrl_ext)
{
	switch (FIELD_GET(SPF_82576_CTRL_EXT_LINK_MODE, ctrl_ext)) {
	case SPF_82576_LINK_MODE_1000BASE_KX:
		return SPF_82576_MEDIA_1000BASE_KX;
	case SPF_82576_LINK_MODE_SGMII:
		return SPF_82576_MEDIA_SGMII;
	case SPF_82576_LINK_MODE_SERDES:
		return SPF_82576_MEDIA_SERDES;
	default:
		return SPF_82576_MEDIA_COPPER;
	}
}

/**
 * spf_82576_media_name() - the media in words, for the log
 * @media: a media
 *
 * Return: a constant string.
 */
const char *spf_82576_media_name(enum spf_82576_media media)
{
	switch (media) {
	case SPF_82576_MEDIA_COPPER:
		return "internal copper PHY";
	case SPF_82576_MEDIA_1000BASE_KX:
		return "1000BASE-KX backplane";
	case SPF_82576_MEDIA_SGMII:
		return "SGMII (external PHY)";
	case SPF_82576_MEDIA_SERDES:
		return "SerDes (fiber/SFP)";
	}
	return "unknown";
}

/**
 * spf_82576_swfw_phy() - this port's PHY bit in SW_FW_SYNC
 * @status: STATUS, whose FUNC field is the LAN port
 *
 * Return: the software bit; firmware's is it << SPF_82576_SWFW_FW_SHIFT.
 */
u32 spf_82576_swfw_phy(u32 status)
{
	static const u32 phy_sm[] = {
		SPF_82576_SWFW_PHY0_SM, SPF_82576_SWFW_PHY1_SM,
		SPF_82576_SWFW_PHY2_SM, SPF_82576_SWFW_PHY3_SM,
	};

	return phy_sm[FIELD_GET(SPF_82576_STATUS_FUNC, status)];
}

/**
 * spf_82576_cfg_done() - this port's "NVM configuration done" bit
 * @status: STATUS, whose FUNC field is the LAN port
 *
 * Return: its bit in EEMNGCTL.
 */
u32 spf_82576_cfg_done(u32 status)
{
	return SPF_82576_EEMNGCTL_CFG_DONE(FIELD_GET(SPF_82576_STATUS_FUNC,
						     status));
}

/**
 * spf_82576_rx_pba_kb() - the receive packet buffer's size
 * @i350: the MAC is an I350, else an 82576
 * @rxpbs: RXPBS
 *
 * The 82576 holds the size in KB, the I350 an index into a table
 * (igb_rxpbs_adjust_82580()).
 *
 * Return: KB, 0 for an index the table does not have.
 */
unsigned int spf_82576_rx_pba_kb(bool i350, u32 rxpbs)
{
	static const u8 i350_kb[] = {
		36, 72, 144, 1, 2, 4, 8, 16, 35, 70, 140,
	};
	unsigned int idx;

	if (!i350)
		return FIELD_GET(SPF_82576_RXPBS_SIZE, rxpbs);
	idx = FIELD_GET(SPF_82576_RXPBS_SIZE_I350, rxpbs);
	return idx < ARRAY_SIZE(i350_kb) ? i350_kb[idx] : 0;
}

/**
 * spf_82576_fc_water() - the flow-control receive thresholds
 * @pba_kb: the receive packet buffer, KB (spf_82576_rx_pba_kb())
 * @max_frame: the largest frame the port transmits, bytes
 * @w: set to the thresholds
 *
 * igb_reset(): after XOFF goes out the buffer must still take the frame
 * being sent (@max_frame), whose end delays the XOFF, and a largest frame
 * from the link partner (SPF_82576_MAX_JUMBO_FRAME) already on its way.
 * The high mark is the buffer less both, rounded down to the threshold
 * granularity; XON goes at one granule below.  A buffer too small for
 * both gives 0: no XOFF.
 */
void spf_82576_fc_water(unsigned int pba_kb, unsigned int max_frame,
			struct spf_82576_fc_water *w)
{
	u32 room = pba_kb * 1024;
	u32 need = max_frame + SPF_82576_MAX_JUMBO_FRAME;

	w->high = 0;
	w->low = 0;
	if (room < need + 2 * SPF_82576_FC_WATER_ALIGN)
		return;
	w->high = ALIGN_DOWN(room - need, SPF_82576_FC_WATER_ALIGN);
	w->low = w->high - SPF_82576_FC_WATER_ALIGN;
}

/**
 * spf_82576_fc_adv() - the PHY advertisement with the PAUSE bits to ask for
 * @anar: the PHY's MII_ADVERTISE now
 * @requested: what flow control the port asks for
 *
 * igb_phy_setup_autoneg(): receive-only cannot be advertised alone, so it
 * advertises both directions (and the resolution then drops transmit);
 * transmit-only is the asymmetric bit alone.
 *
 * Return: @anar with its PAUSE and ASM_DIR bits for @requested.
 */
u16 spf_82576_fc_adv(u16 anar, enum spf_82576_fc requested)
{
	anar &= ~(ADVERTISE_PAUSE_CAP | ADVERTISE_PAUSE_ASYM);
	switch (requested) {
	case SPF_82576_FC_NONE:
		break;
	case SPF_82576_FC_TX:
		anar |= ADVERTISE_PAUSE_ASYM;
		break;
	case SPF_82576_FC_RX:
	case SPF_82576_FC_FULL:
		anar |= ADVERTISE_PAUSE_CAP | ADVERTISE_PAUSE_ASYM;
		break;
	}
	return anar;
}

/**
 * spf_82576_fc_resolve() - flow control after autonegotiation
 * @anar: our MII_ADVERTISE
 * @lpa: the link partner's, MII_LPA
 * @requested: what the port asked for
 * @full_duplex: the link is full duplex (STATUS.FD)
 *
 * igb_config_fc_after_link_up(), copper, as its table (IEEE 802.3 annex
 * 28B) and its two deviations:
 *
 *   local       partner
 *   PAUSE ASM   PAUSE ASM   result
 *     1    x      1    x    FULL if FULL was asked for, else RX
 *     0    1      1    1    TX
 *     1    1      0    1    RX
 *   otherwise               NONE if NONE or TX was asked for, else RX
 *
 * The last row is igb's: a partner that advertised nothing may still
 * send PAUSE frames, and honouring them costs nothing.  Half duplex has
 * no flow control (802.3 annex 31B).
 *
 * Return: the directions the MAC is to use.
 */
enum spf_82576_fc spf_82576_fc_resolve(u16 anar, u16 lpa,
				       enum spf_82576_fc requested,
				       bool full_duplex)
{
	bool pause = anar & ADVERTISE_PAUSE_CAP;
	bool asm_dir = anar & ADVERTISE_PAUSE_ASYM;
	bool lp_pause = lpa & LPA_PAUSE_CAP;
	bool lp_asm_dir = lpa & LPA_PAUSE_ASYM;

	if (!full_duplex)
		return SPF_82576_FC_NONE;
	if (pause && lp_pause)
		return requested == SPF_82576_FC_FULL ? SPF_82576_FC_FULL :
							SPF_82576_FC_RX;
	if (!pause && asm_dir && lp_pause && lp_asm_dir)
		return SPF_82576_FC_TX;
	if (pause && asm_dir && !lp_pause && lp_asm_dir)
		return SPF_82576_FC_RX;
	if (requested == SPF_82576_FC_NONE || requested == SPF_82576_FC_TX)
		return SPF_82576_FC_NONE;
	return SPF_82576_FC_RX;
}

/**
 * spf_82576_fc_ctrl() - CTRL with the MAC's flow control set
 * @ctrl: CTRL now
 * @fc: the directions to use
 *
 * igb_force_mac_fc(): with a copper PHY the MAC does not learn the
 * autonegotiation result, software sets RFCE and TFCE.
 *
 * Return: @ctrl with RFCE and TFCE for @fc.
 */
u32 spf_82576_fc_ctrl(u32 ctrl, enum spf_82576_fc fc)
{
	ctrl &= ~(SPF_82576_CTRL_RFCE | SPF_82576_CTRL_TFCE);
	if (fc & SPF_82576_FC_RX)
		ctrl |= SPF_82576_CTRL_RFCE;
	if (fc & SPF_82576_FC_TX)
		ctrl |= SPF_82576_CTRL_TFCE;
	return ctrl;
}
