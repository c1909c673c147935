/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Intel 82576 / I350 PF registers, bit fields and the PF<->VF mailbox
 * protocol used by hw_82576.c.  Offsets are into BAR0; every register is
 * 32 bits wide and must be accessed with 4-byte reads and writes.
 *
 * Names follow the datasheet mnemonics behind the SPF_82576_ prefix; the
 * same prefix is used for I350 registers that only exist there.
 */
#ifndef _SRIOV_PF_HW_82576_REGS_H_
#define _SRIOV_PF_HW_82576_REGS_H_

#include <linux/bits.h>
#include <linux/types.h>

/* PCI device IDs the backend drives: the parts whose port is an internal
 * copper PHY (igb_get_invariants_82575() finds the others' media in
 * CTRL_EXT.LINK_MODE and the SFP: fiber, SerDes, SGMII)
 */
#define SPF_82576_DEV_ID_82576		0x10C9
#define SPF_82576_DEV_ID_82576_QUAD_COPPER	0x10E8
#define SPF_82576_DEV_ID_82576_NS	0x150A
#define SPF_82576_DEV_ID_82576_QUAD_COPPER_ET2	0x1526
#define SPF_82576_DEV_ID_I350_COPPER	0x1521

/* Receive address (RAR) entries */
#define SPF_82576_RAR_ENTRIES		24	/* 82576 */
#define SPF_82576_RAR_ENTRIES_I350	32	/* I350 */

/* VMDq pools: one per VF, plus one for the PF */
#define SPF_82576_MAX_POOLS		8
/* VFs the backend serves: the PF keeps pool 7 for itself */
#define SPF_82576_MAX_VFS		7
/* The PF's pool, whatever the number of VFs.  Pool p receives on queue p
 * (and p + 8 with RSS, unused here), and VF n owns queues n and n + 8, so
 * queue 7 is never a VF's.
 */
#define SPF_82576_PF_POOL		SPF_82576_MAX_VFS
#define SPF_82576_PF_QUEUE		SPF_82576_PF_POOL

/* Device control and status */
#define SPF_82576_CTRL			0x00000	/* Device Control */
#define SPF_82576_CTRL_GIO_MASTER_DIS	BIT(2)	/* block new PCIe masters */
#define SPF_82576_CTRL_SLU		BIT(6)	/* set link up */
#define SPF_82576_CTRL_RST		BIT(26)	/* software reset (self-clearing) */

#define SPF_82576_STATUS		0x00008	/* Device Status */
#define SPF_82576_STATUS_FD		BIT(0)	/* full duplex */
#define SPF_82576_STATUS_LU		BIT(1)	/* link up */
#define SPF_82576_STATUS_SPEED		GENMASK(7, 6)	/* 0: 10, 1: 100, 2-3: 1000 */
#define SPF_82576_STATUS_GIO_MASTER_EN	BIT(19)	/* PCIe master requests pending */

#define SPF_82576_EECD			0x00010	/* EEPROM/Flash Control */
#define SPF_82576_EECD_AUTO_RD		BIT(9)	/* NVM auto-read done */

#define SPF_82576_CTRL_EXT		0x00018	/* Extended Device Control */
#define SPF_82576_CTRL_EXT_PFRSTD	BIT(14)	/* PF reset done: VFs may talk */

/* Set once per reset, as igb sets them */
#define SPF_82576_CTRL_VME		BIT(30)	/* VLAN mode (igb_vlan_mode()) */
#define SPF_82576_CTRL_EXT_DRV_LOAD	BIT(28)	/* a driver owns the port */
#define SPF_82576_WUC			0x05800	/* Wake Up Control */

/* 82576: PCIe completion timeout (hw_82576_calc.h: spf_82576_gcr()) */
#define SPF_82576_GCR			0x05B00	/* PCIe Control */
#define SPF_82576_GCR_CMPL_TMOUT	GENMASK(15, 12)	/* completion timeout */
#define SPF_82576_GCR_CMPL_TMOUT_10MS	1	/* in it: 10 ms to 200 ms */
#define SPF_82576_GCR_CMPL_TMOUT_RESEND	BIT(16)	/* resend on a timeout */
#define SPF_82576_GCR_CAP_VER2		BIT(18)	/* PCIe capability version 2 */
/* PCI_EXP_DEVCTL2_COMP_TIMEOUT value for 16 ms to 55 ms */
#define SPF_82576_DEVCTL2_CMPL_TMOUT_16MS	0x5

