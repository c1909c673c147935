// SPDX-License-Identifier: GPL-2.0
/*
 * sriov_pf - the PF's own datapath on the 82576/I350: one transmit and one
 * receive ring on the PF's pool (queue SPF_82576_PF_QUEUE), advanced
 * descriptors, NAPI, page-based receive buffers, checksum offload, TSO,
 * VLAN tag insertion and stripping, and scatter-gather.  hw_82576.c decides
 * the pool and the interrupt; this file owns the rings.
 *
 * Receive buffers are half pages (SPF_RX_BUF_SIZE), mapped once.  A frame
 * up to SPF_RX_COPYBREAK bytes is copied and its buffer goes straight back
 * to the ring; a longer one gets the half page as a fragment, and the page
 * comes back with its other half as long as the stack holds no other
 * part of it (page count 1), else it is unmapped and left to the stack.
 *
 * Locking: open and close run under RTNL.  The transmit ring has one
 * producer, ndo_start_xmit (the queue's xmit lock), and one consumer, the
 * NAPI poll; they meet through tx_ntu/tx_ntc, the skb pointer of a
 * packet's first slot and the queue's stop/wake, with barriers.  The
 * receive ring belongs to the NAPI poll.  @up is written under RTNL and
 * read in hard IRQ: close clears it, then waits for the IRQ.
 */
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/mm.h>
#include <linux/netdevice.h>
#include <linux/sizes.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <linux/u64_stats_sync.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip6_checksum.h>

#include "sriov_pf.h"
#include "hw_82576_regs.h"
#include "pf_rings.h"

#define SPF_RX_BUF_SIZE		2048	/* bytes per receive buffer */
#define SPF_RX_COPYBREAK	256	/* frames up to this size are copied */
/* A data descriptor takes up to 64 KiB - 1; buffers are cut into pieces
 * of 32 KiB, as igb does (IGB_MAX_DATA_PER_TXD), so that every piece but
 * the last starts aligned as the buffer does
 */
#define SPF_TX_MAX_DATA		SZ_32K
/* The most a packet takes: a context descriptor, the head, its fragments
 * and the pieces beyond the first of each buffer, at most 2 for the
 * 64 KiB of a TSO packet.  spf_ring_free() keeps the one empty slot.
 */
#define SPF_TX_DESC_NEEDED	(MAX_SKB_FRAGS + 4)
/* The shortest frame the MAC takes with TCTL.PSP set (igb_xmit_frame()) */
#define SPF_TX_MIN_LEN		17
#define SPF_EITR_US		50	/* queue vector: <= 20000 interrupts/s */
#define SPF_DCTL_POLLS		10	/* x 1 ms for a queue (dis)able */

struct spf_tx_buf {
	struct sk_buff *skb;	/* set on the first slot of a packet */
	u16 eop;		/* first slot: the packet's last descriptor */
	u16 segs;		/* first slot: frames on the wire (TSO) */
	u32 bytes;		/* first slot: their bytes, headers included */
	bool page;		/* @dma is a fragment's (skb_frag_dma_map) */
	u32 len;		/* mapped bytes, 0 = nothing mapped */
	dma_addr_t dma;
};

struct spf_rx_buf {
	struct page *page;	/* NULL: allocated at the next refill */
	dma_addr_t dma;		/* the whole page */
	unsigned int offset;	/* the part the ring owns */
};

/* The counters one writer updates: the NAPI poll its rx_ and tx_packets/
 * bytes fields (two instances), ndo_start_xmit tx_dropped and tx_busy
 */
struct spf_stats {
	struct spf_rings_counters c;
	struct u64_stats_sync syncp;
};

struct spf_rings {
	struct spf_rings_hw hw;
	struct net_device *netdev;	/* set while open */
	struct napi_struct napi;
	bool up;			/* see the top of the file */
	char irq_name[IFNAMSIZ + 8];

	struct spf_82576_tx_desc *tx_desc;
	dma_addr_t tx_dma;
	struct spf_tx_buf *tx_buf;
	u16 tx_ntu;			/* next slot xmit fills */
	u16 tx_ntc;			/* next slot the poll cleans */
	struct spf_stats tx_stats;	/* the poll's */
	struct spf_stats xmit_stats;	/* ndo_start_xmit's */
	enum spf_tx_stall tx_stall;	/* debugfs fault_tx_stall */

	union spf_82576_rx_desc *rx_desc;
	dma_addr_t rx_dma;
	struct spf_rx_buf *rx_buf;
	u16 rx_ntu;			/* next slot the refill posts */
	u16 rx_ntc;			/* next slot the poll reads */
	struct sk_buff *rx_skb;		/* frame spanning several buffers */
	bool rx_discard;		/* drop the rest of the frame */
	struct spf_stats rx_stats;	/* the poll's */
};

static void spf_rwr(struct spf_rings *r, u32 reg, u32 val)
{
	writel(val, r->hw.regs + reg);
}

static u32 spf_rrd(struct spf_rings *r, u32 reg)
{
	return readl(r->hw.regs + reg);
}

static u16 spf_next(u16 i)
{
	return i + 1 == SPF_RING_SIZE ? 0 : i + 1;
}

static u16 spf_prev(u16 i)
{
	return i ? i - 1 : SPF_RING_SIZE - 1;
}

/* Free slots between the producer @ntu and the consumer @ntc */
static unsigned int spf_ring_free(u16 ntu, u16 ntc)
{
	return (ntc > ntu ? 0 : SPF_RING_SIZE) + ntc - ntu - 1;
}

static unsigned int spf_tx_free(struct spf_rings *r)
{
	return spf_ring_free(r->tx_ntu, READ_ONCE(r->tx_ntc));
}

/* --- interrupts ------------------------------------------------------ */

