// SPDX-License-Identifier: GPL-2.0
/*
 * sriov_pf_test_warn - fixture of the QEMU harness's self-test: one WARN
 *
 * The harness (tools/testing/vm/check.sh, harness_ktap) judges a kernel
 * line by its kernel log: a splat once a module of ours is loaded fails
 * the line.  Its self-test loads sriov_pf, then this module, whose only
 * work is one WARN at load, and checks that the line is then reported
 * failed.
 *
 * For the harness's self-test only: the WARN taints the kernel, and
 * panics it under panic_on_warn.
 */

#include <linux/bug.h>
#include <linux/module.h>

static int __init spf_test_warn_init(void)
{
	WARN(1, "sriov_pf_test_warn: WARN injected by the harness self-test\n");
	return 0;
}

static void __exit spf_test_warn_exit(void)
{
}

module_init(spf_test_warn_init);
module_exit(spf_test_warn_exit);

MODULE_DESCRIPTION("sriov_pf harness self-test fixture: one WARN at load");
MODULE_LICENSE("GPL");
