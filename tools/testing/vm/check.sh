#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh - what "make check" and "make check-full" run: for every kernel
# line, build sriov_pf warning-free against Debian's headers, run the
# host-side checks (sparse, DKMS), boot a QEMU guest (emulated 82576 + two
# NVMe PFs with 127 VFs each) and run the kselftests of
# selftests/drivers/net/sriov_pf/ in it.
#
# The lines run in parallel: each line's fetch, build and host checks start
# at once, and at most GUEST_JOBS guests run at a time, the longest first
# (by the guest time of the line's previous run).  What each line runs
# depends on the profile (see "Profiles" in README.md):
#   PROFILE=ci    (make check, CI) on each Debian line the suites CI_SPLIT
#                 gives it (the others everywhere), the debug line's suites,
#                 loops at CI_CYCLES / CI_HOSTILE_ITER, the quick benchmark
#                 on BENCH_LINES
#   PROFILE=full  (make check-full, a release) the whole suite on every
#                 line, every loop at its own default and the quick
#                 benchmark on every line
#
# Environment:
#   KERNELS="5.10 6.1 6.12 stable debug"   kernel lines to test (stable =
#                        the newest line of trixie-backports, resolved at run
#                        time; debug = the 6.12 debug kernel, built here)
#   TESTS=a.sh,b.sh      run only these TEST_PROGS on every line
#   ONLY_TESTS=f,g       run only these test functions (the others are
#                        SKIP), for a quick look at one test
#   DEBUG_SKIP_TESTS=f,g test functions the debug line reports as SKIP
#                        (ci profile; default: the ones whose logic the
#                        Debian lines check, see line_loops)
#   DEBUG_TESTS=a.sh,...|c.sh what the debug line runs, "|" between guests
#                        that run at once (default: the KUnit and
#                        stress/fault-injection suites | the hostile-VF,
#                        recovery and datapath suites; DEBUG_TESTS= runs the
#                        whole suite there)
#   CI_CYCLES=5 CI_HOSTILE_ITER=500 CI_STREAM_MB=8  loop sizes of the ci
#                        profile (the datapath's TCP streams in MiB)
#   BENCH_LINES="6.1"    lines whose check guest ends with bench-quick
#                        (ci profile, default none; every Debian line in full)
#   CI_SPLIT="a.sh=5.10,stable ..."  ci profile: suite a.sh runs only on
#                        those Debian lines (CI_SPLIT= runs all everywhere)
#   GUEST_JOBS=N         guests at a time (default: the host's CPUs + 1;
#                        TCG guests sleep through most of the suite)
#   VCPUS=N              vCPUs for every line (default: 1 for 6.1, 2 otherwise;
#                        VCPUS_6_1=N / VCPUS_6_12=N override per line)
#   DKMS_BOOT_LINES="6.1"  lines that boot the DKMS-built module
#   DKMS_LINES="5.10 6.1 stable"  lines whose headers DKMS builds against
#   HOST_CHECKS=0        skip checkpatch, the igb register check, sparse,
#                        DKMS, lintian and the trixie-host check
#   TRIXIE_HOST=0        skip the trixie-host check (stable line: setup-host.sh
#                        and "make demo" in an overlay of the trixie root)
#   TEST_TIMEOUT=900     per test program, seconds (guest side; 3600 in full)
#   VM_TIMEOUT=2400      whole guest run, seconds (host side; 7200 in full)
#   ACCEL=kvm|tcg        skip the KVM probe
#   SKIP_SETUP=1         do not run setup-host.sh
#   GUEST_APPEND="..."   more guest kernel command line, e.g. pci=nomsi
#                        (the 82576 backend on INTx)
#   SRIOV_PF_CACHE=dir   cache (default /var/cache/sriov_pf)
#
# Output: per-kernel result lines "[6.1] ok 3 ...", failures in detail, one
# block per line as it finishes, the wall time of every line, and a last
# line "N passed, N failed, N skipped".  Exit status 1 if any failed.
set -eu

. "$(dirname "$0")/lib.sh"

