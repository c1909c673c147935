#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# set-link.sh on|off - the harness's SRIOV_PF_LINK_CMD (selftests lib.sh):
# take the emulated 82576's port (QEMU netdev n0) down or up, as pulling
# and plugging its cable would, through QEMU's monitor on ttyS2 (qemu.sh;
# /init reads its answers into /tmp/monitor.log).

case "$1" in
on|off) ;;
*) echo "usage: $0 on|off" >&2; exit 2 ;;
esac
[ -c /dev/ttyS2 ] || { echo "$0: no /dev/ttyS2 (QEMU monitor)" >&2; exit 1; }
# an empty line first: whatever the monitor's line editor holds goes
printf '\r\nset_link n0 %s\r\n' "$1" > /dev/ttyS2
