#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317,SC2119 # test functions are called indirectly
#
# sriov_pf on a production host: VFs held by a guest through vfio block no
# administrator's command, and suspend/resume, hibernation, a PF function
# reset and AER recovery leave the PF and every VF working with the same
# MACs, VLANs, trust, spoof checking and link state, with no sriov_numvfs
# cycle.  An 82576/I350 PF (QEMU -device igb) and igbvf.
#
# Each event is preceded by VF settings on VFs 1-5 and a ping from VF 0
# (igbvf); after it, `ip link` must show the same VF lines and VF 0 must
# ping again.  The vfio test needs an IOMMU (intel_iommu=on); without
# interrupt remapping it sets vfio_iommu_type1 allow_unsafe_interrupts.
# The AER fatal test skips in QEMU (see test_aer_fatal).

cd "$(dirname "$0")" || exit 1
# shellcheck source=lib.sh
. ./lib.sh

ALL_TESTS="
	test_vfio_held
	test_pm_freeze
	test_pm_mem
	test_pm_hibernate
	test_pf_reset
	test_aer_nonfatal
	${SRIOV_PF_AER_IGBVF:+test_aer_nonfatal_igbvf}
	test_aer_fatal
"

# shellcheck source=lib_igb.sh
. ./lib_igb.sh

HOLD_PID=
HOLD_VF=
VFIO_VFS=

# Runs before igb_cleanup: the held VF must be let go before the VFs can go.
vfio_cleanup() {
	if [ -n "$HOLD_PID" ]; then
		kill "$HOLD_PID" 2>/dev/null
		wait "$HOLD_PID" 2>/dev/null
		HOLD_PID=
	fi
	if [ -n "$HOLD_VF" ] && [ -e "$PCI/devices/$HOLD_VF" ]; then
		[ "$(pci_driver "$HOLD_VF")" = vfio-pci ] &&
			sysfs_write "$PCI/drivers/vfio-pci/unbind" "$HOLD_VF"
		clear_override "$HOLD_VF"
	fi
	HOLD_VF=
	vfs_from_vfio
	[ -e /sys/power/pm_test ] && sysfs_write /sys/power/pm_test none
	return 0
}

# vfs_to_vfio : every VF of $PF from igbvf to vfio-pci (VFIO_VFS lists them)
vfs_to_vfio() {
	modprobe vfio-pci 2>/dev/null || return 1
	for _i in $(seq 0 $((NVF - 1))); do
		_vf=$(vf_bdf "$PF" "$_i")
		[ -e "$PCI/devices/$_vf/iommu_group" ] || return 1
		[ "$(pci_driver "$_vf")" = igbvf ] &&
			sysfs_write "$PCI/drivers/igbvf/unbind" "$_vf"
		set_override "$_vf" vfio-pci
		VFIO_VFS="$VFIO_VFS $_vf"
		sysfs_write "$PCI/drivers_probe" "$_vf"
		is_bound_to "$_vf" vfio-pci || return 1
	done
}

# vfs_from_vfio : the VFs vfs_to_vfio moved go back to no driver
vfs_from_vfio() {
	for _vf in $VFIO_VFS; do
		[ -e "$PCI/devices/$_vf" ] || continue
		[ "$(pci_driver "$_vf")" = vfio-pci ] &&
			sysfs_write "$PCI/drivers/vfio-pci/unbind" "$_vf"
		clear_override "$_vf"
	done
	VFIO_VFS=
}
cleanup_add subtest vfio_cleanup
cleanup_add exit vfio_cleanup

igb_setup

# ---------------------------------------------------------------- helpers

# Every VF line of `ip link show PFNET`, as shown (MAC, VLAN, spoof
# checking, link state, trust).
vf_settings() {
	"$IP" link show dev "$PFNET" | awk '$1 == "vf"' | sed 's/^[[:space:]]*//'
}