KERNELS=${KERNELS:-"5.10 6.1 6.12 stable debug"}
PROFILE=${PROFILE:-ci}
case "$PROFILE" in ci|full) ;; *) die "PROFILE must be ci or full" ;; esac
# The whole suite under KASAN and TCG takes over 30 minutes: the debug line
# runs what only it can run, and the Debian lines run the rest.
# Two guests at once ("|"), so that the line's guest time after its
# kernel build, the longest path of a cold run, is about halved.
DEBUG_TESTS=${DEBUG_TESTS-"sriov_pf_kunit.sh,sriov_pf_stress.sh|sriov_pf_hostile_vf.sh,sriov_pf_recovery.sh,sriov_pf_datapath.sh"}
# what the debug line's suites leave to the Debian lines (ci profile); of
# the datapath suite it runs the streams, up/down and rmmod with traffic
DEBUG_SKIP_TESTS=${DEBUG_SKIP_TESTS-"test_attack_with_admin_mac,test_rmmod_after_attack,test_untrusted_allmulti,test_vlan_reserve,test_mbx_flood,test_pf_wire,test_pf_vf_ping,test_pf_vf_ipv6,test_mtu_jumbo,test_pf_vf_wire_together,test_vlan_isolation,test_numvfs_traffic,test_bridge_uplink,test_ethtool,test_pause,test_reset_traffic,test_tx_stall_reset,test_tx_stall_device_reset,test_pf_mac_change,test_pf_bond_slave"}
CI_CYCLES=${CI_CYCLES:-5}
CI_HOSTILE_ITER=${CI_HOSTILE_ITER:-500}
CI_STREAM_MB=${CI_STREAM_MB:-8}
DKMS_BOOT_LINES=${DKMS_BOOT_LINES-"6.1"}
BENCH_LINES=${BENCH_LINES-}
# ci profile: the VF-MAC core (82576, capability) and the small suites
# run on every line; each longer suite on two Debian lines, an older and
# a newer one where its kernel interfaces changed, or one plus the 6.12
# debug line (hostile VF, datapath, recovery).  Not 5.10 for the
# datapath: Debian no longer supports bullseye (its LTS ended in 2026),
# and its netdev watchdog WARNs, so the transmit-timeout tests skip there.
# make check-full runs everything everywhere.  README.md "Profiles".
CI_SPLIT=${CI_SPLIT-"sriov_pf_hostile_vf.sh=6.1 sriov_pf_companion.sh=6.12,stable sriov_pf_hwcheck.sh=6.12 sriov_pf_generic.sh=5.10,6.12 sriov_pf_vfconfig.sh=6.1,stable sriov_pf_datapath.sh=6.1,stable sriov_pf_recovery.sh=5.10,6.1,stable"}
# lines whose headers DKMS builds against: each root's own dkms (5.10 in
# bullseye, stable in trixie) and the host's (6.1, booted); 6.12 would run
# the host's dkms again
DKMS_LINES=${DKMS_LINES-"5.10 6.1 stable"}
GUEST_JOBS=${GUEST_JOBS:-$(($(nproc) + 1))}
HARNESS_LINE=${HARNESS_LINE-6.1}
# the self-test runs in whole-suite runs (HARNESS_TEST=1 forces it)
[ -n "${TESTS:-}${ONLY_TESTS:-}" ] && HARNESS_TEST=${HARNESS_TEST:-0}
HARNESS_TEST=${HARNESS_TEST:-1}
if [ "$PROFILE" = full ]; then
	# 100 stress cycles under KASAN outlast the 900 s default
	TEST_TIMEOUT=${TEST_TIMEOUT:-3600}
	VM_TIMEOUT=${VM_TIMEOUT:-7200}
fi
VM_TIMEOUT=${VM_TIMEOUT:-2400}
PASS=0 FAIL=0 SKIP=0

fail() { FAIL=$((FAIL + 1)); }

