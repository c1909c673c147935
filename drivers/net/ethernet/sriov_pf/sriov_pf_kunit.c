// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of sriov_pf's pure logic: the SR-IOV capability parser fed
 * crafted config spaces, the MAC policy and the set of host netdev
 * addresses it looks MACs up in, the max_vfs and vf_config
 * parsers, the 82576 mailbox message decoder, the VF configuration path
 * (vf.c) over a fake backend whose hardware step fails on demand, the
 * 82576/I350 register layouts (the queue interrupt table, which VF an
 * anti-spoofing or malicious driver detection event names), the values
 * the backend computes for igb's errata and setup, the link bring-up's
 * decisions (media, semaphore bits, flow control) and the PF datapath's
 * transmit descriptors (pf_rings.c).
 *
 * Built as sriov_pf_kunit.ko (only against kernels with CONFIG_KUNIT) from
 * the very same source files as sriov_pf.ko: they are included below, so
 * the module exports nothing and the driver needs no test hooks.
 *
 *   modprobe kunit; insmod sriov_pf_kunit.ko
 *   cat /sys/kernel/debug/kunit/sriov_pf_* /results
 */
#include <kunit/test.h>
#include <linux/sort.h>

/* after <kunit/test.h>: unaligned accessors, KUNIT_EXPECT_MEMEQ() before 6.2 */
#include "sriov_pf_compat.h"

#include "cap.c"
#include "params.c"
#include "mac.c"
#include "mbx_82576.c"
#include "link_82576.c"
#include "vf.c"
#include "pf_rings.c"
#include "hw_82576_mdd.h"
#include "hw_82576_calc.h"

/* ------------------------------------------------------------------------
 * SR-IOV capability parser
 * ------------------------------------------------------------------------
 */

#define CAP_POS		0x160

/* A config space in a byte array.  The six VF BAR registers behave like
 * hardware: only the address bits above the BAR's size are writable, the
 * type bits are read-only, so writing all ones reads back the size mask.
 */
struct spf_fake_cfg {
	u8 sp[PCI_CFG_SPACE_EXP_SIZE];
	u32 bar_wmask[PCI_SRIOV_NUM_BARS];
	int fail_read;		/* dword offset whose read fails, or -1 */
	int fail_write;		/* dword offset whose write fails, or -1 */
	unsigned int reads, writes;
};

static int spf_fake_read32(void *ctx, int where, u32 *val)
{
	struct spf_fake_cfg *f = ctx;

	f->reads++;
	if (where < 0 || where & 3 || where + 4 > (int)sizeof(f->sp) ||
	    where == f->fail_read)
		return -EIO;
	*val = get_unaligned_le32(&f->sp[where]);
	return 0;
}

static int spf_fake_bar(int where)
{
	int off = where - (CAP_POS + PCI_SRIOV_BAR);

	if (off < 0 || off >= PCI_SRIOV_NUM_BARS * 4)
		return -1;
	return off / 4;
}

static int spf_fake_write32(void *ctx, int where, u32 val)
{
	struct spf_fake_cfg *f = ctx;
	int bar = spf_fake_bar(where);
	u32 old;

	f->writes++;
	if (where < 0 || where & 3 || where + 4 > (int)sizeof(f->sp) ||
	    where == f->fail_write)
		return -EIO;
	old = get_unaligned_le32(&f->sp[where]);
	if (bar >= 0)
		val = (val & f->bar_wmask[bar]) | (old & ~f->bar_wmask[bar]);
	put_unaligned_le32(val, &f->sp[where]);
	return 0;
}

static void spf_put16(struct spf_fake_cfg *f, int where, u16 v)
{
	put_unaligned_le16(v, &f->sp[where]);
}

static void spf_put32(struct spf_fake_cfg *f, int where, u32 v)
{
	put_unaligned_le32(v, &f->sp[where]);
}

/* A memory VF BAR of @size bytes in slot @i (and i + 1 when 64-bit). */
static void spf_fake_set_bar(struct spf_fake_cfg *f, int i, u64 size, bool is64)
{
	u64 mask = ~(size - 1);

	f->bar_wmask[i] = lower_32_bits(mask) & PCI_BASE_ADDRESS_MEM_MASK;
	spf_put32(f, CAP_POS + PCI_SRIOV_BAR + 4 * i,
		  is64 ? PCI_BASE_ADDRESS_MEM_TYPE_64 : 0);
	if (is64 && i + 1 < PCI_SRIOV_NUM_BARS) {
		f->bar_wmask[i + 1] = upper_32_bits(mask);
		spf_put32(f, CAP_POS + PCI_SRIOV_BAR + 4 * (i + 1), 0);
	}
}

/* An 82576-like PF: 8 VFs at offset 0x180 stride 2, two 64-bit 16K BARs. */
static struct spf_fake_cfg *spf_fake_new(struct kunit *test)
{
	struct spf_fake_cfg *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->fail_read = -1;
	f->fail_write = -1;
	spf_put32(f, CAP_POS, PCI_EXT_CAP_ID_SRIOV | (1 << 16));
	spf_put32(f, CAP_POS + PCI_SRIOV_CAP, 0);
	spf_put16(f, CAP_POS + PCI_SRIOV_CTRL, 0);
	spf_put16(f, CAP_POS + PCI_SRIOV_INITIAL_VF, 8);
	spf_put16(f, CAP_POS + PCI_SRIOV_TOTAL_VF, 8);
	f->sp[CAP_POS + PCI_SRIOV_FUNC_LINK] = 0;
	spf_put16(f, CAP_POS + PCI_SRIOV_VF_OFFSET, 0x180);
	spf_put16(f, CAP_POS + PCI_SRIOV_VF_STRIDE, 2);
	spf_put16(f, CAP_POS + PCI_SRIOV_VF_DID, 0x10ca);
	spf_put32(f, CAP_POS + PCI_SRIOV_SUP_PGSIZE, 0x553);
	spf_put32(f, CAP_POS + PCI_SRIOV_SYS_PGSIZE, 1);
	spf_fake_set_bar(f, 0, SZ_16K, true);
	spf_fake_set_bar(f, 3, SZ_16K, true);
	return f;
}

static int spf_fake_parse(struct spf_fake_cfg *f, u16 pos,
			  struct sriov_pf_cap *cap, const char **why)
{
	const struct sriov_pf_cfg_reader rd = {
		.read32 = spf_fake_read32,
		.write32 = spf_fake_write32,
		.ctx = f,
	};

	*why = NULL;
	return sriov_pf_cap_parse(&rd, pos, cap, why);
}

static void spf_cap_valid(struct kunit *test)
{
	struct spf_fake_cfg *f = spf_fake_new(test);
	u8 *before = kunit_kmalloc(test, PCI_CFG_SPACE_EXP_SIZE, GFP_KERNEL);
	struct sriov_pf_cap cap;
	const char *why;

	KUNIT_ASSERT_NOT_NULL(test, before);
	memcpy(before, f->sp, PCI_CFG_SPACE_EXP_SIZE);
	KUNIT_ASSERT_EQ(test, spf_fake_parse(f, CAP_POS, &cap, &why), 0);
	KUNIT_EXPECT_EQ(test, cap.pos, CAP_POS);
	KUNIT_EXPECT_EQ(test, cap.total_vfs, 8);
	KUNIT_EXPECT_EQ(test, cap.initial_vfs, 8);
	KUNIT_EXPECT_EQ(test, cap.vf_offset, 0x180);
	KUNIT_EXPECT_EQ(test, cap.vf_stride, 2);
	KUNIT_EXPECT_EQ(test, cap.vf_device, 0x10ca);
	KUNIT_EXPECT_EQ(test, cap.supported_page_sizes, 0x553);
	KUNIT_EXPECT_EQ(test, cap.system_page_size, 1);
	KUNIT_EXPECT_EQ(test, cap.nr_bars, 2);
	KUNIT_EXPECT_EQ(test, cap.vf_bar_size[0], (u64)SZ_16K);
	KUNIT_EXPECT_TRUE(test, cap.vf_bar_64[0]);
	KUNIT_EXPECT_EQ(test, cap.vf_bar_size[1], 0);
	KUNIT_EXPECT_EQ(test, cap.vf_bar_size[2], 0);
	KUNIT_EXPECT_EQ(test, cap.vf_bar_size[3], (u64)SZ_16K);
	KUNIT_EXPECT_TRUE(test, cap.vf_bar_64[3]);
	KUNIT_EXPECT_GT(test, f->writes, 0);
	/* BAR sizing restores every register it touched */
	KUNIT_EXPECT_MEMEQ(test, before, f->sp, PCI_CFG_SPACE_EXP_SIZE);
}

static void spf_cap_no_capability(struct kunit *test)
{
	struct spf_fake_cfg *f = spf_fake_new(test);
	static const u16 bad_pos[] = {
		0, 0x40, PCI_CFG_SPACE_SIZE - 4,
		PCI_CFG_SPACE_EXP_SIZE - PCI_EXT_CAP_SRIOV_SIZEOF + 4,
		PCI_CFG_SPACE_EXP_SIZE - 4, 0xfffc, 0xffff,
	};
	struct sriov_pf_cap cap;
	const char *why;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad_pos); i++) {
		f->reads = 0;
		KUNIT_EXPECT_EQ_MSG(test, spf_fake_parse(f, bad_pos[i], &cap, &why),
				    -ENODEV, "pos %#x", bad_pos[i]);
		KUNIT_EXPECT_NOT_NULL(test, why);
		KUNIT_EXPECT_EQ(test, f->reads, 0);
	}
}

/* Config space that cannot be read (a truncated or dying device) */
static void spf_cap_read_errors(struct kunit *test)
{
	struct sriov_pf_cap cap;
	const char *why;
	int off;

	for (off = 0; off < PCI_EXT_CAP_SRIOV_SIZEOF; off += 4) {
		struct spf_fake_cfg *f = spf_fake_new(test);
		int err;

		f->fail_read = CAP_POS + off;
		err = spf_fake_parse(f, CAP_POS, &cap, &why);
		/* The header and the dword after the BARs are never read */
		if (off == 0 || off == PCI_SRIOV_BAR + 4 * PCI_SRIOV_NUM_BARS)
			KUNIT_EXPECT_EQ_MSG(test, err, 0, "off %#x", off);
		else
			KUNIT_EXPECT_EQ_MSG(test, err, -EIO, "off %#x", off);
		if (err)
			KUNIT_EXPECT_NOT_NULL(test, why);
	}
	/* A BAR write that fails is an error too */
	{
		struct spf_fake_cfg *f = spf_fake_new(test);

		f->fail_write = CAP_POS + PCI_SRIOV_BAR;
		KUNIT_EXPECT_EQ(test, spf_fake_parse(f, CAP_POS, &cap, &why), -EIO);
	}
}

static void spf_cap_expect(struct kunit *test, struct spf_fake_cfg *f,
			   int want, const char *what)
{
	struct sriov_pf_cap cap;
	const char *why;
	int err = spf_fake_parse(f, CAP_POS, &cap, &why);

	KUNIT_EXPECT_EQ_MSG(test, err, want, "%s", what);
	if (err)
		KUNIT_EXPECT_NOT_NULL_MSG(test, why, "%s", what);
}

static void spf_cap_inconsistent(struct kunit *test)
{
	struct spf_fake_cfg *f;

	f = spf_fake_new(test);
	spf_put16(f, CAP_POS + PCI_SRIOV_TOTAL_VF, 0);
	spf_put16(f, CAP_POS + PCI_SRIOV_INITIAL_VF, 0);
	spf_cap_expect(test, f, -ENODEV, "TotalVFs 0");

	f = spf_fake_new(test);
	spf_put16(f, CAP_POS + PCI_SRIOV_VF_OFFSET, 0);
	spf_cap_expect(test, f, -ENODEV, "offset 0");

	f = spf_fake_new(test);
	spf_put16(f, CAP_POS + PCI_SRIOV_VF_STRIDE, 0);
	spf_cap_expect(test, f, -ENODEV, "stride 0, 8 VFs");

	f = spf_fake_new(test);
	spf_put16(f, CAP_POS + PCI_SRIOV_VF_STRIDE, 0);
	spf_put16(f, CAP_POS + PCI_SRIOV_TOTAL_VF, 1);
	spf_put16(f, CAP_POS + PCI_SRIOV_INITIAL_VF, 1);
	spf_cap_expect(test, f, 0, "stride 0, 1 VF");

	f = spf_fake_new(test);
	spf_put16(f, CAP_POS + PCI_SRIOV_INITIAL_VF, 9);
	spf_cap_expect(test, f, -ENODEV, "InitialVFs > TotalVFs");

	f = spf_fake_new(test);
	spf_put16(f, CAP_POS + PCI_SRIOV_INITIAL_VF, 0);
	spf_cap_expect(test, f, 0, "InitialVFs 0");

	f = spf_fake_new(test);
	spf_put32(f, CAP_POS + PCI_SRIOV_SUP_PGSIZE, 0);
	spf_cap_expect(test, f, -ENODEV, "no page size");

	f = spf_fake_new(test);
	spf_put16(f, CAP_POS + PCI_SRIOV_CTRL, PCI_SRIOV_CTRL_VFE);
	spf_cap_expect(test, f, -EBUSY, "VF Enable already set");

	f = spf_fake_new(test);
	spf_put16(f, CAP_POS + PCI_SRIOV_CTRL, PCI_SRIOV_CTRL_MSE);
	spf_cap_expect(test, f, -EBUSY, "VF MSE already set");

	f = spf_fake_new(test);
	spf_put16(f, CAP_POS + PCI_SRIOV_CTRL, PCI_SRIOV_CTRL_ARI);
	spf_cap_expect(test, f, 0, "ARI Capable Hierarchy set");
}

static void spf_cap_absurd(struct kunit *test)
{
	struct spf_fake_cfg *f;
	struct sriov_pf_cap cap;
	const char *why;

	/* Routing IDs: offset + stride * (TotalVFs - 1) must fit 16 bits */
	f = spf_fake_new(test);
	spf_put16(f, CAP_POS + PCI_SRIOV_TOTAL_VF, 0xffff);
	spf_put16(f, CAP_POS + PCI_SRIOV_VF_OFFSET, 1);
	spf_put16(f, CAP_POS + PCI_SRIOV_VF_STRIDE, 1);
	spf_cap_expect(test, f, 0, "65535 VFs that just fit");

	f = spf_fake_new(test);
	spf_put16(f, CAP_POS + PCI_SRIOV_TOTAL_VF, 0xffff);
	spf_put16(f, CAP_POS + PCI_SRIOV_VF_OFFSET, 2);
	spf_put16(f, CAP_POS + PCI_SRIOV_VF_STRIDE, 1);
	spf_cap_expect(test, f, -ENODEV, "routing ID overflow by one");

	f = spf_fake_new(test);
	spf_put16(f, CAP_POS + PCI_SRIOV_TOTAL_VF, 0xffff);
	spf_put16(f, CAP_POS + PCI_SRIOV_VF_OFFSET, 0xffff);
	spf_put16(f, CAP_POS + PCI_SRIOV_VF_STRIDE, 0xffff);
	spf_cap_expect(test, f, -ENODEV, "everything 0xffff");

	/* A device that answers all ones (gone from the bus) */
	f = spf_fake_new(test);
	memset(f->sp + CAP_POS, 0xff, PCI_EXT_CAP_SRIOV_SIZEOF);
	KUNIT_EXPECT_LT(test, spf_fake_parse(f, CAP_POS, &cap, &why), 0);
	KUNIT_EXPECT_NOT_NULL(test, why);

	/* All zeroes */
	f = spf_fake_new(test);
	memset(f->sp + CAP_POS, 0, PCI_EXT_CAP_SRIOV_SIZEOF);
	spf_cap_expect(test, f, -ENODEV, "all zeroes");
}