static void spf_rings_irq_enable(struct spf_rings *r)
{
	if (r->hw.own_irq)
		spf_rwr(r, SPF_82576_EIMS, BIT(r->hw.vector));
	else if (!r->hw.msix)
		spf_rwr(r, SPF_82576_IMS, SPF_RINGS_ICR_CAUSES);
	/* shared MSI-X vector 0: the backend keeps it enabled */
}

/* The queue pair's Rx and Tx entries in its IVAR register; the other
 * queue the register maps keeps its own.  @ent 0: unmapped.
 */
static void spf_rings_ivar_write(struct spf_rings *r, u32 ent)
{
	u32 val = spf_rrd(r, r->hw.ivar);

	val &= ~(SPF_82576_IVAR_QUEUE << r->hw.ivar_shift);
	val |= (FIELD_PREP(SPF_82576_IVAR_RX, ent) |
		FIELD_PREP(SPF_82576_IVAR_TX, ent)) << r->hw.ivar_shift;
	spf_rwr(r, r->hw.ivar, val);
}

static void spf_rings_irq_disable(struct spf_rings *r)
{
	if (r->hw.own_irq)
		spf_rwr(r, SPF_82576_EIMC, BIT(r->hw.vector));
	else if (!r->hw.msix)
		spf_rwr(r, SPF_82576_IMC, SPF_RINGS_ICR_CAUSES);
	spf_rings_ivar_write(r, 0);
}

static irqreturn_t spf_rings_msix(int irq, void *data)
{
	struct spf_rings *r = data;

	/* EIAC cleared the cause, EIAM masked the vector until the poll is done */
	napi_schedule_irqoff(&r->napi);
	return IRQ_HANDLED;
}

/**
 * spf_rings_irq() - queue interrupt on the backend's shared vector
 * @r: the rings
 *
 * Hard IRQ.  The causes stay enabled; an interrupt while the poll runs
 * makes NAPI poll again.
 */
void spf_rings_irq(struct spf_rings *r)
{
	if (READ_ONCE(r->up))
		napi_schedule_irqoff(&r->napi);
}

/* --- transmit -------------------------------------------------------- */

static void spf_tx_unmap(struct spf_rings *r, struct spf_tx_buf *buf)
{
	if (!buf->len)
		return;
	if (buf->page)
		dma_unmap_page(r->hw.dev, buf->dma, buf->len, DMA_TO_DEVICE);
	else
		dma_unmap_single(r->hw.dev, buf->dma, buf->len, DMA_TO_DEVICE);
	buf->len = 0;
}

/* What the hardware does to one packet: the context descriptor's fields
 * and the data descriptors' extra bits
 */
struct spf_tx_off {
	u32 lens;		/* VLAN, MACLEN, IPLEN */
	u32 tucmd;		/* L4 type, IPv4 */
	u32 mss_l4len;		/* TSO: segment size, TCP header length */
	u32 cmd;		/* every data descriptor: VLE, TSE */
	u32 popts;		/* the first data descriptor: TXSM, IXSM */
	u32 paylen;		/* the first data descriptor: PAYLEN */
};

/* Checksum offload of a CHECKSUM_PARTIAL TCP or UDP packet.  Any other
 * checksum is summed here.  Returns 1 when the hardware sums, 0 when it
 * need not, or a negative errno.
 */
static int spf_tx_csum(struct sk_buff *skb, struct spf_tx_off *o)
{
	unsigned int maclen, iplen;

	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return 0;

	switch (skb->csum_offset) {
	case offsetof(struct tcphdr, check):
		o->tucmd = SPF_82576_TXCTX_TUCMD_L4T_TCP;
		break;
	case offsetof(struct udphdr, check):
		o->tucmd = 0;
		break;
	default:
		return skb_checksum_help(skb);
	}
	maclen = skb_network_offset(skb);
	iplen = skb_checksum_start_offset(skb) - maclen;
	if (maclen > FIELD_MAX(SPF_82576_TXCTX_MACLEN) ||
	    iplen > FIELD_MAX(SPF_82576_TXCTX_IPLEN))
		return skb_checksum_help(skb);
	if (vlan_get_protocol(skb) == htons(ETH_P_IP))
		o->tucmd |= SPF_82576_TXCTX_TUCMD_IPV4;
	o->lens |= FIELD_PREP(SPF_82576_TXCTX_MACLEN, maclen) |
		   FIELD_PREP(SPF_82576_TXCTX_IPLEN, iplen);
	o->popts |= SPF_82576_TXD_POPTS_TXSM;
	return 1;
}

/* TSO: the hardware cuts a TCP packet into gso_size segments and writes
 * each one's IP length, IP ID and checksums.  It wants the IP length 0
 * and the TCP checksum seeded with the pseudo-header sum without a
 * length.  Returns 1 for a TSO packet, 0 for another, or a negative errno.
 */
static int spf_tx_tso(struct sk_buff *skb, struct spf_tx_off *o)
{
	unsigned int hlen;
	struct tcphdr *th;
	int err;

	if (!skb_is_gso(skb))
		return 0;
	err = skb_cow_head(skb, 0);
	if (err)
		return err;
	err = spf_tx_csum(skb, o);
	if (err < 0)
		return err;
	if (!err || !(o->tucmd & SPF_82576_TXCTX_TUCMD_L4T_TCP))
		return -EINVAL;		/* NETIF_F_TSO{,6}: TCP only */

	th = tcp_hdr(skb);
	if (o->tucmd & SPF_82576_TXCTX_TUCMD_IPV4) {
		struct iphdr *iph = ip_hdr(skb);

		iph->tot_len = 0;
		iph->check = 0;
		th->check = ~csum_tcpudp_magic(iph->saddr, iph->daddr, 0,
					       IPPROTO_TCP, 0);
		o->popts |= SPF_82576_TXD_POPTS_IXSM;
	} else {
		struct ipv6hdr *ip6h = ipv6_hdr(skb);

		ip6h->payload_len = 0;
		th->check = ~csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr, 0,
					     IPPROTO_TCP, 0);
	}
	hlen = skb_transport_offset(skb) + tcp_hdrlen(skb);
	o->mss_l4len = FIELD_PREP(SPF_82576_TXCTX_MSS, skb_shinfo(skb)->gso_size) |
		       FIELD_PREP(SPF_82576_TXCTX_L4LEN, tcp_hdrlen(skb));
	o->cmd |= SPF_82576_TXD_TSE;
	o->paylen = skb->len - hlen;
	return 1;
}