vcpus_for() {
	local line=$1 var
	var=VCPUS_${line//./_}
	if [ -n "${!var:-}" ]; then echo "${!var}"
	elif [ -n "${VCPUS:-}" ]; then echo "$VCPUS"
	elif [ "$line" = 6.1 ]; then echo 1	# one line runs uniprocessor
	else echo 2
	fi
}

# Print the text between "### SPF-BEGIN $name" and the matching END.
section() {
	awk -v b="### SPF-BEGIN $2" -v e="### SPF-END $2 rc=" '
		$0 == b { on = 1; next }
		on && index($0, e) == 1 { exit }
		on { print }' "$1"
}

dmesg_section() {
	awk '/^### SPF-DMESG-BEGIN/ { on = 1; next } /^### SPF-DMESG-END/ { exit } on' "$1"
}

# BAD_RE and STARVE_RE: log-patterns.sh (through lib.sh), shared with
# init.sh.
# The first test program's start: init.sh's "### SPF-BEGIN <t>" on the
# console, its "### [<t> start <s>s]" in the kernel log.
FIRST_TEST_RE='### (SPF-BEGIN |\[[^ ]+ start )'

# kernel_log_judge: read one kernel log (the console, or the dmesg of the
# guest's end) and print "fail <line>" for the first splat that fails the
# line and "note <line>" for each starvation splat that does not.  Before
# the first test program starts no module of ours has been loaded: a
# splat there whose header is a starvation detector's (its Call Trace
# included) is noted, any other fails.  From the first test program on,
# every splat fails.
kernel_log_judge() {
	# through the environment: awk -v would eat the patterns' backslashes
	SPF_BAD=$BAD_RE SPF_STARVE=$STARVE_RE SPF_FIRST=$FIRST_TEST_RE awk '
		BEGIN {
			bad = ENVIRON["SPF_BAD"]; starve = ENVIRON["SPF_STARVE"]
			first = ENVIRON["SPF_FIRST"]
		}
		$0 ~ first { after = 1 }
		after && $0 ~ bad { print "fail " $0; exit }
		after { next }
		$0 ~ starve {
			block = "starve"
			print "note " $0
			next
		}
		$0 ~ bad {
			if ($0 ~ /Call Trace/ && block == "starve") next
			print "fail " $0; exit
		}'
}

# Count the results of one kernel's run from its logs.
parse_results() {
	local line=$1 ldir=$2 tlog clog t rc out np nf ns bad verdict
	tlog=$ldir/tests.log
	clog=$ldir/console.log
	tr -d '\r' < "$tlog" > "$tlog.clean" 2>/dev/null || : > "$tlog.clean"
	tlog=$tlog.clean

	if grep -q '^### SPF-NOTESTS' "$tlog"; then
		echo "[$line] no TEST_PROGS found in selftests/drivers/net/sriov_pf/Makefile"
	fi
	for t in $(sed -n 's/^### SPF-BEGIN //p' "$tlog"); do
		out=$(section "$tlog" "$t")
		rc=$(sed -n "s/^### SPF-END $(printf '%s' "$t" | sed 's/[.[\*^$/]/\\&/g') rc=//p" "$tlog" | head -n1)
		np=0 nf=0 ns=0
		# Top-level KTAP result lines only (nested subtests are indented).
		while IFS= read -r r; do
			case "$r" in
			"not ok "*"# SKIP"*|"not ok "*"# skip"*|"ok "*"# SKIP"*|"ok "*"# skip"*)
				ns=$((ns + 1)) ;;
			"not ok "*"# TODO"*|"not ok "*"# XFAIL"*)
				np=$((np + 1)) ;;
			"not ok "*)
				nf=$((nf + 1)) ;;
			"ok "*)
				np=$((np + 1)) ;;
			*) continue ;;
			esac
			echo "[$line] $t: $r"
		done < <(printf '%s\n' "$out" | grep -E '^(not )?ok [0-9]+' || true)

		if [ -z "$rc" ]; then
			echo "[$line] not ok $t: did not finish (guest died or hung)"
			nf=$((nf + 1))
		elif [ "$rc" = 4 ] && [ $np -eq 0 ] && [ $nf -eq 0 ]; then
			[ $ns -eq 0 ] && { ns=1; echo "[$line] ok $t # SKIP (exit 4)"; }
		elif [ "$rc" != 0 ] && [ "$rc" != 4 ] && [ $nf -eq 0 ]; then
			echo "[$line] not ok $t: exited rc=$rc without a 'not ok' line"
			nf=$((nf + 1))
		elif [ "$rc" = 0 ] && [ $np -eq 0 ] && [ $nf -eq 0 ] && [ $ns -eq 0 ]; then
			echo "[$line] ok $t (no KTAP results, rc=0)"
			np=1
		fi
		PASS=$((PASS + np)) SKIP=$((SKIP + ns)) FAIL=$((FAIL + nf))
		if [ $nf -ne 0 ]; then
			echo "[$line] ---- output of $t (rc=${rc:-none}) ----"
			printf '%s\n' "$out" | tail -n 80 | sed "s/^/[$line] | /"
		fi
	done

	# Kernel health: one failure per kernel whose log shows a splat that
	# counts (kernel_log_judge); starvation splats before the first test
	# are listed and not counted.
	verdict=$( { dmesg_section "$tlog" | kernel_log_judge
		tr -d '\r' < "$clog" 2>/dev/null | kernel_log_judge; } || true)
	bad=$(printf '%s\n' "$verdict" | sed -n 's/^fail //p' | head -n 1)
	printf '%s\n' "$verdict" | sed -n 's/^note //p' | sort -u | head -n 5 |
		while IFS= read -r r; do
			echo "[$line] note: host starvation before the first test, not counted: $r"
		done
	if [ -n "$bad" ]; then
		echo "[$line] not ok kernel log: $bad"
		{ dmesg_section "$tlog"; tr -d '\r' < "$clog"; } 2>/dev/null |
			grep -E -B 3 -A 25 "$BAD_RE" | head -n 120 | sed "s/^/[$line] dmesg| /"
		fail
	fi
}

# ---------------------------------------------------------------------------
# Host-side checks (DKMS, sparse, checkpatch).  Each writes KTAP into a log
# laid out like the guest's tests.log, and parse_results counts it.
# ---------------------------------------------------------------------------

# host_prog LINE NAME CMD...: run CMD, count its KTAP results under LINE.
host_prog() {
	local line=$1 name=$2 ldir rc=0
	shift 2
	ldir=$CACHE/logs/host/$line-$name
	mkdir -p "$ldir"
	: > "$ldir/console.log"
	{
		echo "### SPF-BEGIN $name"
		"$@" 2>&1 || rc=$?
		echo "### SPF-END $name rc=$rc"
		echo "### SPF-DONE"
	} > "$ldir/tests.log"
	parse_results "$line" "$ldir"
}

# sparse over the module (C=2 checks every file); any warning fails.
sparse_ktap() {
	local kdir=$1 bdir=$2 out rc=0
	echo "TAP version 13"
	echo "1..1"
	if [ -n "$(kdir_root "$kdir")" ]; then
		[ -x "$(kdir_root "$kdir")/usr/bin/sparse" ] ||
			{ echo "ok 1 sparse # SKIP no sparse in $(kdir_root "$kdir")"; return 0; }
	elif ! command -v sparse >/dev/null; then
		echo "ok 1 sparse # SKIP sparse not installed"; return 0
	fi
	out=$(kbuild_make "$kdir" "$bdir" C=2 W=1 -j"$(nproc)" modules 2>&1) || rc=$?
	# Newer kernels refuse a sparse too old for their headers (7.x needs
	# __typeof_unqual__, and Debian's headers lack scripts/checker-valid.sh).
	if printf '%s\n' "$out" | grep -q 'specified, but .* not available or not up to date'; then
		echo "ok 1 sparse # SKIP $(printf '%s\n' "$out" | grep -o 'C=2 specified, but.*' | head -n1)"
		return 0
	fi
	kbuild_result "$rc" "$out" "sparse (make C=2 W=1)"
}

