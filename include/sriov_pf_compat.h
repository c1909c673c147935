/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sriov_pf_compat.h - every kernel API difference sriov_pf meets between
 * the kernel lines it supports, in one place.  The driver's .c files use
 * the newest API; this header maps it onto older kernels.
 */
#ifndef _SRIOV_PF_COMPAT_H_
#define _SRIOV_PF_COMPAT_H_

#include <linux/device.h>
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>
#include <linux/version.h>
#include <net/devlink.h>

/*
 * driver_override moved from struct pci_dev to struct device (upstream
 * 6.19, backported to stable 6.12.y); Kbuild looks for its helper in the
 * headers.  A yes/no answer needs no device lock.
 */
#ifdef SRIOV_PF_HAVE_DEVICE_DRIVER_OVERRIDE
static inline bool sriov_pf_has_driver_override(struct pci_dev *pdev)
{
	bool set;

	/* device_has_driver_override() uses guard(), which sparse misreads */
	spin_lock(&pdev->dev.driver_override.lock);
	set = pdev->dev.driver_override.name;
	spin_unlock(&pdev->dev.driver_override.lock);
	return set;
}
#else
static inline bool sriov_pf_has_driver_override(struct pci_dev *pdev)
{
	return READ_ONCE(pdev->driver_override);
}
#endif

/*
 * The locks a write to sysfs sriov_numvfs takes around the PF driver's
 * ->sriov_configure() (sriov_numvfs_store(), drivers/pci/iov.c), for
 * companion mode, which creates VFs through that callback.  Every line
 * takes the PF's device lock first, which the caller does.  Stable trees
 * then added the PCI rescan/remove lock, first inside sriov_add_vfs() and
 * sriov_del_vfs() ("PCI/IOV: Add PCI rescan-remove locking when
 * enabling/disabling SR-IOV": 5.10.246, 6.1.157, 6.12.54), which
 * deadlocked on PF removal and was replaced by the same lock taken in
 * sriov_numvfs_store() around ->sriov_configure() ("PCI/IOV: Fix race
 * between SR-IOV enable/disable and hotplug": 5.10.252, 6.1.165, 6.12.75,
 * and 7.0).  The lock is taken here only where the store takes it: where
 * sriov_add_vfs() takes it itself, taking it around the callback would
 * deadlock, and where no one takes it, the store does not either.
 * Checked in the code of 5.10.262, 6.1.192 and 6.12.95 (Debian) and in
 * Debian's 7.3 image.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 0, 0) ||			\
	(LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 75) &&		\
	 LINUX_VERSION_CODE < KERNEL_VERSION(6, 13, 0)) ||		\
	(LINUX_VERSION_CODE >= KERNEL_VERSION(6, 1, 165) &&		\
	 LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)) ||		\
	(LINUX_VERSION_CODE >= KERNEL_VERSION(5, 10, 252) &&		\
	 LINUX_VERSION_CODE < KERNEL_VERSION(5, 11, 0))
static inline void sriov_pf_sriov_configure_lock(void)
{
	pci_lock_rescan_remove();
}

static inline void sriov_pf_sriov_configure_unlock(void)
{
	pci_unlock_rescan_remove();
}
#else
static inline void sriov_pf_sriov_configure_lock(void) { }
static inline void sriov_pf_sriov_configure_unlock(void) { }
#endif

/*
 * The netdev instance lock rtnetlink holds, besides RTNL, around a
 * driver's ndo calls when the driver asks for it (netdev_need_ops_lock():
 * request_ops_lock, queue management or shaper ops; upstream 6.15, and
 * mlx5e among the drivers), as do_setlink() does for ip link set PF vf N
 * ...; Kbuild looks for netdev_lock_ops() in the headers.  Before, RTNL
 * alone, and these are no-ops.  Taken inside RTNL.
 */
#ifdef SRIOV_PF_HAVE_NETDEV_LOCK_OPS
#include <net/netdev_lock.h>

static inline void sriov_pf_netdev_lock_ops(struct net_device *dev)
{
	ASSERT_RTNL();
	netdev_lock_ops(dev);
}

static inline void sriov_pf_netdev_unlock_ops(struct net_device *dev)
{
	netdev_unlock_ops(dev);
}
#else
static inline void sriov_pf_netdev_lock_ops(struct net_device *dev)
{
	ASSERT_RTNL();
}

static inline void sriov_pf_netdev_unlock_ops(struct net_device *dev) { }
#endif

