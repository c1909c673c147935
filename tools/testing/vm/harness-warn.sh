#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# harness-warn.sh - the test program of the harness's self-test
# (check.sh harness_ktap, spf.tests=/harness/harness-warn.sh): load
# sriov_pf on the emulated 82576, then the fixture sriov_pf_test_warn,
# whose load WARNs.  Its own result says the WARN is in the kernel log;
# check.sh then expects the line's kernel-log check to fail.

echo "TAP version 13"
echo "1..1"
if ! modprobe sriov_pf max_vfs=1; then
	echo "not ok 1 modprobe sriov_pf"
	exit 1
fi
if ! modprobe sriov_pf_test_warn; then
	rmmod sriov_pf
	echo "not ok 1 modprobe sriov_pf_test_warn"
	exit 1
fi
rmmod sriov_pf_test_warn
rmmod sriov_pf
if dmesg | grep -q 'sriov_pf_test_warn: WARN injected'; then
	echo "ok 1 a WARN was injected after sriov_pf was loaded"
else
	echo "not ok 1 no injected WARN in the kernel log"
	exit 1
fi
