# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# qemu.sh - booting the test guest (sourced by lib.sh): the KVM probe and
# the QEMU command line of the emulated host (82576 + two NVMe PFs).

# KVM: /dev/kvm may exist and still not work (it hangs on some hosts), so
# boot the real guest in "probe" mode under KVM with a short timeout and
# fall back to TCG.  ACCEL=kvm|tcg overrides.
pick_accel() {
	local abi=$1 logf boot res lk
	if [ -n "${ACCEL:-}" ]; then echo "$ACCEL"; return; fi
	if [ ! -w /dev/kvm ]; then echo tcg; return; fi
	# The answer is remembered per host boot; lines boot in parallel,
	# the first one probes.
	mkdir -p "$CACHE"
	exec {lk}>"$CACHE/.accel.lock"
	flock "$lk"
	boot=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null || echo none)
	res=$CACHE/accel.$boot
	if [ -f "$res" ]; then exec {lk}>&-; cat "$res"; return; fi
	logf=$CACHE/logs/kvm-probe.log
	mkdir -p "$CACHE/logs"
	rm -f "$CACHE"/accel.* "$logf"
	timeout -k 5 30 qemu-system-x86_64 -accel kvm -machine q35 -cpu host -m 512 -smp 1 \
		-nodefaults -nographic -no-reboot -monitor none -serial "file:$logf" \
		-kernel "$CACHE/kernels/$abi/boot/vmlinuz-$abi" \
		-initrd "$CACHE/initramfs/$abi/initramfs.cpio.gz" \
		-append "console=ttyS0 panic=-1 quiet spf.mode=probe" \
		</dev/null >/dev/null 2>&1 || true
	if grep -q "SPF-PROBE-OK" "$logf" 2>/dev/null; then
		echo kvm > "$res"
	else
		log "KVM present but not usable here (guest did not boot in 30s); using TCG"
		echo tcg > "$res"
	fi
	exec {lk}>&-
	cat "$res"
}

# Run the guest for <abi>.  mode: check|demo.  Logs:
#   $CACHE/logs/<abi>/console.log  kernel console (ttyS0)
#   $CACHE/logs/<abi>/tests.log    test output, markers, final dmesg (ttyS1)
# Returns QEMU's exit status (124 = host-side timeout).
# Guest command line for TCG on a shared host (README.md, "Starved
# guests"): no RCU stall warnings until /init runs (no module of ours is
# loaded before), and no clocksource watchdog (it compares two clocks
# QEMU derives from the host's: what it measures is how the host
# scheduled QEMU), and a soft lockup threshold of 120 s instead of 20
# until /init sets Debian's back (init.sh): under TCG the emulated
# IOMMU's setup (intel_iommu_init) alone runs 20-30 s without a
# scheduling point when two guests share the host.  Soft lockup, hung
# task and RCU stall detection are as Debian sets them from /init on.
TCG_APPEND="rcupdate.rcu_cpu_stall_suppress_at_boot=1 tsc=reliable watchdog_thresh=60"