static void spf_cap_bars(struct kunit *test)
{
	struct spf_fake_cfg *f;
	struct sriov_pf_cap cap;
	const char *why;
	int i;

	/* No BARs at all */
	f = spf_fake_new(test);
	memset(f->bar_wmask, 0, sizeof(f->bar_wmask));
	memset(f->sp + CAP_POS + PCI_SRIOV_BAR, 0, 24);
	KUNIT_ASSERT_EQ(test, spf_fake_parse(f, CAP_POS, &cap, &why), 0);
	KUNIT_EXPECT_EQ(test, cap.nr_bars, 0);

	/* Six 32-bit BARs of different sizes */
	f = spf_fake_new(test);
	for (i = 0; i < PCI_SRIOV_NUM_BARS; i++)
		spf_fake_set_bar(f, i, SZ_4K << i, false);
	KUNIT_ASSERT_EQ(test, spf_fake_parse(f, CAP_POS, &cap, &why), 0);
	KUNIT_EXPECT_EQ(test, cap.nr_bars, PCI_SRIOV_NUM_BARS);
	for (i = 0; i < PCI_SRIOV_NUM_BARS; i++) {
		KUNIT_EXPECT_EQ(test, cap.vf_bar_size[i], (u64)SZ_4K << i);
		KUNIT_EXPECT_FALSE(test, cap.vf_bar_64[i]);
	}

	/* A 64-bit BAR larger than 4 GiB */
	f = spf_fake_new(test);
	spf_fake_set_bar(f, 0, 8ULL << 30, true);
	KUNIT_ASSERT_EQ(test, spf_fake_parse(f, CAP_POS, &cap, &why), 0);
	KUNIT_EXPECT_EQ(test, cap.vf_bar_size[0], 8ULL << 30);
	KUNIT_EXPECT_TRUE(test, cap.vf_bar_64[0]);
	KUNIT_EXPECT_EQ(test, cap.vf_bar_size[1], 0);

	/* A "64-bit" BAR in the last slot has no upper half: 32-bit */
	f = spf_fake_new(test);
	memset(f->bar_wmask, 0, sizeof(f->bar_wmask));
	memset(f->sp + CAP_POS + PCI_SRIOV_BAR, 0, 24);
	spf_fake_set_bar(f, 5, SZ_64K, true);
	KUNIT_ASSERT_EQ(test, spf_fake_parse(f, CAP_POS, &cap, &why), 0);
	KUNIT_EXPECT_EQ(test, cap.nr_bars, 1);
	KUNIT_EXPECT_EQ(test, cap.vf_bar_size[5], (u64)SZ_64K);
	KUNIT_EXPECT_FALSE(test, cap.vf_bar_64[5]);

	/* The largest 32-bit BAR (2 GiB) */
	f = spf_fake_new(test);
	spf_fake_set_bar(f, 0, SZ_2G, false);
	KUNIT_ASSERT_EQ(test, spf_fake_parse(f, CAP_POS, &cap, &why), 0);
	KUNIT_EXPECT_EQ(test, cap.vf_bar_size[0], (u64)SZ_2G);
}

/* ------------------------------------------------------------------------
 * MAC policy
 * ------------------------------------------------------------------------
 */

static void spf_mac_known_vectors(struct kunit *test)
{
	/* The worked example of the documentation */
	static const u8 perm[ETH_ALEN] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	static const u8 want[][ETH_ALEN] = {
		{ 0x96, 0xa3, 0x2a, 0xb4, 0x96, 0x03 },
		{ 0x3a, 0xc9, 0xab, 0x6a, 0x04, 0x36 },
		{ 0xa2, 0x46, 0x81, 0x6c, 0x66, 0x40 },
	};
	u8 mac[ETH_ALEN];
	unsigned int vf;

	for (vf = 0; vf < ARRAY_SIZE(want); vf++) {
		sriov_pf_mac_derive(perm, vf, 0, mac);
		KUNIT_EXPECT_MEMEQ_MSG(test, mac, want[vf], ETH_ALEN, "VF %u", vf);
	}
}

static void spf_mac_deterministic(struct kunit *test)
{
	u8 perm[ETH_ALEN] = { 0x00, 0x1b, 0x21, 0xaa, 0xbb, 0xcc };
	u8 a[ETH_ALEN], b[ETH_ALEN];
	u16 vf;

	for (vf = 0; vf < 128; vf++) {
		sriov_pf_mac_derive(perm, vf, 0, a);
		sriov_pf_mac_derive(perm, vf, 0, b);
		KUNIT_EXPECT_MEMEQ(test, a, b, ETH_ALEN);
		/* the fallback candidate is another address */
		sriov_pf_mac_derive(perm, vf, 1, b);
		KUNIT_EXPECT_MEMNEQ(test, a, b, ETH_ALEN);
	}
}

/* Tiny deterministic PRNG, so failures reproduce */
static u32 spf_lcg(u32 *s)
{
	*s = *s * 1664525 + 1013904223;
	return *s;
}

static void spf_mac_bits(struct kunit *test)
{
	u32 seed = 12345;
	unsigned int i;

	for (i = 0; i < 4096; i++) {
		u8 perm[ETH_ALEN], mac[ETH_ALEN];
		u16 vf = spf_lcg(&seed) & 0xffff;
		u32 attempt = spf_lcg(&seed) % 64;
		int j;

		for (j = 0; j < ETH_ALEN; j++)
			perm[j] = spf_lcg(&seed) >> 24;
		sriov_pf_mac_derive(perm, vf, attempt, mac);
		KUNIT_EXPECT_FALSE(test, is_multicast_ether_addr(mac));
		KUNIT_EXPECT_TRUE(test, is_local_ether_addr(mac));
		KUNIT_EXPECT_TRUE(test, is_valid_ether_addr(mac));
	}
}

static int spf_mac_cmp(const void *a, const void *b)
{
	return memcmp(a, b, ETH_ALEN);
}

/* PFs with consecutive permanent MACs (one multi-port card) x their VFs */
static void spf_mac_consecutive_perm(struct kunit *test)
{
	const unsigned int npf = 256, nvf = 64, n = npf * nvf;
	u8 (*macs)[ETH_ALEN];
	unsigned int p, v, i;

	macs = kunit_kmalloc_array(test, n, ETH_ALEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, macs);
	for (p = 0; p < npf; p++) {
		u8 perm[ETH_ALEN] = { 0x00, 0x1b, 0x21, 0x10, 0x20, p };

		for (v = 0; v < nvf; v++)
			sriov_pf_mac_derive(perm, v, 0, macs[p * nvf + v]);
	}
	sort(macs, n, ETH_ALEN, spf_mac_cmp, NULL);
	for (i = 1; i < n; i++)
		KUNIT_EXPECT_MEMNEQ(test, macs[i - 1], macs[i], ETH_ALEN);
}

struct spf_in_use_ctx {
	unsigned int busy;	/* the first @busy candidates are taken */
	unsigned int calls;
};

static bool spf_in_use(const u8 *mac, void *ctx)
{
	struct spf_in_use_ctx *c = ctx;

	return c->calls++ < c->busy;
}

static void spf_mac_pick_fallback(struct kunit *test)
{
	static const u8 perm[ETH_ALEN] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	struct pci_dev *pdev = kunit_kzalloc(test, sizeof(*pdev), GFP_KERNEL);
	struct spf_in_use_ctx c;
	u8 mac[ETH_ALEN], want[ETH_ALEN];

	KUNIT_ASSERT_NOT_NULL(test, pdev);
	KUNIT_ASSERT_EQ(test, sriov_pf_mac_policy, SRIOV_PF_MAC_DERIVED);

	/* nothing in use: the derived MAC */
	c = (struct spf_in_use_ctx){ .busy = 0 };
	sriov_pf_mac_pick(pdev, perm, 1, spf_in_use, &c, mac);
	sriov_pf_mac_derive(perm, 1, 0, want);
	KUNIT_EXPECT_MEMEQ(test, mac, want, ETH_ALEN);
	KUNIT_EXPECT_EQ(test, c.calls, 1);

	/* the first 3 candidates taken: attempt 3 */
	c = (struct spf_in_use_ctx){ .busy = 3 };
	sriov_pf_mac_pick(pdev, perm, 1, spf_in_use, &c, mac);
	sriov_pf_mac_derive(perm, 1, 3, want);
	KUNIT_EXPECT_MEMEQ(test, mac, want, ETH_ALEN);
	KUNIT_EXPECT_EQ(test, c.calls, 4);

	/* exhaustion: every candidate taken, the first one is kept */
	c = (struct spf_in_use_ctx){ .busy = UINT_MAX };
	sriov_pf_mac_pick(pdev, perm, 1, spf_in_use, &c, mac);
	sriov_pf_mac_derive(perm, 1, 0, want);
	KUNIT_EXPECT_MEMEQ(test, mac, want, ETH_ALEN);
	KUNIT_EXPECT_EQ(test, c.calls, SRIOV_PF_MAC_ATTEMPTS);
	KUNIT_EXPECT_TRUE(test, is_valid_ether_addr(mac));
}

/* ------------------------------------------------------------------------
 * The host's netdev addresses: records by MAC, namespace filtering
 * ------------------------------------------------------------------------
 *
 * The set's helpers take plain pointers, only compared: fake netdevs,
 * namespaces and PFs are distinct static objects.  Each test has its own
 * set, not the module's (no notifier runs in this module).
 */

static u64 spf_fake_objs[8];

#define SPF_FAKE_DEV(i)	((const struct net_device *)&spf_fake_objs[i])
#define SPF_FAKE_NET_A	((const struct net *)&spf_fake_objs[4])
#define SPF_FAKE_NET_B	((const struct net *)&spf_fake_objs[5])
#define SPF_FAKE_PF	((const struct pci_dev *)&spf_fake_objs[6])
#define SPF_FAKE_PF2	((const struct pci_dev *)&spf_fake_objs[7])

static const u8 spf_mac_x[ETH_ALEN] __aligned(2) = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x0a };
static const u8 spf_mac_y[ETH_ALEN] __aligned(2) = {
	0x52, 0x54, 0x00, 0x00, 0x00, 0x0b };
static const u8 spf_mac_z[ETH_ALEN] __aligned(2) = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x0c };
static const u8 spf_mac_0[ETH_ALEN] __aligned(2);

static struct sriov_pf_addr_set *spf_addr_set_new(struct kunit *test)
{
	struct sriov_pf_addr_set *set;

	set = kunit_kzalloc(test, sizeof(*set), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, set);
	hash_init(set->by_mac);
	hash_init(set->by_dev);
	get_random_bytes(&set->key, sizeof(set->key));
	return set;
}

static struct sriov_pf_addr_rec *
spf_addr_rec_new(struct kunit *test, struct sriov_pf_addr_set *set,
		 const struct net_device *dev, const struct net *net,
		 const struct pci_dev *vf_of, const u8 *cur, const u8 *perm)
{
	struct sriov_pf_addr_rec *rec;

	rec = kunit_kzalloc(test, sizeof(*rec), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rec);
	sriov_pf_addr_rec_init(rec, dev, net, vf_of);
	__sriov_pf_addr_insert(set, rec, cur, perm);
	return rec;
}

static bool spf_used(const struct sriov_pf_addr_set *set, const u8 *mac,
		     const struct net *net, const struct pci_dev *physfn)
{
	return __sriov_pf_addr_used(set, mac, net, physfn);
}

/* Insert, look up by either address, readdress, remove */
static void spf_addr_set_basic(struct kunit *test)
{
	struct sriov_pf_addr_set *set = spf_addr_set_new(test);
	struct sriov_pf_addr_rec *rec;

	KUNIT_EXPECT_FALSE(test, spf_used(set, spf_mac_x, NULL, NULL));
	rec = spf_addr_rec_new(test, set, SPF_FAKE_DEV(0), SPF_FAKE_NET_A, NULL,
			       spf_mac_x, spf_mac_y);
	KUNIT_EXPECT_PTR_EQ(test, __sriov_pf_addr_find(set, SPF_FAKE_DEV(0)), rec);
	KUNIT_EXPECT_NULL(test, __sriov_pf_addr_find(set, SPF_FAKE_DEV(1)));

	/* current and permanent address, any namespace or its own */
	KUNIT_EXPECT_TRUE(test, spf_used(set, spf_mac_x, NULL, SPF_FAKE_PF));
	KUNIT_EXPECT_TRUE(test, spf_used(set, spf_mac_y, NULL, SPF_FAKE_PF));
	KUNIT_EXPECT_TRUE(test, spf_used(set, spf_mac_x, SPF_FAKE_NET_A, SPF_FAKE_PF));
	KUNIT_EXPECT_TRUE(test, spf_used(set, spf_mac_y, SPF_FAKE_NET_A, SPF_FAKE_PF));
	/* another namespace does not see it */
	KUNIT_EXPECT_FALSE(test, spf_used(set, spf_mac_x, SPF_FAKE_NET_B, SPF_FAKE_PF));
	KUNIT_EXPECT_FALSE(test, spf_used(set, spf_mac_y, SPF_FAKE_NET_B, SPF_FAKE_PF));
	KUNIT_EXPECT_FALSE(test, spf_used(set, spf_mac_z, NULL, SPF_FAKE_PF));

	/* NETDEV_CHANGEADDR: the old current address is free again */
	__sriov_pf_addr_update(set, rec, spf_mac_z, spf_mac_y);
	KUNIT_EXPECT_FALSE(test, spf_used(set, spf_mac_x, NULL, SPF_FAKE_PF));
	KUNIT_EXPECT_TRUE(test, spf_used(set, spf_mac_z, NULL, SPF_FAKE_PF));
	KUNIT_EXPECT_TRUE(test, spf_used(set, spf_mac_y, NULL, SPF_FAKE_PF));

	/* NETDEV_UNREGISTER */
	__sriov_pf_addr_remove(rec);
	KUNIT_EXPECT_NULL(test, __sriov_pf_addr_find(set, SPF_FAKE_DEV(0)));
	KUNIT_EXPECT_FALSE(test, spf_used(set, spf_mac_z, NULL, SPF_FAKE_PF));
	KUNIT_EXPECT_FALSE(test, spf_used(set, spf_mac_y, NULL, SPF_FAKE_PF));
	/* twice is harmless */
	__sriov_pf_addr_remove(rec);
}

/* A zero address, and a permanent one equal to the current one, are not
 * hashed
 */