/* PHY access through the MDI Control register */
#define SPF_82576_MDIC			0x00020	/* MDI Control */
#define SPF_82576_MDIC_DATA		GENMASK(15, 0)	/* PHY register data */
#define SPF_82576_MDIC_REG		GENMASK(20, 16)	/* PHY register address */
#define SPF_82576_MDIC_PHY		GENMASK(25, 21)	/* PHY address */
#define SPF_82576_MDIC_OP_WRITE		BIT(26)	/* write operation */
#define SPF_82576_MDIC_OP_READ		BIT(27)	/* read operation */
#define SPF_82576_MDIC_READY		BIT(28)	/* operation complete */
#define SPF_82576_MDIC_ERROR		BIT(30)	/* operation failed */
#define SPF_82576_PHY_ADDR		1	/* internal copper PHY */

/* Legacy interrupt cause/mask registers */
#define SPF_82576_ICR			0x000C0	/* Interrupt Cause Read */
#define SPF_82576_ICS			0x000C8	/* Interrupt Cause Set */
#define SPF_82576_IMS			0x000D0	/* Interrupt Mask Set/Read */
#define SPF_82576_IMC			0x000D8	/* Interrupt Mask Clear */
#define SPF_82576_ICR_TXDW		BIT(0)	/* a Tx descriptor written back */
#define SPF_82576_ICR_LSC		BIT(2)	/* link status change */
#define SPF_82576_ICR_RXDMT0		BIT(4)	/* Rx ring below its threshold */
#define SPF_82576_ICR_RXO		BIT(6)	/* Rx overrun: no buffer */
#define SPF_82576_ICR_RXDW		BIT(7)	/* an Rx descriptor written back */
#define SPF_82576_ICR_VMMB		BIT(8)	/* VF mailbox or VF reset event */
#define SPF_82576_ICR_DOUTSYNC		BIT(28)	/* NIC DMA out of sync (spoof) */
#define SPF_82576_ICR_DRSTA		BIT(30)	/* device reset asserted */
#define SPF_82576_ICR_INT_ASSERTED	BIT(31)	/* legacy: interrupt is ours */

/* Receive / transmit control */
#define SPF_82576_RCTL			0x00100	/* Receive Control */
#define SPF_82576_RCTL_EN		BIT(1)	/* receiver enable */
#define SPF_82576_RCTL_LPE		BIT(5)	/* long packet enable (RLPML) */
#define SPF_82576_RCTL_MO		GENMASK(13, 12)	/* multicast offset: keep 0 */
#define SPF_82576_RCTL_BAM		BIT(15)	/* broadcast accept */
#define SPF_82576_RCTL_VFE		BIT(18)	/* VLAN filter (VFTA/VLVF) enable */
#define SPF_82576_RCTL_SECRC		BIT(26)	/* strip Ethernet CRC */

/* Set with RCTL, as igb sets them */
#define SPF_82576_RCTL_CFIEN		BIT(19)	/* canonical form check: off */
#define SPF_82576_RFCTL			0x05008	/* Receive Filter Control */
#define SPF_82576_RFCTL_IPV6_EX_DIS	BIT(16)	/* no IPv6 extension headers */

#define SPF_82576_TCTL			0x00400	/* Transmit Control */
#define SPF_82576_TCTL_EN		BIT(1)	/* transmitter enable */
#define SPF_82576_TCTL_PSP		BIT(3)	/* pad short packets */
#define SPF_82576_TCTL_CT		GENMASK(11, 4)	/* collision threshold */
#define SPF_82576_TCTL_COLD		GENMASK(21, 12)	/* collision distance */
#define SPF_82576_TCTL_RTLC		BIT(24)	/* retransmit on late collision */
#define SPF_82576_TCTL_CT_DEFAULT	15
#define SPF_82576_TCTL_COLD_DEFAULT	63

/* Extended (MSI-X) interrupt registers */
#define SPF_82576_GPIE			0x01514	/* General Purpose Intr Enable */
#define SPF_82576_GPIE_NSICR		BIT(0)	/* every ICR read clears ICR */
#define SPF_82576_GPIE_MSIX_MODE	BIT(4)	/* causes map to MSI-X vectors */
#define SPF_82576_GPIE_EIAME		BIT(30)	/* EIAM auto-mask enable */
#define SPF_82576_GPIE_PBA		BIT(31)	/* PBA support */