# kbuild_result RC OUTPUT WHAT: the one KTAP result of a kbuild run; any
# "warning:" or "error:" line fails it, and is printed as a diagnostic
# (the last 20 lines of output when make failed without one).
kbuild_result() {
	local rc=$1 out=$2 what=$3 hits
	hits=$(printf '%s\n' "$out" | grep -iE '(warning|error):' || true)
	if [ "$rc" -ne 0 ] || [ -n "$hits" ]; then
		printf '%s\n' "${hits:-$(printf '%s\n' "$out" | tail -n 20)}" | sed 's/^/# /'
		echo "not ok 1 $what"
		return 1
	fi
	echo "ok 1 $what, no warnings"
}

# The KUnit tests' object against headers whose kernel has no KUnit
# (Debian's): a DKMS build where CONFIG_KUNIT=m would compile it, so it
# must compile on every line.  Only the object: there is no KUnit to link
# against.  The debug kernel builds and runs the module itself.
kunit_build_ktap() {
	local kdir=$1 bdir=$2 out rc=0 rel obj=drivers/net/ethernet/sriov_pf/sriov_pf_kunit.o
	echo "TAP version 13"
	echo "1..1"
	# the Kbuild file builds the KUnit tests from 6.1 on
	rel=$(cat "$kdir/include/config/kernel.release" 2>/dev/null)
	if [ "$(printf '%s\n' 6.1 "$rel" | sort -V | head -n1)" != 6.1 ]; then
		echo "ok 1 sriov_pf_kunit.o # SKIP the KUnit tests need 6.1 or later, this is ${rel:-unknown}"
		return 0
	fi
	out=$(kbuild_make "$kdir" "$bdir" CONFIG_KUNIT=m W=1 "$obj" 2>&1) || rc=$?
	kbuild_result "$rc" "$out" "sriov_pf_kunit.o builds with CONFIG_KUNIT=m (W=1)"
}

# The DKMS test of one kernel (dkms add/build/install/remove in a private
# tree).  Debootstrapped lines run it inside their root, with that root's
# dkms and gcc.  The DKMS-built module ends up in $CACHE/dkms/<abi>/.
dkms_line() {
	local line=$1 abi=$2 kdir=$3 root rc=0
	root=$(kdir_root "$kdir")
	if [ -z "$root" ]; then
		SPF_DKMS_PARTS=kernels KERNELS=$kdir SRIOV_PF_CACHE=$CACHE \
			"$REPO_ROOT/tools/testing/dkms/dkms-check.sh"
		return
	fi
	rm -rf "$root/spf-src" "$root/spf-cache/dkms/$abi"
	mkdir -p "$root/spf-src" "$root/spf-cache"
	tar -C "$SRC_DIR" --exclude=./.git -cf - . | tar -C "$root/spf-src" -xf -
	mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
	chroot "$root" env SPF_DKMS_PARTS=kernels KERNELS="${kdir#"$root"}" \
		SRIOV_PF_CACHE=/spf-cache bash /spf-src/tools/testing/dkms/dkms-check.sh || rc=$?
	umount "$root/proc" 2>/dev/null || true
	if [ -f "$root/spf-cache/dkms/$abi/sriov_pf.ko" ]; then
		mkdir -p "$CACHE/dkms/$abi"
		cp "$root/spf-cache/dkms/$abi/sriov_pf.ko" "$CACHE/dkms/$abi/sriov_pf.ko"
	fi
	return $rc
}

# Debian's linux-source-<line> of the host's own suite (6.1 on bookworm,
# 6.12 on trixie): checkpatch and igb's headers, extracted into
# $CACHE/checkpatch/linux-source-<line>/; prints that directory.  Each
# check's files are tested, so that an older cache gets what it lacks.
host_linux_source() {
	local v dir deb
	v=linux-source-$(host_line)
	dir=$CACHE/checkpatch/$v
	if [ ! -f "$dir/scripts/checkpatch.pl" ] ||
	   [ ! -f "$dir/drivers/net/ethernet/intel/igb/e1000_regs.h" ]; then
		mkdir -p "$CACHE/checkpatch/tmp"
		deb=$(download_deb apt: "$v") &&
		dpkg-deb --fsys-tarfile "$deb" | tar -xOf - --wildcards "./usr/src/$v.tar.*" |
			xz -dc | tar -C "$CACHE/checkpatch" -xf - --wildcards "$v/scripts/checkpatch.pl" \
			"$v/scripts/spelling.txt" "$v/scripts/const_structs.checkpatch" \
			"$v/drivers/net/ethernet/intel/igb/*.h" || return 1
	fi
	echo "$dir"
}

# checkpatch.pl --strict, one result per file under drivers/, include/ and
# the selftests' test_modules/.
checkpatch_ktap() {
	local src cp f files n=0 bad=0 out ign
	src=$(host_linux_source) ||
		{ echo "1..1"; echo "not ok 1 checkpatch: cannot extract it from linux-source-$(host_line)"; return 1; }
	cp=$src/scripts
	files=$(cd "$SRC_DIR" && find drivers include selftests/drivers/net/sriov_pf/test_modules -name '*.[ch]' | sort)
	echo "TAP version 13"
	echo "1..$(echo "$files" | wc -w)"
	for f in $files; do
		n=$((n + 1))
		# the compat header is the one place allowed to test versions
		ign=
		[ "$f" = include/sriov_pf_compat.h ] && ign="--ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON"
		# shellcheck disable=SC2086
		if out=$(cd "$SRC_DIR" && perl "$cp/checkpatch.pl" --strict --no-tree --terse \
			--show-types $ign -f "$f" 2>&1) && ! printf '%s\n' "$out" | grep -qE ': (ERROR|WARNING|CHECK):'; then
			echo "ok $n checkpatch --strict $f"
		else
			printf '%s\n' "$out" | sed 's/^/# /'
			echo "not ok $n checkpatch --strict $f"
			bad=1
		fi
	done
	return $bad
}

