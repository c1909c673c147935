#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-guest.sh - the sriov_pf benchmark, guest side (copied by lib.sh to
# /bench/ in the initramfs; run by init.sh: spf.mode=bench, and once in quick
# mode at the end of spf.mode=check).
#
#   bench-guest.sh [quick]
#
# Kernel command line: spf.bench_reps=N (5).  Quick mode: 1 repetition,
# small VF counts, only proves that every step works; no PF datapath part
# and no SET_MAC part unless spf.bench_only names them.
#
# Output is KTAP with a plan of 1: raw samples as diagnostic lines
#   # bench <key> <value>
# (times in ns, memory in bytes), read by bench.sh on the host, which
# computes medians and ratios; then "ok 1" or "not ok 1" (a step failed).
# Drivers are compared in the same guest, alternating their order every
# repetition.

BT=/bench/bench-time
PCI=/sys/bus/pci/devices
REPS=5
ONLY="nvme 82576 igbvf flood setmac modprobe modtrace mem pf"
QUICK=0
[ "${1:-}" = quick ] && QUICK=1
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	spf.bench_reps=*) REPS=${arg#spf.bench_reps=} ;;
	spf.bench_only=*) ONLY=$(echo "${arg#spf.bench_only=}" | tr ',' ' ') ;;
	esac
done
if [ $QUICK = 1 ]; then
	REPS=1 NVME_COUNTS="1 8" MP_VFS=8 MP_PFS="1 2" IGB_VFS=7 ADMIN_N=2 MBX_RTT_N=3
	# the datapath and SET_MAC parts only when asked for: make check's budget
	grep -q 'spf.bench_only=' /proc/cmdline ||
		ONLY=$(echo "$ONLY" | sed 's/ setmac / /; s/ pf$//')
	PF_MB=2 PF_PINGS=5 SETMAC_N=10 SETMAC_DUMMIES=200
else
	NVME_COUNTS="1 8 32 127" MP_VFS=127 MP_PFS="1 2 4" IGB_VFS=7 ADMIN_N=10 MBX_RTT_N=10
	PF_MB=32 PF_PINGS=50 SETMAC_N=30 SETMAC_DUMMIES=5000
fi

echo "TAP version 13"
echo "1..1"
ERRS=0
want() { case " $ONLY " in *" $1 "*) return 0 ;; esac; return 1; }
err() { echo "# bench error: $*"; ERRS=$((ERRS + 1)); }
sample() { echo "# bench $1 $2"; }

# par_write NAME N PF... : write N to every PF's sriov_numvfs at once;
# sample NAME is the time until the last write returned
par_write() {
	local name=$1 n=$2 t0 d
	shift 2
	t0=$($BT now)
	for d in "$@"; do $BT write "$PCI/$d/sriov_numvfs" "$n" >/dev/null & done
	wait
	sample "$name" $(($($BT now) - t0))
}

drv_of() { basename "$(readlink "$PCI/$1/driver" 2>/dev/null)" 2>/dev/null; }

# bind DEV DRV: through driver_override ("none" leaves it unbound)
bind() {
	local dev=$1 drv=$2 cur
	cur=$(drv_of "$dev")
	[ "$cur" = "$drv" ] && return 0
	[ -e "$PCI/$dev/sriov_numvfs" ] && [ "$(cat "$PCI/$dev/sriov_numvfs")" != 0 ] &&
		echo 0 > "$PCI/$dev/sriov_numvfs"
	[ -n "$cur" ] && echo "$dev" > "$PCI/$dev/driver/unbind"
	echo "$drv" > "$PCI/$dev/driver_override"
	[ "$drv" = none ] && return 0
	echo "$dev" > /sys/bus/pci/drivers_probe 2>/dev/null
	[ "$(drv_of "$dev")" = "$drv" ] || { err "cannot bind $dev to $drv"; return 1; }
}

# numvfs DEV N KEY: time the sriov_numvfs write, record as KEY
numvfs() {
	local t
	if t=$($BT write "$PCI/$1/sriov_numvfs" "$2" 2>&1); then
		sample "$3" "$t"
	else
		err "$3: echo $2 > $1/sriov_numvfs: $t"
		return 1
	fi
}

pf_netdev() { basename "$(ls -d "$PCI/$1"/net/* 2>/dev/null | head -n1)" 2>/dev/null; }

