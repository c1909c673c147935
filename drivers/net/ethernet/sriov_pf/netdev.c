// SPDX-License-Identifier: GPL-2.0
/*
 * sriov_pf - the PF netdev and its VF ops (ip link set PF vf N ...).
 *
 * The netdev carries the PF's own traffic through the backend's datapath
 * (pf_rings.c on the 82576/I350) and takes the standard VF configuration
 * (ip link set PF vf N ...) on PFs with a hardware backend.
 */

#include <linux/debugfs.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_vlan.h>
#include <linux/jiffies.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/seq_file.h>
#include <linux/workqueue.h>

#include "sriov_pf.h"

/* The netdev watchdog's: a queue stopped this long has timed out */
#define SRIOV_PF_TX_TIMEOUT		(5 * HZ)
/* A timeout this soon after a reset resets the whole device */
#define SRIOV_PF_TX_RESET_WINDOW	(30 * HZ)

/**
 * struct sriov_pf_netdev_priv - the PF netdev's private data
 * @pf: the PF
 * @dev: the netdev
 * @reset_work: the reset after a transmit timeout (sriov_pf_reset_work())
 * @last_reset: jiffies of the last reset
 * @reset_tx_packets: the transmit completions counted after that reset
 * @dp_resets: datapath resets so far
 * @dev_resets: device resets so far
 *
 * @reset_work is the only writer of the last four (a work item never
 * runs twice at once); debugfs reads the counters.
 */
struct sriov_pf_netdev_priv {
	struct sriov_pf *pf;
	struct net_device *dev;
	struct work_struct reset_work;
	unsigned long last_reset;
	u64 reset_tx_packets;
	unsigned long dp_resets;
	unsigned long dev_resets;
};

/**
 * sriov_pf_from_netdev() - the PF of a PF netdev
 * @dev: the PF netdev
 *
 * Return: the PF.
 */
struct sriov_pf *sriov_pf_from_netdev(struct net_device *dev)
{
	struct sriov_pf_netdev_priv *priv = netdev_priv(dev);

	return priv->pf;
}

static void __sriov_pf_carrier_update(struct sriov_pf *pf)
{
	struct net_device *dev = pf->netdev;
	bool up;

	ASSERT_RTNL();
	if (!dev)
		return;
	up = netif_running(dev) && pf->ops->link_up(pf);
	if (up && !netif_carrier_ok(dev)) {
		netif_carrier_on(dev);
		netdev_info(dev, "link up\n");
	} else if (!up && netif_carrier_ok(dev)) {
		netif_carrier_off(dev);
		netdev_info(dev, "link down\n");
	}
}

/**
 * sriov_pf_carrier_update() - make the netdev carrier follow the PF link
 * @pf: the PF
 *
 * Process context, RTNL not held; the backend calls it from its link work.
 */
void sriov_pf_carrier_update(struct sriov_pf *pf)
{
	rtnl_lock();
	__sriov_pf_carrier_update(pf);
	rtnl_unlock();
}

static int sriov_pf_open(struct net_device *dev)
{
	struct sriov_pf *pf = sriov_pf_from_netdev(dev);
	int err;

	ASSERT_RTNL();
	netif_carrier_off(dev);
	if (pf->ops->open) {
		err = pf->ops->open(pf);
		if (err)
			return err;
	}
	netif_start_queue(dev);
	__sriov_pf_carrier_update(pf);
	return 0;
}

static int sriov_pf_stop(struct net_device *dev)
{
	struct sriov_pf *pf = sriov_pf_from_netdev(dev);

	ASSERT_RTNL();
	netif_carrier_off(dev);
	if (pf->ops->close)
		pf->ops->close(pf);
	netif_tx_disable(dev);
	return 0;
}

static netdev_tx_t sriov_pf_start_xmit(struct sk_buff *skb,
				       struct net_device *dev)
{
	struct sriov_pf *pf = sriov_pf_from_netdev(dev);

	return pf->ops->xmit(skb, pf);
}

