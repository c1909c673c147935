#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317,SC2119 # test functions are called indirectly
#
# The PF's own datapath on an Intel 82576 / I350 PF (QEMU -device igb):
# the PF netdev in the host namespace and an igbvf VF in another network
# namespace ping and stream to each other through the NIC's internal
# switch, over IPv4 and IPv6 (the PF's multicast filter), with standard
# and jumbo frames and MTU changes under traffic; the PF reaches the wire
# (QEMU's gateway) with and without VFs, at the same time as a VF does; a
# host VLAN on the PF talks to a VF under the same port VLAN and is
# isolated from a VF under another; ip -s link and ethtool count the PF's
# traffic, ethtool -i/-k/-g and link settings answer, ethtool -a/-A
# resolve, force and renegotiate flow control; the PF netdev goes down and
# up, and the module unloads, with traffic running; a transmit stall
# injected through debugfs is found by the netdev watchdog and undone by
# the driver's datapath reset, or its device reset, after which PF and VFs
# talk again and the VFs have their MACs; the PF's MAC changes (ip link
# set address, and as the second slave of an active-backup bond) with
# traffic through the internal switch, and the VFs' MACs do not.
#
# Needs a copper 82576/I350 PF (8086:10c9/10e8/150a/1526/1521) that is
# unbound, bound to sriov_pf, or bound to igb without VFs (it is taken from
# igb and given back at exit).

cd "$(dirname "$0")" || exit 1
# shellcheck source=lib.sh
. ./lib.sh
ktap_print_header

ALL_TESTS="
	test_pf_wire
	test_pf_vf_ping
	test_pf_vf_stream
	test_pf_vf_ipv6
	test_mtu_jumbo
	test_pf_vf_wire_together
	test_vlan_isolation
	test_numvfs_traffic
	test_bridge_uplink
	test_ethtool
	test_pause
	test_updown_traffic
	test_reset_traffic
	test_tx_stall_reset
	test_tx_stall_device_reset
	test_pf_mac_change
	test_pf_bond_slave
	test_rmmod_traffic
"

# shellcheck source=lib_igb.sh
. ./lib_igb.sh

NS=spf-dp
NS2=spf-dp2
PF_IP=192.168.77.1
VF_IP2=192.168.77.2
# host VLAN 10 on the PF; VF 1 under port VLAN 10, VF 0 under port VLAN 20
VL=spfv10
VL_PF=192.168.78.1
VL_VF1=192.168.78.2
VL_VF0=192.168.78.3
PORT=5001
# bytes per stream: enough for a few thousand frames under TCG
STREAM_MB=${SRIOV_PF_STREAM_MB:-32}
# 100 take about 95 s under TCG: the ci profile runs SRIOV_PF_CYCLES (10)
UPDOWN_CYCLES=${SRIOV_PF_UPDOWN_CYCLES:-${SRIOV_PF_CYCLES:-100}}
BG_PIDS=
VFNET=
BR=br-spf
BOND=spfbond0
DUMMY=spfdummy0
# a locally administered unicast MAC for the PF
PF_NEW_MAC=02:5a:17:00:0f:01

dp_cleanup_bg() {
	for _p in $BG_PIDS; do
		kill "$_p" 2>/dev/null
	done
	for _p in $BG_PIDS; do
		wait "$_p" 2>/dev/null
	done
	BG_PIDS=
}

dp_cleanup() {
	dp_cleanup_bg
	"$IP" netns del "$NS" 2>/dev/null
	"$IP" netns del "$NS2" 2>/dev/null
	"$IP" link del "$BR" 2>/dev/null
	"$IP" link del "$BOND" 2>/dev/null
	"$IP" link del "$DUMMY" 2>/dev/null
	for _v in /sys/class/net/spfv*; do
		[ -e "$_v" ] && "$IP" link del "${_v##*/}" 2>/dev/null
	done
	if [ -n "$PFNET" ] && [ -e "/sys/class/net/$PFNET" ]; then
		"$IP" addr flush dev "$PFNET" 2>/dev/null
		"$IP" link set "$PFNET" down 2>/dev/null
	fi
	VFNET=
}

cleanup_add subtest dp_cleanup
cleanup_add exit dp_cleanup
igb_setup
"$IP" netns add "$NS.probe" 2>/dev/null || skip_all "no network namespaces (CONFIG_NET_NS)"
"$IP" netns del "$NS.probe"

# ---------------------------------------------------------------- helpers

nsx() { "$IP" netns exec "$NS" "$@"; }

# nsn NETNS cmd... : cmd in NETNS
nsn() {
	local ns=$1
	shift
	"$IP" netns exec "$ns" "$@"
}

# ns_carrier_up NETNS DEV
ns_carrier_up() { [ "$(nsn "$1" cat "/sys/class/net/$2/carrier" 2>/dev/null)" = 1 ]; }

stat_of() { cat "/sys/class/net/$1/statistics/$2"; }

# pf_up_addr ADDR/LEN : PF netdev up with ADDR, carrier within 10 s
pf_up_addr() {
	"$IP" link set "$PFNET" up || fail "cannot bring $PFNET up"
	"$IP" addr add "$1" dev "$PFNET" || fail "cannot add $1 to $PFNET"
	wait_until 10 carrier_up "$PFNET" || fail "$PFNET has no carrier"
}

# no_ipv6 DEV : no IPv6 (and so no frames of its own) on DEV; nothing
# to do without IPv6
no_ipv6() { echo 1 >"/proc/sys/net/ipv6/conf/$1/disable_ipv6" 2>/dev/null; }

