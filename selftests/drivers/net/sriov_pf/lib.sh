# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh disable=SC2034,SC2119,SC2120,SC2317
# Shared helpers for the sriov_pf kselftests.  Sourced, never executed.
# The tests run under bash (#!/bin/bash); helpers use "local".
#
# Environment knobs:
#   SRIOV_PF_MODULE   path to sriov_pf.ko: use insmod instead of modprobe
#   SRIOV_PF_CYCLES   iterations of the load/unload and numvfs stress loops
#   SRIOV_PF_VERBOSE  1 = echo every sysfs write as a "#" diagnostic line
#   SRIOV_PF_SKIP_TESTS  comma list of test functions to report as SKIP
#   SRIOV_PF_ONLY_TESTS  comma list: the other test functions are SKIP
#   SRIOV_PF_PM_STATES   sleep states sriov_pf_recovery.sh cycles
#                        ("freeze mem disk")
#   SRIOV_PF_LINK_CMD    a command that takes the PF's port down or up when
#                        run with "off" or "on" (e.g. one that has the host
#                        send QEMU's set_link); sriov_pf_82576.sh skips its
#                        link-change test without it

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

MOD=sriov_pf
IP=/sbin/ip
[ -x "$IP" ] || IP=$(command -v ip 2>/dev/null || echo /sbin/ip)
PCI=/sys/bus/pci
DRV=$PCI/drivers/$MOD
DBG_ROOT=/sys/kernel/debug
DBG=$DBG_ROOT/$MOD

STATE_DIR=
LIB_TRAP=0
MOD_WAS_LOADED=0
DEBUGFS_MOUNTED=0
DMESG_MARK=
DMESG_MARK_N=0
NEW_IDS=

# ---------------------------------------------------------------- KTAP
#
# The function names, counters and output of kselftest's
# kselftest/ktap_helpers.sh (ktap_print_header, ktap_set_plan,
# ktap_test_pass/fail/skip, ktap_print_totals, ...), so that a test reads
# the same here and in a kernel tree.  ktap_test_skip takes an optional
# reason; skip_all REASON prints the empty plan and exits with KSFT_SKIP.

KTAP_TESTNO=1
KTAP_CNT_PASS=0
KTAP_CNT_FAIL=0
KTAP_CNT_XFAIL=0
KTAP_CNT_SKIP=0
KSFT_NUM_TESTS=0
KTAP_HEADER_DONE=0
RET=0
DESC=
SKIP_REASON=

# Print the KTAP version line once (diagnostics may follow it before the plan).
ktap_print_header() {
	[ "$KTAP_HEADER_DONE" = 1 ] && return 0
	echo "TAP version 13"
	KTAP_HEADER_DONE=1
}

ktap_print_msg() { echo "# $*"; }

ktap_set_plan() {
	KSFT_NUM_TESTS=$1
	echo "1..$1"
}

ktap_skip_all() { echo "1..0 # SKIP $*"; }

ktap_test_pass() {
	echo "ok $KTAP_TESTNO $1"
	KTAP_TESTNO=$((KTAP_TESTNO + 1))
	KTAP_CNT_PASS=$((KTAP_CNT_PASS + 1))
}

ktap_test_fail() {
	echo "not ok $KTAP_TESTNO $1"
	KTAP_TESTNO=$((KTAP_TESTNO + 1))
	KTAP_CNT_FAIL=$((KTAP_CNT_FAIL + 1))
}

# ktap_test_skip DESC [REASON]
ktap_test_skip() {
	echo "ok $KTAP_TESTNO $1 # SKIP${2:+ $2}"
	KTAP_TESTNO=$((KTAP_TESTNO + 1))
	KTAP_CNT_SKIP=$((KTAP_CNT_SKIP + 1))
}

ktap_print_totals() {
	echo "# Totals: pass:$KTAP_CNT_PASS fail:$KTAP_CNT_FAIL xfail:$KTAP_CNT_XFAIL xpass:0 skip:$KTAP_CNT_SKIP error:0"
}

diag() { ktap_print_msg "$@"; }

# Record a failed check inside a subtest; the subtest goes on.
fail() {
	echo "# FAIL: $*"
	RET=1
}