/* Fill *@o for @skb, and a context descriptor at *@i when the hardware
 * segments it, sums its checksum or inserts its VLAN tag.  Returns 0 or
 * a negative errno.
 */
static int spf_tx_ctx(struct spf_rings *r, struct sk_buff *skb, u16 *i,
		      struct spf_tx_off *o)
{
	struct spf_82576_tx_ctx_desc *ctx;
	int err;

	memset(o, 0, sizeof(*o));
	o->paylen = skb->len;
	err = spf_tx_tso(skb, o);
	if (!err)
		err = spf_tx_csum(skb, o);
	if (err < 0)
		return err;
	if (skb_vlan_tag_present(skb)) {
		o->lens |= FIELD_PREP(SPF_82576_TXCTX_VLAN, skb_vlan_tag_get(skb));
		o->cmd |= SPF_82576_TXD_VLE;
	}
	if (!err && !o->cmd)
		return 0;

	ctx = (struct spf_82576_tx_ctx_desc *)&r->tx_desc[*i];
	ctx->vlan_macip_lens = cpu_to_le32(o->lens);
	ctx->seqnum_seed = 0;
	ctx->type_tucmd_mlhl = cpu_to_le32(SPF_82576_TXD_DTYP_CTXT |
					   SPF_82576_TXD_DEXT | o->tucmd);
	ctx->mss_l4len_idx = cpu_to_le32(o->mss_l4len);
	*i = spf_next(*i);
	return 0;
}

/**
 * spf_rings_features_check() - the offloads a packet's headers allow
 * @skb: the packet
 * @features: the offloads the stack would use
 *
 * The context descriptor describes a MAC header of up to 127 bytes and an
 * IP header of up to 511 (igb_features_check()); the stack sums and
 * segments a packet with longer ones, and tags it when the MAC header is
 * too long.
 *
 * Return: @features without the offloads @skb cannot have.
 */
netdev_features_t spf_rings_features_check(struct sk_buff *skb,
					   netdev_features_t features)
{
	unsigned int maclen = skb_network_offset(skb);

	if (unlikely(maclen > FIELD_MAX(SPF_82576_TXCTX_MACLEN)))
		return features & ~(NETIF_F_HW_CSUM | NETIF_F_TSO |
				    NETIF_F_TSO6 | NETIF_F_HW_VLAN_CTAG_TX);
	/* csum_start is only meaningful for CHECKSUM_PARTIAL (TSO too) */
	if (skb->ip_summed == CHECKSUM_PARTIAL &&
	    unlikely(skb_checksum_start_offset(skb) - maclen >
		     FIELD_MAX(SPF_82576_TXCTX_IPLEN)))
		return features & ~(NETIF_F_HW_CSUM | NETIF_F_TSO |
				    NETIF_F_TSO6);
	return features;
}

/* Data descriptors a buffer of @len bytes takes (one for an empty head) */
static unsigned int spf_tx_pieces(u32 len)
{
	return len ? DIV_ROUND_UP(len, SPF_TX_MAX_DATA) : 1;
}

/* Descriptors @skb takes, a context descriptor included */
static unsigned int spf_tx_count(const struct sk_buff *skb)
{
	unsigned int f, n = 1 + spf_tx_pieces(skb_headlen(skb));

	for (f = 0; f < skb_shinfo(skb)->nr_frags; f++)
		n += spf_tx_pieces(skb_frag_size(&skb_shinfo(skb)->frags[f]));
	return n;
}

/* One mapped buffer on data descriptors from *@i on, SPF_TX_MAX_DATA
 * bytes each; @olinfo goes on the packet's first data descriptor
 * (@first_data), 0 on the others, as igb_tx_map() does
 */
static void spf_tx_put(struct spf_rings *r, u16 *i, dma_addr_t dma, u32 len,
		       u32 cmd, u32 olinfo, bool first_data)
{
	do {
		struct spf_82576_tx_desc *desc = &r->tx_desc[*i];
		u32 n = min_t(u32, len, SPF_TX_MAX_DATA);

		desc->addr = cpu_to_le64(dma);
		desc->cmd_type_len = cpu_to_le32(cmd |
						 FIELD_PREP(SPF_82576_TXD_DTALEN, n));
		desc->olinfo_status = cpu_to_le32(first_data ? olinfo : 0);
		first_data = false;
		dma += n;
		len -= n;
		*i = spf_next(*i);
	} while (len);
}

/**
 * spf_rings_xmit() - put a packet on the transmit ring
 * @r: the rings
 * @skb: the packet
 *
 * Return: NETDEV_TX_OK, or NETDEV_TX_BUSY when the ring is full.
 */