vf_has_netdev() { [ -n "$(vf_netdev "$PF" "$1")" ]; }

# vf_to_ns [VF [NETNS [ADDR [noipv6]]]] : the VF's igbvf netdev (VF 0)
# into NETNS ($NS) with ADDR/24 ($VF_IP2), up; with noipv6 it sends no
# frame of its own.  Sets VFNET.
vf_to_ns() {
	local vf=${1:-0} ns=${2:-$NS} addr=${3:-$VF_IP2}

	load_igbvf || return 1
	# only this VF: one moved to a namespace has no netdev here
	wait_until 20 vf_has_netdev "$vf" || {
		fail "VF $vf has no igbvf netdev"
		return 1
	}
	VFNET=$(vf_netdev "$PF" "$vf")
	"$IP" netns add "$ns" || fail "ip netns add $ns failed"
	# a device moved in takes the namespace's defaults
	if [ "$4" = noipv6 ]; then
		nsn "$ns" sh -c 'echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6' 2>/dev/null
	fi
	"$IP" link set "$VFNET" netns "$ns" || {
		fail "cannot move $VFNET into $ns"
		return 1
	}
	nsn "$ns" "$IP" link set lo up
	nsn "$ns" "$IP" link set "$VFNET" up || fail "cannot bring $VFNET up in $ns"
	nsn "$ns" "$IP" addr add "$addr/24" dev "$VFNET" || fail "cannot add $addr to $VFNET"
	wait_until 10 ns_carrier_up "$ns" "$VFNET" || fail "$VFNET has no carrier in $ns"
	return 0
}

# pf_vf_setup : module with 7 VFs, PF up with $PF_IP, VF 0 in $NS
pf_vf_setup() {
	pf_load || return 1
	pf_up_addr "$PF_IP/24"
	vf_to_ns
}

# pf_vf_traffic WHEN : pf_vf_setup, then UDP from the PF to the VF and
# pings from the VF to the PF in the background
pf_vf_traffic() {
	pf_vf_setup || return 1
	ping_ok "PF cannot reach the VF before $1" ping -c 2 -W 5 "$VF_IP2" || return 1
	udp_blast "$VF_IP2"
	nsx ping -i 0.05 "$PF_IP" >/dev/null 2>&1 &
	BG_PIDS="$BG_PIDS $!"
}

# ping_ok WHAT cmd... : the ping command must get answers
ping_ok() {
	_w=$1
	shift
	if ! "$@" >/dev/null 2>&1; then
		# once more, verbose, for the log
		"$@" 2>&1 | sed 's/^/#   /'
		fail "$_w"
		return 1
	fi
	return 0
}

# stream to_vf|to_pf : STREAM_MB MiB over TCP from the PF to the VF (the
# listener in $NS) or back; the listener must count every byte
stream() {
	_out=$STATE_DIR/stream.out _want=$((STREAM_MB * 1048576))
	_dd="dd if=/dev/zero bs=64k count=$((STREAM_MB * 16)) 2>/dev/null"
	rm -f "$_out"
	if [ "$1" = to_vf ]; then
		_dst=$VF_IP2
		nsx timeout 100 nc -l -p "$PORT" </dev/null >"$_out" &
	else
		_dst=$PF_IP
		timeout 100 nc -l -p "$PORT" </dev/null >"$_out" &
	fi
	_lpid=$!
	sleep 1
	_snd="exec 3<>/dev/tcp/$_dst/$PORT && $_dd >&3"
	_t0=$(date +%s)
	if [ "$1" = to_vf ]; then
		timeout 100 bash -c "$_snd" || fail "TCP stream to $_dst:$PORT failed"
	else
		nsx timeout 100 bash -c "$_snd" || fail "TCP stream to $_dst:$PORT failed"
	fi
	wait "$_lpid"
	_t=$(($(date +%s) - _t0))
	_got=$(wc -c <"$_out" 2>/dev/null || echo 0)
	diag "stream $1: $_got bytes in ${_t}s"
	check_eq "bytes received from a $STREAM_MB MiB stream $1" "$_want" "$_got"
}

# udp_blast DST : background UDP sender from the host namespace
udp_blast() {
	(exec 3>"/dev/udp/$1/9" || exit 1
	 while :; do printf '%1200s' x >&3 2>/dev/null; done) &
	BG_PIDS="$BG_PIDS $!"
}

# ---------------------------------------------------------------- tests

test_pf_wire() {
	DESC="the PF netdev pings the gateway ($GW_IP) with 0 and 7 VFs; ip -s link counts it"
	ping_possible || return "$KSFT_SKIP"
	for n in 0 "$NVF"; do
		dmesg_mark
		pf_load max_vfs="$n" || return 1
		diag "$(dmesg_since | grep -o '82576 backend: .*\|I350 backend: .*' | head -n 1)"
		rx0=$(stat_of "$PFNET" rx_packets)
		tx0=$(stat_of "$PFNET" tx_packets)
		pf_up_addr "$VF_IP"
		ping_ok "$PFNET ($VF_IP) cannot ping $GW_IP with $n VFs" \
			ping -c 5 -W 5 "$GW_IP"
		rx=$(($(stat_of "$PFNET" rx_packets) - rx0))
		tx=$(($(stat_of "$PFNET" tx_packets) - tx0))
		diag "$n VFs: $PFNET rx $rx tx $tx packets"
		[ "$rx" -ge 5 ] || fail "$PFNET rx_packets grew by $rx over 5 echo replies"
		[ "$tx" -ge 5 ] || fail "$PFNET tx_packets grew by $tx over 5 echo requests"
		"$IP" -s link show "$PFNET" | head -n 6 | sed 's/^/#   /'
		dp_cleanup
		rmmod "$MOD" || fail "rmmod $MOD failed"
		dmesg_check_clean "$n VFs"
	done
}