static netdev_features_t sriov_pf_features_check(struct sk_buff *skb,
						 struct net_device *dev,
						 netdev_features_t features)
{
	struct sriov_pf *pf = sriov_pf_from_netdev(dev);

	/* what the core checks for a driver without ndo_features_check */
	features = vlan_features_check(skb, features);
	if (pf->ops->features_check)
		features = pf->ops->features_check(pf, skb, features);
	return features;
}

/* Is the PF's transmit queue (it has one) still stopped? */
static bool sriov_pf_tx_stuck(struct net_device *dev)
{
	return netif_xmit_stopped(netdev_get_tx_queue(dev, 0));
}

/* The transmit completions counted so far.  RTNL held. */
static u64 sriov_pf_tx_done(struct net_device *dev)
{
	struct rtnl_link_stats64 st;

	ASSERT_RTNL();
	dev_get_stats(dev, &st);
	return st.tx_packets;
}

/* After a transmit timeout: close and open the PF's datapath (its rings
 * and its pool, which no VF shares), as igb's reset task takes its
 * queues down and up.  A timeout within SRIOV_PF_TX_RESET_WINDOW of a
 * reset, or one with no transmit completed since the last reset (a slow
 * host may take longer than the window to fill the queue again), means
 * that was not enough: the device is reset as after a function reset
 * (sriov_pf_reset_device()), and the VFs are asked to reset and get
 * their settings back.
 */
static void sriov_pf_reset_work(struct work_struct *work)
{
	struct sriov_pf_netdev_priv *priv =
		container_of(work, struct sriov_pf_netdev_priv, reset_work);
	struct net_device *dev = priv->dev;
	struct sriov_pf *pf = priv->pf;
	bool again, soon;
	int err;

	rtnl_lock();
	/* down, or detached for PM or a PCI error: open or start rebuilds */
	if (!netif_running(dev) || !netif_device_present(dev)) {
		rtnl_unlock();
		return;
	}
	if (!sriov_pf_tx_stuck(dev)) {
		netdev_info(dev, "transmit queue moving again: no reset\n");
		rtnl_unlock();
		return;
	}
	soon = time_before(jiffies, priv->last_reset + SRIOV_PF_TX_RESET_WINDOW);
	again = (priv->dp_resets || priv->dev_resets) &&
		(soon || sriov_pf_tx_done(dev) == priv->reset_tx_packets);
	if (!again && pf->ops->close && pf->ops->open) {
		netdev_warn(dev, "transmit timed out: resetting the datapath\n");
		pf->ops->close(pf);
		err = pf->ops->open(pf);
		if (err)
			netdev_err(dev,
				   "cannot restart the datapath after a transmit timeout: %d; take the interface down and up\n",
				   err);
		netif_tx_wake_all_queues(dev);
		priv->last_reset = jiffies;
		priv->reset_tx_packets = sriov_pf_tx_done(dev);
		WRITE_ONCE(priv->dp_resets, priv->dp_resets + 1);
		rtnl_unlock();
		return;
	}
	rtnl_unlock();

	if (soon)
		netdev_warn(dev,
			    "transmit timed out again within %u s of a reset: resetting the device, its VFs are asked to reset\n",
			    SRIOV_PF_TX_RESET_WINDOW / HZ);
	else
		netdev_warn(dev,
			    "transmit timed out again, nothing sent since the last reset: resetting the device, its VFs are asked to reset\n");
	err = sriov_pf_reset_device(pf, "a transmit timeout");
	if (err == -EBUSY)
		netdev_warn(dev, "device busy: the next timeout resets it\n");
	if (err)
		return;
	rtnl_lock();
	priv->last_reset = jiffies;
	priv->reset_tx_packets = sriov_pf_tx_done(dev);
	rtnl_unlock();
	WRITE_ONCE(priv->dev_resets, priv->dev_resets + 1);
}

/* The netdev watchdog: the queue has been stopped (ring full, or BQL's
 * limit reached) for SRIOV_PF_TX_TIMEOUT with nothing sent.  Timer
 * context; the reset sleeps.
 */
static void sriov_pf_tx_timeout(struct net_device *dev, unsigned int txqueue)
{
	struct sriov_pf_netdev_priv *priv = netdev_priv(dev);

	schedule_work(&priv->reset_work);
}