# pf_with_policy : load with 7 VFs and igbvf, give VFs 1-5 settings, ping
# from VF 0.  VF0DEV is VF 0's netdev; BEFORE holds the VF lines.
pf_with_policy() {
	pf_load || return 1
	load_igbvf || return "$KSFT_SKIP"
	wait_until 20 all_vf_netdevs "$PF" "$NVF" || {
		fail "not all $NVF VFs got an igbvf netdev"
		return 1
	}
	"$IP" link set "$PFNET" vf 1 mac "$ADMIN_MAC" &&
		"$IP" link set "$PFNET" vf 2 vlan 5 qos 1 &&
		"$IP" link set "$PFNET" vf 3 trust on &&
		"$IP" link set "$PFNET" vf 4 spoofchk off &&
		"$IP" link set "$PFNET" vf 5 state disable || {
		fail "cannot set the VF settings"
		return 1
	}
	BEFORE=$(vf_settings)
	diag "VF settings before:"
	echo "$BEFORE" | sed 's/^/#   /'
	VF0DEV=$(vf_netdev "$PF" 0)
	"$IP" link set "$PFNET" up
	ping_gateway "$VF0DEV"
	return "$RET"
}

ping_once() { ping -c 1 -W 1 "$GW_IP" >/dev/null 2>&1; }

# check_after WHAT : the PF came back once, the VF lines are unchanged,
# igbvf kept its MAC, VF 0 pings again, the kernel log is clean.
check_after() {
	if ! wait_until 30 has_netdev "$PF"; then
		fail "$PF has no netdev after $1"
		return 1
	fi
	check_eq "VF settings after $1" "$BEFORE" "$(vf_settings)"
	check_eq "VF 0 ($VF0DEV) address after $1" "$(vf_mac "$PFNET" 0)" \
		"$(vf_netdev_mac 0)"
	if ! wait_until 30 ping_once; then
		fail "VF 0 ($VF0DEV) cannot ping $GW_IP after $1"
		"$IP" -s link show "$VF0DEV" | sed 's/^/#   /'
	fi
	check_eq "$PFNET carrier after $1" 1 "$(cat "/sys/class/net/$PFNET/carrier" 2>/dev/null)"
	dmesg_check_clean "$1"
}

# Sleep states to cycle through (the debug kernel line runs one: they
# share the driver's callbacks).
PM_STATES=${SRIOV_PF_PM_STATES:-freeze mem disk}

# pm_cycle STATE : one suspend/resume through the PM core's "devices" test
# level (every driver's callbacks run, the machine does not sleep).
pm_cycle() {
	case " $PM_STATES " in
	*" $1 "*) ;;
	*)
		skip "'$1' not in SRIOV_PF_PM_STATES ($PM_STATES)"
		return "$KSFT_SKIP"
		;;
	esac
	if [ ! -w /sys/power/pm_test ]; then
		skip "no /sys/power/pm_test (CONFIG_PM_DEBUG)"
		return "$KSFT_SKIP"
	fi
	if ! grep -qw "$1" /sys/power/state; then
		skip "'$1' not in /sys/power/state ($(cat /sys/power/state))"
		return "$KSFT_SKIP"
	fi
	pf_with_policy || return
	dmesg_mark
	sysfs_write /sys/power/pm_test devices || {
		fail "pm_test devices: $WERR"
		return 1
	}
	sysfs_write /sys/power/state "$1" || fail "echo $1 > /sys/power/state: $WERR"
	sysfs_write /sys/power/pm_test none
	check_eq "'PF back after resume' lines" 1 \
		"$(dmesg_count_grep "$PF" "PF back after resume")"
	check_after "$1"
}

# ---------------------------------------------------------------- tests