#define SPF_82576_EICS			0x01520	/* Ext. Interrupt Cause Set */
#define SPF_82576_EIMS			0x01524	/* Ext. Interrupt Mask Set */
#define SPF_82576_EIMC			0x01528	/* Ext. Interrupt Mask Clear */
#define SPF_82576_EIAC			0x0152C	/* Ext. Interrupt Auto Clear */
#define SPF_82576_EIAM			0x01530	/* Ext. Interrupt Auto Mask */
#define SPF_82576_EICR			0x01580	/* Ext. Interrupt Cause Read */
#define SPF_82576_EICR_OTHER		BIT(31)	/* legacy mode: "other" cause */

#define SPF_82576_EITR(n)		(0x01680 + 4 * (n))	/* Ext. Int. Throttle */
#define SPF_82576_EITR_INTERVAL		GENMASK(14, 2)	/* microseconds */
#define SPF_82576_EITR_CNT_IGNR		BIT(31)	/* keep the counter on write */
/* Queue interrupts: each IVAR0 register maps two queues, each with an Rx
 * and a Tx entry (vector | VALID).  The 82576 is column-major: queue q is
 * in IVAR0(q & 7), in bits 15:0 for q < 8, 31:16 above.  The I350 is
 * row-major: queue q is in IVAR0(q >> 1), in bits 15:0 for an even q,
 * 31:16 for an odd one (igb_assign_vector()).  spf_82576_ivar() says where.
 */
#define SPF_82576_IVAR0(n)		(0x01700 + 4 * (n))	/* queue IVAR, n < 8 */
#define SPF_82576_IVAR_QUEUE		GENMASK(15, 0)	/* one queue's entries */
#define SPF_82576_IVAR_RX		GENMASK(7, 0)	/* in those: Rx */
#define SPF_82576_IVAR_TX		GENMASK(15, 8)	/* and Tx */
#define SPF_82576_IVAR_MISC		0x01740	/* IVAR for "other" causes */
#define SPF_82576_IVAR_VALID		BIT(7)	/* an IVAR entry is valid */
#define SPF_82576_IVAR_MISC_OTHER	GENMASK(15, 8)	/* other-cause entry */

/* Receive and transmit queues 4-15 (the PF's is 7).  Queues 0-3 also
 * have an older bank at 0x02800/0x03800 + 0x100 * q; these macros do not
 * cover it.
 */
#define SPF_82576_QUEUE_BANK2_FIRST	4
#define SPF_82576_RXQ(q, r)		(0x0C000 + 0x40 * (q) + (r))
#define SPF_82576_TXQ(q, r)		(0x0E000 + 0x40 * (q) + (r))
#define SPF_82576_RDBAL(q)		SPF_82576_RXQ(q, 0x00)	/* ring base, low */
#define SPF_82576_RDBAH(q)		SPF_82576_RXQ(q, 0x04)	/* ring base, high */
#define SPF_82576_RDLEN(q)		SPF_82576_RXQ(q, 0x08)	/* bytes, 128-aligned */
#define SPF_82576_SRRCTL(q)		SPF_82576_RXQ(q, 0x0C)	/* split/replication */
#define SPF_82576_RDH(q)		SPF_82576_RXQ(q, 0x10)	/* head */
#define SPF_82576_RDT(q)		SPF_82576_RXQ(q, 0x18)	/* tail */
#define SPF_82576_RXDCTL(q)		SPF_82576_RXQ(q, 0x28)	/* queue control */
#define SPF_82576_TDBAL(q)		SPF_82576_TXQ(q, 0x00)
#define SPF_82576_TDBAH(q)		SPF_82576_TXQ(q, 0x04)
#define SPF_82576_TDLEN(q)		SPF_82576_TXQ(q, 0x08)
#define SPF_82576_TDH(q)		SPF_82576_TXQ(q, 0x10)
#define SPF_82576_TDT(q)		SPF_82576_TXQ(q, 0x18)
#define SPF_82576_TXDCTL(q)		SPF_82576_TXQ(q, 0x28)

/* Queue 0's RXDCTL and TXDCTL in the older bank: enabled by default on the
 * 82576, turned off after a reset (igb_setup_rctl(), igb_setup_tctl())
 */
#define SPF_82576_RXDCTL_BANK1(q)	(0x02828 + 0x100 * (q))	/* q < 4 */
#define SPF_82576_TXDCTL_BANK1(q)	(0x03828 + 0x100 * (q))	/* q < 4 */

#define SPF_82576_SRRCTL_BSIZEPKT	GENMASK(6, 0)	/* buffer size, KiB */
#define SPF_82576_SRRCTL_DESCTYPE	GENMASK(27, 25)
#define SPF_82576_SRRCTL_DESCTYPE_ADV_ONEBUF	1	/* advanced, one buffer */
#define SPF_82576_SRRCTL_DROP_EN	BIT(31)	/* drop when out of buffers */

