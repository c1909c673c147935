#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317,SC2119,SC2034 # test functions are called indirectly
#
# Companion mode: sriov_pf companion=<PF driver> gives the VFs of a PF that
# stays with its vendor driver (igb, ixgbe, i40e, ice, mlx5_core) their
# derived MACs, through that driver's own ndo_set_vf_mac; creates the VFs
# max_vfs asks for through the driver's sriov_configure; and applies the
# settings vf_config declares through its ndo_set_vf_* as each VF is
# created.  The vf_config and race tests need in-tree igb (82576) as the
# PF driver.
#
# PF: $SRIOV_PF_COMPANION_PF (a BDF), else an 82576/I350 that is unbound
# (in-tree igb is loaded for it, and unloaded at exit), else a PF bound to
# one of the five drivers with no VFs and every netdev down.  Skips (4)
# without one.  VFs are created with sriov_numvfs and removed at the end.

cd "$(dirname "$0")" || exit 1
# shellcheck source=lib.sh
. ./lib.sh
ktap_print_header

ALL_TESTS="
	test_bad_param
	test_reference
	test_derived_on_create
	test_stable_reload_recreate
	test_existing_at_load
	test_vf_driver_reads_mac
	test_vf_driver_rebound
	test_ping_gateway
	test_admin_mac_kept
	test_trust_guest_mac
	test_vfio_untouched
	test_unload_during_create
	test_all_skips_others
	test_max_vfs_at_load
	test_max_vfs_waits_for_up
	test_max_vfs_forms
	test_vf_config_on_create
	test_vf_config_once
	test_rmmod_keeps_vendor_state
	test_guest_mac_race
"

NVF=${SRIOV_PF_COMPANION_VFS:-3}
ADMIN_MAC=02:5a:17:c0:ff:ee
ADMIN_MAC2=02:5a:17:c0:ff:ed

COMP_DRIVERS="igb ixgbe i40e ice mlx5_core"

vf_driver_of() {
	case $1 in
	igb) echo igbvf ;;
	ixgbe) echo ixgbevf ;;
	i40e | ice) echo iavf ;;
	mlx5_core) echo mlx5_core ;;
	esac
}

pf_netdevs_down() {
	for _n in $(pci_netdevs "$1"); do
		[ $(($(cat "/sys/class/net/$_n/flags") & 1)) -eq 1 ] && return 1
	done
	return 0
}

find_companion_pf() {
	if [ -n "$SRIOV_PF_COMPANION_PF" ]; then
		echo "$SRIOV_PF_COMPANION_PF"
		return 0
	fi
	for _p in $(sriov_pfs); do
		if is_intel_igb_pf "$_p" && [ -z "$(pci_driver "$_p")" ]; then
			echo "$_p"
			return 0
		fi
	done
	for _p in $(sriov_pfs); do
		case " $COMP_DRIVERS " in *" $(pci_driver "$_p") "*) ;; *) continue ;; esac
		[ "$(numvfs "$_p")" -eq 0 ] || continue
		pf_netdevs_down "$_p" || continue
		echo "$_p"
		return 0
	done
	return 1
}

has_pfdrv() { is_bound_to "$PF" "$PFDRV" && [ -n "$(pci_netdevs "$PF")" ]; }

companion_setup() {
	require_root
	state_init
	[ -x "$IP" ] || skip_all "$IP (iproute2) not found"
	PF=$(find_companion_pf) || skip_all "no SR-IOV PF of $COMP_DRIVERS that is idle (no VFs, netdevs down), and no unbound 82576/I350; set SRIOV_PF_COMPANION_PF"
	lib_setup
	cleanup_add subtest companion_cleanup
	cleanup_add exit companion_exit
	pf_save "$PF"
	IGB_LOADED_HERE=0
	PFDRV=$(pci_driver "$PF")
	if [ -z "$PFDRV" ]; then
		is_intel_igb_pf "$PF" || skip_all "$PF has no driver"
		PFDRV=igb
		grep -q '^igb ' /proc/modules || IGB_LOADED_HERE=1
		clear_override "$PF"
		modprobe igb 2>/dev/null || skip_all "modprobe igb failed"
		is_bound_to "$PF" igb || sysfs_write "$PCI/drivers/igb/bind" "$PF"
		wait_until 10 has_pfdrv || skip_all "igb did not bind $PF"
	fi
	[ "$(numvfs "$PF")" -eq 0 ] || skip_all "$PF already has VFs"
	PFNET=$(pci_netdevs "$PF" | head -n 1)
	[ -n "$PFNET" ] || skip_all "$PF ($PFDRV) has no netdev"
	VFDRV=$(vf_driver_of "$PFDRV")
	[ "$(totalvfs "$PF")" -lt "$NVF" ] && NVF=$(totalvfs "$PF")
	VFDRV_WAS_LOADED=0
	grep -q "^$VFDRV " /proc/modules && VFDRV_WAS_LOADED=1
	HAVE_VFDRV=0
	modprobe -n -q "$VFDRV" 2>/dev/null && HAVE_VFDRV=1
	VFIO_LOADED_HERE=0
	# other PFs of the same driver, which max_vfs=N (every PF) reaches
	OTHER_IGB=
	for _p in $(sriov_pfs); do
		[ "$_p" != "$PF" ] && [ "$(pci_driver "$_p")" = "$PFDRV" ] &&
			OTHER_IGB="$OTHER_IGB $_p"
	done
	REF=$STATE_DIR/ref
	PING_DEV=
	diag "PF $PF ($(pci_id "$PF")) driver $PFDRV netdev $PFNET, VF driver $VFDRV, $NVF VFs"
}

