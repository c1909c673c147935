// SPDX-License-Identifier: GPL-2.0
/*
 * hostile_vf - play a misbehaving 82576/I350 VF against the PF driver.
 *
 * Maps BAR0 of a VF (sysfs resource0, the VF must not be bound to igbvf)
 * and sends malformed, random and out-of-range mailbox messages the way a
 * VF driver would, plus storms of REQ/ACK bits and VF CTRL.RST writes.
 * The PF driver must NACK or ignore them, keep other VFs working and not
 * flood the kernel log. Plain C, libc only.
 *
 * usage: hostile_vf RESOURCE0_PATH [ITERATIONS [SEED]]
 * exit:  0 done, 1 usage/mmap error, 2 the device stopped answering (all-ones reads)
 *
 * One well-formed request instead, printing the PF's reply word:
 *   hostile_vf RESOURCE0_PATH reset          VF reset, then VF_RESET (prints the MAC)
 *   hostile_vf RESOURCE0_PATH rstd           VF reset with the mailbox's reset bits
 *                                            read first, as igbvf has them; prints
 *                                            how long RSTD/RSTI took (2: none in 1 s)
 *   hostile_vf RESOURCE0_PATH mac MAC        SET_MAC_ADDR
 *   hostile_vf RESOURCE0_PATH mc N           SET_MULTICAST announcing N hashes
 *   hostile_vf RESOURCE0_PATH vlan VID       SET_VLAN add
 *   hostile_vf RESOURCE0_PATH ucadd MAC      SET_MAC_ADDR, MAC_FILTER_ADD
 *   hostile_vf RESOURCE0_PATH ucclr          SET_MAC_ADDR, MAC_FILTER_CLR
 *   hostile_vf RESOURCE0_PATH promisc FLAGS  SET_PROMISC (1 unicast, 2 multicast)
 *   hostile_vf RESOURCE0_PATH macloop SECS   SET_MAC_ADDR with random locally
 *                                            administered MACs for SECS seconds
 *   hostile_vf RESOURCE0_PATH flood SECS     REQ as fast as it can write, never
 *                                            waiting for a reply (prints the count)
 *   hostile_vf RESOURCE0_PATH macrtt N [GAP_US]
 *                                            N SET_MAC_ADDR requests with random
 *                                            locally administered MACs, one after
 *                                            another (GAP_US apart, after the ACK of
 *                                            each reply), each timed from REQ to the
 *                                            PF's reply (CLOCK_MONOTONIC, ns; prints
 *                                            every round trip, then min, median, max)
 * exit:  0 ACK, 3 NACK, 2 no reply, 1 usage/mmap error
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAP_LEN		0x4000

#define VF_CTRL		0x0000
#define VF_CTRL_RST	0x04000000u
#define VF_STATUS	0x0008
#define VMBMEM		0x0800
#define V2PMAILBOX	0x0C40
#define MBX_WORDS	16

#define MB_REQ		0x01u
#define MB_ACK		0x02u
#define MB_VFU		0x04u
#define MB_PFU		0x08u
#define MB_PFSTS	0x10u
#define MB_PFACK	0x20u
#define MB_RSTI		0x40u
#define MB_RSTD		0x80u

#define MSG_ACK		0x80000000u
#define MSG_NACK	0x40000000u
#define MSG_CTS		0x20000000u

#define VF_RESET	0x01u
#define VF_SET_MAC_ADDR	0x02u
#define VF_SET_MULTICAST 0x03u
#define VF_SET_VLAN	0x04u
#define VF_SET_LPE	0x05u
#define VF_SET_PROMISC	0x06u
#define MAC_FILTER_CLR	0x01u
#define MAC_FILTER_ADD	0x02u

static volatile uint32_t *bar;
static uint64_t rng_state;

static unsigned long n_sent, n_ack, n_nack, n_noreply, n_nolock, n_allones;
static uint32_t last_reply[3];	/* words 0-2 of the last reply read */
static int got_reply;
/* how long send_msg() waits for a reply: 3 ms in the attack; a command
 * waits 1.5 s, so that a throttled VF is answered by the PF's 1 s poll
 */
static long reply_budget_us = 3000;

static uint32_t rnd(void)
{
	/* xorshift64*: reproducible from the seed */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32);
}

static uint32_t rd(uint32_t off)
{
	return bar[off / 4];
}

static void wr(uint32_t off, uint32_t val)
{
	bar[off / 4] = val;
}

static void pause_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	nanosleep(&ts, NULL);
}