static int sriov_pf_tx_resets_show(struct seq_file *m, void *v)
{
	struct sriov_pf_netdev_priv *priv = m->private;

	seq_printf(m, "datapath %lu\n", READ_ONCE(priv->dp_resets));
	seq_printf(m, "device %lu\n", READ_ONCE(priv->dev_resets));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sriov_pf_tx_resets);

static int sriov_pf_fault_tx_stall_get(void *data, u64 *val)
{
	struct sriov_pf *pf = data;

	*val = pf->ops->tx_stall_get(pf);
	return 0;
}

static int sriov_pf_fault_tx_stall_set(void *data, u64 val)
{
	struct sriov_pf *pf = data;

	if (val > UINT_MAX)
		return -EINVAL;
	return pf->ops->tx_stall_set(pf, val);
}
DEFINE_DEBUGFS_ATTRIBUTE(sriov_pf_fault_tx_stall_fops,
			 sriov_pf_fault_tx_stall_get,
			 sriov_pf_fault_tx_stall_set, "%llu\n");

/**
 * sriov_pf_netdev_debugfs() - the PF netdev's files in debugfs
 * @pf: the PF, with a netdev
 * @dir: its debugfs directory
 *
 * <PF>/tx_resets: the resets after transmit timeouts.
 * <PF>/fault_tx_stall: a transmit stall to inject (hw_ops->tx_stall_set).
 */
void sriov_pf_netdev_debugfs(struct sriov_pf *pf, struct dentry *dir)
{
	debugfs_create_file("tx_resets", 0444, dir, netdev_priv(pf->netdev),
			    &sriov_pf_tx_resets_fops);
	if (pf->ops->tx_stall_get && pf->ops->tx_stall_set)
		debugfs_create_file_unsafe("fault_tx_stall", 0600, dir, pf,
					   &sriov_pf_fault_tx_stall_fops);
}

static void sriov_pf_get_stats64(struct net_device *dev,
				 struct rtnl_link_stats64 *s)
{
	struct sriov_pf *pf = sriov_pf_from_netdev(dev);

	if (pf->ops->get_stats64)
		pf->ops->get_stats64(pf, s);
}

static int sriov_pf_set_mac_address(struct net_device *dev, void *p)
{
	struct sriov_pf *pf = sriov_pf_from_netdev(dev);
	struct sockaddr *addr = p;
	int err;

	ASSERT_RTNL();
	if (!pf->ops->set_mac)
		return -EOPNOTSUPP;
	err = eth_prepare_mac_addr_change(dev, p);
	if (err)
		return err;
	err = pf->ops->set_mac(pf, (const u8 *)addr->sa_data);
	if (err)
		return err;
	eth_commit_mac_addr_change(dev, p);
	return 0;
}

static void sriov_pf_set_rx_mode(struct net_device *dev)
{
	struct sriov_pf *pf = sriov_pf_from_netdev(dev);

	if (pf->ops->set_rx_mode)
		pf->ops->set_rx_mode(pf);
}

static int sriov_pf_change_mtu(struct net_device *dev, int new_mtu)
{
	struct sriov_pf *pf = sriov_pf_from_netdev(dev);
	int err;

	ASSERT_RTNL();
	if (pf->ops->change_mtu) {
		err = pf->ops->change_mtu(pf, new_mtu);
		if (err)
			return err;
	}
	netdev_dbg(dev, "MTU %u -> %d\n", dev->mtu, new_mtu);
	WRITE_ONCE(dev->mtu, new_mtu);
	return 0;
}

static int sriov_pf_vlan_rx_add_vid(struct net_device *dev, __be16 proto,
				    u16 vid)
{
	struct sriov_pf *pf = sriov_pf_from_netdev(dev);

	ASSERT_RTNL();
	if (!pf->ops->vlan_add)
		return -EOPNOTSUPP;
	return pf->ops->vlan_add(pf, vid);
}

static int sriov_pf_vlan_rx_kill_vid(struct net_device *dev, __be16 proto,
				     u16 vid)
{
	struct sriov_pf *pf = sriov_pf_from_netdev(dev);

	ASSERT_RTNL();
	if (!pf->ops->vlan_kill)
		return -EOPNOTSUPP;
	return pf->ops->vlan_kill(pf, vid);
}