test_pf_vf_ping() {
	DESC="PF (host namespace) and VF 0 (igbvf, own namespace) ping each other"
	dmesg_mark
	pf_vf_setup || return 1
	ping_ok "VF ($VF_IP2 in $NS) cannot ping the PF ($PF_IP)" \
		nsx ping -c 5 -W 5 "$PF_IP"
	ping_ok "PF ($PF_IP) cannot ping the VF ($VF_IP2)" \
		ping -c 5 -W 5 "$VF_IP2"
	ping_ok "PF cannot ping the VF with 1400-byte payloads" \
		ping -c 3 -s 1400 -W 5 "$VF_IP2"
	dmesg_check_clean
}

tx_tso() { ethtool -S "$PFNET" 2>/dev/null | sed -n 's/^[[:space:]]*tx_tso:[[:space:]]*//p'; }

test_pf_vf_stream() {
	DESC="TCP streams PF -> VF (TSO) and VF -> PF through the internal switch"
	dmesg_mark
	pf_vf_setup || return 1
	ping_ok "PF cannot reach the VF before streaming" ping -c 2 -W 5 "$VF_IP2" || return 1
	rx0=$(stat_of "$PFNET" rx_bytes)
	tx0=$(stat_of "$PFNET" tx_bytes)
	tso0=$(tx_tso)
	stream to_vf
	# ethtool -S tx_tso: packets the NIC cut into segments
	if have ethtool && ethtool -k "$PFNET" | grep -q '^tcp-segmentation-offload: on'; then
		tso=$(($(tx_tso) - tso0))
		diag "PF -> VF: $tso packets segmented by the NIC"
		[ "$tso" -gt 0 ] || fail "TSO on, yet the NIC segmented none of the stream's packets"
	fi
	stream to_pf
	rx=$(($(stat_of "$PFNET" rx_bytes) - rx0))
	tx=$(($(stat_of "$PFNET" tx_bytes) - tx0))
	diag "$PFNET: rx $rx tx $tx bytes"
	[ "$tx" -ge $((STREAM_MB * 1048576)) ] || fail "$PFNET tx_bytes grew by $tx only"
	[ "$rx" -ge $((STREAM_MB * 1048576)) ] || fail "$PFNET rx_bytes grew by $rx only"
	dmesg_check_clean
}

test_pf_vf_ipv6() {
	DESC="IPv6 between the PF and VF 0: neighbour discovery through the PF's multicast filter"
	dmesg_mark
	pf_vf_setup || return 1
	"$IP" -6 addr add fd00:77::1/64 dev "$PFNET" nodad || fail "cannot add fd00:77::1 to $PFNET"
	nsx "$IP" -6 addr add fd00:77::2/64 dev "$VFNET" nodad || fail "cannot add fd00:77::2 to $VFNET"
	# the VF first: its neighbour solicitation is multicast to the PF
	ping_ok "VF cannot ping the PF over IPv6" nsx ping -6 -c 3 -W 5 fd00:77::1
	ping_ok "PF cannot ping the VF over IPv6" ping -6 -c 3 -W 5 fd00:77::2
	dmesg_check_clean
}

test_mtu_jumbo() {
	DESC="MTU 9000 on the PF and VF 0: jumbo pings and streams; MTU changes with traffic"
	dmesg_mark
	pf_vf_setup || return 1
	"$IP" link set "$PFNET" mtu 9000 || fail "$PFNET does not take MTU 9000"
	nsx "$IP" link set "$VFNET" mtu 9000 || fail "$VFNET does not take MTU 9000"
	check_eq "$PFNET mtu" 9000 "$(cat "/sys/class/net/$PFNET/mtu")"
	ping_ok "PF cannot ping the VF with 8000-byte payloads" \
		ping -c 3 -s 8000 -W 5 "$VF_IP2"
	ping_ok "VF cannot ping the PF with 8000-byte payloads" \
		nsx ping -c 3 -s 8000 -W 5 "$PF_IP"
	stream to_vf
	stream to_pf

	udp_blast "$VF_IP2"
	for m in 1500 9000 1500 4000 9000 1500; do
		"$IP" link set "$PFNET" mtu "$m" || fail "MTU $m refused with traffic running"
		sleep 0.3
	done
	dp_cleanup_bg
	ping_ok "PF cannot ping the VF after the MTU changes" ping -c 3 -W 5 "$VF_IP2"
	# MTU 1500: the PF's pool takes no jumbo frame any more
	if nsx ping -c 2 -s 8000 -W 2 "$PF_IP" >/dev/null 2>&1; then
		fail "the PF at MTU 1500 received 8000-byte frames"
	fi
	ping_ok "VF cannot ping the PF with 1400-byte payloads at MTU 1500" \
		nsx ping -c 3 -s 1400 -W 5 "$PF_IP"
	dmesg_check_clean
}

