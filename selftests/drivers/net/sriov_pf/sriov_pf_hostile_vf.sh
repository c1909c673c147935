#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317,SC2119 # test functions are called indirectly
#
# A hostile VF against the sriov_pf 82576/I350 backend: VF 0 is taken from
# igbvf and driven from user space by ./hostile_vf (malformed and random
# mailbox messages, REQ/ACK storms, CTRL.RST storms). The PF must keep the
# other VFs working, rate-limit its complaints, not warn/crash, and still
# serve VF 0 correctly once igbvf owns it again.

cd "$(dirname "$0")" || exit 1
# shellcheck source=lib.sh
. ./lib.sh
ktap_print_header
# shellcheck source=lib_igb.sh
. ./lib_igb.sh

ALL_TESTS="
	test_attack_isolated
	test_attack_with_admin_mac
	test_rmmod_after_attack
"

ITER=${SRIOV_PF_HOSTILE_ITER:-5000}
MAX_LOG_LINES=50

# The tool: compiled by the harness next to this script, else build it here.
find_tool() {
	if [ -x ./hostile_vf ]; then
		HOSTILE=./hostile_vf
		return 0
	fi
	for cc in cc gcc; do
		have $cc || continue
		_out=$STATE_DIR/hostile_vf
		if $cc -O2 -o "$_out" hostile_vf.c 2>/dev/null; then
			HOSTILE=$_out
			return 0
		fi
	done
	return 1
}

igb_setup
find_tool || skip_all "./hostile_vf not built and no C compiler"
[ "$HAVE_IGBVF" = 1 ] || skip_all "igbvf module not available"

VICTIM=0

# setup_vfs : sriov_pf with 7 VFs, igbvf on all of them, VF 0 taken away.
setup_vfs() {
	pf_load || return 1
	load_igbvf || return 1
	if ! wait_until 20 all_vf_netdevs "$PF" "$NVF"; then
		fail "not all VFs got igbvf netdevs"
		return 1
	fi
	VF0=$(vf_bdf "$PF" "$VICTIM")
	sysfs_write "$PCI/drivers/igbvf/unbind" "$VF0" || {
		fail "cannot unbind $VF0 from igbvf: $WERR"
		return 1
	}
	return 0
}

# Snapshot of the other VFs: PF vf lines and their netdevs' addresses.
others_state() {
	"$IP" link show dev "$PFNET" | awk -v v="$VICTIM" '$1 == "vf" && $2 != v'
	_i=0
	while [ "$_i" -lt "$NVF" ]; do
		if [ "$_i" != "$VICTIM" ]; then
			echo "netdev $_i $(vf_netdev_mac "$_i")"
		fi
		_i=$((_i + 1))
	done
}

# attack [seed] : run the tool against VF 0 and check the aftermath.
attack() {
	before=$(others_state)
	diag "attacking $VF0 with $ITER rounds"
	dmesg_mark
	$HOSTILE "$PCI/devices/$VF0/resource0" "$ITER" "${1:-}"
	rc=$?
	[ "$rc" -eq 0 ] || fail "hostile_vf exited with $rc"
	nlines=$(dmesg_since | wc -l | tr -d ' ')
	diag "kernel log grew by $nlines lines during the attack"
	dmesg_since | tail -n 5 | sed 's/^/#   /'
	[ "$nlines" -lt "$MAX_LOG_LINES" ] ||
		fail "kernel log grew by $nlines lines (>= $MAX_LOG_LINES): not rate limited"
	dmesg_check_clean "during attack"
	is_bound_to "$PF" "$MOD" || fail "PF no longer bound to $MOD"
	check_vfs "$PF" "$NVF"
	[ -e "/sys/class/net/$PFNET" ] || fail "PF netdev $PFNET disappeared"
	after=$(others_state)
	check_eq "other VFs' vf lines and netdev MACs" "$before" "$after"
}