NVME=$(for d in "$PCI"/*; do
	[ "$(cat "$d/vendor")" = 0x1b36 ] && [ "$(cat "$d/device")" = 0x0010 ] &&
		[ -e "$d/sriov_totalvfs" ] && basename "$d"
	done)
IGB=$(for d in "$PCI"/*; do
	[ "$(cat "$d/vendor")" = 0x8086 ] && [ "$(cat "$d/device")" = 0x10c9 ] &&
		[ -e "$d/sriov_totalvfs" ] && basename "$d"
	done | head -n1)
NV0=$(echo $NVME | cut -d' ' -f1)
echo "# bench info kernel $(uname -r) cpus $(nproc) reps $REPS nvme_pfs $(echo $NVME | wc -w) igb_pf ${IGB:-none} pf_mb $PF_MB"

# after the selftests (quick run in make check): start from no VFs, no
# igbvf, sriov_pf loaded with default parameters
for d in $NVME $IGB; do
	[ "$(cat "$PCI/$d/sriov_numvfs")" = 0 ] || echo 0 > "$PCI/$d/sriov_numvfs"
done
grep -q '^igbvf ' /proc/modules && rmmod igbvf
grep -q '^sriov_pf ' /proc/modules && rmmod sriov_pf
modprobe pci-pf-stub || err "modprobe pci-pf-stub"
modprobe sriov_pf || err "modprobe sriov_pf"
modprobe igb || err "modprobe igb"
# nothing binds by itself from here on
for d in $NVME $IGB; do bind "$d" none; done

# order of the drivers in repetition $1: alternate
order() { if [ $(($1 % 2)) = 1 ]; then echo "$2"; else echo "$2" | tr ' ' '\n' | tac | tr '\n' ' '; fi; }

# --- enable/disable on an NVMe PF ------------------------------------------
want nvme && for r in $(seq 1 "$REPS"); do
	for drv in $(order "$r" "sriov_pf pci-pf-stub"); do
		bind "$NV0" "$drv" || continue
		for n in $NVME_COUNTS; do
			numvfs "$NV0" "$n" "nvme_en_${drv}_$n" && numvfs "$NV0" 0 "nvme_dis_${drv}_$n"
		done
		bind "$NV0" none
	done
done

# --- enable/disable of 7 VFs on the 82576 (PF netdev down) -----------------
if ! want 82576; then :
elif [ -n "$IGB" ]; then
	for r in $(seq 1 "$REPS"); do
		for drv in $(order "$r" "sriov_pf pci-pf-stub igb"); do
			bind "$IGB" "$drv" || continue
			numvfs "$IGB" "$IGB_VFS" "igb_en_${drv}_$IGB_VFS" &&
				numvfs "$IGB" 0 "igb_dis_${drv}_$IGB_VFS"
			bind "$IGB" none
		done
	done
else
	err "no 82576 PF"
fi

# --- igbvf bring-up: modprobe igbvf until 7 VF netdevs have a MAC ----------
if [ -n "$IGB" ] && want igbvf; then
	for r in $(seq 1 "$REPS"); do
		for drv in $(order "$r" "sriov_pf igb"); do
			bind "$IGB" "$drv" || continue
			nd=$(pf_netdev "$IGB")
			[ -n "$nd" ] && /sbin/ip link set "$nd" up
			if echo "$IGB_VFS" > "$PCI/$IGB/sriov_numvfs"; then
				if t=$($BT vfmacs igbvf "$IGB_VFS" 60 modprobe igbvf 2>&1); then
					sample "igbvf_$drv" "$t"
				else
					err "igbvf bring-up under $drv: $t"
				fi
				rmmod igbvf
				echo 0 > "$PCI/$IGB/sriov_numvfs"
			else
				err "igbvf: cannot enable $IGB_VFS VFs under $drv"
			fi
			[ -n "$nd" ] && /sbin/ip link set "$nd" down
			bind "$IGB" none
		done
	done
	dmesg | grep -q 'igbvf.*[Rr]andom MAC' && echo "# bench info igbvf picked random MACs (expected with in-tree igb)"
fi

# --- the PF's own datapath: sriov_pf against igb ---------------------------
# One VF under igbvf in a network namespace: TCP streams of PF_MB MiB from
# the PF to the VF and back through the NIC's internal switch, ping round
# trips to the VF; then the PF to QEMU's network: a TCP stream to the
# user-mode network's sink (guestfwd 10.0.2.100:9, which bench.sh adds;
# timed until the PF has sent every byte) and pings of the gateway.
# Held after the run, over the PF's packets (sriov_pf and igb; rings up
# all along): socket buffers (skb head cache objects, exact) and free
# pages (coarse: other allocations move them by megabytes).
BNS=bench-dp
# wait_for N cmd...: up to N seconds for cmd to succeed
wait_for() {
	local n=$(($1 * 10))
	shift
	until "$@"; do
		n=$((n - 1))
		[ $n -gt 0 ] || return 1
		sleep 0.1
	done
}
pf_stat() { cat "/sys/class/net/$PFN/statistics/$1"; }
vf_net() { ls "$PCI/$(basename "$(readlink "$PCI/$IGB/virtfn0")")/net" 2>/dev/null | head -n1; }
has_carrier() { [ "$(cat "/sys/class/net/$1/carrier" 2>/dev/null)" = 1 ]; }
free_bytes() {
	sync
	echo 3 > /proc/sys/vm/drop_caches
	awk '$1 == "nr_free_pages" { print $2 * 4096 }' /proc/vmstat
}
# socket buffers in use: objects of the skb head caches (never merged
# with other caches: they have a usercopy region)
skb_objs() {
	cat /proc/slabinfo 2>/dev/null |
		awk '$1 == "skbuff_head_cache" || $1 == "skbuff_fclone_cache" { n += $2 }
			END { print n + 0 }'
}
# ping_ns DST: average round trip of PF_PINGS pings, in ns
ping_ns() {
	ping -c "$PF_PINGS" -i 0.05 -W 2 "$1" 2>/dev/null |
		sed -n 's|.*min/avg/max[^=]*= [0-9.]*/\([0-9.]*\)/.*|\1|p' |
		awk '{ printf "%d\n", $1 * 1e6 }'
}
# pf_dp_up DRV: the 82576 under DRV, its netdev PFN up (igb answers the
# VF mailbox only while it is up), one VF whose igbvf netdev VFN is up in
# $BNS
pf_dp_up() {
	bind "$IGB" "$1" || return 1
	PFN=$(pf_netdev "$IGB")
	[ -n "$PFN" ] || { err "pf: no PF netdev under $1"; return 1; }
	/sbin/ip addr add 192.168.79.1/24 dev "$PFN"
	/sbin/ip addr add 10.0.2.15/24 dev "$PFN"
	/sbin/ip link set "$PFN" up
	echo 1 > "$PCI/$IGB/sriov_numvfs" || { err "pf: $1 enables no VF"; return 1; }
	modprobe igbvf
	# shellcheck disable=SC2016 # evaluated on every try
	wait_for 30 eval '[ -n "$(vf_net)" ]' || { err "pf: no igbvf netdev under $1"; return 1; }
	VFN=$(vf_net)
	/sbin/ip netns add $BNS
	/sbin/ip link set "$VFN" netns $BNS
	/sbin/ip -n $BNS link set lo up
	/sbin/ip -n $BNS addr add 192.168.79.2/24 dev "$VFN"
	/sbin/ip -n $BNS link set "$VFN" up
	wait_for 20 has_carrier "$PFN" || { err "pf: $PFN has no carrier under $1"; return 1; }
	wait_for 30 ping -c 1 -W 1 192.168.79.2 >/dev/null 2>&1 ||
		{ err "pf: $PFN cannot reach the VF under $1"; return 1; }
}
pf_dp_down() {
	/sbin/ip netns del $BNS 2>/dev/null
	grep -q '^igbvf ' /proc/modules && rmmod igbvf
	[ -n "$PFN" ] && /sbin/ip link set "$PFN" down 2>/dev/null
	bind "$IGB" none
	PFN=
}
# dp_stream to_vf|to_pf KEY: PF_MB MiB over TCP, timed until the receiver
# has them all
dp_stream() {
	local want=$((PF_MB * 1048576)) got t0 t1 lp
	local snd="exec 3<>/dev/tcp/\$0/5001 && dd if=/dev/zero bs=64k count=$((PF_MB * 16)) 2>/dev/null >&3"
	if [ "$1" = to_vf ]; then
		/sbin/ip netns exec $BNS timeout 120 nc -l -p 5001 </dev/null | wc -c > /tmp/bench-got &
		lp=$!
		sleep 0.5
		t0=$($BT now)
		timeout 120 bash -c "$snd" 192.168.79.2
	else
		timeout 120 nc -l -p 5001 </dev/null | wc -c > /tmp/bench-got &
		lp=$!
		sleep 0.5
		t0=$($BT now)
		/sbin/ip netns exec $BNS timeout 120 bash -c "$snd" 192.168.79.1
	fi
	wait $lp
	t1=$($BT now)
	got=$(cat /tmp/bench-got)
	if [ "$got" = "$want" ]; then
		sample "$2" $((t1 - t0))
	else
		err "$2: $got of $want bytes"
	fi
}
# wire_stream KEY: PF_MB MiB to the user-mode network's sink, timed until
# the PF's tx_bytes have grown by as much (at most 120 s)
wire_stream() {
	local want=$((PF_MB * 1048576)) b0 t0 t sp
	b0=$(pf_stat tx_bytes)
	t0=$($BT now)
	timeout 120 bash -c "exec 3<>/dev/tcp/10.0.2.100/9 && dd if=/dev/zero bs=64k count=$((PF_MB * 16)) 2>/dev/null >&3" &
	sp=$!
	while :; do
		t=$($BT now)
		[ $(($(pf_stat tx_bytes) - b0)) -lt $want ] || break
		[ $((t - t0)) -lt 120000000000 ] || break
		sleep 0.02
	done
	if [ $(($(pf_stat tx_bytes) - b0)) -ge $want ]; then
		sample "$1" $((t - t0))
	else
		err "$1: the PF sent $(($(pf_stat tx_bytes) - b0)) of $want bytes to 10.0.2.100:9 in 120 s"
	fi
	kill $sp 2>/dev/null
	wait $sp 2>/dev/null
}
if [ -z "$IGB" ] || ! want pf; then :
else
	/sbin/ip link show dev lo >/dev/null
	for r in $(seq 1 "$REPS"); do
		for drv in $(order "$r" "sriov_pf igb"); do
			PFN=
			if pf_dp_up "$drv"; then
				# warm: socket and ring memory allocated before the count
				PF_MB=1 dp_stream to_vf warm >/dev/null
				m0=$(free_bytes)
				s0=$(skb_objs)
				p0=$(($(pf_stat tx_packets) + $(pf_stat rx_packets)))
				dp_stream to_vf "pf_tx_vf_$drv"
				dp_stream to_pf "pf_rx_vf_$drv"
				sample "pf_lat_vf_$drv" "$(ping_ns 192.168.79.2)"
				wire_stream "pf_tx_wire_$drv"
				sample "pf_lat_wire_$drv" "$(ping_ns 10.0.2.2)"
				p1=$(($(pf_stat tx_packets) + $(pf_stat rx_packets)))
				sleep 1
				m1=$(free_bytes)
				sample "pf_held_$drv" $((m0 - m1))
				sample "pf_skbs_$drv" $(($(skb_objs) - s0))
				sample "pf_pkts_$drv" $((p1 - p0))
			fi
			pf_dp_down
		done
	done