# Every SPF_82576_ register offset and bit against igb's headers
# (tools/testing/hw/regs-check.sh and igb-regs.map).
igb_regs_ktap() {
	local src
	src=$(host_linux_source) ||
		{ echo "1..1"; echo "not ok 1 igb-regs: cannot extract igb's headers from linux-source-$(host_line)"; return 1; }
	"$REPO_ROOT/tools/testing/hw/regs-check.sh" "$src" "$SRC_DIR"
}

# The selftests' TEST_PROGS, in their order
test_progs() {
	local progs
	progs=$(awk '/^TEST_PROGS[ \t]*[+:]?=/ { on = 1; sub(/^TEST_PROGS[ \t]*[+:]?=/, "") }
	     on { c = sub(/\\$/, ""); printf "%s ", $0; on = c }' \
		"$SRC_DIR/selftests/drivers/net/sriov_pf/Makefile")
	[ -n "${progs// /}" ] || die "no TEST_PROGS in selftests/drivers/net/sriov_pf/Makefile"
	echo "$progs"
}

# What <line> runs in the guest: a TEST_PROGS list for spf.tests=, empty
# for the whole suite.  In the ci profile a suite CI_SPLIT names runs only
# on the lines it lists.
line_tests() {
	local t s out= skip
	if [ -n "${TESTS:-}" ]; then echo "$TESTS"; return; fi
	case "$1" in
	debug) echo "$DEBUG_TESTS"; return ;;
	esac
	[ "$PROFILE" = ci ] && [ -n "$CI_SPLIT" ] || return 0
	for t in $(test_progs); do
		skip=
		for s in $CI_SPLIT; do
			[ "${s%%=*}" = "$t" ] || continue
			case ",${s#*=}," in
			*",$1,"*) ;;
			*) skip=1 ;;
			esac
		done
		[ -n "$skip" ] || out=$out${out:+,}$t
	done
	echo "$out"
}

# spf.bench=1: the check guest ends with the quick benchmark (bench-quick,
# one repetition, proves "make bench" works on that kernel).
line_bench() {
	# not in a run narrowed to some suites
	[ "$1" = debug ] || [ -n "${TESTS:-}" ] && { echo 0; return; }
	[ "$PROFILE" = full ] && { echo 1; return; }
	case " $BENCH_LINES " in
	*" $1 "*) echo 1 ;;
	*) echo 0 ;;
	esac
}

# Loop sizes for <line>, as NAME=value words of the kernel command line
# (the kernel hands unknown a=b parameters to /init's environment).
line_loops() {
	local cycles=$CI_CYCLES
	[ -z "${ONLY_TESTS:-}" ] || echo "SRIOV_PF_ONLY_TESTS=$ONLY_TESTS"
	[ "$PROFILE" = ci ] || return 0
	# Under KASAN/lockdep the paths once, not the logic again (the Debian
	# lines check that), to keep a cold CI run well under 50 minutes:
	# half the load/unload and numvfs cycles, 8 fault-injection rounds
	# (each of the 4 kinds twice) and 2 race rounds, one sleep state (all run the same
	# callbacks), one attack of a quarter of the messages (each of the
	# generator's 16 kinds still about 8 times), no VLAN table,
	# multicast-gate or flood test, three datapath tests.
	local hostile=$CI_HOSTILE_ITER
	[ "$1" = debug ] && cycles=$(((CI_CYCLES + 1) / 2)) &&
		hostile=$(((CI_HOSTILE_ITER + 3) / 4))
	echo "SRIOV_PF_CYCLES=$cycles SRIOV_PF_HOSTILE_ITER=$hostile SRIOV_PF_STREAM_MB=$CI_STREAM_MB"
	[ "$1" = debug ] &&
		echo "SRIOV_PF_FI_ITER=8 SRIOV_PF_RACE_ITER=2" &&
		echo "SRIOV_PF_PM_STATES=freeze SRIOV_PF_SKIP_TESTS=$DEBUG_SKIP_TESTS"
	return 0
}

# File with the guest seconds of <line>'s last whole-suite run in this
# profile (missing when unknown).
guest_seconds_file() { echo "$CACHE/logs/guest-seconds.$PROFILE.$1"; }

# Expected guest seconds of <line>: its last whole-suite run in this
# profile, else DEFAULT_GUEST_SECONDS (measured on the CI machine kind,
# README.md "Time budget").
DEFAULT_GUEST_SECONDS=${DEFAULT_GUEST_SECONDS:-"5.10=550 6.1=1000 6.12=800 stable=1150 debug=600"}
line_expect() {
	local f d
	f=$(guest_seconds_file "$1")
	if [ -s "$f" ]; then cat "$f"; return; fi
	for d in $DEFAULT_GUEST_SECONDS; do
		[ "${d%%=*}" = "$1" ] && { echo "${d#*=}"; return; }
	done
	echo 1000
}