test_vfio_held() {
	DESC="a VF held through vfio blocks no echo 0, unbind or rmmod; settings kept or link disabled"
	if ! modprobe vfio-pci 2>/dev/null; then
		skip "no vfio-pci module"
		return "$KSFT_SKIP"
	fi
	modprobe vfio_iommu_type1 allow_unsafe_interrupts=1 2>/dev/null
	sysfs_write /sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts 1
	[ -x ./vfio_hold ] || {
		skip "vfio_hold not built (make)"
		return "$KSFT_SKIP"
	}
	pf_with_policy || return
	HOLD_VF=$(vf_bdf "$PF" 0)
	if [ ! -e "$PCI/devices/$HOLD_VF/iommu_group" ]; then
		skip "$HOLD_VF has no IOMMU group (boot with intel_iommu=on)"
		return "$KSFT_SKIP"
	fi
	ping_cleanup
	sysfs_write "$PCI/drivers/igbvf/unbind" "$HOLD_VF" || fail "unbind $HOLD_VF from igbvf: $WERR"
	set_override "$HOLD_VF" vfio-pci
	sysfs_write "$PCI/drivers_probe" "$HOLD_VF"
	if ! is_bound_to "$HOLD_VF" vfio-pci; then
		fail "$HOLD_VF not bound to vfio-pci (driver '$(pci_driver "$HOLD_VF")')"
		return 1
	fi
	./vfio_hold "$HOLD_VF" >"$STATE_DIR/hold.out" 2>&1 &
	HOLD_PID=$!
	if ! wait_until 10 grep -q holding "$STATE_DIR/hold.out"; then
		fail "vfio_hold does not hold $HOLD_VF: $(cat "$STATE_DIR/hold.out")"
		return 1
	fi

	# echo 0: refused at once, the VF and its holder named
	dmesg_mark
	timeout 30 sh -c "echo 0 > $PCI/devices/$PF/sriov_numvfs" 2>/dev/null
	rc=$?
	[ "$rc" = 124 ] && fail "echo 0 > sriov_numvfs hung with $HOLD_VF held"
	[ "$rc" = 0 ] && fail "echo 0 > sriov_numvfs succeeded with $HOLD_VF held"
	check_vfs "$PF" "$NVF"
	check_eq "log lines naming $HOLD_VF and vfio-pci" 1 \
		"$(dmesg_count_grep "$HOLD_VF" vfio-pci held)"

	# unbind: prompt, VFs left enabled; bind: taken over with the settings
	timeout 30 sh -c "echo $PF > $PCI/drivers/$MOD/unbind"
	check_eq "unbind $PF with $HOLD_VF held: exit status" 0 "$?"
	check_eq "$PF driver after unbind" "" "$(pci_driver "$PF")"
	check_eq "$PF VFs after unbind" "$NVF" "$(count_virtfn "$PF")"
	dmesg_mark
	sysfs_write "$PCI/drivers/$MOD/bind" "$PF" || fail "bind $PF: $WERR"
	wait_until 10 has_netdev "$PF" || {
		fail "$PF has no netdev after bind"
		return 1
	}
	PFNET=$(pci_netdevs "$PF" | head -n 1)
	check_eq "'took over ... with the settings they had' lines" 1 \
		"$(dmesg_count_grep "$PF" "took over" "with the settings they had")"
	check_eq "VF settings after unbind and bind" "$BEFORE" "$(vf_settings)"

	# rmmod: prompt too; the settings are gone with the module: fail closed
	timeout 30 rmmod "$MOD"
	check_eq "rmmod with $HOLD_VF held: exit status" 0 "$?"
	check_eq "$PF VFs after rmmod" "$NVF" "$(count_virtfn "$PF")"
	dmesg_mark
	pf_load || return 1
	check_eq "'took over' lines after modprobe" 1 "$(dmesg_count_grep "$PF" "took over")"
	check_eq "VFs with link-state disable after modprobe" "$NVF" \
		"$(vf_settings | grep -c 'link-state disable')"
	check_eq "VF MACs after modprobe" "$(echo "$BEFORE" | awk '$2 != 1 { print $2, $4 }')" \
		"$(vf_settings | awk '$2 != 1 { print $2, $4 }')"
	for v in $(seq 0 $((NVF - 1))); do
		"$IP" link set "$PFNET" vf "$v" state auto || fail "vf $v state auto"
	done

	# the guest lets go: the VF works under igbvf, and echo 0 goes through
	kill "$HOLD_PID"
	wait "$HOLD_PID" 2>/dev/null
	HOLD_PID=
	sysfs_write "$PCI/drivers/vfio-pci/unbind" "$HOLD_VF" || fail "unbind $HOLD_VF from vfio-pci: $WERR"
	clear_override "$HOLD_VF"
	sysfs_write "$PCI/drivers/igbvf/bind" "$HOLD_VF" || fail "bind $HOLD_VF to igbvf: $WERR"
	HOLD_VF=
	wait_until 10 has_netdev "$(vf_bdf "$PF" 0)" || fail "VF 0 has no netdev after the holder left"
	ping_gateway "$(vf_netdev "$PF" 0)"
	ping_cleanup
	timeout 30 sh -c "echo 0 > $PCI/devices/$PF/sriov_numvfs"
	check_eq "echo 0 > sriov_numvfs after the holder left: exit status" 0 "$?"
	check_vfs "$PF" 0
	dmesg_check_clean
}