static void spf_addr_set_zero(struct kunit *test)
{
	struct sriov_pf_addr_set *set = spf_addr_set_new(test);
	struct sriov_pf_addr_rec *a, *b;

	a = spf_addr_rec_new(test, set, SPF_FAKE_DEV(0), SPF_FAKE_NET_A, NULL,
			     spf_mac_x, spf_mac_x);
	KUNIT_EXPECT_FALSE(test, hlist_unhashed(&a->cur.hnode));
	KUNIT_EXPECT_TRUE(test, hlist_unhashed(&a->perm.hnode));
	b = spf_addr_rec_new(test, set, SPF_FAKE_DEV(1), SPF_FAKE_NET_A, NULL,
			     spf_mac_0, spf_mac_0);
	KUNIT_EXPECT_TRUE(test, hlist_unhashed(&b->cur.hnode));
	KUNIT_EXPECT_TRUE(test, hlist_unhashed(&b->perm.hnode));
	KUNIT_EXPECT_FALSE(test, spf_used(set, spf_mac_0, NULL, NULL));
	KUNIT_EXPECT_PTR_EQ(test, __sriov_pf_addr_find(set, SPF_FAKE_DEV(1)), b);

	/* one address removed: the other record still holds X */
	__sriov_pf_addr_update(set, b, spf_mac_x, spf_mac_0);
	__sriov_pf_addr_remove(a);
	KUNIT_EXPECT_TRUE(test, spf_used(set, spf_mac_x, SPF_FAKE_NET_A, NULL));
	__sriov_pf_addr_remove(b);
	KUNIT_EXPECT_FALSE(test, spf_used(set, spf_mac_x, NULL, NULL));
}

/* The netdevs of a PF's own VFs do not count for that PF; a MAC two
 * netdevs share counts as long as one that is not excepted has it
 */
static void spf_addr_set_vf_and_shared(struct kunit *test)
{
	struct sriov_pf_addr_set *set = spf_addr_set_new(test);
	struct sriov_pf_addr_rec *other;

	/* a host netdev of one of SPF_FAKE_PF's VFs, in namespace A */
	spf_addr_rec_new(test, set, SPF_FAKE_DEV(0), SPF_FAKE_NET_A, SPF_FAKE_PF,
			 spf_mac_x, spf_mac_0);
	KUNIT_EXPECT_FALSE(test, spf_used(set, spf_mac_x, NULL, SPF_FAKE_PF));
	KUNIT_EXPECT_FALSE(test, spf_used(set, spf_mac_x, SPF_FAKE_NET_A, SPF_FAKE_PF));
	KUNIT_EXPECT_TRUE(test, spf_used(set, spf_mac_x, NULL, SPF_FAKE_PF2));
	KUNIT_EXPECT_TRUE(test, spf_used(set, spf_mac_x, SPF_FAKE_NET_A, SPF_FAKE_PF2));

	/* the same MAC on a netdev in namespace B (a VLAN, a bond slave) */
	other = spf_addr_rec_new(test, set, SPF_FAKE_DEV(1), SPF_FAKE_NET_B, NULL,
				 spf_mac_x, spf_mac_0);
	KUNIT_EXPECT_TRUE(test, spf_used(set, spf_mac_x, NULL, SPF_FAKE_PF));
	KUNIT_EXPECT_TRUE(test, spf_used(set, spf_mac_x, SPF_FAKE_NET_B, SPF_FAKE_PF));
	KUNIT_EXPECT_FALSE(test, spf_used(set, spf_mac_x, SPF_FAKE_NET_A, SPF_FAKE_PF));

	/* moved to namespace A: UNREGISTER, then REGISTER there */
	__sriov_pf_addr_remove(other);
	sriov_pf_addr_rec_init(other, SPF_FAKE_DEV(1), SPF_FAKE_NET_A, NULL);
	__sriov_pf_addr_insert(set, other, spf_mac_x, spf_mac_0);
	KUNIT_EXPECT_FALSE(test, spf_used(set, spf_mac_x, SPF_FAKE_NET_B, SPF_FAKE_PF));
	KUNIT_EXPECT_TRUE(test, spf_used(set, spf_mac_x, SPF_FAKE_NET_A, SPF_FAKE_PF));
}

/* Many records: every one found by both addresses, in its namespace only */
static void spf_addr_set_many(struct kunit *test)
{
	static u8 devs[2 * BIT(SRIOV_PF_ADDR_BITS)];
	struct sriov_pf_addr_set *set = spf_addr_set_new(test);
	const unsigned int n = ARRAY_SIZE(devs);
	u8 perm[ETH_ALEN] __aligned(2);
	u8 cur[ETH_ALEN] __aligned(2);
	const struct net *net, *other;
	const struct net_device *dev;
	unsigned int i, bad = 0;

	for (i = 0; i < n; i++) {
		net = i & 1 ? SPF_FAKE_NET_B : SPF_FAKE_NET_A;
		sriov_pf_mac_derive(spf_mac_y, i, 0, cur);
		sriov_pf_mac_derive(spf_mac_y, i, 1, perm);
		dev = (const struct net_device *)&devs[i];
		spf_addr_rec_new(test, set, dev, net, NULL, cur, perm);
	}
	for (i = 0; i < n; i++) {
		net = i & 1 ? SPF_FAKE_NET_B : SPF_FAKE_NET_A;
		other = i & 1 ? SPF_FAKE_NET_A : SPF_FAKE_NET_B;
		sriov_pf_mac_derive(spf_mac_y, i, 0, cur);
		sriov_pf_mac_derive(spf_mac_y, i, 1, perm);
		dev = (const struct net_device *)&devs[i];
		if (!spf_used(set, cur, net, NULL) ||
		    !spf_used(set, perm, net, NULL) ||
		    spf_used(set, cur, other, NULL) ||
		    spf_used(set, perm, other, NULL) ||
		    !__sriov_pf_addr_find(set, dev))
			bad++;
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
	/* a MAC nobody has */
	sriov_pf_mac_derive(spf_mac_y, n, 0, cur);
	KUNIT_EXPECT_FALSE(test, spf_used(set, cur, NULL, NULL));
}

/* ------------------------------------------------------------------------
 * max_vfs parser
 * ------------------------------------------------------------------------
 */

static void spf_max_vfs_ok(struct kunit *test, const char *s,
			   struct sriov_pf_max_vfs *mv)
{
	const char *why = NULL;

	KUNIT_EXPECT_EQ_MSG(test, sriov_pf_max_vfs_parse(s, mv, &why), 0,
			    "\"%s\": %s", s, why ?: "");
}

static void spf_max_vfs_forms(struct kunit *test)
{
	struct sriov_pf_max_vfs *mv = kunit_kzalloc(test, sizeof(*mv), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, mv);

	spf_max_vfs_ok(test, "", mv);
	KUNIT_EXPECT_EQ(test, mv->form, SRIOV_PF_MAX_VFS_NONE);
	KUNIT_EXPECT_EQ(test, sriov_pf_max_vfs_lookup(mv, 0, 1, 0, 0), 0);
	spf_max_vfs_ok(test, "\n", mv);
	KUNIT_EXPECT_EQ(test, mv->form, SRIOV_PF_MAX_VFS_NONE);

	spf_max_vfs_ok(test, "4", mv);
	KUNIT_EXPECT_EQ(test, mv->form, SRIOV_PF_MAX_VFS_ALL);
	KUNIT_EXPECT_EQ(test, sriov_pf_max_vfs_lookup(mv, 0, 1, 0, 0), 4);
	KUNIT_EXPECT_EQ(test, sriov_pf_max_vfs_lookup(mv, 7, 0x80, 3, 9), 4);
	spf_max_vfs_ok(test, "4\n", mv);
	KUNIT_EXPECT_EQ(test, sriov_pf_max_vfs_lookup(mv, 0, 1, 0, 0), 4);
	spf_max_vfs_ok(test, "0", mv);
	KUNIT_EXPECT_EQ(test, sriov_pf_max_vfs_lookup(mv, 0, 1, 0, 0), 0);
	spf_max_vfs_ok(test, "65535", mv);
	KUNIT_EXPECT_EQ(test, sriov_pf_max_vfs_lookup(mv, 0, 1, 0, 0), 65535);
	spf_max_vfs_ok(test, "000000000000004", mv);	/* 15 digits */
	KUNIT_EXPECT_EQ(test, sriov_pf_max_vfs_lookup(mv, 0, 1, 0, 0), 4);

	spf_max_vfs_ok(test, "4,2", mv);
	KUNIT_EXPECT_EQ(test, mv->form, SRIOV_PF_MAX_VFS_LIST);
	KUNIT_EXPECT_EQ(test, mv->n, 2);
	KUNIT_EXPECT_EQ(test, sriov_pf_max_vfs_lookup(mv, 0, 1, 0, 0), 4);
	KUNIT_EXPECT_EQ(test, sriov_pf_max_vfs_lookup(mv, 0, 1, 0, 1), 2);
	KUNIT_EXPECT_EQ(test, sriov_pf_max_vfs_lookup(mv, 0, 1, 0, 2), 0);
	KUNIT_EXPECT_EQ(test, sriov_pf_max_vfs_lookup(mv, 0, 1, 0, UINT_MAX), 0);

	spf_max_vfs_ok(test, "0000:01:00.0=4,0000:02:00.1=2\n", mv);
	KUNIT_EXPECT_EQ(test, mv->form, SRIOV_PF_MAX_VFS_ADDR);
	KUNIT_EXPECT_EQ(test, mv->n, 2);
	KUNIT_EXPECT_EQ(test, sriov_pf_max_vfs_lookup(mv, 0, 1, PCI_DEVFN(0, 0), 5), 4);
	KUNIT_EXPECT_EQ(test, sriov_pf_max_vfs_lookup(mv, 0, 2, PCI_DEVFN(0, 1), 0), 2);
	KUNIT_EXPECT_EQ(test, sriov_pf_max_vfs_lookup(mv, 0, 2, PCI_DEVFN(0, 0), 1), 0);
	KUNIT_EXPECT_EQ(test, sriov_pf_max_vfs_lookup(mv, 1, 1, PCI_DEVFN(0, 0), 0), 0);

	/* no domain: domain 0; hex digits; the largest address */
	spf_max_vfs_ok(test, "0a:1f.7=3,ffff:ff:1f.7=65535,AbCd:0B:0c.0=1", mv);
	KUNIT_EXPECT_EQ(test, sriov_pf_max_vfs_lookup(mv, 0, 0x0a, PCI_DEVFN(0x1f, 7), 0), 3);
	KUNIT_EXPECT_EQ(test,
			sriov_pf_max_vfs_lookup(mv, 0xffff, 0xff, PCI_DEVFN(0x1f, 7), 0), 65535);
	KUNIT_EXPECT_EQ(test, sriov_pf_max_vfs_lookup(mv, 0xabcd, 0x0b, PCI_DEVFN(0x0c, 0), 0), 1);
}

static void spf_max_vfs_limits(struct kunit *test)
{
	struct sriov_pf_max_vfs *mv = kunit_kzalloc(test, sizeof(*mv), GFP_KERNEL);
	char *s = kunit_kzalloc(test, 1024, GFP_KERNEL);
	const char *why;
	int i, len = 0;

	KUNIT_ASSERT_NOT_NULL(test, mv);
	KUNIT_ASSERT_NOT_NULL(test, s);

	/* exactly SRIOV_PF_MAX_VFS_ENTRIES entries, both forms */
	for (i = 0; i < SRIOV_PF_MAX_VFS_ENTRIES; i++)
		len += scnprintf(s + len, 1024 - len, "%s%d", i ? "," : "", i);
	spf_max_vfs_ok(test, s, mv);
	KUNIT_EXPECT_EQ(test, mv->n, SRIOV_PF_MAX_VFS_ENTRIES);
	KUNIT_EXPECT_EQ(test, sriov_pf_max_vfs_lookup(mv, 0, 0, 0, 63), 63);
	scnprintf(s + len, 1024 - len, ",1");
	why = NULL;
	KUNIT_EXPECT_EQ(test, sriov_pf_max_vfs_parse(s, mv, &why), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, why);

	len = 0;
	for (i = 0; i < SRIOV_PF_MAX_VFS_ENTRIES; i++)
		len += scnprintf(s + len, 1024 - len, "%s%02x:00.0=1",
				 i ? "," : "", i);
	spf_max_vfs_ok(test, s, mv);
	KUNIT_EXPECT_EQ(test, mv->n, SRIOV_PF_MAX_VFS_ENTRIES);
	scnprintf(s + len, 1024 - len, ",ff:00.0=1");
	KUNIT_EXPECT_EQ(test, sriov_pf_max_vfs_parse(s, mv, &why), -EINVAL);
}

static void spf_max_vfs_malformed(struct kunit *test)
{
	static const char * const bad[] = {
		"-1", "65536", "99999999999999999999", "0000000000000004",
		"a", "4a", "0x4", " 4", "4 ", "4\n\n", "+4", "4.0",
		",", ",4", "4,", "4,,2", "4;2",
		"=", "=4", "0000:01:00.0=", "0000:01:00.0", "0000:01:00.0==4",
		"0000:01:00.0=4,5", "5,0000:01:00.0=4", "0000:01:00.0=4,",
		"0000:01:00.0=4,0000:01:00.0=2", "01:00.0=1,0000:01:00.0=2",
		"10000:01:00.0=1", "0000:100:00.0=1", "0000:01:20.0=1",
		"0000:01:00.8=1", "0000:01:00=1", "0000:01.00.0=1",
		"0000:01:00.0.0=1", ":01:00.0=1", "0000::00.0=1", "0000:01:.0=1",
		"0000:01:00.=1", "g000:01:00.0=1", "0000:01:00.0=-1",
		"0000:01:00.0=65536", "0000:01:00.0=4=4", "0:0:0:00.0=1",
	};
	struct sriov_pf_max_vfs *mv = kunit_kzalloc(test, sizeof(*mv), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, mv);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		const char *why = NULL;

		KUNIT_EXPECT_EQ_MSG(test, sriov_pf_max_vfs_parse(bad[i], mv, &why),
				    -EINVAL, "\"%s\"", bad[i]);
		KUNIT_EXPECT_NOT_NULL_MSG(test, why, "\"%s\"", bad[i]);
	}
}

/* ------------------------------------------------------------------------
 * vf_config parser
 * ------------------------------------------------------------------------
 */

