// SPDX-License-Identifier: GPL-2.0
/*
 * sriov_pf - the VF MAC policy.
 *
 * A VF's default MAC is a keyed hash of the PF's permanent MAC and the VF
 * index, folded into the 46 free bits of a locally administered unicast
 * address:
 *
 *   h   = SipHash-2-4(key, perm, vf, attempt)   three 64-bit words, where
 *         perm is the permanent MAC read as a 48-bit big-endian number
 *   mac = the low six bytes of h, least significant first, then
 *         mac[0] = (mac[0] & 0xfc) | 0x02        (unicast, locally administered)
 *
 * With mac_policy=derived the key is fixed (sriov_pf_derived_key), so a VF
 * gets the same MAC after a reload, a VF re-creation or a reboot; with
 * mac_policy=random the key is drawn once per module load.  "attempt" is
 * 0, and counts up only when the candidate collides with an address already
 * in use on the host: a deterministic fallback.
 */

#include <linux/etherdevice.h>
#include <linux/hashtable.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/overflow.h>
#include <linux/random.h>
#include <linux/rtnetlink.h>
#include <linux/siphash.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>

#include "sriov_pf.h"

/* The ASCII string "sriov_pf/derived" read as two little-endian 64-bit
 * words.  Part of the documented MAC formula: never change it.
 */
static const siphash_key_t sriov_pf_derived_key = {
	.key = { 0x66705f766f697273ULL, 0x646576697265642fULL },
};

/* mac_policy=random's key: drawn at module init, read-only afterwards */
static siphash_key_t sriov_pf_random_key __ro_after_init;

/* How many alternatives to try before giving up on uniqueness. */
#define SRIOV_PF_MAC_ATTEMPTS	64

static u64 sriov_pf_mac_to_u64(const u8 *mac)
{
	u64 v = 0;
	int i;

	for (i = 0; i < ETH_ALEN; i++)
		v = (v << 8) | mac[i];
	return v;
}

static void sriov_pf_mac_hash(const siphash_key_t *key, const u8 *perm, u16 vf,
			      u32 attempt, u8 *mac)
{
	u64 h = siphash_3u64(sriov_pf_mac_to_u64(perm), vf, attempt, key);
	int i;

	for (i = 0; i < ETH_ALEN; i++)
		mac[i] = h >> (8 * i);
	mac[0] = (mac[0] & 0xfc) | 0x02;
}

/**
 * sriov_pf_mac_derive() - the derived MAC of one VF
 * @perm: the PF's permanent MAC
 * @vf: VF index
 * @attempt: 0, or the fallback number after collisions
 * @mac: result
 */
void sriov_pf_mac_derive(const u8 *perm, u16 vf, u32 attempt, u8 *mac)
{
	sriov_pf_mac_hash(&sriov_pf_derived_key, perm, vf, attempt, mac);
}

/* Every PF sriov_pf drives, for host-wide MAC uniqueness. */
static LIST_HEAD(sriov_pf_list);

/* sriov_pf_mac_lock protects:
 *  - sriov_pf_list and, in every listed PF, the VF count (num_vfs) and
 *    the VF MACs (vfs[].mac): writers hold it inside the PF's vf_lock, so
 *    that holding it alone is enough to read every PF's VF MACs, and one
 *    check-and-claim sees them all;
 *  - the MAC buckets of the host's netdev addresses (sriov_pf_addrs.by_mac
 *    and the addresses of its records) and sriov_pf_addrs_incomplete:
 *    the netdev notifier writes them, under RTNL, with it held.
 * Taken with interrupts off (the mailbox handler claims MACs in hard IRQ).
 * Lock order: a backend's hw->lock, then pf->vf_lock, then this one; RTNL
 * (the notifier), then this one.  No other lock of the driver is taken
 * inside it, and nothing that sleeps: whoever holds it, or pf->vf_lock,
 * never takes RTNL.
 */
static DEFINE_SPINLOCK(sriov_pf_mac_lock);

/**
 * sriov_pf_mac_register() - take part in host-wide MAC uniqueness
 * @pf: a PF whose @pf->vfs is allocated
 */
