#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317,SC2034 # test functions are called indirectly
#
# sriov-pf-hwcheck, the command the package ships for owners of real
# 82576/I350 hardware (it lives beside this suite): its ID list is the
# installed module's table; the read-only report names the PF, its driver,
# its VFs and their MACs, and changes nothing; --regs reads BAR0 of a free
# PF; --accept refuses what it must, and on a real run hands the PF back to
# the driver it had (none, igb, pci-pf-stub with a VF) whether the run
# passes, fails or times out, touching no other device.
#
# Needs a copper 82576/I350 PF (8086:10c9/10e8/150a/1526/1521) that is
# unbound, bound to sriov_pf,
# or bound to igb without VFs and with its netdev down (given back at exit).

cd "$(dirname "$0")" || exit 1
# shellcheck source=lib.sh
. ./lib.sh
ktap_print_header

ALL_TESTS="
	test_ids_match_module
	test_report_bound
	test_report_free
	test_report_regs
	test_accept_refused
	test_accept_free
	test_accept_igb
	test_accept_fail_stub
	test_accept_timeout
"

TOOL=./sriov-pf-hwcheck
CONF=/etc/modprobe.d/sriov_pf-hwcheck-selftest.conf
# TEST-NET-1 (RFC 5737): nothing answers there
DEAD_PEER=192.0.2.1
DEAD_LOCAL=192.0.2.2/24

[ -x "$TOOL" ] || skip_all "$TOOL not found next to the suite"
require_root
[ -e "$CONF" ] && skip_all "$CONF exists: not overwriting it"
[ -d /etc/modprobe.d ] || mkdir -p /etc/modprobe.d
state_init
PF=$(find_igb_pf) || skip_all "no copper 82576/I350 PF (8086:10c9/10e8/150a/1526/1521) that is free, ours, or igb-bound with no VFs and its netdev down"
diag "PF $PF ($(pci_id "$PF")), driver '$(pci_driver "$PF")'"
lib_setup
pf_save "$PF"
IGB_WAS_LOADED=0
grep -q '^igb ' /proc/modules && IGB_WAS_LOADED=1
IGBVF_WAS_LOADED=0
grep -q '^igbvf ' /proc/modules && IGBVF_WAS_LOADED=1
STUB_WAS_LOADED=0
grep -q '^pci_pf_stub ' /proc/modules && STUB_WAS_LOADED=1

# ---------------------------------------------------------------- helpers

# Every subtest starts with the PF free (no driver, no driver_override,
# no VFs), sriov_pf, and igb, igbvf, pci-pf-stub unless they were loaded,
# unloaded.
hw_cleanup() {
	rm -f "$CONF"
	if [ -n "$(pci_driver "$PF")" ]; then
		[ "$(numvfs "$PF")" = 0 ] || sysfs_write "$PCI/devices/$PF/sriov_numvfs" 0
		pf_unbind "$PF" || diag "cleanup: unbind $PF: $WERR"
	fi
	clear_override "$PF"
	sysfs_write "$PCI/devices/$PF/sriov_drivers_autoprobe" 1
	mod_loaded && ! rmmod "$MOD" && diag "cleanup: rmmod $MOD failed"
	if [ "$IGBVF_WAS_LOADED" = 0 ] && grep -q '^igbvf ' /proc/modules; then
		rmmod igbvf 2>/dev/null
	fi
	if [ "$IGB_WAS_LOADED" = 0 ] && grep -q '^igb ' /proc/modules; then
		rmmod igb 2>/dev/null
	fi
	if [ "$STUB_WAS_LOADED" = 0 ] && grep -q '^pci_pf_stub ' /proc/modules; then
		rmmod pci-pf-stub 2>/dev/null
	fi
}
cleanup_add subtest hw_cleanup
cleanup_add exit hw_cleanup
hw_cleanup

# One line per PCI function other than the PF's VFs: address, driver,
# driver_override, sriov_numvfs.  What a run must leave as it was.
snapshot() {
	local d a o p
	for d in "$PCI"/devices/*; do
		a=${d##*/}
		if [ -e "$d/physfn" ]; then
			p=$(readlink "$d/physfn")
			[ "${p##*/}" = "$1" ] && continue
		fi
		[ "$a" = "$1" ] && continue
		o=$(cat "$d/driver_override" 2>/dev/null)
		echo "$a $(pci_driver "$a") ${o:-(null)} $(cat "$d/sriov_numvfs" 2>/dev/null)"
	done
}

