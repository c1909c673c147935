/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sriov_pf - a PF driver that makes SR-IOV usable with one command.
 *
 * Private header shared by the driver's files: the per-PF state, the VF
 * configuration the PF netdev exposes, and the small ops table behind which
 * a hardware backend (today the 82576/I350 family) plugs in.
 */
#ifndef _SRIOV_PF_H_
#define _SRIOV_PF_H_

#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_link.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "sriov_pf_compat.h"

#define SRIOV_PF_DRV_NAME	"sriov_pf"
/* SRIOV_PF_VERSION comes from dkms.conf (PACKAGE_VERSION), set by Kbuild. */

/* Upper bound the PCI spec allows for TotalVFs. */
#define SRIOV_PF_MAX_TOTAL_VFS	0xffff

/**
 * struct sriov_pf_cap - the driver's own parse of the SR-IOV capability
 *
 * Read with pci_read_config_*() at probe; nothing here comes from the PCI
 * core's private struct pci_sriov.
 */
struct sriov_pf_cap {
	u16 pos;			/* config offset of the capability */
	u32 caps;			/* SR-IOV Capabilities register */
	u16 initial_vfs;		/* InitialVFs */
	u16 total_vfs;			/* TotalVFs */
	u16 vf_offset;			/* First VF Offset (routing ID) */
	u16 vf_stride;			/* VF Stride (routing ID) */
	u16 vf_device;			/* VF Device ID */
	u8 func_dep_link;		/* Function Dependency Link */
	u32 supported_page_sizes;	/* Supported Page Sizes bitmap */
	u32 system_page_size;		/* System Page Size bitmap */
	unsigned int nr_bars;		/* number of VF BARs implemented */
	u64 vf_bar_size[PCI_SRIOV_NUM_BARS];	/* per-VF size, 0 = none */
	bool vf_bar_64[PCI_SRIOV_NUM_BARS];	/* BAR i is the low half of a 64-bit BAR */
};

/* Read-only config space accessor, so the parser can run on crafted data. */
struct sriov_pf_cfg_reader {
	int (*read32)(void *ctx, int where, u32 *val);
	int (*write32)(void *ctx, int where, u32 val);
	void *ctx;
};

int sriov_pf_cap_parse(const struct sriov_pf_cfg_reader *rd, u16 pos,
		       struct sriov_pf_cap *cap, const char **why);
int sriov_pf_cap_read(struct pci_dev *pdev, struct sriov_pf_cap *cap);

/**
 * struct sriov_pf_vf - what the administrator configured for one VF
 *
 * Kept for TotalVFs entries from probe to remove, so that settings survive
 * sriov_numvfs changes while the module is loaded, and can be made for a
 * VF before it is enabled.  Written through vf.c only (the administrator's
 * settings) and by the backend's mailbox (a VF's own MAC, @mac).
 */
struct sriov_pf_vf {
	u8 mac[ETH_ALEN];	/* MAC the VF gets; never zero while the VF exists */
	u8 base_mac[ETH_ALEN];	/* what a VF reset returns @mac to: the
				 * administrator's MAC, else the default
				 */
	bool admin_mac;		/* base_mac was set with ip link ... vf N mac */
	u16 vlan;		/* port VLAN, 0 = none */
	u8 qos;			/* port VLAN priority */
	bool spoofchk;		/* MAC/VLAN anti-spoofing */
	bool trusted;		/* may change its own MAC, go promiscuous */
	int link_state;		/* IFLA_VF_LINK_STATE_AUTO or _DISABLE */
	u32 max_tx_rate;	/* transmit limit in Mbit/s, 0 = none */
};

/* Which settings of a struct sriov_pf_vf a change is about, for
 * sriov_pf_vf_set() and hw_ops->vf_update().  A new setting takes the
 * next bit, a field above and a key in vf_config.
 */
#define SRIOV_PF_VF_MAC		BIT(0)	/* mac, base_mac, admin_mac */
#define SRIOV_PF_VF_VLAN	BIT(1)	/* vlan, qos */
#define SRIOV_PF_VF_SPOOFCHK	BIT(2)	/* spoofchk */
#define SRIOV_PF_VF_TRUST	BIT(3)	/* trusted */
#define SRIOV_PF_VF_LINK	BIT(4)	/* link_state */
#define SRIOV_PF_VF_RATE	BIT(5)	/* max_tx_rate */

struct sriov_pf;