# cleanup between subtests (registered by companion_setup): no VFs,
# sriov_pf and the VF driver unloaded
companion_cleanup() {
	ping_cleanup
	mod_loaded && { rmmod "$MOD" || diag "cleanup: rmmod $MOD failed"; }
	if [ -n "$OTHER" ]; then
		sysfs_write "$PCI/devices/$OTHER/sriov_numvfs" 0 ||
			diag "cleanup: $OTHER sriov_numvfs 0: $WERR"
		sysfs_write "$PCI/devices/$OTHER/sriov_drivers_autoprobe" 1
		[ "$OTHER_BOUND_HERE" = 1 ] &&
			sysfs_write "$PCI/drivers/nvme/unbind" "$OTHER"
		OTHER=
	fi
	if [ "$(pci_driver "$PF")" = "$PFDRV" ]; then
		sysfs_write "$PCI/devices/$PF/sriov_numvfs" 0 || diag "cleanup: sriov_numvfs 0: $WERR"
		"$IP" link set "$PFNET" down 2>/dev/null
	fi
	if [ "$VFDRV_WAS_LOADED" = 0 ] && [ "$VFDRV" != "$PFDRV" ] &&
		grep -q "^$VFDRV " /proc/modules; then
		rmmod "$VFDRV" 2>/dev/null
	fi
	sysfs_write "$PCI/devices/$PF/sriov_drivers_autoprobe" 1
}

companion_exit() {
	companion_cleanup
	if [ "$VFIO_LOADED_HERE" = 1 ]; then
		rmmod vfio-pci vfio_pci_core vfio_iommu_type1 vfio 2>/dev/null
	fi
	# other tests expect the 82576 without igb
	if [ "$IGB_LOADED_HERE" = 1 ]; then
		rmmod igb 2>/dev/null || diag "cannot unload igb"
	fi
}

# ---------------------------------------------------------------- helpers

comp_load() {
	if ! mod_load companion="$PFDRV"; then
		fail "load $MOD companion=$PFDRV: $MOD_OUT"
		return 1
	fi
}

vf_macs() { vf_lines "$PFNET" | awk '{ print $2 }' | tr '\n' ' '; }

# all NVF VF MACs valid (derived MACs are locally administered unicast)
macs_valid() {
	_n=0
	for _m in $(vf_macs); do
		mac_valid "$_m" || return 1
		_n=$((_n + 1))
	done
	[ "$_n" -eq "$NVF" ]
}

# macs_set_but VF : every VF but VF has a valid MAC
macs_set_but() {
	for _l in $(vf_lines "$PFNET" | awk -v s="$1" '$1 != s { print $2 }'); do
		mac_valid "$_l" || return 1
	done
}

wait_macs() {
	if ! wait_until 30 macs_valid; then
		fail "VF MACs not all set after 30 s: $(vf_macs)"
		return 1
	fi
}

# comp_vfs_up : PF netdev up, sriov_pf in companion mode, $NVF VFs whose
# VF driver netdevs have the MACs companion mode set
comp_vfs_up() {
	"$IP" link set "$PFNET" up || fail "cannot bring $PFNET up"
	comp_load || return 1
	numvfs_set "$NVF"
	wait_macs || return 1
	wait_until 30 vf_netdevs_match || fail "VF netdevs do not have their MACs"
	return 0
}

# the derived MACs, as the 82576 backend or tools/mac compute them
check_ref() {
	if [ ! -s "$REF" ]; then
		diag "no reference MACs for this PF: checked valid and stable only"
		return 0
	fi
	check_eq "VF MACs vs sriov_pf's derived MACs for this PF" "$(cat "$REF")" "$(vf_macs)"
}

check_binds_nothing() {
	for _d in "$DRV"/*:*; do
		[ -e "$_d" ] && fail "$MOD bound ${_d##*/} in companion mode"
	done
	check_eq "$PF driver" "$PFDRV" "$(pci_driver "$PF")"
}

# every VF netdev has its PF-assigned MAC, as a permanent one
vf_netdevs_match() {
	_i=0
	while [ "$_i" -lt "$NVF" ]; do
		_nd=$(vf_netdev "$PF" "$_i")
		[ -n "$_nd" ] || return 1
		[ "$(tr 'A-F' 'a-f' <"/sys/class/net/$_nd/address")" = "$(vf_mac "$PFNET" "$_i")" ] || return 1
		[ "$(cat "/sys/class/net/$_nd/addr_assign_type")" = 0 ] || return 1
		_i=$((_i + 1))
	done
}

check_vf_netdevs() {
	if wait_until 30 vf_netdevs_match; then
		return 0
	fi
	_i=0
	while [ "$_i" -lt "$NVF" ]; do
		_nd=$(vf_netdev "$PF" "$_i")
		if [ -z "$_nd" ]; then
			fail "VF $_i has no $VFDRV netdev"
		else
			check_eq "VF $_i ($_nd) address vs '$PFNET vf $_i'" \
				"$(vf_mac "$PFNET" "$_i")" \
				"$(tr 'A-F' 'a-f' <"/sys/class/net/$_nd/address")"
			check_eq "VF $_i ($_nd) addr_assign_type" 0 \
				"$(cat "/sys/class/net/$_nd/addr_assign_type")"
		fi
		_i=$((_i + 1))
	done
	return 1
}