test_pf_vf_wire_together() {
	DESC="PF and VF 0 ping the gateway ($GW_IP) at the same time"
	ping_possible || return "$KSFT_SKIP"
	dmesg_mark
	pf_load || return 1
	pf_up_addr "$VF_IP"
	vf_to_ns || return 1
	nsx "$IP" addr flush dev "$VFNET"
	nsx "$IP" addr add 10.0.2.16/24 dev "$VFNET" || fail "cannot add 10.0.2.16 to $VFNET"
	nsx ping -c 10 -i 0.2 -W 5 "$GW_IP" >"$STATE_DIR/vfping" 2>&1 &
	vfp=$!
	ping_ok "PF cannot ping $GW_IP while the VF does" ping -c 10 -i 0.2 -W 5 "$GW_IP"
	if ! wait "$vfp"; then
		sed 's/^/#   /' "$STATE_DIR/vfping"
		fail "VF cannot ping $GW_IP while the PF does"
	fi
	dmesg_check_clean
}

# in_ns NETNS cmd... : cmd in NETNS, or here for "-"
in_ns() {
	local ns=$1
	shift
	if [ "$ns" = - ]; then
		"$@"
	else
		nsn "$ns" "$@"
	fi
}

# rx_of NETNS DEV : rx_packets of DEV in NETNS ("-": here)
rx_of() { in_ns "$1" cat "/sys/class/net/$2/statistics/rx_packets"; }

# arp_burst NETNS DEV DST : 3 broadcast ARP requests for DST out of DEV
arp_burst() {
	in_ns "$1" arping -b -c 3 -w 4 -I "$2" "$3" >/dev/null 2>&1
	return 0
}

# rx_during WHAT NETNS DEV cmd... : rx_packets DEV in NETNS got while
# cmd ran (into RXD), with a diagnostic
rx_during() {
	local what=$1 ns=$2 dev=$3 r0
	shift 3
	r0=$(rx_of "$ns" "$dev")
	"$@"
	RXD=$(($(rx_of "$ns" "$dev") - r0))
	diag "$what: $dev received $RXD frames"
}

test_vlan_isolation() {
	DESC="host VLAN 10 on the PF: VF 1 under port VLAN 10 reached (ARP, ping, TCP), VF 0 under port VLAN 20 never, either way; 8 host VLANs with 7 VFs, not 9"
	have arping || {
		skip "no arping"
		return "$KSFT_SKIP"
	}
	dmesg_mark
	pf_load || return 1
	"$IP" link set "$PFNET" vf 0 vlan 20 || fail "port VLAN 20 on VF 0 refused"
	"$IP" link set "$PFNET" vf 1 vlan 10 || fail "port VLAN 10 on VF 1 refused"
	no_ipv6 "$PFNET"
	modprobe 8021q 2>/dev/null
	if [ ! -d /proc/net/vlan ]; then
		skip "no 802.1Q VLAN devices (8021q)"
		return "$KSFT_SKIP"
	fi
	"$IP" link add link "$PFNET" name "$VL" type vlan id 10 ||
		fail "cannot add host VLAN 10 on $PFNET"
	no_ipv6 "$VL"
	"$IP" link set "$PFNET" up || fail "cannot bring $PFNET up"
	"$IP" addr add "$VL_PF/24" dev "$VL" || fail "cannot add $VL_PF to $VL"
	"$IP" link set "$VL" up
	wait_until 10 carrier_up "$VL" || fail "$VL has no carrier"
	vf_to_ns 0 "$NS" "$VL_VF0" noipv6 || return 1
	vf0=$VFNET
	vf_to_ns 1 "$NS2" "$VL_VF1" noipv6 || return 1
	vf1=$VFNET

	# Nobody has sent anything yet, and nobody sends on their own: each
	# burst below is all the traffic there is.  A broadcast reaches
	# every pool of its VLAN; a tag that leaked would show on the others.
	rx_during "3 ARP broadcasts on the PF's VLAN 10" "$NS" "$vf0" \
		arp_burst - "$VL" "$VL_VF0"
	check_eq "frames VF 0 (port VLAN 20) got from the PF's VLAN 10" 0 "$RXD"
	rx_during "3 ARP broadcasts on the PF's VLAN 10" "$NS2" "$vf1" \
		arp_burst - "$VL" "$VL_VF0"
	[ "$RXD" -ge 3 ] || fail "VF 1 (port VLAN 10) got $RXD of the PF's 3 VLAN 10 broadcasts"
	rx_during "3 ARP broadcasts of VF 0 (VLAN 20)" - "$PFNET" \
		arp_burst "$NS" "$vf0" "$VL_PF"
	check_eq "frames the PF got from VF 0's VLAN 20" 0 "$RXD"
	rx_during "3 ARP broadcasts of VF 1 (VLAN 10)" - "$PFNET" \
		arp_burst "$NS2" "$vf1" "$VL_PF"
	[ "$RXD" -ge 3 ] || fail "the PF got $RXD of VF 1's 3 VLAN 10 broadcasts"

	ping_ok "$VL cannot ping VF 1 on VLAN 10" ping -c 3 -W 5 "$VL_VF1"
	ping_ok "VF 1 cannot ping $VL with 1400-byte payloads" \
		nsn "$NS2" ping -c 3 -s 1400 -W 5 "$VL_PF"
	if ping -c 2 -W 2 "$VL_VF0" >/dev/null 2>&1; then
		fail "$VL (VLAN 10) reached VF 0 (port VLAN 20)"
	fi
	PF_IP=$VL_PF VF_IP2=$VL_VF1 NS=$NS2 stream to_vf
	PF_IP=$VL_PF VF_IP2=$VL_VF1 NS=$NS2 stream to_pf

	# the PF's share of the VLAN filter table with 7 VFs: 8 host VLANs
	for v in 11 12 13 14 15 16 17; do
		"$IP" link add link "$PFNET" name "spfv$v" type vlan id "$v" ||
			fail "host VLAN $v refused: the PF has $((v - 10)) of its 8 with 7 VFs"
	done
	dmesg_mark
	if "$IP" link add link "$PFNET" name spfv18 type vlan id 18 2>/dev/null; then
		fail "a 9th host VLAN was accepted with 7 VFs"
	fi
	check_eq "'all it may have with $NVF VFs' lines" 1 \
		"$(dmesg_count_grep "host VLAN 18" "all it may have with $NVF VFs")"
	dmesg_check_clean
}