fi

# --- administrator latency while a VF floods its mailbox -------------------
# "ip link set PF vf 2 vlan V", timed ADMIN_N times with VF 0 idle and
# ADMIN_N times while VF 0 writes REQ as fast as it can (the selftests'
# hostile_vf from the VF's BAR), alternating which comes first.  During
# each flood, the PF's mailbox interrupts a second (its vector's count in
# /proc/interrupts from 1 s into the flood to after the samples).  Then,
# in either mode, a well-behaved VF's mailbox latency: VF 1 sends
# MBX_RTT_N SET_MAC_ADDR requests from its BAR (hostile_vf macrtt, 5 ms
# apart), each timed from REQ to the PF's reply; idle only once VF 0 is no
# longer throttled after a flood.
HV=/selftests/sriov_pf/hostile_vf
# hostile_vf macrtt: requests 5 ms apart.  Back to back, each request
# would wait for QEMU's throttling timer of the mailbox vector, armed by
# the interrupt of the previous reply's ACK (QEMU 10.0's igb counts the
# 250 us interval as 1.024 ms), and the round trip would time that timer.
MBX_GAP_US=5000
# interrupts of the 82576 PF's mailbox vector, all CPUs
mbx_irqs() {
	awk -v n="sriov_pf-mbx@$IGB" '$NF == n {
		s = 0; for (i = 2; i <= NF; i++) if ($i ~ /^[0-9]+$/) s += $i; print s }' \
		/proc/interrupts
}
if [ -z "$IGB" ] || ! want flood; then :
elif [ ! -x $HV ]; then
	err "flood: no $HV"