/**
 * struct sriov_pf_hw_ops - a hardware backend
 * @name: short name for logs ("82576")
 * @init: map and reset the device, read the permanent MAC into
 *	pf->perm_addr, set up interrupts.  Returns the number of VFs the
 *	backend supports (<= cap.total_vfs) or a negative errno.  Process
 *	context, device lock held, no RTNL.
 * @exit: undo @init.  VFs are already disabled.
 * @vfs_prepare: called before pci_enable_sriov(@num_vfs); VF config in
 *	pf->vfs[0..num_vfs-1] is final (every VF has its MAC), so a VF that
 *	probes inside pci_enable_sriov() can be answered at once.
 * @vfs_release: called after pci_disable_sriov() (or a failed enable).
 * @vf_update: apply pf->vfs[@vf] to the hardware; @what is SRIOV_PF_VF_*.
 *	Called under RTNL from vf.c only, for an enabled VF, may sleep.  An
 *	error makes vf.c restore the previous settings and call it again.
 *	-EOPNOTSUPP for a setting the part does not have (a rate limit on
 *	the I350).
 * @vf_stats: the VF's traffic counters since the VFs were enabled
 *	(ndo_get_vf_stats).  RTNL held.
 * @link_up: current PF link state, for the netdev carrier.
 * @stop: quiesce before a suspend, a reset, after a PCI error and at
 *	shutdown: no interrupt, no VF served, no DMA.  Device lock held.
 * @start: bring the device back after @stop, whatever state it lost,
 *	and apply pf->vfs[0..num_vfs-1] again.  Device lock held.
 * @debugfs_vfs: print the backend's state of every enabled VF, one line
 *	each, for debugfs <PF>/vfs.
 * @features: netdev features of the PF's own datapath
 * @open: start the PF's own datapath (ndo_open).  RTNL held.
 * @close: stop it and free its buffers (ndo_stop, and before @stop when
 *	the netdev is up).  RTNL held; nothing happens if it is not open.
 * @xmit: ndo_start_xmit of the PF's own datapath
 * @features_check: drop from @features the offloads the datapath cannot
 *	give @skb (ndo_features_check, after vlan_features_check()); NULL:
 *	every packet can have every offload of @features
 * @tx_stall_get: the transmit stall injected through debugfs
 *	<PF>/fault_tx_stall, 0 for none
 * @tx_stall_set: inject one, for a test of the transmit timeout: the
 *	datapath takes packets and never tells the device.  1 lasts until
 *	the datapath is opened again (@open), 2 until the device is reset
 *	(@stop); 0 ends it.  -EINVAL for another value.  NULL (and
 *	@tx_stall_get too): no such file.
 * @get_stats64: add the datapath's counters (ndo_get_stats64)
 * @set_mac: the PF netdev's MAC is now @mac (ndo_set_mac_address, also
 *	while it is up); pf->perm_addr, and the VF MACs derived from it,
 *	stay.  RTNL held.  -EADDRINUSE when a VF of the PF has @mac.  NULL:
 *	the MAC cannot be changed.
 * @set_rx_mode: the netdev's multicast and unicast lists, all-multicast
 *	and promiscuous modes (ndo_set_rx_mode).  Address lock held, atomic.
 * @change_mtu: the PF's frame limit for @mtu (ndo_change_mtu).  RTNL held.
 * @max_mtu: largest MTU @change_mtu takes (0: ETH_DATA_LEN)
 * @vlan_add: the PF receives host VLAN @vid (ndo_vlan_rx_add_vid).  RTNL
 *	held.  -ENOSPC when the PF has no VLAN filter entry left for it.
 * @vlan_kill: it no longer does (ndo_vlan_rx_kill_vid).  RTNL held.
 * @ethtool_ops: the PF netdev's ethtool ops (NULL: driver info and link)
 */