test_numvfs_traffic() {
	DESC="sriov_numvfs 7 -> 0 -> 7 -> 3 with the PF up and sending: the PF keeps its traffic"
	ping_possible || return "$KSFT_SKIP"
	dmesg_mark
	pf_load || return 1
	pf_up_addr "$VF_IP"
	ping_ok "PF cannot ping $GW_IP before the changes" ping -c 2 -W 5 "$GW_IP" || return 1
	udp_blast "$GW_IP"
	for n in 0 "$NVF" 0 3; do
		numvfs_set "$n"
		check_vfs "$PF" "$n"
		ping_ok "PF cannot ping $GW_IP with $n VFs" ping -c 2 -W 5 "$GW_IP"
	done
	dp_cleanup_bg
	dmesg_check_clean
}

test_bridge_uplink() {
	DESC="a Linux bridge with the PF as its uplink reaches the VF and the gateway"
	ping_possible || return "$KSFT_SKIP"
	modprobe bridge 2>/dev/null
	if [ ! -d /sys/module/bridge ]; then
		skip "no bridge module"
		return "$KSFT_SKIP"
	fi
	dmesg_mark
	pf_load || return 1
	"$IP" link set "$PFNET" up || fail "cannot bring $PFNET up"
	vf_to_ns || return 1
	"$IP" link add "$BR" type bridge || fail "cannot create $BR"
	"$IP" link set "$PFNET" master "$BR" || fail "cannot enslave $PFNET to $BR"
	"$IP" link set "$BR" up
	"$IP" addr add "$PF_IP/24" dev "$BR" || fail "cannot add $PF_IP to $BR"
	"$IP" addr add "$VF_IP" dev "$BR" || fail "cannot add $VF_IP to $BR"
	wait_until 10 carrier_up "$BR" || fail "$BR has no carrier"
	# forwarding starts after the bridge's listening/learning delay
	wait_until 40 ping -c 1 -W 1 "$VF_IP2" >/dev/null 2>&1 ||
		fail "$BR cannot ping the VF within 40 s"
	ping_ok "$BR cannot ping the VF" ping -c 3 -W 5 "$VF_IP2"
	ping_ok "the VF cannot ping $BR" nsx ping -c 3 -W 5 "$PF_IP"
	ping_ok "$BR cannot ping $GW_IP" ping -c 3 -W 5 "$GW_IP"
	"$IP" link show "$PFNET" | grep -q PROMISC ||
		diag "note: $PFNET is not promiscuous under $BR"
	"$IP" link del "$BR"
	dmesg_check_clean
}

# ethtool_field OUTPUT KEY : the value after "KEY:" in ethtool's output
ethtool_field() {
	printf '%s\n' "$1" | sed -n "s/^[[:space:]]*$2:[[:space:]]*//p" | head -n 1
}

test_ethtool() {
	DESC="ethtool -i/-k/-g/-S and link settings on the PF netdev"
	if ! have ethtool; then
		skip "no ethtool"
		return "$KSFT_SKIP"
	fi
	pf_vf_setup || return 1
	ping_ok "PF cannot ping the VF" ping -c 3 -W 5 "$VF_IP2" || return 1

	out=$(ethtool -i "$PFNET")
	check_eq "ethtool -i driver" "$MOD" "$(ethtool_field "$out" driver)"
	check_eq "ethtool -i bus-info" "$PF" "$(ethtool_field "$out" bus-info)"
	out=$(ethtool -k "$PFNET")
	for f in rx-checksumming tx-checksumming scatter-gather tcp-segmentation-offload \
		rx-vlan-offload tx-vlan-offload rx-vlan-filter; do
		v=$(ethtool_field "$out" "$f")
		case $v in on*) ;; *) fail "ethtool -k $f: '$v', expected on" ;; esac
	done
	out=$(ethtool -g "$PFNET")
	printf '%s\n' "$out" | grep -q 'RX:[[:space:]]*256' || fail "ethtool -g shows no 256-descriptor RX ring"
	out=$(ethtool -S "$PFNET")
	tx=$(ethtool_field "$out" tx_packets)
	rx=$(ethtool_field "$out" rx_packets)
	diag "ethtool -S: rx_packets $rx tx_packets $tx"
	[ "${tx:-0}" -ge 3 ] || fail "ethtool -S tx_packets '$tx' after 3 pings"
	[ "${rx:-0}" -ge 3 ] || fail "ethtool -S rx_packets '$rx' after 3 replies"
	check_eq "ethtool -S tx_packets vs sysfs" "$(stat_of "$PFNET" tx_packets)" "$tx"
	out=$(ethtool "$PFNET")
	sp=$(ethtool_field "$out" Speed)
	diag "link: speed $sp, duplex $(ethtool_field "$out" Duplex), link $(ethtool_field "$out" "Link detected")"
	case $sp in *Mb/s) ;; *) fail "ethtool speed '$sp' with the link up" ;; esac
	check_eq "ethtool Link detected" yes "$(ethtool_field "$out" "Link detected")"
}