# Each line registers its expected guest seconds in $RUN/expect.<line>
# when it starts (the debug line when its kernel build is done: a slot
# kept for the 15-24 minutes of a build would idle), and the registration
# goes when its check guest holds a slot, or when the line's job ends
# for any reason (the EXIT trap of start_line): a dead line blocks
# nobody.
line_register() {
	line_expect "$1" > "$RUN/expect.$1"
}

# At most GUEST_JOBS guests at once: a guest holds one of the slot locks
# $RUN/slot.<n> while it runs (the lock goes with the file descriptor).
# Longest first: guest_slot_get LINE SECONDS [final] takes a slot only
# while the free slots outnumber the registered lines expected to run
# longer than <seconds> (ties: by name), so every longer line, preparing
# or waiting, keeps a slot it will find free; "final" (the line's check
# guest) ends the line's registration.
guest_slot_get() {
	local line=$1 me=$2 final=${3:-} i fd e v other ahead
	local -a got
	while :; do
		ahead=0
		for e in "$RUN"/expect.*; do
			[ -f "$e" ] || continue
			other=${e##*/expect.}
			[ "$other" != "$line" ] || continue
			# it holds a slot for a step before its guest
			# (trixie-host), which it gives back for its guest
			[ ! -e "$RUN/holding.$other" ] || continue
			v=$(cat "$e" 2>/dev/null) || continue
			[ -n "$v" ] || continue
			if [ "$v" -gt "$me" ] || { [ "$v" = "$me" ] && [[ "$other" < "$line" ]]; }; then
				ahead=$((ahead + 1))
			fi
		done
		got=()
		for i in $(seq 1 "$GUEST_JOBS"); do
			exec {fd}>"$RUN/slot.$i"
			if flock -n "$fd"; then got+=("$fd"); else exec {fd}>&-; fi
		done
		if [ "${#got[@]}" -gt "$ahead" ]; then
			SLOT_FD=${got[0]}
			for fd in "${got[@]:1}"; do exec {fd}>&-; done
			if [ -n "$final" ]; then
				rm -f "$RUN/expect.$line"
			else
				: > "$RUN/holding.$line"
				SLOT_LINE=$line
			fi
			return 0
		fi
		for fd in "${got[@]}"; do exec {fd}>&-; done
		sleep 2
	done
}

guest_slot_put() {
	exec {SLOT_FD}>&-
	[ -z "${SLOT_LINE:-}" ] || rm -f "$RUN/holding.$SLOT_LINE"
	SLOT_LINE=
}

# Phase timer: "phase NAME" closes the previous phase and opens NAME; the
# closed ones are listed in TIMES ("fetch 12s, build 30s, ...").
phase() {
	local now=$SECONDS
	[ -n "${PHASE:-}" ] && TIMES="${TIMES:+$TIMES, }$PHASE $((now - PHASE_T0))s"
	PHASE=$1 PHASE_T0=$now
}

# One kernel line from fetch to results; runs in a subshell of its own
# (main), with its output in $RUN/<line>.out and "pass fail skip seconds"
# in $RUN/<line>.counts.
check_line() {
	local line=$1 abi kdir ko vcpus rc ldir accel t0=$SECONDS tests tg parts np i pdir gs t
	PHASE="" TIMES=""
	echo "[$line] ==== kernel line $line ===="
	phase fetch
	abi=$(resolve_abi "$line") || { echo "[$line] not ok cannot resolve kernel"; fail; return; }
	echo "[$line] kernel $abi"
	if ! (fetch_kernel "$line" "$abi") >&2; then
		echo "[$line] not ok cannot fetch kernel $abi"; fail; return
	fi
	if ! kdir=$(fetch_headers "$line" "$abi"); then
		echo "[$line] not ok cannot get headers for $abi"; fail; return
	fi
	# the debug line registers now that its kernel is built
	[ "$line" != debug ] || line_register "$line"
	phase build
	ko=$CACHE/build/$abi/sriov_pf.ko
	if build_module "$line" "$abi" "$kdir"; then
		echo "[$line] ok build sriov_pf.ko (W=1, no warnings)"
		PASS=$((PASS + 1))
	else
		echo "[$line] not ok build sriov_pf.ko"
		fail
		[ -f "$ko" ] || ko=""   # still boot: tests skip without the module
	fi
	# never boot a DKMS module of an earlier run
	rm -f "$CACHE/dkms/$abi/sriov_pf.ko"
	if [ "${HOST_CHECKS:-1}" != 0 ]; then
		phase sparse
		host_prog "$line" sparse sparse_ktap "$kdir" "$CACHE/build/$abi"
		# KUnit object and DKMS serve packaged kernels and their headers;
		# the debug kernel is a build tree of our own with KUnit, which
		# builds and runs the KUnit module itself.
		if [ "$line" != debug ]; then
			host_prog "$line" kunit-build kunit_build_ktap "$kdir" "$CACHE/build/$abi"
			case " $DKMS_LINES $DKMS_BOOT_LINES " in
			*" $line "*)
				phase dkms
				host_prog "$line" dkms dkms_line "$line" "$abi" "$kdir"
				;;
			esac
		fi
		# The README's "make demo" on a fresh Debian stable host, in an
		# overlay of this line's trixie root; its guest takes a slot.
		if [ "$line" = stable ] && [ "${TRIXIE_HOST:-1}" != 0 ]; then
			phase trixie-host
			guest_slot_get "$line" "$(line_expect "$line")"
			host_prog "$line" trixie-host "$VM_DIR/fresh-host.sh" \
				"$(method_root "$(kernel_line_method "$line")")"
			guest_slot_put
		fi
	fi
	case " $DKMS_BOOT_LINES " in
	*" $line "*)
		if [ "${HOST_CHECKS:-1}" = 0 ]; then
			echo "[$line] HOST_CHECKS=0: no DKMS build, booting the plain build"
		elif [ -f "$CACHE/dkms/$abi/sriov_pf.ko" ]; then
			ko=$CACHE/dkms/$abi/sriov_pf.ko
		else
			echo "[$line] not ok no DKMS-built module to boot"; fail
		fi ;;
	esac
	echo "[$line] module booted: ${ko:-none}"
	phase initramfs
	if ! make_initramfs "$line" "$abi" "$ko"; then
		echo "[$line] not ok selftest helpers"
		fail
	fi

	phase guest
	tg=$SECONDS
	accel=$(pick_accel "$abi")
	vcpus=$(vcpus_for "$line")
	ldir=$CACHE/logs/$abi
	tests=$(line_tests "$line")
	# "a,b|c,d": one guest per part, in parallel, each in a slot of its
	# own, with its logs in <ldir>.<n> (the debug line: two guests, so
	# that its part after the kernel build is half as long)
	IFS='|' read -r -a parts <<< "$tests"
	[ "${#parts[@]}" -gt 0 ] || parts=("")
	np=${#parts[@]}
	for i in "${!parts[@]}"; do
		pdir=$ldir
		[ "$np" = 1 ] || pdir=$ldir.$((i + 1))
		(
			guest_slot_get "$line" "$(line_expect "$line")" final
			extra="${parts[$i]:+spf.tests=${parts[$i]}} spf.bench=$(line_bench "$line") $(line_loops "$line") ${GUEST_APPEND:-}"
			echo "[$line] booting ($accel, $vcpus vCPU, profile $PROFILE): ${parts[$i]:-whole suite}, $extra"
			rc=0
			GUEST_LOGDIR=$pdir run_guest "$abi" check "$vcpus" "$accel" "$VM_TIMEOUT" "$extra" || rc=$?
			guest_slot_put
			echo "$rc $((SECONDS - tg))" > "$pdir.rc"
		) &
	done
	wait
	gs=0
	for i in "${!parts[@]}"; do
		pdir=$ldir
		[ "$np" = 1 ] || pdir=$ldir.$((i + 1))
		read -r rc t < "$pdir.rc" 2>/dev/null || { rc=1; t=0; }
		[ "$rc" = 0 ] && [ "$t" -gt "$gs" ] && gs=$t
		check_guest_logs "$line" "$pdir" "$rc"
	done
	# what the next run orders its guests by (not a narrowed TESTS= run)
	[ "$gs" -gt 0 ] && [ -z "${TESTS:-}" ] && echo "$gs" > "$(guest_seconds_file "$line")"
	if [ "$line" = "$HARNESS_LINE" ] && [ "$HARNESS_TEST" = 1 ]; then
		phase harness
		guest_slot_get harness 0
		host_prog "$line" harness harness_ktap "$abi" "$accel"
		guest_slot_put
	fi
	phase end
	echo "[$line] wall time $((SECONDS - t0))s: $TIMES"
}

