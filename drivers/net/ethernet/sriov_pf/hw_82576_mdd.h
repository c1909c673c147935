/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sriov_pf: which pool an 82576/I350 anti-spoofing or malicious driver
 * detection (MDD) event belongs to, from the registers hw_82576.c reads
 * in its 1 s poll.  Free of any hardware or driver state, so that KUnit
 * tests it (sriov_pf_kunit.c).
 */
#ifndef _SRIOV_PF_HW_82576_MDD_H_
#define _SRIOV_PF_HW_82576_MDD_H_

#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/types.h>

#include "hw_82576_regs.h"

/**
 * struct spf_82576_mdd - the pools an event register names, one bit each
 *	(bit n: VF n, bit SPF_82576_PF_POOL: the PF)
 * @spoof: the pool sent frames its anti-spoofing bits dropped
 * @blocked: malicious driver detection stopped the pool's queue
 */
struct spf_82576_mdd {
	u8 spoof;
	u8 blocked;
};

/* A bitmap of queues 0-15 as one of pools: queue q is pool q & 7 */
static inline u8 spf_82576_mdd_pools(u16 queues)
{
	return (queues & 0xff) | queues >> 8;
}

/**
 * spf_82576_mdd_decode() - the pools named by one read of the registers
 * @i350: the MAC is an I350, else an 82576
 * @wvbr: WVBR
 * @mdfb: MDFB (I350; ignored on the 82576)
 * @lvmmc: LVMMC (I350; ignored on the 82576)
 * @ev: set to the pools
 *
 * Both MACs name spoofing queues in WVBR's low half, as igb_spoof_check()
 * reads it (queue q and q + 8 for VF q).  The 82576 names the queues MDD
 * stopped in WVBR's high half, the I350 in MDFB; the I350 also names the
 * queue of its last anti-spoof event in LVMMC (FreeBSD's igb PF,
 * if_igb_iov.c: its WVBR stays zero).
 */
static inline void spf_82576_mdd_decode(bool i350, u32 wvbr, u32 mdfb,
					u32 lvmmc, struct spf_82576_mdd *ev)
{
	ev->spoof = spf_82576_mdd_pools(FIELD_GET(SPF_82576_WVBR_SPOOF, wvbr));
	if (!i350) {
		ev->blocked = spf_82576_mdd_pools(FIELD_GET(SPF_82576_WVBR_BLOCKED,
							    wvbr));
		return;
	}
	ev->blocked = FIELD_GET(SPF_82576_MDFB_QUEUES, mdfb);
	if (lvmmc & SPF_82576_LVMMC_I350_SPOOF)
		ev->spoof |= BIT(FIELD_GET(SPF_82576_LVMMC_I350_LAST_Q, lvmmc));
}

#endif /* _SRIOV_PF_HW_82576_MDD_H_ */