# The PF's own state: driver, driver_override, numvfs
pf_state() {
	local o
	o=$(cat "$PCI/devices/$PF/driver_override" 2>/dev/null)
	[ "$o" = "(null)" ] && o=
	echo "driver=$(pci_driver "$PF") override=$o numvfs=$(numvfs "$PF")"
}

# run ARGS... : the tool's output in OUT, its exit status in RC
run() {
	diag "$TOOL $*"
	OUT=$("$TOOL" "$@" 2>&1)
	RC=$?
}

# The lines of the report about port $1
section() {
	printf '%s\n' "$OUT" | awk -v p="PF $1" '$0 == p { f = 1; next } /^PF / { f = 0 } f'
}

# has_line REGEX [TEXT] : fail unless TEXT (default the PF's section) matches
has_line() {
	if ! printf '%s\n' "${2-$(section "$PF")}" | grep -qE -- "$1"; then
		fail "no line matching '$1'"
		return 1
	fi
}

show_out() { printf '%s\n' "$OUT" | sed 's/^/#   /' | tail -n "${1:-60}"; }

# hand the PF to sriov_pf with max_vfs=$1 (driver_override when igb is loaded)
bind_sriov_pf() {
	grep -q '^igb ' /proc/modules && set_override "$PF" "$MOD"
	mod_load max_vfs="$PF=$1" || { fail "load $MOD: $MOD_OUT"; return 1; }
	wait_until 10 is_bound_to "$PF" "$MOD" || { fail "$PF not bound to $MOD"; return 1; }
	wait_until 10 has_netdev "$PF" || { fail "no PF netdev"; return 1; }
	PFNET=$(pci_netdevs "$PF" | head -n 1)
}

# accept_run EXPECTED_RC ARGS... : one --accept run on the PF, the other
# functions' state compared before and after; REPORT is the report file.
accept_run() {
	local want=$1 before after
	shift
	REPORT=$STATE_DIR/report-$KTAP_TESTNO.txt
	rm -f "$REPORT"
	before=$(snapshot "$PF")
	dmesg_mark
	run --accept "$PF" --yes --report "$REPORT" "$@"
	after=$(snapshot "$PF")
	if [ "$RC" != "$want" ]; then
		fail "exit status $RC, $want expected"
		show_out 80
	fi
	[ -f "$REPORT" ] || fail "no report file $REPORT"
	if [ "$before" != "$after" ]; then
		fail "another device changed during the run:"
		diff <(echo "$before") <(echo "$after") | sed 's/^/#   /'
	fi
	grep -E '^\[(ok|FAIL|skip)\]' "$REPORT" 2>/dev/null | sed 's/^/#   /'
	dmesg_check_clean
}

# report_has REGEX : fail unless the report file has a matching line
report_has() {
	grep -qE -- "$1" "$REPORT" 2>/dev/null || fail "report: no line matching '$1'"
}

# ---------------------------------------------------------------- tests

test_ids_match_module() {
	local b m
	DESC="the tool's device ID list is the installed module's ID table"
	b=$("$TOOL" --list-ids --source builtin)
	if ! m=$("$TOOL" --list-ids --source module 2>&1); then
		fail "cannot read the ID table of $(modinfo -n "$MOD" 2>/dev/null): $m"
		return 1
	fi
	diag "module: $m"
	check_eq "ID list (sriov-pf-hwcheck BUILTIN_IDS vs spf_82576_ids[])" "$b" "$m"
}

test_report_bound() {
	local before n want got
	DESC="report on a PF sriov_pf drives: address, driver, numvfs, VF MACs as ip link shows them; nothing changes"
	bind_sriov_pf 2 || return 1
	before="$(pf_state) $(snapshot "$PF")"
	run
	check_eq "exit status" 0 "$RC"
	check_eq "state after the report" "$before" "$(pf_state) $(snapshot "$PF")"
	has_line "^PF $PF\$" "$OUT" || show_out
	section "$PF" | sed 's/^/#   /'
	has_line '^  driver: +sriov_pf$'
	has_line '^  sriov: +totalvfs [0-9]+, numvfs 2,'
	has_line "^  netdev: +$PFNET "
	has_line '^  sriov_pf would: +bind: it drives the port now'
	want=$(vf_lines "$PFNET" | awk '{ print $1, $2 }')
	got=$(section "$PF" | awk '$1 == "vf" && $2 ~ /^[0-9]+$/ && $3 != "" {
		for (i = 3; i <= NF; i++) if ($i == "link/ether" || $i == "MAC") { m = $(i + 1); sub(/,$/, "", m); print $2, tolower(m) } }')
	check_eq "VF MACs in the report" "$want" "$got"
	n=$(section "$PF" | grep -cE '^ +vf [0-9]+ [0-9a-f]{4}:.* driver ')
	check_eq "vf function lines" 2 "$n"
	# the port alone, by its short address
	run "${PF#0000:}"
	check_eq "exit status ($TOOL ${PF#0000:})" 0 "$RC"
	check_eq "ports in the report of ${PF#0000:}" 1 "$(printf '%s\n' "$OUT" | grep -c '^PF ')"
	has_line "^PF $PF\$" "$OUT"
}

