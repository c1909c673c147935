#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fresh-host.sh ROOT - the README's "make demo" on a fresh Debian host, in
# an overlay of a debootstrapped root (ROOT, left untouched: every write
# goes to the overlay's upper directory, thrown away at the end).  check.sh
# runs it on the trixie root of the stable kernel line: Debian stable.  The
# overlay gets the apt sources of a fresh install of the root's suite
# (<suite>, <suite>-updates, <suite>-security, deb822).  Inside it, "make
# demo" runs setup-host.sh, which must install the suite's own QEMU and
# add no apt source on trixie; on bookworm it must add bookworm-backports
# and take QEMU from there.  Then the demo boots the suite's kernel with
# the module and max_vfs=4.
# Then "make deb" builds the package there, with the suite's debhelper;
# the suite's lintian must find nothing in it, and autopkgtest runs the
# package's test suite (autopkgtest-pkg-dkms: install the package, dkms
# builds and installs the module for the root's installed headers) in
# the overlay, a "null" testbed that is thrown away afterwards, which is
# why the test's breaks-testbed restriction is ignored.
#
# Output is KTAP (check.sh counts it as a host check of the stable line).
# Downloads are kept between runs in $CACHE/fresh-host/<suite>/{archives,cache}
# (apt's .debs, and the demo's kernel and headers).
#
# Environment: SRIOV_PF_CACHE (default /var/cache/sriov_pf), KEEP=1 keeps
# the overlay mounted for a look (its path is printed).
set -euo pipefail

VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$VM_DIR/../../.." && pwd)
CACHE=${SRIOV_PF_CACHE:-/var/cache/sriov_pf}
root=${1:?usage: fresh-host.sh ROOT (a debootstrapped trixie or bookworm root)}
suite=$(sed -n 's/^VERSION_CODENAME=//p' "$root/etc/os-release" 2>/dev/null || true)
base=$CACHE/fresh-host/$suite
mnt=$base/mnt
log=$base/run.log
n=0 bad=0

ok()     { n=$((n + 1)); echo "ok $n $1"; }
not_ok() { n=$((n + 1)); bad=1; echo "not ok $n $1"; }
# diagnostics, without apt's per-download lines
note()   { grep -vE '^(Get|Hit|Ign):' | sed 's/^/# /'; }

MOUNTS=()
cleanup() {
	local i
	[ "${KEEP:-0}" = 1 ] && { echo "# kept $mnt"; return; }
	for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
		umount -l "${MOUNTS[i]}" 2>/dev/null || true
	done
	rm -rf "$base/upper" "$base/work"
}
trap cleanup EXIT

mnt_add() {	# mnt_add TARGET MOUNT-ARGS...
	local t=$1; shift
	mkdir -p "$t"
	mount "$@" "$t"
	MOUNTS+=("$t")
}

echo "TAP version 13"
echo "1..5"
[ "$(id -u)" = 0 ] || { echo "Bail out! run as root (mount, chroot)"; exit 1; }
case "$suite" in
trixie) want_srcs="sources.list.d/debian.sources "; want_qfrom=trixie/main ;;
bookworm) want_srcs="sources.list.d/debian.sources sources.list.d/sriov-pf-backports.sources "
	want_qfrom=bookworm-backports/main ;;
*) echo "Bail out! $root is not a Debian trixie or bookworm root"; exit 1 ;;
esac

# --- 1. a fresh host -----------------------------------------------------------
# The root's mirrors (debootstrap's sources.list, or the harness's with
# security), as a fresh install writes them.
mirror=$(awk -v s="$suite" '$1 == "deb" && $3 == s { print $2; exit }' "$root/etc/apt/sources.list")
sec=$(awk -v s="$suite-security" '$1 == "deb" && $3 == s { print $2; exit }' "$root/etc/apt/sources.list")
[ -n "$mirror" ] || { echo "Bail out! no $suite mirror in $root/etc/apt/sources.list"; exit 1; }
[ -n "$sec" ] || sec=${mirror%/debian}/debian-security
rm -rf "$base/upper" "$base/work"
mkdir -p "$base/upper" "$base/work" "$base/archives/partial" "$base/cache"
mnt_add "$mnt" -t overlay overlay -o "lowerdir=$root,upperdir=$base/upper,workdir=$base/work"
mnt_add "$mnt/proc" -t proc proc
mnt_add "$mnt/sys" --bind /sys
mnt_add "$mnt/dev" --bind /dev
mnt_add "$mnt/dev/pts" --bind /dev/pts
mnt_add "$mnt/var/cache/apt/archives" --bind "$base/archives"
mnt_add "$mnt/spf-cache" --bind "$base/cache"
rm -rf "$mnt/spf-src" "$mnt/spf-build" "$mnt/etc/apt/sources.list" "$mnt"/etc/apt/sources.list.d/*
printf '%s\n' "Types: deb" "URIs: $mirror" "Suites: $suite $suite-updates" \
	"Components: main" "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" "" \
	"Types: deb" "URIs: $sec" "Suites: $suite-security" "Components: main" \
	"Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" \
	> "$mnt/etc/apt/sources.list.d/debian.sources"
cp -L /etc/resolv.conf "$mnt/etc/resolv.conf" 2>/dev/null || true
mkdir -p "$mnt/spf-src"
tar -C "$REPO_ROOT" --exclude=./.git -cf - . | tar -C "$mnt/spf-src" -xf -

in_root() { chroot "$mnt" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
	LANG=C.UTF-8 SRIOV_PF_CACHE=/spf-cache "$@"; }

# --- 2. setup-host.sh: the suite's QEMU (bookworm: backports'), no other source
t0=$SECONDS
rc=0
{ in_root apt-get -q update && in_root bash /spf-src/tools/testing/vm/setup-host.sh; } \
	>"$log" 2>&1 </dev/null || rc=$?
srcs=$(cd "$mnt/etc/apt" && find sources.list sources.list.d -type f 2>/dev/null | sort | tr '\n' ' ' || true)
qv=$(in_root dpkg-query -W -f='${Version}' qemu-system-x86 2>/dev/null || true)
qfrom=$(in_root apt-cache policy qemu-system-x86 2>/dev/null | awk '/\*\*\*/ { getline; print $3 }')
echo "# setup-host.sh: rc $rc in $((SECONDS - t0))s, qemu-system-x86 ${qv:-none} from ${qfrom:-?}"
echo "# apt sources afterwards: $srcs"
if [ $rc = 0 ] && [ -n "$qv" ] && [ "$srcs" = "$want_srcs" ] && [ "$qfrom" = "$want_qfrom" ] &&
	in_root qemu-system-x86_64 -device help 2>/dev/null | grep -q '"igb"'; then
	ok "setup-host.sh on a fresh $suite root: QEMU $qv from ${qfrom:-?} (igb), sources: $srcs"
