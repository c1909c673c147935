#!/usr/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the sriov_pf test guest (busybox sh).
#
# Kernel command line:
#   spf.mode=check|demo|bench|probe|shell   what to do (default check)
#   spf.timeout=N                     per-test timeout in seconds (900)
#   spf.tests=a.sh,b.sh               run only these TEST_PROGS
#   spf.demo_vfs=N                    max_vfs for the demo (4)
#   spf.bench=0|1                     check mode: end with bench-quick (1)
#
# Output protocol (host side parses it, see check.sh):
#   ttyS0: kernel console, plus the markers below
#   ttyS1: test output bracketed by
#     ### SPF-BEGIN <name>
#     ... KTAP ...
#     ### SPF-END <name> rc=<N>
#   then ### SPF-DMESG-BEGIN / dmesg / ### SPF-DMESG-END, and ### SPF-DONE.
#
# Note for tests: there is no udev, nothing is autoloaded, so the in-tree
# igb never claims the emulated 82576 unless a test loads it.  /bin/sh is
# bash; /sbin/ip is iproute2, modprobe & co are kmod, lspci is pciutils.
# Prefer the absolute /sbin/ip in scripts: under busybox sh, "ip" would be
# busybox's reduced applet.

export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb

/usr/bin/busybox mount -t proc proc /proc
/usr/bin/busybox mount -t sysfs sysfs /sys
/usr/bin/busybox mount -t devtmpfs devtmpfs /dev 2>/dev/null
/usr/bin/busybox mount -t debugfs debugfs /sys/kernel/debug
/usr/bin/busybox mount -t tmpfs tmpfs /tmp
/usr/bin/busybox mount -t tmpfs tmpfs /run
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts 2>/dev/null
hostname "$(cat /etc/hostname)"
ip link set lo up 2>/dev/null

# The boot's soft lockup threshold (watchdog_thresh=60, qemu.sh
# TCG_APPEND) back to Debian's before anything else runs.
[ -w /proc/sys/kernel/watchdog_thresh ] && echo 10 > /proc/sys/kernel/watchdog_thresh

# ttyS2 is QEMU's monitor (qemu.sh): raw, or the guest's echo of the
# monitor's output would come back to it as commands, and read all the
# time into /tmp/monitor.log (what the monitor answered).  Tests take the
# port's link down and up through it (selftests lib.sh).
if [ -c /dev/ttyS2 ] && stty -F /dev/ttyS2 raw -echo 2>/dev/null; then
	cat /dev/ttyS2 > /tmp/monitor.log 2>&1 &
	export SRIOV_PF_LINK_CMD=/harness/set-link.sh
fi


