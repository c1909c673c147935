#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# install-sources.sh DESTDIR [SRCDIR]
#
# Copy what building sriov_pf.ko needs (and nothing else: no tools/, no
# selftests/, no build products) from SRCDIR (default: the checkout this
# script lives in) into DESTDIR, the layout DKMS expects in
# /usr/src/sriov_pf-<version>/.  Used by "make dkms-install", debian/rules
# and tools/testing/dkms/dkms-check.sh, so the three ship the same files.

set -eu

dest=${1:?usage: install-sources.sh DESTDIR [SRCDIR]}
src=${2:-$(cd "$(dirname "$0")/.." && pwd)}

for f in Kbuild Makefile dkms.conf COPYING scripts/version.sh scripts/dkms-pre-install.sh; do
	[ -f "$src/$f" ] || { echo "install-sources: missing $src/$f" >&2; exit 1; }
done

mkdir -p "$dest"
install -m 0644 "$src/Kbuild" "$src/Makefile" "$src/dkms.conf" "$src/COPYING" "$dest/"
# Kbuild reads the version with version.sh; dkms runs the PRE_INSTALL
# script only when it is executable.
install -D -m 0755 "$src/scripts/version.sh" "$dest/scripts/version.sh"
install -D -m 0755 "$src/scripts/dkms-pre-install.sh" "$dest/scripts/dkms-pre-install.sh"

# Sources only: C files, headers and kbuild files under drivers/ and include/.
(cd "$src" && find drivers include -type f \
	\( -name '*.c' -o -name '*.h' -o -name Kbuild -o -name Makefile \
	   -o -name Kconfig \) ! -name '*.mod.c' -print) |
while read -r f; do
	install -D -m 0644 "$src/$f" "$dest/$f"
done