void sriov_pf_mac_register(struct sriov_pf *pf)
{
	spin_lock_irq(&sriov_pf_mac_lock);
	list_add_tail(&pf->node, &sriov_pf_list);
	spin_unlock_irq(&sriov_pf_mac_lock);
}

/**
 * sriov_pf_mac_unregister() - undo sriov_pf_mac_register()
 * @pf: the PF; its @pf->vfs may be freed once this returns
 */
void sriov_pf_mac_unregister(struct sriov_pf *pf)
{
	spin_lock_irq(&sriov_pf_mac_lock);
	list_del(&pf->node);
	spin_unlock_irq(&sriov_pf_mac_lock);
}

/* --- the host's netdev addresses -------------------------------------
 *
 * The uniqueness rule finds host netdevs by MAC in a hash set that a
 * netdev notifier keeps current, instead of walking every netdev of every
 * namespace: a VF's request, in hard IRQ, looks at one bucket whatever the
 * host holds.  The bucket of a MAC is keyed (SipHash, a key drawn at
 * module init), so that nobody who sets addresses on the host can fill
 * one bucket on purpose.
 *
 * One record per netdev with an Ethernet address (addr_len == ETH_ALEN):
 * made at NETDEV_REGISTER (register_netdevice_notifier() replays it for
 * every netdev of every namespace), rehashed at NETDEV_CHANGEADDR,
 * NETDEV_POST_TYPE_CHANGE and NETDEV_UP (an address a driver changed
 * without telling, which userspace does not see either, is seen there),
 * freed at NETDEV_UNREGISTER (replayed by unregister_netdevice_notifier()).
 * A namespace move is an UNREGISTER in the old namespace and a REGISTER in
 * the new one.  Records are allocated and found by netdev under RTNL, and
 * hashed by MAC under sriov_pf_mac_lock, where the lookups run.
 */
#define SRIOV_PF_ADDR_BITS	12	/* MAC buckets: 4096 */
#define SRIOV_PF_ADDR_DEV_BITS	10	/* netdev buckets: 1024 */

struct sriov_pf_addr_rec;

/* One address of a record, in the MAC buckets */
struct sriov_pf_addr_node {
	struct hlist_node hnode;
	struct sriov_pf_addr_rec *rec;
	u8 addr[ETH_ALEN];
};

/* One netdev.  @dev, @net and @vf_of are only compared, never followed. */
struct sriov_pf_addr_rec {
	struct sriov_pf_addr_node cur;		/* its dev_addr */
	struct sriov_pf_addr_node perm;		/* its perm_addr */
	struct hlist_node dev_node;		/* in by_dev, keyed by @dev */
	const struct net_device *dev;
	const struct net *net;			/* its namespace */
	const struct pci_dev *vf_of;		/* the PF of the VF it is the
						 * netdev of, or NULL
						 */
};

struct sriov_pf_addr_set {
	siphash_key_t key;
	DECLARE_HASHTABLE(by_mac, SRIOV_PF_ADDR_BITS);
	DECLARE_HASHTABLE(by_dev, SRIOV_PF_ADDR_DEV_BITS);
};

static u32 sriov_pf_addr_bucket(const struct sriov_pf_addr_set *set,
				const u8 *mac)
{
	return siphash_1u64(sriov_pf_mac_to_u64(mac), &set->key);
}

static void sriov_pf_addr_rec_init(struct sriov_pf_addr_rec *rec,
				   const struct net_device *dev,
				   const struct net *net,
				   const struct pci_dev *vf_of)
{
	INIT_HLIST_NODE(&rec->cur.hnode);
	INIT_HLIST_NODE(&rec->perm.hnode);
	INIT_HLIST_NODE(&rec->dev_node);
	rec->cur.rec = rec;
	rec->perm.rec = rec;
	rec->dev = dev;
	rec->net = net;
	rec->vf_of = vf_of;
}

static void __sriov_pf_addr_hash(struct sriov_pf_addr_set *set,
				 struct sriov_pf_addr_node *n, const u8 *addr)
{
	ether_addr_copy(n->addr, addr);
	hash_add(set->by_mac, &n->hnode, sriov_pf_addr_bucket(set, addr));
}

