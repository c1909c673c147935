#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317,SC2119 # test functions are called indirectly
#
# VF settings on an Intel 82576 / I350 PF (QEMU -device igb), declared and
# made at run time:
#   - vf_config= at load: the MAC, port VLAN, trust, spoofchk and link state
#     it declares are what igbvf gets on its very first probe (igbvf loaded
#     before the VFs exist, so it probes inside pci_enable_sriov());
#   - a bad vf_config entry fails the load, with a message naming it;
#   - ip link set PF vf N ... for a VF that is not enabled yet is kept and
#     applied when the VF is, and survives sriov_numvfs 3 -> 0 -> 3;
#   - link state: "disable" takes the carrier of the VF's igbvf netdev
#     down (also across an igbvf rebind), "auto" brings it back; "enable"
#     (link up whatever the port's link) is refused, as ip link and as
#     vf_config: a VF reads the port's link itself.
#
# Needs a copper 82576/I350 PF (8086:10c9/10e8/150a/1526/1521) that is
# unbound, bound to sriov_pf, or bound to igb without VFs (it is taken from
# igb and given back at exit).

cd "$(dirname "$0")" || exit 1
# shellcheck source=lib.sh
. ./lib.sh
ktap_print_header

ALL_TESTS="
	test_declared_first_probe
	test_declared_bad_entry
	test_set_before_enable
	test_link_state_carrier
"

# shellcheck source=lib_igb.sh
. ./lib_igb.sh

# three VFs are enough here, and cheaper to enable under TCG
NVF=3
NS1=spf-vc1
NS2=spf-vc2
MAC0=02:5a:17:c0:00:10
MAC1=02:5a:17:c0:00:11
MAC2=02:5a:17:c0:00:12
VID=100

vc_cleanup() {
	"$IP" netns del "$NS1" 2>/dev/null
	"$IP" netns del "$NS2" 2>/dev/null
}

cleanup_add subtest vc_cleanup
cleanup_add exit vc_cleanup
igb_setup

# ---------------------------------------------------------------- helpers

# vf_dev N : the igbvf netdev of VF N, once it exists
vf_dev() {
	wait_until 20 has_netdev "$(vf_bdf "$PF" "$1")" || return 1
	vf_netdev "$PF" "$1"
}

# line_has N WHAT... : the `ip link` line of VF N has every WHAT
line_has() {
	_n=$1
	shift
	_l=$(vf_line "$PFNET" "$_n")
	for _w in "$@"; do
		case $_l in
		*"$_w"*) ;;
		*) fail "vf $_n line lacks '$_w': $_l" ;;
		esac
	done
}

# vf_ns N NS ADDR : VF N's netdev into namespace NS, up, with ADDR/24
vf_ns() {
	_d=$(vf_dev "$1") || {
		fail "VF $1 has no igbvf netdev"
		return 1
	}
	"$IP" netns add "$2" || fail "ip netns add $2 failed"
	"$IP" link set "$_d" netns "$2" || fail "cannot move $_d into $2"
	"$IP" -n "$2" link set "$_d" up || fail "cannot bring $_d up in $2"
	"$IP" -n "$2" addr add "$3/24" dev "$_d" || fail "cannot add $3 to $_d"
	wait_until 10 test "$("$IP" netns exec "$2" cat "/sys/class/net/$_d/carrier" 2>/dev/null)" = 1 ||
		diag "$_d has no carrier in $2"
}

# carrier_is DEV 0|1
carrier_is() { [ "$(cat "/sys/class/net/$1/carrier" 2>/dev/null)" = "$2" ]; }

# stays_down DEV SECONDS : no carrier on DEV for SECONDS
stays_down() {
	_n=$(($2 * _PER_S))
	while [ "$_n" -gt 0 ]; do
		carrier_is "$1" 0 || return 1
		sleep "$_STEP"
		_n=$((_n - 1))
	done
	return 0
}

# ---------------------------------------------------------------- tests

