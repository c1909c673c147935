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
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/overflow.h>
#include <linux/random.h>
#include <linux/siphash.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <net/net_namespace.h>

#include "sriov_pf.h"

/* The ASCII string "sriov_pf/derived" read as two little-endian 64-bit
 * words.  Part of the documented MAC formula: never change it.
 */
static const siphash_key_t sriov_pf_derived_key = {
	.key = { 0x66705f766f697273ULL, 0x646576697265642fULL },
};

static siphash_key_t sriov_pf_random_key;
static bool sriov_pf_random_key_ready;

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

/* sriov_pf_mac_lock protects sriov_pf_list and, in every listed PF, the
 * VF count (num_vfs) and the VF MACs (vfs[].mac): writers hold it inside
 * the PF's vf_lock, so that holding it alone is enough to read every PF's
 * VF MACs, and one check-and-claim sees them all.  Taken with interrupts
 * off (the mailbox handler claims MACs in hard IRQ).
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

/* Is @dev the netdev of a VF of @physfn (its VF driver on this host)? */
static bool sriov_pf_netdev_is_vf_of(struct pci_dev *physfn,
				     struct net_device *dev)
{
	struct device *parent = dev->dev.parent;
	struct pci_dev *pdev;

	if (!parent || !dev_is_pci(parent))
		return false;
	pdev = to_pci_dev(parent);
	return pdev->is_virtfn && pci_physfn(pdev) == physfn;
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

/* The one uniqueness rule, for every path that gives a VF a MAC: @mac is
 * in use if it is the permanent MAC of a PF sriov_pf drives, if another
 * VF of such a PF has it, or if a netdev of @net has it (current or
 * permanent address; the netdevs of @physfn's own VFs excepted, their
 * MACs are @pf's VF table).  @net NULL means every namespace: the
 * administrator's and the default MACs are checked host-wide, a VF's own
 * request only against its PF netdev's namespace, so that its answer
 * tells a guest nothing about other namespaces.  Any context;
 * sriov_pf_mac_lock held.  The netdev walk is under RCU: an address being
 * changed by its owner meanwhile (under RTNL) can be missed, as it could
 * a moment later.
 */
static bool sriov_pf_mac_used(struct pci_dev *physfn,
			      const struct sriov_pf *pf, u16 vf, const u8 *mac,
			      const struct net *net)
{
	struct net_device *dev;
	struct sriov_pf *other;
	bool used = false, hit;
	struct net *walk;
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

	rcu_read_lock();
	for_each_net_rcu(walk) {
		if (net && !net_eq(walk, net))
			continue;
		for_each_netdev_rcu(walk, dev) {
			/* the owner changes its addresses under RTNL, not
			 * held here: a torn read only misses a MAC that is
			 * changing, as a read a moment earlier would
			 */
			hit = data_race(ether_addr_equal(dev->dev_addr, mac) ||
					ether_addr_equal(dev->perm_addr, mac));
			if (!hit)
				continue;
			if (sriov_pf_netdev_is_vf_of(physfn, dev))
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

	if (sriov_pf_mac_policy == SRIOV_PF_MAC_RANDOM) {
		if (!sriov_pf_random_key_ready) {
			get_random_bytes(&sriov_pf_random_key,
					 sizeof(sriov_pf_random_key));
			sriov_pf_random_key_ready = true;
		}
		key = &sriov_pf_random_key;
	}

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
