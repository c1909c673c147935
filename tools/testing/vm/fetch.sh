# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# fetch.sh - kernel lines of the sriov_pf QEMU harness (sourced by lib.sh):
# how each line is obtained (apt, a debootstrapped root, or built from
# source: debug_kernel.sh), ABI resolution through the linux-image-amd64
# metapackage, .deb downloads and the extraction of kernels and headers
# into the cache.  Lines may be fetched in parallel: each writes only
# below its own root, ABI or .deb file names.

# How a kernel line is obtained.  "apt:<release>" = Debian package from the
# host's apt sources (release "" = the host's own suite + security).
# "debootstrap:<suite>[-backports]" = another release's kernel (its
# headers need that release's gcc/libc): apt runs and the module is built
# inside a debootstrapped root of <suite> ($CACHE/roots/<suite>, see
# ensure_root), with -backports enabled and selected when named.  "stable"
# is the newest stable line Debian offers (trixie-backports); it is
# resolved at run time.  The host's own suite (bookworm or trixie) serves
# its own line from its apt sources; the other lines come from roots, so a
# trixie host needs no bookworm source.
host_suite() {
	local VERSION_CODENAME=""
	# shellcheck disable=SC1091
	[ -r /etc/os-release ] && . /etc/os-release
	echo "${VERSION_CODENAME:-unknown}"
}

kernel_line_method() {
	case "$(host_suite):$1" in
	*:5.10)		echo "debootstrap:bullseye" ;;
	bookworm:6.1)	echo "apt:" ;;
	*:6.1)		echo "debootstrap:bookworm" ;;
	bookworm:6.12)	echo "apt:bookworm-backports" ;;
	trixie:6.12)	echo "apt:" ;;
	*:6.12)		echo "debootstrap:trixie" ;;
	*:stable)	echo "debootstrap:trixie-backports" ;;
	bookworm:debug)	echo "source:bookworm-backports" ;;	# debug_kernel.sh
	trixie:debug)	echo "source:" ;;	# linux-source-6.12 is in trixie
	*)	return 1 ;;
	esac
}

# The line the host's own suite serves ("make demo" boots it by default).
host_line() {
	case "$(host_suite)" in
	bookworm) echo 6.1 ;;
	trixie) echo 6.12 ;;
	*) echo 6.1 ;;
	esac
}
KNOWN_LINES="5.10 6.1 6.12 stable debug"

# apt-get/apt-cache option selecting the release of a line.
apt_release_opt() {
	local rel=${1#*:}
	case "$1" in
	apt:?*|debootstrap:*-backports) echo "-t $rel" ;;
	esac
	return 0
}

# Base suite of a debootstrap method ("debootstrap:trixie-backports" -> trixie).
method_suite() {
	local rel=${1#debootstrap:}
	echo "${rel%-backports}"
}

method_root() {
	echo "$CACHE/roots/$(method_suite "$1")"
}

# Mirror URIs of the host's apt sources (deb822 or one-line format): the
# main archive and the security archive.  Nothing is written down here.
host_mirror() {
	local want=$1 f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk -v want="$want" '
			BEGIN { RS = ""; FS = "\n" }
			{ u = ""; s = ""
			  for (i = 1; i <= NF; i++) {
				if ($i ~ /^URIs:/) { u = $i; sub(/^URIs:[ \t]*/, "", u); sub(/[ \t].*/, "", u) }
				if ($i ~ /^Suites:/) s = $i
			  }
			  sec = (s ~ /-security/)
			  if (u != "" && s != "" && ((want == "security") == sec)) { print u; exit }
			}' "$f"
	done
	cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
		awk -v want="$want" '$1 == "deb" {
			sec = ($0 ~ /-security/)
			for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { u = $i; break }
			if (u != "" && ((want == "security") == sec)) print u }'
}