test_declared_first_probe() {
	DESC="vf_config's MAC, VLAN, trust, spoofchk and link state reach igbvf's first probe"
	load_igbvf || return "$KSFT_SKIP"
	dmesg_mark
	pf_load "vf_config=$PF/0,mac=$MAC0,trust=on;$PF/1,mac=$MAC1,vlan=$VID,qos=2,spoofchk=off;$PF/2,mac=$MAC2,vlan=$VID,state=disable" ||
		return 1
	check_eq "'vf_config: settings of 3 VFs applied' lines" 1 \
		"$(dmesg_count_grep "$PF" vf_config: settings of 3 VFs applied)"
	# spoofchk as ip link reports it; QEMU's 82576 drops no spoofed
	# frame (sriov_pf_82576.sh test_vf_knobs checks the register bits)
	line_has 0 "$MAC0" "trust on" "spoof checking on" "link-state auto"
	line_has 1 "$MAC1" "vlan $VID, qos 2" "spoof checking off" "trust off"
	line_has 2 "$MAC2" "vlan $VID" "link-state disable"
	check_eq "/sys/module/$MOD/parameters/vf_config" \
		"$PF/0,mac=$MAC0,trust=on;$PF/1,mac=$MAC1,vlan=$VID,qos=2,spoofchk=off;$PF/2,mac=$MAC2,vlan=$VID,state=disable" \
		"$(cat "/sys/module/$MOD/parameters/vf_config")"
	# igbvf probed inside pci_enable_sriov(): its first MACs
	check_vf_netdev_macs
	# trust as igbvf sees it: VF 0 may replace its administrator's MAC,
	# untrusted VF 1 may not
	d0=$(vf_dev 0)
	d1=$(vf_dev 1)
	d2=$(vf_dev 2)
	"$IP" link set "$d0" address 02:5a:17:c0:00:20 ||
		fail "trusted VF 0 ($d0) cannot change its MAC"
	if "$IP" link set "$d1" address 02:5a:17:c0:00:21 2>/dev/null; then
		fail "untrusted VF 1 ($d1) replaced its administrator's MAC"
	fi
	check_eq "VF 1 ($d1) address" "$MAC1" "$(vf_netdev_mac 1)"
	# link state disable: no carrier, though the netdev is up
	"$IP" link set "$d2" up
	stays_down "$d2" 3 || fail "VF 2 ($d2), declared state=disable, has a carrier"
	"$IP" link set "$d2" down
	# the port VLAN: VFs 1 and 2 (both in VLAN $VID) reach each other;
	# VF 1 and VF 0 (untagged) do not
	"$IP" link set "$PFNET" vf 2 state auto || fail "vf 2 state auto failed"
	vf_ns 1 "$NS1" 192.168.79.1
	vf_ns 2 "$NS2" 192.168.79.2
	if ! "$IP" netns exec "$NS1" ping -c 3 -W 2 192.168.79.2 >/dev/null 2>&1 &&
		! "$IP" netns exec "$NS1" ping -c 3 -W 2 192.168.79.2; then
		fail "VF 1 cannot ping VF 2 in port VLAN $VID"
	fi
	"$IP" netns del "$NS2"
	wait_until 10 has_netdev "$(vf_bdf "$PF" 2)"
	vf_ns 0 "$NS2" 192.168.79.2
	if "$IP" netns exec "$NS1" ping -c 2 -W 1 192.168.79.2 >/dev/null 2>&1; then
		fail "VF 1 (port VLAN $VID) reaches VF 0 (untagged)"
	fi
	check_no_random_mac
	dmesg_check_clean
}

test_declared_bad_entry() {
	DESC="a bad vf_config entry fails the load and is named; a VF the PF lacks is named at probe"
	for bad in "$PF/0,vlan=5000" "$PF/0,mac=01:00:5e:00:00:01" "$PF/1,trust=on;$PF/1,state=disable" \
		"$PF/0,colour=blue" "$PF,trust=on" "$PF/0,state=enable" "$PF/0,vlan=0,qos=3"; do
		dmesg_mark
		if mod_load max_vfs=0 "vf_config=$PF/2,trust=on;$bad"; then
			fail "load with vf_config entry '$bad' succeeded"
			rmmod "$MOD"
			continue
		fi
		# the bad entry is the last one, the good one before it is not named
		last=${bad##*;}
		check_eq "lines naming vf_config entry \"$last\"" 1 \
			"$(dmesg_since | grep -cF "invalid vf_config entry \"$last\"")"
		mod_loaded && fail "$MOD loaded after a bad vf_config"
	done
	dmesg_since | grep -F "invalid vf_config" | head -n 2 | sed 's/^/#   /'
	# well-formed, but the PF has no VF 9: the PF binds, the entry is named
	dmesg_mark
	pf_load max_vfs=0 "vf_config=$PF/9,trust=on;$PF/1,trust=on" || return 1
	check_eq "lines naming \"$PF/9,trust=on\" as not applied" 1 \
		"$(dmesg_since | grep -cF "vf_config \"$PF/9,trust=on\" not applied")"
	numvfs_set 2
	line_has 1 "trust on"
	dmesg_check_clean
}