need_vfdrv() {
	[ "$HAVE_VFDRV" = 1 ] || {
		skip "VF driver $VFDRV not available"
		return 1
	}
	grep -q "^$VFDRV " /proc/modules || modprobe "$VFDRV" || {
		fail "modprobe $VFDRV failed"
		return 1
	}
}

# ---------------------------------------------------------------- tests

test_bad_param() {
	DESC="bad companion values are rejected at load; a good one binds nothing"
	for v in foo igb,,ixgbe all,igb igb,foo IGB ','; do
		dmesg_mark
		if mod_load companion="$v"; then
			fail "companion=$v was accepted"
			rmmod "$MOD"
			continue
		fi
		mod_loaded && fail "$MOD loaded after companion=$v"
		[ "$(dmesg_count_grep "invalid companion")" -ge 1 ] ||
			fail "no 'invalid companion' message for companion=$v"
	done
	dmesg_since | grep -F "invalid companion" | head -n 3 | sed 's/^/#   /'
	mod_load companion=ixgbe,igb || fail "companion=ixgbe,igb rejected: $MOD_OUT"
	check_eq "companion parameter" "igb,ixgbe" \
		"$(cat "/sys/module/$MOD/parameters/companion" 2>/dev/null)"
	check_binds_nothing
	rmmod "$MOD" || fail "rmmod failed"
	mod_load companion=all || fail "companion=all rejected: $MOD_OUT"
	check_binds_nothing
	rmmod "$MOD"
	return 0
}

test_reference() {
	DESC="reference MACs: what sriov_pf derives for this PF's permanent MAC"
	: >"$REF"
	perm=$(tr 'A-F' 'a-f' <"/sys/class/net/$PFNET/address")
	if have ethtool; then
		p=$(ethtool -P "$PFNET" 2>/dev/null | awk '{ print $NF }')
		[ -n "$p" ] && perm=$p
	fi
	diag "$PFNET permanent MAC $perm"
	py=../../../../tools/mac/sriov_pf_mac.py
	if is_intel_igb_pf "$PF" && [ "$PFDRV" = igb ]; then
		# the hardware backend derives from the same EEPROM MAC
		pf_unbind "$PF" || fail "unbind $PF from igb: $WERR"
		set_override "$PF" "$MOD"
		if mod_load max_vfs="$NVF" && wait_until 10 is_bound_to "$PF" "$MOD"; then
			n=$(pci_netdevs "$PF" | head -n 1)
			vf_lines "$n" | awk '{ print $2 }' | tr '\n' ' ' >"$REF"
		else
			fail "sriov_pf backend mode on $PF: $MOD_OUT"
		fi
		rmmod "$MOD"
		clear_override "$PF"
		sysfs_write "$PCI/drivers/igb/bind" "$PF" || fail "rebind igb: $WERR"
		wait_until 10 has_pfdrv || fail "$PF not back on igb"
		PFNET=$(pci_netdevs "$PF" | head -n 1)
	elif have python3 && [ -f "$py" ]; then
		i=0
		while [ "$i" -lt "$NVF" ]; do
			printf '%s ' "$(python3 "$py" "$perm" "$i")"
			i=$((i + 1))
		done >"$REF"
	else
		skip "no 82576/I350 backend and no python3 for tools/mac/sriov_pf_mac.py"
		return "$KSFT_SKIP"
	fi
	diag "reference: $(cat "$REF")"
	for m in $(cat "$REF"); do
		mac_valid "$m" || fail "reference MAC $m invalid"
	done
	[ "$(wc -w <"$REF")" -eq "$NVF" ] || fail "expected $NVF reference MACs"
	return 0
}

test_derived_on_create() {
	DESC="VFs created under $PFDRV get the derived MACs; sriov_pf binds nothing"
	dmesg_mark
	comp_load || return 1
	numvfs_set "$NVF"
	check_vfs "$PF" "$NVF"
	wait_macs || return 1
	diag "VF MACs: $(vf_macs)"
	check_ref
	check_binds_nothing
	[ "$(dmesg_count_grep companion: MAC)" -ge "$NVF" ] ||
		fail "fewer than $NVF 'companion: ... MAC' log lines"
	dmesg_check_clean
}

test_stable_reload_recreate() {
	DESC="same MACs after rmmod sriov_pf, reload and VF re-creation"
	comp_load || return 1
	numvfs_set "$NVF"
	wait_macs || return 1
	before=$(vf_macs)
	rmmod "$MOD" || fail "rmmod failed"
	numvfs_set 0
	comp_load || return 1
	numvfs_set "$NVF"
	wait_macs || return 1
	check_eq "MACs after reload + re-creation" "$before" "$(vf_macs)"
	check_ref
}

test_existing_at_load() {
	DESC="VFs that exist before sriov_pf is loaded get their MACs too"
	numvfs_set "$NVF"
	diag "before load: $(vf_macs)"
	dmesg_mark
	comp_load || return 1
	wait_macs || return 1
	check_ref
	dmesg_check_clean
}

test_vf_driver_reads_mac() {
	DESC="$VFDRV loaded after the MACs are set reads them as permanent, no random MAC"
	[ "$HAVE_VFDRV" = 1 ] || {
		skip "VF driver $VFDRV not available"
		return "$KSFT_SKIP"
	}
	[ "$VFDRV_WAS_LOADED" = 1 ] && {
		skip "$VFDRV was already loaded"
		return "$KSFT_SKIP"
	}
	"$IP" link set "$PFNET" up || fail "cannot bring $PFNET up"
	comp_load || return 1
	numvfs_set "$NVF"
	wait_macs || return 1
	# igb closes and opens its netdev inside sriov_configure (6.12:
	# before the VFs appear, so their MACs can be set before it is up
	# again); a VF reset before then finds the PF in reset
	wait_until 15 pf_carrier || diag "$PFNET has no carrier"
	dmesg_mark
	need_vfdrv || return 1
	check_vf_netdevs
	bad=$(dmesg_since | grep -iE 'random MAC|MAC address not assigned|PF still in reset')
	[ -z "$bad" ] || fail "VF driver fell back to a random MAC: $bad"
	dmesg_check_clean
}