# check "message" cmd args... : fail with message unless cmd succeeds.
check() {
	local msg=$1
	shift
	if ! "$@"; then
		fail "$msg"
		return 1
	fi
	return 0
}

# check_eq "what" expected actual
check_eq() {
	if [ "$2" != "$3" ]; then
		fail "$1: expected '$2', got '$3'"
		return 1
	fi
	return 0
}

# Use as: skip "reason"; return "$KSFT_SKIP"
skip() { SKIP_REASON=$*; }

# skip_all REASON: the whole program cannot run here (kselftest exit 4).
skip_all() {
	ktap_print_header
	ktap_skip_all "$@"
	# before lib_setup's trap there is nothing to restore
	[ "$LIB_TRAP" = 1 ] || [ -z "$STATE_DIR" ] || rm -rf "$STATE_DIR"
	exit $KSFT_SKIP
}

# ---------------------------------------------------------------- cleanup
#
# A test registers what undoes its changes, instead of defining hooks the
# library looks for:
#   cleanup_add subtest FUNC   run after every subtest (each starts from the
#                              same state)
#   cleanup_add exit FUNC      run once at exit (lib_exit), before the
#                              library restores the PFs and the module
# Functions run in the order they were added.

CLEANUP_SUBTEST=
CLEANUP_EXIT=

cleanup_add() {
	case "$1" in
	subtest) CLEANUP_SUBTEST="$CLEANUP_SUBTEST $2" ;;
	exit) CLEANUP_EXIT="$CLEANUP_EXIT $2" ;;
	*) echo "cleanup_add: unknown stage '$1'" >&2; return 1 ;;
	esac
}

cleanup_run() {
	local f list
	case "$1" in
	subtest) list=$CLEANUP_SUBTEST ;;
	exit) list=$CLEANUP_EXIT ;;
	esac
	for f in $list; do
		"$f"
	done
}

# run_tests "func1 func2 ..." : runs each function as one KTAP subtest.
# A function sets DESC, calls fail() on each problem, and returns
# $KSFT_SKIP after skip "reason" when it cannot run.
run_tests() {
	local t rc
	# shellcheck disable=SC2086
	set -- $1
	ktap_print_header
	ktap_set_plan $#
	for t in "$@"; do
		RET=0
		DESC=$t
		SKIP_REASON=
		diag "---- $t"
		case ",$SRIOV_PF_SKIP_TESTS," in
		*",$t,"*)
			skip "in SRIOV_PF_SKIP_TESTS"
			rc=$KSFT_SKIP
			;;
		*)
			case ",${SRIOV_PF_ONLY_TESTS:-$t}," in
			*",$t,"*)
				"$t"
				rc=$?
				;;
			*)
				skip "not in SRIOV_PF_ONLY_TESTS"
				rc=$KSFT_SKIP
				;;
			esac
			;;
		esac
		if [ "$rc" -eq "$KSFT_SKIP" ] && [ "$RET" -eq 0 ]; then
			ktap_test_skip "$DESC" "${SKIP_REASON:-skipped}"
		elif [ "$RET" -ne 0 ] || [ "$rc" -ne 0 ]; then
			ktap_test_fail "$DESC"
		else
			ktap_test_pass "$DESC"
		fi
		cleanup_run subtest
	done
	ktap_print_totals
	if [ "$KTAP_CNT_FAIL" -ne 0 ]; then
		return $KSFT_FAIL
	fi
	return $KSFT_PASS
}

# ---------------------------------------------------------------- misc

if sleep 0.1 2>/dev/null; then
	_STEP=0.1
	_PER_S=10
else
	_STEP=1
	_PER_S=1
fi

# wait_until SECONDS cmd args... : poll until cmd succeeds.
wait_until() {
	_wu_n=$(($1 * _PER_S))
	shift
	while [ "$_wu_n" -gt 0 ]; do
		"$@" && return 0
		sleep $_STEP
		_wu_n=$((_wu_n - 1))
	done
	"$@"
}

# sysfs_write FILE VALUE : returns the write's status; error text in WERR.
sysfs_write() {
	[ "${SRIOV_PF_VERBOSE:-0}" = 1 ] && diag "echo '$2' > $1"
	WERR=$( (echo "$2" >"$1") 2>&1)
}