netdev_tx_t spf_rings_xmit(struct spf_rings *r, struct sk_buff *skb)
{
	unsigned int nr_frags, f;
	struct device *dev = r->hw.dev;
	struct spf_tx_buf *buf;
	struct spf_tx_off off;
	u32 len, cmd, olinfo;
	u16 first, i, last;
	dma_addr_t dma;

	if (unlikely(!READ_ONCE(r->up))) {
		/* a restart after a reset failed: the device is attached,
		 * the rings are not
		 */
		goto err_drop;
	}
	/* PSP pads the frame on the wire up to 64 bytes, from 17 bytes on */
	if (unlikely(skb_put_padto(skb, SPF_TX_MIN_LEN)))
		goto err_count;		/* the skb is freed */
	/* padding linearizes a short skb that has fragments */
	nr_frags = skb_shinfo(skb)->nr_frags;
	if (unlikely(spf_tx_free(r) < spf_tx_count(skb))) {
		/* The queue is stopped before this can happen */
		netif_stop_queue(r->netdev);
		u64_stats_update_begin(&r->xmit_stats.syncp);
		r->xmit_stats.c.tx_busy++;
		u64_stats_update_end(&r->xmit_stats.syncp);
		return NETDEV_TX_BUSY;
	}

	first = r->tx_ntu;
	i = first;
	if (spf_tx_ctx(r, skb, &i, &off))
		goto err_drop;

	cmd = SPF_82576_TXD_DTYP_DATA | SPF_82576_TXD_DEXT | SPF_82576_TXD_IFCS |
	      off.cmd;
	olinfo = off.popts | FIELD_PREP(SPF_82576_TXD_PAYLEN, off.paylen);
	len = skb_headlen(skb);
	dma = dma_map_single(dev, skb->data, len, DMA_TO_DEVICE);
	for (f = 0; ; f++) {
		if (dma_mapping_error(dev, dma))
			goto err_unmap;
		/* the buffer's first slot unmaps it; the others have len 0 */
		buf = &r->tx_buf[i];
		buf->dma = dma;
		buf->len = len;
		buf->page = f;
		spf_tx_put(r, &i, dma, len, cmd, olinfo, !f);
		if (f == nr_frags)
			break;
		len = skb_frag_size(&skb_shinfo(skb)->frags[f]);
		dma = skb_frag_dma_map(dev, &skb_shinfo(skb)->frags[f], 0, len,
				       DMA_TO_DEVICE);
	}

	last = spf_prev(i);
	r->tx_desc[last].cmd_type_len |= cpu_to_le32(SPF_82576_TXD_EOP |
						     SPF_82576_TXD_RS);
	/* counted as the wire sees it: every TSO segment has the headers */
	r->tx_buf[first].segs = 1;
	r->tx_buf[first].bytes = skb->len;
	if (off.cmd & SPF_82576_TXD_TSE) {
		r->tx_buf[first].segs = skb_shinfo(skb)->gso_segs;
		r->tx_buf[first].bytes += (skb_shinfo(skb)->gso_segs - 1) *
					  (skb->len - off.paylen);
		u64_stats_update_begin(&r->xmit_stats.syncp);
		r->xmit_stats.c.tx_tso++;
		u64_stats_update_end(&r->xmit_stats.syncp);
	}
	netdev_sent_queue(r->netdev, r->tx_buf[first].bytes);
	skb_tx_timestamp(skb);

	/* The poll finds the packet by its skb: eop first */
	r->tx_buf[first].eop = last;
	/* pairs with the poll's smp_rmb() between reading skb and eop */
	smp_wmb();
	WRITE_ONCE(r->tx_buf[first].skb, skb);
	r->tx_ntu = i;

	if (unlikely(spf_tx_free(r) < SPF_TX_DESC_NEEDED)) {
		netif_stop_queue(r->netdev);
		/* against the poll's wake: it sees the stop or we see its ntc */
		smp_mb();
		if (spf_tx_free(r) >= SPF_TX_DESC_NEEDED)
			netif_start_queue(r->netdev);
	}

	if (!netdev_xmit_more() || netif_queue_stopped(r->netdev)) {
		/* an injected stall: the device never hears of the packet */
		if (unlikely(READ_ONCE(r->tx_stall)))
			return NETDEV_TX_OK;
		/* descriptors in memory before the device reads the tail */
		wmb();
		spf_rwr(r, SPF_82576_TDT(r->hw.queue), i);
	}
	return NETDEV_TX_OK;

err_unmap:
	while (i != first) {
		i = spf_prev(i);
		spf_tx_unmap(r, &r->tx_buf[i]);
	}
err_drop:
	dev_kfree_skb_any(skb);
err_count:
	u64_stats_update_begin(&r->xmit_stats.syncp);
	r->xmit_stats.c.tx_dropped++;
	u64_stats_update_end(&r->xmit_stats.syncp);
	return NETDEV_TX_OK;
}

/* Reclaim what the device sent; NAPI context */
static void spf_tx_clean(struct spf_rings *r, int budget)
{
	unsigned int pkts = 0, bytes = 0;
	u16 i = r->tx_ntc;

	for (;;) {
		struct spf_tx_buf *buf = &r->tx_buf[i];
		struct sk_buff *skb = READ_ONCE(buf->skb);
		u16 eop;

		if (!skb)
			break;
		/* pairs with xmit's smp_wmb(): eop was written before skb */
		smp_rmb();
		eop = buf->eop;
		if (!(le32_to_cpu(READ_ONCE(r->tx_desc[eop].olinfo_status)) &
		      SPF_82576_TXD_STAT_DD))
			break;
		dma_rmb();

		buf->skb = NULL;
		pkts += buf->segs;
		bytes += buf->bytes;
		for (;;) {
			spf_tx_unmap(r, &r->tx_buf[i]);
			if (i == eop)
				break;
			i = spf_next(i);
		}
		i = spf_next(i);
		napi_consume_skb(skb, budget);
	}
	if (!pkts)
		return;

	WRITE_ONCE(r->tx_ntc, i);
	u64_stats_update_begin(&r->tx_stats.syncp);
	r->tx_stats.c.tx_packets += pkts;
	r->tx_stats.c.tx_bytes += bytes;
	u64_stats_update_end(&r->tx_stats.syncp);
	netdev_completed_queue(r->netdev, pkts, bytes);

	/* against xmit's stop: it sees our ntc or we see its stop */
	smp_mb();
	if (netif_queue_stopped(r->netdev) &&
	    spf_tx_free(r) >= SPF_TX_DESC_NEEDED && READ_ONCE(r->up))
		netif_wake_queue(r->netdev);
}