/* RXDCTL and TXDCTL share their layout */
#define SPF_82576_DCTL_PTHRESH		GENMASK(4, 0)	/* prefetch threshold */
#define SPF_82576_DCTL_HTHRESH		GENMASK(12, 8)	/* host threshold */
#define SPF_82576_DCTL_WTHRESH		GENMASK(20, 16)	/* write-back threshold */
#define SPF_82576_DCTL_ENABLE		BIT(25)	/* queue enable */

#define SPF_82576_RXCSUM		0x05000	/* Rx checksum control */
#define SPF_82576_RXCSUM_IPOFLD		BIT(8)	/* IPv4 header checksum */
#define SPF_82576_RXCSUM_TUOFLD		BIT(9)	/* TCP/UDP checksum */

/* Advanced receive descriptor: read format, then write-back format */
union spf_82576_rx_desc {
	struct {
		__le64 pkt_addr;	/* packet buffer */
		__le64 hdr_addr;	/* header buffer (0: none) */
	} read;
	struct {
		__le16 pkt_info;	/* packet type, RSS type */
		__le16 hdr_info;
		__le32 rss;
		__le32 status_error;	/* overlays hdr_addr's low half */
		__le16 length;		/* bytes in this buffer */
		__le16 vlan;
	} wb;
};

#define SPF_82576_RXD_STAT_DD		BIT(0)	/* descriptor done */
#define SPF_82576_RXD_STAT_EOP		BIT(1)	/* end of packet */
#define SPF_82576_RXD_STAT_VP		BIT(3)	/* VLAN tag stripped into vlan */
#define SPF_82576_RXD_STAT_UDPCS	BIT(4)	/* UDP checksum computed */
#define SPF_82576_RXD_STAT_L4CS		BIT(5)	/* TCP/UDP checksum computed */
#define SPF_82576_RXD_STAT_IPCS		BIT(6)	/* IPv4 checksum computed */
#define SPF_82576_RXD_STAT_LB		BIT(18)	/* looped back by the switch */
#define SPF_82576_RXD_ERR_L4E		BIT(29)	/* TCP/UDP checksum wrong */
#define SPF_82576_RXD_ERR_IPE		BIT(30)	/* IPv4 checksum wrong */
#define SPF_82576_RXD_ERR_RXE		BIT(31)	/* frame error */

/* Advanced transmit data descriptor; the hardware writes DD back into
 * olinfo_status when the descriptor has RS
 */
struct spf_82576_tx_desc {
	__le64 addr;
	__le32 cmd_type_len;
	__le32 olinfo_status;
};

/* Advanced transmit context descriptor (checksum offload parameters) */
struct spf_82576_tx_ctx_desc {
	__le32 vlan_macip_lens;
	__le32 seqnum_seed;
	__le32 type_tucmd_mlhl;
	__le32 mss_l4len_idx;
};

#define SPF_82576_TXD_DTALEN		GENMASK(15, 0)	/* buffer length */
#define SPF_82576_TXD_DTYP_CTXT		(0x2 << 20)	/* context descriptor */
#define SPF_82576_TXD_DTYP_DATA		(0x3 << 20)	/* data descriptor */
#define SPF_82576_TXD_EOP		BIT(24)	/* end of packet */
#define SPF_82576_TXD_IFCS		BIT(25)	/* insert FCS */
#define SPF_82576_TXD_RS		BIT(27)	/* report status (DD) */
#define SPF_82576_TXD_DEXT		BIT(29)	/* advanced descriptor */
#define SPF_82576_TXD_VLE		BIT(30)	/* insert the context's VLAN */
#define SPF_82576_TXD_TSE		BIT(31)	/* TCP segmentation */
#define SPF_82576_TXD_STAT_DD		BIT(0)	/* in olinfo_status */
#define SPF_82576_TXD_POPTS_IXSM	BIT(8)	/* insert IPv4 checksum */
#define SPF_82576_TXD_POPTS_TXSM	BIT(9)	/* insert L4 checksum */
#define SPF_82576_TXD_PAYLEN		GENMASK(31, 14)	/* packet length */

#define SPF_82576_TXCTX_IPLEN		GENMASK(8, 0)	/* IP header length */
#define SPF_82576_TXCTX_MACLEN		GENMASK(15, 9)	/* L2 header length */
#define SPF_82576_TXCTX_VLAN		GENMASK(31, 16)	/* tag for TXD_VLE */
#define SPF_82576_TXCTX_TUCMD_IPV4	BIT(10)	/* IPv4 (else IPv6) */
#define SPF_82576_TXCTX_TUCMD_L4T_TCP	BIT(11)	/* TCP (else UDP) */
#define SPF_82576_TXCTX_L4LEN		GENMASK(15, 8)	/* TSO: TCP header length */
#define SPF_82576_TXCTX_MSS		GENMASK(31, 16)	/* TSO: segment size */

