// SPDX-License-Identifier: GPL-2.0
/*
 * sriov_pf - the PF netdev and its VF ops (ip link set PF vf N ...).
 *
 * The netdev carries the PF's own traffic through the backend's datapath
 * (pf_rings.c on the 82576/I350) and takes the standard VF configuration
 * (ip link set PF vf N ...) on PFs with a hardware backend.
 */

#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "sriov_pf.h"

struct sriov_pf_netdev_priv {
	struct sriov_pf *pf;
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

static void sriov_pf_get_stats64(struct net_device *dev,
				 struct rtnl_link_stats64 *s)
{
	struct sriov_pf *pf = sriov_pf_from_netdev(dev);

	if (pf->ops->get_stats64)
		pf->ops->get_stats64(pf, s);
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

static int sriov_pf_vf_check(struct sriov_pf *pf, int vf)
{
	if (vf < 0 || vf >= pf->num_vfs)
		return -EINVAL;
	return 0;
}

/* Apply a change to the hardware once the VFs exist (RTNL held). */
static int sriov_pf_vf_apply(struct sriov_pf *pf, int vf, unsigned int what)
{
	if (!pf->ops->vf_update || !pci_num_vf(pf->pdev))
		return 0;
	return pf->ops->vf_update(pf, vf, what);
}

static int sriov_pf_set_vf_mac(struct net_device *dev, int vf, u8 *mac)
{
	struct sriov_pf *pf = sriov_pf_from_netdev(dev);
	u8 new_mac[ETH_ALEN];
	bool admin;
	int err;

	ASSERT_RTNL();
	err = sriov_pf_vf_check(pf, vf);
	if (err)
		return err;
	if (is_multicast_ether_addr(mac)) {
		netdev_err(dev, "VF %d: %pM is a multicast address\n", vf, mac);
		return -EINVAL;
	}

	/* The all-zero MAC restores the default, as libvirt expects.  The
	 * administrator's own MAC is taken as given (as igb does), with a
	 * warning when the host already uses it.
	 */
	admin = !is_zero_ether_addr(mac);
	if (admin && sriov_pf_mac_in_use_host(pf->pdev, pf, vf, mac))
		netdev_warn(dev, "VF %d: %pM is already in use on this host\n",
			    vf, mac);

	spin_lock_irq(&pf->vf_lock);
	if (admin) {
		ether_addr_copy(new_mac, mac);
		sriov_pf_vf_mac_store(pf, vf, new_mac);
	} else {
		sriov_pf_vf_mac_default(pf, vf, new_mac);
	}
	ether_addr_copy(pf->vfs[vf].base_mac, new_mac);
	pf->vfs[vf].admin_mac = admin;
	spin_unlock_irq(&pf->vf_lock);

	err = sriov_pf_vf_apply(pf, vf, SRIOV_PF_VF_MAC);
	if (err)
		return err;

	if (pci_num_vf(pf->pdev))
		netdev_info(dev, "VF %d: MAC %pM (%s); the VF driver reads it at its next VF reset\n",
			    vf, new_mac, admin ? "set by administrator" : "default");
	return 0;
}

static int sriov_pf_set_vf_vlan(struct net_device *dev, int vf, u16 vlan,
				u8 qos, __be16 proto)
{
	struct sriov_pf *pf = sriov_pf_from_netdev(dev);
	u16 old_vlan;
	u8 old_qos;
	int err;

	ASSERT_RTNL();
	err = sriov_pf_vf_check(pf, vf);
	if (err)
		return err;
	if (vlan > VLAN_VID_MASK - 1 || qos > 7)
		return -EINVAL;
	if (proto != htons(ETH_P_8021Q))
		return -EPROTONOSUPPORT;

	spin_lock_irq(&pf->vf_lock);
	old_vlan = pf->vfs[vf].vlan;
	old_qos = pf->vfs[vf].qos;
	pf->vfs[vf].vlan = vlan;
	pf->vfs[vf].qos = vlan ? qos : 0;
	spin_unlock_irq(&pf->vf_lock);

	err = sriov_pf_vf_apply(pf, vf, SRIOV_PF_VF_VLAN);
	if (!err)
		return 0;
	if (err == -ENOSPC)
		netdev_err(dev, "VF %d: no VLAN filter entry left for VLAN %u; VLAN %u kept\n",
			   vf, vlan, old_vlan);
	spin_lock_irq(&pf->vf_lock);
	pf->vfs[vf].vlan = old_vlan;
	pf->vfs[vf].qos = old_qos;
	spin_unlock_irq(&pf->vf_lock);
	sriov_pf_vf_apply(pf, vf, SRIOV_PF_VF_VLAN);
	return err;
}

static int sriov_pf_set_vf_spoofchk(struct net_device *dev, int vf,
				    bool setting)
{
	struct sriov_pf *pf = sriov_pf_from_netdev(dev);
	int err;

	ASSERT_RTNL();
	err = sriov_pf_vf_check(pf, vf);
	if (err)
		return err;

	spin_lock_irq(&pf->vf_lock);
	pf->vfs[vf].spoofchk = setting;
	spin_unlock_irq(&pf->vf_lock);
	return sriov_pf_vf_apply(pf, vf, SRIOV_PF_VF_SPOOFCHK);
}

static int sriov_pf_set_vf_trust(struct net_device *dev, int vf, bool setting)
{
	struct sriov_pf *pf = sriov_pf_from_netdev(dev);
	unsigned int what = SRIOV_PF_VF_TRUST;
	bool revoke;
	int err;

	ASSERT_RTNL();
	err = sriov_pf_vf_check(pf, vf);
	if (err)
		return err;

	/* Revoking trust takes back what the VF did while trusted: its own
	 * MAC goes back to the administrator's or the default one, and the
	 * backend resets the VF.
	 */
	spin_lock_irq(&pf->vf_lock);
	if (pf->vfs[vf].trusted == setting) {
		spin_unlock_irq(&pf->vf_lock);
		return 0;
	}
	revoke = !setting;
	pf->vfs[vf].trusted = setting;
	if (revoke && !ether_addr_equal(pf->vfs[vf].mac, pf->vfs[vf].base_mac)) {
		sriov_pf_vf_mac_store(pf, vf, pf->vfs[vf].base_mac);
		what |= SRIOV_PF_VF_MAC;
	}
	spin_unlock_irq(&pf->vf_lock);
	netdev_info(dev, "VF %d is %strusted%s\n", vf, setting ? "" : "not ",
		    revoke ? ": reset to its administrator's settings" : "");
	return sriov_pf_vf_apply(pf, vf, what);
}

static int sriov_pf_set_vf_link_state(struct net_device *dev, int vf,
				      int state)
{
	struct sriov_pf *pf = sriov_pf_from_netdev(dev);
	int err;

	ASSERT_RTNL();
	err = sriov_pf_vf_check(pf, vf);
	if (err)
		return err;
	switch (state) {
	case IFLA_VF_LINK_STATE_AUTO:
	case IFLA_VF_LINK_STATE_ENABLE:
	case IFLA_VF_LINK_STATE_DISABLE:
		break;
	default:
		return -EINVAL;
	}

	spin_lock_irq(&pf->vf_lock);
	pf->vfs[vf].link_state = state;
	spin_unlock_irq(&pf->vf_lock);
	return sriov_pf_vf_apply(pf, vf, SRIOV_PF_VF_LINK);
}

static int sriov_pf_get_vf_config(struct net_device *dev, int vf,
				  struct ifla_vf_info *ivi)
{
	struct sriov_pf *pf = sriov_pf_from_netdev(dev);
	struct sriov_pf_vf *cfg;
	int err;