static void spf_vf_config_ok(struct kunit *test)
{
	struct sriov_pf_vf_config *vc = kunit_kzalloc(test, sizeof(*vc), GFP_KERNEL);
	static const u8 mac[ETH_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x10 };
	static const char three[] =
		"0000:01:00.0/0,mac=02:00:00:00:00:10,vlan=100,qos=3,spoofchk=off,trust=on,state=disable;"
		"abcd:0b:1f.7/6,state=auto,max_tx_rate=300;"
		"02:00.1/65534,vlan=0,spoofchk=on,trust=off,state=auto\n";
	struct sriov_pf_parse_err err = {};
	const struct sriov_pf_vf_config_entry *e;

	KUNIT_ASSERT_NOT_NULL(test, vc);
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_config_parse("", vc, &err), 0);
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_config_parse("\n", vc, &err), 0);
	KUNIT_EXPECT_EQ(test, vc->n, 0U);

	KUNIT_ASSERT_EQ(test, sriov_pf_vf_config_parse(three, vc, &err), 0);
	KUNIT_ASSERT_EQ(test, vc->n, 3U);

	e = &vc->e[0];
	KUNIT_EXPECT_EQ(test, e->domain, 0U);
	KUNIT_EXPECT_EQ(test, e->bus, 1);
	KUNIT_EXPECT_EQ(test, e->devfn, PCI_DEVFN(0, 0));
	KUNIT_EXPECT_EQ(test, e->vf, 0);
	KUNIT_EXPECT_EQ(test, e->what, SRIOV_PF_VF_MAC | SRIOV_PF_VF_VLAN |
			SRIOV_PF_VF_SPOOFCHK | SRIOV_PF_VF_TRUST | SRIOV_PF_VF_LINK);
	KUNIT_EXPECT_MEMEQ(test, e->set.mac, mac, ETH_ALEN);
	KUNIT_EXPECT_EQ(test, e->set.vlan, 100);
	KUNIT_EXPECT_EQ(test, e->set.qos, 3);
	KUNIT_EXPECT_FALSE(test, e->set.spoofchk);
	KUNIT_EXPECT_TRUE(test, e->set.trusted);
	KUNIT_EXPECT_EQ(test, e->set.link_state, IFLA_VF_LINK_STATE_DISABLE);
	KUNIT_EXPECT_STREQ(test, e->text,
			   "0000:01:00.0/0,mac=02:00:00:00:00:10,vlan=100,qos=3,spoofchk=off,trust=on,state=disable");

	e = &vc->e[1];
	KUNIT_EXPECT_EQ(test, e->domain, 0xabcdU);
	KUNIT_EXPECT_EQ(test, e->bus, 0x0b);
	KUNIT_EXPECT_EQ(test, e->devfn, PCI_DEVFN(0x1f, 7));
	KUNIT_EXPECT_EQ(test, e->vf, 6);
	KUNIT_EXPECT_EQ(test, e->what, SRIOV_PF_VF_LINK | SRIOV_PF_VF_RATE);
	KUNIT_EXPECT_EQ(test, e->set.link_state, IFLA_VF_LINK_STATE_AUTO);
	KUNIT_EXPECT_EQ(test, e->set.max_tx_rate, 300U);

	e = &vc->e[2];
	KUNIT_EXPECT_EQ(test, e->bus, 2);
	KUNIT_EXPECT_EQ(test, e->devfn, PCI_DEVFN(0, 1));
	KUNIT_EXPECT_EQ(test, e->vf, 65534);
	KUNIT_EXPECT_EQ(test, e->what, SRIOV_PF_VF_VLAN | SRIOV_PF_VF_SPOOFCHK |
			SRIOV_PF_VF_TRUST | SRIOV_PF_VF_LINK);
	KUNIT_EXPECT_EQ(test, e->set.vlan, 0);
	KUNIT_EXPECT_TRUE(test, e->set.spoofchk);
	KUNIT_EXPECT_FALSE(test, e->set.trusted);
	KUNIT_EXPECT_EQ(test, e->set.link_state, IFLA_VF_LINK_STATE_AUTO);
	KUNIT_EXPECT_STREQ(test, e->text,
			   "02:00.1/65534,vlan=0,spoofchk=on,trust=off,state=auto");
}

/* Every vf_config= adds; a bad one changes nothing, a VF or MAC twice is bad */
static void spf_vf_config_append(struct kunit *test)
{
	struct sriov_pf_vf_config *vc = kunit_kzalloc(test, sizeof(*vc), GFP_KERNEL);
	struct sriov_pf_parse_err err = {};
	char s[64];
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, vc);
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_config_parse("01:00.0/0,trust=on", vc, &err), 0);
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_config_parse("01:00.0/1,mac=02:00:00:00:00:01", vc, &err),
			0);
	KUNIT_EXPECT_EQ(test, vc->n, 2U);
	/* the same VF again, also written with its domain */
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_config_parse("01:00.1/0,trust=on;0000:01:00.0/0,vlan=5",
						       vc, &err), -EINVAL);
	KUNIT_EXPECT_EQ(test, vc->n, 2U);
	KUNIT_EXPECT_EQ(test, err.len, (int)strlen("0000:01:00.0/0,vlan=5"));
	KUNIT_EXPECT_EQ(test, strncmp(err.entry, "0000:01:00.0/0,vlan=5", err.len), 0);
	/* the same MAC for another VF */
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_config_parse("02:00.0/1,mac=02:00:00:00:00:01", vc, &err),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, vc->n, 2U);
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_config_parse("02:00.0/1,mac=02:00:00:00:00:02", vc, &err),
			0);
	KUNIT_EXPECT_EQ(test, vc->n, 3U);

	/* full */
	for (i = vc->n; i < SRIOV_PF_VF_CONFIG_ENTRIES; i++) {
		scnprintf(s, sizeof(s), "03:00.0/%u,trust=on", i);
		KUNIT_EXPECT_EQ(test, sriov_pf_vf_config_parse(s, vc, &err), 0);
	}
	KUNIT_EXPECT_EQ(test, vc->n, SRIOV_PF_VF_CONFIG_ENTRIES);
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_config_parse("04:00.0/0,trust=on", vc, &err), -EINVAL);
	KUNIT_EXPECT_EQ(test, vc->n, SRIOV_PF_VF_CONFIG_ENTRIES);
}

static void spf_vf_config_bad(struct kunit *test)
{
	static const char * const bad[] = {
		"01:00.0", "01:00.0/", "01:00.0/0", "01:00.0/0,", "/0,trust=on",
		"01:00.0/x,trust=on", "01:00.0/-1,trust=on", "01:00.0/65535,trust=on",
		"01:00.0/0 ,trust=on", "01:00.0-0,trust=on", "01:00.8/0,trust=on",
		"1:2:3:00.0/0,trust=on", "01:00.0/0,trust", "01:00.0/0,trust=",
		"01:00.0/0,trust=maybe", "01:00.0/0,,trust=on", "01:00.0/0,trust=on,",
		"01:00.0/0,trust=on,trust=off", "01:00.0/0,speed=1",
		"01:00.0/0,mac=02:00:00:00:00", "01:00.0/0,mac=02:00:00:00:00:001",
		"01:00.0/0,mac=03:00:00:00:00:01", "01:00.0/0,mac=00:00:00:00:00:00",
		"01:00.0/0,mac=ff:ff:ff:ff:ff:ff", "01:00.0/0,mac=02-00-00-00-00-01",
		"01:00.0/0,vlan=4095", "01:00.0/0,vlan=-1", "01:00.0/0,vlan=0x10",
		"01:00.0/0,qos=3", "01:00.0/0,vlan=0,qos=3", "01:00.0/0,vlan=5,qos=8",
		"01:00.0/0,vlan=5,qos=1,qos=1", "01:00.0/0,state=down",
		/* a VF sees the port's link: it cannot be forced up */
		"01:00.0/0,state=enable",
		"01:00.0/0,max_tx_rate=1001", "01:00.0/0,max_tx_rate=-1",
		"01:00.0/0,state=", "01:00.0/0,min_tx_rate=100",
		"01:00.0/0,TRUST=on", "01:00.0/0,trust=on;;01:00.0/1,trust=on",
		"01:00.0/0,trust=on;", ";01:00.0/0,trust=on", "01:00.0/0,trust=on\n\n",
		"01:00.0/0,trust=on,mac=02:00:00:00:00:01,vlan=4094,qos=7,spoofchk=off,state=disable,trust=on,spoofchk=on,state=auto",
		/* the PF's default entry: no mac, a setting, "*" alone */
		"01:00.0/*", "01:00.0/*,", "01:00.0/*,mac=02:00:00:00:00:01",
		"01:00.0/**,trust=on", "01:00.0/*1,trust=on", "01:00.0/1*,trust=on",
		"01:00.0/ *,trust=on", "01:00.0/*,qos=1", "*/0,trust=on",
		"01:00.0/*,trust=on;0000:01:00.0/*,spoofchk=on",
	};
	struct sriov_pf_vf_config *vc = kunit_kzalloc(test, sizeof(*vc), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, vc);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct sriov_pf_parse_err err = {};

		KUNIT_EXPECT_EQ_MSG(test, sriov_pf_vf_config_parse(bad[i], vc, &err),
				    -EINVAL, "\"%s\"", bad[i]);
		KUNIT_EXPECT_NOT_NULL_MSG(test, err.why, "\"%s\"", bad[i]);
		/* the message names an entry of the string */
		KUNIT_EXPECT_TRUE_MSG(test, err.entry >= bad[i] &&
				      err.entry + err.len <= bad[i] + strlen(bad[i]),
				      "\"%s\"", bad[i]);
		KUNIT_EXPECT_EQ_MSG(test, vc->n, 0U, "\"%s\"", bad[i]);
	}
}

/* The PF's default entry (VF index "*"): one per PF, beside the VFs' own
 * entries; each VF gets the default's settings its own entry does not name
 */
static void spf_vf_config_default(struct kunit *test)
{
	struct sriov_pf_vf_config *vc = kunit_kzalloc(test, sizeof(*vc), GFP_KERNEL);
	static const u8 mac[ETH_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
	static const char cfg[] =
		"01:00.0/*,spoofchk=on,trust=off,vlan=5,qos=3,state=disable;"
		"01:00.0/1,spoofchk=off,mac=02:00:00:00:00:01,vlan=7;"
		"0000:01:00.0/0,max_tx_rate=100;02:00.0/*,trust=on";
	const struct sriov_pf_vf_config_entry *own, *dflt;
	struct sriov_pf_parse_err err = {};
	struct sriov_pf_vf out;
	unsigned int what;

	KUNIT_ASSERT_NOT_NULL(test, vc);
	KUNIT_ASSERT_EQ(test, sriov_pf_vf_config_parse(cfg, vc, &err), 0);
	KUNIT_ASSERT_EQ(test, vc->n, 4U);
	KUNIT_EXPECT_TRUE(test, vc->e[0].all_vfs);
	KUNIT_EXPECT_EQ(test, vc->e[0].vf, 0);
	KUNIT_EXPECT_FALSE(test, vc->e[2].all_vfs);
	KUNIT_EXPECT_STREQ(test, vc->e[0].text,
			   "01:00.0/*,spoofchk=on,trust=off,vlan=5,qos=3,state=disable");

	/* VF 1: its own spoofchk, MAC and VLAN (with qos 0), the rest default */
	sriov_pf_vf_config_find(vc, 0, 1, PCI_DEVFN(0, 0), 1, &own, &dflt);
	KUNIT_EXPECT_PTR_EQ(test, own, &vc->e[1]);
	KUNIT_EXPECT_PTR_EQ(test, dflt, &vc->e[0]);
	what = sriov_pf_vf_config_merge(own, dflt, &out);
	KUNIT_EXPECT_EQ(test, what, SRIOV_PF_VF_MAC | SRIOV_PF_VF_VLAN |
			SRIOV_PF_VF_SPOOFCHK | SRIOV_PF_VF_TRUST | SRIOV_PF_VF_LINK);
	KUNIT_EXPECT_MEMEQ(test, out.mac, mac, ETH_ALEN);
	KUNIT_EXPECT_FALSE(test, out.spoofchk);
	KUNIT_EXPECT_FALSE(test, out.trusted);
	KUNIT_EXPECT_EQ(test, out.vlan, 7);
	KUNIT_EXPECT_EQ(test, out.qos, 0);
	KUNIT_EXPECT_EQ(test, out.link_state, IFLA_VF_LINK_STATE_DISABLE);

	/* VF 0 (written with its domain): its rate and every default */
	sriov_pf_vf_config_find(vc, 0, 1, PCI_DEVFN(0, 0), 0, &own, &dflt);
	KUNIT_EXPECT_PTR_EQ(test, own, &vc->e[2]);
	what = sriov_pf_vf_config_merge(own, dflt, &out);
	KUNIT_EXPECT_EQ(test, what, SRIOV_PF_VF_RATE | SRIOV_PF_VF_VLAN |
			SRIOV_PF_VF_SPOOFCHK | SRIOV_PF_VF_TRUST | SRIOV_PF_VF_LINK);
	KUNIT_EXPECT_EQ(test, out.max_tx_rate, 100U);
	KUNIT_EXPECT_TRUE(test, out.spoofchk);
	KUNIT_EXPECT_EQ(test, out.vlan, 5);
	KUNIT_EXPECT_EQ(test, out.qos, 3);

	/* VF 6: no entry of its own */
	sriov_pf_vf_config_find(vc, 0, 1, PCI_DEVFN(0, 0), 6, &own, &dflt);
	KUNIT_EXPECT_NULL(test, own);
	KUNIT_EXPECT_PTR_EQ(test, dflt, &vc->e[0]);
	what = sriov_pf_vf_config_merge(own, dflt, &out);
	KUNIT_EXPECT_EQ(test, what, vc->e[0].what);
	KUNIT_EXPECT_TRUE(test, is_zero_ether_addr(out.mac));

	/* another PF's default; a PF with no entry */
	sriov_pf_vf_config_find(vc, 0, 2, PCI_DEVFN(0, 0), 1, &own, &dflt);
	KUNIT_EXPECT_NULL(test, own);
	KUNIT_EXPECT_PTR_EQ(test, dflt, &vc->e[3]);
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_config_merge(own, dflt, &out),
			SRIOV_PF_VF_TRUST);
	KUNIT_EXPECT_TRUE(test, out.trusted);
	sriov_pf_vf_config_find(vc, 0, 1, PCI_DEVFN(0, 1), 1, &own, &dflt);
	KUNIT_EXPECT_NULL(test, own);
	KUNIT_EXPECT_NULL(test, dflt);
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_config_merge(own, dflt, &out), 0U);

	/* one default per PF, in any later vf_config= too */
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_config_parse("0000:01:00.0/*,trust=on", vc, &err),
			-EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, strstr(err.why, "entry already"));
	KUNIT_EXPECT_EQ(test, vc->n, 4U);
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_config_parse("01:00.0/*,mac=02:00:00:00:00:09", vc,
						       &err), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, strstr(err.why, "mac"));
	KUNIT_EXPECT_EQ(test, vc->n, 4U);
}

/* qos is the priority of a port VLAN: no priority tagging (VLAN 0 with a
 * priority) from vf_config, as from ip link (spf_vf_set_qos_needs_vlan)
 */
static void spf_vf_config_qos(struct kunit *test)
{
	struct sriov_pf_vf_config *vc = kunit_kzalloc(test, sizeof(*vc), GFP_KERNEL);
	static const char ok[] = "01:00.0/0,vlan=0,qos=0;01:00.0/1,qos=7,vlan=4094";
	struct sriov_pf_parse_err err = {};
	const struct sriov_pf_vf_config_entry *e;

	KUNIT_ASSERT_NOT_NULL(test, vc);
	KUNIT_ASSERT_EQ(test, sriov_pf_vf_config_parse(ok, vc, &err), 0);
	KUNIT_ASSERT_EQ(test, vc->n, 2U);
	e = &vc->e[0];
	KUNIT_EXPECT_EQ(test, e->what, SRIOV_PF_VF_VLAN);
	KUNIT_EXPECT_EQ(test, e->set.vlan, 0);
	KUNIT_EXPECT_EQ(test, e->set.qos, 0);
	e = &vc->e[1];
	KUNIT_EXPECT_EQ(test, e->what, SRIOV_PF_VF_VLAN);
	KUNIT_EXPECT_EQ(test, e->set.vlan, 4094);
	KUNIT_EXPECT_EQ(test, e->set.qos, 7);

	KUNIT_EXPECT_EQ(test, sriov_pf_vf_config_parse("01:00.0/2,vlan=0,qos=1", vc, &err),
			-EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, strstr(err.why, "priority tagging"));
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_config_parse("01:00.0/2,qos=0", vc, &err), -EINVAL);
	KUNIT_EXPECT_EQ(test, vc->n, 2U);
}

/* ------------------------------------------------------------------------
 * The VF configuration path, over a fake backend
 * ------------------------------------------------------------------------
 */

#define SPF_FAKE_VFS	4

struct spf_fake_backend {
	int fail;			/* vf_update fails this many times */
	unsigned int calls;
	unsigned int what[4];		/* @what of the first calls */
	struct sriov_pf_vf seen[4];	/* pf->vfs[vf] at those calls */
};

static struct spf_fake_backend *spf_fake;