test_vf_driver_rebound() {
	DESC="$VFDRV bound with a random MAC is rebound and gets the derived MAC"
	need_vfdrv || return "$KSFT_SKIP"
	"$IP" link set "$PFNET" up || fail "cannot bring $PFNET up"
	comp_load || return 1
	dmesg_mark
	numvfs_set "$NVF"
	wait_macs || return 1
	check_vf_netdevs
	check_ref
	dmesg_since | grep -E 'companion|random' | sed 's/^/#   /'
	dmesg_check_clean
}

test_ping_gateway() {
	DESC="a VF with its companion MAC pings the gateway ($GW_IP)"
	ping_possible || return "$KSFT_SKIP"
	need_vfdrv || return "$KSFT_SKIP"
	comp_vfs_up || return 1
	dev=$(vf_netdev "$PF" 0)
	[ -n "$dev" ] || {
		fail "VF 0 has no netdev"
		return 1
	}
	ping_gateway "$dev"
}

test_admin_mac_kept() {
	DESC="an administrator's MAC is never overwritten (before load, and across reload)"
	numvfs_set "$NVF"
	"$IP" link set "$PFNET" vf 1 mac "$ADMIN_MAC" || fail "ip link set $PFNET vf 1 mac failed"
	dmesg_mark
	comp_load || return 1
	wait_until 30 macs_set_but 1 || fail "other VFs got no MAC: $(vf_macs)"
	check_eq "vf 1 MAC after load" "$ADMIN_MAC" "$(vf_mac "$PFNET" 1)"
	[ "$(dmesg_count_grep companion: keeps "$ADMIN_MAC")" -ge 1 ] ||
		fail "no log line saying VF 1 keeps $ADMIN_MAC"
	# set while loaded, kept across reload
	"$IP" link set "$PFNET" vf 2 mac "$ADMIN_MAC2" || fail "ip link set $PFNET vf 2 mac failed"
	rmmod "$MOD" || fail "rmmod failed"
	comp_load || return 1
	sleep 2
	check_eq "vf 1 MAC after reload" "$ADMIN_MAC" "$(vf_mac "$PFNET" 1)"
	check_eq "vf 2 MAC after reload" "$ADMIN_MAC2" "$(vf_mac "$PFNET" 2)"
	if [ -s "$REF" ]; then
		check_eq "vf 0 MAC" "$(awk '{ print $1 }' "$REF")" "$(vf_mac "$PFNET" 0)"
	fi
}

# vf_trust N : "on" or "off" from the PF's vf N line
vf_trust() {
	vf_line "$PFNET" "$1" | awk '{ for (i = 1; i < NF; i++) if ($i == "trust") { sub(/,$/, "", $(i + 1)); print $(i + 1); exit } }'
}

vf_trusted() { [ "$(vf_trust "$1")" = on ]; }

# try_guest_mac MAC : VF 0's driver changes its netdev's MAC to MAC
try_guest_mac() {
	_nd=$(vf_netdev "$PF" 0)
	[ -n "$_nd" ] || return 2
	"$IP" link set "$_nd" address "$1" 2>/dev/null
}

GUEST_MAC=02:5a:17:c0:ff:01

test_trust_guest_mac() {
	DESC="the guest cannot change a companion-set MAC; with companion_trust=1 it can (VFs trusted)"
	need_vfdrv || return "$KSFT_SKIP"
	comp_vfs_up || return 1
	check_eq "vf 0 trust without companion_trust" off "$(vf_trust 0)"
	if try_guest_mac "$GUEST_MAC"; then
		fail "$VFDRV changed the PF-set MAC of an untrusted VF (the lock documented for $PFDRV is not there)"
	fi
	rmmod "$MOD" || fail "rmmod failed"
	numvfs_set 0
	dmesg_mark
	if ! mod_load companion="$PFDRV" companion_trust=1; then
		fail "load $MOD companion=$PFDRV companion_trust=1: $MOD_OUT"
		return 1
	fi
	check_eq "companion_trust parameter" Y "$(cat "/sys/module/$MOD/parameters/companion_trust")"
	numvfs_set "$NVF"
	wait_macs || return 1
	i=0
	while [ "$i" -lt "$NVF" ]; do
		wait_until 10 vf_trusted "$i" ||
			fail "vf $i trust '$(vf_trust "$i")' with companion_trust=1"
		i=$((i + 1))
	done
	[ "$(dmesg_count_grep companion: trusted companion_trust)" -ge "$NVF" ] ||
		fail "fewer than $NVF 'trusted (companion_trust)' log lines"
	wait_until 30 vf_netdevs_match || fail "VF netdevs do not have their MACs"
	try_guest_mac "$GUEST_MAC" || fail "$VFDRV cannot change the MAC of a trusted VF"
	check_eq "vf 0 MAC after the guest's change" "$GUEST_MAC" "$(vf_mac "$PFNET" 0)"
	dmesg_check_clean
}

# bind_vf VF driver : through driver_override
bind_vf() {
	_b=$(vf_bdf "$PF" "$1")
	set_override "$_b" "$2"
	sysfs_write "$PCI/drivers_probe" "$_b"
	is_bound_to "$_b" "$2"
}