/*
 * pci_iov_vf_id(): upstream 5.16.  Before that (and pci_iov_virtfn_bus()
 * is not exported either), compute it as the PCI core does, from the
 * First VF Offset and VF Stride of the PF's SR-IOV capability.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 16, 0) && defined(CONFIG_PCI_IOV)
static inline int pci_iov_vf_id(struct pci_dev *dev)
{
	struct pci_dev *pf;
	u16 offset, stride;
	int pos, rid;

	if (!dev->is_virtfn)
		return -EINVAL;
	pf = pci_physfn(dev);
	pos = pci_find_ext_capability(pf, PCI_EXT_CAP_ID_SRIOV);
	if (!pos)
		return -EINVAL;
	pci_read_config_word(pf, pos + PCI_SRIOV_VF_OFFSET, &offset);
	pci_read_config_word(pf, pos + PCI_SRIOV_VF_STRIDE, &stride);
	if (!stride)
		return -EINVAL;
	rid = (dev->bus->number << 8) + dev->devfn -
	      ((pf->bus->number << 8) + pf->devfn + offset);
	if (rid < 0 || rid % stride)
		return -EINVAL;
	return rid / stride;
}
#endif

/*
 * device_driver_attach() is exported from 5.13 on.  Before, device_attach()
 * binds the device to the first driver that matches it, which for a VF
 * just released by its native driver is that driver again; the caller
 * checks dev->driver afterwards.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 13, 0)
static inline int sriov_pf_device_driver_attach(struct device_driver *drv,
						struct device *dev)
{
	int ret = device_attach(dev);

	if (ret < 0)
		return ret;
	return ret ? 0 : -ENODEV;
}

#define device_driver_attach sriov_pf_device_driver_attach
#endif

/*
 * get_unaligned_le32() & co.: <linux/unaligned.h> from 6.12 on, the
 * architecture's <asm/unaligned.h> before.  Only the KUnit tests use them.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/*
 * KUNIT_EXPECT_MEMEQ() & co.: upstream 6.2.  The KUnit tests include
 * <kunit/test.h> before this header; the driver never sees these.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0) && defined(KUNIT_EXPECT_EQ)
#define KUNIT_EXPECT_MEMEQ(test, left, right, size) \
	KUNIT_EXPECT_EQ(test, memcmp(left, right, size), 0)
#define KUNIT_EXPECT_MEMEQ_MSG(test, left, right, size, fmt, ...) \
	KUNIT_EXPECT_EQ_MSG(test, memcmp(left, right, size), 0, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_MEMNEQ(test, left, right, size) \
	KUNIT_EXPECT_NE(test, memcmp(left, right, size), 0)
#endif

/*
 * netif_napi_add() lost its weight argument in 6.1; before, drivers
 * passed NAPI_POLL_WEIGHT, the default weight it has had since.
 */
static inline void
sriov_pf_napi_add(struct net_device *dev, struct napi_struct *napi,
		  int (*poll)(struct napi_struct *napi, int budget))
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0)
	netif_napi_add(dev, napi, poll, NAPI_POLL_WEIGHT);
#else
	netif_napi_add(dev, napi, poll);
#endif
}

