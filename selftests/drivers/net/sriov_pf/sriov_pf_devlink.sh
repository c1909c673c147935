#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317,SC2119,SC2034 # test functions are called indirectly
#
# sriov_pf's devlink instance: devlink dev info (driver, the DSN as serial
# number, no driver version), one pci_vf port per enabled VF, and the VF
# ports' function hw_addr: read
# back as the VF's MAC, set like ip link set PF vf N mac (igbvf gets it at
# its next probe) on an 82576/I350 PF, by default the MACs that
# tools/mac/sriov_pf_mac.py lists (derived_macs.csv); not reported, and refused, on a
# generic PF (an NVMe PF in the QEMU harness).
#
# Needs iproute2's devlink and a kernel with devlink (CONFIG_NET_DEVLINK);
# the 82576 tests need a PF as sriov_pf_82576.sh does, the generic one an
# SR-IOV PF other than an 82576/I350 that is unbound or bound to sriov_pf.

cd "$(dirname "$0")" || exit 1
# shellcheck source=lib.sh
. ./lib.sh
ktap_print_header

ALL_TESTS="
	test_dev_info
	test_vf_ports
	test_hw_addr
	test_generic
"

DL=$(command -v devlink 2>/dev/null)
[ -n "$DL" ] || skip_all "no devlink tool (iproute2)"

# shellcheck source=lib_igb.sh
. ./lib_igb.sh

HAVE_IGB=1
PF=$(find_igb_pf) || HAVE_IGB=0
if [ "$HAVE_IGB" = 1 ]; then
	igb_setup
else
	require_root
	state_init
	lib_setup
fi
debugfs_setup

DL_MAC=02:d1:00:00:00:17

# ---------------------------------------------------------------- helpers

# The PF's PCIe Device Serial Number as devlink shows it (8 bytes, most
# significant first, dash separated), or nothing without the capability.
dsn_of() {
	local off=256 loops=0 h lo hi
	while [ "$off" -ge 256 ] && [ "$loops" -lt 96 ]; do
		h=$(cfg_read "$1" "$off" 4)
		[ "$h" -le 0 ] && return 0
		if [ $((h & 0xffff)) -eq 3 ]; then
			lo=$(cfg_read "$1" $((off + 4)) 4)
			hi=$(cfg_read "$1" $((off + 8)) 4)
			printf '%08x%08x\n' "$hi" "$lo" | sed 's/../&-/g; s/-$//'
			return 0
		fi
		off=$(((h >> 20) & 0xffc))
		loops=$((loops + 1))
	done
}

# dl_info_field PF KEY : the value of KEY ("driver", "serial_number")
# in devlink dev info, above its versions.
dl_info_field() {
	"$DL" dev info "pci/$1" 2>/dev/null | awk -v k="$2" '
		$1 == "versions:" { exit }
		$1 == k { print $2; exit }'
}

# dl_versions PF : the versions section of devlink dev info, if any
dl_versions() {
	"$DL" dev info "pci/$1" 2>/dev/null | awk '$1 == "versions:" { v = 1 } v'
}

# Port lines of PF: "index flavour pfnum vfnum"
dl_ports() {
	"$DL" port show 2>/dev/null | awk -v p="pci/$1/" '
		index($1, p) == 1 {
			i = substr($1, length(p) + 1); sub(/:$/, "", i)
			f = pf = vf = "-"
			for (j = 2; j < NF; j++) {
				if ($j == "flavour") f = $(j + 1)
				if ($j == "pfnum") pf = $(j + 1)
				if ($j == "vfnum") vf = $(j + 1)
			}
			print i, f, pf, vf
		}'
}

# hw_addr of port PF/N, or nothing
dl_hw_addr() {
	"$DL" port show "pci/$1/$2" 2>/dev/null |
		awk '{ for (j = 1; j < NF; j++) if ($j == "hw_addr") { print tolower($(j + 1)); exit } }'
}