test_vfio_untouched() {
	DESC="VFs on vfio-pci or with driver_override are never rebound"
	if ! grep -q '^vfio_pci ' /proc/modules; then
		modprobe vfio-pci 2>/dev/null && VFIO_LOADED_HERE=1
	fi
	need_vfdrv || return "$KSFT_SKIP"
	"$IP" link set "$PFNET" up
	# VFs come up without drivers; then VF 0 -> vfio-pci, VF 1 -> VF driver
	sysfs_write "$PCI/devices/$PF/sriov_drivers_autoprobe" 0
	numvfs_set "$NVF"
	other=vfio-pci
	if ! bind_vf 0 vfio-pci; then
		# no IOMMU in the guest (Debian has no CONFIG_VFIO_NOIOMMU)
		other=pci-pf-stub
		modprobe pci-pf-stub 2>/dev/null
		diag "vfio-pci cannot bind $(vf_bdf "$PF" 0) (no IOMMU?); using $other as the foreign driver"
		bind_vf 0 "$other" || {
			skip "neither vfio-pci nor pci-pf-stub binds a VF"
			return "$KSFT_SKIP"
		}
	fi
	bind_vf 1 "$VFDRV" || fail "cannot bind VF 1 to $VFDRV"
	wait_until 10 sh -c "[ -n \"\$(ls $PCI/devices/$(vf_bdf "$PF" 1)/net 2>/dev/null)\" ]"
	nd1=$(vf_netdev "$PF" 1)
	idx1=$(cat "/sys/class/net/$nd1/ifindex" 2>/dev/null)
	mac0=$(vf_mac "$PFNET" 0)
	mac1=$(vf_mac "$PFNET" 1)
	diag "before load: vf 0 ($other) $mac0, vf 1 ($VFDRV, $nd1 ifindex $idx1) $mac1"
	dmesg_mark
	comp_load || return 1
	sleep 3
	check_eq "VF 0 driver" "$other" "$(pci_driver "$(vf_bdf "$PF" 0)")"
	check_eq "VF 0 MAC (existed on $other before load)" "$mac0" "$(vf_mac "$PFNET" 0)"
	check_eq "VF 1 driver" "$VFDRV" "$(pci_driver "$(vf_bdf "$PF" 1)")"
	check_eq "VF 1 netdev ifindex (not rebound)" "$idx1" \
		"$(cat "/sys/class/net/$(vf_netdev "$PF" 1)/ifindex" 2>/dev/null)"
	[ "$(dmesg_count_grep companion: rebinding)" -eq 0 ] ||
		fail "a VF was rebound: $(dmesg_since | grep -F rebinding)"
	dmesg_since | grep -F companion | sed 's/^/#   /'
	# a VF bound to the foreign driver later (fresh binding) gets its MAC
	# set, and stays on that driver
	_b=$(vf_bdf "$PF" 2)
	if [ -n "$_b" ] && bind_vf 2 "$other"; then
		sleep 1
		check_eq "VF 2 driver" "$other" "$(pci_driver "$_b")"
		mac_valid "$(vf_mac "$PFNET" 2)" || fail "VF 2 bound to $other got no MAC"
	fi
	dmesg_check_clean
	return 0
}

test_unload_during_create() {
	DESC="rmmod sriov_pf while VFs are being created is safe"
	"$IP" link set "$PFNET" up
	dmesg_mark
	i=0
	while [ "$i" -lt "${SRIOV_PF_CYCLES:-5}" ]; do
		comp_load || return 1
		(echo "$NVF" >"$PCI/devices/$PF/sriov_numvfs") 2>/dev/null &
		pid=$!
		rmmod "$MOD" || fail "rmmod during VF creation failed (cycle $i)"
		wait "$pid"
		check_vfs "$PF" "$NVF" || break
		numvfs_set 0
		i=$((i + 1))
	done
	mod_loaded && fail "$MOD still loaded"
	dmesg_check_clean
}

companion_setup
# An idle SR-IOV PF under the in-tree nvme driver (no netdev, no VF
# MACs); an unbound NVMe PF is bound to nvme for the test.  Sets OTHER.
nvme_pf_setup() {
	OTHER_BOUND_HERE=0
	for _p in $(sriov_pfs); do
		[ "$(numvfs "$_p")" -eq 0 ] || continue
		case "$(pci_driver "$_p")" in
		nvme) ;;
		"")
			[ "$(cat "$PCI/devices/$_p/class")" = 0x010802 ] || continue
			modprobe nvme 2>/dev/null || continue
			sysfs_write "$PCI/drivers/nvme/bind" "$_p" || continue
			OTHER_BOUND_HERE=1
			;;
		*) continue ;;
		esac
		OTHER=$_p
		return 0
	done
	return 1
}

test_all_skips_others() {
	DESC="companion=all skips a PF without VF MACs (nvme) at once, in one line; other VFs are not held up"
	nvme_pf_setup || {
		skip "no idle NVMe SR-IOV PF (bound to nvme, or unbound)"
		return "$KSFT_SKIP"
	}
	n=16
	[ "$(totalvfs "$OTHER")" -lt "$n" ] && n=$(totalvfs "$OTHER")
	dmesg_mark
	mod_load companion=all || {
		fail "load $MOD companion=all: $MOD_OUT"
		return 1
	}
	# the NVMe VFs first, without a VF driver: their works come first
	sysfs_write "$PCI/devices/$OTHER/sriov_drivers_autoprobe" 0
	numvfs_set "$n" "$OTHER"
	numvfs_set "$NVF"
	wait_until 10 macs_valid ||
		fail "$PF's VF MACs not set 10 s after $n VFs of $OTHER: $(vf_macs)"
	check_eq "companion lines about $OTHER" 1 \
		"$(dmesg_since | grep -F "$OTHER" | grep -c companion)"
	dmesg_since | grep -F "$OTHER" | grep companion | sed 's/^/#   /'
	check_ref
	dmesg_check_clean
}