/* Unmap and free whatever is still on the ring; the queue is disabled */
static void spf_tx_drain(struct spf_rings *r)
{
	u16 i;

	for (i = 0; i < SPF_RING_SIZE; i++) {
		struct spf_tx_buf *buf = &r->tx_buf[i];

		spf_tx_unmap(r, buf);
		if (buf->skb) {
			dev_kfree_skb_any(buf->skb);
			buf->skb = NULL;
		}
	}
	r->tx_ntu = 0;
	WRITE_ONCE(r->tx_ntc, 0);
	netdev_reset_queue(r->netdev);
}

/* --- receive --------------------------------------------------------- */

static bool spf_rx_buf_alloc(struct spf_rings *r, struct spf_rx_buf *buf)
{
	struct page *page;
	dma_addr_t dma;

	if (buf->page)
		return true;
	page = dev_alloc_page();
	if (!page)
		return false;
	dma = dma_map_page_attrs(r->hw.dev, page, 0, PAGE_SIZE,
				 DMA_FROM_DEVICE, DMA_ATTR_SKIP_CPU_SYNC);
	if (dma_mapping_error(r->hw.dev, dma)) {
		__free_page(page);
		return false;
	}
	buf->page = page;
	buf->dma = dma;
	buf->offset = 0;
	return true;
}

static void spf_rx_buf_release(struct spf_rings *r, struct spf_rx_buf *buf)
{
	if (!buf->page)
		return;
	dma_unmap_page_attrs(r->hw.dev, buf->dma, PAGE_SIZE, DMA_FROM_DEVICE,
			     DMA_ATTR_SKIP_CPU_SYNC);
	put_page(buf->page);
	buf->page = NULL;
}

/* Post buffers on every free slot; the tail moves once */
static void spf_rx_refill(struct spf_rings *r)
{
	unsigned int n = spf_ring_free(r->rx_ntu, r->rx_ntc);
	bool failed = false;
	u16 i = r->rx_ntu;

	while (n--) {
		struct spf_rx_buf *buf = &r->rx_buf[i];
		union spf_82576_rx_desc *desc = &r->rx_desc[i];

		if (!spf_rx_buf_alloc(r, buf)) {
			failed = true;
			break;
		}
		dma_sync_single_range_for_device(r->hw.dev, buf->dma,
						 buf->offset, SPF_RX_BUF_SIZE,
						 DMA_FROM_DEVICE);
		desc->read.pkt_addr = cpu_to_le64(buf->dma + buf->offset);
		/* clears the write-back status (DD) too */
		desc->read.hdr_addr = 0;
		i = spf_next(i);
	}

	if (failed) {
		u64_stats_update_begin(&r->rx_stats.syncp);
		r->rx_stats.c.rx_alloc_failed++;
		u64_stats_update_end(&r->rx_stats.syncp);
	}
	if (i == r->rx_ntu)
		return;
	r->rx_ntu = i;
	/* descriptors in memory before the device reads the tail */
	wmb();
	spf_rwr(r, SPF_82576_RDT(r->hw.queue), i);
}

/* The stack took the part at buf->offset: keep the page for the ring if
 * nothing else of it is in the stack, else leave it to the stack.
 */
static void spf_rx_buf_pass(struct spf_rings *r, struct spf_rx_buf *buf)
{
	struct page *page = buf->page;

	BUILD_BUG_ON(PAGE_SIZE < 2 * SPF_RX_BUF_SIZE);
	if (page_count(page) == 1 && !page_is_pfmemalloc(page) &&
	    page_to_nid(page) == numa_mem_id()) {
		page_ref_inc(page);	/* the skb's reference */
		buf->offset = (buf->offset + SPF_RX_BUF_SIZE) & ~PAGE_MASK;
		return;
	}
	/* our reference goes to the skb */
	dma_unmap_page_attrs(r->hw.dev, buf->dma, PAGE_SIZE, DMA_FROM_DEVICE,
			     DMA_ATTR_SKIP_CPU_SYNC);
	buf->page = NULL;
}

/* Add @len bytes of @buf to the frame @skb (NULL: a new frame) */
static struct sk_buff *spf_rx_add(struct spf_rings *r, struct sk_buff *skb,
				  struct spf_rx_buf *buf, unsigned int len)
{
	void *va = page_address(buf->page) + buf->offset;
	unsigned int hlen = 0;

	if (!skb) {
		skb = napi_alloc_skb(&r->napi, SPF_RX_COPYBREAK);
		if (!skb)
			return NULL;
		hlen = len;
		if (len > SPF_RX_COPYBREAK)
			hlen = eth_get_headlen(r->netdev, va, SPF_RX_COPYBREAK);
		skb_put_data(skb, va, hlen);
		if (hlen == len)
			return skb;	/* copied: the buffer stays as it is */
	} else if (skb_shinfo(skb)->nr_frags >= MAX_SKB_FRAGS) {
		dev_kfree_skb_any(skb);
		return NULL;
	}

	skb_add_rx_frag(skb, skb_shinfo(skb)->nr_frags, buf->page,
			buf->offset + hlen, len - hlen, SPF_RX_BUF_SIZE);
	spf_rx_buf_pass(r, buf);
	return skb;
}

