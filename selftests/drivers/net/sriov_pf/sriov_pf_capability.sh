#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317 # test functions are called indirectly
#
# The SR-IOV capability parser: for every SR-IOV PF that is unbound or
# bound to sriov_pf (82576/I350 and generic PFs alike), bind it to sriov_pf
# with VFs and compare the debugfs capability report with the PCI core's
# sysfs and with the raw extended capability in config space, field by
# field and VF BAR by VF BAR; num_vfs must follow sriov_numvfs and the
# PF's directory must go with the binding.  One KTAP result per PF.
#
# SRIOV_PF_CAP_PFS="BDF BDF" restricts the PFs (real hosts).

cd "$(dirname "$0")" || exit 1
# shellcheck source=lib.sh
. ./lib.sh
ktap_print_header

NVF_CAP=2

# SR-IOV PFs this test may bind: unbound or already ours, not a VF.
find_cap_pfs() {
	local p
	for p in $(sriov_pfs); do
		if [ -n "${SRIOV_PF_CAP_PFS:-}" ]; then
			case " $SRIOV_PF_CAP_PFS " in *" $p "*) ;; *) continue ;; esac
		fi
		[ -e "$PCI/devices/$p/physfn" ] && continue
		[ "$(totalvfs "$p")" -gt 0 ] || continue
		case $(pci_driver "$p") in
		"" | "$MOD") echo "$p" ;;
		esac
	done
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

# after every subtest: no VFs, no binding, module unloaded
cap_cleanup() {
	local p
	for p in $CAP_PFS; do
		is_bound_to "$p" "$MOD" && sysfs_write "$PCI/devices/$p/sriov_numvfs" 0
		pf_release "$p"
	done
	if mod_loaded && ! rmmod "$MOD"; then
		diag "cleanup: rmmod $MOD failed"
	fi
}

# cap_test PF : one subtest.
cap_test() {
	local pf=$1 n
	DESC="debugfs capability of $pf ($(pci_id "$pf")) equals config space and the PCI core"
	if ! grep -q " $DBG_ROOT debugfs" /proc/mounts; then
		skip "debugfs not available"
		return "$KSFT_SKIP"
	fi
	n=$NVF_CAP
	[ "$(totalvfs "$pf")" -lt "$n" ] && n=$(totalvfs "$pf")
	if ! mod_loaded && ! mod_load max_vfs="$n"; then
		fail "load $MOD max_vfs=$n failed: $MOD_OUT"
		return 1
	fi
	# 82576/I350 bind by ID at load; every other PF through driver_override
	if ! is_bound_to "$pf" "$MOD" && ! pf_bind_override "$pf"; then
		fail "cannot bind $pf to $MOD (driver now '$(pci_driver "$pf")') $WERR"
		return 1
	fi
	wait_until 5 [ -e "$DBG/$pf/capability" ]
	check_vfs "$pf" "$n"
	check_capability "$pf"
	if [ "$(pci_id "$pf")" = 0x8086:0x10c9 ]; then
		check_eq "82576 capability total_vfs (config TotalVFs)" 8 "$(CAP_PF=$pf cap_get total_vfs)"
	fi
	# num_vfs follows sriov_numvfs
	numvfs_set 0 "$pf"
	check_eq "debugfs num_vfs after echo 0" 0 "$(CAP_PF=$pf cap_get num_vfs)"
	# unbinding removes the PF's directory
	pf_release "$pf"
	[ -e "$DBG/$pf" ] && fail "$DBG/$pf still exists after unbind"
	return 0
}

require_root
state_init
CAP_PFS=$(find_cap_pfs)
[ -n "$CAP_PFS" ] || skip_all "no SR-IOV PF that is unbound or bound to $MOD"
diag "PFs: $CAP_PFS"
lib_setup
cleanup_add subtest cap_cleanup
debugfs_setup
ALL_TESTS=
for p in $CAP_PFS; do
	pf_save "$p"
	# VFs stay without a driver (nvme would take NVMe VFs)
	sysfs_write "$PCI/devices/$p/sriov_drivers_autoprobe" 0
	f=test_capability_${p//[:.]/_}
	eval "$f() { cap_test $p; }"
	ALL_TESTS="$ALL_TESTS $f"
done

run_tests "$ALL_TESTS"
exit $?
