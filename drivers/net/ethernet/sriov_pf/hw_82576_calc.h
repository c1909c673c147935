/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Register values the 82576/I350 backend computes from the MAC type or
 * from what a register holds: pure functions, so that sriov_pf_kunit.c
 * can check them against igb's on both MACs.
 */
#ifndef _SRIOV_PF_HW_82576_CALC_H_
#define _SRIOV_PF_HW_82576_CALC_H_

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

#endif /* _SRIOV_PF_HW_82576_CALC_H_ */
