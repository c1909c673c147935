/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sriov_pf: the decisions of the 82576/I350 link bring-up (media, the
 * per-port semaphore bit, flow control), kept free of any hardware or
 * driver state so that they can be unit-tested (KUnit).
 */
#ifndef _SRIOV_PF_LINK_82576_H_
#define _SRIOV_PF_LINK_82576_H_

#include <linux/types.h>

#include "hw_82576_regs.h"

/* The port's media, from CTRL_EXT.LINK_MODE */
enum spf_82576_media {
	SPF_82576_MEDIA_COPPER,		/* internal copper PHY: driven */
	SPF_82576_MEDIA_1000BASE_KX,	/* backplane */
	SPF_82576_MEDIA_SGMII,		/* external PHY over SGMII */
	SPF_82576_MEDIA_SERDES,		/* SerDes: fiber or an SFP cage */
};

/* Flow control: which PAUSE directions the MAC uses.  RX: it honours
 * received PAUSE frames (CTRL.RFCE); TX: it sends them (CTRL.TFCE).  The
 * values are igb's enum e1000_fc_mode's.
 */
enum spf_82576_fc {
	SPF_82576_FC_NONE = 0,
	SPF_82576_FC_RX = 1,
	SPF_82576_FC_TX = 2,
	SPF_82576_FC_FULL = 3,
};

/* The receive thresholds of flow control, bytes; 0: no XOFF is sent */
struct spf_82576_fc_water {
	u32 high;	/* FCRTH: send XOFF above */
	u32 low;	/* FCRTL: send XON below */
};

enum spf_82576_media spf_82576_media(u32 ctrl_ext);
const char *spf_82576_media_name(enum spf_82576_media media);
u32 spf_82576_swfw_phy(u32 status);
u32 spf_82576_cfg_done(u32 status);
unsigned int spf_82576_rx_pba_kb(bool i350, u32 rxpbs);
void spf_82576_fc_water(unsigned int pba_kb, unsigned int max_frame,
			struct spf_82576_fc_water *w);
u16 spf_82576_fc_adv(u16 anar, enum spf_82576_fc requested);
enum spf_82576_fc spf_82576_fc_resolve(u16 anar, u16 lpa,
				       enum spf_82576_fc requested,
				       bool full_duplex);
u32 spf_82576_fc_ctrl(u32 ctrl, enum spf_82576_fc fc);

#endif /* _SRIOV_PF_LINK_82576_H_ */