# Make sure the debootstrapped root of a method exists and has the build
# tools (make, gcc, libelf, bc, dkms, sparse).  Built once, then reused;
# rebuilt when missing or incomplete.  Prints the root's path.
ensure_root() {
	local method=$1 suite root mirror sec rel
	suite=$(method_suite "$method")
	root=$(method_root "$method")
	rel=${method#debootstrap:}
	if [ -f "$root/.spf-done" ]; then
		echo "$root"
		return 0
	fi
	mirror=$(host_mirror main | head -n1)
	sec=$(host_mirror security | head -n1)
	[ -n "$mirror" ] || die "cannot derive a Debian mirror from the host's apt sources"
	[ -n "$sec" ] || sec=${mirror%/debian}/debian-security
	# setup-host.sh installs it: no apt-get here, lines fetch in parallel
	command -v debootstrap >/dev/null || die "debootstrap missing (run setup-host.sh)"
	log "debootstrapping $suite into $root (once; reused afterwards)"
	rm -rf "$root"; mkdir -p "$(dirname "$root")"
	debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$root.log" 2>&1 ||
		{ tail -n 20 "$root.log" >&2; die "debootstrap $suite failed (log: $root.log)"; }
	{
		echo "deb $mirror $suite main"
		echo "deb $mirror $suite-updates main"
		echo "deb $sec $suite-security main"
		[ "$rel" != "$suite" ] && echo "deb $mirror $rel main"
	} > "$root/etc/apt/sources.list"
	cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
	chroot "$root" apt-get -qq update >&2 || die "apt-get update in $root failed"
	chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends make gcc libelf-dev bc kmod dkms sparse openssl \
		xz-utils zstd ca-certificates >>"$root.log" 2>&1 ||
		{ tail -n 20 "$root.log" >&2; die "installing build tools in $root failed"; }
	mkdir -p "$root/var/cache/spf-debs"
	chown _apt "$root/var/cache/spf-debs" 2>/dev/null || chmod 1777 "$root/var/cache/spf-debs"
	touch "$root/.spf-done"
	echo "$root"
}

# Refresh a root's package lists when they are older than 6 hours, so the
# newest point release is found.
refresh_root() {
	local root
	root=$(method_root "$1")
	if [ -z "$(find "$root/var/lib/apt/lists" -maxdepth 1 -name '*Packages*' -mmin -360 2>/dev/null | head -n1)" ]; then
		chroot "$root" apt-get -qq update >&2 || log "apt-get update in $root failed; using old lists"
	fi
}

# apt-cache/apt-get for a method: on the host, or inside its root.
apt_for() {
	local method=$1; shift
	case "$method" in
	debootstrap:*) chroot "$(method_root "$method")" "$@" ;;
	*) "$@" ;;
	esac
}

# Resolve a kernel line to its ABI name (e.g. the "<abi>" of
# linux-image-<abi>) by following the linux-image-amd64 metapackage.
resolve_abi() {
	local line=$1 method rel ver dep abi
	method=$(kernel_line_method "$line") || die "unknown kernel line '$line' (known: $KNOWN_LINES)"
	# built here from Debian's source package (debug_kernel.sh)
	if [ "${method%%:*}" = source ]; then debug_kernel_abi "$method"; return; fi
	case "$method" in
	debootstrap:*)
		ensure_root "$method" >/dev/null
		refresh_root "$method" ;;
	esac
	rel=$(apt_release_opt "$method")
	# shellcheck disable=SC2086
	ver=$(apt_for "$method" apt-cache policy $rel linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Candidate: *//p')
	[ -n "$ver" ] && [ "$ver" != "(none)" ] ||
		die "no candidate for linux-image-amd64 ($method); run setup-host.sh / apt-get update"
	dep=$(apt_for "$method" apt-cache show "linux-image-amd64=$ver" 2>/dev/null |
		sed -n 's/^Depends: *//p' | head -n1 | tr ',' '\n' |
		sed -n 's/^ *\(linux-image-[^ ]*\).*/\1/p' | head -n1)
	abi=${dep#linux-image-}
	abi=${abi%-unsigned}
	[ -n "$abi" ] || die "cannot resolve the ABI of linux-image-amd64=$ver"
	# Sanity: the metapackage of a line must point at that line.
	case "$abi" in
	"$line".*|"$line"-*) ;;
	*) [ "$line" = stable ] ||
		die "kernel line $line resolved to $abi (apt sources outdated?)" ;;
	esac
	echo "$abi"
}

