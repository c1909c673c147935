/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Register values the 82576/I350 backend computes from the MAC type or
 * from what a register holds: pure functions, so that sriov_pf_kunit.c
 * can check them against igb's on both MACs.
 */
#ifndef _SRIOV_PF_HW_82576_CALC_H_
#define _SRIOV_PF_HW_82576_CALC_H_

#include <linux/bitfield.h>
#include <linux/pci_regs.h>
#include <linux/types.h>

#include "hw_82576_regs.h"

/**
 * spf_82576_vfta_writes() - how many times each VFTA word is written
 * @i350: the MAC is an I350, else an 82576
 *
 * The I350 can lose a VFTA write that meets a query of the table by the
 * BMC or by DMA; igb writes each word 10 times there
 * (igb_write_vfta_i350()), once on the 82576 (igb_write_vfta()).
 *
 * Return: the writes of one VFTA word.
 */
static inline unsigned int spf_82576_vfta_writes(bool i350)
{
	return i350 ? SPF_82576_VFTA_WRITES_I350 : 1;
}

/**
 * spf_82576_tctl() - TCTL with the PF's transmit settings
 * @tctl: TCTL as read
 *
 * Transmit enabled, short frames padded, retransmit on a late collision,
 * igb's collision threshold and distance (igb_setup_tctl(),
 * igb_config_collision_dist()); every other bit keeps its value.
 *
 * Return: the value to write.
 */
static inline u32 spf_82576_tctl(u32 tctl)
{
	tctl &= ~(SPF_82576_TCTL_CT | SPF_82576_TCTL_COLD);
	return tctl | SPF_82576_TCTL_EN | SPF_82576_TCTL_PSP |
	       SPF_82576_TCTL_RTLC |
	       FIELD_PREP(SPF_82576_TCTL_CT, SPF_82576_TCTL_CT_DEFAULT) |
	       FIELD_PREP(SPF_82576_TCTL_COLD, SPF_82576_TCTL_COLD_DEFAULT);
}

/**
 * spf_82576_gcr() - GCR with the 82576's PCIe completion timeout raised
 * @gcr: GCR as read
 * @devctl2: set when the timeout is to be raised in DEVCTL2 instead
 *
 * The 82576's default completion timeout, 500 us to 1 ms, is below the
 * 10 ms the PCIe specification recommends.  When GCR holds no timeout, a
 * version 1 PCIe capability takes 10 ms to 200 ms in GCR, a version 2 one
 * 16 ms to 55 ms in DEVCTL2 (spf_82576_devctl2()).  Either way the
 * completion timeout resend is turned off (igb_set_pcie_completion_timeout()).
 *
 * Return: the value to write.
 */
static inline u32 spf_82576_gcr(u32 gcr, bool *devctl2)
{
	*devctl2 = false;
	if (!(gcr & SPF_82576_GCR_CMPL_TMOUT)) {
		if (gcr & SPF_82576_GCR_CAP_VER2)
			*devctl2 = true;
		else
			gcr |= FIELD_PREP(SPF_82576_GCR_CMPL_TMOUT,
					  SPF_82576_GCR_CMPL_TMOUT_10MS);
	}
	return gcr & ~SPF_82576_GCR_CMPL_TMOUT_RESEND;
}

/**
 * spf_82576_devctl2() - DEVCTL2 with a 16 ms to 55 ms completion timeout
 * @devctl2: the PCIe capability's Device Control 2 as read
 *
 * Only the default range (0: 50 us to 50 ms) is replaced: where igb ORs
 * 16-55 ms into a range someone else chose, which can make a reserved
 * encoding, that range is kept.
 *
 * Return: the value DEVCTL2 should hold.
 */
static inline u16 spf_82576_devctl2(u16 devctl2)
{
	if (devctl2 & PCI_EXP_DEVCTL2_COMP_TIMEOUT)
		return devctl2;
	return devctl2 | FIELD_PREP(PCI_EXP_DEVCTL2_COMP_TIMEOUT,
				    SPF_82576_DEVCTL2_CMPL_TMOUT_16MS);
}

#endif /* _SRIOV_PF_HW_82576_CALC_H_ */