else
	tail -n 30 "$log" | note
	not_ok "setup-host.sh on a fresh $suite root: QEMU with igb from $want_qfrom, sources: $want_srcs"
fi

# --- 3. make demo, as the README has it ---------------------------------------
t0=$SECONDS
rc=0
in_root sh -c 'cd /spf-src && make demo' >"$log" 2>&1 </dev/null || rc=$?
echo "# make demo: rc $rc in $((SECONDS - t0))s"
# The PF line and the igbvf netdevs with their MACs (init.sh, run_demo).
pf=$(grep -m1 -E '^--- PF .*\[0x8086:0x10c9\] driver=sriov_pf numvfs=4/' "$log" || true)
macs=$(awk '/^\$ VF netdevs and their MACs/ { on = 1; next } /^\$ / { on = 0 } on && NF == 3 { print $3 }' "$log")
echo "# $(grep -m1 '=== sriov_pf demo on' "$log" || echo 'no demo banner')"
echo "# ${pf:-no 82576 PF bound by sriov_pf with 4 VFs}"
echo "# VF MACs: $(echo $macs)"
nm=$(printf '%s\n' $macs | grep -v '^00:00:00:00:00:00$' | sort -u | grep -c . || true)
if [ $rc = 0 ] && [ -n "$pf" ] && [ "$nm" = 4 ]; then
	ok "make demo on a fresh $suite root: 4 VFs, 4 distinct non-zero MACs in igbvf"
else
	tail -n 40 "$log" | note
	not_ok "make demo on a fresh $suite root: 4 VFs, 4 distinct non-zero MACs in igbvf"
fi

# --- 4. make deb, the suite's lintian --------------------------------------------
t0=$SECONDS
rc=0
deb=/sriov-pf-dkms_$("$REPO_ROOT/scripts/version.sh")_all.deb
rm -f "$mnt$deb"
{ in_root sh -c 'cd /spf-src && make deb' &&
  in_root setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=/tmp \
	lintian -I --pedantic --fail-on error,warning,info,pedantic "$deb"; } >"$log" 2>&1 </dev/null || rc=$?
echo "# make deb, $(in_root lintian --version 2>/dev/null): rc $rc in $((SECONDS - t0))s"
if [ $rc = 0 ] && [ -f "$mnt$deb" ]; then
	ok "make deb on $suite (the .deb next to the tree), $suite's lintian clean"
else
	tail -n 30 "$log" | note
	not_ok "make deb on $suite (the .deb next to the tree), $suite's lintian clean"
fi

# --- 5. autopkgtest (Testsuite: autopkgtest-pkg-dkms) ------------------------
t0=$SECONDS
rc=0
if [ -f "$mnt$deb" ]; then
	{ in_root apt-get install -y -q --no-install-recommends autopkgtest autodep8 &&
	  in_root timeout 900 autopkgtest --ignore-restrictions=breaks-testbed \
		--output-dir /tmp/autopkgtest /spf-src/ "$deb" -- null; } >"$log" 2>&1 </dev/null || rc=$?
fi
summary=$(cat "$mnt/tmp/autopkgtest/summary" 2>/dev/null || true)
echo "# autopkgtest: rc $rc in $((SECONDS - t0))s: $(echo $summary)"
grep -E '^I: (PASS|FAIL)|^I: Trying to build' "$log" | note || true
# 8: every test is superficial (the dkms test is), and it passed
if { [ $rc = 0 ] || [ $rc = 8 ]; } && printf '%s\n' "$summary" | grep -q ' PASS' &&
	! printf '%s\n' "$summary" | grep -qE ' (FAIL|SKIP)'; then
	ok "autopkgtest of the .deb (autopkgtest-pkg-dkms) in the $suite overlay"
else
	tail -n 40 "$log" | note
	not_ok "autopkgtest of the .deb (autopkgtest-pkg-dkms) in the $suite overlay"
fi

# --- 6. the root itself is untouched ----------------------------------
if [ ! -e "$root/etc/apt/sources.list.d/debian.sources" ] && [ -f "$root/etc/apt/sources.list" ]; then
	ok "the cached $suite root is unchanged (all writes went to the overlay)"
else
	not_ok "the cached $suite root is unchanged (all writes went to the overlay)"
fi
exit $bad