static int spf_fake_vf_update(struct sriov_pf *pf, u16 vf, unsigned int what)
{
	struct spf_fake_backend *f = spf_fake;

	if (f->calls < ARRAY_SIZE(f->what)) {
		f->what[f->calls] = what;
		f->seen[f->calls] = pf->vfs[vf];
	}
	f->calls++;
	if (f->fail) {
		f->fail--;
		return -EIO;
	}
	return 0;
}

static const struct sriov_pf_hw_ops spf_fake_ops = {
	.name		= "kunit",
	.vf_update	= spf_fake_vf_update,
};

static struct sriov_pf *spf_fake_pf(struct kunit *test, u16 num_vfs)
{
	struct sriov_pf *pf = kunit_kzalloc(test, sizeof(*pf), GFP_KERNEL);
	struct pci_dev *pdev = kunit_kzalloc(test, sizeof(*pdev), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, pf);
	KUNIT_ASSERT_NOT_NULL(test, pdev);
	spf_fake = kunit_kzalloc(test, sizeof(*spf_fake), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, spf_fake);
	pdev->dev.init_name = "spf-kunit";
	pf->pdev = pdev;
	pf->ops = &spf_fake_ops;
	pf->cap.total_vfs = SPF_FAKE_VFS;
	pf->hw_max_vfs = SPF_FAKE_VFS;
	pf->num_vfs = num_vfs;
	spin_lock_init(&pf->vf_lock);
	INIT_LIST_HEAD(&pf->node);
	eth_random_addr(pf->perm_addr);
	pf->vfs = kunit_kcalloc(test, SPF_FAKE_VFS, sizeof(*pf->vfs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pf->vfs);
	sriov_pf_vfs_defaults(pf);
	rtnl_lock();
	sriov_pf_vfs_assign_macs(pf);
	rtnl_unlock();
	return pf;
}

static void spf_vf_expect_eq(struct kunit *test, const struct sriov_pf_vf *a,
			     const struct sriov_pf_vf *b)
{
	KUNIT_EXPECT_MEMEQ(test, a->mac, b->mac, ETH_ALEN);
	KUNIT_EXPECT_MEMEQ(test, a->base_mac, b->base_mac, ETH_ALEN);
	KUNIT_EXPECT_EQ(test, a->admin_mac, b->admin_mac);
	KUNIT_EXPECT_EQ(test, a->vlan, b->vlan);
	KUNIT_EXPECT_EQ(test, a->qos, b->qos);
	KUNIT_EXPECT_EQ(test, a->spoofchk, b->spoofchk);
	KUNIT_EXPECT_EQ(test, a->trusted, b->trusted);
	KUNIT_EXPECT_EQ(test, a->link_state, b->link_state);
}

/* A failed hardware step leaves every setting as it was, and the backend
 * is asked to apply the old ones again
 */
static void spf_vf_set_rollback(struct kunit *test)
{
	struct sriov_pf *pf = spf_fake_pf(test, 2);
	static const u8 admin[ETH_ALEN] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	struct sriov_pf_vf before, new = {
		.vlan = 100, .qos = 5, .spoofchk = false, .trusted = true,
		.link_state = IFLA_VF_LINK_STATE_DISABLE,
	};
	unsigned int all = SRIOV_PF_VF_MAC | SRIOV_PF_VF_VLAN |
			   SRIOV_PF_VF_SPOOFCHK | SRIOV_PF_VF_TRUST |
			   SRIOV_PF_VF_LINK;

	ether_addr_copy(new.mac, admin);
	before = pf->vfs[1];
	KUNIT_EXPECT_TRUE(test, is_valid_ether_addr(before.mac));

	spf_fake->fail = 1;
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_set(pf, 1, &new, all), -EIO);
	rtnl_unlock();
	spf_vf_expect_eq(test, &pf->vfs[1], &before);
	KUNIT_ASSERT_EQ(test, spf_fake->calls, 2U);
	/* first the new settings, then the old ones again */
	KUNIT_EXPECT_EQ(test, spf_fake->what[0], all);
	KUNIT_EXPECT_MEMEQ(test, spf_fake->seen[0].mac, admin, ETH_ALEN);
	KUNIT_EXPECT_EQ(test, spf_fake->seen[0].vlan, 100);
	KUNIT_EXPECT_EQ(test, spf_fake->seen[0].qos, 5);
	KUNIT_EXPECT_TRUE(test, spf_fake->seen[0].trusted);
	KUNIT_EXPECT_TRUE(test, spf_fake->seen[0].admin_mac);
	KUNIT_EXPECT_EQ(test, spf_fake->what[1], all);
	spf_vf_expect_eq(test, &spf_fake->seen[1], &before);

	/* the same, succeeding */
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_set(pf, 1, &new, all), 0);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, spf_fake->calls, 3U);
	KUNIT_EXPECT_MEMEQ(test, pf->vfs[1].mac, admin, ETH_ALEN);
	KUNIT_EXPECT_MEMEQ(test, pf->vfs[1].base_mac, admin, ETH_ALEN);
	KUNIT_EXPECT_EQ(test, pf->vfs[1].link_state, IFLA_VF_LINK_STATE_DISABLE);
	/* VF 0 untouched */
	KUNIT_EXPECT_EQ(test, pf->vfs[0].vlan, 0);
	KUNIT_EXPECT_FALSE(test, pf->vfs[0].trusted);

	/* a failed revoke of trust keeps the trust and the VF's own MAC */
	pf->vfs[1].mac[5] ^= 1;		/* as if the VF had picked it */
	before = pf->vfs[1];
	spf_fake->fail = 1;
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_set_trust(pf, 1, false), -EIO);
	rtnl_unlock();
	spf_vf_expect_eq(test, &pf->vfs[1], &before);
	KUNIT_EXPECT_EQ(test, spf_fake->what[3], SRIOV_PF_VF_TRUST | SRIOV_PF_VF_MAC);
}

/* Settings for a VF that is not enabled are kept, not applied */
static void spf_vf_set_not_enabled(struct kunit *test)
{
	struct sriov_pf *pf = spf_fake_pf(test, 1);
	static const u8 admin[ETH_ALEN] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x66 };
	static const u8 zero[ETH_ALEN];
	u8 def[ETH_ALEN];

	rtnl_lock();
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_set_mac(pf, 3, admin), 0);
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_set_vlan(pf, 3, 7, 1), 0);
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_set_link_state(pf, 2, IFLA_VF_LINK_STATE_DISABLE), 0);
	KUNIT_EXPECT_EQ(test, spf_fake->calls, 0U);
	/* bad values and indexes, whether enabled or not */
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_set_mac(pf, SPF_FAKE_VFS, admin), -EINVAL);
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_set_mac(pf, -1, admin), -EINVAL);
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_set_vlan(pf, 3, 4095, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_set_vlan(pf, 0, 5, 8), -EINVAL);
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_set_link_state(pf, 0, 3), -EINVAL);
	/* link up whatever the port does: not on this hardware */
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_set_link_state(pf, 0, IFLA_VF_LINK_STATE_ENABLE),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_set_link_state(pf, 3, IFLA_VF_LINK_STATE_ENABLE),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, pf->vfs[0].link_state, IFLA_VF_LINK_STATE_AUTO);
	KUNIT_EXPECT_EQ(test, pf->vfs[3].link_state, IFLA_VF_LINK_STATE_AUTO);
	/* a rate limit only where the backend has one (not the I350) */
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_set_rate(pf, 1, 0, 100), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, pf->vfs[1].max_tx_rate, 0U);
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_set_rate(pf, 1, 0, 0), 0);
	pf->vf_rate = true;
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_set_rate(pf, 1, 0, 100), 0);
	KUNIT_EXPECT_EQ(test, pf->vfs[1].max_tx_rate, 100U);
	KUNIT_EXPECT_EQ(test, spf_fake->calls, 0U);
	/* enabling VFs 0-3: VF 3 gets its MAC, the others their default */
	pf->num_vfs = 4;
	sriov_pf_vfs_assign_macs(pf);
	rtnl_unlock();
	KUNIT_EXPECT_MEMEQ(test, pf->vfs[3].mac, admin, ETH_ALEN);
	KUNIT_EXPECT_TRUE(test, pf->vfs[3].admin_mac);
	KUNIT_EXPECT_EQ(test, pf->vfs[3].vlan, 7);
	KUNIT_EXPECT_EQ(test, pf->vfs[3].qos, 1);
	KUNIT_EXPECT_EQ(test, pf->vfs[2].link_state, IFLA_VF_LINK_STATE_DISABLE);
	sriov_pf_mac_derive(pf->perm_addr, 2, 0, def);
	KUNIT_EXPECT_MEMEQ(test, pf->vfs[2].mac, def, ETH_ALEN);
	/* the zero MAC gives the default back, also to an enabled VF */
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_set_mac(pf, 3, zero), 0);
	rtnl_unlock();
	sriov_pf_mac_derive(pf->perm_addr, 3, 0, def);
	KUNIT_EXPECT_MEMEQ(test, pf->vfs[3].mac, def, ETH_ALEN);
	KUNIT_EXPECT_FALSE(test, pf->vfs[3].admin_mac);
	KUNIT_EXPECT_EQ(test, spf_fake->calls, 1U);
	KUNIT_EXPECT_EQ(test, spf_fake->what[0], SRIOV_PF_VF_MAC);
}

/* vlan 0 qos Q (priority tagging) is refused, not applied without the
 * priority; vlan 0 qos 0 clears the port VLAN
 */
static void spf_vf_set_qos_needs_vlan(struct kunit *test)
{
	struct sriov_pf *pf = spf_fake_pf(test, 2);

	rtnl_lock();
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_set_vlan(pf, 1, 5, 3), 0);
	KUNIT_EXPECT_EQ(test, spf_fake->calls, 1U);
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_set_vlan(pf, 1, 0, 3), -EINVAL);
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_set_vlan(pf, 3, 0, 7), -EINVAL);
	/* refused before the backend is asked, the settings kept */
	KUNIT_EXPECT_EQ(test, spf_fake->calls, 1U);
	KUNIT_EXPECT_EQ(test, pf->vfs[1].vlan, 5);
	KUNIT_EXPECT_EQ(test, pf->vfs[1].qos, 3);
	KUNIT_EXPECT_EQ(test, sriov_pf_vf_set_vlan(pf, 1, 0, 0), 0);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, spf_fake->calls, 2U);
	KUNIT_EXPECT_EQ(test, pf->vfs[1].vlan, 0);
	KUNIT_EXPECT_EQ(test, pf->vfs[1].qos, 0);
}

/* ------------------------------------------------------------------------
 * 82576 mailbox decoder
 * ------------------------------------------------------------------------
 */

#define MSG(code, info)	((u32)(code) | ((u32)(info) << 16))

/* Decode from a buffer of exactly @words words, so KASAN sees over-reads. */
static void spf_decode(struct kunit *test, const u32 *msg, unsigned int words,
		       struct spf_82576_req *req)
{
	u32 *buf = kunit_kmalloc_array(test, max(words, 1U), sizeof(u32),
				       GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	memcpy(buf, msg, words * sizeof(u32));
	spf_82576_mbx_decode(buf, words, req);
	kunit_kfree(test, buf);
}

static void spf_mbx_basic(struct kunit *test)
{
	struct spf_82576_req req;
	u32 msg[SPF_82576_MBX_WORDS] = {};

	spf_decode(test, msg, 0, &req);
	KUNIT_EXPECT_EQ(test, req.type, SPF_82576_REQ_INVALID);
	KUNIT_EXPECT_EQ(test, req.err, -EINVAL);

	/* our own replies read back */
	msg[0] = SPF_82576_VF_SET_MAC_ADDR | SPF_82576_MSG_ACK | SPF_82576_MSG_CTS;
	spf_decode(test, msg, 1, &req);
	KUNIT_EXPECT_EQ(test, req.type, SPF_82576_REQ_NONE);
	msg[0] = SPF_82576_VF_RESET | SPF_82576_MSG_NACK;
	spf_decode(test, msg, 1, &req);
	KUNIT_EXPECT_EQ(test, req.type, SPF_82576_REQ_NONE);

	msg[0] = SPF_82576_VF_RESET;
	spf_decode(test, msg, 1, &req);
	KUNIT_EXPECT_EQ(test, req.type, SPF_82576_REQ_RESET);
	/* VF_RESET only exactly: with an argument it is unknown */
	msg[0] = MSG(SPF_82576_VF_RESET, 1);
	spf_decode(test, msg, 1, &req);
	KUNIT_EXPECT_EQ(test, req.type, SPF_82576_REQ_UNKNOWN);
	msg[0] = SPF_82576_VF_RESET | SPF_82576_MSG_CTS;
	spf_decode(test, msg, 1, &req);
	KUNIT_EXPECT_EQ(test, req.type, SPF_82576_REQ_UNKNOWN);
}

static void spf_mbx_unknown(struct kunit *test)
{
	static const u32 codes[] = { 0, 7, 8, 0xff, SPF_82576_PF_CONTROL_MSG,
				     0x1234, 0xffff };
	struct spf_82576_req req;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(codes); i++) {
		u32 msg[SPF_82576_MBX_WORDS] = { MSG(codes[i], i) };

		spf_decode(test, msg, SPF_82576_MBX_WORDS, &req);
		KUNIT_EXPECT_EQ_MSG(test, req.type, SPF_82576_REQ_UNKNOWN,
				    "code %#x", codes[i]);
		KUNIT_EXPECT_EQ(test, req.err, -EOPNOTSUPP);
	}
}

static void spf_mbx_set_mac(struct kunit *test)
{
	static const u8 mac[ETH_ALEN] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	u32 msg[SPF_82576_MBX_WORDS] = { SPF_82576_VF_SET_MAC_ADDR };
	struct spf_82576_req req;

	memcpy(&msg[1], mac, ETH_ALEN);
	spf_decode(test, msg, 3, &req);
	KUNIT_EXPECT_EQ(test, req.type, SPF_82576_REQ_SET_MAC);
	KUNIT_EXPECT_EQ(test, req.err, 0);
	KUNIT_EXPECT_MEMEQ(test, req.mac, mac, ETH_ALEN);
	/* too short for a MAC */
	spf_decode(test, msg, 2, &req);
	KUNIT_EXPECT_EQ(test, req.type, SPF_82576_REQ_INVALID);
	spf_decode(test, msg, 1, &req);
	KUNIT_EXPECT_EQ(test, req.type, SPF_82576_REQ_INVALID);

	msg[0] = MSG(SPF_82576_VF_SET_MAC_ADDR, SPF_82576_MAC_FILTER_CLR);
	spf_decode(test, msg, 1, &req);
	KUNIT_EXPECT_EQ(test, req.type, SPF_82576_REQ_MAC_FILTER_CLR);
	KUNIT_EXPECT_EQ(test, req.err, 0);

	msg[0] = MSG(SPF_82576_VF_SET_MAC_ADDR, SPF_82576_MAC_FILTER_ADD);
	spf_decode(test, msg, 3, &req);
	KUNIT_EXPECT_EQ(test, req.type, SPF_82576_REQ_MAC_FILTER_ADD);
	KUNIT_EXPECT_EQ(test, req.err, 0);
	KUNIT_EXPECT_MEMEQ(test, req.mac, mac, ETH_ALEN);
	/* a filter without its address */
	spf_decode(test, msg, 2, &req);
	KUNIT_EXPECT_EQ(test, req.type, SPF_82576_REQ_INVALID);
	KUNIT_EXPECT_EQ(test, req.err, -EINVAL);

	msg[0] = MSG(SPF_82576_VF_SET_MAC_ADDR, 3);
	spf_decode(test, msg, 3, &req);
	KUNIT_EXPECT_EQ(test, req.type, SPF_82576_REQ_INVALID);
	KUNIT_EXPECT_EQ(test, req.err, -EINVAL);
	msg[0] = MSG(SPF_82576_VF_SET_MAC_ADDR, 0xff);
	spf_decode(test, msg, 3, &req);
	KUNIT_EXPECT_EQ(test, req.type, SPF_82576_REQ_INVALID);
}

