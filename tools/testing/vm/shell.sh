#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# shell.sh - boot the test guest of one kernel line with an interactive
# shell on the terminal, for debugging tests by hand:
#   tools/testing/vm/shell.sh [6.1|6.12]
# Selftests are in /selftests/sriov_pf, sriov_pf.ko is modprobe-able.
# Leave with "poweroff -f" or Ctrl-A x.
set -eu

. "$(dirname "$0")/lib.sh"

line=${1:-${KERNELS:-$(host_line)}}
line=${line%% *}
[ "$(id -u)" = 0 ] || die "run as root"
lock_cache
abi=$(resolve_abi "$line")
fetch_kernel "$line" "$abi" >&2
kdir=$(fetch_headers "$line" "$abi")
ko=$CACHE/build/$abi/sriov_pf.ko
build_module "$line" "$abi" "$kdir" || { log "build failed; booting without sriov_pf.ko"; ko=""; }
make_initramfs "$line" "$abi" "$ko" || true
accel=$(pick_accel "$abi")
run_guest "$abi" shell "${VCPUS:-2}" "$accel" 0