# ---------------------------------------------------------------- max_vfs, vf_config

pf_carrier() { carrier_up "$PFNET"; }

# pf_up : the PF netdev up, with its link (igb sets VF rates only with one)
pf_up() {
	"$IP" link set "$PFNET" up || fail "cannot bring $PFNET up"
	wait_until 15 pf_carrier || diag "$PFNET has no carrier"
}

has_nvf() { [ "$(numvfs "$PF")" -eq "${1:-$NVF}" ]; }

# comp_load_cfg PARAM... : load in companion mode for $PFDRV with PARAMs
comp_load_cfg() {
	if ! mod_load companion="$PFDRV" "$@"; then
		fail "load $MOD companion=$PFDRV $*: $MOD_OUT"
		return 1
	fi
}

# vf_get N KEY : the value after KEY in `ip link show PF`'s vf N line
# (vlan, qos, checking (spoof checking), link-state, trust, max_tx_rate),
# without its comma; "-" when the line lacks it
vf_get() {
	vf_line "$PFNET" "$1" | awk -v k="$2" '{
		for (i = 3; i < NF; i++)
			if ($i == k) { v = $(i + 1); sub(/,$/, "", v); print v; exit }
		print "-" }'
}

test_max_vfs_at_load() {
	DESC="max_vfs=PF=$NVF at load creates $NVF VFs through $PFDRV's sriov_configure; derived MACs"
	pf_up
	dmesg_mark
	comp_load_cfg max_vfs="$PF=$NVF" || return 1
	wait_until 15 has_nvf || fail "$PF has $(numvfs "$PF") VFs, not $NVF, after load"
	check_vfs "$PF" "$NVF"
	check_binds_nothing
	[ "$(dmesg_count_grep companion: max_vfs: "$NVF" VFs created through "$PFDRV")" -eq 1 ] ||
		fail "no 'companion: max_vfs: $NVF VFs created through $PFDRV' line"
	wait_macs || return 1
	check_ref
	dmesg_check_clean
}

test_max_vfs_waits_for_up() {
	DESC="$PFDRV with its netdev down: VFs when it first comes up; a PF with VFs is left alone"
	case $PFDRV in
	igb | ixgbe) ;;
	*)
		skip "$PFDRV serves VFs with its netdev down: created at once"
		return "$KSFT_SKIP"
		;;
	esac
	"$IP" link set "$PFNET" down
	dmesg_mark
	comp_load_cfg max_vfs="$PF=$NVF" || return 1
	sleep 2
	check_eq "$PF sriov_numvfs while $PFNET is down" 0 "$(numvfs "$PF")"
	[ "$(dmesg_count_grep companion: max_vfs: "$NVF" VFs when comes up)" -eq 1 ] ||
		fail "no 'companion: max_vfs: $NVF VFs when ... comes up' line"
	"$IP" link set "$PFNET" up || fail "cannot bring $PFNET up"
	wait_until 15 has_nvf || fail "$PF has $(numvfs "$PF") VFs, not $NVF, after $PFNET came up"
	wait_macs
	# once: down and up again after echo 0 creates nothing
	numvfs_set 0
	"$IP" link set "$PFNET" down
	"$IP" link set "$PFNET" up
	sleep 2
	check_eq "$PF sriov_numvfs after 0, down and up" 0 "$(numvfs "$PF")"
	rmmod "$MOD" || fail "rmmod failed"
	# VFs made by someone else stay as they are
	numvfs_set 1
	dmesg_mark
	comp_load_cfg max_vfs="$PF=$NVF" || return 1
	sleep 2
	check_eq "$PF sriov_numvfs (1 before load)" 1 "$(numvfs "$PF")"
	[ "$(dmesg_count_grep companion: max_vfs "$NVF" not applied: 1 VFs exist already)" -eq 1 ] ||
		fail "no 'max_vfs $NVF not applied: 1 VFs exist already' line"
	dmesg_check_clean
}

test_max_vfs_forms() {
	DESC="max_vfs in its three forms (N, per position, per address) in companion mode"
	pf_up
	idx=$(sriov_pf_index "$PF")
	list=
	i=0
	while [ "$i" -lt "$idx" ]; do
		list="${list}0,"
		i=$((i + 1))
	done
	# two entries at least: one number alone is the first form
	forms="$PF=$NVF ${list}$NVF,0"
	if [ -z "$OTHER_IGB" ]; then
		forms="$forms $NVF"
	else
		diag "max_vfs=$NVF not tried: it would reach$OTHER_IGB too"
	fi
	for f in $forms; do
		comp_load_cfg max_vfs="$f" || continue
		wait_until 15 has_nvf || fail "max_vfs=$f: $(numvfs "$PF") VFs, not $NVF"
		rmmod "$MOD" || fail "rmmod failed"
		numvfs_set 0
	done
	# an address no PF has: none here
	comp_load_cfg max_vfs="0000:ff:1f.7=$NVF" || return 1
	sleep 2
	check_eq "VFs with max_vfs for another address" 0 "$(numvfs "$PF")"
	return 0
}