elif bind "$IGB" sriov_pf && echo "$IGB_VFS" > "$PCI/$IGB/sriov_numvfs"; then
	nd=$(pf_netdev "$IGB")
	vf0=$(basename "$(readlink "$PCI/$IGB/virtfn0")")
	vf1=$(basename "$(readlink "$PCI/$IGB/virtfn1")")
	echo 1 > "$PCI/$vf0/enable"
	echo 1 > "$PCI/$vf1/enable"
	$HV "$PCI/$vf0/resource0" reset >/dev/null || err "flood: VF 0 reset not ACKed"
	$HV "$PCI/$vf1/resource0" reset >/dev/null || err "flood: VF 1 reset not ACKed"
	DBGV=/sys/kernel/debug/sriov_pf/$IGB/vfs
	for r in $(seq 1 "$REPS"); do
		for mode in $(order "$r" "idle flood"); do
			fl=""
			if [ "$mode" = flood ]; then
				$HV "$PCI/$vf0/resource0" flood 600 >/dev/null &
				fl=$!
				sleep 1
				i0=$(mbx_irqs)
				t0=$($BT now)
				sleep 1
			fi
			for i in $(seq 1 "$ADMIN_N"); do
				if t=$($BT run /sbin/ip link set "$nd" vf 2 vlan $((100 + i)) 2>&1); then
					sample "admin_vlan_$mode" "$t"
				else
					err "flood: ip link set $nd vf 2 vlan $((100 + i)) ($mode): $t"
				fi
			done
			if [ "$mode" = idle ] && [ -r "$DBGV" ]; then
				# shellcheck disable=SC2016 # evaluated on every try
				wait_for 10 eval 'grep -q "^vf 0 .* throttled 0 " "$DBGV"' ||
					err "flood: VF 0 still throttled 10 s after its flood"
			fi
			if out=$($HV "$PCI/$vf1/resource0" macrtt "$MBX_RTT_N" "$MBX_GAP_US" 2>&1); then
				for v in $(echo "$out" | sed -n 's/^# hostile_vf: macrtt ns \([0-9]*\)$/\1/p'); do
					sample "mbx_rtt_$mode" "$v"
				done
			else
				err "flood: VF 1 macrtt ($mode): $(echo "$out" | tail -n 1)"
			fi
			if [ -n "$fl" ]; then
				i1=$(mbx_irqs)
				t1=$($BT now)
				if [ -n "$i0" ] && [ -n "$i1" ]; then
					sample flood_irqs_per_s $(((i1 - i0) * 1000000000 / (t1 - t0)))
				else
					err "flood: no sriov_pf-mbx@$IGB line in /proc/interrupts"
				fi
				kill "$fl" 2>/dev/null || err "flood: hostile_vf ended before the samples"
				wait "$fl" 2>/dev/null
			fi
		done
	done
	echo 0 > "$PCI/$vf0/enable"
	echo 0 > "$PCI/$vf1/enable"
	echo 0 > "$PCI/$IGB/sriov_numvfs"
	bind "$IGB" none
