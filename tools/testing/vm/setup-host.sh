#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# setup-host.sh [--build] - install what "make demo" and "make check"
# need on a Debian host (trixie, bookworm).  Idempotent: when everything
# is already present it only checks and returns (no apt-get update, no
# network).
#
#   --build   only what building the module for the running kernel needs
#             (make, gcc, kmod, linux-headers-$(uname -r)): "make demo
#             HOST=1".
#
# Everything comes from the host's own suite, including QEMU when that
# suite's QEMU emulates the 82576 (-device igb, QEMU 8 and later: trixie
# has 10.x).  Bookworm's QEMU is 7.2, without igb, and the 6.12 and debug
# kernel lines come from bookworm-backports: on bookworm, and only there, a
# bookworm-backports source on the host's own mirror is added, with a
# message before it is.  A QEMU that is already installed is never
# upgraded without asking: a terminal gets a question, anything else
# needs SPF_UPGRADE_QEMU=1.
#
# The Debian mirror is never written down here: it is derived at run time
# from the host's own apt configuration.
set -euo pipefail

BACKPORTS_FILE=/etc/apt/sources.list.d/sriov-pf-backports.sources
QEMU_MIN=8

# Packages from the host's suite.  dwarves: pahole, which 6.12's kbuild
# runs for module BTF.  debootstrap: the roots of other releases' kernel
# lines; debhelper, dh-dkms, fakeroot, lintian: the .deb check.  ethtool:
# copied into the guest for sriov_pf_datapath.sh (GUEST_TOOLS).  All
# installed here, before check.sh starts its kernel lines in parallel, so
# nothing runs apt-get at once.
BASE_PKGS="busybox-static iproute2 kmod cpio xz-utils zstd gzip build-essential
bc flex bison libelf-dev sparse pciutils dkms dpkg-dev ca-certificates dwarves
debootstrap debhelper dh-dkms fakeroot openssl lintian ethtool"

log() { echo "setup-host: $*" >&2; }
die() { log "error: $*"; exit 1; }

need_root() {
	[ "$(id -u)" = 0 ] || die "must run as root (apt-get install); try: sudo $0 $*"
}

host_release() {
	local ID="" VERSION_CODENAME=""
	# shellcheck disable=SC1091
	[ -r /etc/os-release ] && . /etc/os-release
	echo "${ID:-unknown} ${VERSION_CODENAME:-unknown}"
}

# Print the first mirror URI that serves suite $1.  deb822 files first
# (Debian 12 and 13 default), then one-line sources.list.
derive_mirror() {
	local want=$1 f uri
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		[ "$f" = "$BACKPORTS_FILE" ] && continue
		uri=$(awk -v want="$want" '
			BEGIN { RS=""; FS="\n" }
			{
				u=""; s=0; en=1
				for (i = 1; i <= NF; i++) {
					if ($i ~ /^URIs:/) { sub(/^URIs:[ \t]*/, "", $i); split($i, a, /[ \t]+/); u=a[1] }
					if ($i ~ /^Suites:/) { n=split($i, b, /[ \t]+/); for (j = 2; j <= n; j++) if (b[j] == want) s=1 }
					if ($i ~ /^Enabled:[ \t]*no/) en=0
				}
				if (u != "" && s && en) { print u; exit }
			}' "$f")
		if [ -n "$uri" ]; then echo "$uri"; return 0; fi
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		uri=$(awk -v want="$want" '$1 == "deb" {
				i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
				if ($(i+1) == want) { print $i; exit }
			}' "$f")
		if [ -n "$uri" ]; then echo "$uri"; return 0; fi
	done
	return 1
}

backports_configured() {
	grep -rqsE '(^|[[:space:]])bookworm-backports([[:space:]]|$)' \
		/etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null
}

# Bookworm only.  Returns 0 when it added the source (apt-get update due).
ensure_backports_source() {
	local mirror
	backports_configured && return 1
	mirror=$(derive_mirror bookworm) ||
		die "cannot find a bookworm mirror in the apt configuration (/etc/apt/sources.list*)"
	log "bookworm's QEMU (7.2) cannot emulate the 82576 (-device igb needs QEMU $QEMU_MIN)"
	log "and the 6.12 and debug kernel lines come from bookworm-backports:"
	log "adding $BACKPORTS_FILE (bookworm-backports on $mirror)."
	log "apt installs nothing from it unless asked (backports' priority is 100)."
	printf '%s\n' "Types: deb" "URIs: $mirror" "Suites: bookworm-backports" \
		"Components: main" \
		"Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" > "$BACKPORTS_FILE"
	return 0
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
		log "apt-get failed (apt busy?), retrying ($i)"
		sleep 10
	done
	return 1
}

pkg_installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

# Major version of a Debian version string ("1:10.0.2+ds-1" -> 10).
major() {
	local v=${1#*:}
	echo "${v%%[!0-9]*}"
}

qemu_major() {
	command -v qemu-system-x86_64 >/dev/null 2>&1 || { echo 0; return; }
	qemu-system-x86_64 --version | sed -n 's/.*version \([0-9]*\)\..*/\1/p' | head -n1
}

qemu_ok() {
	local v
	v=$(qemu_major)
	[ -n "$v" ] && [ "$v" -ge "$QEMU_MIN" ]
}

# Candidate version of qemu-system-x86 (optionally "-t <release>").
qemu_candidate() {
	# shellcheck disable=SC2068
	apt-cache policy $@ qemu-system-x86 2>/dev/null | sed -n 's/^ *Candidate: *//p'
}

# An installed QEMU too old for igb is a hypervisor's: upgrade it only
# with consent, asked before anything is changed.  $1: where from.
qemu_consent() {
	local from=$1 old ans
	old=$(dpkg-query -W -f='${Version}' qemu-system-x86)
	log "the installed qemu-system-x86 $old cannot emulate the 82576 (-device igb)."
	log "make check and make demo need QEMU $QEMU_MIN or later ($from); upgrading it"
	log "changes the QEMU every VM of this host starts with."
	if [ "${SPF_UPGRADE_QEMU:-}" = 1 ]; then
		log "SPF_UPGRADE_QEMU=1: upgrading"
	elif [ -t 0 ]; then
		read -r -p "setup-host: upgrade qemu-system-x86 ($from)? [y/N] " ans
		case "$ans" in y|Y|yes) ;; *) die "not upgrading QEMU; nothing was changed" ;; esac
	else
		die "not upgrading QEMU without consent (nothing was changed): run again with SPF_UPGRADE_QEMU=1"
	fi
}

