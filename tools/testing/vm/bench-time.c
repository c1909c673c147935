// SPDX-License-Identifier: GPL-2.0
/*
 * bench-time - timing helper of the sriov_pf benchmark (built statically by
 * lib.sh into the guest as /bench/bench-time).  CLOCK_MONOTONIC, ns.
 *
 *   bench-time now                 print the clock
 *   bench-time write FILE VALUE    write VALUE to FILE (one write(2)),
 *                                  print the ns it took; exit 1 on error
 *   bench-time run CMD [ARG...]    fork+exec+wait CMD, print ns; exit
 *                                  status is CMD's
 *   bench-time vfmacs DRV N TMO CMD [ARG...]
 *                                  run CMD, then poll /sys/class/net until
 *                                  N netdevs bound to DRV have a non-zero
 *                                  address; print ns from before CMD; exit
 *                                  1 after TMO seconds
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int run(char **argv)
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return 127;
	if (!pid) {
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0)
		return 127;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* netdevs bound to drv with a non-zero address */
static int count_vfmacs(const char *drv)
{
	DIR *d = opendir("/sys/class/net");
	struct dirent *e;
	char p[512], l[512], a[64];
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		ssize_t len;
		const char *b;
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "/sys/class/net/%s/device/driver", e->d_name);
		len = readlink(p, l, sizeof(l) - 1);
		if (len <= 0)
			continue;
		l[len] = 0;
		b = strrchr(l, '/');
		if (strcmp(b ? b + 1 : l, drv))
			continue;
		snprintf(p, sizeof(p), "/sys/class/net/%s/address", e->d_name);
		f = fopen(p, "r");
		if (!f)
			continue;
		if (fgets(a, sizeof(a), f) && strncmp(a, "00:00:00:00:00:00", 17))
			n++;
		fclose(f);
	}
	closedir(d);
	return n;
}

int main(int argc, char **argv)
{
	long long t0;

	if (argc >= 2 && !strcmp(argv[1], "now")) {
		printf("%lld\n", now_ns());
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "write")) {
		size_t len = strlen(argv[3]);
		int fd = open(argv[2], O_WRONLY);
		ssize_t w;

		if (fd < 0) {
			fprintf(stderr, "bench-time: open %s: %s\n", argv[2], strerror(errno));
			return 1;
		}
		t0 = now_ns();
		w = write(fd, argv[3], len);
		printf("%lld\n", now_ns() - t0);
		if (w != (ssize_t)len) {
			fprintf(stderr, "bench-time: write %s > %s: %s\n", argv[3],
				argv[2], w < 0 ? strerror(errno) : "short write");
			return 1;
		}
		close(fd);
		return 0;
	}
	if (argc >= 3 && !strcmp(argv[1], "run")) {
		int rc;

		t0 = now_ns();
		rc = run(argv + 2);
		printf("%lld\n", now_ns() - t0);
		return rc;
	}
	if (argc >= 6 && !strcmp(argv[1], "vfmacs")) {
		int want = atoi(argv[3]);
		long long tmo = atoll(argv[4]) * 1000000000LL;
		int rc;

		t0 = now_ns();
		rc = run(argv + 5);
		if (rc) {
			fprintf(stderr, "bench-time: %s exited %d\n", argv[5], rc);
			return rc;
		}
		while (count_vfmacs(argv[2]) < want) {
			if (now_ns() - t0 > tmo) {
				fprintf(stderr, "bench-time: %d of %d %s netdevs with a MAC after %s s\n",
					count_vfmacs(argv[2]), want, argv[2], argv[4]);
				return 1;
			}
			usleep(1000);
		}
		printf("%lld\n", now_ns() - t0);
		return 0;
	}
	fprintf(stderr, "usage: bench-time now | write FILE VALUE | run CMD... | vfmacs DRV N TMO CMD...\n");
	return 2;
}
