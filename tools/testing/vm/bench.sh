#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh - what "make bench" runs: for every kernel line, one QEMU guest
# (the check guest plus two more NVMe PFs) runs bench-guest.sh, which times
# sriov_pf against pci-pf-stub and in-tree igb in the same guest, drivers
# alternating every repetition.  This script prints medians, ratios and
# PASS/MISS per target, and plots enable/disable time against the VF count.
#
# Environment:
#   KERNELS="6.1 6.12"   kernel lines
#   REPS=5               repetitions (medians of REPS samples; >= 5 for
#                        numbers you quote)
#   VCPUS=2              vCPUs of every guest
#   BENCH_ONLY=a,b       only these parts: nvme 82576 igbvf flood setmac modprobe modtrace mem pf
#   VM_TIMEOUT=3600      whole guest run, seconds
#   ACCEL, SKIP_SETUP, SRIOV_PF_CACHE as for check.sh
#
# Output: the tables on stdout; raw samples, tables and plots in
# $CACHE/bench/<abi>/ (outside the repository).  Exit status 1 when a guest
# failed to produce results; a missed target is reported, not an error.
set -eu

. "$(dirname "$0")/lib.sh"

KERNELS=${KERNELS:-"6.1 6.12"}
REPS=${REPS:-5}
BAD=0

# two more NVMe PFs (TotalVFs 127), for "modprobe sriov_pf" on 4 PFs
nvme_extra() {
	local i
	for i in 4 5; do
		printf '%s ' -device "pcie-root-port,id=rp$i,chassis=$i,slot=$i" \
			-device "nvme-subsys,id=nvsub$i,nqn=spf-subsys$i" \
			-device "nvme,bus=rp$i,serial=spfnvme$i,subsys=nvsub$i,sriov_max_vfs=127,sriov_vq_flexible=254,sriov_vi_flexible=127,max_ioqpairs=256,msix_qsize=128"
	done
}

# median of the samples of a key (empty if none)
median() {
	grep "^# bench $1 " "$SAMPLES" | awk '{ print $4 }' | sort -n |
		awk '{ v[NR] = $1 } END {
			if (!NR) exit
			if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
count() { grep -c "^# bench $1 " "$SAMPLES" || true; }
# smallest sample of a key (empty if none)
minimum() { grep "^# bench $1 " "$SAMPLES" | awk '{ print $4 }' | sort -n | head -n1; }
us() { [ -n "$1" ] && awk -v v="$1" 'BEGIN { printf "%.1f", v / 1e3 }' || echo "-"; }
ms() { [ -n "$1" ] && awk -v v="$1" 'BEGIN { printf "%.1f", v / 1e6 }' || echo "-"; }
ratio() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }' || echo "-"; }
# verdict RATIO LIMIT
verdict() {
	[ "$1" = - ] && { echo "n/a"; return; }
	awk -v r="$1" -v l="$2" 'BEGIN { print (r <= l) ? "PASS" : "MISS" }'
}

