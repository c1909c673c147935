# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh disable=SC2034,SC2317
# Helpers for the tests that drive an 82576/I350 PF (the sriov_pf hardware
# backend) and igbvf. Sourced after lib.sh; call igb_setup once.

NVF=7
ADMIN_MAC=02:5a:17:c0:ff:ee

# After every subtest and at exit (igb_setup registers it): no VFs,
# sriov_pf unloaded, igbvf unloaded unless it was loaded before.
igb_cleanup() {
	ping_cleanup
	assign_release
	# VFs left enabled by an rmmod while one was assigned
	if [ -n "$PF" ] && [ -z "$(pci_driver "$PF")" ] && [ "$(numvfs "$PF")" -ne 0 ]; then
		pf_load max_vfs=0 >/dev/null && numvfs_set 0
	fi
	if mod_loaded && ! rmmod "$MOD"; then
		diag "cleanup: rmmod $MOD failed"
	fi
	if [ "$IGBVF_WAS_LOADED" = 0 ] && grep -q '^igbvf ' /proc/modules; then
		rmmod igbvf 2>/dev/null
	fi
	PFNET=
}

# ---------------------------------------------------------------- helpers

# pf_load [params] : load (max_vfs=7 unless given), wait for the PF netdev.
pf_load() {
	case " $* " in
	*" max_vfs="*) ;;
	*) set -- max_vfs="$NVF" "$@" ;;
	esac
	if ! mod_load "$@"; then
		fail "load $MOD $*: $MOD_OUT"
		return 1
	fi
	if ! wait_until 5 is_bound_to "$PF" "$MOD"; then
		fail "$PF not bound to $MOD after load (driver '$(pci_driver "$PF")')"
		return 1
	fi
	if ! wait_until 5 has_netdev "$PF"; then
		fail "$PF has no netdev under $PCI/devices/$PF/net"
		return 1
	fi
	PFNET=$(pci_netdevs "$PF" | head -n 1)
	diag "PF netdev $PFNET"
	return 0
}

load_igbvf() {
	if [ "$HAVE_IGBVF" != 1 ]; then
		skip "igbvf module not available"
		return 1
	fi
	grep -q '^igbvf ' /proc/modules && return 0
	modprobe igbvf || {
		fail "modprobe igbvf failed"
		return 1
	}
}

# Every VF netdev's address equals the PF's vf N line; assigned by the PF, not random.
check_vf_netdev_macs() {
	if ! wait_until 20 all_vf_netdevs "$PF" "$NVF"; then
		fail "not all $NVF VFs got an igbvf netdev"
	fi
	_i=0
	while [ "$_i" -lt "$NVF" ]; do
		_nd=$(vf_netdev "$PF" "$_i")
		if [ -n "$_nd" ]; then
			_want=$(vf_mac "$PFNET" "$_i")
			_got=$(tr 'A-F' 'a-f' <"/sys/class/net/$_nd/address")
			check_eq "VF $_i ($_nd) address vs '$PFNET vf $_i'" "$_want" "$_got"
			check_eq "VF $_i ($_nd) addr_assign_type" 0 \
				"$(cat "/sys/class/net/$_nd/addr_assign_type")"
		fi
		_i=$((_i + 1))
	done
	check_no_random_mac
}

check_no_random_mac() {
	_bad=$(dmesg_since | grep -iE 'Assigning random MAC|PF still in reset|MAC address not assigned')
	if [ -n "$_bad" ]; then
		fail "igbvf fell back to a random MAC / saw the PF in reset:"
		echo "$_bad" | head -n 5 | sed 's/^/#   /'
	fi
}

# Netdev names of the PF's VFs.
vf_netdev_names() {
	_i=0
	while _vf=$(vf_bdf "$PF" "$_i"); do
		pci_netdevs "$_vf"
		_i=$((_i + 1))
	done
}