# The results of one guest of <line> (logs in <ldir>, QEMU's exit <rc>)
check_guest_logs() {
	local line=$1 ldir=$2 rc=$3
	echo "[$line] guest finished (rc=$rc), logs in $ldir"
	boot_retries "$line" "$ldir"
	parse_results "$line" "$ldir"
	if ! grep -q '^### SPF-DONE' "$ldir/tests.log" 2>/dev/null; then
		if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
			echo "[$line] not ok boot: guest timed out after ${VM_TIMEOUT}s"
		else
			echo "[$line] not ok boot: guest did not finish (panic or crash, rc=$rc)"
		fi
		tr -d '\r' < "$ldir/console.log" 2>/dev/null | tail -n 40 | sed "s/^/[$line] console| /"
		fail
	fi
	# per-program guest times (init.sh: "### SPF-TIME <prog> <seconds>")
	echo "[$line] guest programs: $(tr -d '\r' < "$ldir/tests.log" 2>/dev/null |
		awk '/^### SPF-TIME / { printf "%s%s %ss", sep, $3, $4; sep = ", " }')"
}

# The reboots of <line>'s guest (qemu.sh: <ldir>/boot-retries), in its
# block and, through $RUN/<line>.retries, in the summary.
boot_retries() {
	local line=$1 ldir=$2 n r
	[ -s "$ldir/boot-retries" ] || return 0
	while read -r n r; do
		echo "[$line] boot $n of the guest was not used, booted again: $r"
		echo "$line: $r" >> "$RUN/$line.retries"
	done < "$ldir/boot-retries"
}