# Version of an exact package name in the release of a line.
pkg_version() {
	local method=$1 pkg=$2 rel
	rel=$(apt_release_opt "$method")
	# shellcheck disable=SC2086
	apt_for "$method" apt-cache policy $rel "$pkg" 2>/dev/null | sed -n 's/^ *Candidate: *//p'
}

# Depends of pkg=ver, names only, limited to names matching a regex.
pkg_deps_matching() {
	local pkg=$1 ver=$2 re=$3 method=${4:-apt:}
	apt_for "$method" apt-cache show "$pkg=$ver" 2>/dev/null | sed -n 's/^\(Pre-\)\?Depends: *//p' |
		tr ',|' '\n\n' | sed 's/^ *//; s/[ :(].*//' | grep -E "$re" || true
}

# Download pkg (its candidate in the line's release) into $CACHE/debs and
# print the path of the .deb.
download_deb() {
	local method=$1 pkg=$2 ver f
	ver=$(pkg_version "$method" "$pkg")
	[ -n "$ver" ] && [ "$ver" != "(none)" ] || die "package $pkg not available"
	mkdir -p "$CACHE/debs"
	# apt-get download names files pkg_<version with : escaped>_arch.deb
	f=$(ls "$CACHE/debs/${pkg}_${ver//:/%3a}_"*.deb 2>/dev/null | head -n1 || true)
	if [ -z "$f" ] && [ "${method%%:*}" = debootstrap ]; then
		local root
		root=$(method_root "$method")
		chroot "$root" sh -c "cd /var/cache/spf-debs && apt-get -qq download '$pkg=$ver'" >&2 ||
			die "apt-get download $pkg=$ver failed in $root"
		mv "$root/var/cache/spf-debs/${pkg}_${ver//:/%3a}_"*.deb "$CACHE/debs/"
		f=$(ls "$CACHE/debs/${pkg}_${ver//:/%3a}_"*.deb | head -n1)
	elif [ -z "$f" ]; then
		(cd "$CACHE/debs" && apt-get -qq download "$pkg=$ver" >&2 2>/dev/null) ||
			(cd "$CACHE/debs" && apt-get -qq download "$pkg=$ver" >&2) ||
			die "apt-get download $pkg=$ver failed"
		f=$(ls "$CACHE/debs/${pkg}_${ver//:/%3a}_"*.deb | head -n1)
	fi
	echo "$f"
}

# Follow Depends from a root package through every package whose name
# matches re (e.g. linux-image-X -> linux-binary-X, linux-modules-X) and
# print the closure.
pkg_closure() {
	local method=$1 root=$2 re=$3 todo seen="" p ver d
	todo=$root
	while [ -n "$todo" ]; do
		set -- $todo
		p=$1; shift; todo="$*"
		case " $seen " in *" $p "*) continue ;; esac
		seen="$seen $p"
		ver=$(pkg_version "$method" "$p")
		[ -n "$ver" ] && [ "$ver" != "(none)" ] || continue
		for d in $(pkg_deps_matching "$p" "$ver" "$re" "$method"); do
			todo="$todo $d"
		done
	done
	echo $seen
}

# extract_closure METHOD PKG RE DIR: download PKG and the packages of its
# pkg_closure (names matching RE) and extract them all into DIR.
extract_closure() {
	local method=$1 pkg=$2 re=$3 dir=$4 p deb
	for p in $(pkg_closure "$method" "$pkg" "$re"); do
		deb=$(download_deb "$method" "$p")
		dpkg-deb -x "$deb" "$dir"
	done
}

