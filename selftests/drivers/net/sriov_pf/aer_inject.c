// SPDX-License-Identifier: GPL-2.0
/*
 * aer_inject - inject a PCIe AER error through the kernel's aer_inject
 * module (/dev/aer_inject), as the aer-inject tool does, without its
 * input language.
 *
 * usage: aer_inject BDF cor|nonfatal|fatal
 *   cor       a correctable Receiver Error
 *   nonfatal  an uncorrectable Completion Timeout
 *   fatal     an uncorrectable Malformed TLP
 * The severity the kernel acts on is the one set in the device's AER
 * Uncorrectable Error Severity register (defaults: as named above).
 * exit: 0 injected, 1 usage or write error (the reason on stderr)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* the layout aer_inject reads (drivers/pci/pcie/aer_inject.c) */
struct aer_error_inj {
	uint8_t bus;
	uint8_t dev;
	uint8_t fn;
	uint32_t uncor_status;
	uint32_t cor_status;
	uint32_t header_log0;
	uint32_t header_log1;
	uint32_t header_log2;
	uint32_t header_log3;
	uint32_t domain;
};

#define AER_COR_RCVR		0x00000001u	/* Receiver Error */
#define AER_UNC_COMP_TIME	0x00004000u	/* Completion Timeout */
#define AER_UNC_MALF_TLP	0x00040000u	/* Malformed TLP */

int main(int argc, char **argv)
{
	struct aer_error_inj e;
	unsigned int domain, bus, dev, fn;
	int fd;

	if (argc != 3 ||
	    sscanf(argv[1], "%x:%x:%x.%x", &domain, &bus, &dev, &fn) != 4) {
		fprintf(stderr, "usage: aer_inject DOMAIN:BUS:DEV.FN cor|nonfatal|fatal\n");
		return 1;
	}
	memset(&e, 0, sizeof(e));
	e.domain = domain;
	e.bus = bus;
	e.dev = dev;
	e.fn = fn;
	if (!strcmp(argv[2], "cor")) {
		e.cor_status = AER_COR_RCVR;
	} else if (!strcmp(argv[2], "nonfatal")) {
		e.uncor_status = AER_UNC_COMP_TIME;
	} else if (!strcmp(argv[2], "fatal")) {
		e.uncor_status = AER_UNC_MALF_TLP;
	} else {
		fprintf(stderr, "aer_inject: unknown error type %s\n", argv[2]);
		return 1;
	}

	fd = open("/dev/aer_inject", O_WRONLY);
	if (fd < 0) {
		fprintf(stderr, "aer_inject: /dev/aer_inject: %s (modprobe aer_inject)\n",
			strerror(errno));
		return 1;
	}
	if (write(fd, &e, sizeof(e)) != sizeof(e)) {
		fprintf(stderr, "aer_inject: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	close(fd);
	return 0;
}