static void spf_rx_csum(struct spf_rings *r, struct sk_buff *skb, u32 staterr)
{
	skb_checksum_none_assert(skb);
	if (!(r->netdev->features & NETIF_F_RXCSUM))
		return;
	if (staterr & (SPF_82576_RXD_ERR_L4E | SPF_82576_RXD_ERR_IPE)) {
		/* the stack checks it again */
		u64_stats_update_begin(&r->rx_stats.syncp);
		r->rx_stats.c.rx_csum_err++;
		u64_stats_update_end(&r->rx_stats.syncp);
		return;
	}
	if (staterr & SPF_82576_RXD_STAT_L4CS)
		skb->ip_summed = CHECKSUM_UNNECESSARY;
}

/* The tag the hardware stripped (the PF pool's STRVLAN, RPLOLR's for
 * replicated multicast).  The I350 writes the tag of a frame its switch
 * looped back big-endian.
 */
static void spf_rx_vlan(struct spf_rings *r, struct sk_buff *skb,
			const union spf_82576_rx_desc *desc, u32 staterr)
{
	u16 tci;

	if (!(staterr & SPF_82576_RXD_STAT_VP))
		return;
	if (r->hw.lb_vlan_be && (staterr & SPF_82576_RXD_STAT_LB))
		tci = be16_to_cpu((__force __be16)desc->wb.vlan);
	else
		tci = le16_to_cpu(desc->wb.vlan);
	__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), tci);
}

/* Pass up to @budget received frames to the stack; NAPI context */
static int spf_rx_clean(struct spf_rings *r, int budget)
{
	unsigned int pkts = 0, bytes = 0, errors = 0, dropped = 0;
	struct sk_buff *skb = r->rx_skb;
	u16 i = r->rx_ntc;

	/* Up to the first slot not posted (rx_ntu): its descriptor, and the
	 * ones this loop went through before it, still carry the DD of their
	 * last write-back until spf_rx_refill() posts them again.  Frames of
	 * several descriptors (jumbo) can use up the ring within @budget.
	 */
	while (pkts < budget && i != r->rx_ntu) {
		union spf_82576_rx_desc *desc = &r->rx_desc[i];
		struct spf_rx_buf *buf = &r->rx_buf[i];
		unsigned int len;
		u32 staterr;

		staterr = le32_to_cpu(READ_ONCE(desc->wb.status_error));
		if (!(staterr & SPF_82576_RXD_STAT_DD))
			break;
		/* nothing else of the descriptor before DD */
		dma_rmb();
		len = le16_to_cpu(desc->wb.length);
		i = spf_next(i);

		if (!r->rx_discard && len) {
			dma_sync_single_range_for_cpu(r->hw.dev, buf->dma,
						      buf->offset, len,
						      DMA_FROM_DEVICE);
			skb = spf_rx_add(r, skb, buf, len);
			if (!skb) {
				r->rx_discard = true;
				dropped++;
			}
		}
		if (!(staterr & SPF_82576_RXD_STAT_EOP))
			continue;

		if (r->rx_discard || !skb ||
		    (staterr & SPF_82576_RXD_ERR_RXE)) {
			if (skb) {
				dev_kfree_skb_any(skb);
				errors++;
			}
			r->rx_discard = false;
			skb = NULL;
			continue;
		}

		spf_rx_csum(r, skb, staterr);
		spf_rx_vlan(r, skb, desc, staterr);
		bytes += skb->len;
		pkts++;
		skb->protocol = eth_type_trans(skb, r->netdev);
		napi_gro_receive(&r->napi, skb);
		skb = NULL;
	}
	r->rx_skb = skb;
	r->rx_ntc = i;
	spf_rx_refill(r);

	u64_stats_update_begin(&r->rx_stats.syncp);
	r->rx_stats.c.rx_packets += pkts;
	r->rx_stats.c.rx_bytes += bytes;
	r->rx_stats.c.rx_errors += errors;
	r->rx_stats.c.rx_dropped += dropped;
	u64_stats_update_end(&r->rx_stats.syncp);
	return pkts;
}

static void spf_rx_drain(struct spf_rings *r)
{
	u16 i;

	if (r->rx_skb) {
		dev_kfree_skb_any(r->rx_skb);
		r->rx_skb = NULL;
	}
	r->rx_discard = false;
	for (i = 0; i < SPF_RING_SIZE; i++)
		spf_rx_buf_release(r, &r->rx_buf[i]);
	r->rx_ntu = 0;
	r->rx_ntc = 0;
}

static int spf_rings_poll(struct napi_struct *napi, int budget)
{
	struct spf_rings *r = container_of(napi, struct spf_rings, napi);
	int done;

	spf_tx_clean(r, budget);
	done = spf_rx_clean(r, budget);
	if (done == budget)
		return budget;
	if (napi_complete_done(napi, done) && r->hw.own_irq &&
	    READ_ONCE(r->up))
		spf_rwr(r, SPF_82576_EIMS, BIT(r->hw.vector));
	return done;
}

/* --- bring-up -------------------------------------------------------- */

/* Set or clear a queue's enable bit and wait for the device to follow */
static void spf_queue_enable(struct spf_rings *r, u32 reg, u32 dctl)
{
	unsigned int n;

	spf_rwr(r, reg, dctl);
	for (n = 0; n < SPF_DCTL_POLLS; n++) {
		if ((spf_rrd(r, reg) & SPF_82576_DCTL_ENABLE) ==
		    (dctl & SPF_82576_DCTL_ENABLE))
			return;
		usleep_range(1000, 2000);
	}
	dev_dbg(r->hw.dev, "queue control %#x did not take %#x\n", reg, dctl);
}