else
	err "flood: cannot enable $IGB_VFS VFs under sriov_pf"
fi

# --- a VF's SET_MAC round trip against the netdevs the host holds ----------
# VF 0 from its BAR (hostile_vf macrtt): SETMAC_N SET_MAC_ADDR requests 5 ms
# apart, each timed from the REQ write to the PF's reply, with no
# extra netdev on the host and with SETMAC_DUMMIES dummy netdevs in the
# PF's namespace (made with ip -batch, removed all at once by unloading
# the dummy module), alternating which comes first.  One sample per
# request.  SETMAC_N stays under the VF's mailbox burst (32), and its
# budget is full again (100 a second) after the 1 s pause before each run.
if [ -z "$IGB" ] || ! want setmac; then :
elif [ ! -x $HV ]; then
	err "setmac: no $HV"
elif bind "$IGB" sriov_pf && echo 1 > "$PCI/$IGB/sriov_numvfs"; then
	vf0=$(basename "$(readlink "$PCI/$IGB/virtfn0")")
	echo 1 > "$PCI/$vf0/enable"
	$HV "$PCI/$vf0/resource0" reset >/dev/null || err "setmac: VF 0 reset not ACKed"
	echo "# bench info setmac_dummies $SETMAC_DUMMIES"
	seq 1 "$SETMAC_DUMMIES" | awk '{ print "link add spfdum" $1 " type dummy" }' > /tmp/bench-dummies
	for r in $(seq 1 "$REPS"); do
		for mode in $(order "$r" "none dummies"); do
			if [ "$mode" = dummies ]; then
				modprobe dummy numdummies=0 || err "setmac: modprobe dummy"
				t=$($BT run /sbin/ip -batch /tmp/bench-dummies 2>&1) ||
					err "setmac: ip -batch: $t"
				n=$(/sbin/ip -o link show type dummy | grep -c ': spfdum')
				[ "$n" = "$SETMAC_DUMMIES" ] || err "setmac: $n dummy netdevs, not $SETMAC_DUMMIES"
				echo "# bench info setmac: $n dummy netdevs made in $((t / 1000000)) ms"
			fi
			sleep 1
			if out=$($HV "$PCI/$vf0/resource0" macrtt "$SETMAC_N" "$MBX_GAP_US" 2>&1); then
				for v in $(echo "$out" | sed -n 's/^# hostile_vf: macrtt ns \([0-9]*\)$/\1/p'); do
					sample "setmac_$mode" "$v"
				done
			else
				err "setmac ($mode): $(echo "$out" | tail -n 1)"
			fi
			echo "$out" | grep 'macrtt:' | sed "s/^# hostile_vf:/# bench info setmac $mode:/"
			if [ "$mode" = dummies ]; then
				t=$($BT run rmmod dummy 2>&1) || err "setmac: rmmod dummy: $t"
				echo "# bench info setmac: dummy netdevs removed in $((t / 1000000)) ms"
			fi
		done
	done
	echo 0 > "$PCI/$vf0/enable"
	echo 0 > "$PCI/$IGB/sriov_numvfs"
	bind "$IGB" none
else
	err "setmac: cannot enable a VF under sriov_pf"
fi