have() { command -v "$1" >/dev/null 2>&1; }

require_root() {
	[ "$(id -u)" = 0 ] || skip_all "must be run as root"
}

# ---------------------------------------------------------------- dmesg window
# A marker written to /dev/kmsg survives ring-buffer wrap better than a line
# count; fall back to counting lines when /dev/kmsg is not writable.

dmesg_mark() {
	DMESG_MARK_N=$((DMESG_MARK_N + 1))
	DMESG_MARK="ksft-sriovpf-mark-$$-$DMESG_MARK_N"
	if ! echo "$DMESG_MARK" 2>/dev/null >/dev/kmsg; then
		DMESG_MARK="#$(dmesg | wc -l)"
	fi
}

# Kernel log lines since the last dmesg_mark.
dmesg_since() {
	case $DMESG_MARK in
	"#"*)
		dmesg | tail -n +$((${DMESG_MARK#\#} + 1))
		;;
	*)
		dmesg | awk -v m="$DMESG_MARK" 'f { print } index($0, m) { f = 1 }'
		;;
	esac
}

# Fails the subtest if the window has a kernel warning or crash signature.
dmesg_check_clean() {
	_bad=$(dmesg_since | grep -E 'WARNING:|BUG:|BUG |Oops|general protection|Call Trace|UBSAN|KASAN|kmemleak|list_(add|del) corruption|refcount_t:|sleeping function called|lockdep|possible circular locking|DEADLOCK' | head -n 5)
	if [ -n "$_bad" ]; then
		fail "kernel log has warnings/crashes${1:+ ($1)}:"
		echo "$_bad" | sed 's/^/#   /'
		return 1
	fi
	return 0
}

# dmesg_count_grep PATTERN... : lines of the window matching every fixed string.
dmesg_count_grep() {
	_out=$(dmesg_since)
	for _p in "$@"; do
		_out=$(printf '%s\n' "$_out" | grep -wF -- "$_p")
	done
	if [ -z "$_out" ]; then
		echo 0
	else
		printf '%s\n' "$_out" | wc -l | tr -d ' '
	fi
}

# ---------------------------------------------------------------- module

mod_loaded() { grep -q "^$MOD " /proc/modules 2>/dev/null; }

mod_available() {
	if [ -n "$SRIOV_PF_MODULE" ]; then
		[ -f "$SRIOV_PF_MODULE" ]
	else
		modprobe -n -q "$MOD" 2>/dev/null
	fi
}

# mod_load [param=value ...] : returns modprobe/insmod status, output in MOD_OUT.
mod_load() {
	[ "${SRIOV_PF_VERBOSE:-0}" = 1 ] && diag "load $MOD $*"
	if [ -n "$SRIOV_PF_MODULE" ]; then
		MOD_OUT=$(insmod "$SRIOV_PF_MODULE" "$@" 2>&1)
	else
		MOD_OUT=$(modprobe "$MOD" "$@" 2>&1)
	fi
}

mod_unload() {
	mod_loaded || return 0
	rmmod "$MOD"
}

# ---------------------------------------------------------------- PCI

pci_dev() { echo "$PCI/devices/$1"; }

pci_driver() {
	_l=$(readlink "$PCI/devices/$1/driver" 2>/dev/null) || return 0
	echo "${_l##*/}"
}

pci_id() { echo "$(cat "$PCI/devices/$1/vendor"):$(cat "$PCI/devices/$1/device")"; }

# All SR-IOV capable PFs in PCI address order (domain:bus:dev.fn).
sriov_pfs() {
	for _d in "$PCI"/devices/*; do
		[ -f "$_d/sriov_totalvfs" ] && echo "${_d##*/}"
	done | sort
}

# Index of a PF in sriov_pfs order (0-based).
sriov_pf_index() {
	sriov_pfs | awk -v b="$1" '$0 == b { print NR - 1; exit }'
}

is_intel_igb_pf() {
	case $(pci_id "$1") in
	0x8086:0x10c9 | 0x8086:0x10e8 | 0x8086:0x150a | 0x8086:0x1526 | 0x8086:0x1521) return 0 ;;
	esac
	return 1
}