run_guest() {
	local abi=$1 mode=$2 vcpus=$3 accel=$4 tmo=$5 extra=${6:-} ldir cpu console
	ldir=${GUEST_LOGDIR:-$CACHE/logs/$abi}
	mkdir -p "$ldir"
	rm -f "$ldir/console.log" "$ldir/tests.log" "$ldir/mon.sock"
	cpu=max
	[ "$accel" = kvm ] && cpu=host
	# mode=shell: console on the terminal (Ctrl-A x quits QEMU)
	console=file:$ldir/console.log
	[ "$mode" = shell ] && console=mon:stdio
	QEMU_CMD=(qemu-system-x86_64
		-machine q35 -accel "$accel" -cpu "$cpu" -m "${VM_MEM:-1G}" -smp "$vcpus"
		-nodefaults -nographic -no-reboot -monitor none
		-serial "$console" -serial "file:$ldir/tests.log"
		# ttyS2: QEMU's own monitor (HMP), for tests that play the
		# host's part (set_link: the cable).  Two socket chardevs on
		# one path join the guest's serial port to the monitor.
		-chardev "socket,id=spfmon,path=$ldir/mon.sock,server=on,wait=off"
		-chardev "socket,id=spfctl,path=$ldir/mon.sock"
		-mon chardev=spfmon,mode=readline
		-device isa-serial,chardev=spfctl
		-kernel "$CACHE/kernels/$abi/boot/vmlinuz-$abi"
		-initrd "$CACHE/initramfs/$abi/initramfs.cpio.gz"
		-append "console=ttyS0 panic=-1 loglevel=5 intel_iommu=on iommu=pt $TCG_APPEND spf.mode=$mode spf.timeout=${TEST_TIMEOUT:-900} $(kernel_cmdline_extra "$abi") $extra"
		# An IOMMU, so that vfio-pci can hold a VF as a VMM does (one
		# group per VF); host devices stay on identity maps (iommu=pt).
		# No interrupt remapping: vfio_iommu_type1 then needs
		# allow_unsafe_interrupts=1, which the tests set.
		-device intel-iommu,intremap=off
		# 82576 PF (emulated igb) behind its own root port; user-mode
		# networking restricted to the host side (no outside network),
		# with a TCP sink at 10.0.2.100:9 for the benchmark's PF stream
		# (slirp runs the command itself, without a shell: no redirection).
		-device pcie-root-port,id=rp1,chassis=1,slot=1
		-netdev "user,id=n0,restrict=on,guestfwd=tcp:10.0.2.100:9-cmd:dd of=/dev/null bs=64k status=none"
		-device igb,netdev=n0,bus=rp1,romfile=
		# Two NVMe PFs with 127 VFs each: the generic (driver_override)
		# path at full TotalVFs.  A VF needs >= 2 flexible queues
		# (admin + I/O) and 1 flexible interrupt; the PF keeps 2 of its own.
		-device pcie-root-port,id=rp2,chassis=2,slot=2
		-device nvme-subsys,id=nvsub0,nqn=spf-subsys0
		-device nvme,bus=rp2,serial=spfnvme0,subsys=nvsub0,sriov_max_vfs=127,sriov_vq_flexible=254,sriov_vi_flexible=127,max_ioqpairs=256,msix_qsize=128
		-device pcie-root-port,id=rp3,chassis=3,slot=3
		-device nvme-subsys,id=nvsub1,nqn=spf-subsys1
		-device nvme,bus=rp3,serial=spfnvme1,subsys=nvsub1,sriov_max_vfs=127,sriov_vq_flexible=254,sriov_vi_flexible=127,max_ioqpairs=256,msix_qsize=128
		# more devices for one run (bench.sh: two more NVMe PFs); unquoted
		${SPF_EXTRA_DEVICES:-}
	)
	# shell-quoted, so it can be pasted to rerun the guest by hand
	printf '%q ' "${QEMU_CMD[@]}" > "$ldir/qemu-cmdline.txt"
	echo >> "$ldir/qemu-cmdline.txt"
	if [ "$mode" = shell ]; then
		"${QEMU_CMD[@]}"
	elif [ "$mode" = check ]; then
		run_guest_watched "$ldir" "$tmo"
	else
		timeout --foreground -k 10 "$tmo" "${QEMU_CMD[@]}" </dev/null >"$ldir/qemu.log" 2>&1
	fi
}

