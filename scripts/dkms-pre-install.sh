#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# dkms-pre-install.sh MODULES_DIR
#
# dkms.conf's PRE_INSTALL: refuse to install the DKMS build when a
# "make install" copy of sriov_pf sits in MODULES_DIR/updates/ (DKMS's own
# copy goes to updates/dkms/); with two copies, which one modprobe loads
# depends on depmod's search order.  A non-zero exit makes dkms abort the
# install.

set -eu

dir=${1:?usage: dkms-pre-install.sh /lib/modules/<kernel>}
for f in "$dir"/updates/sriov_pf.ko*; do
	[ -e "$f" ] || continue
	echo "sriov_pf: $f was installed by 'make install';" \
		"remove it first ('make uninstall' in the checkout it came from," \
		"or rm it and run depmod)" >&2
	exit 1
done
exit 0