	err = sriov_pf_vf_check(pf, vf);
	if (err)
		return err;

	cfg = &pf->vfs[vf];
	spin_lock_irq(&pf->vf_lock);
	ivi->vf = vf;
	ether_addr_copy(ivi->mac, cfg->mac);
	ivi->vlan = cfg->vlan;
	ivi->qos = cfg->qos;
	ivi->vlan_proto = htons(ETH_P_8021Q);
	ivi->spoofchk = cfg->spoofchk;
	ivi->trusted = cfg->trusted;
	ivi->linkstate = cfg->link_state;
	spin_unlock_irq(&pf->vf_lock);
	return 0;
}

static const struct net_device_ops sriov_pf_netdev_ops = {
	.ndo_open		= sriov_pf_open,
	.ndo_stop		= sriov_pf_stop,
	.ndo_start_xmit		= sriov_pf_start_xmit,
	.ndo_get_stats64	= sriov_pf_get_stats64,
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
 * sriov_pf_vfs_assign_macs() - give every VF its MAC before it exists
 * @pf: the PF, with @pf->num_vfs set to the count about to be enabled
 *
 * Goes through the same ndo_set_vf_mac path as the administrator: VFs
 * without an admin MAC get the default (the all-zero request), VFs with
 * one keep it.  RTNL held.
 *
 * Return: 0 or a negative errno.
 */
int sriov_pf_vfs_assign_macs(struct sriov_pf *pf)
{
	u8 mac[ETH_ALEN];
	u16 vf;
	int err;

	ASSERT_RTNL();
	for (vf = 0; vf < pf->num_vfs; vf++) {
		if (pf->vfs[vf].admin_mac)
			ether_addr_copy(mac, pf->vfs[vf].base_mac);
		else
			eth_zero_addr(mac);
		err = sriov_pf_netdev_ops.ndo_set_vf_mac(pf->netdev, vf, mac);
		if (err)
			return err;
	}
	return 0;
}

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
	/* secondary unicast MACs are filtered, not promiscuous mode */
	if (pf->ops->set_rx_mode)
		dev->priv_flags |= IFF_UNICAST_FLT;
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

	if (!dev)
		return;
	/* Clear pf->netdev under RTNL: the link work looks at it there. */
	rtnl_lock();
	unregister_netdevice(dev);
	pf->netdev = NULL;
	rtnl_unlock();
	free_netdev(dev);
}