# The harness's self-test (HARNESS_LINE, default 6.1; HARNESS_LINE= skips
# it): one guest whose first boot the host starves (qemu.sh
# SPF_STARVE_TEST: QEMU stopped for 30 s while /init keeps the CPU busy,
# so the kernel's soft lockup detector fires before any test), and whose
# second boot runs harness-warn.sh (sriov_pf loaded, then a fixture
# module that WARNs).  The first result: that boot was not used and the
# guest was booted again; the second: the WARN after load fails the
# line's kernel-log check.
harness_ktap() {
	local abi=$1 accel=$2 ldir=$CACHE/logs/$1-harness out
	echo "TAP version 13"
	echo "1..2"
	GUEST_LOGDIR=$ldir SPF_STARVE_TEST=1 run_guest "$abi" check 1 "$accel" 900 \
		"spf.tests=/harness/harness-warn.sh spf.bench=0 spf.starve=1" || true
	if grep -q '^1 starved: ' "$ldir/boot-retries" 2>/dev/null &&
	   grep -q '^### SPF-DONE' "$ldir/tests.log" 2>/dev/null; then
		echo "ok 1 harness: a guest starved before its first test is booted again ($(sed -n '1s/^1 //p' "$ldir/boot-retries"))"
	else
		echo "# boot-retries: $(cat "$ldir/boot-retries" 2>/dev/null)"
		tr -d '\r' < "$ldir/console.try1.log" 2>/dev/null | tail -n 30 | sed 's/^/# try 1| /'
		tr -d '\r' < "$ldir/console.log" 2>/dev/null | tail -n 30 | sed 's/^/# console| /'
		echo "not ok 1 harness: a guest starved before its first test is booted again"
	fi
	out=$(PASS=0 FAIL=0 SKIP=0; parse_results harness "$ldir"; echo "counts $PASS $FAIL")
	if printf '%s\n' "$out" | grep -q 'not ok kernel log: .*WARNING:' &&
	   printf '%s\n' "$out" | grep -q 'harness-warn.sh: ok 1 '; then
		echo "ok 2 harness: a WARN after sriov_pf is loaded fails the line ($(printf '%s\n' "$out" | grep -m1 -o 'not ok kernel log: .*'))"
	else
		printf '%s\n' "$out" | head -n 60 | sed 's/^/# /'
		echo "not ok 2 harness: a WARN after sriov_pf is loaded fails the line"
	fi
}

# Run check_line for <line> in the background; its results land in files.
start_line() {
	local line=$1
	(
		PASS=0 FAIL=0 SKIP=0 t0=$SECONDS
		# A "die" in a helper ends this subshell: the counts file then
		# is missing, which main counts as a failure; the trap ends
		# the line's registration whatever happens.
		trap 'rm -f "$RUN/expect.$line" "$RUN/holding.$line"' EXIT
		[ "$line" = debug ] || line_register "$line"
		check_line "$line"
		echo "$PASS $FAIL $SKIP $((SECONDS - t0))" > "$RUN/$line.counts"
	) > "$RUN/$line.out" 2>&1 &
	PIDS[$!]=$line
}

# The repository-wide host checks, as one more background job.
host_checks() {
	host_prog host checkpatch checkpatch_ktap
	host_prog host igb-regs igb_regs_ktap
	host_prog host doc-links "$REPO_ROOT/tools/testing/docs/doc-links.sh"
	host_prog host mac-tool "$REPO_ROOT/tools/mac/sriov_pf_mac_test.sh"
	host_prog host dkms-package env SPF_DKMS_PARTS=package SRIOV_PF_CACHE="$CACHE" \
		"$REPO_ROOT/tools/testing/dkms/dkms-check.sh"
}

start_host_checks() {
	(
		PASS=0 FAIL=0 SKIP=0 t0=$SECONDS
		host_checks
		echo "$PASS $FAIL $SKIP $((SECONDS - t0))" > "$RUN/host.counts"
	) > "$RUN/host.out" 2>&1 &
	PIDS[$!]=host
}

main() {
	local line pid p f s t times="" t0=$SECONDS
	declare -gA PIDS=()
	if [ "${SKIP_SETUP:-0}" != 1 ]; then
		"$VM_DIR/setup-host.sh"
	fi
	[ "$(id -u)" = 0 ] || die "run as root (apt-get download into $CACHE, depmod)"
	lock_cache
	RUN=$CACHE/logs/run
	rm -rf "$RUN"; mkdir -p "$RUN"
	echo "check: profile $PROFILE, lines: $KERNELS, up to $GUEST_JOBS guests at a time"
	[ "${HOST_CHECKS:-1}" != 0 ] && start_host_checks
	for line in $KERNELS; do
		start_line "$line"
	done
	# Print each block as its job ends.
	while [ ${#PIDS[@]} -gt 0 ]; do
		pid=
		wait -n -p pid "${!PIDS[@]}" || true
		[ -n "$pid" ] || break
		line=${PIDS[$pid]}
		unset "PIDS[$pid]"
		cat "$RUN/$line.out"
		if [ -f "$RUN/$line.counts" ]; then
			read -r p f s t < "$RUN/$line.counts"
			PASS=$((PASS + p)) FAIL=$((FAIL + f)) SKIP=$((SKIP + s))
			times="$times $line ${t}s,"
		else
			echo "[$line] not ok harness: the job for $line ended early (output above)"
			fail
			times="$times $line died,"
		fi
	done
	echo "wall time per line:${times%,}; total $((SECONDS - t0))s"
	if ls "$RUN"/*.retries >/dev/null 2>&1; then
		echo "guests booted again (host load, not counted): $(cat "$RUN"/*.retries | paste -sd ';' | sed 's/;/; /g')"
	else
		echo "guests booted again (host load, not counted): none"
	fi
	echo "$PASS passed, $FAIL failed, $SKIP skipped"
	[ "$FAIL" -eq 0 ]
}

main "$@"
