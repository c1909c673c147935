/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sriov_pf: decoding of the 82576/I350 PF<->VF mailbox messages, kept free
 * of any hardware or driver state so that it can be unit-tested (KUnit).
 */
#ifndef _SRIOV_PF_MBX_82576_H_
#define _SRIOV_PF_MBX_82576_H_

#include <linux/if_ether.h>
#include <linux/types.h>

#include "hw_82576_regs.h"

/* Smallest frame size SET_LPE accepts */
#define SPF_MIN_FRAME		(ETH_ZLEN + ETH_FCS_LEN)

enum spf_82576_req_type {
	SPF_82576_REQ_NONE,		/* a reply (ACK/NACK) read back: ignore */
	SPF_82576_REQ_RESET,		/* VF_RESET */
	SPF_82576_REQ_SET_MAC,		/* SET_MAC_ADDR, primary MAC in @mac */
	SPF_82576_REQ_MAC_FILTER_CLR,	/* SET_MAC_ADDR, drop extra filters */
	SPF_82576_REQ_MAC_FILTER_ADD,	/* SET_MAC_ADDR, extra MAC in @mac */
	SPF_82576_REQ_SET_MULTICAST,	/* @mc_count hashes in @mc_hash */
	SPF_82576_REQ_SET_VLAN,		/* @add or remove @vid */
	SPF_82576_REQ_SET_LPE,		/* max frame size @frame */
	SPF_82576_REQ_SET_PROMISC,	/* SPF_82576_PROMISC_* in @promisc */
	SPF_82576_REQ_INVALID,		/* known request, malformed: NACK @err */
	SPF_82576_REQ_UNKNOWN,		/* unknown request: NACK @err */
};

/**
 * struct spf_82576_req - a decoded VF->PF mailbox message
 *
 * Only what can be checked without the VF's configuration is checked by
 * the decoder; policy (trust, admin MAC, port VLAN) is the caller's.
 */
struct spf_82576_req {
	enum spf_82576_req_type type;
	int err;
	u8 mac[ETH_ALEN];
	u8 mc_count;
	bool mc_overflow;	/* the VF sent more hashes than fit */
	u16 mc_hash[SPF_82576_VF_MC_HASHES];
	u16 vid;
	bool add;
	u32 frame;
	u32 promisc;
};

unsigned int spf_82576_mbx_words(u32 w0);
void spf_82576_mbx_decode(const u32 *msg, unsigned int words,
			  struct spf_82576_req *req);

#endif /* _SRIOV_PF_MBX_82576_H_ */
