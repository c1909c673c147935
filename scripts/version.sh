#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# version.sh [DKMS_CONF]
#
# Print the driver version, PACKAGE_VERSION of dkms.conf (default: the
# dkms.conf next to this script's directory).  The one place that reads
# it: Kbuild (MODULE_VERSION), debian/rules, packaging/ and the checks all
# call this script.  Exits 1 with a message when there is none.

set -eu

conf=${1:-$(dirname "$0")/../dkms.conf}
[ -r "$conf" ] || { echo "version.sh: cannot read $conf" >&2; exit 1; }
ver=$(sed -n 's/^PACKAGE_VERSION="\{0,1\}\([^"]*\)"\{0,1\}[[:space:]]*$/\1/p' "$conf")
[ -n "$ver" ] || { echo "version.sh: no PACKAGE_VERSION in $conf" >&2; exit 1; }
echo "$ver"
