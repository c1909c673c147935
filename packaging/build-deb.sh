#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# build-deb.sh [OUTDIR]
#
# Build sriov-pf-dkms_<version>_all.deb with dpkg-buildpackage (dh-dkms)
# in a temporary copy of the sources outside the checkout, and copy the
# .deb to OUTDIR (default: the directory that holds the checkout, where
# dpkg-buildpackage puts its output too).  Prints the path of the .deb on
# the last line.  Nothing is written to the checkout; no root needed.
# Needs: debhelper, dh-dkms, dpkg-dev.

set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$(dirname "$top")}

ver=$("$top/scripts/version.sh")
chver=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
[ "${chver%-*}" = "$ver" ] || {
	echo "build-deb: debian/changelog has $chver, dkms.conf has $ver" >&2; exit 1; }

for t in dpkg-buildpackage dh dh_dkms; do
	command -v "$t" >/dev/null 2>&1 || {
		echo "build-deb: $t missing (apt-get install debhelper dh-dkms dpkg-dev)" >&2
		exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sriov_pf-deb.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
src=$tmp/sriov-pf-$ver

# The package's source: what DKMS needs, debian/, packaging/, the
# documentation the package ships (debian/sriov-pf-dkms.docs, .manpages)
# and sriov-pf-hwcheck, which lives beside the selftests that run it
# (debian/sriov-pf-dkms.install).
"$top/packaging/install-sources.sh" "$src" "$top"
cp -a "$top/debian" "$top/packaging" "$top/README.md" "$top/Documentation" "$src/"
hwcheck=selftests/drivers/net/sriov_pf/sriov-pf-hwcheck
install -D -m 0755 "$top/$hwcheck" "$src/$hwcheck"
rm -rf "$src/debian/.debhelper" "$src/debian/sriov-pf-dkms" "$src/debian/files" \
	"$src"/debian/*.substvars "$src"/debian/*.debhelper "$src"/debian/*.log \
	"$src/debian/debhelper-build-stamp"

if ! (cd "$src" && dpkg-buildpackage -b -us -uc) >"$tmp/build.log" 2>&1; then
	cat "$tmp/build.log" >&2
	echo "build-deb: dpkg-buildpackage failed" >&2
	exit 1
fi

deb=sriov-pf-dkms_${chver}_all.deb
[ -f "$tmp/$deb" ] || { cat "$tmp/build.log" >&2; echo "build-deb: no $deb" >&2; exit 1; }
mkdir -p "$out" 2>/dev/null && [ -w "$out" ] ||
	{ echo "build-deb: cannot write to $out (choose another: make deb DEB_OUT=dir)" >&2; exit 1; }
cp "$tmp/$deb" "$out/"
echo "$out/$deb"
