#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# build-deb.sh [OUTDIR]
#
# Build sriov-pf-dkms_<version>_all.deb with dpkg-buildpackage (dh-dkms)
# in a temporary copy of the sources outside the checkout, and copy the
# .deb to OUTDIR (default $SRIOV_PF_CACHE/deb, /var/cache/sriov_pf/deb).
# Prints the path of the .deb on the last line.  Nothing is written to the
# checkout.  Needs: debhelper, dh-dkms, dpkg-dev, fakeroot.

set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-${SRIOV_PF_CACHE:-/var/cache/sriov_pf}/deb}

ver=$("$top/scripts/version.sh")
chver=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
[ "${chver%-*}" = "$ver" ] || {
	echo "build-deb: debian/changelog has $chver, dkms.conf has $ver" >&2; exit 1; }

for t in dpkg-buildpackage dh dh_dkms fakeroot; do
	command -v "$t" >/dev/null 2>&1 || {
		echo "build-deb: $t missing (apt-get install debhelper dh-dkms dpkg-dev fakeroot)" >&2
		exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sriov_pf-deb.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
src=$tmp/sriov-pf-$ver

# The package's source: what DKMS needs, plus debian/ and packaging/.
"$top/packaging/install-sources.sh" "$src" "$top"
cp -a "$top/debian" "$top/packaging" "$src/"
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
mkdir -p "$out"
cp "$tmp/$deb" "$out/"
echo "$out/$deb"