# --- modprobe sriov_pf max_vfs=N with 1, 2, 4 NVMe PFs ---------------------
rmmod sriov_pf || err "rmmod sriov_pf"
want modprobe && for r in $(seq 1 "$REPS"); do
	for k in $MP_PFS; do
		pfs=$(echo $NVME | tr ' ' '\n' | head -n "$k")
		if [ "$(echo $pfs | wc -w)" -lt "$k" ]; then
			[ "$r" = 1 ] && echo "# bench info only $(echo $NVME | wc -w) NVMe PFs: no $k-PF run"
			continue
		fi
		for d in $NVME $IGB; do bind "$d" none; done
		for d in $pfs; do echo sriov_pf > "$PCI/$d/driver_override"; done
		if t=$($BT run modprobe sriov_pf max_vfs=$MP_VFS 2>&1); then
			sample "modprobe_${k}pf_$MP_VFS" "$t"
			for d in $pfs; do
				[ "$(cat "$PCI/$d/sriov_numvfs")" = "$MP_VFS" ] ||
					err "modprobe: $d has $(cat "$PCI/$d/sriov_numvfs") VFs, not $MP_VFS"
			done
		else
			err "modprobe sriov_pf max_vfs=$MP_VFS ($k PFs): $t"
		fi
		if t=$($BT run rmmod sriov_pf 2>&1); then
			sample "rmmod_${k}pf_$MP_VFS" "$t"
		else
			err "rmmod sriov_pf: $t"
		fi
		# The same in steps: modprobe without VFs (module load and K
		# probes), the K writes of N in parallel, then of 0 in parallel
		if t=$($BT run modprobe sriov_pf 2>&1); then
			sample "mp0_${k}pf" "$t"
			par_write "enpar_${k}pf_$MP_VFS" "$MP_VFS" $pfs
			par_write "dispar_${k}pf_$MP_VFS" 0 $pfs
			for d in $pfs; do
				[ "$(cat "$PCI/$d/sriov_numvfs")" = 0 ] ||
					err "echo 0: $d still has $(cat "$PCI/$d/sriov_numvfs") VFs"
			done
			rmmod sriov_pf || err "rmmod sriov_pf"
		else
			err "modprobe sriov_pf ($k PFs): $t"
		fi
		for d in $pfs; do echo none > "$PCI/$d/driver_override"; done
		# PCI core floor: the same VFs with pci-pf-stub, the K binds and
		# the K writes in parallel
		t0=$($BT now)
		for d in $pfs; do bind "$d" pci-pf-stub & done
		wait
		sample "stubbind_${k}pf" $(($($BT now) - t0))
		for d in $pfs; do [ "$(drv_of "$d")" = pci-pf-stub ] || err "$d not bound to pci-pf-stub"; done
		par_write "stubpar_${k}pf_$MP_VFS" "$MP_VFS" $pfs
		par_write "stubdispar_${k}pf_$MP_VFS" 0 $pfs
		for d in $pfs; do bind "$d" none; done
	done
done

T=/sys/kernel/tracing
[ -e $T/trace ] || mount -t tracefs nodev $T 2>/dev/null
[ -e $T/trace ] || T=/sys/kernel/debug/tracing

# --- where modprobe's and rmmod's time goes: one traced run on the most PFs --
# function_graph on the probe (or module exit), the driver's VF steps and
# the PCI core's VF enable (or disable), not timed (the tracer costs time
# of its own).  Each call's duration is its wall time; calls on different
# PFs overlap.  What a probe spends outside pci_enable_sriov() is the
# driver's own.
# graph_sums FILE: "name calls total_ns" per traced function
graph_sums() {
	awk '
	function us(line,   d) {
		d = line; sub(/\|.*/, "", d); sub(/^ *[0-9]+\) */, "", d)
		gsub(/[^0-9.]/, "", d); return d * 1000
	}
	/\} \/\* / {
		n = $0; sub(/.*\/\* /, "", n); sub(/ .*/, "", n)
		calls[n]++; ns[n] += us($0); next
	}
	/\(\);/ {
		n = $0; sub(/.*\| */, "", n); sub(/[ (].*/, "", n)
		calls[n]++; ns[n] += us($0)
	}
	END { for (n in calls) printf "%s %d %.0f\n", n, calls[n], ns[n] }' "$1"
}
# graph_trace KEY "DRIVER FUNCS" "KERNEL FUNCS" CMD...: run CMD under
# function_graph limited to those functions; samples KEY_<func> (ns, summed)
# and KEY_calls_<func>
graph_trace() {
	local key=$1 mine=$2 core=$3 f t n c ns
	shift 3
	echo nop > $T/current_tracer
	echo 16384 > $T/buffer_size_kb
	echo > $T/set_ftrace_filter
	for f in $mine; do echo "$f:mod:sriov_pf" >> $T/set_ftrace_filter; done
	for f in $core; do echo "$f" >> $T/set_ftrace_filter 2>/dev/null; done
	echo 1 > $T/options/funcgraph-tail 2>/dev/null
	# the module's names, for a trace printed after rmmod
	awk '$4 == "[sriov_pf]" { print "0x" $1, $3 }' /proc/kallsyms > /tmp/bench-$key.syms
	echo > $T/trace
	echo function_graph > $T/current_tracer
	echo 1 > $T/tracing_on
	t=$($BT run "$@" 2>&1) || err "traced $*: $t"
	echo 0 > $T/tracing_on
	cat $T/trace > /tmp/bench-$key
	echo nop > $T/current_tracer
	grep -q 'LOST\|overrun' /tmp/bench-$key && err "trace buffer overrun in the $key trace"
	echo > $T/set_ftrace_filter
	echo 1408 > $T/buffer_size_kb
	echo "# bench info traced $*: $((t / 1000000)) ms wall (not a sample: tracer on)"
	graph_sums /tmp/bench-$key > /tmp/bench-$key.raw
	# the traced address may be a few bytes into the function (after its
	# ENDBR instruction, say): look back up to 16 bytes
	awk 'function hex(s,   i, v) {
		v = 0
		for (i = 1; i <= length(s); i++)
			v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
		return v
	}
	FILENAME == ARGV[1] { name[$1] = $2; next }
	/^0x/ {
		p = substr($1, 1, length($1) - 4); a = hex(substr($1, length($1) - 3))
		for (o = 0; o <= 16 && a - o >= 0; o++)
			if ((p sprintf("%04x", a - o)) in name) { $1 = name[p sprintf("%04x", a - o)]; break }
	}
	1' /tmp/bench-$key.syms /tmp/bench-$key.raw | sort > /tmp/bench-$key.sums
	while read -r n c ns; do
		echo "# bench info   $n: $c calls, $((ns / 1000000)) ms in all"
		sample "${key}_$n" "$ns"
		sample "${key}_calls_$n" "$c"
	done < /tmp/bench-$key.sums
}
if ! want modtrace; then :
elif ! grep -q function_graph $T/available_tracers 2>/dev/null; then
	echo "# bench info no function_graph tracer in this kernel: no modprobe trace"
