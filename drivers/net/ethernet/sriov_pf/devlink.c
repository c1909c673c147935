// SPDX-License-Identifier: GPL-2.0
/*
 * sriov_pf - devlink: one instance per bound PF (hardware and generic
 * mode alike), named pci/<PF address>, with
 *
 *  - devlink dev info: the driver and, when the PF has the capability,
 *    its PCIe Device Serial Number as the serial number;
 *  - one port of flavour pci_vf per enabled VF (pfNvfM), whose port
 *    function hw_addr is the VF's MAC.  On a PF with a hardware backend,
 *    setting it is ip link set PF vf M mac: the same path, the same
 *    checks, the same "administrator's MAC" that a VF reset hands to the
 *    VF driver.  In generic mode sriov_pf knows no MAC of the VF's
 *    function (an NVMe VF has none) and programs nothing: hw_addr is not
 *    reported, and setting it fails with -EOPNOTSUPP.
 *
 * There is no PF port: devlink needs none for VF port functions, and a
 * PF port would stand for an eswitch uplink the driver does not model.
 * The VF ports' type stays "notset": they have no representor netdev.
 * The devlink core's reminder about that, due an hour after each port is
 * registered (a WARN on older kernels), is cancelled at registration
 * (sriov_pf_devl_port_type_warn_cancel() in sriov_pf_compat.h).
 *
 * Locking: the PF's device lock serialises port creation and removal
 * (they run from probe, remove and sriov_configure); inside it the
 * devlink instance lock (devl_lock(), 5.18 on) is taken around the port
 * list, and devlink holds it around the port function callbacks, which
 * therefore never see a port being removed.  The callbacks take RTNL
 * for the VF configuration (order: device lock, devlink lock, RTNL; the
 * driver never takes the devlink lock under RTNL).  On kernels before
 * 5.18 devlink's private instance lock does the same inside
 * devlink_port_register() and devlink_port_unregister().
 */

#include <linux/etherdevice.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/devlink.h>

#include "sriov_pf.h"

/**
 * struct sriov_pf_dl_port - the devlink port of one VF
 * @dl: the devlink port
 * @pf: its PF
 * @vf: VF index, also the port index
 */
struct sriov_pf_dl_port {
	struct devlink_port dl;
	struct sriov_pf *pf;
	u16 vf;
};

/**
 * struct sriov_pf_devlink - the devlink instance's private data
 * @pf: the PF
 * @ports: one per enabled VF, NULL when no VF is enabled
 * @num_ports: entries in @ports
 *
 * @ports and @num_ports change under the PF's device lock and the
 * devlink instance lock.
 */
struct sriov_pf_devlink {
	struct sriov_pf *pf;
	struct sriov_pf_dl_port *ports;
	u16 num_ports;
};

static struct sriov_pf_dl_port *sriov_pf_dl_port(struct devlink_port *port)
{
	return container_of(port, struct sriov_pf_dl_port, dl);
}

#define SRIOV_PF_GENERIC_HW_ADDR_MSG \
	"generic mode: sriov_pf programs no MAC on this PF's VFs"

static int sriov_pf_dl_hw_addr_get(struct devlink_port *port, u8 *hw_addr,
				   int *hw_addr_len,
				   struct netlink_ext_ack *extack)
{
	struct sriov_pf_dl_port *p = sriov_pf_dl_port(port);
	struct sriov_pf *pf = p->pf;

	sriov_pf_devl_assert_locked(pf->devlink);
	/* devlink leaves hw_addr out of the reply on -EOPNOTSUPP */
	if (!pf->ops)
		return -EOPNOTSUPP;
	spin_lock_irq(&pf->vf_lock);
	ether_addr_copy(hw_addr, pf->vfs[p->vf].mac);
	spin_unlock_irq(&pf->vf_lock);
	*hw_addr_len = ETH_ALEN;
	return 0;
}

static int sriov_pf_dl_hw_addr_set(struct devlink_port *port,
				   const u8 *hw_addr, int hw_addr_len,
				   struct netlink_ext_ack *extack)
{
	struct sriov_pf_dl_port *p = sriov_pf_dl_port(port);
	struct sriov_pf *pf = p->pf;
	int err;

	sriov_pf_devl_assert_locked(pf->devlink);
	if (!pf->ops) {
		NL_SET_ERR_MSG_MOD(extack, SRIOV_PF_GENERIC_HW_ADDR_MSG);
		return -EOPNOTSUPP;
	}
	if (hw_addr_len != ETH_ALEN) {
		NL_SET_ERR_MSG_MOD(extack, "an Ethernet address has 6 bytes");
		return -EINVAL;
	}
	rtnl_lock();
	err = sriov_pf_vf_set_mac(pf, p->vf, hw_addr);
	rtnl_unlock();
	if (err)
		NL_SET_ERR_MSG_MOD(extack, "the VF's MAC was not changed (see the kernel log)");
	return err;
}

static int sriov_pf_dl_info_get(struct devlink *devlink,
				struct devlink_info_req *req,
				struct netlink_ext_ack *extack)
{
	struct sriov_pf_devlink *priv = devlink_priv(devlink);
	struct sriov_pf *pf = priv->pf;
	char serial[3 * sizeof(u64)];
	__be64 be;
	u64 dsn;
	int err;

