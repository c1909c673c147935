/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sriov_pf - the PF's own transmit and receive rings on the 82576/I350
 * (pf_rings.c), as the hardware backend (hw_82576.c) drives them.
 */
#ifndef _SRIOV_PF_PF_RINGS_H_
#define _SRIOV_PF_PF_RINGS_H_

#include <linux/device.h>
#include <linux/netdevice.h>
#include <linux/types.h>

#include "hw_82576_regs.h"

struct spf_rings;

#define SPF_RING_SIZE		256	/* descriptors per ring */

/* The rings' counters, for ndo_get_stats64 and ethtool -S: u64 only */
struct spf_rings_counters {
	u64 rx_packets;
	u64 rx_bytes;
	u64 rx_errors;		/* frames the hardware flagged */
	u64 rx_dropped;		/* no memory for the skb */
	u64 rx_alloc_failed;	/* no page for a buffer */
	u64 rx_csum_err;	/* checksum errors reported */
	u64 tx_packets;
	u64 tx_bytes;
	u64 tx_dropped;		/* mapping, padding or checksum failures */
	u64 tx_busy;		/* ring full at xmit */
	u64 tx_tso;		/* packets the hardware segmented */
};

/**
 * struct spf_rings_hw - where the rings live and how they interrupt
 * @regs: BAR0 of the PF
 * @dev: the PF, for DMA
 * @queue: the queue pair (SPF_82576_PF_QUEUE)
 * @msix: the device is in MSI-X mode (GPIE.MSIX_MODE)
 * @own_irq: the queue pair has an MSI-X vector of its own, @vector;
 *	else its interrupts arrive on the backend's handler (vector 0, MSI
 *	or INTx), which calls spf_rings_irq()
 * @vector: MSI-X entry (EICR bit) of the queue pair, when @msix
 * @ivar: the IVAR0 register that maps the queue pair to @vector
 * @ivar_shift: where in @ivar its entries are (spf_82576_ivar())
 * @irq: Linux IRQ the queue interrupts arrive on
 * @lb_vlan_be: the stripped tag of a looped-back frame is big-endian (I350)
 */
struct spf_rings_hw {
	void __iomem *regs;
	struct device *dev;
	unsigned int queue;
	bool msix;
	bool own_irq;
	unsigned int vector;
	u32 ivar;
	unsigned int ivar_shift;
	unsigned int irq;
	bool lb_vlan_be;
};

/**
 * spf_82576_ivar() - where a queue's interrupt entries are
 * @i350: the MAC is an I350, else an 82576
 * @queue: the queue
 * @shift: set to the bit of the register its SPF_82576_IVAR_QUEUE starts at
 *
 * Return: the IVAR0 register that holds the queue's Rx and Tx entries.
 */
static inline u32 spf_82576_ivar(bool i350, unsigned int queue,
				 unsigned int *shift)
{
	if (i350) {
		*shift = (queue & 1) * 16;
		return SPF_82576_IVAR0(queue >> 1);
	}
	*shift = (queue & 8) * 2;
	return SPF_82576_IVAR0(queue & 7);
}

/* Interrupt causes of the queue pair in ICR (MSI and INTx) */
#define SPF_RINGS_ICR_CAUSES	(SPF_82576_ICR_RXDW | SPF_82576_ICR_TXDW | \
				 SPF_82576_ICR_RXO)

/* A transmit stall injected through debugfs fault_tx_stall: the ring
 * takes packets, the device is not told (the tail stays)
 */
enum spf_tx_stall {
	SPF_TX_STALL_NONE,
	SPF_TX_STALL_RING,	/* until the rings are opened again */
	SPF_TX_STALL_DEVICE,	/* until the backend stops (a device reset) */
};

struct spf_rings *spf_rings_alloc(void);
void spf_rings_free(struct spf_rings *r);
void spf_rings_set_hw(struct spf_rings *r, const struct spf_rings_hw *hw);
int spf_rings_open(struct spf_rings *r, struct net_device *netdev);
void spf_rings_close(struct spf_rings *r);
netdev_tx_t spf_rings_xmit(struct spf_rings *r, struct sk_buff *skb);
netdev_features_t spf_rings_features_check(struct sk_buff *skb,
					   netdev_features_t features);
void spf_rings_irq(struct spf_rings *r);
void spf_rings_stats(struct spf_rings *r, struct rtnl_link_stats64 *s);
void spf_rings_counters(struct spf_rings *r, struct spf_rings_counters *c);
void spf_rings_tx_stall_set(struct spf_rings *r, enum spf_tx_stall stall);
enum spf_tx_stall spf_rings_tx_stall(struct spf_rings *r);

/* hw_82576.c and phy_82576.c, for pf_ethtool.c */
struct sriov_pf;
struct spf_rings *spf_82576_rings(struct sriov_pf *pf);
u32 spf_82576_status(struct sriov_pf *pf);
void spf_82576_get_pause(struct sriov_pf *pf, bool *autoneg, bool *rx,
			 bool *tx);
int spf_82576_set_pause(struct sriov_pf *pf, bool autoneg, bool rx, bool tx);

/* pf_ethtool.c */
extern const struct ethtool_ops spf_82576_ethtool_ops;

#endif /* _SRIOV_PF_PF_RINGS_H_ */
