// SPDX-License-Identifier: GPL-2.0
/*
 * sriov_pf: decoding of the 82576/I350 PF<->VF mailbox messages.
 *
 * Pure function of the message words: no registers, no locks, no driver
 * state, so it runs the same in the hard-IRQ mailbox handler and in KUnit.
 */
#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/if_vlan.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "mbx_82576.h"

/**
 * spf_82576_mbx_words() - how many words of a message its decoding reads
 * @w0: the message's first word
 *
 * The mailbox handler reads only these from VMBMEM; what the decoder
 * then gets for the rest is never looked at.  Return: 1..16.
 */
unsigned int spf_82576_mbx_words(u32 w0)
{
	unsigned int n;

	if (w0 & (SPF_82576_MSG_ACK | SPF_82576_MSG_NACK))
		return 1;
	switch (FIELD_GET(SPF_82576_MSG_CODE, w0)) {
	case SPF_82576_VF_SET_MAC_ADDR:
		return 1 + DIV_ROUND_UP(ETH_ALEN, 4);
	case SPF_82576_VF_SET_MULTICAST:
		n = min_t(unsigned int, FIELD_GET(SPF_82576_MSG_INFO, w0),
			  SPF_82576_VF_MC_HASHES);
		return 1 + DIV_ROUND_UP(n * sizeof(u16), 4);
	case SPF_82576_VF_SET_VLAN:
	case SPF_82576_VF_SET_LPE:
		return 2;
	default:
		return 1;
	}
}

/**
 * spf_82576_mbx_decode() - decode and validate one VF->PF message
 * @msg: the message words, as read from VMBMEM
 * @words: number of valid words in @msg (the 82576 always has 16)
 * @req: result; on SPF_82576_REQ_INVALID/UNKNOWN, @req->err says why
 */
void spf_82576_mbx_decode(const u32 *msg, unsigned int words,
			  struct spf_82576_req *req)
{
	unsigned int info, n;

	memset(req, 0, sizeof(*req));
	if (!words) {
		req->type = SPF_82576_REQ_INVALID;
		req->err = -EINVAL;
		return;
	}
	/* Our own reply read back (the buffer is shared) */
	if (msg[0] & (SPF_82576_MSG_ACK | SPF_82576_MSG_NACK)) {
		req->type = SPF_82576_REQ_NONE;
		return;
	}
	if (msg[0] == SPF_82576_VF_RESET) {
		req->type = SPF_82576_REQ_RESET;
		return;
	}

	info = FIELD_GET(SPF_82576_MSG_INFO, msg[0]);
	req->type = SPF_82576_REQ_INVALID;
	req->err = -EINVAL;
	switch (FIELD_GET(SPF_82576_MSG_CODE, msg[0])) {
	case SPF_82576_VF_SET_MAC_ADDR:
		switch (info) {
		case 0:
			if (words < 1 + DIV_ROUND_UP(ETH_ALEN, 4))
				return;
			memcpy(req->mac, &msg[1], ETH_ALEN);
			req->type = SPF_82576_REQ_SET_MAC;
			break;
		case SPF_82576_MAC_FILTER_CLR:
			/* igbvf sends no address with it */
			req->type = SPF_82576_REQ_MAC_FILTER_CLR;
			break;
		case SPF_82576_MAC_FILTER_ADD:
			if (words < 1 + DIV_ROUND_UP(ETH_ALEN, 4))
				return;
			memcpy(req->mac, &msg[1], ETH_ALEN);
			req->type = SPF_82576_REQ_MAC_FILTER_ADD;
			break;
		default:
			return;
		}
		break;
	case SPF_82576_VF_SET_MULTICAST:
		n = min_t(unsigned int, info, SPF_82576_VF_MC_HASHES);
		if (words < 1 + DIV_ROUND_UP(n * sizeof(u16), 4))
			return;
		req->mc_overflow = info > SPF_82576_VF_MC_HASHES;
		req->mc_count = n;
		memcpy(req->mc_hash, &msg[1], n * sizeof(u16));
		req->type = SPF_82576_REQ_SET_MULTICAST;
		break;
	case SPF_82576_VF_SET_VLAN:
		if (words < 2 || msg[1] >= VLAN_N_VID)
			return;
		req->vid = msg[1];
		req->add = info;
		req->type = SPF_82576_REQ_SET_VLAN;
		break;
	case SPF_82576_VF_SET_LPE:
		if (words < 2 || msg[1] < SPF_MIN_FRAME ||
		    msg[1] > SPF_82576_VMOLR_RLPML)
			return;
		req->frame = msg[1];
		req->type = SPF_82576_REQ_SET_LPE;
		break;
	case SPF_82576_VF_SET_PROMISC:
		if (info & ~(SPF_82576_PROMISC_UNICAST |
			     SPF_82576_PROMISC_MULTICAST)) {
			req->err = -EOPNOTSUPP;
			return;
		}
		req->promisc = info;
		req->type = SPF_82576_REQ_SET_PROMISC;
		break;
	default:
		/* Including VF_RESET with argument bits set */
		req->type = SPF_82576_REQ_UNKNOWN;
		req->err = -EOPNOTSUPP;
		return;
	}
	req->err = 0;
}