/*
 * ethtool_ops.get_ringparam gained the kernel ring parameters and an
 * extack in 5.17.  SRIOV_PF_GET_RINGPARAM(name, fn) defines @name with
 * the kernel's signature around fn(dev, ring).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 17, 0)
#define SRIOV_PF_GET_RINGPARAM(name, fn)				\
static void name(struct net_device *dev, struct ethtool_ringparam *ring,	\
		 struct kernel_ethtool_ringparam *kring,		\
		 struct netlink_ext_ack *extack)			\
{									\
	fn(dev, ring);							\
}
#else
#define SRIOV_PF_GET_RINGPARAM(name, fn)				\
static void name(struct net_device *dev, struct ethtool_ringparam *ring)	\
{									\
	fn(dev, ring);							\
}
#endif

/*
 * devlink (devlink.c, built when CONFIG_NET_DEVLINK is set).  What moved
 * between the lines built here (5.10, 6.1, 6.12, 7.x); the versions are
 * the upstream releases that changed it:
 *
 *  - devlink_alloc() takes the parent device, and devlink_register() no
 *    longer does (5.15); devlink_register() returns void (5.16).
 *  - the instance lock is the driver's to take: devl_lock(),
 *    devl_port_register() (5.18).  Before, devlink_port_register() takes
 *    the instance's private lock itself, and nothing outside devlink can
 *    assert it: sriov_pf_devl_assert_locked() is a no-op there.
 *  - the port function callbacks lost their devlink argument (5.17) and
 *    moved from struct devlink_ops to a per-port struct devlink_port_ops
 *    (6.4).  devlink.c writes them with the 6.4 signature;
 *    SRIOV_PF_DEVLINK_OPS() puts them where the kernel looks for them.
 *  - the core reports the driver name in devlink dev info (6.2); before,
 *    the driver does.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 15, 0)
static inline struct devlink *
sriov_pf_devlink_alloc(const struct devlink_ops *ops, size_t size,
		       struct device *dev)
{
	return devlink_alloc(ops, size);
}

static inline int sriov_pf_devlink_register(struct devlink *devlink,
					    struct device *dev)
{
	return devlink_register(devlink, dev);
}
#else
static inline struct devlink *
sriov_pf_devlink_alloc(const struct devlink_ops *ops, size_t size,
		       struct device *dev)
{
	return devlink_alloc(ops, size, dev);
}

static inline int sriov_pf_devlink_register(struct devlink *devlink,
					    struct device *dev)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 16, 0)
	return devlink_register(devlink);
#else
	devlink_register(devlink);
	return 0;
#endif
}
#endif

#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 18, 0)
static inline void sriov_pf_devl_lock(struct devlink *devlink) { }
static inline void sriov_pf_devl_unlock(struct devlink *devlink) { }
static inline void sriov_pf_devl_assert_locked(struct devlink *devlink) { }
#define sriov_pf_devl_port_register(devlink, port, index, ops) \
	devlink_port_register(devlink, port, index)
#define sriov_pf_devl_port_unregister devlink_port_unregister
#else
#define sriov_pf_devl_lock devl_lock
#define sriov_pf_devl_unlock devl_unlock
#define sriov_pf_devl_assert_locked devl_assert_locked
#define sriov_pf_devl_port_unregister devl_port_unregister
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 4, 0)
#define sriov_pf_devl_port_register(devlink, port, index, ops) \
	devl_port_register(devlink, port, index)
#else
#define sriov_pf_devl_port_register(devlink, port, index, ops) \
	devl_port_register_with_ops(devlink, port, index, &ops##_port)
#endif
#endif

/*
 * An hour after a port is registered, the devlink core logs "Type was not
 * set for devlink port." unless the driver has set the port's type (the
 * netdev or IB device behind it), for every flavour but CPU, DSA and
 * unused: devlink_port_type_warn_schedule() in the port registration, on
 * every line built here.  Up to upstream 6.5 (and in the stable releases
 * that did not take that change) the message is a WARN(): with
 * panic_on_warn, a panic an hour after the VFs are enabled.  A pci_vf
 * port of sriov_pf has no type to set: there is no representor, and the
 * VF's own netdev, if any, belongs to the VF driver on the host or in a
 * guest.  Setting ETH without a netdev logs a warning of its own at once
 * (and dereferences the netdev on 5.10), so the reminder is cancelled
 * instead, right after the registration that scheduled it.  type_warn_dw
 * is the same struct devlink_port member from 5.1 to 7.x, and nothing
 * schedules it again for a port whose type is never set or cleared.
 */
static inline void sriov_pf_devl_port_type_warn_cancel(struct devlink_port *port)
{
	cancel_delayed_work_sync(&port->type_warn_dw);
}

/*
 * SRIOV_PF_DEVLINK_OPS(name, info_get, hw_addr_get, hw_addr_set) defines
 * the devlink_ops @name and, from 6.4 on, the port ops name_port that
 * sriov_pf_devl_port_register(devlink, port, index, name) gives each port.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define SRIOV_PF_DEVLINK_OPS(name, info, get, set)			\
static const struct devlink_ops name = {				\
	.info_get = info,						\
};									\
static const struct devlink_port_ops name##_port = {			\
	.port_fn_hw_addr_get = get,					\
	.port_fn_hw_addr_set = set,					\
}
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(5, 17, 0)
#define SRIOV_PF_DEVLINK_OPS(name, info, get, set)			\
static const struct devlink_ops name = {				\
	.info_get = info,						\
	.port_function_hw_addr_get = get,				\
	.port_function_hw_addr_set = set,				\
}
#else
#define SRIOV_PF_DEVLINK_OPS(name, info, get, set)			\
static int name##_hw_addr_get(struct devlink *devlink,			\
			      struct devlink_port *port, u8 *hw_addr,	\
			      int *hw_addr_len,				\
			      struct netlink_ext_ack *extack)		\
{									\
	return get(port, hw_addr, hw_addr_len, extack);			\
}									\
static int name##_hw_addr_set(struct devlink *devlink,			\
			      struct devlink_port *port,		\
			      const u8 *hw_addr, int hw_addr_len,	\
			      struct netlink_ext_ack *extack)		\
{									\
	return set(port, hw_addr, hw_addr_len, extack);			\
}									\
static const struct devlink_ops name = {				\
	.info_get = info,						\
	.port_function_hw_addr_get = name##_hw_addr_get,		\
	.port_function_hw_addr_set = name##_hw_addr_set,		\
}
#endif

static inline int sriov_pf_devlink_info_driver_name_put(struct devlink_info_req *req,
							const char *name)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
	return devlink_info_driver_name_put(req, name);
#else
	return 0;
#endif
}

#endif /* _SRIOV_PF_COMPAT_H_ */