static void spf_rings_hw_setup(struct spf_rings *r)
{
	unsigned int q = r->hw.queue;

	spf_queue_enable(r, SPF_82576_TXDCTL(q), 0);
	spf_rwr(r, SPF_82576_TDBAL(q), lower_32_bits(r->tx_dma));
	spf_rwr(r, SPF_82576_TDBAH(q), upper_32_bits(r->tx_dma));
	spf_rwr(r, SPF_82576_TDLEN(q),
		SPF_RING_SIZE * sizeof(struct spf_82576_tx_desc));
	spf_rwr(r, SPF_82576_TDH(q), 0);
	spf_rwr(r, SPF_82576_TDT(q), 0);
	spf_queue_enable(r, SPF_82576_TXDCTL(q), SPF_82576_DCTL_ENABLE |
			 FIELD_PREP(SPF_82576_DCTL_PTHRESH, 8) |
			 FIELD_PREP(SPF_82576_DCTL_HTHRESH, 1) |
			 FIELD_PREP(SPF_82576_DCTL_WTHRESH, 1));

	spf_queue_enable(r, SPF_82576_RXDCTL(q), 0);
	spf_rwr(r, SPF_82576_RDBAL(q), lower_32_bits(r->rx_dma));
	spf_rwr(r, SPF_82576_RDBAH(q), upper_32_bits(r->rx_dma));
	spf_rwr(r, SPF_82576_RDLEN(q),
		SPF_RING_SIZE * sizeof(union spf_82576_rx_desc));
	spf_rwr(r, SPF_82576_SRRCTL(q),
		FIELD_PREP(SPF_82576_SRRCTL_BSIZEPKT, SPF_RX_BUF_SIZE / SZ_1K) |
		FIELD_PREP(SPF_82576_SRRCTL_DESCTYPE,
			   SPF_82576_SRRCTL_DESCTYPE_ADV_ONEBUF) |
		SPF_82576_SRRCTL_DROP_EN);
	spf_rwr(r, SPF_82576_RDH(q), 0);
	spf_rwr(r, SPF_82576_RDT(q), 0);
	spf_queue_enable(r, SPF_82576_RXDCTL(q), SPF_82576_DCTL_ENABLE |
			 FIELD_PREP(SPF_82576_DCTL_PTHRESH, 8) |
			 FIELD_PREP(SPF_82576_DCTL_HTHRESH, 8) |
			 FIELD_PREP(SPF_82576_DCTL_WTHRESH, 1));

	/* Rx and Tx of the queue on its vector, or the shared vector 0.
	 * Also without MSI-X, as igb does: QEMU's 82576 raises ICR.TXDW
	 * only for a queue whose IVAR entry is valid.
	 */
	spf_rings_ivar_write(r, r->hw.vector | SPF_82576_IVAR_VALID);
	if (!r->hw.own_irq)
		return;
	spf_rwr(r, SPF_82576_EITR(r->hw.vector),
		FIELD_PREP(SPF_82576_EITR_INTERVAL, SPF_EITR_US) |
		SPF_82576_EITR_CNT_IGNR);
	/* auto-clear and auto-mask, as for the "other" vector 0 */
	spf_rwr(r, SPF_82576_EIAC, BIT(0) | BIT(r->hw.vector));
	spf_rwr(r, SPF_82576_EIAM, BIT(0) | BIT(r->hw.vector));
}

static void spf_rings_mem_free(struct spf_rings *r)
{
	struct device *dev = r->hw.dev;

	kfree(r->rx_buf);
	r->rx_buf = NULL;
	kfree(r->tx_buf);
	r->tx_buf = NULL;
	if (r->rx_desc)
		dma_free_coherent(dev, SPF_RING_SIZE * sizeof(*r->rx_desc),
				  r->rx_desc, r->rx_dma);
	r->rx_desc = NULL;
	if (r->tx_desc)
		dma_free_coherent(dev, SPF_RING_SIZE * sizeof(*r->tx_desc),
				  r->tx_desc, r->tx_dma);
	r->tx_desc = NULL;
}

static int spf_rings_mem_alloc(struct spf_rings *r)
{
	struct device *dev = r->hw.dev;

	r->tx_desc = dma_alloc_coherent(dev, SPF_RING_SIZE * sizeof(*r->tx_desc),
					&r->tx_dma, GFP_KERNEL);
	r->rx_desc = dma_alloc_coherent(dev, SPF_RING_SIZE * sizeof(*r->rx_desc),
					&r->rx_dma, GFP_KERNEL);
	r->tx_buf = kcalloc(SPF_RING_SIZE, sizeof(*r->tx_buf), GFP_KERNEL);
	r->rx_buf = kcalloc(SPF_RING_SIZE, sizeof(*r->rx_buf), GFP_KERNEL);
	if (!r->tx_desc || !r->rx_desc || !r->tx_buf || !r->rx_buf) {
		spf_rings_mem_free(r);
		return -ENOMEM;
	}
	return 0;
}

static void spf_queues_disable(struct spf_rings *r)
{
	spf_queue_enable(r, SPF_82576_RXDCTL(r->hw.queue), 0);
	spf_queue_enable(r, SPF_82576_TXDCTL(r->hw.queue), 0);
}

/* What open set up in software, after the queues stopped: NAPI (not
 * enabled), the receive buffers, the rings
 */
static void spf_rings_release(struct spf_rings *r)
{
	netif_napi_del(&r->napi);
	spf_rx_drain(r);
	spf_rings_mem_free(r);
	r->netdev = NULL;
}

/**
 * spf_rings_open() - allocate the rings, start the queues and the vector
 * @r: the rings
 * @netdev: the PF netdev
 *
 * RTNL held.  The pool is enabled by the caller afterwards.
 *
 * Return: 0 or a negative errno.
 */
