# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# lib.sh - what every script of the sriov_pf QEMU harness sources first
# (check.sh, demo.sh, shell.sh, bench.sh): paths, logging, the cache lock,
# and the parts, one per concern:
#   fetch.sh        kernel lines, ABI resolution, downloads, debootstrapped roots
#   debug_kernel.sh the "debug" line, built from Debian's source package
#   build.sh        sriov_pf.ko and the selftest fixture modules, W=1
#   initramfs.sh    the guest's root file system
#   qemu.sh         the KVM probe and the QEMU command line
#
# Layout of the cache (outside the repository, reused between runs):
#   $CACHE/debs/                    downloaded .deb files
#   $CACHE/kernels/<abi>/           extracted kernel image + modules packages
#   $CACHE/headers/<abi>/           extracted headers (when not installed)
#   $CACHE/build/<abi>/             per-kernel copy of the driver sources
#   $CACHE/initramfs/<abi>/         staging root and initramfs.cpio.gz
#   $CACHE/logs/<abi>/              serial logs of the last run
#
# Kernel lines ("6.1", "6.12") are resolved to Debian ABI names at run time
# through apt metadata; no ABI number is written down anywhere.

CACHE=${SRIOV_PF_CACHE:-/var/cache/sriov_pf}
VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$VM_DIR/../../.." && pwd)
# Overridable to test the harness itself against a throwaway module.
SRC_DIR=${SPF_SRC_DIR:-$REPO_ROOT}
SELFTEST_DIR=${SPF_SELFTEST_DIR:-$SRC_DIR/selftests/drivers/net/sriov_pf}

# Modules the guest may need; nothing is autoloaded (no udev in the guest).
GUEST_MODULES="igb igbvf pci-pf-stub nvme vfio-pci vfio_iommu_type1 aer_inject dummy bridge 8021q veth macvlan bonding"
# Userspace copied with its shared libraries ("?" prefix: optional).
GUEST_TOOLS="/usr/bin/bash /usr/sbin/ip /usr/sbin/bridge ?/usr/sbin/devlink
/usr/bin/kmod /usr/bin/lspci /usr/bin/setpci ?/usr/sbin/ethtool ?/usr/bin/jq"

log() { echo "spf-vm: $*" >&2; }

# One harness run at a time per cache: runs share kernels, builds and logs.
lock_cache() {
	mkdir -p "$CACHE"
	exec 9>"$CACHE/.lock"
	if ! flock -n 9; then
		log "another run holds $CACHE/.lock; waiting"
		flock -w "${LOCK_TIMEOUT:-7200}" 9 || die "timed out waiting for $CACHE/.lock"
	fi
}
die() { echo "spf-vm: error: $*" >&2; exit 1; }

. "$VM_DIR/log-patterns.sh"
. "$VM_DIR/fetch.sh"
. "$VM_DIR/debug_kernel.sh"
. "$VM_DIR/build.sh"
. "$VM_DIR/initramfs.sh"
. "$VM_DIR/qemu.sh"
