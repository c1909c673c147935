# SPDX-License-Identifier: GPL-2.0
#
# sriov_pf: shortcuts around the standard out-of-tree module build.
#
#   make                       build against the running kernel
#   make KDIR=/usr/src/linux-headers-<abi>
#   make -C <kernel build dir> M=$PWD modules    (what DKMS runs)
#   make check                 build and run the selftests in QEMU guests
#   make demo                  show the driver working in an emulated host
#
# Kbuild reads the Kbuild file, not this one.

KDIR ?= /lib/modules/$(shell uname -r)/build

all: modules

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean

sparse:
	$(MAKE) -C $(KDIR) M=$(CURDIR) C=2 W=1 modules

.PHONY: all modules clean sparse

-include tools/testing/vm/targets.mk
-include packaging/targets.mk
