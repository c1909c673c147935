#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh - what "make demo" runs: load "sriov_pf max_vfs=4" and show what a
# user looks at (kernel log, lspci, VF list, ip link of the PF, debugfs
# capability, VF netdev MACs after "modprobe igbvf").
#
#   KERNELS=6.1   kernel line to boot in QEMU (first word is used; default
#                 the host's own: 6.1 on bookworm, 6.12 on trixie)
#   VCPUS=N       vCPUs of the guest (default 2)
#   MAX_VFS=4     max_vfs for the demo
#   HOST=1        run on this machine's running kernel instead of QEMU
#   SKIP_SETUP=1  do not run setup-host.sh (HOST=1: setup-host.sh --build,
#                 which installs only make, gcc and the running kernel's headers)
set -eu

. "$(dirname "$0")/lib.sh"

MAX_VFS=${MAX_VFS:-4}

demo_qemu() {
	local line abi kdir ko accel ldir rc=0
	line=${KERNELS:-$(host_line)}
	line=${line%% *}
	[ "$(id -u)" = 0 ] || die "run as root (apt-get download into $CACHE)"
	[ "${SKIP_SETUP:-0}" = 1 ] || "$VM_DIR/setup-host.sh"
	lock_cache
	abi=$(resolve_abi "$line")
	fetch_kernel "$line" "$abi" >&2
	kdir=$(fetch_headers "$line" "$abi")
	build_module "$line" "$abi" "$kdir" || die "build failed"
	ko=$CACHE/build/$abi/sriov_pf.ko
	make_initramfs "$line" "$abi" "$ko" >/dev/null || true
	accel=$(pick_accel "$abi")
	ldir=$CACHE/logs/$abi
	log "booting $abi ($accel), this takes a few seconds"
	run_guest "$abi" demo "${VCPUS:-2}" "$accel" "${VM_TIMEOUT:-600}" \
		"spf.demo_vfs=$MAX_VFS" || rc=$?
	# Demo output is what the guest wrote on its second serial port.
	tr -d '\r' < "$ldir/tests.log" |
		awk '/^### SPF-BEGIN demo/ { on = 1; next } /^### SPF-END demo/ { exit } on'
	if ! grep -q '^### SPF-DONE' "$ldir/tests.log" 2>/dev/null; then
		echo "demo: guest did not finish (rc=$rc); console:"
		tr -d '\r' < "$ldir/console.log" | tail -n 40
		exit 1
	fi
}

# Same steps on the running kernel.
demo_host() {
	local kdir bdir pf n vf drv cap
	[ "$(id -u)" = 0 ] || { echo "demo HOST=1: please run as root (it loads a module)"; exit 1; }
	[ "${SKIP_SETUP:-0}" = 1 ] || "$VM_DIR/setup-host.sh" --build
	if [ "$(cat /proc/sys/kernel/modules_disabled 2>/dev/null || echo 0)" = 1 ] ||
		! grep -q '^CONFIG_MODULES=y' "/boot/config-$(uname -r)" 2>/dev/null &&
		[ ! -d "/lib/modules/$(uname -r)/kernel" ]; then
		echo "demo HOST=1: this kernel cannot load modules; use the QEMU demo (make demo)"
		exit 1
	fi
	kdir=/lib/modules/$(uname -r)/build
	[ -f "$kdir/Makefile" ] || {
		echo "demo HOST=1: no headers for $(uname -r) ($kdir); install linux-headers-$(uname -r)"
		exit 1
	}
	bdir=$(mktemp -d)
	trap 'rm -rf "$bdir"' EXIT
	copy_sources "$bdir"
	make -C "$kdir" M="$bdir" modules >"$bdir/build.log" 2>&1 || {
		tail -n 30 "$bdir/build.log"; exit 1; }
	if lsmod | grep -q '^sriov_pf '; then
		echo "demo HOST=1: sriov_pf is already loaded; rmmod it first"
		exit 1
	fi
	modprobe -q pci-pf-stub 2>/dev/null || true
	# Built module's dependencies are in-tree: modprobe them, then insmod.
	echo "\$ insmod sriov_pf.ko max_vfs=$MAX_VFS"
	insmod "$bdir/sriov_pf.ko" max_vfs="$MAX_VFS" || { echo "insmod failed"; exit 1; }
	sleep 2
	echo; echo "\$ dmesg | grep sriov_pf"; dmesg | grep sriov_pf | tail -n 40
	for pf in /sys/bus/pci/devices/*; do
		[ -e "$pf/sriov_totalvfs" ] || continue
		drv=$(basename "$(readlink "$pf/driver" 2>/dev/null)" 2>/dev/null || true)
		[ "$drv" = sriov_pf ] || continue
		echo; echo "--- PF $(basename "$pf") numvfs=$(cat "$pf/sriov_numvfs")/$(cat "$pf/sriov_totalvfs")"
		for vf in "$pf"/virtfn*; do
			[ -e "$vf" ] && lspci -nn -s "$(basename "$(readlink "$vf")")"
		done
		cap=/sys/kernel/debug/sriov_pf/$(basename "$pf")/capability
		[ -f "$cap" ] && { echo "\$ cat $cap"; cat "$cap"; }
		for n in "$pf"/net/*; do
			[ -e "$n" ] && { echo "\$ ip link show $(basename "$n")"; ip link show "$(basename "$n")"; }
		done
	done
	echo; echo "(sriov_pf stays loaded; 'rmmod sriov_pf' removes it and its VFs)"
}

if [ "${HOST:-}" = 1 ]; then
	demo_host
else
	demo_qemu
fi
