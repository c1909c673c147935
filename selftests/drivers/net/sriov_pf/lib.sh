# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh disable=SC2034,SC2119,SC2120,SC2317
# Shared helpers for the sriov_pf kselftests.  Sourced, never executed.
# POSIX / busybox sh only: no arrays, no [[ ]], no local-by-default.
#
# Environment knobs:
#   SRIOV_PF_MODULE   path to sriov_pf.ko: use insmod instead of modprobe
#   SRIOV_PF_CYCLES   iterations of the load/unload and numvfs stress loops
#   SRIOV_PF_VERBOSE  1 = echo every sysfs write as a "#" diagnostic line

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

KTAP_N=0
KTAP_PASS=0
KTAP_FAIL=0
KTAP_SKIP=0
RET=0
DESC=
SKIP_REASON=

diag() { echo "# $*"; }

# Record a failed check inside a subtest; the subtest goes on.
fail() {
	echo "# FAIL: $*"
	RET=1
}

# check "message" cmd args... : fail with message unless cmd succeeds.
check() {
	_msg=$1
	shift
	if ! "$@"; then
		fail "$_msg"
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

KTAP_HEADER_DONE=0

# Print the KTAP version line once (diagnostics may follow it before the plan).
ktap_header() {
	[ "$KTAP_HEADER_DONE" = 1 ] && return 0
	echo "TAP version 13"
	KTAP_HEADER_DONE=1
}

ktap_skip_all() {
	ktap_header
	echo "1..0 # SKIP $*"
	# before lib_setup's trap there is nothing to restore
	[ "$LIB_TRAP" = 1 ] || [ -z "$STATE_DIR" ] || rm -rf "$STATE_DIR"
	exit $KSFT_SKIP
}

# run_tests "func1 func2 ..." : runs each function as one KTAP subtest.
# A function sets DESC, calls fail() on each problem, and returns
# $KSFT_SKIP after skip "reason" when it cannot run.
run_tests() {
	_tests=$1
	# shellcheck disable=SC2086
	set -- $_tests
	ktap_header
	echo "1..$#"
	for _t in $_tests; do
		RET=0
		DESC=$_t
		SKIP_REASON=
		diag "---- $_t"
		"$_t"
		_rc=$?
		KTAP_N=$((KTAP_N + 1))
		if [ "$_rc" -eq "$KSFT_SKIP" ] && [ "$RET" -eq 0 ]; then
			echo "ok $KTAP_N $DESC # SKIP ${SKIP_REASON:-skipped}"
			KTAP_SKIP=$((KTAP_SKIP + 1))
		elif [ "$RET" -ne 0 ] || [ "$_rc" -ne 0 ]; then
			echo "not ok $KTAP_N $DESC"
			KTAP_FAIL=$((KTAP_FAIL + 1))
		else
			echo "ok $KTAP_N $DESC"
			KTAP_PASS=$((KTAP_PASS + 1))
		fi
		# Every subtest starts from the same state.
		if command -v subtest_cleanup >/dev/null 2>&1; then
			subtest_cleanup
		fi
	done
	echo "# Totals: pass:$KTAP_PASS fail:$KTAP_FAIL xfail:0 xpass:0 skip:$KTAP_SKIP error:0"
	if [ "$KTAP_FAIL" -ne 0 ]; then
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
	[ "$(id -u)" = 0 ] || ktap_skip_all "must be run as root"
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
	0x8086:0x10c9 | 0x8086:0x1521 | 0x8086:0x1522 | 0x8086:0x1523 | 0x8086:0x1524) return 0 ;;
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

in_qemu() {
	grep -qi qemu /sys/class/dmi/id/sys_vendor 2>/dev/null ||
		grep -qi qemu /sys/class/dmi/id/product_name 2>/dev/null
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
		ktap_skip_all "cannot create a temporary directory"
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
	mod_available || ktap_skip_all "module $MOD not found (modprobe -n $MOD failed)"
	if mod_loaded; then
		for _pf in $(sriov_pfs); do
			[ "$(pci_driver "$_pf")" = "$MOD" ] || continue
			_i=0
			while _vf=$(vf_bdf "$_pf" "$_i"); do
				case $(pci_driver "$_vf") in
				vfio-pci | pci-stub)
					ktap_skip_all "$MOD is loaded and VF $_vf is bound to $(pci_driver "$_vf")"
					;;
				esac
				_i=$((_i + 1))
			done
			pf_save "$_pf"
		done
		MOD_WAS_LOADED=1
		rmmod "$MOD" || ktap_skip_all "$MOD is loaded and cannot be unloaded"
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
	if command -v test_exit_hook >/dev/null 2>&1; then
		test_exit_hook
	fi
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

# Size of line N of a sysfs resource file (0 when unimplemented).
res_size() {
	sed -n "$(($2 + 1))p" "$PCI/devices/$1/resource" | {
		read -r _s _e _f
		if [ -z "$_s" ] || [ $((_e)) -eq 0 ]; then
			echo 0
		else
			echo $((_e - _s + 1))
		fi
	}
}

# cap_get KEY : value from the debugfs capability file of $CAP_PF, as a number.
cap_get() {
	_v=$(awk -v k="$1" '$1 == k { print $2; exit }' "$DBG/$CAP_PF/capability" 2>/dev/null)
	[ -z "$_v" ] && return 1
	echo $((_v))
}

# check_capability PF : the debugfs report against PCI core sysfs and raw config space.
check_capability() {
	CAP_PF=$1
	_f=$DBG/$1/capability
	if [ ! -r "$_f" ]; then
		fail "$_f missing"
		return 1
	fi
	diag "$_f:"
	sed 's/^/#   /' "$_f"
	_vf0=
	_cap=$(sriov_cap_off "$1")
	if [ -z "$_cap" ]; then
		fail "no SR-IOV extended capability found by walking $1 config space"
		return 1
	fi
	diag "SR-IOV capability at config offset $(printf 0x%x "$_cap")"

	for _k in total_vfs initial_vfs num_vfs vf_offset vf_stride vf_device \
		supported_page_sizes system_page_size func_dep_link; do
		cap_get "$_k" >/dev/null || fail "key '$_k' missing from capability"
	done

	_tot=$(cap_get total_vfs)
	check_eq "total_vfs vs config TotalVFs" "$(cfg_read "$1" $((_cap + 0x0e)) 2)" "$_tot"
	_sys=$(totalvfs "$1")
	if is_intel_igb_pf "$1"; then
		# the driver may lower the usable count (82576: 7 of 8 pools)
		[ "$_sys" -le "$_tot" ] ||
			fail "sysfs sriov_totalvfs $_sys > capability total_vfs $_tot"
	else
		check_eq "total_vfs vs sysfs sriov_totalvfs" "$_sys" "$_tot"
	fi
	check_eq "initial_vfs vs config InitialVFs" "$(cfg_read "$1" $((_cap + 0x0c)) 2)" "$(cap_get initial_vfs)"
	check_eq "num_vfs vs sysfs sriov_numvfs" "$(numvfs "$1")" "$(cap_get num_vfs)"
	check_eq "num_vfs vs config NumVFs" "$(cfg_read "$1" $((_cap + 0x10)) 2)" "$(cap_get num_vfs)"
	check_eq "vf_offset vs sysfs sriov_offset" "$(cat "$PCI/devices/$1/sriov_offset")" "$(cap_get vf_offset)"
	check_eq "vf_offset vs config" "$(cfg_read "$1" $((_cap + 0x14)) 2)" "$(cap_get vf_offset)"
	check_eq "vf_stride vs sysfs sriov_stride" "$(cat "$PCI/devices/$1/sriov_stride")" "$(cap_get vf_stride)"
	check_eq "vf_stride vs config" "$(cfg_read "$1" $((_cap + 0x16)) 2)" "$(cap_get vf_stride)"
	check_eq "vf_device vs sysfs sriov_vf_device" "$((0x$(cat "$PCI/devices/$1/sriov_vf_device")))" "$(cap_get vf_device)"
	check_eq "vf_device vs config" "$(cfg_read "$1" $((_cap + 0x1a)) 2)" "$(cap_get vf_device)"
	[ -n "$_vf0" ] || _vf0=$(vf_bdf "$1" 0)
	if [ -n "$_vf0" ]; then
		check_eq "vf_device vs $_vf0 device" "$(($(cat "$PCI/devices/$_vf0/device")))" "$(cap_get vf_device)"
	fi
	_raw=$(awk '$1 == "vf_device" { print $2 }' "$_f")
	case $_raw in
	0x* | 0X*) ;;
	*) fail "vf_device '$_raw' is not printed as hex 0x...." ;;
	esac
	check_eq "supported_page_sizes vs config" "$(cfg_read "$1" $((_cap + 0x1c)) 4)" "$(cap_get supported_page_sizes)"
	check_eq "system_page_size vs config" "$(cfg_read "$1" $((_cap + 0x20)) 4)" "$(cap_get system_page_size)"
	check_eq "func_dep_link vs config" "$(cfg_read "$1" $((_cap + 0x12)) 1)" "$(cap_get func_dep_link)"

	# VF BARs: PF resource lines 7..12 hold BAR size * TotalVFs; a VF's
	# resource lines 0..5 hold the per-VF size; the raw BAR type says which
	# indexes are upper halves of 64-bit BARs.
	_n=0
	_upper=-1
	_vf0=$(vf_bdf "$1" 0)
	while [ "$_n" -le 5 ]; do
		_dbg=$(cap_get "vf_bar$_n")
		_pfres=$(res_size "$1" $((7 + _n)))
		_bar=$(cfg_read "$1" $((_cap + 0x24 + 4 * _n)) 4)
		if [ "$_n" -eq "$_upper" ]; then
			[ -n "$_dbg" ] && [ "$_dbg" -ne 0 ] &&
				fail "vf_bar$_n reported but BAR$_n is the upper half of 64-bit VF BAR$((_n - 1))"
		elif [ "$_pfres" -eq 0 ]; then
			[ -n "$_dbg" ] && [ "$_dbg" -ne 0 ] &&
				fail "vf_bar$_n = $_dbg but the PCI core has no IOV resource $_n"
		else
			if [ -z "$_dbg" ]; then
				fail "vf_bar$_n missing; PCI core IOV resource $_n is $_pfres bytes"
			else
				check_eq "vf_bar$_n * total_vfs vs PF IOV resource $_n" "$_pfres" $((_dbg * _tot))
				if [ -n "$_vf0" ]; then
					check_eq "vf_bar$_n vs $_vf0 resource $_n" "$(res_size "$_vf0" "$_n")" "$_dbg"
				fi
			fi
		fi
		[ $((_bar & 0x7)) -eq 4 ] && _upper=$((_n + 1))
		_n=$((_n + 1))
	done
	[ "$RET" -eq 0 ]
}

# ---------------------------------------------------------------- netdev / MAC

# PF netdev name(s) of a PCI function.
pci_netdevs() {
	for _n in "$PCI/devices/$1"/net/*; do
		[ -e "$_n" ] && echo "${_n##*/}"
	done
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