# The other VFs still work: a re-probe gets the PF's MAC, no random fallback.
check_others_reprobe() {
	dmesg_mark
	_i=0
	while [ "$_i" -lt "$NVF" ]; do
		if [ "$_i" != "$VICTIM" ]; then
			rebind_vf "$_i"
			check_eq "VF $_i netdev after re-probe" "$(vf_mac "$PFNET" "$_i")" "$(vf_netdev_mac "$_i")"
		fi
		_i=$((_i + 1))
	done
	check_no_random_mac
	dmesg_check_clean "re-probing other VFs"
}

# The attacked VF recovers once igbvf owns it again. Without an admin MAC
# the VF may have set its own (any non-zero unicast) MAC over the mailbox.
check_victim_recovers() {
	dmesg_mark
	m=$(vf_mac "$PFNET" "$VICTIM")
	diag "vf $VICTIM MAC after the attack: $m"
	mac_unicast "$m" || fail "vf $VICTIM MAC '$m' is zero or multicast after the attack"
	sysfs_write "$PCI/drivers/igbvf/bind" "$VF0" || fail "bind $VF0 to igbvf: $WERR"
	if ! wait_until 10 has_netdev "$VF0"; then
		fail "attacked VF $VF0 has no netdev after igbvf bind"
		return 1
	fi
	check_eq "attacked VF netdev address vs vf $VICTIM line" "$m" "$(vf_netdev_mac "$VICTIM")"
	check_no_random_mac
	dmesg_check_clean "re-probing the attacked VF"
	check_macs_valid "$VICTIM"
}

# The admin resets the attacked VF to its default; igbvf gets it on rebind.
check_victim_default() {
	"$IP" link set "$PFNET" vf "$VICTIM" mac 00:00:00:00:00:00 ||
		fail "ip link set $PFNET vf $VICTIM mac 00:00:00:00:00:00 failed"
	check_eq "vf $VICTIM MAC after reset to default" "$1" "$(vf_mac "$PFNET" "$VICTIM")"
	rebind_vf "$VICTIM"
	check_eq "attacked VF netdev after reset to default + rebind" "$1" "$(vf_netdev_mac "$VICTIM")"
	check_macs_valid
}

test_attack_isolated() {
	DESC="malformed/random mailbox traffic from one VF leaves the others intact"
	setup_vfs || return 1
	def=$(vf_mac "$PFNET" "$VICTIM")
	attack 12345
	check_others_reprobe
	check_victim_recovers
	check_victim_default "$def"
}

test_attack_with_admin_mac() {
	DESC="a hostile VF cannot override its admin MAC or disturb other VFs"
	setup_vfs || return 1
	"$IP" link set "$PFNET" vf "$VICTIM" mac "$ADMIN_MAC" ||
		fail "ip link set $PFNET vf $VICTIM mac $ADMIN_MAC failed"
	attack 987654321
	# untrusted VF with an admin MAC: its SET_MAC_ADDR requests are refused
	check_eq "vf $VICTIM MAC after attack" "$ADMIN_MAC" "$(vf_mac "$PFNET" "$VICTIM")"
	check_victim_recovers
	check_eq "attacked VF netdev has its admin MAC" "$ADMIN_MAC" "$(vf_netdev_mac "$VICTIM")"
}

test_rmmod_after_attack() {
	DESC="rmmod after an attack is clean, reload gives the derived MACs back"
	setup_vfs || return 1
	derived=$(vf_lines "$PFNET" | grep -v "^$VICTIM ")
	full=$ITER
	ITER=$((ITER / 5 + 1))
	attack 4242
	ITER=$full
	dmesg_mark
	rmmod "$MOD" || fail "rmmod $MOD failed after the attack"
	mod_loaded && fail "$MOD still loaded"
	check_vfs "$PF" 0
	dmesg_check_clean "rmmod after attack"
	pf_load || return 1
	check_eq "derived MACs of the other VFs after reload" "$derived" \
		"$(vf_lines "$PFNET" | grep -v "^$VICTIM ")"
	check_macs_valid
}

run_tests "$ALL_TESTS"
exit $?