/* Hash @rec by @cur and @perm, in place of what it was hashed by.  A zero
 * address is left out, and so is a permanent one equal to the current one.
 */
static void __sriov_pf_addr_update(struct sriov_pf_addr_set *set,
				   struct sriov_pf_addr_rec *rec,
				   const u8 *cur, const u8 *perm)
{
	hash_del(&rec->cur.hnode);
	hash_del(&rec->perm.hnode);
	if (!is_zero_ether_addr(cur))
		__sriov_pf_addr_hash(set, &rec->cur, cur);
	if (!is_zero_ether_addr(perm) && !ether_addr_equal(perm, cur))
		__sriov_pf_addr_hash(set, &rec->perm, perm);
}

static void __sriov_pf_addr_insert(struct sriov_pf_addr_set *set,
				   struct sriov_pf_addr_rec *rec,
				   const u8 *cur, const u8 *perm)
{
	hash_add(set->by_dev, &rec->dev_node, (unsigned long)rec->dev);
	__sriov_pf_addr_update(set, rec, cur, perm);
}

static void __sriov_pf_addr_remove(struct sriov_pf_addr_rec *rec)
{
	hash_del(&rec->cur.hnode);
	hash_del(&rec->perm.hnode);
	hash_del(&rec->dev_node);
}

static struct sriov_pf_addr_rec *
__sriov_pf_addr_find(const struct sriov_pf_addr_set *set,
		     const struct net_device *dev)
{
	struct sriov_pf_addr_rec *rec;

	hash_for_each_possible(set->by_dev, rec, dev_node, (unsigned long)dev)
		if (rec->dev == dev)
			return rec;
	return NULL;
}

/* Does a netdev of @net (NULL: of any namespace), other than the netdevs
 * of @physfn's VFs, have @mac as its current or permanent address?
 */
static bool __sriov_pf_addr_used(const struct sriov_pf_addr_set *set,
				 const u8 *mac, const struct net *net,
				 const struct pci_dev *physfn)
{
	struct sriov_pf_addr_node *n;

	hash_for_each_possible(set->by_mac, n, hnode,
			       sriov_pf_addr_bucket(set, mac)) {
		if (!ether_addr_equal(n->addr, mac))
			continue;
		if (net && !net_eq(n->rec->net, net))
			continue;
		if (physfn && n->rec->vf_of == physfn)
			continue;
		return true;
	}
	return false;
}

static struct sriov_pf_addr_set sriov_pf_addrs;

/* A record could not be allocated: the set misses a netdev.  The host
 * does not notice (the notifier never fails an event), the failure is
 * counted and logged, and a retry (sriov_pf_addrs_retry, once a second,
 * under RTNL) records every netdev that has no record, until it has them
 * all.  Meanwhile:
 *  - the administrator's and the default-MAC paths (process context,
 *    every namespace) walk the host's netdevs, as before the set existed,
 *    so a default MAC still avoids every address on the host;
 *  - a VF's own request (hard IRQ) still only looks the set up, and may
 *    get a MAC that only a missing netdev has.  Walking there would hand
 *    a guest back the IRQs-off cost the set removes, and refusing every
 *    request would let one failed allocation deny every guest its MAC.
 * Protected by sriov_pf_mac_lock.
 */
static bool sriov_pf_addrs_incomplete;
static unsigned int sriov_pf_addrs_nomem;	/* failures so far; RTNL */
static struct delayed_work sriov_pf_addrs_retry;

/* The PF whose VF @dev is the netdev of (its VF driver on this host), or
 * NULL.  The parent of a netdev does not change while it is registered,
 * nor does a VF's PF.
 */
static const struct pci_dev *sriov_pf_netdev_vf_of(const struct net_device *dev)
{
	struct device *parent = dev->dev.parent;
	struct pci_dev *pdev;

	if (!parent || !dev_is_pci(parent))
		return NULL;
	pdev = to_pci_dev(parent);
	return pdev->is_virtfn ? pci_physfn(pdev) : NULL;
}