/* The VF ops: thin callers of vf.c, which validates, commits and applies */

static int sriov_pf_set_vf_mac(struct net_device *dev, int vf, u8 *mac)
{
	return sriov_pf_vf_set_mac(sriov_pf_from_netdev(dev), vf, mac);
}

static int sriov_pf_set_vf_vlan(struct net_device *dev, int vf, u16 vlan,
				u8 qos, __be16 proto)
{
	if (proto != htons(ETH_P_8021Q))
		return -EPROTONOSUPPORT;
	return sriov_pf_vf_set_vlan(sriov_pf_from_netdev(dev), vf, vlan, qos);
}

static int sriov_pf_set_vf_spoofchk(struct net_device *dev, int vf,
				    bool setting)
{
	return sriov_pf_vf_set_spoofchk(sriov_pf_from_netdev(dev), vf,
					setting);
}

static int sriov_pf_set_vf_trust(struct net_device *dev, int vf, bool setting)
{
	return sriov_pf_vf_set_trust(sriov_pf_from_netdev(dev), vf, setting);
}

static int sriov_pf_set_vf_link_state(struct net_device *dev, int vf,
				      int state)
{
	return sriov_pf_vf_set_link_state(sriov_pf_from_netdev(dev), vf,
					  state);
}

static int sriov_pf_set_vf_rate(struct net_device *dev, int vf,
				int min_tx_rate, int max_tx_rate)
{
	return sriov_pf_vf_set_rate(sriov_pf_from_netdev(dev), vf, min_tx_rate,
				    max_tx_rate);
}

static int sriov_pf_get_vf_stats(struct net_device *dev, int vf,
				 struct ifla_vf_stats *st)
{
	return sriov_pf_vf_stats(sriov_pf_from_netdev(dev), vf, st);
}

static int sriov_pf_get_vf_config(struct net_device *dev, int vf,
				  struct ifla_vf_info *ivi)
{
	struct sriov_pf_vf cfg;
	int err;

	err = sriov_pf_vf_get(sriov_pf_from_netdev(dev), vf, &cfg);
	if (err)
		return err;

	ivi->vf = vf;
	ether_addr_copy(ivi->mac, cfg.mac);
	ivi->vlan = cfg.vlan;
	ivi->qos = cfg.qos;
	ivi->vlan_proto = htons(ETH_P_8021Q);
	ivi->spoofchk = cfg.spoofchk;
	ivi->trusted = cfg.trusted;
	ivi->linkstate = cfg.link_state;
	ivi->max_tx_rate = cfg.max_tx_rate;
	return 0;
}

static const struct net_device_ops sriov_pf_netdev_ops = {
	.ndo_open		= sriov_pf_open,
	.ndo_stop		= sriov_pf_stop,
	.ndo_start_xmit		= sriov_pf_start_xmit,
	.ndo_features_check	= sriov_pf_features_check,
	.ndo_tx_timeout		= sriov_pf_tx_timeout,
	.ndo_get_stats64	= sriov_pf_get_stats64,
	.ndo_set_mac_address	= sriov_pf_set_mac_address,
	.ndo_set_rx_mode	= sriov_pf_set_rx_mode,
	.ndo_change_mtu		= sriov_pf_change_mtu,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_vlan_rx_add_vid	= sriov_pf_vlan_rx_add_vid,
	.ndo_vlan_rx_kill_vid	= sriov_pf_vlan_rx_kill_vid,
	.ndo_set_vf_mac		= sriov_pf_set_vf_mac,
	.ndo_set_vf_vlan	= sriov_pf_set_vf_vlan,
	.ndo_set_vf_spoofchk	= sriov_pf_set_vf_spoofchk,
	.ndo_set_vf_trust	= sriov_pf_set_vf_trust,
	.ndo_set_vf_link_state	= sriov_pf_set_vf_link_state,
	.ndo_set_vf_rate	= sriov_pf_set_vf_rate,
	.ndo_get_vf_stats	= sriov_pf_get_vf_stats,
	.ndo_get_vf_config	= sriov_pf_get_vf_config,
};