test_pm_freeze() {
	DESC="suspend to idle (pm_test devices): same VF settings, VF traffic"
	pm_cycle freeze
}

test_pm_mem() {
	DESC="suspend to RAM (pm_test devices): same VF settings, VF traffic"
	pm_cycle mem
}

test_pm_hibernate() {
	DESC="hibernation freeze/restore (pm_test devices): same VF settings, VF traffic"
	pm_cycle disk
}

test_pf_reset() {
	DESC="PF function reset through sysfs: same VF settings, VF traffic"
	if [ ! -w "$PCI/devices/$PF/reset" ]; then
		skip "$PF has no reset method"
		return "$KSFT_SKIP"
	fi
	pf_with_policy || return
	diag "reset method: $(cat "$PCI/devices/$PF/reset_method" 2>/dev/null)"
	dmesg_mark
	sysfs_write "$PCI/devices/$PF/reset" 1 || fail "reset $PF: $WERR"
	check_eq "'PF back after a reset' lines" 1 \
		"$(dmesg_count_grep "$PF" "PF back after a reset")"
	# every VF is asked to reset; VF 1's igbvf is down and does not yet
	if [ -r "$DBG/$PF/vfs" ]; then
		check_eq "VF 1 reset requests after the reset" 1 "$(vf_field 1 reset_asks)"
	fi
	check_after "a function reset"
	# VF 0's igbvf reset, and is served again
	if [ -r "$DBG/$PF/vfs" ]; then
		check_eq "VF 0 clear to send after its reset" 1 "$(vf_field 0 cts)"
		check_eq "VF 0 reset requests after its reset" 0 "$(vf_field 0 reset_asks)"
	fi
}

# aer_ready : aer_inject (module and helper) usable, else SKIP
aer_ready() {
	if ! modprobe aer_inject 2>/dev/null || [ ! -e /dev/aer_inject ]; then
		skip "no aer_inject module (CONFIG_PCIEAER_INJECT)"
		return "$KSFT_SKIP"
	fi
	[ -x ./aer_inject ] || {
		skip "aer_inject helper not built (make)"
		return "$KSFT_SKIP"
	}
}