struct sriov_pf_hw_ops {
	const char *name;
	int (*init)(struct sriov_pf *pf);
	void (*exit)(struct sriov_pf *pf);
	int (*vfs_prepare)(struct sriov_pf *pf, u16 num_vfs);
	void (*vfs_release)(struct sriov_pf *pf);
	int (*vf_update)(struct sriov_pf *pf, u16 vf, unsigned int what);
	int (*vf_stats)(struct sriov_pf *pf, u16 vf, struct ifla_vf_stats *st);
	bool (*link_up)(struct sriov_pf *pf);
	void (*stop)(struct sriov_pf *pf);
	int (*start)(struct sriov_pf *pf);
	void (*debugfs_vfs)(struct sriov_pf *pf, struct seq_file *m);
	netdev_features_t features;
	int (*open)(struct sriov_pf *pf);
	void (*close)(struct sriov_pf *pf);
	netdev_tx_t (*xmit)(struct sk_buff *skb, struct sriov_pf *pf);
	netdev_features_t (*features_check)(struct sriov_pf *pf,
					    struct sk_buff *skb,
					    netdev_features_t features);
	unsigned int (*tx_stall_get)(struct sriov_pf *pf);
	int (*tx_stall_set)(struct sriov_pf *pf, unsigned int stall);
	void (*get_stats64)(struct sriov_pf *pf, struct rtnl_link_stats64 *s);
	int (*set_mac)(struct sriov_pf *pf, const u8 *mac);
	void (*set_rx_mode)(struct sriov_pf *pf);
	int (*change_mtu)(struct sriov_pf *pf, int mtu);
	unsigned int max_mtu;
	int (*vlan_add)(struct sriov_pf *pf, u16 vid);
	int (*vlan_kill)(struct sriov_pf *pf, u16 vid);
	const struct ethtool_ops *ethtool_ops;
};

/**
 * struct sriov_pf - one bound Physical Function
 *
 * Locking:
 *  - the PCI core holds the device lock around probe, remove and
 *    sriov_configure, which serialises VF enable/disable;
 *  - RTNL serialises the administrator's writers of @vfs and @num_vfs
 *    (vf.c asserts it: ndo_set_vf_* run under it, the vf_config and
 *    devlink paths take it, and so does the enable/disable path around
 *    its updates);
 *  - @vf_lock protects the contents of @vfs and @num_vfs: every writer
 *    holds it, and the backend's hard-IRQ mailbox handler, which writes
 *    a VF's own MAC (vfs[].mac) and reads the rest, takes it;
 *  - @num_vfs and vfs[].mac are written under mac.c's sriov_pf_mac_lock
 *    too, nested inside @vf_lock (sriov_pf_set_num_vfs(),
 *    sriov_pf_vf_mac_*()), which also protects @node: the host-wide MAC
 *    check reads other PFs' VF MACs under that lock alone;
 *  - @stopped is read and written under the device lock only.
 */
struct sriov_pf {
	struct pci_dev *pdev;
	const struct sriov_pf_hw_ops *ops;	/* NULL in generic mode */
	void *hw;				/* backend private data */
	struct net_device *netdev;		/* NULL in generic mode */
	struct list_head node;			/* on mac.c's PF list */

	struct sriov_pf_cap cap;
	u16 hw_max_vfs;			/* VFs the backend can serve */
	u16 num_vfs;			/* VFs enabled (or being enabled) */
	bool stopped;			/* backend quiesced (PM, reset, error) */
	bool vf_rate;			/* the backend limits VF TX rates */
	u8 perm_addr[ETH_ALEN];		/* the PF's permanent MAC */

	spinlock_t vf_lock;		/* see above */
	struct sriov_pf_vf *vfs;	/* cap.total_vfs entries */

	struct dentry *debugfs;
	struct devlink *devlink;	/* NULL without devlink (devlink.c) */
};

/**
 * struct sriov_pf_backend - a hardware backend and the PFs it drives
 * @ids: the PCI IDs, ending with an empty entry
 * @ops: its ops
 *
 * Each backend file exports one; backend.c lists them, and main.c binds
 * and matches PFs through that list only.
 */
struct sriov_pf_backend {
	const struct pci_device_id *ids;
	const struct sriov_pf_hw_ops *ops;
};

/* backend.c */
const struct pci_device_id *sriov_pf_backends_ids(void);
void sriov_pf_backends_ids_free(const struct pci_device_id *ids);
const struct sriov_pf_hw_ops *sriov_pf_backend_match(struct pci_dev *pdev);

/* main.c */
void sriov_pf_carrier_update(struct sriov_pf *pf);
int sriov_pf_reset_device(struct sriov_pf *pf, const char *why);