int spf_rings_open(struct spf_rings *r, struct net_device *netdev)
{
	int err;

	ASSERT_RTNL();
	if (r->netdev)
		return 0;

	err = spf_rings_mem_alloc(r);
	if (err)
		return err;
	r->netdev = netdev;
	r->tx_ntu = 0;
	r->tx_ntc = 0;
	r->rx_ntu = 0;
	r->rx_ntc = 0;
	sriov_pf_napi_add(netdev, &r->napi, spf_rings_poll);

	spf_rings_hw_setup(r);
	spf_rx_refill(r);
	if (!r->rx_ntu) {
		err = -ENOMEM;
		goto err_queues;
	}

	if (r->hw.own_irq) {
		snprintf(r->irq_name, sizeof(r->irq_name), "%s-TxRx",
			 netdev->name);
		err = request_irq(r->hw.irq, spf_rings_msix, 0, r->irq_name, r);
		if (err) {
			netdev_err(netdev, "cannot request IRQ %u: %d\n",
				   r->hw.irq, err);
			goto err_queues;
		}
	}

	netdev_reset_queue(netdev);
	if (READ_ONCE(r->tx_stall) == SPF_TX_STALL_RING)
		WRITE_ONCE(r->tx_stall, SPF_TX_STALL_NONE);
	napi_enable(&r->napi);
	WRITE_ONCE(r->up, true);
	spf_rings_irq_enable(r);
	return 0;

err_queues:
	spf_rings_irq_disable(r);
	spf_queues_disable(r);
	spf_rings_release(r);
	return err;
}

/**
 * spf_rings_close() - stop the queues, free every buffer and the rings
 * @r: the rings
 *
 * RTNL held; the caller has disabled the pool.  Nothing happens if the
 * rings are not open.
 */
void spf_rings_close(struct spf_rings *r)
{
	ASSERT_RTNL();
	if (!r->netdev)
		return;

	netif_tx_disable(r->netdev);
	WRITE_ONCE(r->up, false);
	spf_rings_irq_disable(r);
	spf_queues_disable(r);
	/* no handler schedules the poll any more */
	synchronize_irq(r->hw.irq);
	if (r->hw.own_irq)
		free_irq(r->hw.irq, r);
	napi_disable(&r->napi);
	spf_tx_drain(r);
	spf_rings_release(r);
}

static void spf_stats_read(struct spf_stats *s, struct spf_rings_counters *c)
{
	unsigned int start;

	do {
		start = u64_stats_fetch_begin(&s->syncp);
		*c = s->c;
	} while (u64_stats_fetch_retry(&s->syncp, start));
}

/**
 * spf_rings_counters() - a consistent copy of each writer's counters
 * @r: the rings
 * @c: the copy
 */
void spf_rings_counters(struct spf_rings *r, struct spf_rings_counters *c)
{
	struct spf_rings_counters tx, xmit;

	spf_stats_read(&r->rx_stats, c);
	spf_stats_read(&r->tx_stats, &tx);
	spf_stats_read(&r->xmit_stats, &xmit);
	c->tx_packets = tx.tx_packets;
	c->tx_bytes = tx.tx_bytes;
	c->tx_dropped = xmit.tx_dropped;
	c->tx_busy = xmit.tx_busy;
	c->tx_tso = xmit.tx_tso;
}

/**
 * spf_rings_stats() - add the rings' counters to @s
 * @r: the rings
 * @s: ndo_get_stats64's result
 */
void spf_rings_stats(struct spf_rings *r, struct rtnl_link_stats64 *s)
{
	struct spf_rings_counters c;

	spf_rings_counters(r, &c);
	s->rx_packets += c.rx_packets;
	s->rx_bytes += c.rx_bytes;
	s->rx_errors += c.rx_errors;
	s->rx_dropped += c.rx_dropped;
	s->rx_missed_errors += c.rx_alloc_failed;
	s->tx_packets += c.tx_packets;
	s->tx_bytes += c.tx_bytes;
	s->tx_dropped += c.tx_dropped;
}

/**
 * spf_rings_tx_stall_set() - inject a transmit stall, or end it
 * @r: the rings
 * @stall: what to inject; SPF_TX_STALL_NONE ends a stall
 *
 * While a stall lasts, xmit puts packets on the ring and never moves the
 * tail: nothing is sent or completed, the queue stops when BQL's limit
 * or the ring is reached, and the netdev watchdog fires.
 * SPF_TX_STALL_RING ends when the rings are opened again,
 * SPF_TX_STALL_DEVICE when the backend ends it at a device reset.
 */
void spf_rings_tx_stall_set(struct spf_rings *r, enum spf_tx_stall stall)
{
	WRITE_ONCE(r->tx_stall, stall);
}

/**
 * spf_rings_tx_stall() - the transmit stall injected
 * @r: the rings
 *
 * Return: the stall, SPF_TX_STALL_NONE for none.
 */
enum spf_tx_stall spf_rings_tx_stall(struct spf_rings *r)
{
	return READ_ONCE(r->tx_stall);
}

/**
 * spf_rings_alloc() - the rings' state, kept from probe to remove
 *
 * Counters survive down/up.  spf_rings_set_hw() says where they live.
 *
 * Return: the rings or NULL.
 */
struct spf_rings *spf_rings_alloc(void)
{
	struct spf_rings *r = kzalloc(sizeof(*r), GFP_KERNEL);

	if (!r)
		return NULL;
	u64_stats_init(&r->rx_stats.syncp);
	u64_stats_init(&r->tx_stats.syncp);
	u64_stats_init(&r->xmit_stats.syncp);
	return r;
}

void spf_rings_set_hw(struct spf_rings *r, const struct spf_rings_hw *hw)
{
	r->hw = *hw;
}

void spf_rings_free(struct spf_rings *r)
{
	if (!r)
		return;
	WARN_ON(r->netdev);
	kfree(r);
}