# An 82576/I350 PF a test may take: unbound, ours, or held by igb with no
# VFs and every netdev down (never a host's working NIC).
find_igb_pf() {
	for _p in $(sriov_pfs); do
		is_intel_igb_pf "$_p" || continue
		case $(pci_driver "$_p") in
		"" | "$MOD")
			echo "$_p"
			return 0
			;;
		igb)
			# only a PF igb holds without VFs and with every netdev down
			# (never take a host's working NIC away)
			[ "$(numvfs "$_p")" -eq 0 ] || continue
			_up=0
			for _n in $(pci_netdevs "$_p"); do
				[ $(($(cat "/sys/class/net/$_n/flags") & 1)) -eq 1 ] && _up=1
			done
			if [ "$_up" = 0 ]; then
				echo "$_p"
				return 0
			fi
			;;
		esac
	done
	return 1
}

is_bound_to() { [ "$(pci_driver "$1")" = "$2" ]; }

numvfs() { cat "$PCI/devices/$1/sriov_numvfs"; }
totalvfs() { cat "$PCI/devices/$1/sriov_totalvfs"; }

count_virtfn() {
	_c=0
	for _v in "$PCI/devices/$1"/virtfn*; do
		[ -e "$_v" ] && _c=$((_c + 1))
	done
	echo $_c
}

# BDF of VF N of PF
vf_bdf() {
	_l=$(readlink "$PCI/devices/$1/virtfn$2" 2>/dev/null) || return 1
	echo "${_l##*/}"
}

# check_vfs PF N : sriov_numvfs, virtfn links and the VFs' physfn links agree on N.
check_vfs() {
	_ok=0
	check_eq "$1 sriov_numvfs" "$2" "$(numvfs "$1")" || _ok=1
	check_eq "$1 number of virtfn links" "$2" "$(count_virtfn "$1")" || _ok=1
	_i=0
	while [ "$_i" -lt "$2" ]; do
		_vf=$(vf_bdf "$1" "$_i")
		if [ -z "$_vf" ]; then
			fail "$1 virtfn$_i missing"
			_ok=1
		else
			_pf=$(readlink "$PCI/devices/$_vf/physfn")
			check_eq "$_vf physfn" "$1" "${_pf##*/}" || _ok=1
		fi
		_i=$((_i + 1))
	done
	return $_ok
}

# ---- VF traffic: a VF pings the gateway (QEMU's user network by default)

VF_IP=${SRIOV_PF_VF_IP:-10.0.2.15/24}
GW_IP=${SRIOV_PF_GW:-10.0.2.2}

# In a QEMU guest: DMI says so, or (kernels without DMI, such as the debug
# kernel) the host bridge carries QEMU's PCI subsystem vendor, 1af4.
in_qemu() {
	grep -qi qemu /sys/class/dmi/id/sys_vendor 2>/dev/null ||
		grep -qi qemu /sys/class/dmi/id/product_name 2>/dev/null ||
		grep -qx 0x1af4 /sys/bus/pci/devices/0000:00:00.0/subsystem_vendor 2>/dev/null
}

carrier_up() { [ "$(cat "/sys/class/net/$1/carrier" 2>/dev/null)" = 1 ]; }

# ping_possible : 0 when the gateway ping can run here, else skip() and 1.
ping_possible() {
	if [ -z "$SRIOV_PF_VF_IP" ] && ! in_qemu; then
		skip "not in QEMU; set SRIOV_PF_VF_IP/SRIOV_PF_GW to run on real hardware"
		return 1
	fi
	if ! have ping; then
		skip "no ping"
		return 1
	fi
	_net=${VF_IP%.*}.
	if "$IP" -4 addr show | grep -q "inet ${_net}"; then
		skip "another interface already has an address in ${_net}0/24"
		return 1
	fi
	return 0
}