/* Queue drop enable: drop rather than stall when a ring has no buffers */
#define SPF_82576_QDE			0x02408	/* Queue Drop Enable */
#define SPF_82576_QDE_ALL		GENMASK(15, 0)

/* VM switch (82576): anti-spoofing and VM-to-VM loopback */
#define SPF_82576_DTXSWC		0x03500	/* DMA Tx Switch Control */
#define SPF_82576_TXSWC			0x05ACC	/* I350: Tx Switch Control */
#define SPF_82576_TXSWC_MAC_SPOOF(vf)	BIT(vf)		/* MAC anti-spoof */
#define SPF_82576_TXSWC_VLAN_SPOOF(vf)	BIT(8 + (vf))	/* VLAN anti-spoof */
#define SPF_82576_TXSWC_LOOPBACK_EN	BIT(31)	/* VMDq loopback (switching) */

#define SPF_82576_DTXCTL		0x03590	/* 82576: DMA Tx Control */
#define SPF_82576_DTXCTL_VLAN_ADDED	BIT(3)	/* the MAC adds VLAN tags */

/* Anti-spoofing and malicious driver detection (MDD) events.  Queue bits:
 * queue q belongs to pool q & 7 (82576: VF n owns queues n and n + 8).
 * WVBR and LVMMC clear when read; MDFB clears bits written with one.
 * hw_82576_mdd.h says which VF an event is.
 */
#define SPF_82576_LVMMC			0x03548	/* Last VM Misbehavior Cause */
#define SPF_82576_LVMMC_I350_SPOOF	BIT(25)	/* I350: MAC/VLAN anti-spoof */
#define SPF_82576_LVMMC_I350_LAST_Q	GENMASK(31, 29)	/* I350: its queue */
#define SPF_82576_WVBR			0x03554	/* Wrong VM Behavior */
#define SPF_82576_WVBR_SPOOF		GENMASK(15, 0)	/* queues that spoofed */
#define SPF_82576_WVBR_BLOCKED		GENMASK(31, 16)	/* 82576: queues MDD stopped */
#define SPF_82576_MDFB			0x03558	/* I350: Malicious Driver Free Block */
#define SPF_82576_MDFB_QUEUES		GENMASK(7, 0)	/* queues MDD stopped */

/* Transmit rate limiter (82576 only): RTTDQSEL picks a queue, whose
 * scheduler RTTBCNRC then configures.  Both are write-only.
 */
#define SPF_82576_RTTDQSEL		0x03604	/* Tx queue select */
#define SPF_82576_RTTBCNRM		0x03690	/* rate scheduler MMW size */
#define SPF_82576_RTTBCNRM_MMW		0x14	/* for 9728-byte frames */
#define SPF_82576_RTTBCNRC		0x036B0	/* rate scheduler config */
#define SPF_82576_RTTBCNRC_RF_DEC	GENMASK(13, 0)	/* rate factor fraction */
#define SPF_82576_RTTBCNRC_RF_INT	GENMASK(23, 14)	/* rate factor integer */
#define SPF_82576_RTTBCNRC_RF_SHIFT	14
#define SPF_82576_RTTBCNRC_RS_ENA	BIT(31)	/* limit this queue */

/* Per-pool default VLAN insertion (port VLAN) */
#define SPF_82576_VMVIR(p)		(0x03700 + 4 * (p))	/* VM VLAN Insert */
#define SPF_82576_VMVIR_VLAN		GENMASK(15, 0)	/* VID | PCP << 13 */
#define SPF_82576_VMVIR_VLANA_DEFAULT	BIT(30)	/* always insert default */

/* Mailbox */
#define SPF_82576_VMBMEM(vf)		(0x00800 + 64 * (vf))	/* 16 dwords */
#define SPF_82576_MBX_WORDS		16
#define SPF_82576_P2VMAILBOX(vf)	(0x00C00 + 4 * (vf))	/* PF side */
#define SPF_82576_P2VMAILBOX_STS	BIT(0)	/* message to the VF */
#define SPF_82576_P2VMAILBOX_ACK	BIT(1)	/* ack of a VF message */
#define SPF_82576_P2VMAILBOX_VFU	BIT(2)	/* VF owns the buffer */
#define SPF_82576_P2VMAILBOX_PFU	BIT(3)	/* PF owns the buffer */
#define SPF_82576_P2VMAILBOX_RVFU	BIT(4)	/* reset VFU */
/* 0x00C40 + 4n is the VF's own V2PMAILBOX(n): reading it clears the VF's
 * read-to-clear status bits, so the PF never touches it.
 */
