/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sriov_pf_compat.h - every kernel API difference sriov_pf meets between
 * the kernel lines it supports, in one place.  The driver's .c files use
 * the newest API; this header maps it onto older kernels.
 */
#ifndef _SRIOV_PF_COMPAT_H_
#define _SRIOV_PF_COMPAT_H_

#include <linux/version.h>

#endif /* _SRIOV_PF_COMPAT_H_ */