# ping_gateway DEV : give DEV $VF_IP and ping $GW_IP through it.  PING_DEV
# names DEV for the cleanup, which ping_cleanup does.
ping_gateway() {
	PING_DEV=$1
	"$IP" link set "$1" up || fail "cannot bring $1 up"
	"$IP" addr add "$VF_IP" dev "$1" || fail "cannot add $VF_IP to $1"
	wait_until 10 carrier_up "$1" || diag "$1 has no carrier"
	if ! ping -c 3 -W 2 "$GW_IP" >/dev/null 2>&1 && ! ping -c 5 -W 2 "$GW_IP"; then
		fail "$1 ($VF_IP, $(cat "/sys/class/net/$1/address")) cannot ping $GW_IP"
		"$IP" -s link show "$1" | sed 's/^/#   /'
		# the PF's view of its VFs, where the driver has it
		if [ -r "${DBG:-}/${PF:-}/vfs" ]; then sed 's/^/#   /' "$DBG/$PF/vfs"; fi
	fi
}

ping_cleanup() {
	if [ -n "$PING_DEV" ] && [ -e "/sys/class/net/$PING_DEV" ]; then
		"$IP" addr del "$VF_IP" dev "$PING_DEV" 2>/dev/null
		"$IP" link set "$PING_DEV" down 2>/dev/null
	fi
	PING_DEV=
}

# ---- the fixture that marks VFs as assigned to a guest (test_modules/,
# sriov_pf_test_assign.ko); elsewhere SRIOV_PF_TEST_ASSIGN=/path/to/it.ko
ASSIGN_MOD=sriov_pf_test_assign

assign_loaded() { grep -q "^$ASSIGN_MOD " /proc/modules 2>/dev/null; }

assign_available() {
	if [ -n "$SRIOV_PF_TEST_ASSIGN" ]; then
		[ -f "$SRIOV_PF_TEST_ASSIGN" ]
	else
		modprobe -n -q "$ASSIGN_MOD" 2>/dev/null
	fi
}

# assign_vfs BDF[,BDF...] : mark VFs as assigned; output in MOD_OUT.
assign_vfs() {
	if [ -n "$SRIOV_PF_TEST_ASSIGN" ]; then
		MOD_OUT=$(insmod "$SRIOV_PF_TEST_ASSIGN" vfs="$1" 2>&1)
	else
		MOD_OUT=$(modprobe "$ASSIGN_MOD" vfs="$1" 2>&1)
	fi
}

assign_release() {
	assign_loaded || return 0
	rmmod "$ASSIGN_MOD" || diag "cleanup: rmmod $ASSIGN_MOD failed"
}

# ---- per-PF state save/restore (files in STATE_DIR)

state_init() {
	STATE_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ksft-sriov_pf.XXXXXX") ||
		skip_all "cannot create a temporary directory"
}

# pf_save BDF : remember driver, driver_override and sriov_drivers_autoprobe once.
pf_save() {
	[ -f "$STATE_DIR/$1.saved" ] && return 0
	_d=$PCI/devices/$1
	pci_driver "$1" >"$STATE_DIR/$1.driver"
	_o=$(cat "$_d/driver_override" 2>/dev/null)
	[ "$_o" = "(null)" ] && _o=
	echo "$_o" >"$STATE_DIR/$1.override"
	cat "$_d/sriov_drivers_autoprobe" >"$STATE_DIR/$1.autoprobe" 2>/dev/null
	: >"$STATE_DIR/$1.saved"
}

set_override() { sysfs_write "$PCI/devices/$1/driver_override" "$2"; }

clear_override() {
	[ -e "$PCI/devices/$1/driver_override" ] || return 0
	sysfs_write "$PCI/devices/$1/driver_override" ""
}

# pf_unbind BDF : unbind from whatever driver holds it.
pf_unbind() {
	_drv=$(pci_driver "$1")
	[ -z "$_drv" ] && return 0
	sysfs_write "$PCI/drivers/$_drv/unbind" "$1"
}

# pf_bind_override BDF : bind to sriov_pf through driver_override.
pf_bind_override() {
	pf_save "$1"
	set_override "$1" "$MOD" || return 1
	sysfs_write "$PCI/drivers_probe" "$1"
	[ "$(pci_driver "$1")" = "$MOD" ]
}

