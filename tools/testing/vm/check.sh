#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh - what "make check" runs: for every kernel line, build sriov_pf
# warning-free against Debian's headers, boot a QEMU guest (emulated 82576
# + two NVMe PFs with 127 VFs each) and run the kselftests in
# selftests/drivers/net/sriov_pf/ in it.
#
# Environment:
#   KERNELS="5.10 6.1 6.12 stable debug"   kernel lines to test (stable =
#                        the newest line of trixie-backports, resolved at run
#                        time; debug = the 6.12 debug kernel, built here)
#   DEBUG_TESTS=a.sh,... TEST_PROGS the debug line runs when TESTS is unset
#                        (default: the KUnit, stress/fault-injection and
#                        hostile-VF suites; DEBUG_TESTS= runs the whole
#                        suite there)
#   VCPUS=N              vCPUs for every line (default: 1 for 6.1, 2 otherwise;
#                        VCPUS_6_1=N / VCPUS_6_12=N override per line)
#   LIGHT_LINES="5.10 stable debug"  lines that run the stress-heavy tests at
#                        reduced iterations (SRIOV_PF_CYCLES/HOSTILE_ITER)
#   DKMS_BOOT_LINES="6.1"  lines that boot the DKMS-built module
#   HOST_CHECKS=0        skip checkpatch, sparse and DKMS
#   TESTS=a.sh,b.sh      run only these TEST_PROGS
#   TEST_TIMEOUT=900     per test program, seconds (guest side)
#   VM_TIMEOUT=2400      whole guest run, seconds (host side)
#   ACCEL=kvm|tcg        skip the KVM probe
#   SKIP_SETUP=1         do not run setup-host.sh
#   SRIOV_PF_CACHE=dir   cache (default /var/cache/sriov_pf)
#
# Output: per-kernel result lines "[6.1] ok 3 ...", failures in detail, and
# a last line "N passed, N failed, N skipped".  Exit status 1 if any failed.
set -eu

. "$(dirname "$0")/lib.sh"

KERNELS=${KERNELS:-"5.10 6.1 6.12 stable debug"}
# The whole suite under KASAN and TCG takes over 30 minutes: by default the
# debug line runs what only it can run, and the Debian lines run the rest.
DEBUG_TESTS=${DEBUG_TESTS-"sriov_pf_kunit.sh,sriov_pf_stress.sh,sriov_pf_hostile_vf.sh"}
LIGHT_LINES=${LIGHT_LINES-"5.10 stable debug"}
DKMS_BOOT_LINES=${DKMS_BOOT_LINES-"6.1"}
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

BAD_RE='WARNING:|BUG:|Oops|Call Trace|KASAN|kernel BUG'