# Run QEMU_CMD (a check guest) under a timeout of <tmo> seconds, booting
# it up to BOOT_TRIES times (default 3) when a boot went wrong for
# reasons of the host, not of anything the guest ran.  Each such reboot is
# one line "<try> <reason>" in <ldir>/boot-retries, which check.sh prints
# in the line's block and in the summary:
#   hang      /init wrote nothing to ttyS1 after BOOT_TIMEOUT seconds (300;
#             a boot takes 10-90 s under TCG).  Seen once on the 7.x line
#             on a loaded host: the console stopped after early boot
#             messages, both vCPUs spinning, for 37 minutes.
#   badclock  the kernel mis-calibrated its TSC (init.sh: SPF-BADCLOCK,
#             before any test output).
#   starved   the kernel log shows a splat of the kind host starvation
#             produces under TCG (RCU stall, soft lockup, hung task,
#             clocksource watchdog) before the first test program ran,
#             so before any module of ours was loaded (init.sh:
#             SPF-STARVED).  On the last try init.sh runs the tests all
#             the same, and check.sh notes such a splat, not counting it.
#   qemu-crash QEMU itself died of a signal before the first test
#             (seen once on a cold run: TCG's "iotlb_to_section:
#             Assertion ... failed", SIGABRT, 16 s into a 6.12 boot with
#             the emulated IOMMU); after the first test such a death
#             fails the line, as a guest could have provoked it.
# Only one check guest boots at a time ($CACHE/.boot.lock, held from
# QEMU's start to the first test output): boots are the guests' busiest
# minutes, and three of them beside a kernel build starved each other.
# The guest learns its try from "spf.try=N spf.tries=M".
# SPF_STARVE_TEST=1 (check.sh's harness self-test): on the first try, stop
# QEMU with SIGSTOP for SPF_STARVE_SECONDS (30) once the guest's console
# says SPF-STARVE-ME, as a host that gives the guest no CPU at all.
run_guest_watched() {
	local ldir=$1 tmo=$2 boot=${BOOT_TIMEOUT:-300} tries=${BOOT_TRIES:-3}
	local try pid rc waited bl i app=-1 base reason
	for i in "${!QEMU_CMD[@]}"; do
		[ "${QEMU_CMD[$i]}" = -append ] && app=$((i + 1))
	done
	base=${QEMU_CMD[$app]}
	rm -f "$ldir/boot-retries"
	for try in $(seq 1 "$tries"); do
		: > "$ldir/tests.log"
		QEMU_CMD[$app]="$base spf.try=$try spf.tries=$tries"
		exec {bl}>"$CACHE/.boot.lock"
		flock "$bl"
		# QEMU must not inherit the lock's descriptor (the lock would
		# stay held as long as QEMU runs)
		timeout --foreground -k 10 "$tmo" "${QEMU_CMD[@]}" </dev/null >"$ldir/qemu.log" 2>&1 {bl}>&- &
		pid=$!
		waited=0
		while kill -0 "$pid" 2>/dev/null && [ ! -s "$ldir/tests.log" ] &&
			[ "$waited" -lt "$boot" ]; do
			if [ "${SPF_STARVE_TEST:-0}" = 1 ] && [ "$try" = 1 ] &&
			   grep -q 'SPF-STARVE-ME' "$ldir/console.log" 2>/dev/null; then
				starve_guest "$pid" "${SPF_STARVE_SECONDS:-30}"
				SPF_STARVE_TEST=done
			fi
			sleep 1
			waited=$((waited + 1))
		done
		exec {bl}>&-
		reason=
		if kill -0 "$pid" 2>/dev/null && [ ! -s "$ldir/tests.log" ] &&
		   [ "$try" -lt "$tries" ]; then
			reason="hang: no test output after ${boot}s"
			kill "$pid" 2>/dev/null
			wait "$pid" 2>/dev/null
			rc=124
		else
			rc=0
			wait "$pid" || rc=$?
			if [ ! -s "$ldir/tests.log" ] &&
			   grep -q 'SPF-BADCLOCK' "$ldir/console.log" 2>/dev/null; then
				reason="badclock: $(grep -m1 -o 'PIT calibration.*' "$ldir/console.log" | tr -d '\r')"
			elif [ ! -s "$ldir/tests.log" ] &&
			   grep -q 'SPF-STARVED' "$ldir/console.log" 2>/dev/null; then
				reason="starved: $(grep -m1 -o 'SPF-STARVED.*' "$ldir/console.log" |
					tr -d '\r' | cut -c13-)"
			elif [ ! -s "$ldir/tests.log" ] && [ "$rc" -gt 128 ] && [ "$rc" != 137 ]; then
				reason="qemu-crash: QEMU died of signal $((rc - 128)): $(tail -n 1 "$ldir/qemu.log" 2>/dev/null)"
			fi
		fi
		[ -n "$reason" ] || return $rc
		echo "$try $reason" >> "$ldir/boot-retries"
		cp "$ldir/console.log" "$ldir/console.try$try.log" 2>/dev/null || true
		[ "$try" -lt "$tries" ] || return $rc
		log "guest $(basename "$ldir"): $reason: booting it again"
	done
}

# starve_guest PID SECONDS: the timeout process <pid> runs QEMU; stop QEMU
# (its child) for <seconds>, then let it go on.
starve_guest() {
	local q
	q=$(pgrep -P "$1" -f qemu-system | head -n1)
	[ -n "$q" ] || return 0
	log "harness self-test: stopping QEMU (pid $q) for ${2}s"
	kill -STOP "$q"
	sleep "$2"
	kill -CONT "$q"
}