static int take_lock(void)
{
	int i;

	for (i = 0; i < 5; i++) {
		wr(V2PMAILBOX, MB_VFU);
		if (rd(V2PMAILBOX) & MB_VFU)
			return 0;
		pause_us(100);
	}
	n_nolock++;
	return -1;
}

/* Wait (bounded) for the PF's ACK and reply, read and ACK the reply. */
static void collect_reply(long budget_us)
{
	uint32_t mb, w0;
	long waited = 0;
	int acked = 0;

	while (waited < budget_us) {
		mb = rd(V2PMAILBOX);
		if (mb == 0xffffffffu) {
			n_allones++;
			return;
		}
		if (mb & MB_PFACK)
			acked = 1;
		if (mb & MB_PFSTS) {
			if (take_lock() == 0) {
				w0 = rd(VMBMEM);
				last_reply[0] = w0;
				last_reply[1] = rd(VMBMEM + 4);
				last_reply[2] = rd(VMBMEM + 8);
				got_reply = 1;
				if (w0 & MSG_NACK)
					n_nack++;
				else if (w0 & MSG_ACK)
					n_ack++;
				wr(V2PMAILBOX, MB_ACK);
			}
			return;
		}
		pause_us(50);
		waited += 50;
	}
	if (!acked)
		n_noreply++;
}

/* send: take VFU, write the words (the rest keep whatever was there), set REQ */
static void send_msg(const uint32_t *msg, int words, int lock)
{
	int i;

	if (lock && take_lock())
		return;
	for (i = 0; i < words && i < MBX_WORDS; i++)
		wr(VMBMEM + 4 * i, msg[i]);
	wr(V2PMAILBOX, MB_REQ);
	n_sent++;
	collect_reply(reply_budget_us);
}

static uint32_t rand_mac_lo(int kind)
{
	switch (kind) {
	case 0: return 0;			/* zero MAC */
	case 1: return 0x005e0001u | (rnd() & 0xff000000u); /* 01:00:5e: multicast */
	case 2: return 0xffffffffu;		/* broadcast */
	default: return rnd();
	}
}