#define SPF_82576_MBVFICR		0x00C80	/* Mailbox VF Cause (RW1C) */
#define SPF_82576_MBVFICR_VFREQ(vf)	BIT(vf)		/* VF sent a message */
#define SPF_82576_MBVFICR_VFACK(vf)	BIT(16 + (vf))	/* VF acked ours */
#define SPF_82576_MBVFICR_VFREQ_ALL	GENMASK(7, 0)
#define SPF_82576_MBVFICR_VFACK_ALL	GENMASK(23, 16)
#define SPF_82576_MBVFIMR		0x00C84	/* Mailbox VF Interrupt Mask */
#define SPF_82576_VFLRE			0x00C88	/* VF Reset Event (RW1C) */
#define SPF_82576_VFRE			0x00C8C	/* VF Receive Enable (per pool) */
#define SPF_82576_VFTE			0x00C90	/* VF Transmit Enable (per pool) */

/* Multicast table: 128 x 32 bits, hash bits 11:5 select the register */
#define SPF_82576_MTA(i)		(0x05200 + 4 * (i))
#define SPF_82576_MTA_REGS		128
#define SPF_82576_MC_HASH_REG		GENMASK(11, 5)
#define SPF_82576_MC_HASH_BIT		GENMASK(4, 0)

#define SPF_82576_RLPML			0x05004	/* Rx Long Packet Max Length */

/* Unicast hash table (VMOLR.ROPE): 128 x 32 bits */
#define SPF_82576_UTA(i)		(0x0A000 + 4 * (i))
#define SPF_82576_UTA_REGS		128

/* Receive address registers: entries 0-15, then 16 + i in a second bank */
#define SPF_82576_RAL(i)		(0x05400 + 8 * (i))	/* bytes 0-3 */
#define SPF_82576_RAH(i)		(0x05404 + 8 * (i))	/* bytes 4-5 */
#define SPF_82576_RAR_BANK		16	/* entries in the first bank */
#define SPF_82576_RAL2(i)		(0x054E0 + 8 * (i))	/* entry 16 + i */
#define SPF_82576_RAH2(i)		(0x054E4 + 8 * (i))	/* entry 16 + i */
#define SPF_82576_RAH_ADDR		GENMASK(15, 0)	/* MAC bytes 4-5 */
#define SPF_82576_RAH_POOL(p)		BIT(18 + (p))	/* one-hot pool select */
#define SPF_82576_RAH_POOL_MASK		GENMASK(25, 18)
#define SPF_82576_RAH_AV		BIT(31)	/* address valid */

/* VLAN filter table: 128 x 32 bits, one bit per VID */
#define SPF_82576_VFTA(i)		(0x05600 + 4 * (i))
#define SPF_82576_VFTA_REGS		128
/* I350 erratum: a VFTA write that meets a query of the table by the BMC
 * or by DMA can be lost, so each word is written this many times
 * (igb_write_vfta_i350(); hw_82576_calc.h: spf_82576_vfta_writes())
 */
#define SPF_82576_VFTA_WRITES_I350	10

/* Virtualization */
#define SPF_82576_MRQC			0x05818	/* Multiple Rx Queues Command */
#define SPF_82576_MRQC_VMDQ		0x3	/* VMDq, no RSS */
#define SPF_82576_MRQC_MODE		GENMASK(2, 0)

#define SPF_82576_VT_CTL		0x0581C	/* VMDq control */
#define SPF_82576_VT_CTL_DEF_PL		GENMASK(9, 7)	/* default pool */
#define SPF_82576_VT_CTL_IGNORE_MAC	BIT(28)
#define SPF_82576_VT_CTL_DIS_DEF_POOL	BIT(29)
#define SPF_82576_VT_CTL_VM_REPL_EN	BIT(30)	/* replicate bcast/mcast */

