#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317,SC2034 # test functions are called indirectly
#
# Handing one 82576/I350 PF from in-tree igb to sriov_pf and back, the way
# the documentation and the shipped udev rule (packaging/70-sriov-pf.rules)
# say: driver_override, unbind, drivers_probe, with max_vfs keyed on the
# PF's address in modprobe.d.  The rule's own commands are run, with udev's
# %k and $$ substitutions, since a test host may have no udevd.  First,
# what a boot after installing sriov_pf does: the PF's modalias loads igb
# and never sriov_pf.
#
# Needs a copper 82576/I350 PF (8086:10c9/10e8/150a/1526/1521) that is
# unbound, or bound to igb without VFs and with its netdev down, and the igb
# module.

cd "$(dirname "$0")" || exit 1
# shellcheck source=lib.sh
. ./lib.sh
ktap_print_header

ALL_TESTS="
	test_coldplug_loads_igb_only
	test_igb_owns
	test_rule_hands_over
	test_override_keeps_igb_off
	test_give_back
"

NVF_HANDOVER=3
MODPROBE_CONF=/etc/modprobe.d/sriov_pf-selftest.conf
IGB_WAS_LOADED=0

# The udev rule, uncommented, from the selftest dir (as installed by the
# harness) or from the source tree.
find_rule() {
	for _r in ./70-sriov-pf.rules ../../../../packaging/70-sriov-pf.rules; do
		if [ -f "$_r" ]; then
			sed -n 's/^#\(ACTION=="add".*\)$/\1/p' "$_r" | head -n 1
			return 0
		fi
	done
	return 1
}

# rule_run PF : what udev does for the rule on PF's "add" event.
rule_run() {
	_rule=$(echo "$RULE" | sed "s/KERNEL==\"[^\"]*\"/KERNEL==\"$1\"/")
	_ovr=$(echo "$_rule" | sed -n 's/.*ATTR{driver_override}="\([^"]*\)".*/\1/p')
	check_eq "driver_override the rule sets" "$MOD" "$_ovr" || return 1
	set_override "$1" "$_ovr" || {
		fail "write driver_override: $WERR"
		return 1
	}
	echo "$_rule" | grep -o 'RUN+="[^"]*"' | sed 's/^RUN+="//; s/"$//' |
		while IFS= read -r _cmd; do
			_cmd=$(echo "$_cmd" | sed "s/%k/$1/g; s/\\\$\\\$/\$/g")
			diag "RUN: $_cmd"
			eval "$_cmd" || echo "# FAIL: rule command failed: $_cmd"
		done
}

igb_netdev_up() {
	is_bound_to "$PF" igb && [ -n "$(pci_netdevs "$PF")" ]
}

# at exit (registered below)
handover_exit() {
	rm -f "$MODPROBE_CONF"
	mod_loaded && rmmod "$MOD" 2>/dev/null
	if [ "$IGB_WAS_LOADED" = 0 ] && grep -q '^igb ' /proc/modules; then
		# leave no igb on the PF for the tests that follow
		rmmod igb 2>/dev/null
	fi
}

# What udev's coldplug does for the PF at boot: load every module whose
# alias matches the device's modalias.  sriov_pf exports no aliases, so
# installing it (DKMS, .deb) never changes who owns the port.
test_coldplug_loads_igb_only() {
	local alias
	DESC="the PF's modalias loads igb, not sriov_pf (udev coldplug after install)"
	if [ "$IGB_WAS_LOADED" = 1 ] || mod_loaded || [ -n "$(pci_driver "$PF")" ]; then
		skip "igb or $MOD loaded, or $PF bound: not a boot-time state"
		return "$KSFT_SKIP"
	fi
	check_eq "aliases of $MOD (modinfo -F alias)" "" "$(modinfo -F alias "$MOD" 2>/dev/null)"
	alias=$(cat "$PCI/devices/$PF/modalias")
	modprobe -b "$alias" || fail "modprobe -b $alias failed"
	wait_until 10 igb_netdev_up || fail "$PF is bound to '$(pci_driver "$PF")', not igb"
	if mod_loaded; then
		fail "$MOD was loaded for $alias"
		rmmod "$MOD"
	fi
	return 0
}

