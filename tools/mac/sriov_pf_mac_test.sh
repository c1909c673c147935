#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sriov_pf_mac_test.sh - host-side checks of tools/mac/sriov_pf_mac.py
# (KTAP; check.sh runs it with the host checks):
#   - its MACs are the KUnit vectors of the driver's own derivation
#     (spf_mac_known_vectors in sriov_pf_kunit.c, read from the source);
#   - selftests/.../derived_macs.csv, which the guest compares with the
#     MACs the driver gives (sriov_pf_devlink.sh), is what it prints now;
#   - a fake sysfs tree: every SR-IOV PF with a netdev and an unchanged
#     address gets TotalVFs lines, the others a comment; VFs are skipped;
#     --vfs, --format csv/plain, mac_policy=random, exit statuses;
#   - --help, and the one-MAC form "PFMAC VF [ATTEMPT]".
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
tool=$top/tools/mac/sriov_pf_mac.py
kunit=$top/drivers/net/ethernet/sriov_pf/sriov_pf_kunit.c
csv=$top/selftests/drivers/net/sriov_pf/derived_macs.csv

echo "TAP version 13"
if ! command -v python3 >/dev/null; then
	echo "1..0 # SKIP no python3"
	exit 0
fi
echo "1..5"

n=0 rc=0
RET=0
fail() { echo "# FAIL: $*"; RET=1; }
result() {
	n=$((n + 1))
	if [ "$RET" = 0 ]; then echo "ok $n $1"; else echo "not ok $n $1"; rc=1; fi
	RET=0
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. the KUnit vectors: "perm[ETH_ALEN] = { 0x52, ... }" and the want[] rows
vec=$(awk '/^static void spf_mac_known_vectors/ { f = 1 } f && /^}/ { exit } f' "$kunit")
perm=$(echo "$vec" | grep -E 'perm\[ETH_ALEN\]' | grep -oE '0x[0-9a-f]{2}' |
	sed 's/0x//' | paste -sd:)
want=$(echo "$vec" | grep -E '^\s*\{ 0x' | while read -r l; do
	echo "$l" | grep -oE '0x[0-9a-f]{2}' | sed 's/0x//' | paste -sd:
done)
nv=$(echo "$want" | grep -c .)
if [ -z "$perm" ] || [ "$nv" -lt 1 ]; then
	fail "no vectors found in $kunit"
else
	got=$(python3 "$tool" --format plain "$perm=$nv")
	[ "$got" = "$want" ] || fail "tool vs KUnit vectors for $perm: '$got' != '$want'"
	i=0
	for m in $want; do
		one=$(python3 "$tool" "$perm" "$i")
		[ "$one" = "$m" ] || fail "one-MAC form, VF $i: $one != $m"
		i=$((i + 1))
	done
fi
result "the tool's MACs are the driver's KUnit vectors ($nv VFs of ${perm:-?})"

# 2. the guest's reference file is the tool's output
macs=$(awk -F, 'NR > 1 && !seen[$4]++ { print $4 }' "$csv" | while read -r p; do
	printf '%s=%s ' "$p" "$(awk -F, -v p="$p" '$4 == p' "$csv" | wc -l)"
done)
# shellcheck disable=SC2086
if ! python3 "$tool" --format csv $macs | cmp -s - "$csv"; then
	fail "$csv differs from: sriov_pf_mac.py --format csv $macs"
fi
result "derived_macs.csv (the guest's reference) is what the tool prints"

# 3. a fake sysfs tree
root=$tmp/root
mkpf() { # mkpf BDF TOTAL DRIVER [NETDEV ADDR TYPE]
	local d=$root/sys/bus/pci/devices/$1
	mkdir -p "$d" "$root/sys/bus/pci/drivers/$3"
	echo "$2" >"$d/sriov_totalvfs"
	ln -s "../../../bus/pci/drivers/$3" "$d/driver"
	if [ $# -gt 3 ]; then
		mkdir -p "$d/net/$4" "$root/sys/class/net/$4"
		echo "$5" >"$root/sys/class/net/$4/address"
		echo "$6" >"$root/sys/class/net/$4/addr_assign_type"
	fi
}
mkpf 0000:01:00.0 7 sriov_pf eth1 00:1B:21:AA:BB:CC 0
mkpf 0000:02:00.0 127 nvme
mkpf 0000:03:00.0 4 igb eth3 02:00:00:00:00:99 3
mkdir -p "$root/sys/bus/pci/devices/0000:01:10.0"
echo 0 >"$root/sys/bus/pci/devices/0000:01:10.0/sriov_totalvfs"
ln -s ../0000:01:00.0 "$root/sys/bus/pci/devices/0000:01:10.0/physfn"
out=$(python3 "$tool" --sysfs "$root")
st=$?
# shellcheck disable=SC2001
printf '%s\n' "$out" | sed 's/^/#   /'
[ "$st" = 0 ] || fail "exit status $st"
lines=$(echo "$out" | grep -v '^#')
[ "$(echo "$lines" | grep -c .)" = 7 ] || fail "expected 7 VF lines"
[ "$(echo "$lines" | awk '{ print $1, $2, $3, $4 }' | sort -u)" = \
	"0000:01:00.0 sriov_pf eth1 00:1b:21:aa:bb:cc" ] || fail "PF columns"
[ "$(echo "$lines" | awk '{ print $7 }')" = \
	"$(python3 "$tool" --format plain 00:1b:21:aa:bb:cc=7)" ] || fail "VF MACs"
echo "$out" | grep -q '^# 0000:02:00.0 (nvme): no netdev' || fail "no comment for the NVMe PF"
echo "$out" | grep -q '^# 0000:03:00.0 (igb): eth3: permanent MAC unknown' ||
	fail "no comment for the PF whose address was changed"
echo "$out" | grep -q '0000:01:10.0' && fail "the VF is listed"
[ "$(python3 "$tool" --sysfs "$root" --vfs 2 --format plain 2>/dev/null | wc -l)" = 2 ] ||
	fail "--vfs 2"
[ "$(python3 "$tool" --sysfs "$root" --format csv 2>/dev/null | head -n 1)" = \
	"pf,driver,netdev,pf_mac,vf,attempt,vf_mac" ] || fail "csv header"
mkdir -p "$root/sys/module/sriov_pf/parameters"
echo random >"$root/sys/module/sriov_pf/parameters/mac_policy"
python3 "$tool" --sysfs "$root" | grep -q '^# sriov_pf is loaded with mac_policy=random' ||
	fail "no mac_policy=random warning"
mkdir -p "$tmp/empty/sys/bus/pci/devices"
python3 "$tool" --sysfs "$tmp/empty" >/dev/null 2>&1
st=$?
[ "$st" = 1 ] || fail "no PF: exit status $st, expected 1"
result "--sysfs: PFs with a permanent MAC listed up to TotalVFs, the others explained"

# 4. fallback attempts
a=$(python3 "$tool" --attempts 3 --format plain 52:54:00:12:34:56=1)
b=$(for i in 0 1 2; do python3 "$tool" 52:54:00:12:34:56 0 "$i"; done)
[ "$a" = "$b" ] || fail "--attempts 3: '$a' != '$b'"
result "--attempts lists the driver's fallback candidates"

# 5. usage
h=$(python3 "$tool" --help)
st=$?
[ "$st" = 0 ] || fail "--help exit status $st"
for w in "usage:" "examples:" "exit status:" "mac_policy=random" "--sysfs"; do
	echo "$h" | grep -qF -- "$w" || fail "--help does not mention '$w'"
done
python3 "$tool" 00:11:22 >/dev/null 2>&1
st=$?
[ "$st" = 2 ] || fail "bad MAC: exit status $st, expected 2"
python3 "$tool" --attempts 0 >/dev/null 2>&1
st=$?
[ "$st" = 2 ] || fail "--attempts 0: exit status $st, expected 2"
result "--help and usage errors"
exit $rc
