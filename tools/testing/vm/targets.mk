# SPDX-License-Identifier: GPL-2.0
#
# QEMU test targets, for the top-level Makefile:  include tools/testing/vm/targets.mk
#
#   make check [KERNELS="6.1 6.12"] [VCPUS=N] [TESTS=a.sh,b.sh]
#        build warning-free against each kernel line (5.10, 6.1, 6.12,
#        stable, debug) and run the kselftests in a QEMU guest per line,
#        lines in parallel; the CI profile (tools/testing/vm/README.md).
#        Needs root (apt, cache in /var/cache/sriov_pf).
#   make check-full
#        the same with every suite on every line at full loop sizes
#        (what a release runs).
#   make demo [KERNELS=6.1] [HOST=1]
#        load sriov_pf max_vfs=4 in a guest (or, HOST=1, on this machine)
#        and show what a user sees.

SPF_VM_DIR := $(dir $(lastword $(MAKEFILE_LIST)))

KERNELS ?=
VCPUS ?=
HOST ?=

#   make bench [KERNELS="6.1 6.12"] [REPS=5]
#        time sriov_pf against pci-pf-stub and in-tree igb in a guest per
#        line; prints medians, ratios and PASS/MISS per target, and a plot.

.PHONY: check check-full demo bench

check:
	KERNELS="$(KERNELS)" VCPUS="$(VCPUS)" PROFILE=ci $(SPF_VM_DIR)check.sh

check-full:
	KERNELS="$(KERNELS)" VCPUS="$(VCPUS)" PROFILE=full $(SPF_VM_DIR)check.sh

demo:
	KERNELS="$(KERNELS)" VCPUS="$(VCPUS)" HOST="$(HOST)" $(SPF_VM_DIR)demo.sh

bench:
	KERNELS="$(KERNELS)" VCPUS="$(VCPUS)" $(SPF_VM_DIR)bench.sh