# Extract the kernel image and modules of <abi> into $CACHE/kernels/<abi>.
# Newer Debian kernels split the image into linux-binary-* and
# linux-modules-* packages: whatever linux-image-<abi> depends on that
# carries the ABI is extracted too.  The image is never installed on the host.
fetch_kernel() {
	local line=$1 abi=$2 method dir
	method=$(kernel_line_method "$line")
	if [ "${method%%:*}" = source ]; then build_debug_kernel "$line" "$abi"; return; fi
	dir=$CACHE/kernels/$abi
	if [ -f "$dir/.done" ] && [ -f "$dir/boot/vmlinuz-$abi" ]; then
		return 0
	fi
	log "[$line] fetching kernel $abi"
	rm -rf "$dir"; mkdir -p "$dir"
	extract_closure "$method" "linux-image-$abi" \
		"^linux-(image|binary|modules)-.*${abi//+/\\+}" "$dir"
	# linux-binary-* (7.x) ships the image as /usr/lib/modules/<abi>/vmlinuz
	if [ ! -f "$dir/boot/vmlinuz-$abi" ] && [ -f "$dir/usr/lib/modules/$abi/vmlinuz" ]; then
		mkdir -p "$dir/boot"
		ln "$dir/usr/lib/modules/$abi/vmlinuz" "$dir/boot/vmlinuz-$abi"
	fi
	[ -f "$dir/boot/vmlinuz-$abi" ] || die "no boot/vmlinuz-$abi in the kernel packages"
	[ -d "$dir/lib/modules/$abi" ] || [ -d "$dir/usr/lib/modules/$abi" ] ||
		die "no modules directory for $abi"
	# Debian generates modules.dep at install time (postinst); do it here.
	depmod -b "$dir" "$abi" || depmod -b "$dir/usr" "$abi" ||
		die "depmod failed on the extracted $abi"
	touch "$dir/.done"
}

kernel_moddir() {
	local dir=$CACHE/kernels/$1
	if [ -d "$dir/lib/modules/$1" ]; then echo "$dir/lib/modules/$1"
	else echo "$dir/usr/lib/modules/$1"; fi
}

# Print the KDIR to build against for <abi>.  An installed
# /usr/src/linux-headers-<abi> is used as is.  Otherwise the headers
# packages are extracted into the cache: linux-headers-<abi> from
# backports depends on linux-image-<abi>, so "apt-get install" would also
# install a kernel on the host, which we do not want.
# SPF_EXTRACT_HEADERS=1 forces the cache copy (to test a fresh host).
fetch_headers() {
	local line=$1 abi=$2 method dir kdir root
	method=$(kernel_line_method "$line")
	if [ "${method%%:*}" = source ]; then debug_kernel_src "$method"; return; fi
	# debootstrap lines: apt-get install the headers in the root (with
	# that release's gcc); the root is not the host, a kernel image
	# pulled in by a dependency does no harm there.
	if [ "${method%%:*}" = debootstrap ]; then
		root=$(ensure_root "$method")
		if [ ! -f "$root/usr/src/linux-headers-$abi/Makefile" ]; then
			log "[$line] installing linux-headers-$abi in $root"
			# shellcheck disable=SC2046
			chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
				--no-install-recommends $(apt_release_opt "$method") \
				"linux-headers-$abi" >>"$root.log" 2>&1 ||
				{ tail -n 20 "$root.log" >&2; return 1; }
		fi
		echo "$root/usr/src/linux-headers-$abi"
		return 0
	fi
	if [ -z "${SPF_EXTRACT_HEADERS:-}" ] && [ -f "/usr/src/linux-headers-$abi/Makefile" ]; then
		echo "/usr/src/linux-headers-$abi"
		return 0
	fi
	dir=$CACHE/headers/$abi
	kdir=$dir/usr/src/linux-headers-$abi
	if [ ! -f "$dir/.done" ]; then
		log "[$line] fetching headers $abi"
		rm -rf "$dir"; mkdir -p "$dir"
		extract_closure "$method" "linux-headers-$abi" "^linux-(headers|kbuild)-" "$dir"
		[ -f "$kdir/Makefile" ] || die "headers for $abi incomplete"
		touch "$dir/.done"
	fi
	# Debian's per-flavour Makefile includes the -common one by
	# absolute path; point it (and any other absolute /usr/src or
	# /usr/lib/linux-kbuild reference) into this tree: after the
	# extraction, and again for a cache copied or moved from elsewhere
	# (the path it pointed into may be gone).  Idempotent.
	grep -rlE '(/usr/src/linux-headers-|/usr/lib/linux-kbuild-)' \
		"$dir/usr/src"/*/Makefile 2>/dev/null | while read -r f; do
		sed -i -e "s#\\([ \"']\\)[^ \"']*/usr/src/linux-headers-#\\1$dir/usr/src/linux-headers-#g" \
			-e "s#\\([ \"']\\)[^ \"']*/usr/lib/linux-kbuild-#\\1$dir/usr/lib/linux-kbuild-#g" "$f"
	done
	echo "$kdir"
}