# aer_event nonfatal|fatal
aer_event() {
	aer_ready || return
	pf_with_policy || return
	# igbvf, should the PCI core's recovery fail, never gets its resume
	# and hangs in its next close or remove; vfio-pci has error handlers
	# and does not.  The VFs wait on vfio-pci, VF 0 goes back to igbvf.
	ping_cleanup
	if ! vfs_to_vfio; then
		skip "the VFs cannot be bound to vfio-pci (no IOMMU group?)"
		return "$KSFT_SKIP"
	fi
	dmesg_mark
	out=$(./aer_inject "$PF" "$1" 2>&1) || {
		skip "cannot inject on $PF: $out"
		return "$KSFT_SKIP"
	}
	if ! wait_until 30 eval '[ "$(dmesg_count_grep "$PF" "PF back after a PCI error")" -ge 1 ]'; then
		# the PCI core's own reset can fail: nothing a PF driver can
		# recover (and igbvf, never resumed, then hangs in its remove)
		core=$(dmesg_since | grep -E 'AER: (subordinate device reset failed|device recovery failed)' | head -n 1)
		if [ -n "$core" ]; then
			dmesg_since | grep -iE 'aer|pcieport|link' | tail -n 8 | sed 's/^/#   /'
			skip "the PCI core's recovery failed before any driver could resume: ${core#*] }"
			return "$KSFT_SKIP"
		fi
		fail "no 'PF back after a PCI error' for $PF"
		dmesg_since | grep -iE 'aer|pcieport|sriov_pf|igbvf' | tail -n 20 | sed 's/^/#   /'
		return 1
	fi
	check_eq "'VFs not served until the PF is reset' lines" 1 \
		"$(dmesg_count_grep "$PF" "not served until the PF is reset")"
	vf0=$(vf_bdf "$PF" 0)
	sysfs_write "$PCI/drivers/vfio-pci/unbind" "$vf0"
	clear_override "$vf0"
	sysfs_write "$PCI/drivers/igbvf/bind" "$vf0" || fail "bind $vf0 to igbvf: $WERR"
	wait_until 10 has_netdev "$vf0" || fail "VF 0 has no netdev after the recovery"
	VF0DEV=$(vf_netdev "$PF" 0)
	ping_gateway "$VF0DEV"
	check_after "an AER $1 error"
}

test_aer_nonfatal() {
	DESC="AER uncorrectable non-fatal error: recovery, same VF settings, VF traffic"
	aer_event nonfatal
}

# Runs only with SRIOV_PF_AER_IGBVF=1 for now: it passed on 5.10, 6.1 and
# 6.12, alone and after test_aer_nonfatal, but on the 7.x line, run after
# test_aer_nonfatal, VF 0's igbvf never completed its reset (no carrier,
# cts 0) before anything was injected: under investigation (issue 26).
test_aer_nonfatal_igbvf() {
	DESC="AER non-fatal error with the VFs bound to igbvf: recovery succeeds, VF 0 passes traffic"
	aer_ready || return
	pf_with_policy || return
	dmesg_mark
	out=$(./aer_inject "$PF" nonfatal 2>&1) || {
		skip "cannot inject on $PF: $out"
		return "$KSFT_SKIP"
	}
	wait_until 30 eval '[ "$(dmesg_count_grep "$PF" "PF back after a PCI error")" -ge 1 ]' ||
		fail "no 'PF back after a PCI error' for $PF"
	wait_until 30 eval 'dmesg_since | grep -q "AER: device recovery successful"' ||
		fail "no 'AER: device recovery successful'"
	dmesg_since | grep -iE 'aer|pcieport|sriov_pf|igbvf' | tail -n 30 | sed 's/^/#   /'
	check_after "an AER nonfatal error with igbvf bound"
}

test_aer_fatal() {
	DESC="AER uncorrectable fatal error (link reset): same VF settings, VF traffic"
	# The kernel resets the link below the root port and waits for Data
	# Link Layer Link Active, which QEMU's root port does not report
	# again after a secondary bus reset: the recovery fails in the PCI
	# core before any driver's slot_reset (seen with 6.1 and 6.12).
	rp=$(basename "$(dirname "$(readlink -f "$PCI/devices/$PF")")")
	if [ "$(pci_id "$rp" 2>/dev/null)" = "0x1b36:0x000c" ] &&
	   [ -z "$SRIOV_PF_AER_FATAL" ]; then
		skip "$PF is behind QEMU's root port ($rp), which does not report link active after a bus reset: the PCI core cannot recover a fatal error (SRIOV_PF_AER_FATAL=1 runs it anyway)"
		return "$KSFT_SKIP"
	fi
	aer_event fatal
}

run_tests "$ALL_TESTS"
exit $?