static void spf_mbx_set_multicast(struct kunit *test)
{
	u32 msg[SPF_82576_MBX_WORDS] = {};
	struct spf_82576_req req;
	unsigned int i, n;

	for (i = 1; i < SPF_82576_MBX_WORDS; i++)
		msg[i] = ((2 * i) << 16) | (2 * i - 1);	/* hashes 1, 2, 3, ... */

	for (n = 0; n <= 255; n++) {
		msg[0] = MSG(SPF_82576_VF_SET_MULTICAST, n);
		spf_decode(test, msg, SPF_82576_MBX_WORDS, &req);
		KUNIT_ASSERT_EQ(test, req.type, SPF_82576_REQ_SET_MULTICAST);
		KUNIT_EXPECT_EQ(test, req.mc_count,
				min_t(unsigned int, n, SPF_82576_VF_MC_HASHES));
		KUNIT_EXPECT_EQ(test, req.mc_overflow, n > SPF_82576_VF_MC_HASHES);
		for (i = 0; i < req.mc_count; i++)
			KUNIT_EXPECT_EQ(test, req.mc_hash[i], i + 1);
	}
	/* a count the message is too short for */
	msg[0] = MSG(SPF_82576_VF_SET_MULTICAST, 5);
	spf_decode(test, msg, 3, &req);
	KUNIT_EXPECT_EQ(test, req.type, SPF_82576_REQ_INVALID);
	spf_decode(test, msg, 4, &req);
	KUNIT_EXPECT_EQ(test, req.type, SPF_82576_REQ_SET_MULTICAST);
	msg[0] = MSG(SPF_82576_VF_SET_MULTICAST, 200);
	spf_decode(test, msg, 15, &req);
	KUNIT_EXPECT_EQ(test, req.type, SPF_82576_REQ_INVALID);
}

static void spf_mbx_set_vlan(struct kunit *test)
{
	u32 msg[SPF_82576_MBX_WORDS] = { MSG(SPF_82576_VF_SET_VLAN, 1), 100 };
	struct spf_82576_req req;

	spf_decode(test, msg, 2, &req);
	KUNIT_EXPECT_EQ(test, req.type, SPF_82576_REQ_SET_VLAN);
	KUNIT_EXPECT_EQ(test, req.vid, 100);
	KUNIT_EXPECT_TRUE(test, req.add);

	msg[0] = MSG(SPF_82576_VF_SET_VLAN, 0);
	spf_decode(test, msg, 2, &req);
	KUNIT_EXPECT_EQ(test, req.type, SPF_82576_REQ_SET_VLAN);
	KUNIT_EXPECT_FALSE(test, req.add);

	msg[0] = MSG(SPF_82576_VF_SET_VLAN, 2);
	msg[1] = 4095;
	spf_decode(test, msg, 2, &req);
	KUNIT_EXPECT_EQ(test, req.type, SPF_82576_REQ_SET_VLAN);
	KUNIT_EXPECT_EQ(test, req.vid, 4095);
	KUNIT_EXPECT_TRUE(test, req.add);

	msg[1] = 4096;
	spf_decode(test, msg, 2, &req);
	KUNIT_EXPECT_EQ(test, req.type, SPF_82576_REQ_INVALID);
	msg[1] = 0xffffffff;
	spf_decode(test, msg, 2, &req);
	KUNIT_EXPECT_EQ(test, req.type, SPF_82576_REQ_INVALID);
	msg[1] = 0x10064;	/* VID 100 in the low bits: still refused */
	spf_decode(test, msg, 2, &req);
	KUNIT_EXPECT_EQ(test, req.type, SPF_82576_REQ_INVALID);
	msg[1] = 100;
	spf_decode(test, msg, 1, &req);
	KUNIT_EXPECT_EQ(test, req.type, SPF_82576_REQ_INVALID);
}

static void spf_mbx_set_lpe(struct kunit *test)
{
	static const struct { u32 size; bool ok; } cases[] = {
		{ 0, false }, { 63, false }, { 64, true }, { 1518, true },
		{ 9018, true }, { 0x3fff, true }, { 0x4000, false },
		{ 0xffffffff, false },
	};
	u32 msg[SPF_82576_MBX_WORDS] = { SPF_82576_VF_SET_LPE };
	enum spf_82576_req_type want;
	struct spf_82576_req req;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		msg[1] = cases[i].size;
		spf_decode(test, msg, 2, &req);
		want = SPF_82576_REQ_INVALID;
		if (cases[i].ok)
			want = SPF_82576_REQ_SET_LPE;
		KUNIT_EXPECT_EQ_MSG(test, req.type, want, "size %u", cases[i].size);
		if (cases[i].ok)
			KUNIT_EXPECT_EQ(test, req.frame, cases[i].size);
	}
	msg[1] = 1518;
	spf_decode(test, msg, 1, &req);
	KUNIT_EXPECT_EQ(test, req.type, SPF_82576_REQ_INVALID);
}

static void spf_mbx_set_promisc(struct kunit *test)
{
	u32 msg[1];
	struct spf_82576_req req;
	unsigned int flags;

	for (flags = 0; flags <= 0xff; flags++) {
		bool ok = !(flags & ~(SPF_82576_PROMISC_UNICAST |
				      SPF_82576_PROMISC_MULTICAST));

		msg[0] = MSG(SPF_82576_VF_SET_PROMISC, flags);
		spf_decode(test, msg, 1, &req);
		KUNIT_EXPECT_EQ_MSG(test, req.type, ok ? SPF_82576_REQ_SET_PROMISC :
				    SPF_82576_REQ_INVALID, "flags %#x", flags);
		if (ok)
			KUNIT_EXPECT_EQ(test, req.promisc, flags);
		else
			KUNIT_EXPECT_EQ(test, req.err, -EOPNOTSUPP);
	}
}

/* Random messages of every length: never an over-read (KASAN), always a
 * known outcome, and err set exactly for refused messages.
 */
static void spf_mbx_random(struct kunit *test)
{
	u32 msg[SPF_82576_MBX_WORDS];
	struct spf_82576_req req;
	u32 seed = 4242;
	unsigned int i, j, words;

	for (i = 0; i < 20000; i++) {
		for (j = 0; j < SPF_82576_MBX_WORDS; j++)
			msg[j] = spf_lcg(&seed);
		/* mostly known codes, small arguments */
		if (i & 1)
			msg[0] &= SPF_82576_MSG_INFO | 0x7;
		words = spf_lcg(&seed) % (SPF_82576_MBX_WORDS + 1);
		spf_decode(test, msg, words, &req);
		KUNIT_EXPECT_LE(test, req.type, SPF_82576_REQ_UNKNOWN);
		KUNIT_EXPECT_EQ(test, req.err != 0,
				req.type == SPF_82576_REQ_INVALID ||
				req.type == SPF_82576_REQ_UNKNOWN);
		KUNIT_EXPECT_LE(test, req.mc_count, SPF_82576_VF_MC_HASHES);
		KUNIT_EXPECT_LT(test, req.vid, VLAN_N_VID);
	}
}

/* Decoding only the words spf_82576_mbx_words() names gives what
 * decoding all 16 gives: the handler reads no more than it needs.
 */
static void spf_mbx_words_enough(struct kunit *test)
{
	struct spf_82576_req all, some;
	u32 msg[SPF_82576_MBX_WORDS];
	u32 seed = 777;
	unsigned int i, j, n;

	for (i = 0; i < 20000; i++) {
		for (j = 0; j < SPF_82576_MBX_WORDS; j++)
			msg[j] = spf_lcg(&seed);
		if (i & 1)
			msg[0] &= SPF_82576_MSG_INFO | 0x7;
		n = spf_82576_mbx_words(msg[0]);
		KUNIT_ASSERT_GE(test, n, 1U);
		KUNIT_ASSERT_LE(test, n, (unsigned int)SPF_82576_MBX_WORDS);
		spf_82576_mbx_decode(msg, SPF_82576_MBX_WORDS, &all);
		spf_82576_mbx_decode(msg, n, &some);
		KUNIT_EXPECT_EQ(test, some.type, all.type);
		KUNIT_EXPECT_EQ(test, some.err, all.err);
		KUNIT_EXPECT_EQ(test, some.mc_count, all.mc_count);
		KUNIT_EXPECT_MEMEQ(test, some.mac, all.mac, ETH_ALEN);
		KUNIT_EXPECT_MEMEQ(test, some.mc_hash, all.mc_hash,
				   sizeof(all.mc_hash));
		KUNIT_EXPECT_EQ(test, some.vid, all.vid);
		KUNIT_EXPECT_EQ(test, some.frame, all.frame);
	}
	/* the largest: 30 hashes in 15 words */
	KUNIT_EXPECT_EQ(test, spf_82576_mbx_words(SPF_82576_VF_SET_MULTICAST |
						  FIELD_PREP(SPF_82576_MSG_INFO, 31)),
			16U);
	KUNIT_EXPECT_EQ(test, spf_82576_mbx_words(SPF_82576_VF_SET_MAC_ADDR), 3U);
	KUNIT_EXPECT_EQ(test, spf_82576_mbx_words(SPF_82576_VF_RESET), 1U);
}

/* ------------------------------------------------------------------------
 * 82576/I350 register layouts
 * ------------------------------------------------------------------------
 */

/* Where a queue's Rx and Tx interrupt entries are, as igb_assign_vector()
 * writes them: IVAR0 at 0x01700 (igb's E1000_IVAR0), the 82576's table
 * column-major, the I350's row-major.  Queue 7 is the PF's
 * (SPF_82576_PF_QUEUE).
 */
static void spf_ivar_layout(struct kunit *test)
{
	static const struct {
		bool i350;
		unsigned int queue;
		u32 reg;
		u32 rx;		/* bits of @reg that hold the Rx entry */
		u32 tx;		/* and the Tx entry */
	} t[] = {
		{ false, 0, 0x01700, GENMASK(7, 0), GENMASK(15, 8) },
		{ false, 1, 0x01704, GENMASK(7, 0), GENMASK(15, 8) },
		{ false, 7, 0x0171C, GENMASK(7, 0), GENMASK(15, 8) },
		{ false, 8, 0x01700, GENMASK(23, 16), GENMASK(31, 24) },
		{ false, 15, 0x0171C, GENMASK(23, 16), GENMASK(31, 24) },
		{ true, 0, 0x01700, GENMASK(7, 0), GENMASK(15, 8) },
		{ true, 1, 0x01700, GENMASK(23, 16), GENMASK(31, 24) },
		{ true, 6, 0x0170C, GENMASK(7, 0), GENMASK(15, 8) },
		{ true, 7, 0x0170C, GENMASK(23, 16), GENMASK(31, 24) },
	};
	unsigned int i, shift;
	u32 reg;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		const char *mac = t[i].i350 ? "I350" : "82576";

		reg = spf_82576_ivar(t[i].i350, t[i].queue, &shift);
		KUNIT_EXPECT_EQ_MSG(test, reg, t[i].reg, "%s queue %u",
				    mac, t[i].queue);
		KUNIT_EXPECT_EQ_MSG(test, (u32)(SPF_82576_IVAR_RX << shift),
				    t[i].rx, "%s queue %u Rx", mac, t[i].queue);
		KUNIT_EXPECT_EQ_MSG(test, (u32)(SPF_82576_IVAR_TX << shift),
				    t[i].tx, "%s queue %u Tx", mac, t[i].queue);
		KUNIT_EXPECT_EQ_MSG(test,
				    (u32)(SPF_82576_IVAR_QUEUE << shift),
				    t[i].rx | t[i].tx, "%s queue %u",
				    mac, t[i].queue);
	}
}

/* ------------------------------------------------------------------------
 * The PF's transmit ring (pf_rings.c)
 * ------------------------------------------------------------------------
 */

/* A buffer goes on data descriptors of 32 KiB each (igb_tx_map()), the
 * last one with the rest; the packet's olinfo on the first one only; the
 * ring wraps
 */
static void spf_tx_split(struct kunit *test)
{
	static const struct {
		u32 len;
		unsigned int pieces;
	} t[] = {
		{ 0, 1 }, { 17, 1 }, { 1514, 1 }, { SZ_32K - 1, 1 },
		{ SZ_32K, 1 }, { SZ_32K + 1, 2 }, { 65535, 2 }, { SZ_64K, 2 },
		{ SZ_64K + 1, 3 }, { 100000, 4 },
	};
	const u32 cmd = SPF_82576_TXD_DTYP_DATA | SPF_82576_TXD_DEXT |
			SPF_82576_TXD_TSE;
	const u32 olinfo = SPF_82576_TXD_POPTS_TXSM |
			   FIELD_PREP(SPF_82576_TXD_PAYLEN, 100000);
	const dma_addr_t dma = 0x12340000;
	struct spf_rings *r;
	unsigned int k, n;
	u16 start, i;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	r->tx_desc = kunit_kcalloc(test, SPF_RING_SIZE, sizeof(*r->tx_desc),
				   GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r->tx_desc);

	for (n = 0; n < ARRAY_SIZE(t); n++) {
		u32 left = t[n].len;

		KUNIT_EXPECT_EQ_MSG(test, spf_tx_pieces(t[n].len), t[n].pieces,
				    "len %u", t[n].len);
		/* the first or second piece on the ring's last slot */
		start = SPF_RING_SIZE - 1 - n % 2;
		memset(r->tx_desc, 0xff, SPF_RING_SIZE * sizeof(*r->tx_desc));
		i = start;
		spf_tx_put(r, &i, dma, t[n].len, cmd, olinfo, true);
		KUNIT_EXPECT_EQ_MSG(test, i, (start + t[n].pieces) % SPF_RING_SIZE,
				    "len %u", t[n].len);
		for (k = 0; k < t[n].pieces; k++) {
			struct spf_82576_tx_desc *d;
			u32 ctl, want = min_t(u32, left, SZ_32K);

			d = &r->tx_desc[(start + k) % SPF_RING_SIZE];
			ctl = le32_to_cpu(d->cmd_type_len);
			KUNIT_EXPECT_EQ_MSG(test, le64_to_cpu(d->addr),
					    (u64)dma + k * SZ_32K,
					    "len %u piece %u", t[n].len, k);
			KUNIT_EXPECT_EQ_MSG(test,
					    (u32)FIELD_GET(SPF_82576_TXD_DTALEN, ctl),
					    want, "len %u piece %u", t[n].len, k);
			KUNIT_EXPECT_EQ_MSG(test, ctl & ~SPF_82576_TXD_DTALEN, cmd,
					    "len %u piece %u", t[n].len, k);
			KUNIT_EXPECT_EQ_MSG(test, le32_to_cpu(d->olinfo_status),
					    k ? 0 : olinfo,
					    "len %u piece %u", t[n].len, k);
			left -= want;
		}
		KUNIT_EXPECT_EQ_MSG(test, left, 0U, "len %u", t[n].len);
		/* nothing written past the pieces */
		i = (start + t[n].pieces) % SPF_RING_SIZE;
		KUNIT_EXPECT_EQ_MSG(test,
				    le32_to_cpu(r->tx_desc[i].cmd_type_len),
				    ~0U, "len %u", t[n].len);
	}
}