test_report_free() {
	DESC="report on a free PF: driver none, sriov_pf would bind it when loaded, with the VFs modprobe.d asks for"
	echo "options $MOD max_vfs=$PF=3" >"$CONF"
	run "$PF"
	check_eq "exit status" 0 "$RC"
	has_line '^  driver: +none$' || show_out
	has_line '^  driver_override: +none$'
	has_line '^  sriov_pf would: +bind: yes, when loaded'
	has_line "^    VFs at bind: +3 \\(max_vfs=$PF=3 from modprobe.d"
	has_line '^    media: +copper'
	check_eq "PF state after the report" "driver= override= numvfs=0" "$(pf_state)"
}

test_report_regs() {
	local fn
	DESC="--regs reads STATUS, CTRL_EXT and MANC from a free PF's BAR0: its LAN function, copper link mode"
	# a bind leaves memory decoding on, as on a host where igb ran
	bind_sriov_pf 0 || return 1
	pf_unbind "$PF"
	clear_override "$PF"
	rmmod "$MOD"
	run --regs "$PF"
	check_eq "exit status" 0 "$RC"
	if section "$PF" | grep -qE '^  registers: +not read: .*(needs python3 or busybox|memory decoding is off)'; then
		skip "$(section "$PF" | sed -n 's/^  registers: *//p')"
		return "$KSFT_SKIP"
	fi
	show_out 30
	has_line '^  registers: +read with ' || return 1
	has_line '^  STATUS: +0x[0-9a-f]{8} \(LU [01], FD [01], speed [0-9]+, LAN function [0-3],'
	if in_qemu; then
		fn=${PF##*.}
		has_line "^  STATUS: .*, LAN function $fn,"
	fi
	has_line '^  CTRL_EXT: +0x[0-9a-f]{8} \(LINK_MODE 00 copper'
	has_line '^  MANC: +0x[0-9a-f]{8} \(SMBUS_EN'
	has_line '^  manageability: +BMC pass-through (yes|no)'
	has_line '^    media: +copper \(CTRL_EXT.LINK_MODE\): supported'
	check_eq "PF state after the report" "driver= override= numvfs=0" "$(pf_state)"
}

test_accept_refused() {
	local before n0 n1 other
	DESC="--accept refuses a nonexistent address, a missing --yes and a device not in the table, and changes nothing"
	before="$(pf_state) $(snapshot "$PF")"
	n0=$(find /tmp -maxdepth 1 -name 'sriov-pf-hwcheck-*' | wc -l)
	run --accept 0000:ff:1f.7 --yes
	check_eq "exit status, nonexistent address" 2 "$RC"
	has_line 'no PCI device 0000:ff:1f.7' "$OUT"
	run --accept "$PF"
	check_eq "exit status, no --yes" 2 "$RC"
	has_line 'add --yes' "$OUT"
	run --accept "$PF" --yes --vfs 9
	check_eq "exit status, --vfs 9" 2 "$RC"
	other=$(sriov_pfs | while read -r p; do is_intel_igb_pf "$p" || { echo "$p"; break; }; done)
	if [ -n "$other" ]; then
		run --accept "$other" --yes
		check_eq "exit status, $other ($(pci_id "$other"))" 2 "$RC"
		has_line 'not an 82576/I350 port' "$OUT"
	fi
	check_eq "state after the refusals" "$before" "$(pf_state) $(snapshot "$PF")"
	n1=$(find /tmp -maxdepth 1 -name 'sriov-pf-hwcheck-*' | wc -l)
	check_eq "report files in /tmp" "$n0" "$n1"
}

test_accept_free() {
	local args=
	DESC="--accept on a free PF: bound, VFs, MACs, link, igbvf mailbox, traffic; the PF is free again and sriov_pf unloaded"
	if ping_possible; then
		args="--peer $GW_IP --local $VF_IP"
	else
		diag "no traffic check: $SKIP_REASON"
		SKIP_REASON=
	fi
	# shellcheck disable=SC2086
	accept_run 0 $args
	report_has '^result: PASS'
	report_has '^\[ok\] +bound to sriov_pf'
	report_has '^\[ok\] +2 VFs enabled'
	report_has '^\[ok\] +VF MACs non-zero'
	report_has '^\[ok\] +VF MACs the same after'
	report_has '^\[ok\] +carrier in'
	modprobe -n -q igbvf 2>/dev/null && report_has '^\[ok\] +mailbox: igbvf on VF 0'
	[ -n "$args" ] && report_has "^\\[ok\\] +ping $GW_IP from "
	report_has '^\[ok\] +handed back: driver none'
	check_eq "PF state after the run" "driver= override= numvfs=0" "$(pf_state)"
	mod_loaded && fail "$MOD still loaded (the run loaded it)"
	[ "$IGBVF_WAS_LOADED" = 0 ] && grep -q '^igbvf ' /proc/modules &&
		fail "igbvf still loaded (the run loaded it)"
	return 0
}

test_accept_igb() {
	local n
	DESC="--accept on a PF igb drives: handed back to igb with its netdev"
	if ! grep -q '^igb ' /proc/modules; then
		modprobe -n -q igb 2>/dev/null || { skip "no igb module"; return "$KSFT_SKIP"; }
		modprobe igb || { fail "modprobe igb"; return 1; }
	fi
	is_bound_to "$PF" igb || sysfs_write "$PCI/drivers/igb/bind" "$PF" || {
		fail "bind $PF to igb: $WERR"
		return 1
	}
	wait_until 10 has_netdev "$PF" || fail "igb: no netdev"
	accept_run 0 --link-wait 20
	report_has '^result: PASS'
	report_has '^found: driver .igb.'
	report_has '^\[ok\] +handed back: driver igb'
	check_eq "PF state after the run" "driver=igb override= numvfs=0" "$(pf_state)"
	wait_until 10 has_netdev "$PF" || fail "no igb netdev after the run"
	n=$(pci_netdevs "$PF" | head -n 1)
	diag "igb netdev $n"
}

test_accept_fail_stub() {
	DESC="a failing --accept (no answer from the peer) hands the PF back to pci-pf-stub with its VF"
	modprobe pci-pf-stub 2>/dev/null || { skip "no pci-pf-stub module"; return "$KSFT_SKIP"; }
	set_override "$PF" pci-pf-stub
	sysfs_write "$PCI/drivers_probe" "$PF"
	wait_until 5 is_bound_to "$PF" pci-pf-stub || { fail "$PF not bound to pci-pf-stub"; return 1; }
	numvfs_set 1 "$PF"
	[ -z "$(pci_driver "$(vf_bdf "$PF" 0)")" ] || { fail "VF 0 has a driver"; return 1; }
	accept_run 1 --peer "$DEAD_PEER" --local "$DEAD_LOCAL" --link-wait 10
	report_has '^result: FAIL'
	report_has "^\\[FAIL\\] ping $DEAD_PEER"
	report_has "^\\[ok\\] +handed back: driver pci-pf-stub, driver_override 'pci-pf-stub', 1 VFs"
	check_eq "PF state after the run" "driver=pci-pf-stub override=pci-pf-stub numvfs=1" "$(pf_state)"
	"$IP" -o addr show | grep -qF "${DEAD_LOCAL%/*}" && fail "${DEAD_LOCAL%/*} left on an interface"
	return 0
}

test_accept_timeout() {
	DESC="an --accept stopped by its --timeout hands the free PF back"
	# the unanswered pings alone take longer than the timeout
	accept_run 1 --timeout 4 --peer "$DEAD_PEER" --local "$DEAD_LOCAL"
	report_has '^\[FAIL\] stopped by timeout after 4 s'
	report_has '^\[ok\] +handed back: driver none'
	check_eq "PF state after the run" "driver= override= numvfs=0" "$(pf_state)"
	mod_loaded && fail "$MOD still loaded (the run loaded it)"
	return 0
}

run_tests "$ALL_TESTS"
exit $?