	err = sriov_pf_devlink_info_driver_name_put(req, SRIOV_PF_DRV_NAME);
	if (err)
		return err;

	/* No driver version (devlink-info.rst discourages it: modinfo has
	 * it).  The serial number is the device's, the same on every port
	 * of it: the Device Serial Number as ice and bnxt print it, 8
	 * bytes most significant first, or none.  A port's MAC is no
	 * serial number: two ports of one I350 have two.
	 */
	dsn = pci_get_dsn(pf->pdev);
	if (!dsn)
		return 0;
	be = cpu_to_be64(dsn);
	snprintf(serial, sizeof(serial), "%8phD", &be);
	return devlink_info_serial_number_put(req, serial);
}

SRIOV_PF_DEVLINK_OPS(sriov_pf_devlink_ops, sriov_pf_dl_info_get,
		     sriov_pf_dl_hw_addr_get, sriov_pf_dl_hw_addr_set);

/**
 * sriov_pf_devlink_ports_add() - a devlink port for each enabled VF
 * @pf: the PF, its device lock held, @num_vfs VFs just enabled
 * @num_vfs: VFs enabled
 *
 * A VF without its port is still served: a failure is logged, and the
 * VFs keep working without devlink ports.
 */
void sriov_pf_devlink_ports_add(struct sriov_pf *pf, u16 num_vfs)
{
	struct devlink *devlink = pf->devlink;
	struct sriov_pf_devlink *priv;
	struct sriov_pf_dl_port *ports;
	u16 vf;
	int err = 0;

	device_lock_assert(&pf->pdev->dev);
	if (!devlink || !num_vfs)
		return;
	priv = devlink_priv(devlink);
	if (WARN_ON(priv->ports))
		return;

	/* the allocator says so when this fails */
	ports = kcalloc(num_vfs, sizeof(*ports), GFP_KERNEL);
	if (!ports)
		return;

	sriov_pf_devl_lock(devlink);
	for (vf = 0; vf < num_vfs; vf++) {
		struct sriov_pf_dl_port *p = &ports[vf];

		p->pf = pf;
		p->vf = vf;
		devlink_port_attrs_pci_vf_set(&p->dl, 0,
					      PCI_FUNC(pf->pdev->devfn), vf,
					      false);
		err = sriov_pf_devl_port_register(devlink, &p->dl, vf,
						  sriov_pf_devlink_ops);
		if (err)
			break;
		/* type notset for good: no "Type was not set" in an hour */
		sriov_pf_devl_port_type_warn_cancel(&p->dl);
	}
	if (err) {
		while (vf--)
			sriov_pf_devl_port_unregister(&ports[vf].dl);
		kfree(ports);
	} else {
		priv->ports = ports;
		priv->num_ports = num_vfs;
	}
	sriov_pf_devl_unlock(devlink);
	if (err)
		pci_warn(pf->pdev, "cannot register devlink VF ports: %d; the VFs work without them\n",
			 err);
}

/**
 * sriov_pf_devlink_ports_del() - remove the VF ports
 * @pf: the PF, its device lock held; called before its VFs go
 */
void sriov_pf_devlink_ports_del(struct sriov_pf *pf)
{
	struct devlink *devlink = pf->devlink;
	struct sriov_pf_devlink *priv;
	struct sriov_pf_dl_port *ports;
	u16 i;

	device_lock_assert(&pf->pdev->dev);
	if (!devlink)
		return;
	priv = devlink_priv(devlink);

	sriov_pf_devl_lock(devlink);
	ports = priv->ports;
	for (i = 0; i < priv->num_ports; i++)
		sriov_pf_devl_port_unregister(&ports[i].dl);
	priv->ports = NULL;
	priv->num_ports = 0;
	sriov_pf_devl_unlock(devlink);
	kfree(ports);
}

/**
 * sriov_pf_devlink_create() - register the PF with devlink
 * @pf: the PF, being probed (device lock held)
 *
 * devlink is a management interface: a PF that cannot have it still
 * enables and serves its VFs, with one warning.
 */
void sriov_pf_devlink_create(struct sriov_pf *pf)
{
	struct device *dev = sriov_pf_dev(pf);
	struct sriov_pf_devlink *priv;
	struct devlink *devlink;
	int err;

	devlink = sriov_pf_devlink_alloc(&sriov_pf_devlink_ops, sizeof(*priv),
					 dev);
	if (!devlink) {
		err = -ENOMEM;
		goto err_warn;
	}
	priv = devlink_priv(devlink);
	priv->pf = pf;

	err = sriov_pf_devlink_register(devlink, dev);
	if (err)
		goto err_free;
	pf->devlink = devlink;
	return;

err_free:
	devlink_free(devlink);
err_warn:
	pci_warn(pf->pdev, "cannot register with devlink: %d; no devlink instance for this PF\n",
		 err);
}

/**
 * sriov_pf_devlink_destroy() - undo sriov_pf_devlink_create()
 * @pf: the PF, its device lock held
 */
void sriov_pf_devlink_destroy(struct sriov_pf *pf)
{
	struct devlink *devlink = pf->devlink;

	if (!devlink)
		return;
	sriov_pf_devlink_ports_del(pf);
	devlink_unregister(devlink);
	pf->devlink = NULL;
	devlink_free(devlink);
}