/* spf_tx_count(): a context descriptor and every buffer's pieces */
static void spf_tx_count_frags(struct kunit *test)
{
	static const u32 frag[] = { 4096, 40000, SZ_64K + 4464 };
	struct sk_buff *skb;
	struct page *page;
	unsigned int f;

	skb = alloc_skb(128, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put(skb, 100);
	KUNIT_EXPECT_EQ(test, spf_tx_count(skb), 2U);
	for (f = 0; f < ARRAY_SIZE(frag); f++) {
		/* sizes only: nothing reads the fragments */
		page = alloc_page(GFP_KERNEL);
		if (!page) {
			kfree_skb(skb);
			KUNIT_FAIL(test, "no page");
			return;
		}
		skb_fill_page_desc(skb, f, page, 0, frag[f]);
	}
	/* 1 context + 1 head + 1 + 2 + 3 */
	KUNIT_EXPECT_EQ(test, spf_tx_count(skb), 8U);
	KUNIT_EXPECT_LE(test, spf_tx_count(skb), (unsigned int)SPF_TX_DESC_NEEDED);
	kfree_skb(skb);
}

/* A packet @maclen + @iplen into its headers, checksummed by the stack's
 * request (@partial) or not
 */
static struct sk_buff *spf_tx_hdr_skb(struct kunit *test, unsigned int maclen,
				      unsigned int iplen, bool partial)
{
	struct sk_buff *skb = alloc_skb(1024, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, 64);
	skb_put(skb, 800);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, maclen);
	if (partial) {
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb_headroom(skb) + maclen + iplen;
		skb->csum_offset = offsetof(struct tcphdr, check);
	}
	return skb;
}

/* spf_rings_features_check(): MAC headers up to 127 bytes and IP headers
 * up to 511 in the context descriptor (igb_features_check())
 */
static void spf_tx_features(struct kunit *test)
{
	static const struct {
		unsigned int maclen, iplen;
		bool partial;
		netdev_features_t off;		/* what goes */
	} t[] = {
		{ 14, 20, true, 0 },
		{ 127, 511, true, 0 },
		{ 128, 20, true, NETIF_F_HW_CSUM | NETIF_F_TSO | NETIF_F_TSO6 |
				 NETIF_F_HW_VLAN_CTAG_TX },
		{ 128, 20, false, NETIF_F_HW_CSUM | NETIF_F_TSO | NETIF_F_TSO6 |
				  NETIF_F_HW_VLAN_CTAG_TX },
		{ 14, 512, true, NETIF_F_HW_CSUM | NETIF_F_TSO | NETIF_F_TSO6 },
		{ 14, 600, false, 0 },
	};
	const netdev_features_t all = NETIF_F_SG | NETIF_F_HW_CSUM |
				      NETIF_F_TSO | NETIF_F_TSO6 |
				      NETIF_F_HW_VLAN_CTAG_TX | NETIF_F_RXCSUM;
	struct sk_buff *skb;
	unsigned int n;

	for (n = 0; n < ARRAY_SIZE(t); n++) {
		skb = spf_tx_hdr_skb(test, t[n].maclen, t[n].iplen,
				     t[n].partial);
		KUNIT_EXPECT_EQ_MSG(test, spf_rings_features_check(skb, all),
				    all & ~t[n].off, "MAC %u IP %u partial %d",
				    t[n].maclen, t[n].iplen, t[n].partial);
		kfree_skb(skb);
	}
}

/* Which pools one read of WVBR, MDFB and LVMMC names, per MAC.  Both:
 * WVBR bits q and q + 8 are VF q's spoofed frames (igb_spoof_check()).
 * 82576: WVBR bits 16 + q and 24 + q, VF q's queue stopped by MDD; the
 * I350's WVBR high half, MDFB and LVMMC of the 82576 name nothing.
 * I350: MDFB bit q, VF q's queue stopped; LVMMC bit 25 with Last_Q (bits
 * 31:29) = q, VF q spoofed (FreeBSD's if_igb_iov.c).  Pool 7 is the PF's.
 */
static void spf_mdd_decode_table(struct kunit *test)
{
	static const struct {
		bool i350;
		u32 wvbr, mdfb, lvmmc;
		u8 spoof, blocked;
	} t[] = {
		{ false, 0, 0, 0, 0, 0 },
		{ false, BIT(0), 0, 0, BIT(0), 0 },
		{ false, BIT(8), 0, 0, BIT(0), 0 },
		{ false, BIT(3) | BIT(11), 0, 0, BIT(3), 0 },
		{ false, BIT(6) | BIT(9), 0, 0, BIT(6) | BIT(1), 0 },
		{ false, BIT(7) | BIT(15), 0, 0, BIT(7), 0 },
		{ false, BIT(16), 0, 0, 0, BIT(0) },
		{ false, BIT(24 + 2), 0, 0, 0, BIT(2) },
		{ false, BIT(16 + 5) | BIT(4), 0, 0, BIT(4), BIT(5) },
		{ false, BIT(31), 0, 0, 0, BIT(7) },
		{ false, 0, BIT(1), 0, 0, 0 },
		{ false, 0, 0, BIT(25) | (3u << 29), 0, 0 },
		{ false, GENMASK(31, 0), 0, 0, 0xff, 0xff },
		{ true, 0, 0, 0, 0, 0 },
		{ true, BIT(2), 0, 0, BIT(2), 0 },
		{ true, BIT(8 + 6), 0, 0, BIT(6), 0 },
		{ true, BIT(16) | BIT(24 + 3), 0, 0, 0, 0 },
		{ true, 0, BIT(0), 0, 0, BIT(0) },
		{ true, 0, BIT(6) | BIT(1), 0, 0, BIT(6) | BIT(1) },
		{ true, 0, BIT(7), 0, 0, BIT(7) },
		{ true, 0, GENMASK(31, 8), 0, 0, 0 },
		{ true, 0, 0, BIT(25), BIT(0), 0 },
		{ true, 0, 0, BIT(25) | (4u << 29), BIT(4), 0 },
		{ true, 0, 0, BIT(25) | (7u << 29), BIT(7), 0 },
		{ true, 0, 0, 5u << 29, 0, 0 },
		{ true, 0, 0, GENMASK(24, 0), 0, 0 },
		{ true, BIT(1), BIT(3), BIT(25) | (5u << 29), BIT(1) | BIT(5),
		  BIT(3) },
	};
	struct spf_82576_mdd ev;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		const char *mac = t[i].i350 ? "I350" : "82576";

		spf_82576_mdd_decode(t[i].i350, t[i].wvbr, t[i].mdfb,
				     t[i].lvmmc, &ev);
		KUNIT_EXPECT_EQ_MSG(test, ev.spoof, t[i].spoof,
				    "%s WVBR 0x%08x MDFB 0x%08x LVMMC 0x%08x: spoof",
				    mac, t[i].wvbr, t[i].mdfb, t[i].lvmmc);
		KUNIT_EXPECT_EQ_MSG(test, ev.blocked, t[i].blocked,
				    "%s WVBR 0x%08x MDFB 0x%08x LVMMC 0x%08x: blocked",
				    mac, t[i].wvbr, t[i].mdfb, t[i].lvmmc);
	}
}

/* The registers are where igb and Intel's shared e1000 code (DPDK) put
 * them, and a VF's queues are its pool's: the PF's pool is never a VF's
 */
static void spf_mdd_layout(struct kunit *test)
{
	unsigned int q;

	KUNIT_EXPECT_EQ(test, SPF_82576_LVMMC, 0x03548);	/* E1000_LVMMC */
	KUNIT_EXPECT_EQ(test, SPF_82576_WVBR, 0x03554);		/* E1000_WVBR */
	KUNIT_EXPECT_EQ(test, SPF_82576_MDFB, 0x03558);	/* Intel shared code E1000_MDFB */
	for (q = 0; q < 16; q++)
		KUNIT_EXPECT_EQ_MSG(test, spf_82576_mdd_pools(BIT(q)),
				    (u8)BIT(q & 7), "queue %u", q);
	KUNIT_EXPECT_EQ(test, spf_82576_mdd_pools(BIT(SPF_82576_PF_QUEUE)),
			(u8)BIT(SPF_82576_PF_POOL));
}

/* ------------------------------------------------------------------------
 * 82576/I350 link bring-up (link_82576.c), against igb's e1000_82575.c,
 * e1000_mac.c, e1000_phy.c and igb_main.c
 * ------------------------------------------------------------------------
 */

/* CTRL_EXT.LINK_MODE (bits 23:22) as igb_get_invariants_82575() reads
 * it; no other bit of CTRL_EXT matters
 */
static void spf_link_media(struct kunit *test)
{
	static const struct {
		u32 ctrl_ext;
		enum spf_82576_media media;
	} t[] = {
		{ 0x00000000, SPF_82576_MEDIA_COPPER },
		{ 0x00004000, SPF_82576_MEDIA_COPPER },	/* PFRSTD */
		{ 0xff3fffff, SPF_82576_MEDIA_COPPER },	/* all but 23:22 */
		{ 0x00400000, SPF_82576_MEDIA_1000BASE_KX },
		{ 0x00800000, SPF_82576_MEDIA_SGMII },
		{ 0x00C00000, SPF_82576_MEDIA_SERDES },
		{ 0x10C04000, SPF_82576_MEDIA_SERDES },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		KUNIT_EXPECT_EQ_MSG(test, spf_82576_media(t[i].ctrl_ext),
				    t[i].media, "CTRL_EXT 0x%08x", t[i].ctrl_ext);
		KUNIT_EXPECT_STRNEQ(test, spf_82576_media_name(t[i].media),
				    "unknown");
	}
	KUNIT_EXPECT_STREQ(test, spf_82576_media_name(SPF_82576_MEDIA_COPPER),
			   "internal copper PHY");
}

/* The port from STATUS.FUNC (3:2): its SW_FW_SYNC PHY bit
 * (igb_acquire_phy_82575(): E1000_SWFW_PHY0_SM..PHY3_SM) and its
 * EEMNGCTL CFG_DONE bit (igb_get_cfg_done_82575()), on both MACs (the
 * 82576 has ports 0-1, the I350 0-3)
 */
static void spf_link_port_bits(struct kunit *test)
{
	static const struct {
		u32 status;
		u32 swfw;
		u32 cfg_done;
	} t[] = {
		{ 0x00000000, 0x02, 0x040000 },
		{ 0x00080083, 0x02, 0x040000 },	/* FD, LU, 1000, GIO: port 0 */
		{ 0x00000004, 0x04, 0x080000 },
		{ 0x00000008, 0x20, 0x100000 },
		{ 0x0000000C, 0x40, 0x200000 },
		{ 0xfffffff3, 0x02, 0x040000 },	/* all but 3:2 */
		{ 0xffffffff, 0x40, 0x200000 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		KUNIT_EXPECT_EQ_MSG(test, spf_82576_swfw_phy(t[i].status),
				    t[i].swfw, "STATUS 0x%08x", t[i].status);
		KUNIT_EXPECT_EQ_MSG(test, spf_82576_cfg_done(t[i].status),
				    t[i].cfg_done, "STATUS 0x%08x", t[i].status);
	}
}

/* igb_reset(): the 82576's RXPBS is KB (E1000_RXPBS_SIZE_MASK_82576),
 * the I350's an index into igb_rxpbs_adjust_82580()'s table
 */
static void spf_link_rx_pba(struct kunit *test)
{
	static const u8 i350_kb[16] = {
		36, 72, 144, 1, 2, 4, 8, 16, 35, 70, 140, 0, 0, 0, 0, 0,
	};
	static const struct {
		u32 rxpbs;
		unsigned int kb;
	} t82576[] = {
		{ 0x00000040, 64 },	/* the 82576's default (and QEMU's) */
		{ 0x0000007F, 127 },
		{ 0x000000C0, 64 },	/* bit 7 is not the size */
		{ 0x00000000, 0 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t82576); i++)
		KUNIT_EXPECT_EQ_MSG(test,
				    spf_82576_rx_pba_kb(false, t82576[i].rxpbs),
				    t82576[i].kb, "82576 RXPBS 0x%08x",
				    t82576[i].rxpbs);
	for (i = 0; i < ARRAY_SIZE(i350_kb); i++)
		KUNIT_EXPECT_EQ_MSG(test, spf_82576_rx_pba_kb(true, i),
				    (unsigned int)i350_kb[i], "I350 RXPBS %u", i);
}

/* igb_reset(): high = PBA - (max frame + MAX_JUMBO_FRAME_SIZE), rounded
 * down to 16 bytes, low 16 below.  The first rows are igb's own values
 * at MTU 1500 (max_frame_size 1526) for the default buffers: 82576 64 KB,
 * I350 36 KB; then the driver's case, the largest frame a pool may send.
 */
static void spf_link_fc_water(struct kunit *test)
{
	static const struct {
		unsigned int pba_kb;
		unsigned int max_frame;
		u32 high;
		u32 low;
	} t[] = {
		{ 64, 1526, 54272, 54256 },	/* 82576, igb at MTU 1500 */
		{ 36, 1526, 25600, 25584 },	/* I350, igb at MTU 1500 */
		{ 64, 9242, 46560, 46544 },	/* 82576, igb at MTU 9216 */
		{ 64, 9728, 46080, 46064 },	/* 82576, sriov_pf */
		{ 36, 9728, 17408, 17392 },	/* I350, sriov_pf */
		{ 72, 9728, 54272, 54256 },	/* I350 RXPBS 1 */
		{ 19, 9728, 0, 0 },		/* 19456 bytes: none left */
		{ 16, 9728, 0, 0 },		/* smaller than two frames */
		{ 0, 1526, 0, 0 },		/* I350 index outside the table */
	};
	struct spf_82576_fc_water w;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		spf_82576_fc_water(t[i].pba_kb, t[i].max_frame, &w);
		KUNIT_EXPECT_EQ_MSG(test, w.high, t[i].high, "%u KB, frame %u",
				    t[i].pba_kb, t[i].max_frame);
		KUNIT_EXPECT_EQ_MSG(test, w.low, t[i].low, "%u KB, frame %u",
				    t[i].pba_kb, t[i].max_frame);
		KUNIT_EXPECT_EQ(test, w.high % 16, 0U);
	}
}

/* igb_phy_setup_autoneg(): PAUSE (0x0400) and ASM_DIR (0x0800) for each
 * requested mode; the speed bits are left alone
 */
static void spf_link_fc_adv(struct kunit *test)
{
	static const struct {
		enum spf_82576_fc requested;
		u16 pause;
	} t[] = {
		{ SPF_82576_FC_NONE, 0 },
		{ SPF_82576_FC_RX, 0x0C00 },	/* cannot say "receive only" */
		{ SPF_82576_FC_TX, 0x0800 },
		{ SPF_82576_FC_FULL, 0x0C00 },
	};
	static const u16 speeds[] = { 0x0001, 0x01E1, 0x0DE1, 0x0C01 };
	unsigned int i, j;
	u16 anar;

	for (i = 0; i < ARRAY_SIZE(t); i++)
		for (j = 0; j < ARRAY_SIZE(speeds); j++) {
			anar = spf_82576_fc_adv(speeds[j], t[i].requested);
			KUNIT_EXPECT_EQ_MSG(test, anar & 0x0C00, t[i].pause,
					    "fc %d, ANAR 0x%04x",
					    t[i].requested, speeds[j]);
			KUNIT_EXPECT_EQ_MSG(test, anar & ~0x0C00,
					    speeds[j] & ~0x0C00,
					    "fc %d, ANAR 0x%04x",
					    t[i].requested, speeds[j]);
		}
}