DECL_MAC=02:5a:17:c0:fe:00

# vf_config for the tests below: a default for every VF, VF 0's MAC and
# VLAN, VF 1's own spoofchk (over the default's) and rate, VF 2's link
# state (which igb has no ndo for: refused, and logged)
comp_vf_config() {
	printf '%s' "$PF/*,spoofchk=off,trust=on;$PF/0,mac=$DECL_MAC,vlan=10,qos=2;$PF/1,spoofchk=on,max_tx_rate=100;$PF/2,state=disable"
}

# check_declared WHEN : VFs 0-2 show what comp_vf_config declares
check_declared() {
	check_eq "$1: vf 0 MAC" "$DECL_MAC" "$(vf_mac "$PFNET" 0)"
	check_eq "$1: vf 0 vlan" 10 "$(vf_get 0 vlan)"
	check_eq "$1: vf 0 qos" 2 "$(vf_get 0 qos)"
	check_eq "$1: vf 0 spoof checking (PF default)" off "$(vf_get 0 checking)"
	check_eq "$1: vf 0 trust (PF default)" on "$(vf_get 0 trust)"
	check_eq "$1: vf 1 spoof checking (its own entry)" on "$(vf_get 1 checking)"
	check_eq "$1: vf 1 trust (PF default)" on "$(vf_get 1 trust)"
	if rate_expected; then
		check_eq "$1: vf 1 max_tx_rate" 100Mbps "$(vf_get 1 max_tx_rate)"
	fi
	check_eq "$1: vf 2 spoof checking (PF default)" off "$(vf_get 2 checking)"
	check_eq "$1: vf 2 trust (PF default)" on "$(vf_get 2 trust)"
	check_eq "$1: vf 2 vlan (none declared)" - "$(vf_get 2 vlan)"
	mac_valid "$(vf_mac "$PFNET" 1)" || fail "$1: vf 1 has no derived MAC"
	mac_valid "$(vf_mac "$PFNET" 2)" || fail "$1: vf 2 has no derived MAC"
}

# igb limits VF rates on the 82576 only
rate_expected() { [ "$(pci_id "$PF")" = 0x8086:0x10c9 ]; }

state_refused() {
	[ "$(dmesg_count_grep companion: VF 2 of "$PFNET": vf_config state disable not applied by "$PFDRV")" -ge 1 ]
}

declared_seen() {
	[ "$(vf_mac "$PFNET" 0)" = "$DECL_MAC" ] && [ "$(vf_get 0 vlan)" = 10 ] &&
		[ "$(vf_get 2 trust)" = on ] && [ "$(vf_get 1 checking)" = on ] &&
		macs_valid && state_refused &&
		{ ! rate_expected || [ "$(vf_get 1 max_tx_rate)" = 100Mbps ]; }
}

# wait_declared WHEN : after a dmesg_mark, VFs 0-2 as declared (a rate
# refused without the PF's link waits up to 30 s for it)
wait_declared() {
	wait_until 40 declared_seen || diag "vf_config not all seen after 40 s"
	check_declared "$1"
	vf_lines "$PFNET" | sed 's/^/#   vf /'
}

need_igb() {
	[ "$PFDRV" = igb ] || {
		skip "needs in-tree igb as the PF driver (this PF has $PFDRV)"
		return 1
	}
	[ "$NVF" -ge 3 ] || {
		skip "needs 3 VFs ($PF has $NVF)"
		return 1
	}
}

test_vf_config_on_create() {
	DESC="vf_config (a PF default, VF entries) applied through $PFDRV's ndos at creation, and again after 0 -> $NVF"
	need_igb || return "$KSFT_SKIP"
	pf_up
	dmesg_mark
	comp_load_cfg max_vfs="$PF=$NVF" "vf_config=$(comp_vf_config)" || return 1
	wait_until 15 has_nvf || fail "$PF has $(numvfs "$PF") VFs, not $NVF"
	wait_declared "at load"
	[ "$(dmesg_count_grep companion: VF 2 of "$PFNET": vf_config state disable not applied by igb)" -eq 1 ] ||
		fail "VF 2's refused state disable not logged once with the PF, VF, setting and error"
	dmesg_since | grep -F 'companion:' | grep -F vf_config | sed 's/^/#   /'
	[ "$(dmesg_count_grep "vf_config is ignored")" -eq 0 ] || fail "'vf_config is ignored' logged"
	dmesg_mark
	numvfs_set 0
	numvfs_set "$NVF"
	wait_declared "after echo 0, echo $NVF"
	[ "$(dmesg_count_grep companion: VF 2 of "$PFNET": vf_config state disable not applied by igb)" -eq 1 ] ||
		fail "VF 2's refused state disable not logged once after the re-creation"
	dmesg_check_clean
}