# pf_release BDF : unbind from sriov_pf, clear our driver_override.
pf_release() {
	[ "$(pci_driver "$1")" = "$MOD" ] && sysfs_write "$DRV/unbind" "$1"
	if [ -f "$STATE_DIR/$1.saved" ]; then
		_o=$(cat "$STATE_DIR/$1.override")
		sysfs_write "$PCI/devices/$1/driver_override" "$_o"
	fi
}

# Restore every saved PF as found.
pf_restore_all() {
	[ -n "$STATE_DIR" ] && [ -d "$STATE_DIR" ] || return 0
	for _f in "$STATE_DIR"/*.saved; do
		[ -e "$_f" ] || continue
		_b=${_f##*/}
		_b=${_b%.saved}
		[ -e "$PCI/devices/$_b" ] || continue
		_cur=$(pci_driver "$_b")
		_orig=$(cat "$STATE_DIR/$_b.driver")
		_o=$(cat "$STATE_DIR/$_b.override")
		if [ "$_cur" != "$_orig" ] && [ -n "$_cur" ]; then
			sysfs_write "$PCI/drivers/$_cur/unbind" "$_b"
		fi
		sysfs_write "$PCI/devices/$_b/driver_override" "$_o"
		if [ -s "$STATE_DIR/$_b.autoprobe" ]; then
			sysfs_write "$PCI/devices/$_b/sriov_drivers_autoprobe" \
				"$(cat "$STATE_DIR/$_b.autoprobe")"
		fi
		if [ -n "$_orig" ] && [ -z "$(pci_driver "$_b")" ]; then
			sysfs_write "$PCI/drivers/$_orig/bind" "$_b" ||
				sysfs_write "$PCI/drivers_probe" "$_b"
		fi
	done
}

# ---------------------------------------------------------------- setup / teardown

# Called once at start. If sriov_pf is already loaded (real host with DKMS and
# modprobe.d config), it is unloaded for the tests and loaded again at exit
# with the PFs it had bound rebound. Refuse when its VFs are in use.
lib_setup() {
	require_root
	[ -n "$STATE_DIR" ] || state_init
	mod_available || skip_all "module $MOD not found (modprobe -n $MOD failed)"
	if mod_loaded; then
		for _pf in $(sriov_pfs); do
			[ "$(pci_driver "$_pf")" = "$MOD" ] || continue
			_i=0
			while _vf=$(vf_bdf "$_pf" "$_i"); do
				case $(pci_driver "$_vf") in
				vfio-pci | pci-stub)
					skip_all "$MOD is loaded and VF $_vf is bound to $(pci_driver "$_vf")"
					;;
				esac
				_i=$((_i + 1))
			done
			pf_save "$_pf"
		done
		MOD_WAS_LOADED=1
		rmmod "$MOD" || skip_all "$MOD is loaded and cannot be unloaded"
	fi
	LIB_TRAP=1
	trap lib_exit EXIT
	trap 'exit 1' INT TERM HUP
}

debugfs_setup() {
	if [ ! -d "$DBG_ROOT" ] || ! grep -q " $DBG_ROOT debugfs" /proc/mounts; then
		mount -t debugfs none "$DBG_ROOT" 2>/dev/null && DEBUGFS_MOUNTED=1
	fi
}

lib_exit() {
	_rc=$?
	trap - EXIT
	cleanup_run exit
	for _id in $NEW_IDS; do
		[ -e "$DRV/remove_id" ] && echo "$_id" | tr ':' ' ' >"$DRV/remove_id" 2>/dev/null
	done
	mod_unload 2>/dev/null
	pf_restore_all
	if [ "$MOD_WAS_LOADED" = 1 ]; then
		mod_load || diag "could not reload $MOD as found"
		pf_restore_all
	fi
	[ "$DEBUGFS_MOUNTED" = 1 ] && umount "$DBG_ROOT" 2>/dev/null
	[ -n "$STATE_DIR" ] && rm -rf "$STATE_DIR"
	exit "$_rc"
}

# ---------------------------------------------------------------- config space

# cfg_read BDF OFFSET NBYTES : little-endian value of NBYTES (1,2,4) at OFFSET.
cfg_read() {
	# shellcheck disable=SC2046
	set -- $(od -A n -t x1 -j "$2" -N "$3" "$PCI/devices/$1/config" 2>/dev/null)
	case $# in
	1) echo $((0x$1)) ;;
	2) echo $((0x$2$1)) ;;
	4) echo $((0x$4$3$2$1)) ;;
	*) echo -1 ;;
	esac
}