/**
 * sriov_pf_get_drvinfo() - ethtool -i, for every backend's ethtool ops
 * @dev: the PF netdev
 * @info: the answer
 */
void sriov_pf_get_drvinfo(struct net_device *dev, struct ethtool_drvinfo *info)
{
	struct sriov_pf *pf = sriov_pf_from_netdev(dev);

	strscpy(info->driver, SRIOV_PF_DRV_NAME, sizeof(info->driver));
	strscpy(info->version, SRIOV_PF_VERSION, sizeof(info->version));
	strscpy(info->bus_info, pci_name(pf->pdev), sizeof(info->bus_info));
}

static const struct ethtool_ops sriov_pf_ethtool_ops = {
	.get_drvinfo		= sriov_pf_get_drvinfo,
	.get_link		= ethtool_op_get_link,
};

/**
 * sriov_pf_netdev_create() - register the PF netdev
 * @pf: the PF; pf->perm_addr is set
 *
 * Return: 0 or a negative errno.
 */
int sriov_pf_netdev_create(struct sriov_pf *pf)
{
	struct sriov_pf_netdev_priv *priv;
	struct net_device *dev;
	int err;

	dev = alloc_etherdev(sizeof(*priv));
	if (!dev)
		return -ENOMEM;
	priv = netdev_priv(dev);
	priv->pf = pf;
	priv->dev = dev;
	INIT_WORK(&priv->reset_work, sriov_pf_reset_work);

	SET_NETDEV_DEV(dev, sriov_pf_dev(pf));
	dev->netdev_ops = &sriov_pf_netdev_ops;
	dev->ethtool_ops = pf->ops->ethtool_ops ?: &sriov_pf_ethtool_ops;
	/* VLAN filtering and stripping stay on: the pool's filter entries
	 * and strip setting follow the host VLANs, not a feature flag
	 */
	dev->hw_features = pf->ops->features & ~(NETIF_F_HW_VLAN_CTAG_RX |
						 NETIF_F_HW_VLAN_CTAG_FILTER);
	dev->features = pf->ops->features;
	dev->vlan_features = pf->ops->features & ~(NETIF_F_HW_VLAN_CTAG_TX |
						   NETIF_F_HW_VLAN_CTAG_RX |
						   NETIF_F_HW_VLAN_CTAG_FILTER);
	if (pf->ops->max_mtu)
		dev->max_mtu = pf->ops->max_mtu;
	dev->watchdog_timeo = SRIOV_PF_TX_TIMEOUT;
	/* secondary unicast MACs are filtered, not promiscuous mode */
	if (pf->ops->set_rx_mode)
		dev->priv_flags |= IFF_UNICAST_FLT;
	/* the MAC filter changes in place */
	if (pf->ops->set_mac)
		dev->priv_flags |= IFF_LIVE_ADDR_CHANGE;
	memcpy(dev->perm_addr, pf->perm_addr, ETH_ALEN);
	eth_hw_addr_set(dev, pf->perm_addr);
	netif_carrier_off(dev);

	/* Published under RTNL, where the link work looks at it */
	rtnl_lock();
	pf->netdev = dev;
	err = register_netdevice(dev);
	if (err)
		pf->netdev = NULL;
	rtnl_unlock();
	if (err) {
		free_netdev(dev);
		return err;
	}
	return 0;
}

/**
 * sriov_pf_netdev_destroy() - unregister the PF netdev
 * @pf: the PF
 */
void sriov_pf_netdev_destroy(struct sriov_pf *pf)
{
	struct net_device *dev = pf->netdev;
	struct sriov_pf_netdev_priv *priv;

	if (!dev)
		return;
	priv = netdev_priv(dev);
	/* Clear pf->netdev under RTNL: the link work looks at it there. */
	rtnl_lock();
	unregister_netdevice(dev);
	pf->netdev = NULL;
	rtnl_unlock();
	/* closed and its watchdog stopped: a reset still queued finds the
	 * netdev down (the device lock the caller holds is only tried)
	 */
	cancel_work_sync(&priv->reset_work);
	free_netdev(dev);
}