static void sriov_pf_addrs_nomem_report(const struct net_device *dev)
{
	unsigned long flags;

	sriov_pf_addrs_nomem++;
	spin_lock_irqsave(&sriov_pf_mac_lock, flags);
	sriov_pf_addrs_incomplete = true;
	spin_unlock_irqrestore(&sriov_pf_mac_lock, flags);
	pr_warn_ratelimited("%s: no memory to record the MACs of %s (%u failures so far): VFs' own MAC requests miss it until a retry succeeds\n",
			    SRIOV_PF_DRV_NAME, netdev_name(dev),
			    sriov_pf_addrs_nomem);
	schedule_delayed_work(&sriov_pf_addrs_retry, HZ);
}

/* Record @dev's addresses as they are now.  Returns false if @dev needed
 * a new record and none could be allocated.
 */
static bool sriov_pf_addr_sync(struct net_device *dev)
{
	struct sriov_pf_addr_rec *rec, *new = NULL;
	unsigned long flags;

	ASSERT_RTNL();
	rec = __sriov_pf_addr_find(&sriov_pf_addrs, dev);
	if (dev->addr_len != ETH_ALEN) {
		/* a type change left it without an Ethernet address */
		if (rec) {
			spin_lock_irqsave(&sriov_pf_mac_lock, flags);
			__sriov_pf_addr_remove(rec);
			spin_unlock_irqrestore(&sriov_pf_mac_lock, flags);
			kfree(rec);
		}
		return true;
	}
	if (!rec) {
		new = kzalloc(sizeof(*new), GFP_KERNEL);
		if (!new) {
			sriov_pf_addrs_nomem_report(dev);
			return false;
		}
		sriov_pf_addr_rec_init(new, dev, dev_net(dev),
				       sriov_pf_netdev_vf_of(dev));
	}

	spin_lock_irqsave(&sriov_pf_mac_lock, flags);
	if (new)
		__sriov_pf_addr_insert(&sriov_pf_addrs, new, dev->dev_addr,
				       dev->perm_addr);
	else
		__sriov_pf_addr_update(&sriov_pf_addrs, rec, dev->dev_addr,
				       dev->perm_addr);
	spin_unlock_irqrestore(&sriov_pf_mac_lock, flags);
	return true;
}

static void sriov_pf_addr_forget(struct net_device *dev)
{
	struct sriov_pf_addr_rec *rec;
	unsigned long flags;

	ASSERT_RTNL();
	rec = __sriov_pf_addr_find(&sriov_pf_addrs, dev);
	if (!rec)
		return;
	spin_lock_irqsave(&sriov_pf_mac_lock, flags);
	__sriov_pf_addr_remove(rec);
	spin_unlock_irqrestore(&sriov_pf_mac_lock, flags);
	/* every reader holds sriov_pf_mac_lock: nobody sees it any more */
	kfree(rec);
}

static void sriov_pf_addrs_retry_fn(struct work_struct *work)
{
	struct net_device *dev;
	unsigned long flags;
	bool whole = true;
	struct net *net;

	rtnl_lock();
	down_read(&net_rwsem);
	for_each_net(net) {
		for_each_netdev(net, dev) {
			if (!sriov_pf_addr_sync(dev))
				whole = false;
		}
	}
	up_read(&net_rwsem);
	if (whole) {
		spin_lock_irqsave(&sriov_pf_mac_lock, flags);
		sriov_pf_addrs_incomplete = false;
		spin_unlock_irqrestore(&sriov_pf_mac_lock, flags);
		pr_info("%s: the MACs of every netdev are recorded again\n",
			SRIOV_PF_DRV_NAME);
	}
	rtnl_unlock();
}