# pause_now : ethtool -a on the PF as autoneg/rx/tx, e.g. on/on/off
pause_now() {
	_out=$(ethtool -a "$PFNET" 2>&1)
	_an=$(ethtool_field "$_out" Autonegotiate)
	echo "$_an/$(ethtool_field "$_out" RX)/$(ethtool_field "$_out" TX)"
}

# pause_quiet AUTONEG RX TX : ethtool -a says so (for wait_until)
pause_quiet() { [ "$(pause_now)" = "$1/$2/$3" ]; }

# pause_is WHAT AUTONEG RX TX : ethtool -a says so, else fail
pause_is() {
	_got=$(pause_now)
	[ "$_got" = "$2/$3/$4" ] && return 0
	ethtool -a "$PFNET" 2>&1 | sed 's/^/#   /'
	fail "$1: ethtool -a autoneg/rx/tx '$_got', expected '$2/$3/$4'"
	return 1
}

test_pause() {
	DESC="ethtool -a/-A: PAUSE resolved at link-up, forced without a link drop, renegotiated"
	if ! have ethtool; then
		skip "no ethtool"
		return "$KSFT_SKIP"
	fi
	dmesg_mark
	pf_vf_setup || return 1
	wait_until 10 carrier_up "$PFNET" || fail "$PFNET has no carrier"
	# the PHY advertises PAUSE and ASM_DIR, QEMU's link partner PAUSE
	pause_is "after link-up" on on on

	ethtool -A "$PFNET" autoneg off rx on tx off || fail "ethtool -A autoneg off rx on tx off"
	pause_is "forced receive only" off on off
	carrier_up "$PFNET" || fail "forcing PAUSE took the carrier down"
	ethtool -A "$PFNET" autoneg off rx off tx off || fail "ethtool -A autoneg off rx off tx off"
	pause_is "forced off" off off off
	ping_ok "PF cannot ping the VF with PAUSE off" ping -c 2 -W 5 "$VF_IP2"

	# Autonegotiation restarts: the link goes down and comes back.
	# Transmit only is advertised as ASM_DIR alone; QEMU's partner
	# advertises PAUSE alone, which resolves to none (802.3 annex 28B).
	ethtool -A "$PFNET" autoneg on rx off tx on || fail "ethtool -A autoneg on rx off tx on"
	sleep 1
	wait_until 10 carrier_up "$PFNET" || fail "$PFNET has no carrier after renegotiation"
	wait_until 5 pause_quiet on off off || pause_is "transmit only, renegotiated" on off off
	ethtool -A "$PFNET" autoneg on rx on tx on || fail "ethtool -A autoneg on rx on tx on"
	sleep 1
	wait_until 10 carrier_up "$PFNET" || fail "$PFNET has no carrier after renegotiation"
	wait_until 5 pause_quiet on on on || pause_is "both, renegotiated" on on on
	ping_ok "PF cannot ping the VF after renegotiation" ping -c 3 -W 5 "$VF_IP2"
	dmesg_check_clean
}

test_updown_traffic() {
	DESC="$UPDOWN_CYCLES PF down/up cycles with traffic both ways, then PF <-> VF works"
	dmesg_mark
	pf_vf_traffic "the cycles" || return 1
	i=0
	while [ "$i" -lt "$UPDOWN_CYCLES" ]; do
		"$IP" link set "$PFNET" down || fail "cycle $i: down failed"
		sleep 0.2
		"$IP" link set "$PFNET" up || fail "cycle $i: up failed"
		sleep 0.5
		i=$((i + 1))
	done
	# addresses go with the link: set again
	"$IP" addr replace "$PF_IP/24" dev "$PFNET"
	wait_until 10 carrier_up "$PFNET" || fail "$PFNET has no carrier after the cycles"
	ping_ok "PF cannot ping the VF after the cycles" ping -c 5 -W 5 "$VF_IP2"
	ping_ok "VF cannot ping the PF after the cycles" nsx ping -c 5 -W 5 "$PF_IP"
	dp_cleanup
	dmesg_check_clean
}

test_reset_traffic() {
	DESC="PF function reset with the PF netdev up and traffic running: PF <-> VF works after"
	if [ ! -w "$PCI/devices/$PF/reset" ]; then
		skip "$PF has no reset method"
		return "$KSFT_SKIP"
	fi
	dmesg_mark
	pf_vf_setup || return 1
	ping_ok "PF cannot reach the VF before the reset" ping -c 2 -W 5 "$VF_IP2" || return 1
	udp_blast "$VF_IP2"
	sleep 1
	sysfs_write "$PCI/devices/$PF/reset" 1 || fail "reset $PF: $WERR"
	check_eq "'PF back after a reset' lines" 1 \
		"$(dmesg_count_grep "$PF" "PF back after a reset")"
	dp_cleanup_bg
	# igbvf resets itself when the PF asks (its watchdog, within seconds)
	wait_until 30 ping -c 1 -W 2 "$VF_IP2" >/dev/null 2>&1 ||
		fail "PF cannot ping the VF within 30 s of the reset"
	ping_ok "PF cannot ping the VF after the reset" ping -c 3 -W 5 "$VF_IP2"
	ping_ok "VF cannot ping the PF after the reset" nsx ping -c 3 -W 5 "$PF_IP"
	dmesg_check_clean
}

# tx_resets KIND : debugfs <PF>/tx_resets count of KIND (datapath, device)
tx_resets() { awk -v k="$1" '$1 == k { print $2 }' "$DBG/$PF/tx_resets" 2>/dev/null; }

# tx_resets_reach KIND N : that count is N or more
tx_resets_reach() { [ "$(tx_resets "$1")" -ge "$2" ] 2>/dev/null; }