/* Per-pool receive offload (VM Offload) */
#define SPF_82576_VMOLR(p)		(0x05AD0 + 4 * (p))
#define SPF_82576_VMOLR_RLPML		GENMASK(13, 0)	/* max frame size */
#define SPF_82576_VMOLR_LPE		BIT(16)	/* use RLPML */
#define SPF_82576_VMOLR_AUPE		BIT(24)	/* accept untagged frames */
#define SPF_82576_VMOLR_ROMPE		BIT(25)	/* accept MTA-hashed mcast */
#define SPF_82576_VMOLR_ROPE		BIT(26)	/* accept UTA-hashed ucast */
#define SPF_82576_VMOLR_BAM		BIT(27)	/* accept broadcast */
#define SPF_82576_VMOLR_MPME		BIT(28)	/* accept all multicast */
#define SPF_82576_VMOLR_STRVLAN		BIT(30)	/* 82576: strip VLAN tag */
#define SPF_82576_VMOLR_STRCRC		BIT(31)	/* strip CRC */

#define SPF_82576_RPLOLR		0x05AF0	/* 82576: replication offload */
#define SPF_82576_RPLOLR_STRVLAN	BIT(30)

#define SPF_82576_IOVCTL		0x05BBC	/* IOV control */
#define SPF_82576_IOVCTL_REUSE_VFQ	BIT(0)	/* PF may reuse VF queues */

/* VLAN pool filters: 32 entries of VID + pool bitmap */
#define SPF_82576_VLVF(i)		(0x05D00 + 4 * (i))
#define SPF_82576_VLVF_ENTRIES		32
#define SPF_82576_VLVF_VID		GENMASK(11, 0)
#define SPF_82576_VLVF_POOLSEL(p)	BIT(12 + (p))
#define SPF_82576_VLVF_POOLSEL_MASK	GENMASK(19, 12)
#define SPF_82576_VLVF_VLANID_EN	BIT(31)

/* I350: per-pool VLAN strip lives in DVMOLR */
#define SPF_82576_DVMOLR(p)		(0x0C038 + 64 * (p))
#define SPF_82576_DVMOLR_STRVLAN	BIT(30)
#define SPF_82576_DVMOLR_STRCRC		BIT(31)

/* Per-pool statistics mirrored into the PF's space (82576 and I350).
 * 32-bit, read-only, not cleared on read: they wrap.
 */
#define SPF_82576_PVFGPRC(p)		(0x10010 + 0x100 * (p))	/* good pkts rx */
#define SPF_82576_PVFGPTC(p)		(0x10014 + 0x100 * (p))	/* good pkts tx */
#define SPF_82576_PVFGORC(p)		(0x10018 + 0x100 * (p))	/* good bytes rx */
#define SPF_82576_PVFGOTC(p)		(0x10034 + 0x100 * (p))	/* good bytes tx */
#define SPF_82576_PVFMPRC(p)		(0x1003C + 0x100 * (p))	/* multicast rx */
#define SPF_82576_PVF_LAST		(SPF_82576_PVFMPRC(SPF_82576_MAX_POOLS - 1) + 4)

/* Mailbox protocol (word 0 of a message).  The low 16 bits carry the
 * request, bits 23:16 a request-specific argument, the top bits flags.
 */
#define SPF_82576_MSG_CODE		GENMASK(15, 0)
#define SPF_82576_MSG_INFO		GENMASK(23, 16)
#define SPF_82576_MSG_CTS		BIT(29)	/* PF: VF is clear to send */
#define SPF_82576_MSG_NACK		BIT(30)	/* request refused */
#define SPF_82576_MSG_ACK		BIT(31)	/* request done */

#define SPF_82576_VF_RESET		0x01	/* VF asks for reset + its MAC */
#define SPF_82576_VF_SET_MAC_ADDR	0x02	/* primary MAC or filter op */
#define SPF_82576_VF_SET_MULTICAST	0x03	/* MSG_INFO hashes from word 1 */
#define SPF_82576_VF_SET_VLAN		0x04	/* MSG_INFO 1 = add, 0 = del */
#define SPF_82576_VF_SET_LPE		0x05	/* word 1 = max frame size */
#define SPF_82576_VF_SET_PROMISC	0x06	/* MSG_INFO = promisc flags */
#define SPF_82576_PF_CONTROL_MSG	0x0100	/* PF -> VF notification */

/* SET_MAC_ADDR sub-codes (MSG_INFO) */
#define SPF_82576_MAC_FILTER_CLR	0x01	/* drop the VF's extra MACs */
#define SPF_82576_MAC_FILTER_ADD	0x02	/* add an extra unicast MAC */

/* SET_PROMISC flags (MSG_INFO) */
#define SPF_82576_PROMISC_UNICAST	0x01
#define SPF_82576_PROMISC_MULTICAST	0x02

/* Most multicast hashes one SET_MULTICAST carries */
#define SPF_82576_VF_MC_HASHES		30