test_set_before_enable() {
	DESC="ip link set for VFs not yet enabled is kept, applied at enable and across 3->0->3"
	load_igbvf || return "$KSFT_SKIP"
	pf_load max_vfs=0 || return 1
	tot=$(totalvfs "$PF")
	dmesg_mark
	"$IP" link set "$PFNET" vf 2 mac "$MAC2" vlan "$VID" qos 1 ||
		fail "ip link set $PFNET vf 2 mac/vlan with no VFs enabled failed"
	"$IP" link set "$PFNET" vf 1 trust on spoofchk off ||
		fail "ip link set $PFNET vf 1 trust/spoofchk with no VFs enabled failed"
	"$IP" link set "$PFNET" vf $((tot - 1)) state disable ||
		fail "ip link set $PFNET vf $((tot - 1)) (the last one) with no VFs failed"
	"$IP" link set "$PFNET" vf $((tot - 1)) state auto ||
		fail "ip link set $PFNET vf $((tot - 1)) state auto with no VFs failed"
	if "$IP" link set "$PFNET" vf "$tot" trust on 2>/dev/null; then
		fail "vf $tot (= sriov_totalvfs) accepted"
	fi
	numvfs_set "$NVF"
	check_vfs "$PF" "$NVF"
	line_has 2 "$MAC2" "vlan $VID, qos 1"
	line_has 1 "trust on" "spoof checking off"
	def0=$(vf_mac "$PFNET" 0)
	# igbvf's probe inside pci_enable_sriov() got the MAC
	check_vf_netdev_macs
	check_eq "VF 2 netdev address" "$MAC2" "$(vf_netdev_mac 2)"
	numvfs_set 0
	numvfs_set "$NVF"
	line_has 2 "$MAC2" "vlan $VID, qos 1"
	line_has 1 "trust on" "spoof checking off"
	check_eq "VF 0 default MAC after 3->0->3" "$def0" "$(vf_mac "$PFNET" 0)"
	check_vf_netdev_macs
	dmesg_check_clean
}

test_link_state_carrier() {
	DESC="state disable takes igbvf's carrier down, also across its reset; auto brings it back; enable is refused"
	load_igbvf || return "$KSFT_SKIP"
	pf_load max_vfs=1 || return 1
	d=$(vf_dev 0) || {
		fail "VF 0 has no igbvf netdev"
		return 1
	}
	dmesg_mark
	"$IP" link set "$d" up || fail "cannot bring $d up"
	wait_until 10 carrier_is "$d" 1 || fail "$d: no carrier with state auto"
	"$IP" link set "$PFNET" vf 0 state disable || fail "vf 0 state disable failed"
	wait_until 10 carrier_is "$d" 0 || fail "$d: carrier still up after state disable"
	stays_down "$d" 3 || fail "$d: carrier back while disabled"
	# "link up whatever the port does" cannot be had: refused, no change
	"$IP" link set "$PFNET" vf 0 state enable 2>/dev/null &&
		fail "vf 0 state enable accepted"
	stays_down "$d" 3 || fail "$d: carrier back after the refused state enable"
	"$IP" link set "$PFNET" vf 0 state auto || fail "vf 0 state auto failed"
	wait_until 10 carrier_is "$d" 1 || fail "$d: no carrier after state auto"
	# disabled across an igbvf rebind (VF reset): the VF is told again
	"$IP" link set "$PFNET" vf 0 state disable || fail "vf 0 state disable failed"
	wait_until 10 carrier_is "$d" 0 || fail "$d: carrier still up after the second disable"
	rebind_vf 0
	d=$(vf_dev 0)
	"$IP" link set "$d" up || fail "cannot bring $d up after rebind"
	stays_down "$d" 3 || fail "$d: carrier up after rebind while disabled"
	"$IP" link set "$PFNET" vf 0 state auto || fail "vf 0 state auto failed"
	wait_until 10 carrier_is "$d" 1 || fail "$d: no carrier after state auto"
	dmesg_check_clean
}

run_tests "$ALL_TESTS"
exit $?