test_vf_config_once() {
	DESC="vf_config is applied once per creation: an administrator's later change stays when a VF driver binds"
	need_igb || return "$KSFT_SKIP"
	need_vfdrv || return "$KSFT_SKIP"
	pf_up
	sysfs_write "$PCI/devices/$PF/sriov_drivers_autoprobe" 0
	dmesg_mark
	comp_load_cfg "vf_config=$(comp_vf_config)" || return 1
	numvfs_set "$NVF"
	wait_declared "before the change"
	"$IP" link set "$PFNET" vf 1 vlan 20 || fail "ip link set $PFNET vf 1 vlan 20"
	"$IP" link set "$PFNET" vf 1 trust off || fail "ip link set $PFNET vf 1 trust off"
	"$IP" link set "$PFNET" vf 0 spoofchk on || fail "ip link set $PFNET vf 0 spoofchk on"
	dmesg_mark
	# each bind is a look at the VF (BUS_NOTIFY_BOUND_DRIVER); a VF
	# binds only with autoprobe on (or a driver_override)
	sysfs_write "$PCI/devices/$PF/sriov_drivers_autoprobe" 1
	i=0
	while [ "$i" -lt "$NVF" ]; do
		sysfs_write "$PCI/drivers/$VFDRV/bind" "$(vf_bdf "$PF" "$i")" ||
			fail "bind VF $i to $VFDRV: $WERR"
		i=$((i + 1))
	done
	wait_until 20 all_vf_netdevs "$PF" "$NVF" || fail "not every VF has a $VFDRV netdev"
	sleep 2
	check_eq "vf 1 vlan (the administrator's)" 20 "$(vf_get 1 vlan)"
	check_eq "vf 1 trust (the administrator's)" off "$(vf_get 1 trust)"
	check_eq "vf 0 spoof checking (the administrator's)" on "$(vf_get 0 checking)"
	check_eq "vf 0 MAC" "$DECL_MAC" "$(vf_mac "$PFNET" 0)"
	[ "$(dmesg_count_grep companion: vf_config)" -eq 0 ] ||
		fail "vf_config applied again: $(dmesg_since | grep -F 'companion:' | grep -F vf_config)"
	check_vf_netdevs
	dmesg_check_clean
}

test_rmmod_keeps_vendor_state() {
	DESC="rmmod $MOD leaves $PFDRV's VFs and their settings as they are"
	need_igb || return "$KSFT_SKIP"
	pf_up
	dmesg_mark
	comp_load_cfg max_vfs="$PF=$NVF" "vf_config=$(comp_vf_config)" || return 1
	wait_until 15 has_nvf || fail "$PF has $(numvfs "$PF") VFs, not $NVF"
	wait_declared "before rmmod"
	before=$(vf_lines "$PFNET"; "$IP" link show "$PFNET" | grep -E '^ +vf ')
	dmesg_mark
	rmmod "$MOD" || fail "rmmod failed"
	check_eq "$PF sriov_numvfs after rmmod" "$NVF" "$(numvfs "$PF")"
	check_eq "$PF driver after rmmod" "$PFDRV" "$(pci_driver "$PF")"
	check_eq "vf lines after rmmod" "$before" \
		"$(vf_lines "$PFNET"; "$IP" link show "$PFNET" | grep -E '^ +vf ')"
	check_declared "after rmmod"
	dmesg_check_clean
}

# hostile_vf (drives a VF from its BAR), built by the harness next to the
# suite, else here
find_hostile_vf() {
	if [ -x ./hostile_vf ]; then
		HOSTILE=./hostile_vf
		return 0
	fi
	for cc in cc gcc; do
		have "$cc" || continue
		"$cc" -O2 -o "$STATE_DIR/hostile_vf" hostile_vf.c 2>/dev/null || continue
		HOSTILE=$STATE_DIR/hostile_vf
		return 0
	done
	return 1
}

RACE_MAC=02:5a:17:c0:fe:42

test_guest_mac_race() {
	DESC="a MAC the VF sets itself between companion mode's read and its write is kept"
	need_igb || return "$KSFT_SKIP"
	find_hostile_vf || {
		skip "no hostile_vf and no C compiler"
		return "$KSFT_SKIP"
	}
	debugfs_setup
	pf_up
	sysfs_write "$PCI/devices/$PF/sriov_drivers_autoprobe" 0
	comp_load || return 1
	knob=$DBG/companion_assign_delay_ms
	[ -w "$knob" ] || {
		skip "no $knob (debugfs)"
		return "$KSFT_SKIP"
	}
	echo 4000 >"$knob"
	dyn=$DBG_ROOT/dynamic_debug/control
	[ -w "$dyn" ] && echo "module $MOD +p" >"$dyn"
	dmesg_mark
	numvfs_set 1
	# companion mode has read VF 0's zero MAC and waits; the VF, driven
	# from its BAR (its memory decoding on, as a VF driver's probe turns
	# it on), resets and sets its own MAC over the mailbox
	vf0=$(vf_bdf "$PF" 0)
	sysfs_write "$PCI/devices/$vf0/enable" 1 || fail "enable $vf0: $WERR"
	sleep 1
	res=$PCI/devices/$vf0/resource0
	"$HOSTILE" "$res" reset >/dev/null
	"$HOSTILE" "$res" mac "$RACE_MAC"
	rc=$?
	check_eq "$PFDRV's answer to the VF's own MAC (0 ACK)" 0 "$rc"
	sleep 5
	echo 0 >"$knob"
	sysfs_write "$PCI/devices/$vf0/enable" 0
	check_eq "vf 0 MAC after the race" "$RACE_MAC" "$(vf_mac "$PFNET" 0)"
	if [ "$(dmesg_since | grep -cE "companion: VF 0 of $PFNET \(.*\): MAC")" -ne 0 ]; then
		fail "companion mode set VF 0's MAC over the VF's own"
	fi
	if [ -w "$dyn" ]; then
		[ "$(dmesg_count_grep companion: VF 0 of "$PFNET" chosen meanwhile, kept)" -eq 1 ] ||
			fail "no debug line 'companion: VF 0 of $PFNET: ... chosen meanwhile, kept'"
		echo "module $MOD -p" >"$dyn"
	fi
	dmesg_since | grep -F companion | sed 's/^/#   /'
	dmesg_check_clean
}

run_tests "$ALL_TESTS"
exit $?