test_igb_owns() {
	DESC="in-tree igb owns the PF before the handover"
	if ! grep -q '^igb ' /proc/modules && ! modprobe igb; then
		fail "modprobe igb failed"
		return 1
	fi
	[ -z "$(pci_driver "$PF")" ] && sysfs_write "$PCI/drivers_probe" "$PF"
	wait_until 10 igb_netdev_up || fail "igb did not bind $PF with a netdev"
}

test_rule_hands_over() {
	DESC="the udev rule's commands hand the PF to sriov_pf with max_vfs from modprobe.d"
	if ! is_bound_to "$PF" igb; then
		skip "igb does not own $PF"
		return "$KSFT_SKIP"
	fi
	echo "options $MOD max_vfs=$PF=$NVF_HANDOVER" >"$MODPROBE_CONF"
	dmesg_mark
	rule_run "$PF"
	wait_until 10 is_bound_to "$PF" "$MOD" ||
		fail "$PF is bound to '$(pci_driver "$PF")', not $MOD"
	wait_until 10 has_vfs || fail "$PF has $(numvfs "$PF") VFs, want $NVF_HANDOVER"
	_n=$(pci_netdevs "$PF" | head -n 1)
	if [ -z "$_n" ]; then
		fail "no $MOD netdev on $PF"
		return 1
	fi
	_l=$(vf_lines "$_n")
	check_eq "vf lines of $_n" "$NVF_HANDOVER" "$(echo "$_l" | grep -c .)"
	for _m in $(echo "$_l" | awk '{ print $2 }'); do
		mac_valid "$_m" || fail "VF MAC $_m is not a valid locally administered unicast MAC"
	done
	dmesg_check_clean
}

has_vfs() { [ "$(numvfs "$PF")" = "$NVF_HANDOVER" ]; }

test_override_keeps_igb_off() {
	DESC="with driver_override set, reloading igb does not take the PF back"
	if ! is_bound_to "$PF" "$MOD"; then
		skip "$PF is not bound to $MOD"
		return "$KSFT_SKIP"
	fi
	rmmod igb 2>/dev/null
	modprobe igb || fail "modprobe igb failed"
	sysfs_write "$PCI/drivers/$MOD/unbind" "$PF" || fail "unbind from $MOD: $WERR"
	sysfs_write "$PCI/drivers_probe" "$PF"
	wait_until 5 is_bound_to "$PF" "$MOD" ||
		fail "$PF went to '$(pci_driver "$PF")' despite driver_override"
}

test_give_back() {
	DESC="the documented commands give the PF back to igb, VFs gone"
	mod_loaded || modprobe "$MOD"
	grep -q '^igb ' /proc/modules || modprobe igb
	# exactly the steps the rule file's comment gives
	set_override "$PF" igb || fail "driver_override=igb: $WERR"
	is_bound_to "$PF" "$MOD" && sysfs_write "$PCI/drivers/$MOD/unbind" "$PF"
	sysfs_write "$PCI/drivers_probe" "$PF"
	clear_override "$PF" || fail "clear driver_override: $WERR"
	wait_until 10 igb_netdev_up || fail "$PF is bound to '$(pci_driver "$PF")', not igb"
	check_eq "VFs after the give-back" 0 "$(numvfs "$PF")"
	for _d in "$DRV"/[0-9a-f][0-9a-f][0-9a-f][0-9a-f]:*; do
		if [ -e "$_d" ]; then
			fail "$MOD still has ${_d##*/} bound"
		fi
	done
	return 0
}

require_root
state_init
PF=$(find_igb_pf) || PF=
[ -n "$PF" ] || skip_all "no 82576/I350 PF that is free, ours, or igb-bound with no VFs and its netdev down"
modprobe -n -q igb 2>/dev/null || skip_all "igb module not available"
RULE=$(find_rule) || skip_all "70-sriov-pf.rules not found"
[ -n "$RULE" ] || skip_all "no rule line in 70-sriov-pf.rules"
[ -e "$MODPROBE_CONF" ] && skip_all "$MODPROBE_CONF exists: not overwriting it"
[ -d /etc/modprobe.d ] || mkdir -p /etc/modprobe.d
grep -q '^igb ' /proc/modules && IGB_WAS_LOADED=1
diag "PF $PF ($(pci_id "$PF")), driver '$(pci_driver "$PF")'"

lib_setup
cleanup_add exit handover_exit
pf_save "$PF"
run_tests "$ALL_TESTS"