# expected port lines for N VFs of PF
want_ports() {
	local i=0 fn
	fn=$((0x${1##*.}))
	while [ "$i" -lt "$2" ]; do
		echo "$i pcivf $fn $i"
		i=$((i + 1))
	done
}

# dl_available PF : devlink knows the PF (skip() otherwise)
dl_available() {
	if ! "$DL" dev show "pci/$1" >/dev/null 2>&1; then
		skip "no devlink instance pci/$1 (kernel without CONFIG_NET_DEVLINK?)"
		return 1
	fi
	return 0
}

need_igb() {
	[ "$HAVE_IGB" = 1 ] && return 0
	skip "no 82576/I350 PF"
	return 1
}

# ---------------------------------------------------------------- tests

test_dev_info() {
	DESC="devlink dev info: driver $MOD, serial = the DSN (none without one, never a MAC), no driver version"
	need_igb || return "$KSFT_SKIP"
	pf_load || return 1
	dl_available "$PF" || return "$KSFT_SKIP"
	"$DL" dev info "pci/$PF" | sed 's/^/#   /'
	check_eq "driver" "$MOD" "$(dl_info_field "$PF" driver)"
	check_eq "versions (driver versions are not reported)" "" "$(dl_versions "$PF")"
	want=$(dsn_of "$PF")
	[ -n "$want" ] || diag "no Device Serial Number capability: expecting no serial_number"
	check_eq "serial_number" "$want" "$(dl_info_field "$PF" serial_number | tr 'A-F' 'a-f')"
}

test_vf_ports() {
	DESC="a pci_vf devlink port per enabled VF, gone with the VFs, back with them; hw_addr = the MACs sriov_pf_mac.py lists"
	need_igb || return "$KSFT_SKIP"
	dmesg_mark
	pf_load || return 1
	dl_available "$PF" || return "$KSFT_SKIP"
	"$DL" port show | grep -F "pci/$PF/" | sed 's/^/#   /'
	check_eq "ports with $NVF VFs" "$(want_ports "$PF" "$NVF")" "$(dl_ports "$PF")"
	# the defaults are what tools/mac/sriov_pf_mac.py lists for this PF
	# (derived_macs.csv is its output; a host check keeps it so)
	perm=$(tr 'A-F' 'a-f' <"/sys/class/net/$PFNET/address")
	have ethtool && perm=$(ethtool -P "$PFNET" | awk '{ print tolower($NF) }')
	ref=$(awk -F, -v p="$perm" -v n="$NVF" '$4 == p && $6 == 0 && $5 < n { print $5, $7 }' derived_macs.csv)
	if [ -n "$ref" ]; then
		check_eq "VF MACs vs sriov_pf_mac.py $perm=$NVF" "$ref" "$(vf_lines "$PFNET")"
		i=0
		while [ "$i" -lt "$NVF" ]; do
			check_eq "port $i hw_addr vs sriov_pf_mac.py" \
				"$(echo "$ref" | awk -v i="$i" '$1 == i { print $2 }')" \
				"$(dl_hw_addr "$PF" "$i")"
			i=$((i + 1))
		done
	else
		diag "no reference MACs for $perm in derived_macs.csv: tool comparison not made"
	fi
	numvfs_set 0
	check_eq "ports with 0 VFs" "" "$(dl_ports "$PF")"
	numvfs_set 3
	check_eq "ports with 3 VFs" "$(want_ports "$PF" 3)" "$(dl_ports "$PF")"
	i=0
	while [ "$i" -lt 3 ]; do
		check_eq "port $i hw_addr vs '$PFNET vf $i'" "$(vf_mac "$PFNET" "$i")" \
			"$(dl_hw_addr "$PF" "$i")"
		i=$((i + 1))
	done
	rmmod "$MOD" || fail "rmmod with 3 VFs"
	"$DL" dev show "pci/$PF" >/dev/null 2>&1 && fail "pci/$PF still in devlink after rmmod"
	dmesg_check_clean
}

test_hw_addr() {
	DESC="port function hw_addr set: shown by ip link and devlink, igbvf reads it, kept across 7->0->7"
	need_igb || return "$KSFT_SKIP"
	dmesg_mark
	pf_load || return 1
	dl_available "$PF" || return "$KSFT_SKIP"
	load_igbvf || return "$KSFT_SKIP"
	wait_until 20 all_vf_netdevs "$PF" "$NVF"
	others=$(vf_lines "$PFNET" | grep -v '^1 ')
	"$DL" port function set "pci/$PF/1" hw_addr "$DL_MAC" ||
		fail "devlink port function set pci/$PF/1 hw_addr $DL_MAC"
	check_eq "devlink hw_addr of port 1" "$DL_MAC" "$(dl_hw_addr "$PF" 1)"
	check_eq "'$PFNET vf 1' MAC" "$DL_MAC" "$(vf_mac "$PFNET" 1)"
	check_eq "other VFs unchanged" "$others" "$(vf_lines "$PFNET" | grep -v '^1 ')"
	rebind_vf 1
	check_eq "VF 1 netdev address after igbvf rebind" "$DL_MAC" "$(vf_netdev_mac 1)"
	# devlink itself refuses what is no unicast address
	"$DL" port function set "pci/$PF/1" hw_addr 01:00:5e:00:00:01 2>/dev/null &&
		fail "multicast hw_addr accepted"
	check_eq "hw_addr after refused set" "$DL_MAC" "$(dl_hw_addr "$PF" 1)"
	numvfs_set 0
	numvfs_set "$NVF"
	check_eq "hw_addr of port 1 after 7->0->7" "$DL_MAC" "$(dl_hw_addr "$PF" 1)"
	dmesg_check_clean
	check_no_random_mac
}

# ---- generic mode

find_generic_pf() {
	for _p in $(sriov_pfs); do
		is_intel_igb_pf "$_p" && continue
		[ "$(totalvfs "$_p")" -gt 0 ] || continue
		[ -e "$PCI/devices/$_p/physfn" ] && continue
		case $(pci_driver "$_p") in
		"" | "$MOD") echo "$_p"; return 0 ;;
		esac
	done
	return 1
}

generic_cleanup() {
	[ -n "$GPF" ] || return 0
	is_bound_to "$GPF" "$MOD" && sysfs_write "$PCI/devices/$GPF/sriov_numvfs" 0
	pf_release "$GPF"
	GPF=
}

test_generic() {
	DESC="generic PF: devlink dev info and VF ports; hw_addr not reported, set refused"
	GPF=$(find_generic_pf) || {
		skip "no SR-IOV PF other than an 82576/I350 that is unbound or bound to $MOD"
		return "$KSFT_SKIP"
	}
	cleanup_add subtest generic_cleanup
	dmesg_mark
	mod_loaded || mod_load || {
		fail "load $MOD: $MOD_OUT"
		return 1
	}
	pf_save "$GPF"
	sysfs_write "$PCI/devices/$GPF/sriov_drivers_autoprobe" 0
	pf_bind_override "$GPF" || {
		fail "cannot bind $GPF to $MOD"
		return 1
	}
	dl_available "$GPF" || return "$KSFT_SKIP"
	numvfs_set 2 "$GPF"
	"$DL" dev info "pci/$GPF" | sed 's/^/#   /'
	check_eq "driver" "$MOD" "$(dl_info_field "$GPF" driver)"
	check_eq "versions (driver versions are not reported)" "" "$(dl_versions "$GPF")"
	check_eq "serial_number (the DSN, or none)" "$(dsn_of "$GPF")" \
		"$(dl_info_field "$GPF" serial_number | tr 'A-F' 'a-f')"
	check_eq "ports with 2 VFs" "$(want_ports "$GPF" 2)" "$(dl_ports "$GPF")"
	check_eq "hw_addr of port 0" "" "$(dl_hw_addr "$GPF" 0)"
	if out=$("$DL" port function set "pci/$GPF/0" hw_addr "$DL_MAC" 2>&1); then
		fail "hw_addr set accepted in generic mode"
	else
		diag "refused: $out"
		case $out in
		*"generic mode"*) ;;
		*) fail "the refusal does not say why: '$out'" ;;
		esac
	fi
	numvfs_set 0 "$GPF"
	check_eq "ports with 0 VFs" "" "$(dl_ports "$GPF")"
	dmesg_check_clean
}

run_tests "$ALL_TESTS"