/* vf.c: the one path for the administrator's VF settings.  ndo_set_vf_*,
 * the vf_config module parameter and devlink call it; each call validates,
 * commits to pf->vfs[] under pf->vf_lock, applies through
 * pf->ops->vf_update() when the VF is enabled, and restores the previous
 * settings if that fails.  Any VF below pf->hw_max_vfs (sriov_totalvfs)
 * may be configured, enabled or not: a VF not enabled gets its settings
 * when it is.  Callers hold RTNL (take it around the call outside
 * ndo ops).  Return 0, -EINVAL (bad VF index or value), -EPROTONOSUPPORT,
 * -EOPNOTSUPP (generic mode: no backend), or the backend's error.
 *
 * sriov_pf_vf_set() sets the fields of @new that @what names
 * (SRIOV_PF_VF_*); @new->mac all zero means "no administrator MAC, the
 * default one".  The other entry points set one setting each.
 */
int sriov_pf_vf_set(struct sriov_pf *pf, int vf, const struct sriov_pf_vf *new,
		    unsigned int what);
int sriov_pf_vf_set_mac(struct sriov_pf *pf, int vf, const u8 *mac);
int sriov_pf_vf_set_vlan(struct sriov_pf *pf, int vf, u16 vlan, u8 qos);
int sriov_pf_vf_set_spoofchk(struct sriov_pf *pf, int vf, bool on);
int sriov_pf_vf_set_trust(struct sriov_pf *pf, int vf, bool on);
int sriov_pf_vf_set_link_state(struct sriov_pf *pf, int vf, int state);
int sriov_pf_vf_set_rate(struct sriov_pf *pf, int vf, int min_tx_rate,
			 int max_tx_rate);
int sriov_pf_vf_stats(struct sriov_pf *pf, int vf, struct ifla_vf_stats *st);
int sriov_pf_vf_get(struct sriov_pf *pf, int vf, struct sriov_pf_vf *out);
void sriov_pf_vfs_defaults(struct sriov_pf *pf);
void sriov_pf_vfs_assign_macs(struct sriov_pf *pf);
void sriov_pf_vf_config_apply(struct sriov_pf *pf);

/* params.c: the max_vfs module parameter */
#define SRIOV_PF_MAX_VFS_ENTRIES	64

enum sriov_pf_max_vfs_form {
	SRIOV_PF_MAX_VFS_NONE,		/* unset: 0 for every PF */
	SRIOV_PF_MAX_VFS_ALL,		/* "4": every PF */
	SRIOV_PF_MAX_VFS_LIST,		/* "4,2": per PF in PCI address order */
	SRIOV_PF_MAX_VFS_ADDR,		/* "0000:01:00.0=4,...": keyed */
};

struct sriov_pf_max_vfs_entry {
	u32 domain;
	u8 bus;
	u8 devfn;
	u16 count;
};

struct sriov_pf_max_vfs {
	enum sriov_pf_max_vfs_form form;
	unsigned int n;
	struct sriov_pf_max_vfs_entry e[SRIOV_PF_MAX_VFS_ENTRIES];
};

int sriov_pf_max_vfs_parse(const char *s, struct sriov_pf_max_vfs *out,
			   const char **why);
unsigned int sriov_pf_max_vfs_lookup(const struct sriov_pf_max_vfs *mv,
				     u32 domain, u8 bus, u8 devfn,
				     unsigned int index);
unsigned int sriov_pf_max_vfs_for(struct pci_dev *pdev);

/* params.c: the vf_config module parameter */
#define SRIOV_PF_VF_CONFIG_ENTRIES	128
#define SRIOV_PF_VF_CONFIG_TEXT		128	/* longest entry + 1 */

/* One "PF/VF,key=value,..." entry: @what says which fields of @set it
 * gives.  An entry with VF index "*" (@all_vfs) is the PF's default: every VF of the PF
 * gets the settings it names that the VF's own entry does not.
 */
struct sriov_pf_vf_config_entry {
	u32 domain;
	u8 bus;
	u8 devfn;
	u16 vf;			/* 0 with @all_vfs */
	bool all_vfs;
	unsigned int what;
	struct sriov_pf_vf set;
	char text[SRIOV_PF_VF_CONFIG_TEXT];	/* the entry, for messages */
};

struct sriov_pf_vf_config {
	unsigned int n;
	struct sriov_pf_vf_config_entry e[SRIOV_PF_VF_CONFIG_ENTRIES];
};

/* Where and why a vf_config string was rejected */
struct sriov_pf_parse_err {
	const char *why;
	const char *entry;	/* the bad entry, inside the string parsed */
	int len;		/* its length */
};

