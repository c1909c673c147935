# SPDX-License-Identifier: GPL-2.0
#
# Installation and packaging targets, for the top-level Makefile:
#   -include packaging/targets.mk
#
#   make dkms-install [KVER=<abi>]   copy the sources to /usr/src/sriov_pf-<ver>,
#                                    dkms add + build + install (root)
#   make dkms-remove                 dkms remove --all, delete /usr/src/sriov_pf-<ver>
#   make install [KDIR=...]          modules_install into .../updates, depmod,
#                                    example modprobe.d and udev files (root)
#   make uninstall [KDIR=...]        undo "make install" (keeps an edited
#                                    /etc/modprobe.d/sriov_pf.conf)
#   make deb [DEB_OUT=dir]           build sriov-pf-dkms_<ver>_all.deb (no root
#                                    needed) into the directory that holds the
#                                    checkout, or DEB_OUT
#   make dkms-check [KERNELS=...]    DKMS build/install/remove in a private
#                                    tree against every installed header set,
#                                    and .deb contents check (KTAP output)
#
# The version comes from dkms.conf only.

SPF_PKG := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
SPF_TOP := $(abspath $(SPF_PKG)/..)

SPF_NAME := sriov_pf
SPF_VERSION := $(shell $(SPF_TOP)/scripts/version.sh)
SPF_USRSRC := /usr/src/$(SPF_NAME)-$(SPF_VERSION)

SRIOV_PF_CACHE ?= /var/cache/sriov_pf
DEB_OUT ?= $(abspath $(SPF_TOP)/..)

# Kernel release of KDIR (for depmod and the install path); KVER overrides.
# UTS_RELEASE, not "make kernelrelease": Debian's headers answer the
# upstream version (6.1.x) there, not the ABI name modules live under.
spf_kver = $(or $(KVER),$(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"/\1/p' \
	$(KDIR)/include/generated/utsrelease.h 2>/dev/null))

# Root of the installed system; "make install DESTDIR=/tmp/root" stages.
DESTDIR ?=
SPF_MODPROBE_CONF := $(DESTDIR)/etc/modprobe.d/sriov_pf.conf
SPF_UDEV_RULE := $(DESTDIR)/usr/lib/udev/rules.d/70-sriov-pf.rules

.PHONY: dkms-install dkms-remove install uninstall deb dkms-check spf-version spf-no-dkms-copy

spf-version:
	@echo $(SPF_VERSION)

dkms-install:
	@test -n "$(SPF_VERSION)" || { echo "no PACKAGE_VERSION in dkms.conf" >&2; exit 1; }
	@if dpkg -S $(SPF_USRSRC) >/dev/null 2>&1; then \
		echo "$(SPF_USRSRC) belongs to a package (sriov-pf-dkms); remove it first" >&2; exit 1; fi
	@if dkms status -m $(SPF_NAME) -v $(SPF_VERSION) 2>/dev/null | grep -q .; then \
		echo "dkms remove -m $(SPF_NAME) -v $(SPF_VERSION) --all"; \
		dkms remove -m $(SPF_NAME) -v $(SPF_VERSION) --all; fi
	rm -rf $(SPF_USRSRC)
	$(SPF_PKG)/install-sources.sh $(SPF_USRSRC) $(SPF_TOP)
	dkms add -m $(SPF_NAME) -v $(SPF_VERSION)
	dkms build -m $(SPF_NAME) -v $(SPF_VERSION) $(if $(KVER),-k $(KVER))
	dkms install -m $(SPF_NAME) -v $(SPF_VERSION) $(if $(KVER),-k $(KVER))
	@dkms status -m $(SPF_NAME) -v $(SPF_VERSION)

dkms-remove:
	@if dkms status -m $(SPF_NAME) -v $(SPF_VERSION) 2>/dev/null | grep -q .; then \
		echo "dkms remove -m $(SPF_NAME) -v $(SPF_VERSION) --all"; \
		dkms remove -m $(SPF_NAME) -v $(SPF_VERSION) --all; fi
	@if dpkg -S $(SPF_USRSRC) >/dev/null 2>&1; then \
		echo "$(SPF_USRSRC) belongs to sriov-pf-dkms: use apt-get remove sriov-pf-dkms" >&2; \
	else rm -rf $(SPF_USRSRC); fi

# Distribution headers (Debian's) set CONFIG_MODULE_SIG_ALL without the
# private key, certs/signing_key.pem, which stays with the distribution:
# modules_install would then print sign-file's "SSL error" and install
# the module unsigned anyway.  Only sign when that key is there.
spf_nosign = $(if $(wildcard $(KDIR)/certs/signing_key.pem),,CONFIG_MODULE_SIG_ALL=)

# One copy of the module per kernel: DKMS's (updates/dkms/, from "make
# dkms-install" or the package) or make install's (updates/).  dkms.conf's
# PRE_INSTALL refuses the other way round.
spf-no-dkms-copy:
	@test -n "$(spf_kver)" || { echo "cannot tell the kernel release of $(KDIR); set KVER" >&2; exit 1; }
	@for f in $(DESTDIR)/lib/modules/$(spf_kver)/updates/dkms/sriov_pf.ko*; do \
		[ -e "$$f" ] || continue; \
		echo "$$f is installed by DKMS (the sriov-pf-dkms package or make dkms-install);" \
			"remove it first (apt-get remove sriov-pf-dkms, or make dkms-remove)" >&2; \
		exit 1; \
	done

install: spf-no-dkms-copy modules
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_DIR=updates $(spf_nosign) \
		$(if $(DESTDIR),INSTALL_MOD_PATH=$(DESTDIR)) modules_install
	depmod $(if $(DESTDIR),-b $(DESTDIR)) -a $(spf_kver)
	@if [ -e $(SPF_MODPROBE_CONF) ]; then \
		echo "keeping existing $(SPF_MODPROBE_CONF)"; \
	else install -D -m 0644 $(SPF_PKG)/sriov_pf.conf $(SPF_MODPROBE_CONF); fi
	install -D -m 0644 $(SPF_PKG)/70-sriov-pf.rules $(SPF_UDEV_RULE)

uninstall:
	rm -f $(DESTDIR)/lib/modules/$(spf_kver)/updates/sriov_pf.ko*
	depmod $(if $(DESTDIR),-b $(DESTDIR)) -a $(spf_kver)
	@if cmp -s $(SPF_PKG)/sriov_pf.conf $(SPF_MODPROBE_CONF); then \
		rm -f $(SPF_MODPROBE_CONF); \
	elif [ -e $(SPF_MODPROBE_CONF) ]; then echo "keeping edited $(SPF_MODPROBE_CONF)"; fi
	rm -f $(SPF_UDEV_RULE)

deb:
	$(SPF_PKG)/build-deb.sh "$(DEB_OUT)"

dkms-check:
	SRIOV_PF_CACHE="$(SRIOV_PF_CACHE)" KERNELS="$(KERNELS)" \
		$(SPF_TOP)/tools/testing/dkms/dkms-check.sh