tx_timeouts() { cat "/sys/class/net/$PFNET/queues/tx-0/tx_timeout"; }

# tx_stall_setup : PF and VF 0 talking, the fault hook there; else
# returns 1 after fail() or skip() (KSFT_SKIP in RC)
tx_stall_setup() {
	RC=1
	# before the watchdog's netdev_crit() (Debian's 6.1 has it), a
	# timeout is a WARN_ONCE() that the kernel log checks count
	case $(uname -r) in
	[1-5].*)
		skip "the netdev watchdog WARNs on $(uname -r)"
		RC=$KSFT_SKIP
		return 1
		;;
	esac
	debugfs_setup
	pf_vf_setup || return 1
	STALL=$DBG/$PF/fault_tx_stall
	if [ ! -w "$STALL" ]; then
		skip "no debugfs $STALL"
		RC=$KSFT_SKIP
		return 1
	fi
	ping_ok "PF cannot reach the VF before the stall" ping -c 2 -W 5 "$VF_IP2" || return 1
	MACS0=$(vf_lines "$PFNET")
	VFMAC0=$(nsx cat "/sys/class/net/$VFNET/address")
	TO0=$(tx_timeouts)
	return 0
}

# tx_stall MODE : inject it; the PF's pings get no answer, and keep
# going in the background so that the queue stops after each reset too
tx_stall() {
	sysfs_write "$STALL" "$1" || fail "echo $1 > $STALL: $WERR"
	check_eq "$STALL" "$1" "$(cat "$STALL")"
	if ping -c 3 -W 1 "$VF_IP2" >/dev/null 2>&1; then
		fail "the PF still reaches the VF with fault_tx_stall $1"
	fi
	ping -i 0.5 "$VF_IP2" >/dev/null 2>&1 &
	BG_PIDS="$BG_PIDS $!"
}

# tx_stall_after WHAT : traffic both ways, the VFs' MACs unchanged
tx_stall_after() {
	dp_cleanup_bg
	check_eq "$STALL after the $1" 0 "$(cat "$STALL")"
	# igbvf resets itself when the PF asks (its watchdog, within seconds)
	wait_until 30 ping -c 1 -W 2 "$VF_IP2" >/dev/null 2>&1 ||
		fail "PF cannot ping the VF within 30 s of the $1"
	ping_ok "PF cannot ping the VF after the $1" ping -c 3 -W 5 "$VF_IP2"
	ping_ok "VF cannot ping the PF after the $1" nsx ping -c 3 -W 5 "$PF_IP"
	check_eq "VF MACs ('$IP link show $PFNET') after the $1" "$MACS0" \
		"$(vf_lines "$PFNET")"
	check_eq "VF 0's address in $NS after the $1" "$VFMAC0" \
		"$(nsx cat "/sys/class/net/$VFNET/address")"
	diag "$PFNET tx_timeout: $(tx_timeouts) (from $TO0); resets: $(tr '\n' ' ' <"$DBG/$PF/tx_resets")"
	[ "$(tx_timeouts)" -gt "$TO0" ] || fail "queues/tx-0/tx_timeout did not grow"
	check_no_random_mac
	dmesg_check_clean
}

test_tx_stall_reset() {
	DESC="a transmit stall (debugfs fault_tx_stall 1): the netdev watchdog fires, a datapath reset brings PF <-> VF traffic back, the VFs keep their MACs"
	dmesg_mark
	tx_stall_setup || return "$RC"
	tx_stall 1
	wait_until 40 tx_resets_reach datapath 1 ||
		fail "no datapath reset within 40 s of the stall"
	check_eq "device resets" 0 "$(tx_resets device)"
	check_eq "'resetting the datapath' lines" 1 \
		"$(dmesg_count_grep "$PFNET" "transmit timed out: resetting the datapath")"
	[ "$(dmesg_count_grep "$PFNET" "NETDEV WATCHDOG")" -ge 1 ] ||
		fail "no NETDEV WATCHDOG line for $PFNET"
	tx_stall_after "datapath reset"
}

test_tx_stall_device_reset() {
	DESC="a transmit stall a datapath reset does not end (fault_tx_stall 2): the next timeout resets the device, the VFs reset and keep their MACs, traffic both ways"
	dmesg_mark
	tx_stall_setup || return "$RC"
	tx_stall 2
	wait_until 40 tx_resets_reach datapath 1 ||
		fail "no datapath reset within 40 s of the stall"
	check_eq "$STALL after the datapath reset" 2 "$(cat "$STALL")"
	wait_until 40 tx_resets_reach device 1 ||
		fail "no device reset within 40 s of the datapath reset"
	check_eq "'PF back after a transmit timeout' lines" 1 \
		"$(dmesg_count_grep "$PF" "PF back after a transmit timeout")"
	tx_stall_after "device reset"
}

addr_of() { tr 'A-F' 'a-f' <"/sys/class/net/$1/address"; }

# vf_reaches_pf_at MAC : VF 0 pings the PF after forgetting its neighbour
# entry, and learns MAC for it: the switch loops a frame from a VF back
# only to a pool whose filter has its destination, else it goes to the
# wire (the default pool takes only the wire's)
vf_reaches_pf_at() {
	nsx "$IP" neigh flush dev "$VFNET"
	ping_ok "VF cannot ping the PF at $1" nsx ping -c 3 -W 5 "$PF_IP" || return 1
	nsx "$IP" neigh show "$PF_IP" dev "$VFNET" | grep -qi "lladdr $1" ||
		fail "VF's neighbour entry for $PF_IP: '$(nsx "$IP" neigh show "$PF_IP" dev "$VFNET")', not $1"
}