# Install (or, after qemu_consent, upgrade) QEMU.  $1: apt-get -t option or "".
install_qemu() {
	local opt=$1 cand
	cand=$(qemu_candidate $opt)
	[ -n "$cand" ] && [ "$cand" != "(none)" ] || die "no qemu-system-x86 candidate${opt:+ in ${opt#-t }}"
	[ "$(major "$cand")" -ge "$QEMU_MIN" ] ||
		die "qemu-system-x86 $cand${opt:+ (${opt#-t })} cannot emulate the 82576; QEMU $QEMU_MIN or later is needed"
	log "installing qemu-system-x86 $cand${opt:+ from ${opt#-t }}"
	# shellcheck disable=SC2086
	apt_retry install --no-install-recommends $opt qemu-system-x86
}

setup_build() {
	local missing="" p hdr
	hdr=linux-headers-$(uname -r)
	for p in make gcc kmod; do
		command -v "$p" >/dev/null 2>&1 || missing="$missing $p"
	done
	[ -f "/lib/modules/$(uname -r)/build/Makefile" ] || missing="$missing $hdr"
	[ -z "$missing" ] && exit 0
	need_root --build
	missing=${missing/ gcc/ build-essential}
	case "$missing" in
	*" $hdr"*)
		apt-cache policy "$hdr" 2>/dev/null | grep -q 'Candidate: [0-9]' ||
			die "no package $hdr in the apt sources: the running kernel
  is not one of the distribution's (or apt-get update is due); point KDIR at
  its build tree instead: make KDIR=/path/to/its/build" ;;
	esac
	log "installing:$missing"
	# shellcheck disable=SC2086
	apt_retry install --no-install-recommends $missing ||
		die "cannot install$missing (is $hdr in your apt sources? apt-get update first)"
}

main() {
	local missing="" p updated=0 id suite bpo=""
	[ "${1:-}" = --build ] && { setup_build; exit 0; }
	read -r id suite < <(host_release)
	case "$id" in
	debian) ;;
	*)	die "this is $id $suite; make demo and make check boot Debian's kernels with
  Debian's apt and debootstrap, from the Debian mirror of the host's apt sources.
  Run them on (or in a VM, container or chroot of) Debian trixie or bookworm.
  On this host, 'make demo HOST=1' (build tools and linux-headers-\$(uname -r))
  and 'make', 'make install', 'make dkms-install' work without this script." ;;
	esac
	[ "$suite" = bookworm ] && bpo=1

	for p in $BASE_PKGS; do
		pkg_installed "$p" || missing="$missing $p"
	done
	if [ -z "$missing" ] && qemu_ok &&
		{ [ -z "$bpo" ] || ls /var/lib/apt/lists/*bookworm-backports*Packages* >/dev/null 2>&1; }; then
		exit 0          # fast path: nothing to do
	fi
	need_root
	if ! qemu_ok && pkg_installed qemu-system-x86; then
		if [ -n "$bpo" ]; then qemu_consent "from bookworm-backports"
		else qemu_consent "from $suite"; fi
	fi

	if [ -n "$bpo" ]; then
		if ensure_backports_source ||
			! ls /var/lib/apt/lists/*bookworm-backports*Packages* >/dev/null 2>&1; then
			apt_retry update
			updated=1
		fi
	fi
	if [ -n "$missing" ]; then
		log "installing:$missing"
		# shellcheck disable=SC2086
		apt_retry install --no-install-recommends $missing || {
			[ $updated = 1 ] || { apt_retry update; updated=1; }
			apt_retry install --no-install-recommends $missing
		}
	fi
	if ! qemu_ok; then
		if [ -n "$bpo" ]; then
			install_qemu "-t bookworm-backports"
		else
			install_qemu ""
		fi
	fi
	qemu_ok || die "QEMU >= $QEMU_MIN not available after install"
	log "host ready ($id $suite): $(qemu-system-x86_64 --version | head -n1)"
}

main "$@"