# per_pkt VALUE PACKETS: VALUE per packet, 0 when negative
per_pkt() {
	[ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v p="$2" 'BEGIN { if (p > 0) { v = a / p; printf "%.3f", v < 0 ? 0 : v } else print "-" }' || echo "-"
}

# mbs BYTES NS: MB/s (empty on no sample)
mbs() { [ -n "$2" ] && awk -v b="$1" -v t="$2" 'BEGIN { printf "%.1f", b / t * 1e3 }' || echo "-"; }

# The PF's own datapath against igb: throughput ratio = igb's time over
# sriov_pf's (higher is better), latency ratio = sriov_pf / igb
report_pf() {
	local mb what a b r v d pk
	mb=$(grep -o 'pf_mb [0-9]*' "$SAMPLES" | head -n1 | cut -d' ' -f2)
	[ -n "$(median pf_tx_vf_sriov_pf)" ] || return 0
	echo "82576 PF netdev: TCP streams of ${mb:-?} MiB, ping round trips; sriov_pf against igb"
	printf '  %-34s %10s %10s %6s  %s\n' "" sriov_pf igb ratio target
	for what in "tx_vf:PF -> VF (internal switch), MB/s" "rx_vf:VF -> PF (internal switch), MB/s" \
		"tx_wire:PF -> QEMU network, MB/s"; do
		a=$(median "pf_${what%%:*}_sriov_pf"); b=$(median "pf_${what%%:*}_igb")
		r=$(ratio "$b" "$a"); v=$([ "$r" = - ] && echo n/a || awk -v r="$r" 'BEGIN { print (r >= 0.9) ? "PASS" : "MISS" }')
		printf '  %-34s %10s %10s %6s  %s\n' "${what#*:}" "$(mbs $((${mb:-0} * 1048576)) "$a")" \
			"$(mbs $((${mb:-0} * 1048576)) "$b")" "$r" ">= 0.90 $v"
		[ "$v" = MISS ] && MISSES="$MISSES pf-${what%%:*}"
	done
	for what in "vf:PF <-> VF round trip, ms" "wire:PF <-> gateway round trip, ms"; do
		a=$(median "pf_lat_${what%%:*}_sriov_pf"); b=$(median "pf_lat_${what%%:*}_igb")
		r=$(ratio "$a" "$b"); v=$(verdict "$r" 1.10)
		printf '  %-34s %10s %10s %6s  %s\n' "${what#*:}" "$(awk -v v="$a" 'BEGIN { printf "%.3f", v / 1e6 }')" \
			"$(awk -v v="$b" 'BEGIN { printf "%.3f", v / 1e6 }')" "$r" "<= 1.10 $v"
		[ "$v" = MISS ] && MISSES="$MISSES pf-lat-${what%%:*}"
	done
	for d in sriov_pf igb; do
		a=$(median "pf_skbs_$d"); b=$(median "pf_held_$d"); pk=$(median "pf_pkts_$d")
		printf '  held after %s packets, %-8s %s skbs (%s per packet), %s bytes of free pages (%s per packet)\n' \
			"${pk:--}" "$d" "${a:--}" "$(per_pkt "$a" "$pk")" "${b:--}" "$(per_pkt "$b" "$pk")"
	done
	echo "  (skbs: objects of the skb head caches, exact; free pages move by megabytes"
	echo "   with everything else the guest allocates, so only a leak of a buffer per packet,"
	echo "   thousands of bytes per packet, shows there)"
	a=$(median pf_skbs_sriov_pf); pk=$(median pf_pkts_sriov_pf)
	if [ -n "$a" ] && [ -n "$pk" ] && awk -v a="$a" -v p="$pk" 'BEGIN { exit !(p > 0 && a / p >= 0.01) }'; then
		MISSES="$MISSES pf-leak"
		echo "  sriov_pf held an skb per 100 packets or more: MISS"
	fi
	b=$(median pf_held_sriov_pf)
	if [ -n "$b" ] && [ -n "$pk" ] && awk -v a="$b" -v p="$pk" 'BEGIN { exit !(p > 0 && a / p >= 1024) }'; then
		MISSES="$MISSES pf-leak-pages"
		echo "  sriov_pf held 1 KiB of pages per packet or more: MISS"
	fi
}

# A VF's SET_MAC round trip with and without many netdevs on the host:
# the difference of the medians must stay within 200 us
report_setmac() {
	local n a b d v
	[ -n "$(median setmac_none)" ] || return 0
	n=$(sed -n 's/^# bench info setmac_dummies \([0-9]*\).*/\1/p' "$SAMPLES" | head -n1)
	echo "VF SET_MAC round trip from VF 0's BAR (REQ to the PF's reply), us: no extra"
	echo "netdev on the host against ${n:-?} dummy netdevs in the PF's namespace"
	printf '  %-8s %10s %14s %11s %6s  %s\n' "" none "${n:-?} dummies" difference ratio "target <= +200 us"
	a=$(median setmac_none); b=$(median setmac_dummies)
	d=$( [ -n "$a" ] && [ -n "$b" ] && awk -v a="$a" -v b="$b" 'BEGIN { printf "%+.1f", (b - a) / 1e3 }' || echo -)
	v=$( [ "$d" = - ] && echo n/a || awk -v d="$d" 'BEGIN { print (d <= 200) ? "PASS" : "MISS" }')
	printf '  %-8s %10s %14s %11s %6s  %s\n' median "$(us "$a")" "$(us "$b")" "$d" "$(ratio "$b" "$a")" "$v"
	[ "$v" = MISS ] && MISSES="$MISSES setmac"
	a=$(minimum setmac_none); b=$(minimum setmac_dummies)
	printf '  %-8s %10s %14s %11s %6s\n' fastest "$(us "$a")" "$(us "$b")" \
		"$( [ -n "$a" ] && [ -n "$b" ] && awk -v a="$a" -v b="$b" 'BEGIN { printf "%+.1f", (b - a) / 1e3 }' || echo -)" \
		"$(ratio "$b" "$a")"
	echo "  ($(count setmac_none) and $(count setmac_dummies) requests)"
	echo
}

report() {
	local line=$1 abi=$2 out=$3 n op a b r v k one
	echo "== sriov_pf benchmark: $abi, $(grep '^# bench info kernel' "$SAMPLES" | sed 's/^# bench info kernel [^ ]* //') =="
	echo "   medians; times in ms; ratio = sriov_pf / baseline, measured in the same guest"
	echo
	echo "NVMe PF (generic mode): echo N > sriov_numvfs"
	printf '  %-4s %-8s %10s %12s %6s  %s\n' VFs op sriov_pf pci-pf-stub ratio "target <= 1.10"
	: > "$out/nvme.dat"
	for n in 1 8 32 127; do
		[ -n "$(median "nvme_en_sriov_pf_$n")" ] || continue
		for op in en dis; do
			a=$(median "nvme_${op}_sriov_pf_$n"); b=$(median "nvme_${op}_pci-pf-stub_$n")
			r=$(ratio "$a" "$b"); v=$(verdict "$r" 1.10)
			printf '  %-4s %-8s %10s %12s %6s  %s\n' "$n" "${op/en/enable}" "$(ms "$a")" "$(ms "$b")" "$r" "$v"
			[ "$v" = MISS ] && MISSES="$MISSES nvme-$op-$n"
		done
		echo "$n $(ms "$(median "nvme_en_sriov_pf_$n")") $(ms "$(median "nvme_en_pci-pf-stub_$n")") $(ms "$(median "nvme_dis_sriov_pf_$n")") $(ms "$(median "nvme_dis_pci-pf-stub_$n")")" >> "$out/nvme.dat"
	done
	echo
	echo "82576 PF, 7 VFs, PF netdev down: echo 7 / echo 0 > sriov_numvfs"
	printf '  %-8s %10s %12s %10s %8s %8s  %s\n' op sriov_pf pci-pf-stub igb "/stub" "/igb" "target /stub <= 1.10"
	for op in en dis; do
		a=$(median "igb_${op}_sriov_pf_7"); b=$(median "igb_${op}_pci-pf-stub_7"); c=$(median "igb_${op}_igb_7")
		r=$(ratio "$a" "$b"); v=$(verdict "$r" 1.10)
		printf '  %-8s %10s %12s %10s %8s %8s  %s\n' "${op/en/enable}" "$(ms "$a")" "$(ms "$b")" "$(ms "$c")" "$r" "$(ratio "$a" "$c")" "$v"
		[ "$v" = MISS ] && MISSES="$MISSES 82576-$op"
	done
	echo
	echo "igbvf bring-up: modprobe igbvf until 7 VF netdevs have a non-zero MAC (PF up)"
	a=$(median igbvf_sriov_pf); b=$(median igbvf_igb); r=$(ratio "$a" "$b"); v=$(verdict "$r" 1.0)
	printf '  %10s %10s %6s  %s\n' sriov_pf igb ratio "target <= 1.00"
	printf '  %10s %10s %6s  %s\n' "$(ms "$a")" "$(ms "$b")" "$r" "$v"
	[ "$v" = MISS ] && MISSES="$MISSES igbvf"
	echo
	echo "administrator latency: ip link set PF vf 2 vlan V, VF 0 idle / VF 0 flooding its mailbox"
	a=$(median admin_vlan_flood); b=$(median admin_vlan_idle); r=$(ratio "$a" "$b"); v=$(verdict "$r" 1.10)
	printf '  %10s %10s %6s  %s\n' flood idle ratio "target <= 1.10"
	printf '  %10s %10s %6s  %s\n' "$(ms "$a")" "$(ms "$b")" "$r" "$v"
	[ "$v" = MISS ] && MISSES="$MISSES admin-flood"
	a=$(median flood_irqs_per_s)
	if [ -n "$a" ]; then
		v=$(awk -v a="$a" 'BEGIN { print (a <= 1000) ? "PASS" : "MISS" }')
		printf '  PF mailbox interrupts a second during the flood: %s (median of %s; most %s)  target <= 1000 %s\n' \
			"$a" "$(count flood_irqs_per_s)" \
			"$(grep '^# bench flood_irqs_per_s ' "$SAMPLES" | awk '{ print $4 }' | sort -n | tail -n1)" "$v"
		[ "$v" = MISS ] && MISSES="$MISSES flood-irqs"
	fi
	a=$(median mbx_rtt_flood); b=$(median mbx_rtt_idle)
	[ -n "$a$b" ] && printf '  VF 1 SET_MAC round trip, us: flood %s, idle %s (medians of %s and %s; no target)\n' \
		"$(us "$a")" "$(us "$b")" "$(count mbx_rtt_flood)" "$(count mbx_rtt_idle)"
	echo
	report_setmac
	report_pf
	echo
	k=$(sed -n 's/^# bench modprobe_1pf_\([0-9]*\) .*/\1/p' "$SAMPLES" | head -n1)
	echo "modprobe sriov_pf max_vfs=${k:-?} on K NVMe PFs (asynchronous probe) against the same"
	echo "VFs enabled by pci-pf-stub with the K writes in parallel (the PCI core's floor); then"
	echo "the same in steps: modprobe without VFs (module load, K probes) + K parallel writes"
	echo "under sriov_pf, against K parallel binds + K parallel writes under pci-pf-stub"
	printf '  %-4s %10s %12s %8s %7s %10s %10s %8s %10s %10s\n' K modprobe "stub, K par." "/stub" target \
		"load+probe" "stub bind" "writes" "stub wr." "/stub"
	for n in 1 2 4; do
		a=$(median "modprobe_${n}pf_$k")
		[ -n "$a" ] || continue
		b=$(median "stubpar_${n}pf_$k"); r=$(ratio "$a" "$b"); v=$(verdict "$r" 1.10)
		c=$(median "enpar_${n}pf_$k")
		printf '  %-4s %10s %12s %8s %7s %10s %10s %8s %10s %10s\n' "$n" "$(ms "$a")" "$(ms "$b")" "$r" "$v" \
			"$(ms "$(median "mp0_${n}pf")")" "$(ms "$(median "stubbind_${n}pf")")" \
			"$(ms "$c")" "$(ms "$b")" "$(ratio "$c" "$b")"
		[ "$v" = MISS ] && MISSES="$MISSES modprobe-${n}pf"
	done
	mk=$(sed -n 's/^# bench mt_\([0-9]*\)pf_sriov_pf_probe .*/\1/p' "$SAMPLES" | head -n1)
	if [ -n "$mk" ]; then
		echo "  where a traced modprobe's time goes ($mk PFs, function_graph; wall time of each call,"
		echo "  summed over the calls, which overlap across PFs):"
		for f in sriov_pf_probe pci_enable_sriov pci_iov_add_virtfn sriov_pf_prepare_vfs sriov_pf_walk_vfs device_link_add; do
			printf '    %-22s %5s calls %10s ms\n' "$f" "$(median "mt_${mk}pf_calls_$f")" "$(ms "$(median "mt_${mk}pf_$f")")"
		done
		awk -v p="$(median "mt_${mk}pf_sriov_pf_probe")" -v e="$(median "mt_${mk}pf_pci_enable_sriov")" \
			-v l="$(median "mt_${mk}pf_sriov_pf_walk_vfs")" -v r="$(median "mt_${mk}pf_sriov_pf_prepare_vfs")" \
			'BEGIN { if (p > 0) printf "    probe outside pci_enable_sriov(): %.1f ms (%.1f%%), of it VF links %.1f ms, VF preparation %.1f ms\n", (p - e) / 1e6, 100 * (p - e) / p, l / 1e6, r / 1e6 }'
	fi
	echo
	echo "teardown with K PFs holding ${k:-?} VFs each: rmmod sriov_pf, and echo 0 > sriov_numvfs"
	echo "on the K PFs at once, against K x one PF's (what a serial teardown costs)"
	printf '  %-4s %10s %10s %8s %10s %8s %12s %8s  %s\n' K rmmod "K x 1 PF" "/1 PF" "echo 0" "/1 PF" "stub, K par." "/stub" "target rmmod 4 PFs <= 1.50 x 1 PF"
	one=$(median "rmmod_1pf_$k"); one0=$(median "dispar_1pf_$k")
	for n in 1 2 4; do
		a=$(median "rmmod_${n}pf_$k")
		[ -n "$a" ] || continue
		r=$(ratio "$a" "$one"); v=""
		if [ $n = 4 ]; then v=$(verdict "$r" 1.50); [ "$v" = MISS ] && MISSES="$MISSES rmmod-4pf"; fi
		b=$(median "dispar_${n}pf_$k"); c=$(median "stubdispar_${n}pf_$k")
		printf '  %-4s %10s %10s %8s %10s %8s %12s %8s  %s\n' "$n" "$(ms "$a")" \
			"$([ -n "$one" ] && awk -v o="$one" -v n="$n" 'BEGIN { printf "%.1f", o * n / 1e6 }')" \
			"$r" "$(ms "$b")" "$(ratio "$b" "$one0")" "$(ms "$c")" "$(ratio "$b" "$c")" "$v"
	done
	rk=$(sed -n 's/^# bench rt_\([0-9]*\)pf_pci_disable_sriov .*/\1/p' "$SAMPLES" | head -n1)
	if [ -n "$rk" ]; then
		echo "  where a traced rmmod's time goes ($rk PFs, function_graph; wall time of each call,"
		echo "  summed over the calls, which overlap across PFs):"
		for f in sriov_pf_exit_disable_vfs pci_disable_sriov pci_iov_remove_virtfn msleep sriov_pf_remove; do
			printf '    %-26s %5s calls %10s ms\n' "$f" "$(median "rt_${rk}pf_calls_$f")" "$(ms "$(median "rt_${rk}pf_$f")")"
		done
	fi
	echo
	echo "memory held by sriov_pf (kmem alloc events whose call site or stack is the driver's,"
	echo "PCI core VF add/remove excluded, minus what was freed; bytes).  After unbind: the"
	echo "driver's own allocations (must be 0), and kernel objects made for it that the kernel"
	echo "frees in RCU or lazy batches the trace cannot follow (debugfs, sysctl, vmap)"
	for kind in nvme 82576; do
		nv=$(sed -n "s/^# bench mem_vfs_${kind}_\([0-9]*\) .*/\1/p" "$SAMPLES" | head -n1)
		a=$(median "mem_pf_$kind"); b=$(median "mem_vfs_${kind}_$nv")
		printf '  %-6s per PF %7s   per VF %7s (%s VFs: %s)   after unbind: driver %s, kernel (deferred) %s\n' "$kind" "${a:--}" \
			"$( [ -n "$b" ] && awk -v b="$b" -v n="$nv" 'BEGIN { printf "%.0f", b / n }' || echo -)" \
			"${nv:-?}" "${b:--}" "$(median "mem_leak_$kind")" "$(median "mem_deferred_$kind")"
	done
	echo "module: /sys/module/sriov_pf/coresize $(median mod_coresize) bytes; size(1) of the .ko:"
	size "$CACHE/build/$abi/sriov_pf.ko" | sed 's/^/  /'
	grep '^# bench error' "$SAMPLES" | sed 's/^# bench /  /' || true
	grep '^# bench info igbvf' "$SAMPLES" | sed 's/^# bench info /  note: /' || true
	echo
	if [ -s "$out/nvme.dat" ] && command -v gnuplot >/dev/null; then
		gnuplot <<-EOF
		set terminal svg size 800,500 dynamic
		set output "$out/enable-disable.svg"
		set title "SR-IOV enable/disable on an NVMe PF, $abi (median of $REPS)"
		set xlabel "VFs"; set ylabel "ms"; set key left top; set grid
		plot "$out/nvme.dat" u 1:2 w lp t "enable, sriov_pf", \
		     "" u 1:3 w lp t "enable, pci-pf-stub", \
		     "" u 1:4 w lp t "disable, sriov_pf", \
		     "" u 1:5 w lp t "disable, pci-pf-stub"
		EOF
		echo "plot: $out/enable-disable.svg"
	else
		echo "plot: not written (no gnuplot or no NVMe samples)"
	fi
}

bench_line() {
	local line=$1 abi kdir ko accel ldir rc=0 out
	abi=$(resolve_abi "$line") || { echo "[$line] cannot resolve kernel"; BAD=1; return; }
	(fetch_kernel "$line" "$abi") >&2 || { echo "[$line] cannot fetch kernel"; BAD=1; return; }
	kdir=$(fetch_headers "$line" "$abi") || { echo "[$line] no headers"; BAD=1; return; }
	build_module "$line" "$abi" "$kdir" || { BAD=1; return; }
	ko=$CACHE/build/$abi/sriov_pf.ko
	make_initramfs "$line" "$abi" "$ko" >&2 || { echo "[$line] initramfs: helper build failed"; BAD=1; return; }
	accel=$(pick_accel "$abi")
	ldir=$CACHE/logs/$abi
	out=$CACHE/bench/$abi
	mkdir -p "$out"
	log "[$line] benchmarking $abi ($accel, ${VCPUS:-2} vCPU, $REPS repetitions); takes a while under TCG"
	SPF_EXTRA_DEVICES=$(nvme_extra) run_guest "$abi" bench "${VCPUS:-2}" "$accel" \
		"${VM_TIMEOUT:-3600}" "spf.bench_reps=$REPS${BENCH_ONLY:+ spf.bench_only=$BENCH_ONLY}" || rc=$?
	tr -d '\r' < "$ldir/tests.log" |
		awk '/^### SPF-BEGIN bench$/ { on = 1; next } /^### SPF-END bench / { exit } on' > "$out/samples.txt"
	cp "$ldir/tests.log" "$out/tests.log"
	SAMPLES=$out/samples.txt
	if ! grep -qE '^(not )?ok 1 ' "$SAMPLES"; then
		echo "[$line] the benchmark did not finish (guest rc=$rc); console:"
		tr -d '\r' < "$ldir/console.log" | tail -n 30
		BAD=1
		return
	fi
	grep -q '^not ok 1' "$SAMPLES" && BAD=1
	MISSES=""
	report "$line" "$abi" "$out" > "$out/report.txt"
	cat "$out/report.txt"
	echo "[$line] targets: $([ -z "$MISSES" ] && echo "all PASS" || echo "MISS:$MISSES")" | tee -a "$out/report.txt"
	echo "[$line] samples, report and plot in $out"
}

main() {
	local line
	[ "${SKIP_SETUP:-0}" = 1 ] || "$VM_DIR/setup-host.sh"
	[ "$(id -u)" = 0 ] || die "run as root"
	command -v gnuplot >/dev/null ||
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gnuplot-nox >/dev/null 2>&1 ||
		log "gnuplot-nox not installable: no plot"
	lock_cache
	for line in $KERNELS; do
		bench_line "$line"
	done
	[ $BAD = 0 ]
}

main "$@"