/* --- Link bring-up: firmware semaphore, manageability, media, flow
 * control (spf_link_start(), link_82576.c)
 */
#define SPF_82576_CTRL_FRCSPD		BIT(11)	/* force speed */
#define SPF_82576_CTRL_FRCDPX		BIT(12)	/* force duplex */
#define SPF_82576_CTRL_RFCE		BIT(27)	/* honour received PAUSE */
#define SPF_82576_CTRL_TFCE		BIT(28)	/* send PAUSE (XOFF/XON) */

#define SPF_82576_STATUS_FUNC		GENMASK(3, 2)	/* LAN port of this PF */

#define SPF_82576_CTRL_EXT_LINK_MODE	GENMASK(23, 22)	/* the port's media */
#define SPF_82576_LINK_MODE_COPPER	0	/* internal copper PHY */
#define SPF_82576_LINK_MODE_1000BASE_KX	1	/* backplane */
#define SPF_82576_LINK_MODE_SGMII	2	/* external PHY over SGMII */
#define SPF_82576_LINK_MODE_SERDES	3	/* SerDes: fiber, SFP */

/* Flow control: PAUSE frame address, type and timer, receive thresholds */
#define SPF_82576_FCAL			0x00028	/* Flow Control Address Low */
#define SPF_82576_FCAH			0x0002C	/* Flow Control Address High */
#define SPF_82576_FCT			0x00030	/* Flow Control Type */
#define SPF_82576_FCTTV			0x00170	/* Flow Control Tx Timer Value */
#define SPF_82576_FCRTL			0x02160	/* Flow Control Rx Threshold Low */
#define SPF_82576_FCRTH			0x02168	/* Flow Control Rx Threshold High */
#define SPF_82576_FCRTL_XONE		BIT(31)	/* send XON at the low mark */
#define SPF_82576_FCAL_PAUSE		0x00C28001	/* 01:80:C2:00:00:01 ... */
#define SPF_82576_FCAH_PAUSE		0x00000100	/* ... its last two bytes */
#define SPF_82576_FCT_PAUSE		0x8808	/* MAC Control EtherType */
#define SPF_82576_FCTTV_PAUSE		0xFFFF	/* pause time sent in XOFF */
#define SPF_82576_FC_WATER_ALIGN	16	/* threshold granularity, bytes */
#define SPF_82576_MAX_JUMBO_FRAME	0x2600	/* largest frame, for the marks */

/* Receive packet buffer size: KB on the 82576, a table index on the I350 */
#define SPF_82576_RXPBS			0x02404	/* Rx Packet Buffer Size */
#define SPF_82576_RXPBS_SIZE		GENMASK(6, 0)	/* 82576: KB */
#define SPF_82576_RXPBS_SIZE_I350	GENMASK(3, 0)	/* I350: index */

/* Manageability: firmware that shares the port may veto PHY resets */
#define SPF_82576_EEMNGCTL		0x01010	/* MNG EEPROM Control */
#define SPF_82576_EEMNGCTL_CFG_DONE(port)	BIT(18 + (port))	/* NVM loaded */
#define SPF_82576_MANC			0x05820	/* Management Control */
#define SPF_82576_MANC_BLK_PHY_RST_ON_IDE	BIT(18)	/* firmware owns the PHY */

/* Software/firmware semaphore: SWSM between drivers (SMBI) and with
 * firmware (SWESMBI), then one SW_FW_SYNC bit per resource
 */
#define SPF_82576_SWSM			0x05B50	/* SW Semaphore */
#define SPF_82576_SWSM_SMBI		BIT(0)	/* drivers' semaphore */
#define SPF_82576_SWSM_SWESMBI		BIT(1)	/* firmware semaphore */
#define SPF_82576_SW_FW_SYNC		0x05B5C	/* SW/FW Synchronization */
#define SPF_82576_SWFW_PHY0_SM		BIT(1)	/* PHY of LAN port 0 */
#define SPF_82576_SWFW_PHY1_SM		BIT(2)
#define SPF_82576_SWFW_PHY2_SM		BIT(5)
#define SPF_82576_SWFW_PHY3_SM		BIT(6)
#define SPF_82576_SWFW_FW_SHIFT		16	/* firmware's bit: software's << 16 */

/* I350: PHY power management */
#define SPF_82576_PHPM			0x00E14	/* PHY Power Management */
#define SPF_82576_PHPM_GO_LINKD		BIT(5)	/* go link-disconnect */

#endif /* _SRIOV_PF_HW_82576_REGS_H_ */