MODE=check
TMO=900
ONLY=
DEMO_VFS=4
BENCH=1
TRY=1
TRIES=1
STARVE=0
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	spf.mode=*)	MODE=${arg#spf.mode=} ;;
	spf.timeout=*)	TMO=${arg#spf.timeout=} ;;
	spf.tests=*)	ONLY=$(echo "${arg#spf.tests=}" | tr ',' ' ') ;;
	spf.demo_vfs=*)	DEMO_VFS=${arg#spf.demo_vfs=} ;;
	spf.bench=*)	BENCH=${arg#spf.bench=} ;;
	spf.try=*)	TRY=${arg#spf.try=} ;;
	spf.tries=*)	TRIES=${arg#spf.tries=} ;;
	spf.starve=*)	STARVE=${arg#spf.starve=} ;;
	esac
done

# BAD_RE, STARVE_RE: the host's check.sh uses the same file
. /harness/log-patterns.sh

OUT=/dev/ttyS1
[ -c "$OUT" ] || OUT=/dev/console

# marker: to the test log and to the console
mark() {
	echo "### $*" > "$OUT"
	echo "### $*" > /dev/console
}

finish() {
	mark "SPF-DMESG-BEGIN"
	dmesg > "$OUT" 2>&1
	mark "SPF-DMESG-END"
	mark "SPF-DONE"
	sync
	poweroff -f
}

# TEST_PROGS from the selftest Makefile: "TEST_PROGS := a.sh b.sh", "+=",
# "\" continuations.
test_progs() {
	mk=/selftests/sriov_pf/Makefile
	[ -f "$mk" ] || return 0
	sed -e ':a' -e '/\\$/N; s/\\\n/ /; ta' "$mk" |
		sed -n 's/^[[:space:]]*TEST_PROGS[[:space:]]*[:+]\{0,1\}=[[:space:]]*//p' |
		tr -s ' \t' '\n\n' | grep -v '^$'
}

run_checks() {
	cd /selftests/sriov_pf || { mark "SPF-NOTESTS"; return; }
	progs=$(test_progs)
	[ -n "$ONLY" ] && progs=$ONLY
	if [ -z "$progs" ]; then
		mark "SPF-NOTESTS"
		return
	fi
	# Debug kernels: forget what kmemleak saw at boot; kmemleak_final counts.
	[ -w /sys/kernel/debug/kmemleak ] && echo clear > /sys/kernel/debug/kmemleak
	for t in $progs; do
		mark "SPF-BEGIN $t"
		t0=$(cut -d. -f1 /proc/uptime)
		# an absolute path: a harness program outside the selftests
		case "$t" in /*) run=$t ;; *) run=./$t ;; esac
		if [ ! -f "$run" ]; then
			echo "# $t: missing" > "$OUT"
			rc=127
		else
			[ -x "$run" ] || chmod +x "$run"
			echo "### [$t start $(cut -d' ' -f1 /proc/uptime)s]" > /dev/kmsg
			(cd /selftests/sriov_pf && timeout -s KILL "$TMO" "$run") > "$OUT" 2>&1 </dev/null
			rc=$?
		fi
		mark "SPF-END $t rc=$rc"
		mark "SPF-TIME $t $(($(cut -d. -f1 /proc/uptime) - t0))"
	done
	kmemleak_final
}

# Debug kernels (CONFIG_DEBUG_KMEMLEAK): one last scan after every test;
# any unreferenced object is a failure, reported like a test result.
kmemleak_final() {
	kml=/sys/kernel/debug/kmemleak
	[ -w "$kml" ] || return 0
	mark "SPF-BEGIN kmemleak"
	sleep 6		# older than kmemleak's minimum age
	echo scan > "$kml"
	echo scan > "$kml"
	n=$(grep -c 'unreferenced object' "$kml")
	{
		echo "TAP version 13"
		echo "1..1"
		if [ "$n" = 0 ]; then
			echo "ok 1 kmemleak: no unreferenced object after the tests"
		else
			head -n 200 "$kml" | sed 's/^/# /'
			echo "not ok 1 kmemleak: $n unreferenced objects after the tests"
		fi
	} > "$OUT" 2>&1
	mark "SPF-END kmemleak rc=$([ "$n" = 0 ] && echo 0 || echo 1)"
}

run_demo() {
	exec > "$OUT" 2>&1
	step() { echo; echo "\$ $*"; }
	echo "=== sriov_pf demo on $(uname -r) ==="
	step modprobe sriov_pf max_vfs=$DEMO_VFS
	modprobe sriov_pf max_vfs=$DEMO_VFS; echo "(rc=$?)"
	sleep 2
	step "dmesg | grep sriov_pf"
	dmesg | grep sriov_pf
	step "lspci -nn"
	lspci -nn
	for pf in /sys/bus/pci/devices/*; do
		[ -e "$pf/sriov_totalvfs" ] || continue
		drv=$(basename "$(readlink "$pf/driver" 2>/dev/null)" 2>/dev/null)
		echo
		echo "--- PF $(basename "$pf") [$(cat "$pf/vendor"):$(cat "$pf/device")] driver=${drv:-none} numvfs=$(cat "$pf/sriov_numvfs")/$(cat "$pf/sriov_totalvfs")"
		for vf in "$pf"/virtfn*; do
			[ -e "$vf" ] || continue
			echo "    $(basename "$vf") -> $(basename "$(readlink "$vf")")"
		done
		cap=/sys/kernel/debug/sriov_pf/$(basename "$pf")/capability
		if [ -f "$cap" ]; then
			step "cat $cap"
			cat "$cap"
		fi
		for n in "$pf"/net/*; do
			[ -e "$n" ] || continue
			step "/sbin/ip link show $(basename "$n")"
			/sbin/ip link show "$(basename "$n")"
		done
	done
	step modprobe igbvf
	modprobe igbvf; echo "(rc=$?)"
	sleep 3
	step "VF netdevs and their MACs"
	for n in /sys/class/net/*; do
		[ "$(basename "$(readlink "$n/device/driver" 2>/dev/null)" 2>/dev/null)" = igbvf ] || continue
		echo "$(basename "$n") $(basename "$(readlink "$n/device")") $(cat "$n/address")"
	done
	step "dmesg | grep -E 'igbvf|sriov_pf' | tail -n 20"
	dmesg | grep -E 'igbvf|sriov_pf' | tail -n 20
	exec > /dev/console 2>&1
}

case "$MODE" in
probe)
	echo "SPF-PROBE-OK" > /dev/console
	poweroff -f
	;;
shell)
	setsid cttyhack sh
	poweroff -f
	;;
demo)
	mark "SPF-BEGIN demo"
	run_demo
	mark "SPF-END demo rc=0"
	finish
	;;
bench)
	mark "SPF-BEGIN bench"
	/bench/bench-guest.sh > "$OUT" 2>&1 </dev/null
	mark "SPF-END bench rc=$?"
	finish
	;;
*)
	# Under TCG on a loaded host the kernel's PIT calibration of the TSC
	# can go wrong; it then keeps the PIT's figure ("PIT calibration
	# deviates from HPET: 176559 2099973"), and every clock and timeout
	# in the guest runs an order of magnitude off (seen once on the debug
	# line: test programs killed by their timeouts within seconds).  Say
	# so on the console, before any test output, and stop: qemu.sh boots
	# the guest once more.
	if dmesg | grep -q 'PIT calibration deviates'; then
		echo "### SPF-BADCLOCK $(dmesg | grep 'PIT calibration deviates')" > /dev/console
		poweroff -f
	fi
	# The harness self-test (check.sh, spf.starve=1): on the first boot,
	# keep the CPU busy in user space while the host stops QEMU
	# (qemu.sh: SPF-STARVE-ME); the kernel's soft lockup detector sees
	# the time it did not run, as on a starved host.
	if [ "$STARVE" = 1 ] && [ "$TRY" = 1 ]; then
		echo "### SPF-STARVE-ME" > /dev/console
		end=$(($(cut -d. -f1 /proc/uptime) + 60))
		while [ "$(cut -d. -f1 /proc/uptime)" -lt "$end" ] &&
		      ! dmesg | grep -qE "$STARVE_RE"; do
			:
		done
	fi
	# A splat of host starvation (see STARVE_RE) before the first test
	# program: no module of ours has been loaded, the host did not give
	# the guest the CPU.  Say so before any test output and stop:
	# qemu.sh boots the guest once more.  On its last try the tests run
	# all the same, and check.sh notes the splat without counting it.
	starved=$(dmesg | grep -E "$STARVE_RE" | head -n 1)
	if [ -n "$starved" ] && dmesg | grep -qE "$BAD_RE" && [ "$TRY" -lt "$TRIES" ]; then
		echo "### SPF-STARVED $starved" > /dev/console
		poweroff -f
	fi
	run_checks
	# the benchmark once, quick, to prove it works (times not checked)
	if [ "$BENCH" = 1 ] && [ -x /bench/bench-guest.sh ]; then
		mark "SPF-BEGIN bench-quick"
		t0=$(cut -d. -f1 /proc/uptime)
		timeout -s KILL "$TMO" /bench/bench-guest.sh quick > "$OUT" 2>&1 </dev/null
		mark "SPF-END bench-quick rc=$?"
		mark "SPF-TIME bench-quick $(($(cut -d. -f1 /proc/uptime) - t0))"
	fi
	finish
	;;
esac
