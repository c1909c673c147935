#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the KUnit tests of sriov_pf (sriov_pf_kunit.ko: the capability
# parser, the MAC policy, the max_vfs parser, the 82576 mailbox decoder,
# the VF configuration path, the 82576/I350 register layouts, the PF
# datapath's transmit descriptors)
# and re-print their results as KTAP, one top-level result per test case.
#
# Skips (exit 4) when sriov_pf_kunit.ko is not installed: it is only built
# against kernels with CONFIG_KUNIT (the debug kernel of tools/testing/vm).

cd "$(dirname "$0")" || exit 1
# shellcheck source=lib.sh
. ./lib.sh
ktap_print_header

KMOD=sriov_pf_kunit
KDBG=$DBG_ROOT/kunit

require_root
modprobe -n -q "$KMOD" 2>/dev/null || skip_all "$KMOD not installed (kernel without CONFIG_KUNIT)"
debugfs_setup
# kunit.enable=1: the test kernel may be built with KUNIT_DEFAULT_ENABLED=n
modprobe kunit enable=1 2>/dev/null
grep -q "^$KMOD " /proc/modules && rmmod "$KMOD"
dmesg_mark
if ! out=$(modprobe "$KMOD" 2>&1); then
	echo "1..1"
	echo "not ok 1 modprobe $KMOD: $out"
	exit 1
fi
[ -d "$KDBG" ] || {
	echo "1..1"
	echo "not ok 1 no $KDBG (CONFIG_KUNIT_DEBUGFS)"
	exit 1
}

# Each suite's debugfs results: "    ok N case" lines (indented one level)
# under "ok N suite".
cases=$(for r in "$KDBG"/sriov_pf_*/results; do
	[ -f "$r" ] || continue
	s=${r%/results}
	s=${s##*/}
	sed -n 's/^    \(\(not \)\{0,1\}ok\) [0-9][0-9]* \(.*\)$/\1 '"$s"'.\3/p' "$r"
done)
n=$(printf '%s\n' "$cases" | grep -c 'ok ')
nsuites=$(ls -d "$KDBG"/sriov_pf_* 2>/dev/null | wc -l)
echo "1..$((n + 1))"
rc=0
printf '%s\n' "$cases" | awk 'NF {
	i++
	if ($1 == "not") { sub(/^not ok /, ""); print "not ok " i " " $0 }
	else { sub(/^ok /, ""); print "ok " i " " $0 }
}'
failed=$(printf '%s\n' "$cases" | grep -c '^not ok')
suites_bad=$(grep -l '^not ok' "$KDBG"/sriov_pf_*/results 2>/dev/null | wc -l)
if [ "$nsuites" -lt 8 ] || [ "$n" -eq 0 ] || { [ "$suites_bad" -gt 0 ] && [ "$failed" -eq 0 ]; }; then
	echo "not ok $((n + 1)) suites: $nsuites of 8 found, $n cases, $suites_bad failed suites"
	rc=1
else
	echo "ok $((n + 1)) suites: $nsuites suites, $n cases"
fi
[ "$failed" -gt 0 ] && rc=1
if [ "$rc" != 0 ]; then
	for r in "$KDBG"/sriov_pf_*/results; do
		sed 's/^/# /' "$r"
	done
fi
rmmod "$KMOD"
exit $rc