else
	grep -q '^sriov_pf ' /proc/modules && rmmod sriov_pf
	k=$(echo $MP_PFS | tr ' ' '\n' | tail -n1)
	pfs=$(echo $NVME | tr ' ' '\n' | head -n "$k")
	for d in $NVME $IGB; do bind "$d" none; done
	for d in $pfs; do echo sriov_pf > "$PCI/$d/driver_override"; done
	graph_trace "mt_${k}pf" "sriov_pf_probe sriov_pf_prepare_vfs sriov_pf_walk_vfs" \
		"pci_enable_sriov pci_iov_add_virtfn device_link_add" \
		modprobe sriov_pf max_vfs=$MP_VFS
	grep -q "^sriov_pf_probe $k " /tmp/bench-mt_${k}pf.sums ||
		err "modprobe trace: not $k sriov_pf_probe calls traced"
	graph_trace "rt_${k}pf" "sriov_pf_exit_disable_vfs sriov_pf_remove" \
		"pci_disable_sriov pci_iov_remove_virtfn msleep" \
		rmmod sriov_pf
	grep -q "^pci_disable_sriov $k " /tmp/bench-rt_${k}pf.sums ||
		err "rmmod trace: not $k pci_disable_sriov calls traced"
	for d in $pfs; do echo none > "$PCI/$d/driver_override"; done
fi