# check_macs_valid [VF] : NVF lines, each valid (except VF, e.g. one that set
# its own MAC), unique among VFs of every sriov_pf PF, distinct from every
# other netdev's address on the host.
check_macs_valid() {
	_skip=${1:--1}
	_l=$(vf_lines "$PFNET")
	diag "VF MACs of $PFNET:"
	echo "$_l" | sed 's/^/#   vf /'
	check_eq "number of vf lines in '$IP link show $PFNET'" "$NVF" "$(echo "$_l" | grep -c .)"
	check_eq "vf indexes" "$(seq 0 $((NVF - 1)) | tr '\n' ' ')" \
		"$(echo "$_l" | awk '{ print $1 }' | tr '\n' ' ')"
	for _m in $(echo "$_l" | awk -v s="$_skip" '$1 != s { print $2 }'); do
		mac_valid "$_m" || fail "VF MAC $_m is not non-zero unicast locally administered"
	done
	# all VFs of all PFs that sriov_pf drives (ports of one NIC must not collide)
	_all=
	for _p in $(sriov_pfs); do
		is_bound_to "$_p" "$MOD" || continue
		for _n in $(pci_netdevs "$_p"); do
			_all="$_all $(vf_lines "$_n" | awk '{ print $2 }' | tr '\n' ' ')"
		done
	done
	_dup=$(echo "$_all" | tr ' ' '\n' | grep . | sort | uniq -d)
	[ -z "$_dup" ] || fail "duplicate VF MACs: $_dup"
	# shellcheck disable=SC2046
	_host=$(host_macs_except $(vf_netdev_names))
	for _m in $(echo "$_l" | awk '{ print $2 }'); do
		if echo "$_host" | grep -qx "$_m"; then
			fail "VF MAC $_m equals the address of a host netdev"
		fi
	done
}

rebind_vf() {
	_vf=$(vf_bdf "$PF" "$1")
	sysfs_write "$PCI/drivers/igbvf/unbind" "$_vf" || fail "unbind $_vf from igbvf: $WERR"
	sysfs_write "$PCI/drivers/igbvf/bind" "$_vf" || fail "bind $_vf to igbvf: $WERR"
	wait_until 10 has_netdev "$_vf" || fail "VF $1 ($_vf) has no netdev after rebind"
}

vf_netdev_mac() {
	_nd=$(vf_netdev "$PF" "$1")
	[ -n "$_nd" ] && tr 'A-F' 'a-f' <"/sys/class/net/$_nd/address"
}

# igb_setup : find the PF, take it from igb if needed (restored at exit),
# remember whether igbvf was loaded. Sets PF, USE_OVERRIDE, HAVE_IGBVF.
igb_setup() {
	require_root
	state_init
	PF=$(find_igb_pf) || skip_all "no copper 82576/I350 PF (8086:10c9/10e8/150a/1526/1521) that is free, ours, or igb-bound with no VFs and its netdev down"
	diag "PF $PF ($(pci_id "$PF")), driver '$(pci_driver "$PF")'"
	[ -x "$IP" ] || skip_all "$IP (iproute2) not found"

	lib_setup
	pf_save "$PF"
	USE_OVERRIDE=0
	if [ "$(pci_driver "$PF")" = igb ]; then
		diag "taking $PF from igb for the test (given back at exit)"
		pf_unbind "$PF" || skip_all "cannot unbind $PF from igb: $WERR"
	fi
	if grep -q '^igb ' /proc/modules; then
		# keep in-tree igb away from the PF while sriov_pf comes and goes
		diag "igb is loaded: binding $PF through driver_override"
		set_override "$PF" "$MOD"
		USE_OVERRIDE=1
	fi
	# our own VFs must go to igbvf only when a test loads igbvf
	IGBVF_WAS_LOADED=0
	grep -q '^igbvf ' /proc/modules && IGBVF_WAS_LOADED=1
	HAVE_IGBVF=0
	modprobe -n -q igbvf 2>/dev/null && HAVE_IGBVF=1

	PFNET=
	PING_DEV=
	cleanup_add subtest igb_cleanup
	cleanup_add exit igb_cleanup
}

# ---- a VF driven from its BAR (hostile_vf) and the backend's debugfs

# find_tool : hostile_vf, compiled by the harness next to the suite, else
# built here.  Sets HOSTILE.
find_tool() {
	if [ -x ./hostile_vf ]; then
		HOSTILE=./hostile_vf
		return 0
	fi
	for cc in cc gcc; do
		have $cc || continue
		_out=$STATE_DIR/hostile_vf
		if $cc -O2 -o "$_out" hostile_vf.c 2>/dev/null; then
			HOSTILE=$_out
			return 0
		fi
	done
	return 1
}

# hv N CMD [ARG] : VF N (not bound to a driver) sends one request; 0 ACK, 3 NACK, 2 none
hv() {
	_n=$1
	shift
	_hv_out=$($HOSTILE "$PCI/devices/$(vf_bdf "$PF" "$_n")/resource0" "$@")
	_hv_rc=$?
	[ -n "$_hv_out" ] && printf '%s\n' "$_hv_out" | grep -v iterations
	return "$_hv_rc"
}

# vf_field N KEY : KEY's value on VF N's line of debugfs <PF>/vfs
vf_field() {
	awk -v v="$1" -v k="$2" '$1 == "vf" && $2 == v {
		for (i = 3; i < NF; i++) if ($i == k) { print $(i + 1); exit } }' \
		"$DBG/$PF/vfs"
}