static void one_round(unsigned long it)
{
	uint32_t msg[MBX_WORDS];
	unsigned int i, kind = rnd() % 16;

	for (i = 0; i < MBX_WORDS; i++)
		msg[i] = rnd();

	switch (kind) {
	case 0:	/* fully random words */
		send_msg(msg, MBX_WORDS, 1);
		break;
	case 1:	/* random code in the low 16 bits, random info */
		msg[0] = (rnd() & 0x00ff0000u) | (rnd() & 0xffffu);
		send_msg(msg, 1 + rnd() % MBX_WORDS, 1);
		break;
	case 2:	/* SET_MAC_ADDR with multicast / zero / broadcast MAC */
		msg[0] = VF_SET_MAC_ADDR;
		msg[1] = rand_mac_lo(rnd() % 3);
		msg[2] = rnd() & 0xffffu;
		send_msg(msg, 3, 1);
		break;
	case 3:	/* SET_MAC_ADDR with garbage sub-codes */
		msg[0] = VF_SET_MAC_ADDR | ((rnd() & 0xffu) << 16);
		msg[1] = rand_mac_lo(rnd() % 4);
		send_msg(msg, 3, 1);
		break;
	case 4:	/* SET_MULTICAST with a bogus count (up to 255 hashes) */
		msg[0] = VF_SET_MULTICAST | ((rnd() & 0xffu) << 16);
		send_msg(msg, MBX_WORDS, 1);
		break;
	case 5:	/* SET_VLAN with VID > 4095 and odd add/remove info */
		msg[0] = VF_SET_VLAN | ((rnd() & 0xffu) << 16);
		msg[1] = 4096 + (rnd() & 0xfffff000u);
		send_msg(msg, 2, 1);
		break;
	case 6:	/* SET_LPE with huge / zero frame sizes */
		msg[0] = VF_SET_LPE;
		msg[1] = (rnd() & 1) ? 0xffffffffu - (rnd() & 0xff) : rnd() & 0x7;
		send_msg(msg, 2, 1);
		break;
	case 7:	/* SET_PROMISC with all flags */
		msg[0] = VF_SET_PROMISC | (rnd() & 0xffff0000u);
		send_msg(msg, 2, 1);
		break;
	case 8:	/* messages pretending to be replies (ACK/NACK/CTS set) */
		msg[0] = (MSG_ACK | MSG_NACK | MSG_CTS) & rnd();
		msg[0] |= MSG_ACK | (rnd() % 7);
		send_msg(msg, 3, 1);
		break;
	case 9:	/* REQ without holding VFU, bogus length of zero */
		send_msg(msg, 0, 0);
		break;
	case 10: /* REQ / ACK storm without any message */
		for (i = 0; i < 32; i++)
			wr(V2PMAILBOX, (rnd() & 1) ? MB_REQ : MB_ACK);
		n_sent += 32;
		collect_reply(500);
		break;
	case 11: /* random mailbox control bits, including PF-owned ones */
		wr(V2PMAILBOX, rnd() & 0xffu);
		break;
	case 12: /* rapid VF CTRL.RST writes, then a RESET message */
		for (i = 0; i < 8; i++)
			wr(VF_CTRL, VF_CTRL_RST);
		msg[0] = VF_RESET;
		send_msg(msg, 1, 1);
		break;
	case 13: /* RESET with garbage in the info bits (not an exact match) */
		msg[0] = VF_RESET | (rnd() & 0x00ff0000u);
		send_msg(msg, 1 + rnd() % 3, 1);
		break;
	case 14: /* a well-formed RESET: the PF must answer it */
		msg[0] = VF_RESET;
		send_msg(msg, 1, 1);
		break;
	default: /* SET_MAC_ADDR with a random valid unicast MAC */
		msg[0] = VF_SET_MAC_ADDR;
		msg[1] = (rnd() & ~0x3u) | 0x2u; /* byte 0: unicast, locally administered */
		msg[2] = rnd() & 0xffffu;
		send_msg(msg, 3, 1);
		break;
	}

	if ((it % 500) == 0)
		printf("# hostile_vf: %lu rounds, sent %lu, ack %lu, nack %lu, no reply %lu, no lock %lu\n",
		       it, n_sent, n_ack, n_nack, n_noreply, n_nolock);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* About @ns of spinning on the clock, no register access in between */
static void spin_ns(uint64_t ns)
{
	uint64_t t0 = now_ns();

	while (now_ns() - t0 < ns)
		;
}

/*
 * One request timed from the REQ write to the first V2PMAILBOX read that
 * shows the PF's reply (PFSTS), polled every few microseconds; then the
 * reply is read and ACKed as collect_reply() does.  Returns the round
 * trip in ns, 0 without a reply within 1.5 s.
 */
static uint64_t timed_request(const uint32_t *msg, int words)
{
	uint64_t t0, t;
	uint32_t mb, w0;
	int i;

	if (take_lock())
		return 0;
	for (i = 0; i < words && i < MBX_WORDS; i++)
		wr(VMBMEM + 4 * i, msg[i]);
	t0 = now_ns();
	wr(V2PMAILBOX, MB_REQ);
	n_sent++;
	for (;;) {
		mb = rd(V2PMAILBOX);
		t = now_ns();
		if (mb == 0xffffffffu) {
			n_allones++;
			return 0;
		}
		if (mb & MB_PFSTS)
			break;
		if (t - t0 > 1500000000ULL) {
			n_noreply++;
			return 0;
		}
		spin_ns(5000);
	}
	if (take_lock() == 0) {
		w0 = rd(VMBMEM);
		if (w0 & MSG_NACK)
			n_nack++;
		else if (w0 & MSG_ACK)
			n_ack++;
		wr(V2PMAILBOX, MB_ACK);
	}
	return t - t0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* macrtt: 0 every request answered, 2 one was not */
static int mac_rtt(unsigned long n, long gap_us)
{
	uint32_t msg[3];
	uint64_t *rtt;
	unsigned long i, got = 0;

	if (!n || n > 100000)
		return 1;
	rtt = calloc(n, sizeof(*rtt));
	if (!rtt)
		return 1;
	for (i = 0; i < n; i++) {
		msg[0] = VF_SET_MAC_ADDR;
		msg[1] = (rnd() & ~0x3u) | 0x2u; /* unicast, locally administered */
		msg[2] = rnd() & 0xffffu;
		if (i && gap_us > 0)
			pause_us(gap_us);
		rtt[got] = timed_request(msg, 3);
		if (!rtt[got])
			continue;
		printf("# hostile_vf: macrtt ns %llu\n", (unsigned long long)rtt[got]);
		got++;
	}
	qsort(rtt, got, sizeof(*rtt), cmp_u64);
	printf("# hostile_vf: macrtt: %lu requests, %lu replies (ack %lu, nack %lu)",
	       n, got, n_ack, n_nack);
	if (got)
		printf(", min %llu median %llu max %llu ns",
		       (unsigned long long)rtt[0],
		       (unsigned long long)(got % 2 ? rtt[got / 2] :
				(rtt[got / 2 - 1] + rtt[got / 2]) / 2),
		       (unsigned long long)rtt[got - 1]);
	printf("\n");
	free(rtt);
	return got == n ? 0 : 2;
}

static int parse_mac(const char *str, uint32_t *lo, uint32_t *hi)
{
	unsigned int b[6];

	if (sscanf(str, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5]) != 6)
		return -1;
	*lo = b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
	*hi = b[4] | b[5] << 8;
	return 0;
}

/* One request, wait for its reply; 0 ACK, 3 NACK, 2 none */
static int request(const uint32_t *msg, int words)
{
	got_reply = 0;
	send_msg(msg, words, 1);
	if (!got_reply) {
		printf("# hostile_vf: no reply\n");
		return 2;
	}
	printf("# hostile_vf: reply 0x%08x %s\n", last_reply[0],
	       (last_reply[0] & MSG_NACK) ? "nack" : "ack");
	return (last_reply[0] & MSG_NACK) ? 3 : 0;
}

static int command(int argc, char **argv)
{
	const char *cmd = argv[2];
	uint32_t msg[MBX_WORDS] = { 0 };
	unsigned int i, n;
	int rc;

	if (!strcmp(cmd, "reset")) {
		/* as igbvf: VF reset, wait for the PF's reset done, VF_RESET */
		wr(VF_CTRL, VF_CTRL_RST);
		for (i = 0; i < 200 && !(rd(V2PMAILBOX) & MB_RSTD); i++)
			pause_us(1000);
		msg[0] = VF_RESET;
		rc = request(msg, 1);
		if (got_reply)
			printf("# hostile_vf: mac %02x:%02x:%02x:%02x:%02x:%02x\n",
			       last_reply[1] & 0xff, (last_reply[1] >> 8) & 0xff,
			       (last_reply[1] >> 16) & 0xff, last_reply[1] >> 24,
			       last_reply[2] & 0xff, (last_reply[2] >> 8) & 0xff);
		return rc;
	}
	if (!strcmp(cmd, "rstd")) {
		/* igbvf's reset: reset bits from before are read (and so
		 * cleared) by its earlier mailbox use; after CTRL.RST it
		 * waits 1 ms for RSTD or RSTI, then gives up
		 */
		struct timespec t0, t1;
		long us = -1;

		rd(V2PMAILBOX);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		wr(VF_CTRL, VF_CTRL_RST);
		for (i = 0; i < 100000; i++) {
			if (rd(V2PMAILBOX) & (MB_RSTD | MB_RSTI)) {
				clock_gettime(CLOCK_MONOTONIC, &t1);
				us = (t1.tv_sec - t0.tv_sec) * 1000000L +
				     (t1.tv_nsec - t0.tv_nsec) / 1000;
				break;
			}
			if (i >= 1000)
				pause_us(10);
			clock_gettime(CLOCK_MONOTONIC, &t1);
			if (t1.tv_sec - t0.tv_sec > 1)
				break;
		}
		if (us < 0) {
			printf("# hostile_vf: no reset done (RSTD/RSTI) within 1 s of the VF reset\n");
			return 2;
		}
		printf("# hostile_vf: reset done after %ld us\n", us);
		msg[0] = VF_RESET;
		return request(msg, 1);
	}
	if (!strcmp(cmd, "mac") && argc > 3) {
		msg[0] = VF_SET_MAC_ADDR;
		if (parse_mac(argv[3], &msg[1], &msg[2]))
			return 1;
		return request(msg, 3);
	}
	if (!strcmp(cmd, "ucadd") && argc > 3) {
		msg[0] = VF_SET_MAC_ADDR | MAC_FILTER_ADD << 16;
		if (parse_mac(argv[3], &msg[1], &msg[2]))
			return 1;
		return request(msg, 3);
	}
	if (!strcmp(cmd, "ucclr")) {
		msg[0] = VF_SET_MAC_ADDR | MAC_FILTER_CLR << 16;
		return request(msg, 3);
	}
	if (!strcmp(cmd, "promisc") && argc > 3) {
		msg[0] = VF_SET_PROMISC | (strtoul(argv[3], NULL, 0) & 0xff) << 16;
		return request(msg, 1);
	}
	if (!strcmp(cmd, "mc") && argc > 3) {
		n = strtoul(argv[3], NULL, 0) & 0xff;
		msg[0] = VF_SET_MULTICAST | n << 16;
		for (i = 1; i < MBX_WORDS; i++)
			msg[i] = (2 * i) | (2 * i + 1) << 16;	/* distinct hashes */
		return request(msg, MBX_WORDS);
	}
	if (!strcmp(cmd, "vlan") && argc > 3) {
		msg[0] = VF_SET_VLAN | 1u << 16;
		msg[1] = strtoul(argv[3], NULL, 0);
		return request(msg, 2);
	}
	if (!strcmp(cmd, "macloop") && argc > 3) {
		time_t end = time(NULL) + strtol(argv[3], NULL, 0);

		while (time(NULL) < end) {
			msg[0] = VF_SET_MAC_ADDR;
			msg[1] = (rnd() & ~0x3u) | 0x2u;
			msg[2] = rnd() & 0xffffu;
			send_msg(msg, 3, 1);
		}
		printf("# hostile_vf: macloop: sent %lu, ack %lu, nack %lu\n",
		       n_sent, n_ack, n_nack);
		return 0;
	}
	if (!strcmp(cmd, "macrtt") && argc > 3)
		return mac_rtt(strtoul(argv[3], NULL, 0),
			       argc > 4 ? strtol(argv[4], NULL, 0) : 0);
	if (!strcmp(cmd, "flood") && argc > 3) {
		time_t end = time(NULL) + strtol(argv[3], NULL, 0);
		unsigned long writes = 0;

		/* a valid request in the buffer, then REQ again and again */
		wr(VMBMEM, VF_SET_LPE);
		wr(VMBMEM + 4, 1518);
		while (time(NULL) < end) {
			for (i = 0; i < 1000; i++)
				wr(V2PMAILBOX, MB_REQ);
			writes += 1000;
		}
		printf("# hostile_vf: flood: %lu REQ writes\n", writes);
		return 0;
	}
	fprintf(stderr, "hostile_vf: unknown command %s\n", cmd);
	return 1;
}

int main(int argc, char **argv)
{
	unsigned long iterations = 5000, it;
	struct stat st;
	void *map;
	int fd;

	if (argc < 2) {
		fprintf(stderr, "usage: %s /sys/bus/pci/devices/VF/resource0 [iterations [seed]]\n",
			argv[0]);
		return 1;
	}
	if (argc > 2 && (argv[2][0] < '0' || argv[2][0] > '9'))
		iterations = 0;		/* a command, run below */
	else if (argc > 2)
		iterations = strtoul(argv[2], NULL, 0);
	rng_state = iterations && argc > 3 ? strtoull(argv[3], NULL, 0) :
					     (uint64_t)time(NULL);
	if (!rng_state)
		rng_state = 0x5eed;
	printf("# hostile_vf: %s, %lu iterations, seed %llu\n", argv[1], iterations,
	       (unsigned long long)rng_state);

	fd = open(argv[1], O_RDWR | O_SYNC);
	if (fd < 0) {
		fprintf(stderr, "open %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (fstat(fd, &st) == 0 && st.st_size && st.st_size < MAP_LEN) {
		fprintf(stderr, "%s is only %lld bytes\n", argv[1], (long long)st.st_size);
		return 1;
	}
	map = mmap(NULL, MAP_LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		fprintf(stderr, "mmap %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	bar = map;
	if (!iterations) {
		int rc;

		if (strcmp(argv[2], "macloop") && strcmp(argv[2], "flood"))
			reply_budget_us = 1500000;
		rc = command(argc, argv);

		collect_reply(2000);
		wr(V2PMAILBOX, 0);
		munmap(map, MAP_LEN);
		close(fd);
		return rc;
	}
	printf("# hostile_vf: initial V2PMAILBOX 0x%08x STATUS 0x%08x\n",
	       rd(V2PMAILBOX), rd(VF_STATUS));

	for (it = 1; it <= iterations; it++) {
		one_round(it);
		if (n_allones > 100) {
			fprintf(stderr, "device reads all-ones: gone?\n");
			break;
		}
	}
	/* leave the mailbox idle: drop VFU, ack anything pending */
	collect_reply(2000);
	wr(V2PMAILBOX, 0);

	printf("# hostile_vf: done: sent %lu, ack %lu, nack %lu, no reply %lu, no lock %lu, all-ones %lu\n",
	       n_sent, n_ack, n_nack, n_noreply, n_nolock, n_allones);
	munmap(map, MAP_LEN);
	close(fd);
	return n_allones > 100 ? 2 : 0;
}