# Count the results of one kernel's run from its logs.
parse_results() {
	local line=$1 ldir=$2 tlog clog t rc out np nf ns bad
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

	# Kernel health: one failure per kernel whose log shows a splat.
	bad=$( { dmesg_section "$tlog"; tr -d '\r' < "$clog" 2>/dev/null; } |
		grep -nE "$BAD_RE" | head -n 1 || true)
	if [ -n "$bad" ]; then
		echo "[$line] not ok kernel log: $(echo "$bad" | cut -d: -f2-)"
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
	local kdir=$1 bdir=$2 out rc=0 hits
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
	hits=$(printf '%s\n' "$out" | grep -E '(warning|error):' || true)
	if [ $rc -ne 0 ] || [ -n "$hits" ]; then
		printf '%s\n' "${hits:-$(printf '%s\n' "$out" | tail -n 20)}" | sed 's/^/# /'
		echo "not ok 1 sparse (make C=2 W=1)"
		return 1
	fi
	echo "ok 1 sparse (make C=2 W=1, no warnings)"
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

# checkpatch.pl --strict, one result per file under drivers/, include/ and
# the selftests' test_modules/.
# checkpatch comes from Debian's linux-source-6.1 (extracted into the cache).
checkpatch_ktap() {
	local cp=$CACHE/checkpatch/linux-source-6.1/scripts f files n=0 bad=0 out deb ign
	if [ ! -f "$cp/checkpatch.pl" ]; then
		mkdir -p "$CACHE/checkpatch/tmp"
		deb=$(download_deb apt: linux-source-6.1) &&
		dpkg-deb --fsys-tarfile "$deb" | tar -xOf - --wildcards './usr/src/linux-source-6.1.tar.*' |
			xz -dc | tar -C "$CACHE/checkpatch" -xf - linux-source-6.1/scripts/checkpatch.pl \
			linux-source-6.1/scripts/spelling.txt linux-source-6.1/scripts/const_structs.checkpatch ||
			{ echo "1..1"; echo "not ok 1 checkpatch: cannot extract it from linux-source-6.1"; return 1; }
	fi
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

check_line() {
	local line=$1 abi kdir ko vcpus rc ldir accel
	echo "[$line] ==== kernel line $line ===="
	abi=$(resolve_abi "$line") || { echo "[$line] not ok cannot resolve kernel"; fail; return; }
	echo "[$line] kernel $abi"
	if ! (fetch_kernel "$line" "$abi") >&2; then
		echo "[$line] not ok cannot fetch kernel $abi"; fail; return
	fi
	if ! kdir=$(fetch_headers "$line" "$abi"); then
		echo "[$line] not ok cannot get headers for $abi"; fail; return
	fi
	ko=$CACHE/build/$abi/sriov_pf.ko
	if build_module "$line" "$abi" "$kdir"; then
		echo "[$line] ok build sriov_pf.ko (W=1, no warnings)"
		PASS=$((PASS + 1))
	else
		echo "[$line] not ok build sriov_pf.ko"
		fail
		[ -f "$ko" ] || ko=""   # still boot: tests skip without the module
	fi
	if [ "${HOST_CHECKS:-1}" != 0 ]; then
		host_prog "$line" sparse sparse_ktap "$kdir" "$CACHE/build/$abi"
		rm -f "$CACHE/dkms/$abi/sriov_pf.ko"
		# DKMS serves packaged kernels and their headers; the debug
		# kernel is a build tree of our own, tested by the plain build.
		if [ "$line" != debug ]; then
			host_prog "$line" dkms dkms_line "$line" "$abi" "$kdir"
		fi
	fi
	case " $DKMS_BOOT_LINES " in
	*" $line "*)
		if [ -f "$CACHE/dkms/$abi/sriov_pf.ko" ]; then
			ko=$CACHE/dkms/$abi/sriov_pf.ko
		else
			echo "[$line] not ok no DKMS-built module to boot"; fail
		fi ;;
	esac
	echo "[$line] module booted: ${ko:-none}"
	if ! make_initramfs "$line" "$abi" "$ko"; then
		echo "[$line] not ok selftest helpers"
		fail
	fi

	accel=$(pick_accel "$abi")
	vcpus=$(vcpus_for "$line")
	ldir=$CACHE/logs/$abi
	echo "[$line] booting ($accel, $vcpus vCPU)"
	local t0=$SECONDS rc=0
	local extra=${TESTS:+spf.tests=$TESTS}
	if [ "$line" = debug ] && [ -z "${TESTS:-}" ] && [ -n "$DEBUG_TESTS" ]; then
		extra="spf.tests=$DEBUG_TESTS"
		echo "[$line] running $DEBUG_TESTS (DEBUG_TESTS= for the whole suite)"
	fi
	case " $LIGHT_LINES " in
	*" $line "*)	# the kernel hands unknown a=b parameters to /init's environment
		extra="$extra SRIOV_PF_CYCLES=${LIGHT_CYCLES:-10} SRIOV_PF_HOSTILE_ITER=${LIGHT_HOSTILE_ITER:-1000}"
		echo "[$line] stress-heavy tests at reduced iterations: $extra" ;;
	esac
	run_guest "$abi" check "$vcpus" "$accel" "${VM_TIMEOUT:-2400}" "$extra" || rc=$?
	echo "[$line] guest finished in $((SECONDS - t0))s (rc=$rc), logs in $ldir"

	parse_results "$line" "$ldir"
	if ! grep -q '^### SPF-DONE' "$ldir/tests.log" 2>/dev/null; then
		if [ $rc = 124 ] || [ $rc = 137 ]; then
			echo "[$line] not ok boot: guest timed out after ${VM_TIMEOUT:-2400}s"
		else
			echo "[$line] not ok boot: guest did not finish (panic or crash, rc=$rc)"
		fi
		tr -d '\r' < "$ldir/console.log" 2>/dev/null | tail -n 40 | sed "s/^/[$line] console| /"
		fail
	fi
}

main() {
	local line
	if [ "${SKIP_SETUP:-0}" != 1 ]; then
		"$VM_DIR/setup-host.sh"
	fi
	[ "$(id -u)" = 0 ] || die "run as root (apt-get download into $CACHE, depmod)"
	lock_cache
	if [ "${HOST_CHECKS:-1}" != 0 ]; then
		host_prog host checkpatch checkpatch_ktap
		host_prog host dkms-package env SPF_DKMS_PARTS=package SRIOV_PF_CACHE="$CACHE" \
			"$REPO_ROOT/tools/testing/dkms/dkms-check.sh"
	fi
	for line in $KERNELS; do
		check_line "$line"
	done
	echo "$PASS passed, $FAIL failed, $SKIP skipped"
	[ $FAIL -eq 0 ]
}

main "$@"