# --- memory: what sriov_pf allocates and keeps -------------------------------
# kmem alloc/free events with a stack trace each: an allocation is the
# driver's when its call site or a frame of its stack is the driver's
# (sriov_pf_* and spf_* functions), unless the PCI core's
# VF enable/disable is on the stack too (the same for any PF driver).  What
# is not freed again is what the driver holds.
# held_bytes [-v] TRACE...: "<all> <own>": bytes allocated and not freed
# again, all of them and those whose call site is the driver's own
# (kmalloc & co. called from sriov_pf).  -v first prints each held
# allocation (size, call site, first driver frame) as an info line.
#
# The "own" figure is exact: the driver frees what it allocates with
# kfree()/kvfree() at once.  The rest are objects the kernel allocates on
# the driver's behalf (debugfs inodes and dentries, the PF netdev's
# sysctl tables and address lists, ioremap's vmap areas), which the kernel
# frees after an RCU grace period through kfree_rcu()'s batches (kfree_bulk,
# no per-object kmem event) or in lazy batches (vmap areas): held here
# though not leaked.  kmemleak on the debug kernel covers those
# (sriov_pf_stress.sh).
held_bytes() {
	local v=0
	[ "$1" = -v ] && { v=1; shift; }
	awk -v verbose=$v '
	function flush() {
		if (pend != "" && mine && !core) {
			held[pend] = bytes; own[pend] = direct; site[pend] = cs " " fr
		}
		pend = ""; mine = 0; core = 0; fr = ""
	}
	/^ *=> / {
		if ($0 ~ /=> (sriov_pf_|spf_)/ || $0 ~ /\[sriov_pf\]/) { mine = 1; if (fr == "") fr = $2 }
		if ($0 ~ /sriov_enable|sriov_disable|pci_enable_sriov|pci_disable_sriov|sriov_add_vfs|sriov_del_vfs/) core = 1
		next
	}
	/<stack trace>/ { next }
	/ (kmalloc|kmalloc_node|kmem_cache_alloc|kmem_cache_alloc_node): / {
		flush()
		p = $0; sub(/.* ptr=/, "", p); sub(/ .*/, "", p)
		b = $0; sub(/.* bytes_alloc=/, "", b); sub(/ .*/, "", b)
		cs = $0; sub(/.*call_site=/, "", cs); sub(/ .*/, "", cs)
		pend = p; bytes = b + 0
		direct = ($0 ~ /call_site=[^ ]* \[sriov_pf\]/); mine = direct; next
	}
	/ (kfree|kmem_cache_free): / {
		flush()
		p = $0; sub(/.* ptr=/, "", p); sub(/ .*/, "", p)
		delete held[p]; next
	}
	{ flush() }
	END {
		flush(); all = 0; mineb = 0
		for (p in held) {
			all += held[p]
			if (own[p]) mineb += held[p]
			if (verbose) printf "# bench info   held %d bytes (%s) from %s\n", held[p], own[p] ? "driver" : "kernel", site[p]
		}
		print all, mineb
	}' "$@"
}
# trace_during FILE CMD...: kmem events with stacks while CMD runs
trace_during() {
	local f=$1 e; shift
	echo 0 > $T/tracing_on
	echo > $T/trace
	for e in kmalloc kmalloc_node kmem_cache_alloc kmem_cache_alloc_node kfree kmem_cache_free; do
		[ -e $T/events/kmem/$e/enable ] && echo 1 > $T/events/kmem/$e/enable
	done
	echo 1 > $T/options/stacktrace
	echo 1 > $T/tracing_on
	"$@"
	echo 0 > $T/tracing_on
	echo 0 > $T/options/stacktrace
	echo 0 > $T/events/kmem/enable
	cat $T/trace > "$f"
	grep -q 'LOST\|overrun' "$f" && err "trace buffer overrun in $f"
}
if ! want mem; then :
elif [ -e $T/events/kmem/kfree/enable ]; then
	echo 16384 > $T/buffer_size_kb
	M=/tmp/bench-mem; mkdir -p $M
	for d in $NVME $IGB; do bind "$d" none; done
	modprobe sriov_pf || err "modprobe sriov_pf"
	mem_vfs=8
	for d in $NV0 $IGB; do
		[ "$d" = "$IGB" ] && { kind=82576; nv=$IGB_VFS; } || { kind=nvme; nv=$mem_vfs; }
		trace_during $M/$kind-probe bind "$d" sriov_pf
		trace_during $M/$kind-vfs eval "echo $nv > $PCI/$d/sriov_numvfs"
		trace_during $M/$kind-novfs eval "echo 0 > $PCI/$d/sriov_numvfs"
		trace_during $M/$kind-remove bind "$d" none
		sample "mem_pf_$kind" "$(held_bytes $M/$kind-probe | cut -d' ' -f1)"
		sample "mem_vfs_${kind}_$nv" "$(held_bytes $M/$kind-vfs | cut -d' ' -f1)"
		held_bytes -v $M/$kind-probe $M/$kind-vfs $M/$kind-novfs $M/$kind-remove > $M/$kind-held
		all=$(tail -n 1 $M/$kind-held | cut -d' ' -f1)
		own=$(tail -n 1 $M/$kind-held | cut -d' ' -f2)
		sample "mem_leak_$kind" "$own"
		sample "mem_deferred_$kind" "$((all - own))"
		echo "# bench info $kind: held after unbind:"
		head -n -1 $M/$kind-held | head -n 20
		[ "$own" = 0 ] || err "$kind: $own bytes the driver allocated are not freed after unbind"
		echo "# bench info trace $kind-probe: $(wc -l < $M/$kind-probe) lines, $(grep -c 'kmalloc\|kmem_cache_alloc' $M/$kind-probe) allocs, $(grep -c 'sriov_pf\]' $M/$kind-probe) driver frames"
		grep -m3 'sriov_pf\]' $M/$kind-probe | sed 's/^/# bench info   /'
		grep -m2 ' kmalloc: ' $M/$kind-probe | sed 's/^/# bench info   /'
	done
	echo 1408 > $T/buffer_size_kb
else
	err "no kmem trace events"
fi
if [ -d /sys/module/sriov_pf ]; then
	sample mod_coresize "$(cat /sys/module/sriov_pf/coresize 2>/dev/null || echo 0)"
	for s in .text .data .rodata .bss; do
		[ -e "/sys/module/sriov_pf/sections/$s" ] && echo "# bench info section $s at $(cat "/sys/module/sriov_pf/sections/$s")"
	done
fi

if [ $ERRS = 0 ]; then
	echo "ok 1 sriov_pf benchmark$([ $QUICK = 1 ] && echo ' (quick, times not checked)')"
else
	echo "not ok 1 sriov_pf benchmark: $ERRS steps failed"
fi
exit 0