/* RTNL held by the caller of every netdev notifier */
static int sriov_pf_netdev_event(struct notifier_block *nb,
				 unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	switch (event) {
	case NETDEV_REGISTER:
	case NETDEV_CHANGEADDR:
	case NETDEV_POST_TYPE_CHANGE:
	case NETDEV_UP:
		sriov_pf_addr_sync(dev);
		break;
	case NETDEV_UNREGISTER:
		sriov_pf_addr_forget(dev);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block sriov_pf_netdev_nb = {
	.notifier_call = sriov_pf_netdev_event,
};

/* Free whatever records are left: the notifier is gone, and so is the
 * retry, which may have made records after the notifier's last event.
 */
static void sriov_pf_addrs_free_all(void)
{
	struct sriov_pf_addr_rec *rec;
	struct hlist_node *tmp;
	unsigned long flags;
	int bkt;

	spin_lock_irqsave(&sriov_pf_mac_lock, flags);
	hash_for_each_safe(sriov_pf_addrs.by_dev, bkt, tmp, rec, dev_node) {
		__sriov_pf_addr_remove(rec);
		kfree(rec);
	}
	sriov_pf_addrs_incomplete = false;
	spin_unlock_irqrestore(&sriov_pf_mac_lock, flags);
}

/**
 * sriov_pf_mac_init() - the keys, and recording the host's netdev addresses
 *
 * Called at module init, before any PF can probe or companion work is
 * queued: the uniqueness rule reads what it records, and those paths
 * (probes, sriov_configure, companion workers, possibly at the same time)
 * only read the key of mac_policy=random, drawn here once.  mac_policy is
 * set before init and cannot change (0444).
 *
 * Return: 0 or a negative errno.
 */
int __init sriov_pf_mac_init(void)
{
	int err;

	if (sriov_pf_mac_policy == SRIOV_PF_MAC_RANDOM)
		get_random_bytes(&sriov_pf_random_key,
				 sizeof(sriov_pf_random_key));
	get_random_bytes(&sriov_pf_addrs.key, sizeof(sriov_pf_addrs.key));
	INIT_DELAYED_WORK(&sriov_pf_addrs_retry, sriov_pf_addrs_retry_fn);
	err = register_netdevice_notifier(&sriov_pf_netdev_nb);
	if (err) {
		cancel_delayed_work_sync(&sriov_pf_addrs_retry);
		sriov_pf_addrs_free_all();
	}
	return err;
}

/**
 * sriov_pf_mac_exit() - undo sriov_pf_mac_init()
 *
 * Called at module exit, after the last PF is gone.
 */
void sriov_pf_mac_exit(void)
{
	unregister_netdevice_notifier(&sriov_pf_netdev_nb);
	cancel_delayed_work_sync(&sriov_pf_addrs_retry);
	sriov_pf_addrs_free_all();
}

/* The namespace a VF's own requests are answered for: its PF netdev's
 * (init_net without one).  pf->netdev is published before any VF is
 * served and cleared after the last one was; a move to another namespace
 * (under RTNL) changes the answer from then on.  Only compared, never
 * dereferenced.
 */
static const struct net *sriov_pf_vf_net(const struct sriov_pf *pf)
{
	return pf->netdev ? dev_net(pf->netdev) : &init_net;
}

/* Every netdev of every namespace, for the process-context paths while
 * the set is incomplete (sriov_pf_addrs_incomplete).  Under RCU: an
 * address being changed by its owner meanwhile (under RTNL) can be
 * missed, as it could a moment later.
 */
static bool sriov_pf_mac_used_walk(struct pci_dev *physfn, const u8 *mac)
{
	struct net_device *dev;
	bool used = false, hit;
	struct net *net;

	rcu_read_lock();
	for_each_net_rcu(net) {
		for_each_netdev_rcu(net, dev) {
			/* the owner changes its addresses under RTNL, not
			 * held here: a torn read only misses a MAC that is
			 * changing, as a read a moment earlier would
			 */
			hit = data_race(ether_addr_equal(dev->dev_addr, mac) ||
					ether_addr_equal(dev->perm_addr, mac));
			if (!hit)
				continue;
			if (physfn && sriov_pf_netdev_vf_of(dev) == physfn)
				continue;
			used = true;
			break;
		}
		if (used)
			break;
	}
	rcu_read_unlock();
	return used;
}

/* The one uniqueness rule, for every path that gives a VF a MAC: @mac is
 * in use if it is the permanent MAC of a PF sriov_pf drives, if another
 * VF of such a PF has it, or if a netdev of @net has it (current or
 * permanent address; the netdevs of @physfn's own VFs excepted, their
 * MACs are @pf's VF table).  @net NULL means every namespace: the
 * administrator's and the default MACs are checked host-wide, a VF's own
 * request only against its PF netdev's namespace, so that its answer
 * tells a guest nothing about other namespaces.  Any context;
 * sriov_pf_mac_lock held.  Costs a walk of the PFs' VF tables and one
 * bucket of sriov_pf_addrs; a walk of every netdev only for @net NULL
 * while the set is incomplete.
 */
static bool sriov_pf_mac_used(struct pci_dev *physfn,
			      const struct sriov_pf *pf, u16 vf, const u8 *mac,
			      const struct net *net)
{
	struct sriov_pf *other;
	u16 i;

	lockdep_assert_held(&sriov_pf_mac_lock);

	list_for_each_entry(other, &sriov_pf_list, node) {
		if (ether_addr_equal(other->perm_addr, mac))
			return true;
		for (i = 0; i < other->num_vfs; i++) {
			if (other == pf && i == vf)
				continue;
			if (ether_addr_equal(other->vfs[i].mac, mac))
				return true;
		}
	}

	if (!net && sriov_pf_addrs_incomplete)
		return sriov_pf_mac_used_walk(physfn, mac);
	return __sriov_pf_addr_used(&sriov_pf_addrs, mac, net, physfn);
}

/**
 * sriov_pf_mac_in_use_host() - is a candidate VF MAC already taken?
 * @physfn: the PF the VF belongs to
 * @pf: the sriov_pf state of @physfn, or NULL (companion mode)
 * @vf: VF index, skipped in @pf's own VF table
 * @mac: candidate
 *
 * The rule of sriov_pf_mac_used(), host-wide (every namespace), for the
 * administrator's paths, which hold no lock.
 *
 * Return: true if @mac is in use.
 */
bool sriov_pf_mac_in_use_host(struct pci_dev *physfn,
			      const struct sriov_pf *pf, u16 vf, const u8 *mac)
{
	unsigned long flags;
	bool used;

	spin_lock_irqsave(&sriov_pf_mac_lock, flags);
	used = sriov_pf_mac_used(physfn, pf, vf, mac, NULL);
	spin_unlock_irqrestore(&sriov_pf_mac_lock, flags);
	return used;
}

/**
 * sriov_pf_vf_mac_store() - set a VF's current MAC
 * @pf: the PF, its vf_lock held
 * @vf: VF index
 * @mac: the MAC
 */
void sriov_pf_vf_mac_store(struct sriov_pf *pf, u16 vf, const u8 *mac)
{
	lockdep_assert_held(&pf->vf_lock);

	spin_lock(&sriov_pf_mac_lock);
	ether_addr_copy(pf->vfs[vf].mac, mac);
	spin_unlock(&sriov_pf_mac_lock);
}

/**
 * sriov_pf_vfs_restore() - set every VF's settings at once
 * @pf: the PF, its vf_lock held
 * @vfs: @pf->cap.total_vfs settings, MACs included
 */
void sriov_pf_vfs_restore(struct sriov_pf *pf, const struct sriov_pf_vf *vfs)
{
	lockdep_assert_held(&pf->vf_lock);

	spin_lock(&sriov_pf_mac_lock);
	memcpy(pf->vfs, vfs, array_size(pf->cap.total_vfs, sizeof(*vfs)));
	spin_unlock(&sriov_pf_mac_lock);
}

/**
 * sriov_pf_vf_mac_claim() - a VF's own choice of MAC, if nobody has it
 * @pf: the PF, its vf_lock held
 * @vf: VF index
 * @mac: the MAC the VF asks for
 *
 * Checks and sets under sriov_pf_mac_lock: two VFs asking for the same
 * MAC at once cannot both get it.  Host netdevs count only in the PF
 * netdev's namespace (sriov_pf_vf_net()).  Any context.
 *
 * Return: 0, or -EADDRINUSE.
 */
int sriov_pf_vf_mac_claim(struct sriov_pf *pf, u16 vf, const u8 *mac)
{
	int err = 0;

	lockdep_assert_held(&pf->vf_lock);

	spin_lock(&sriov_pf_mac_lock);
	if (sriov_pf_mac_used(pf->pdev, pf, vf, mac, sriov_pf_vf_net(pf)))
		err = -EADDRINUSE;
	else
		ether_addr_copy(pf->vfs[vf].mac, mac);
	spin_unlock(&sriov_pf_mac_lock);
	return err;
}

/**
 * sriov_pf_set_num_vfs() - publish how many VFs a PF has
 * @pf: the PF
 * @num_vfs: VFs enabled (or being enabled)
 */
void sriov_pf_set_num_vfs(struct sriov_pf *pf, u16 num_vfs)
{
	spin_lock_irq(&pf->vf_lock);
	spin_lock(&sriov_pf_mac_lock);
	pf->num_vfs = num_vfs;
	spin_unlock(&sriov_pf_mac_lock);
	spin_unlock_irq(&pf->vf_lock);
}

/**
 * sriov_pf_mac_pick() - the default MAC of one VF, unique on the host
 * @pdev: the PF, for log messages
 * @perm: the PF's permanent MAC
 * @vf: VF index
 * @in_use: says whether a candidate is taken
 * @ctx: passed to @in_use
 * @mac: result: a valid, locally administered unicast MAC
 *
 * Called with what @in_use needs held.  The first candidate not already
 * in use wins; if all
 * are taken (which would take a host with billions of addresses), the first
 * candidate is used and a warning logged.
 */
void sriov_pf_mac_pick(struct pci_dev *pdev, const u8 *perm, u16 vf,
		       bool (*in_use)(const u8 *mac, void *ctx), void *ctx,
		       u8 *mac)
{
	const siphash_key_t *key = &sriov_pf_derived_key;
	u8 first[ETH_ALEN];
	u32 attempt;

	if (sriov_pf_mac_policy == SRIOV_PF_MAC_RANDOM)
		key = &sriov_pf_random_key;

	for (attempt = 0; attempt < SRIOV_PF_MAC_ATTEMPTS; attempt++) {
		sriov_pf_mac_hash(key, perm, vf, attempt, mac);
		if (!attempt)
			ether_addr_copy(first, mac);
		if (!in_use(mac, ctx)) {
			if (attempt)
				pci_info(pdev,
					 "VF %u: default MAC %pM is in use, using fallback %u: %pM\n",
					 vf, first, attempt, mac);
			return;
		}
	}
	ether_addr_copy(mac, first);
	pci_warn(pdev, "VF %u: no unused default MAC found, using %pM\n",
		 vf, mac);
}

struct sriov_pf_own_ctx {
	struct sriov_pf *pf;
	u16 vf;
};

static bool sriov_pf_own_in_use(const u8 *mac, void *ctx)
{
	struct sriov_pf_own_ctx *c = ctx;

	return sriov_pf_mac_used(c->pf->pdev, c->pf, c->vf, mac, NULL);
}

/**
 * sriov_pf_vf_mac_default() - give a VF its default MAC
 * @pf: the PF, its vf_lock held
 * @vf: VF index
 * @mac: result: the VF's new MAC, valid, locally administered, unicast
 *
 * Picks (see sriov_pf_mac_pick()) and sets the VF's MAC under
 * sriov_pf_mac_lock, so that no VF claims the same MAC in between.
 */
void sriov_pf_vf_mac_default(struct sriov_pf *pf, u16 vf, u8 *mac)
{
	struct sriov_pf_own_ctx c = { .pf = pf, .vf = vf };

	lockdep_assert_held(&pf->vf_lock);

	spin_lock(&sriov_pf_mac_lock);
	sriov_pf_mac_pick(pf->pdev, pf->perm_addr, vf, sriov_pf_own_in_use,
			  &c, mac);
	ether_addr_copy(pf->vfs[vf].mac, mac);
	spin_unlock(&sriov_pf_mac_lock);
}