/* igb_config_fc_after_link_up(), copper.  First the rows of the table in
 * its comment (IEEE 802.3 annex 28B) with igb's two deviations where the
 * code departs from the table: a partner advertising nothing gets RX
 * when we asked for FULL or RX.  Then every partner against what each
 * requested mode advertises (spf_82576_fc_adv()), and half duplex.
 */
static void spf_link_fc_resolve(struct kunit *test)
{
	static const struct {
		u16 anar;
		u16 lpa;
		enum spf_82576_fc requested;
		enum spf_82576_fc fc;
	} t[] = {
		/* LOCAL P A | PARTNER P A */
		{ 0x0000, 0x0000, SPF_82576_FC_NONE, SPF_82576_FC_NONE },
		{ 0x0000, 0x0C00, SPF_82576_FC_NONE, SPF_82576_FC_NONE },
		{ 0x0800, 0x0000, SPF_82576_FC_TX, SPF_82576_FC_NONE },
		{ 0x0800, 0x0800, SPF_82576_FC_TX, SPF_82576_FC_NONE },
		{ 0x0800, 0x0400, SPF_82576_FC_TX, SPF_82576_FC_NONE },
		{ 0x0800, 0x0C00, SPF_82576_FC_TX, SPF_82576_FC_TX },
		{ 0x0400, 0x0000, SPF_82576_FC_NONE, SPF_82576_FC_NONE },
		{ 0x0400, 0x0800, SPF_82576_FC_NONE, SPF_82576_FC_NONE },
		/* 1 0 | 0 x: IEEE none; igb RX when FULL was asked for */
		{ 0x0400, 0x0800, SPF_82576_FC_FULL, SPF_82576_FC_RX },
		{ 0x0400, 0x0400, SPF_82576_FC_FULL, SPF_82576_FC_FULL },
		{ 0x0400, 0x0C00, SPF_82576_FC_FULL, SPF_82576_FC_FULL },
		{ 0x0C00, 0x0400, SPF_82576_FC_FULL, SPF_82576_FC_FULL },
		{ 0x0C00, 0x0C00, SPF_82576_FC_FULL, SPF_82576_FC_FULL },
		/* 1 x | 1 x with RX asked for: RX, transmit turned off */
		{ 0x0C00, 0x0C00, SPF_82576_FC_RX, SPF_82576_FC_RX },
		/* 1 1 | 0 0: IEEE none; igb RX when FULL or RX was asked */
		{ 0x0C00, 0x0000, SPF_82576_FC_FULL, SPF_82576_FC_RX },
		{ 0x0C00, 0x0000, SPF_82576_FC_RX, SPF_82576_FC_RX },
		{ 0x0C00, 0x0800, SPF_82576_FC_FULL, SPF_82576_FC_RX },
		{ 0x0C00, 0x0800, SPF_82576_FC_RX, SPF_82576_FC_RX },
	};
	/* what each requested mode gets from each partner, with our
	 * advertisement from spf_82576_fc_adv(): partner 00, 01, 10, 11
	 * (PAUSE, ASM_DIR)
	 */
	static const enum spf_82576_fc by_req[4][4] = {
		[SPF_82576_FC_NONE] = { SPF_82576_FC_NONE, SPF_82576_FC_NONE,
					SPF_82576_FC_NONE, SPF_82576_FC_NONE },
		[SPF_82576_FC_RX] = { SPF_82576_FC_RX, SPF_82576_FC_RX,
				      SPF_82576_FC_RX, SPF_82576_FC_RX },
		[SPF_82576_FC_TX] = { SPF_82576_FC_NONE, SPF_82576_FC_NONE,
				      SPF_82576_FC_NONE, SPF_82576_FC_TX },
		[SPF_82576_FC_FULL] = { SPF_82576_FC_RX, SPF_82576_FC_RX,
					SPF_82576_FC_FULL, SPF_82576_FC_FULL },
	};
	static const u16 partner[4] = { 0x0000, 0x0800, 0x0400, 0x0C00 };
	enum spf_82576_fc req;
	unsigned int i, p;
	u16 anar;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		KUNIT_EXPECT_EQ_MSG(test,
				    spf_82576_fc_resolve(t[i].anar | 0x01E1,
							 t[i].lpa | 0x41E1,
							 t[i].requested, true),
				    t[i].fc, "ANAR 0x%04x LPA 0x%04x fc %d",
				    t[i].anar, t[i].lpa, t[i].requested);
		/* 802.3: no PAUSE at half duplex */
		KUNIT_EXPECT_EQ(test,
				spf_82576_fc_resolve(t[i].anar, t[i].lpa,
						     t[i].requested, false),
				SPF_82576_FC_NONE);
	}
	for (req = SPF_82576_FC_NONE; req <= SPF_82576_FC_FULL; req++) {
		anar = spf_82576_fc_adv(0x01E1, req);
		for (p = 0; p < ARRAY_SIZE(partner); p++)
			KUNIT_EXPECT_EQ_MSG(test,
					    spf_82576_fc_resolve(anar, partner[p],
								 req, true),
					    by_req[req][p],
					    "fc %d, partner 0x%04x", req,
					    partner[p]);
	}
}

/* igb_force_mac_fc(): CTRL.RFCE (bit 27) and TFCE (bit 28), nothing else */
static void spf_link_fc_ctrl(struct kunit *test)
{
	static const struct {
		enum spf_82576_fc fc;
		u32 bits;
	} t[] = {
		{ SPF_82576_FC_NONE, 0 },
		{ SPF_82576_FC_RX, 0x08000000 },
		{ SPF_82576_FC_TX, 0x10000000 },
		{ SPF_82576_FC_FULL, 0x18000000 },
	};
	static const u32 ctrl[] = { 0x00000000, 0x18000000, 0x00140241,
				    0xffffffff };
	unsigned int i, j;
	u32 val;

	for (i = 0; i < ARRAY_SIZE(t); i++)
		for (j = 0; j < ARRAY_SIZE(ctrl); j++) {
			val = spf_82576_fc_ctrl(ctrl[j], t[i].fc);
			KUNIT_EXPECT_EQ_MSG(test, val & 0x18000000, t[i].bits,
					    "fc %d, CTRL 0x%08x", t[i].fc,
					    ctrl[j]);
			KUNIT_EXPECT_EQ_MSG(test, val & ~0x18000000U,
					    ctrl[j] & ~0x18000000U,
					    "fc %d, CTRL 0x%08x", t[i].fc,
					    ctrl[j]);
		}
}

/* VFTA writes per word: 10 on the I350 (igb_write_vfta_i350()), one on
 * the 82576 (igb_write_vfta())
 */
static void spf_vfta_writes_per_mac(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, spf_82576_vfta_writes(false), 1U);
	KUNIT_EXPECT_EQ(test, spf_82576_vfta_writes(true), 10U);
}

/* TCTL read, modified, written: EN, PSP, RTLC, CT 15 and COLD 63 as
 * igb_setup_tctl() and igb_config_collision_dist() set them (bits 1, 3,
 * 24, 11:4 and 21:12); every other bit as read.
 */
static void spf_tctl_rmw(struct kunit *test)
{
	static const struct {
		u32 in;
		u32 out;
	} t[] = {
		{ 0x00000000, 0x0103f0fa },
		{ 0x00000008, 0x0103f0fa },	/* what a reset leaves */
		{ 0xa4000000, 0xa503f0fa },	/* datasheet defaults, QEMU */
		{ 0x0103f0fa, 0x0103f0fa },
		{ 0x00200ff0, 0x0103f0fa },	/* other CT, COLD */
		{ 0xffffffff, 0xffc3f0ff },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++)
		KUNIT_EXPECT_EQ_MSG(test, spf_82576_tctl(t[i].in), t[i].out,
				    "TCTL 0x%08x", t[i].in);
}

/* igb_set_pcie_completion_timeout(): GCR bits 15:12 timeout (0x1000:
 * 10-200 ms), 16 resend, 18 capability version 2; DEVCTL2 bits 3:0 the
 * range (0x5: 16-55 ms)
 */
static void spf_gcr_cmpl_timeout(struct kunit *test)
{
	static const struct {
		u32 in;
		u32 out;
		bool devctl2;
	} t[] = {
		{ 0x00000000, 0x00001000, false },
		{ 0x00010000, 0x00001000, false },	/* resend goes */
		{ 0x00002000, 0x00002000, false },	/* a timeout: kept */
		{ 0x00012000, 0x00002000, false },
		{ 0x00040000, 0x00040000, true },	/* version 2: DEVCTL2 */
		{ 0x00050000, 0x00040000, true },
		{ 0x00043000, 0x00043000, false },
		{ 0xfffa0fff, 0xfffa1fff, false },	/* other bits kept */
	};
	static const struct {
		u16 in;
		u16 out;
	} d[] = {
		{ 0x0000, 0x0005 },
		{ 0x0010, 0x0015 },	/* timeout disabled: igb ORs too */
		{ 0x0400, 0x0405 },	/* other bits kept */
		{ 0x0005, 0x0005 },
		{ 0x0006, 0x0006 },	/* a range chosen before: kept */
		{ 0x0002, 0x0002 },
	};
	unsigned int i;
	bool devctl2;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		devctl2 = !t[i].devctl2;
		KUNIT_EXPECT_EQ_MSG(test, spf_82576_gcr(t[i].in, &devctl2),
				    t[i].out, "GCR 0x%08x", t[i].in);
		KUNIT_EXPECT_EQ_MSG(test, devctl2, t[i].devctl2,
				    "GCR 0x%08x: DEVCTL2", t[i].in);
	}
	for (i = 0; i < ARRAY_SIZE(d); i++)
		KUNIT_EXPECT_EQ_MSG(test, spf_82576_devctl2(d[i].in), d[i].out,
				    "DEVCTL2 0x%04x", d[i].in);
}

static struct kunit_case sriov_pf_cap_cases[] = {
	KUNIT_CASE(spf_cap_valid),
	KUNIT_CASE(spf_cap_no_capability),
	KUNIT_CASE(spf_cap_read_errors),
	KUNIT_CASE(spf_cap_inconsistent),
	KUNIT_CASE(spf_cap_absurd),
	KUNIT_CASE(spf_cap_bars),
	{}
};

static struct kunit_case sriov_pf_mac_cases[] = {
	KUNIT_CASE(spf_mac_known_vectors),
	KUNIT_CASE(spf_mac_deterministic),
	KUNIT_CASE(spf_mac_bits),
	KUNIT_CASE(spf_mac_consecutive_perm),
	KUNIT_CASE(spf_mac_pick_fallback),
	KUNIT_CASE(spf_addr_set_basic),
	KUNIT_CASE(spf_addr_set_zero),
	KUNIT_CASE(spf_addr_set_vf_and_shared),
	KUNIT_CASE(spf_addr_set_many),
	{}
};

static struct kunit_case sriov_pf_max_vfs_cases[] = {
	KUNIT_CASE(spf_max_vfs_forms),
	KUNIT_CASE(spf_max_vfs_limits),
	KUNIT_CASE(spf_max_vfs_malformed),
	{}
};

static struct kunit_case sriov_pf_vf_config_cases[] = {
	KUNIT_CASE(spf_vf_config_ok),
	KUNIT_CASE(spf_vf_config_append),
	KUNIT_CASE(spf_vf_config_bad),
	KUNIT_CASE(spf_vf_config_qos),
	KUNIT_CASE(spf_vf_config_default),
	KUNIT_CASE(spf_vf_set_rollback),
	KUNIT_CASE(spf_vf_set_not_enabled),
	KUNIT_CASE(spf_vf_set_qos_needs_vlan),
	{}
};

static struct kunit_case sriov_pf_mbx_cases[] = {
	KUNIT_CASE(spf_mbx_basic),
	KUNIT_CASE(spf_mbx_unknown),
	KUNIT_CASE(spf_mbx_set_mac),
	KUNIT_CASE(spf_mbx_set_multicast),
	KUNIT_CASE(spf_mbx_set_vlan),
	KUNIT_CASE(spf_mbx_set_lpe),
	KUNIT_CASE(spf_mbx_set_promisc),
	KUNIT_CASE(spf_mbx_random),
	KUNIT_CASE(spf_mbx_words_enough),
	{}
};

static struct kunit_case sriov_pf_82576_layout_cases[] = {
	KUNIT_CASE(spf_ivar_layout),
	KUNIT_CASE(spf_mdd_decode_table),
	KUNIT_CASE(spf_mdd_layout),
	KUNIT_CASE(spf_vfta_writes_per_mac),
	KUNIT_CASE(spf_tctl_rmw),
	KUNIT_CASE(spf_gcr_cmpl_timeout),
	{}
};

static struct kunit_case sriov_pf_82576_tx_cases[] = {
	KUNIT_CASE(spf_tx_split),
	KUNIT_CASE(spf_tx_count_frags),
	KUNIT_CASE(spf_tx_features),
	{}
};

static struct kunit_case sriov_pf_82576_link_cases[] = {
	KUNIT_CASE(spf_link_media),
	KUNIT_CASE(spf_link_port_bits),
	KUNIT_CASE(spf_link_rx_pba),
	KUNIT_CASE(spf_link_fc_water),
	KUNIT_CASE(spf_link_fc_adv),
	KUNIT_CASE(spf_link_fc_resolve),
	KUNIT_CASE(spf_link_fc_ctrl),
	{}
};

static struct kunit_suite sriov_pf_cap_suite = {
	.name = "sriov_pf_cap",
	.test_cases = sriov_pf_cap_cases,
};

static struct kunit_suite sriov_pf_mac_suite = {
	.name = "sriov_pf_mac",
	.test_cases = sriov_pf_mac_cases,
};

static struct kunit_suite sriov_pf_max_vfs_suite = {
	.name = "sriov_pf_max_vfs",
	.test_cases = sriov_pf_max_vfs_cases,
};

static struct kunit_suite sriov_pf_vf_config_suite = {
	.name = "sriov_pf_vf_config",
	.test_cases = sriov_pf_vf_config_cases,
};

static struct kunit_suite sriov_pf_mbx_suite = {
	.name = "sriov_pf_mbx_82576",
	.test_cases = sriov_pf_mbx_cases,
};

static struct kunit_suite sriov_pf_82576_layout_suite = {
	.name = "sriov_pf_82576_layout",
	.test_cases = sriov_pf_82576_layout_cases,
};

static struct kunit_suite sriov_pf_82576_tx_suite = {
	.name = "sriov_pf_82576_tx",
	.test_cases = sriov_pf_82576_tx_cases,
};

static struct kunit_suite sriov_pf_82576_link_suite = {
	.name = "sriov_pf_82576_link",
	.test_cases = sriov_pf_82576_link_cases,
};

kunit_test_suites(&sriov_pf_cap_suite, &sriov_pf_mac_suite,
		  &sriov_pf_max_vfs_suite, &sriov_pf_vf_config_suite,
		  &sriov_pf_mbx_suite, &sriov_pf_82576_layout_suite,
		  &sriov_pf_82576_tx_suite,
		  &sriov_pf_82576_link_suite);

MODULE_DESCRIPTION("KUnit tests of the sriov_pf SR-IOV PF driver");
MODULE_LICENSE("GPL");