# Offset of the SR-IOV extended capability (ID 0x0010), or nothing.
sriov_cap_off() {
	_off=256
	_loops=0
	while [ "$_off" -ge 256 ] && [ "$_loops" -lt 96 ]; do
		_h=$(cfg_read "$1" "$_off" 4)
		[ "$_h" -le 0 ] && return 1
		if [ $((_h & 0xffff)) -eq 16 ]; then
			echo "$_off"
			return 0
		fi
		_off=$(((_h >> 20) & 0xffc))
		_loops=$((_loops + 1))
	done
	return 1
}

# cap_get KEY : value from the debugfs capability file of $CAP_PF, as a number.
cap_get() {
	_v=$(awk -v k="$1" '$1 == k { print $2; exit }' "$DBG/$CAP_PF/capability" 2>/dev/null)
	[ -z "$_v" ] && return 1
	echo $((_v))
}

# ---------------------------------------------------------------- netdev / MAC

# PF netdev name(s) of a PCI function.
pci_netdevs() {
	for _n in "$PCI/devices/$1"/net/*; do
		[ -e "$_n" ] && echo "${_n##*/}"
	done
}

has_netdev() { [ -n "$(pci_netdevs "$1")" ]; }

# vf_netdev PF N : the netdev of VF N (bound to a VF driver), or nothing.
vf_netdev() {
	local vf
	vf=$(vf_bdf "$1" "$2") || return 1
	pci_netdevs "$vf" | head -n 1
}

# all_vf_netdevs PF N : VFs 0..N-1 of PF all have a netdev.
all_vf_netdevs() {
	local i=0
	while [ "$i" -lt "$2" ]; do
		[ -n "$(vf_netdev "$1" "$i")" ] || return 1
		i=$((i + 1))
	done
	return 0
}

# numvfs_set N [PF] : write sriov_numvfs of PF (default $PF), fail() if refused.
numvfs_set() {
	local pf=${2:-$PF}
	sysfs_write "$PCI/devices/$pf/sriov_numvfs" "$1" ||
		fail "echo $1 > $pf/sriov_numvfs failed: $WERR"
}

# vf_lines NETDEV : "index mac" per VF from `ip link show` (handles both the
# "vf 0 link/ether xx" and the older "vf 0 MAC xx," formats).
vf_lines() {
	"$IP" link show dev "$1" 2>/dev/null | awk '
		$1 == "vf" {
			mac = ""
			for (i = 3; i <= NF; i++)
				if ($i == "link/ether" || $i == "MAC") { mac = $(i + 1); break }
			sub(/,$/, "", mac)
			print $2, tolower(mac)
		}'
}

# vf_line NETDEV N : the full `ip link` line of VF N.
vf_line() {
	"$IP" link show dev "$1" 2>/dev/null | awk -v n="$2" '$1 == "vf" && $2 == n { print; exit }'
}

vf_mac() { vf_lines "$1" | awk -v n="$2" '$1 == n { print $2; exit }'; }

# mac_valid MAC : non-zero, unicast, locally administered.
mac_valid() {
	case $1 in
	[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]) ;;
	*) return 1 ;;
	esac
	[ "$1" = 00:00:00:00:00:00 ] && return 1
	_o=$((0x${1%%:*}))
	[ $((_o & 3)) -eq 2 ]
}

# mac_unicast MAC : non-zero, not multicast (any MAC a VF may choose itself).
mac_unicast() {
	[ "$1" != 00:00:00:00:00:00 ] || return 1
	case $1 in
	??:??:??:??:??:??) ;;
	*) return 1 ;;
	esac
	[ $((0x${1%%:*} & 1)) -eq 0 ]
}

# Addresses of every netdev on the host except the ones named.
host_macs_except() {
	for _n in /sys/class/net/*; do
		_nm=${_n##*/}
		case " $* " in *" $_nm "*) continue ;; esac
		[ -r "$_n/address" ] && tr 'A-F' 'a-f' <"$_n/address"
	done
}