test_pf_mac_change() {
	DESC="ip link set PF address, up and with VFs: the PF's filter follows (VF -> PF through the internal switch), a VF's MAC is refused, the VFs' MACs stay, also across sriov_numvfs 0 -> 7; the permanent MAC back"
	dmesg_mark
	pf_vf_setup || return 1
	perm=$(addr_of "$PFNET")
	macs0=$(vf_lines "$PFNET")
	ping_ok "PF cannot reach the VF before the change" ping -c 2 -W 5 "$VF_IP2" || return 1

	"$IP" link set "$PFNET" address "$PF_NEW_MAC" ||
		fail "ip link set $PFNET address $PF_NEW_MAC refused while up"
	check_eq "$PFNET address" "$PF_NEW_MAC" "$(addr_of "$PFNET")"
	check_eq "$PFNET permaddr" "$perm" \
		"$("$IP" link show "$PFNET" | sed -n 's/.* permaddr \([0-9a-f:]*\).*/\1/p')"
	vf_reaches_pf_at "$PF_NEW_MAC"
	ping_ok "PF cannot ping the VF from its new MAC" ping -c 3 -W 5 "$VF_IP2"
	check_eq "VF MACs after the PF's MAC changed" "$macs0" "$(vf_lines "$PFNET")"

	vf1=$(vf_mac "$PFNET" 1)
	if "$IP" link set "$PFNET" address "$vf1" 2>/dev/null; then
		fail "$PFNET took VF 1's MAC $vf1"
	fi
	check_eq "$PFNET address after VF 1's MAC was refused" "$PF_NEW_MAC" \
		"$(addr_of "$PFNET")"

	"$IP" link set "$PFNET" address "$perm" ||
		fail "ip link set $PFNET address $perm (its own) refused"
	vf_reaches_pf_at "$perm"

	# the VFs' MACs come from the permanent MAC, not the current one
	"$IP" link set "$PFNET" address "$PF_NEW_MAC" || fail "$PF_NEW_MAC refused again"
	dp_cleanup
	numvfs_set 0
	numvfs_set "$NVF"
	check_eq "VF MACs after sriov_numvfs 0 -> $NVF under $PF_NEW_MAC" "$macs0" \
		"$(vf_lines "$PFNET")"
	dmesg_check_clean
}

test_pf_bond_slave() {
	DESC="the PF as the second slave of an active-backup bond (fail_over_mac none): it takes the bond's MAC, PF <-> VF traffic through the bond with the PF active, its own MAC back on release"
	modprobe bonding max_bonds=0 2>/dev/null
	if [ ! -d /sys/module/bonding ]; then
		skip "no bonding module"
		return "$KSFT_SKIP"
	fi
	modprobe dummy 2>/dev/null
	dmesg_mark
	pf_load || return 1
	perm=$(addr_of "$PFNET")
	macs0=$(vf_lines "$PFNET")
	vf_to_ns || return 1
	"$IP" link add "$BOND" type bond mode active-backup miimon 100 ||
		fail "cannot create $BOND"
	"$IP" link add "$DUMMY" type dummy || fail "cannot create $DUMMY"
	"$IP" link set "$DUMMY" master "$BOND" || fail "cannot enslave $DUMMY"
	bmac=$(addr_of "$BOND")
	"$IP" link set "$PFNET" master "$BOND" ||
		fail "cannot enslave $PFNET as the second slave of $BOND"
	check_eq "$PFNET address as a slave of $BOND" "$bmac" "$(addr_of "$PFNET")"
	"$IP" link set "$BOND" up
	"$IP" addr add "$PF_IP/24" dev "$BOND" || fail "cannot add $PF_IP to $BOND"
	wait_until 10 carrier_up "$PFNET" || fail "$PFNET has no carrier under $BOND"
	sysfs_write "/sys/class/net/$BOND/bonding/active_slave" "$PFNET" ||
		fail "cannot make $PFNET the active slave: $WERR"
	check_eq "active slave of $BOND" "$PFNET" \
		"$(cat "/sys/class/net/$BOND/bonding/active_slave")"
	ping_ok "$BOND cannot ping the VF through $PFNET" ping -c 3 -W 5 "$VF_IP2"
	vf_reaches_pf_at "$bmac"
	STREAM_MB=4 stream to_pf
	STREAM_MB=4 stream to_vf
	check_eq "VF MACs under $BOND" "$macs0" "$(vf_lines "$PFNET")"

	"$IP" link set "$PFNET" nomaster || fail "cannot release $PFNET from $BOND"
	check_eq "$PFNET address after the release" "$perm" "$(addr_of "$PFNET")"
	dp_cleanup
	dmesg_check_clean
}

test_rmmod_traffic() {
	DESC="rmmod $MOD with traffic running on the PF, then a reload passes traffic"
	wire=0
	ping_possible && wire=1
	dmesg_mark
	pf_vf_traffic rmmod || return 1
	sleep 2
	if ! timeout 60 rmmod "$MOD"; then
		fail "rmmod $MOD with traffic failed"
		return 1
	fi
	dp_cleanup
	pf_load max_vfs=0 || return 1
	pf_up_addr "$VF_IP"
	if [ "$wire" = 1 ]; then
		ping_ok "PF cannot ping $GW_IP after the reload" ping -c 3 -W 5 "$GW_IP"
	fi
	dp_cleanup
	dmesg_check_clean
}

run_tests "$ALL_TESTS"
