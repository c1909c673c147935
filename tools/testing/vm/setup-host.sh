#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# setup-host.sh - install what the sriov_pf QEMU test harness needs on a
# Debian bookworm host.  Idempotent: when everything is already present it
# only checks and returns (no apt-get update, no network).
#
# The Debian mirror is never written down here: it is derived at run time
# from the host's own apt configuration, and a bookworm-backports source on
# the same mirror is added (QEMU >= 10 and the 6.12 kernel line come from
# backports).
set -eu

BACKPORTS_FILE=/etc/apt/sources.list.d/sriov-pf-backports.sources

# Packages from bookworm itself.  dwarves: pahole, which 6.12's kbuild
# runs for module BTF.  debootstrap: the 5.10 and stable roots; debhelper,
# dh-dkms, fakeroot: the .deb check.  ethtool: copied into the guest for
# sriov_pf_datapath.sh (GUEST_TOOLS).  All installed here, before check.sh
# starts its kernel lines in parallel, so nothing runs apt-get at once.
BASE_PKGS="busybox-static iproute2 kmod cpio xz-utils zstd gzip build-essential
bc flex bison libelf-dev sparse pciutils dkms dpkg-dev ca-certificates dwarves
debootstrap debhelper dh-dkms fakeroot openssl ethtool"
# Packages taken from bookworm-backports.
BPO_PKGS="qemu-system-x86"

log() { echo "setup-host: $*" >&2; }

need_root() {
	if [ "$(id -u)" != 0 ]; then
		log "must run as root (apt-get install); try: sudo $0"
		exit 1
	fi
}

# Print the first mirror URI that serves the plain "bookworm" suite.
# deb822 files first (Debian 12 default), then one-line sources.list.
derive_mirror() {
	local f uri
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		[ "$f" = "$BACKPORTS_FILE" ] && continue
		uri=$(awk '
			BEGIN { RS=""; FS="\n" }
			{
				u=""; s=0; en=1
				for (i = 1; i <= NF; i++) {
					if ($i ~ /^URIs:/) { sub(/^URIs:[ \t]*/, "", $i); split($i, a, /[ \t]+/); u=a[1] }
					if ($i ~ /^Suites:/) { n=split($i, b, /[ \t]+/); for (j = 2; j <= n; j++) if (b[j] == "bookworm") s=1 }
					if ($i ~ /^Enabled:[ \t]*no/) en=0
				}
				if (u != "" && s && en) { print u; exit }
			}' "$f")
		if [ -n "$uri" ]; then echo "$uri"; return 0; fi
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		uri=$(awk '$1 == "deb" {
				i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
				if ($(i+1) == "bookworm") { print $i; exit }
			}' "$f")
		if [ -n "$uri" ]; then echo "$uri"; return 0; fi
	done
	return 1
}

ensure_backports_source() {
	local mirror want
	# Already configured by the admin (any file)?  Then leave it alone.
	if grep -rqsE '(^|[[:space:]])bookworm-backports([[:space:]]|$)' \
		/etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null; then
		[ -f "$BACKPORTS_FILE" ] || return 1   # theirs, not ours: nothing changed
	fi
	mirror=$(derive_mirror) || {
		log "cannot find a bookworm mirror in the apt configuration"
		exit 1
	}
	want="Types: deb
URIs: $mirror
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
	if [ -f "$BACKPORTS_FILE" ] && [ "$(cat "$BACKPORTS_FILE")" = "$want" ]; then
		return 1        # unchanged
	fi
	log "adding bookworm-backports source ($BACKPORTS_FILE)"
	printf '%s\n' "$want" > "$BACKPORTS_FILE"
	return 0                # changed: caller must apt-get update
}

# apt-get with retries while another dpkg/apt holds the lock.
apt_retry() {
	local i
	for i in $(seq 1 60); do
		if DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=60 \
			-o Dpkg::Use-Pty=0 -q -y "$@" </dev/null; then
			return 0
		fi
		# Only retry for lock contention; a real error after a few tries is fatal.
		if ! fuser /var/lib/dpkg/lock-frontend /var/lib/dpkg/lock \
			/var/lib/apt/lists/lock >/dev/null 2>&1 && [ "$i" -ge 3 ]; then
			return 1
		fi
		log "apt busy, retrying ($i)"
		sleep 10
	done
	return 1
}

pkg_installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

# QEMU from backports: major version >= 10 (bookworm's own is 7.2, whose
# igb/nvme SR-IOV emulation is older or absent).
qemu_ok() {
	local v
	command -v qemu-system-x86_64 >/dev/null 2>&1 || return 1
	v=$(qemu-system-x86_64 --version | sed -n 's/.*version \([0-9]*\)\..*/\1/p' | head -n1)
	[ -n "$v" ] && [ "$v" -ge 10 ]
}

backports_index_present() {
	ls /var/lib/apt/lists/*bookworm-backports*Packages* >/dev/null 2>&1
}

main() {
	local missing="" p updated=0

	for p in $BASE_PKGS; do
		pkg_installed "$p" || missing="$missing $p"
	done
	if [ -z "$missing" ] && qemu_ok && backports_index_present; then
		exit 0          # fast path: nothing to do
	fi
	need_root

	if ensure_backports_source || ! backports_index_present; then
		apt_retry update
		updated=1
	fi
	if [ -n "$missing" ]; then
		log "installing:$missing"
		apt_retry install --no-install-recommends $missing || {
			[ $updated = 1 ] || { apt_retry update; updated=1; }
			apt_retry install --no-install-recommends $missing
		}
	fi
	if ! qemu_ok; then
		log "installing $BPO_PKGS from bookworm-backports"
		apt_retry install --no-install-recommends -t bookworm-backports $BPO_PKGS
	fi
	qemu_ok || { log "QEMU >= 10 not available after install"; exit 1; }
	log "host ready: $(qemu-system-x86_64 --version | head -n1)"
}

main "$@"
