// SPDX-License-Identifier: GPL-2.0
/*
 * sriov_pf - ethtool for the PF netdev of the 82576/I350 backend: driver
 * information, link settings (read only), flow control, ring sizes
 * (fixed) and the datapath's counters.
 */
#include <linux/bitfield.h>
#include <linux/ethtool.h>
#include <linux/kernel.h>
#include <linux/netdevice.h>
#include <linux/string.h>

#include "sriov_pf.h"
#include "hw_82576_regs.h"
#include "pf_rings.h"

struct spf_ethtool_stat {
	char name[ETH_GSTRING_LEN];
	size_t offset;
};

#define SPF_STAT(m)	{ #m, offsetof(struct spf_rings_counters, m) }

static const struct spf_ethtool_stat spf_ethtool_stats[] = {
	SPF_STAT(rx_packets),
	SPF_STAT(rx_bytes),
	SPF_STAT(rx_errors),
	SPF_STAT(rx_dropped),
	SPF_STAT(rx_alloc_failed),
	SPF_STAT(rx_csum_err),
	SPF_STAT(tx_packets),
	SPF_STAT(tx_bytes),
	SPF_STAT(tx_dropped),
	SPF_STAT(tx_busy),
	SPF_STAT(tx_tso),
};

static int spf_get_sset_count(struct net_device *dev, int sset)
{
	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return ARRAY_SIZE(spf_ethtool_stats);
}

static void spf_get_strings(struct net_device *dev, u32 sset, u8 *data)
{
	unsigned int i;

	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < ARRAY_SIZE(spf_ethtool_stats); i++)
		memcpy(data + i * ETH_GSTRING_LEN, spf_ethtool_stats[i].name,
		       ETH_GSTRING_LEN);
}

static void spf_get_ethtool_stats(struct net_device *dev,
				  struct ethtool_stats *stats, u64 *data)
{
	struct spf_rings *r = spf_82576_rings(sriov_pf_from_netdev(dev));
	struct spf_rings_counters c = {};
	unsigned int i;

	if (r)
		spf_rings_counters(r, &c);
	for (i = 0; i < ARRAY_SIZE(spf_ethtool_stats); i++)
		data[i] = *(u64 *)((u8 *)&c + spf_ethtool_stats[i].offset);
}

static void spf_ringparam(struct net_device *dev, struct ethtool_ringparam *ring)
{
	ring->rx_max_pending = SPF_RING_SIZE;
	ring->tx_max_pending = SPF_RING_SIZE;
	ring->rx_pending = SPF_RING_SIZE;
	ring->tx_pending = SPF_RING_SIZE;
}

SRIOV_PF_GET_RINGPARAM(spf_get_ringparam, spf_ringparam)

/* Copper port, autonegotiated; speed and duplex as STATUS says while the
 * link is up.  Link modes are not reported (the PHY is not read).
 */
static int spf_get_link_ksettings(struct net_device *dev,
				  struct ethtool_link_ksettings *ks)
{
	u32 status = spf_82576_status(sriov_pf_from_netdev(dev));

	ks->base.port = PORT_TP;
	ks->base.autoneg = AUTONEG_ENABLE;

	if (!netif_carrier_ok(dev) || !(status & SPF_82576_STATUS_LU)) {
		ks->base.speed = SPEED_UNKNOWN;
		ks->base.duplex = DUPLEX_UNKNOWN;
		return 0;
	}
	switch (FIELD_GET(SPF_82576_STATUS_SPEED, status)) {
	case 0:
		ks->base.speed = SPEED_10;
		break;
	case 1:
		ks->base.speed = SPEED_100;
		break;
	default:
		ks->base.speed = SPEED_1000;
		break;
	}
	ks->base.duplex = status & SPF_82576_STATUS_FD ? DUPLEX_FULL :
							 DUPLEX_HALF;
	return 0;
}

/* Flow control (ethtool -a/-A): see spf_82576_set_pause() */
static void spf_get_pauseparam(struct net_device *dev,
			       struct ethtool_pauseparam *pause)
{
	bool autoneg, rx, tx;

	spf_82576_get_pause(sriov_pf_from_netdev(dev), &autoneg, &rx, &tx);
	pause->autoneg = autoneg ? AUTONEG_ENABLE : AUTONEG_DISABLE;
	pause->rx_pause = rx;
	pause->tx_pause = tx;
}

static int spf_set_pauseparam(struct net_device *dev,
			      struct ethtool_pauseparam *pause)
{
	/* detached while the backend is stopped (suspend, reset, error) */
	if (!netif_device_present(dev))
		return -ENODEV;
	return spf_82576_set_pause(sriov_pf_from_netdev(dev), pause->autoneg,
				   pause->rx_pause, pause->tx_pause);
}

const struct ethtool_ops spf_82576_ethtool_ops = {
	.get_drvinfo		= sriov_pf_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_link_ksettings	= spf_get_link_ksettings,
	.get_pauseparam		= spf_get_pauseparam,
	.set_pauseparam		= spf_set_pauseparam,
	.get_ringparam		= spf_get_ringparam,
	.get_sset_count		= spf_get_sset_count,
	.get_strings		= spf_get_strings,
	.get_ethtool_stats	= spf_get_ethtool_stats,
};
