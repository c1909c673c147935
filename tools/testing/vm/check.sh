#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh - what "make check" runs: for every kernel line, build sriov_pf
# warning-free against Debian's headers, boot a QEMU guest (emulated 82576
# + two NVMe PFs with 127 VFs each) and run the kselftests in
# selftests/drivers/net/sriov_pf/ in it.
#
# Environment:
#   KERNELS="6.1 6.12"   kernel lines to test
#   VCPUS=N              vCPUs for every line (default: 1 for 6.1, 2 otherwise;
#                        VCPUS_6_1=N / VCPUS_6_12=N override per line)
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

KERNELS=${KERNELS:-"6.1 6.12"}
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
	if ! make_initramfs "$line" "$abi" "$ko"; then
		echo "[$line] not ok selftest helpers"
		fail
	fi

	accel=$(pick_accel "$abi")
	vcpus=$(vcpus_for "$line")
	ldir=$CACHE/logs/$abi
	echo "[$line] booting ($accel, $vcpus vCPU)"
	local t0=$SECONDS rc=0
	run_guest "$abi" check "$vcpus" "$accel" "${VM_TIMEOUT:-2400}" \
		"${TESTS:+spf.tests=$TESTS}" || rc=$?
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
	for line in $KERNELS; do
		check_line "$line"
	done
	echo "$PASS passed, $FAIL failed, $SKIP skipped"
	[ $FAIL -eq 0 ]
}

main "$@"