int sriov_pf_vf_config_parse(const char *s, struct sriov_pf_vf_config *cfg,
			     struct sriov_pf_parse_err *err);
const struct sriov_pf_vf_config *sriov_pf_vf_config_get(void);
void sriov_pf_vf_config_find(const struct sriov_pf_vf_config *cfg,
			     u32 domain, u8 bus, u8 devfn, u16 vf,
			     const struct sriov_pf_vf_config_entry **own,
			     const struct sriov_pf_vf_config_entry **dflt);
unsigned int sriov_pf_vf_config_merge(const struct sriov_pf_vf_config_entry *own,
				      const struct sriov_pf_vf_config_entry *dflt,
				      struct sriov_pf_vf *out);
void sriov_pf_vf_config_copy(struct sriov_pf_vf *dst,
			     const struct sriov_pf_vf *src, unsigned int what);

/* mac.c: the MAC policy */
enum sriov_pf_mac_policy {
	SRIOV_PF_MAC_DERIVED,
	SRIOV_PF_MAC_RANDOM,
};

extern enum sriov_pf_mac_policy sriov_pf_mac_policy;
int sriov_pf_mac_init(void);
void sriov_pf_mac_exit(void);
void sriov_pf_mac_derive(const u8 *perm, u16 vf, u32 attempt, u8 *mac);
void sriov_pf_mac_register(struct sriov_pf *pf);
void sriov_pf_mac_unregister(struct sriov_pf *pf);
void sriov_pf_set_num_vfs(struct sriov_pf *pf, u16 num_vfs);
void sriov_pf_vf_mac_store(struct sriov_pf *pf, u16 vf, const u8 *mac);
void sriov_pf_vfs_restore(struct sriov_pf *pf, const struct sriov_pf_vf *vfs);
int sriov_pf_vf_mac_claim(struct sriov_pf *pf, u16 vf, const u8 *mac);
void sriov_pf_vf_mac_default(struct sriov_pf *pf, u16 vf, u8 *mac);
bool sriov_pf_mac_in_use_host(struct pci_dev *physfn,
			      const struct sriov_pf *pf, u16 vf, const u8 *mac);
void sriov_pf_mac_pick(struct pci_dev *pdev, const u8 *perm, u16 vf,
		       bool (*in_use)(const u8 *mac, void *ctx), void *ctx,
		       u8 *mac);

/* companion.c: derived VF MACs on PFs owned by their vendor driver */
bool sriov_pf_companion_enabled(void);
int sriov_pf_companion_init(void);
void sriov_pf_companion_exit(void);

/* cap.c: debugfs */
void sriov_pf_debugfs_init(void);
void sriov_pf_debugfs_exit(void);
void sriov_pf_debugfs_add(struct sriov_pf *pf);
void sriov_pf_debugfs_del(struct sriov_pf *pf);

/* netdev.c */
int sriov_pf_netdev_create(struct sriov_pf *pf);
void sriov_pf_netdev_destroy(struct sriov_pf *pf);
void sriov_pf_get_drvinfo(struct net_device *dev, struct ethtool_drvinfo *info);
struct sriov_pf *sriov_pf_from_netdev(struct net_device *dev);
void sriov_pf_netdev_debugfs(struct sriov_pf *pf, struct dentry *dir);

/* devlink.c: the devlink instance and its VF ports; built only against
 * kernels with CONFIG_NET_DEVLINK (a feature other drivers select)
 */
#if IS_ENABLED(CONFIG_NET_DEVLINK)
void sriov_pf_devlink_create(struct sriov_pf *pf);
void sriov_pf_devlink_destroy(struct sriov_pf *pf);
void sriov_pf_devlink_ports_add(struct sriov_pf *pf, u16 num_vfs);
void sriov_pf_devlink_ports_del(struct sriov_pf *pf);
#else
static inline void sriov_pf_devlink_create(struct sriov_pf *pf) { }
static inline void sriov_pf_devlink_destroy(struct sriov_pf *pf) { }
static inline void sriov_pf_devlink_ports_add(struct sriov_pf *pf,
					      u16 num_vfs) { }
static inline void sriov_pf_devlink_ports_del(struct sriov_pf *pf) { }
#endif

/* Backends (listed in backend.c) */
extern const struct sriov_pf_backend sriov_pf_82576_backend;

static inline struct device *sriov_pf_dev(struct sriov_pf *pf)
{
	return &pf->pdev->dev;
}

#endif /* _SRIOV_PF_H_ */
