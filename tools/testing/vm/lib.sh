# SPDX-License-Identifier: GPL-2.0
#
# lib.sh - shared functions of the sriov_pf QEMU harness (sourced by
# check.sh and demo.sh; not executable on its own).
#
# Layout of the cache (outside the repository, reused between runs):
#   $CACHE/debs/                    downloaded .deb files
#   $CACHE/kernels/<abi>/           extracted kernel image + modules packages
#   $CACHE/headers/<abi>/           extracted headers (when not installed)
#   $CACHE/build/<abi>/             per-kernel copy of the driver sources
#   $CACHE/initramfs/<abi>/         staging root and initramfs.cpio.gz
#   $CACHE/logs/<abi>/              serial logs of the last run
#
# Kernel lines ("6.1", "6.12") are resolved to Debian ABI names at run time
# through apt metadata; no ABI number is written down anywhere.

CACHE=${SRIOV_PF_CACHE:-/var/cache/sriov_pf}
VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$VM_DIR/../../.." && pwd)
# Overridable to test the harness itself against a throwaway module.
SRC_DIR=${SPF_SRC_DIR:-$REPO_ROOT}
SELFTEST_DIR=${SPF_SELFTEST_DIR:-$SRC_DIR/selftests/drivers/net/sriov_pf}
# The "debug" line: a sanitizer kernel built from Debian's source package.
. "$VM_DIR/debug_kernel.sh"

# Modules the guest may need; nothing is autoloaded (no udev in the guest).
GUEST_MODULES="igb igbvf pci-pf-stub nvme vfio-pci"
# Userspace copied with its shared libraries ("?" prefix: optional).
GUEST_TOOLS="/usr/bin/bash /usr/sbin/ip /usr/sbin/bridge ?/usr/sbin/devlink
/usr/bin/kmod /usr/bin/lspci /usr/bin/setpci ?/usr/sbin/ethtool ?/usr/bin/jq"

log() { echo "spf-vm: $*" >&2; }

# One harness run at a time per cache: runs share kernels, builds and logs.
lock_cache() {
	mkdir -p "$CACHE"
	exec 9>"$CACHE/.lock"
	if ! flock -n 9; then
		log "another run holds $CACHE/.lock; waiting"
		flock -w "${LOCK_TIMEOUT:-7200}" 9 || die "timed out waiting for $CACHE/.lock"
	fi
}
die() { echo "spf-vm: error: $*" >&2; exit 1; }

# ---------------------------------------------------------------------------
# Kernel lines
# ---------------------------------------------------------------------------

# How a kernel line is obtained.  "apt:<release>" = Debian package from the
# host's apt sources (release "" = default, i.e. bookworm + security).
# "debootstrap:<suite>[-backports]" = the headers need another release's
# gcc/libc: apt runs and the module is built inside a debootstrapped root
# of <suite> ($CACHE/roots/<suite>, see ensure_root), with -backports
# enabled and selected when named.  "stable" is the newest stable line
# Debian offers (trixie-backports); it is resolved at run time.
kernel_line_method() {
	case "$1" in
	5.10)	echo "debootstrap:bullseye" ;;
	6.1)	echo "apt:" ;;
	6.12)	echo "apt:bookworm-backports" ;;
	stable)	echo "debootstrap:trixie-backports" ;;
	debug)	echo "source:bookworm-backports" ;;	# debug_kernel.sh
	*)	return 1 ;;
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
	command -v debootstrap >/dev/null ||
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >&2 ||
		die "cannot install debootstrap"
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

# Extract the kernel image and modules of <abi> into $CACHE/kernels/<abi>.
# Newer Debian kernels split the image into linux-binary-* and
# linux-modules-* packages: whatever linux-image-<abi> depends on that
# carries the ABI is extracted too.  The image is never installed on the host.
fetch_kernel() {
	local line=$1 abi=$2 method dir p deb
	method=$(kernel_line_method "$line")
	if [ "${method%%:*}" = source ]; then build_debug_kernel "$line" "$abi"; return; fi
	dir=$CACHE/kernels/$abi
	if [ -f "$dir/.done" ] && [ -f "$dir/boot/vmlinuz-$abi" ]; then
		return 0
	fi
	log "[$line] fetching kernel $abi"
	rm -rf "$dir"; mkdir -p "$dir"
	for p in $(pkg_closure "$method" "linux-image-$abi" "^linux-(image|binary|modules)-.*${abi//+/\\+}"); do
		deb=$(download_deb "$method" "$p")
		dpkg-deb -x "$deb" "$dir"
	done
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
	local line=$1 abi=$2 method dir p deb kdir root
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
		for p in $(pkg_closure "$method" "linux-headers-$abi" "^linux-(headers|kbuild)-"); do
			deb=$(download_deb "$method" "$p")
			dpkg-deb -x "$deb" "$dir"
		done
		[ -f "$kdir/Makefile" ] || die "headers for $abi incomplete"
		# Debian's per-flavour Makefile includes the -common one by
		# absolute path; point it (and any other absolute /usr/src or
		# /usr/lib/linux-kbuild reference) into the extracted tree.
		grep -rlE '(/usr/src/linux-headers-|/usr/lib/linux-kbuild-)' \
			"$dir/usr/src"/*/Makefile 2>/dev/null | while read -r f; do
			sed -i -e "s#\\([ \"']\\)/usr/src/linux-headers-#\\1$dir/usr/src/linux-headers-#g" \
				-e "s#\\([ \"']\\)/usr/lib/linux-kbuild-#\\1$dir/usr/lib/linux-kbuild-#g" "$f"
		done
		touch "$dir/.done"
	fi
	echo "$kdir"
}

# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------

# Copy what a module build needs (Kbuild, Makefile, drivers/, include/ and
# the top-level files such as dkms.conf) without build products of an
# in-tree build, .git, the selftests or this harness.
copy_sources() {
	local dst=$1
	tar -C "$SRC_DIR" --exclude=./.git --exclude=./tools --exclude=./.ci \
		--exclude=./selftests --exclude=./debian \
		--exclude='*.o' --exclude='*.ko' --exclude='*.mod' --exclude='*.mod.c' \
		--exclude='.*.cmd' --exclude=Module.symvers --exclude=modules.order \
		--exclude='.tmp_versions' -cf - . | tar -C "$dst" -xf -
}

# The debootstrapped root a KDIR lives in ("" for the host).
kdir_root() {
	case "$1" in
	"$CACHE/roots/"*/usr/src/*) echo "${1%%/usr/src/*}" ;;
	esac
}

# make -C <kdir> M=<dir> ARGS...: on the host, or, for headers inside a
# debootstrapped root, in that root on a copy of <dir> (results copied back).
kbuild_make() {
	local kdir=$1 dir=$2 root rc=0; shift 2
	root=$(kdir_root "$kdir")
	if [ -z "$root" ]; then
		make -C "$kdir" M="$dir" "$@"
		return
	fi
	rm -rf "$root/spf-build"; mkdir -p "$root/spf-build"
	tar -C "$dir" --exclude=./build.log -cf - . | tar -C "$root/spf-build" -xf -
	# objtool reads /proc/self/limits
	mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
	chroot "$root" make -C "${kdir#"$root"}" M=/spf-build "$@" || rc=$?
	umount "$root/proc" 2>/dev/null || true
	tar -C "$root/spf-build" --exclude=./build.log -cf - . | tar -C "$dir" -xf -
	return $rc
}

# Build sriov_pf.ko for <abi> in $CACHE/build/<abi>.  Any "warning:" or
# "error:" line is a failure (the product promises warning-free builds).
# Prints the build output on failure; returns non-zero on failure.
build_module() {
	local line=$1 abi=$2 kdir=$3 bdir out rc=0
	bdir=$CACHE/build/$abi
	rm -rf "$bdir"; mkdir -p "$bdir"
	copy_sources "$bdir"
	if [ ! -f "$bdir/Kbuild" ] && [ ! -f "$bdir/Makefile" ]; then
		echo "[$line] build: no Kbuild/Makefile at the repository root"
		return 1
	fi
	out=$bdir/build.log
	kbuild_make "$kdir" "$bdir" W=1 -j"$(nproc)" modules >"$out" 2>&1 || rc=$?
	# Case-insensitive: modpost says "WARNING: modpost: ...".
	if grep -qiE '(warning|error):' "$out"; then
		echo "[$line] build: warnings/errors against $abi:"
		grep -iE '(warning|error):' "$out" | sed "s/^/[$line]   /"
		return 1
	fi
	if [ $rc -ne 0 ] || [ ! -f "$bdir/sriov_pf.ko" ]; then
		echo "[$line] build failed against $abi (rc=$rc):"
		tail -n 30 "$out" | sed "s/^/[$line]   /"
		return 1
	fi
	build_test_modules "$line" "$abi" "$kdir"
}

# Build the selftests' fixture modules (selftests/.../test_modules, never
# part of DKMS) in $CACHE/build/<abi>/test_modules, warning-free too.
build_test_modules() {
	local line=$1 abi=$2 kdir=$3 tdir out rc=0
	[ -d "$SELFTEST_DIR/test_modules" ] || return 0
	tdir=$CACHE/build/$abi/test_modules
	rm -rf "$tdir"; mkdir -p "$tdir"
	cp "$SELFTEST_DIR"/test_modules/* "$tdir/"
	out=$CACHE/build/$abi/test_modules.log
	kbuild_make "$kdir" "$tdir" W=1 -j"$(nproc)" modules >"$out" 2>&1 || rc=$?
	if [ $rc -ne 0 ] || grep -qiE '(warning|error):' "$out"; then
		echo "[$line] build of the selftest modules failed against $abi (rc=$rc):"
		grep -iE '(warning|error):' "$out" | sed "s/^/[$line]   /"
		tail -n 10 "$out" | sed "s/^/[$line]   /"
		return 1
	fi
	return 0
}

# ---------------------------------------------------------------------------
# Initramfs
# ---------------------------------------------------------------------------

# Copy a host binary and its shared libraries into the staging root (a
# merged-/usr layout, so /sbin/ip, /usr/sbin/ip, /bin/bash all resolve).
copy_with_libs() {
	local root=$1 bin=$2 lib
	mkdir -p "$root$(dirname "$bin")"
	cp -L "$bin" "$root$bin"
	for lib in $(ldd "$bin" 2>/dev/null | grep -oE '/[^ ]+'); do
		[ -e "$root$lib" ] && continue
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}

# Module file (path relative to the modules dir) of a module name, from
# modules.dep ("-" and "_" are equivalent in module names).
module_path() {
	local moddir=$1 name=${2//-/_}
	awk -F: -v n="$name" '{
		b = $1; sub(/.*\//, "", b); sub(/\.ko(\.[a-z]+)?$/, "", b); gsub(/-/, "_", b)
		if (b == n) { print $1; exit }
	}' "$moddir/modules.dep"
}

module_deps() {
	local moddir=$1 path=$2
	awk -F: -v p="$path" '$1 == p { print $2; exit }' "$moddir/modules.dep"
}

# Copy a module and everything it depends on, decompressed.
copy_module() {
	local moddir=$1 dst=$2 path=$3 d out
	[ -n "$path" ] || return 0
	out=$dst/${path%.xz}; out=${out%.zst}; out=${out%.gz}
	[ -f "$out" ] && return 0
	mkdir -p "$(dirname "$out")"
	case "$path" in
	*.xz)  xz -dc "$moddir/$path" > "$out" ;;
	*.zst) zstd -qdc "$moddir/$path" > "$out" ;;
	*.gz)  gzip -dc "$moddir/$path" > "$out" ;;
	*)     cp "$moddir/$path" "$out" ;;
	esac
	for d in $(module_deps "$moddir" "$path"); do
		copy_module "$moddir" "$dst" "$d"
	done
}

# Build $CACHE/initramfs/<abi>/initramfs.cpio.gz.  Prints failures (e.g. a
# selftest C helper that does not compile) to stdout and returns 1 if any;
# the image is still produced.
make_initramfs() {
	local line=$1 abi=$2 ko=$3 dir root moddir gmod t opt m p a rc=0
	dir=$CACHE/initramfs/$abi
	root=$dir/root
	rm -rf "$dir"; mkdir -p "$root"
	moddir=$(kernel_moddir "$abi")

	# merged-/usr skeleton
	mkdir -p "$root"/usr/bin "$root"/usr/sbin "$root"/usr/lib "$root"/usr/lib64 \
		"$root"/etc "$root"/proc "$root"/sys "$root"/dev "$root"/tmp \
		"$root"/run "$root"/root "$root"/var/log "$root"/usr/share/misc
	ln -s usr/bin "$root/bin"; ln -s usr/sbin "$root/sbin"
	ln -s usr/lib "$root/lib"; ln -s usr/lib64 "$root/lib64"

	# Real tools first, so the busybox links below never shadow them.
	for t in $GUEST_TOOLS; do
		opt=0
		case "$t" in \?*) opt=1; t=${t#\?} ;; esac
		if [ -x "$t" ]; then
			copy_with_libs "$root" "$t"
		elif [ $opt = 0 ]; then
			die "host tool $t missing (run setup-host.sh)"
		fi
	done
	# kmod multi-call: real modprobe etc. so parameter errors behave as on a host
	for m in modprobe rmmod insmod lsmod modinfo depmod; do
		ln -sf ../bin/kmod "$root/usr/sbin/$m"
	done
	cp /usr/share/misc/pci.ids "$root/usr/share/misc/" 2>/dev/null || true
	# /bin/sh is bash: busybox ash runs its own applets (ip, modprobe, ...)
	# in preference to PATH, which would silently replace the real tools.
	ln -s bash "$root/usr/bin/sh"

	cp /bin/busybox "$root/usr/bin/busybox"
	for a in $(/bin/busybox --list); do
		[ -e "$root/usr/bin/$a" ] || [ -e "$root/usr/sbin/$a" ] || [ -L "$root/usr/sbin/$a" ] ||
			ln -s busybox "$root/usr/bin/$a"
	done

	echo "root:x:0:0:root:/root:/bin/sh" > "$root/etc/passwd"
	echo "root:x:0:" > "$root/etc/group"
	echo "spf-$line" > "$root/etc/hostname"
	printf '127.0.0.1 localhost\n' > "$root/etc/hosts"

	# Kernel modules: the ones tests load, plus their dependencies.
	gmod=$root/lib/modules/$abi
	mkdir -p "$gmod/updates"
	for f in modules.order modules.builtin modules.builtin.modinfo; do
		[ -f "$moddir/$f" ] && cp "$moddir/$f" "$gmod/"
	done
	for m in $GUEST_MODULES; do
		p=$(module_path "$moddir" "$m")
		if [ -z "$p" ]; then
			# built in, or missing from this kernel: not fatal
			grep -qE "/${m//-/[-_]}\.ko" "$moddir/modules.builtin" 2>/dev/null ||
				log "[$line] module $m not found in $abi"
			continue
		fi
		copy_module "$moddir" "$gmod" "$p"
	done
	[ -n "$ko" ] && [ -f "$ko" ] && cp "$ko" "$gmod/updates/sriov_pf.ko"
	# KUnit tests, built only against kernels with KUnit (the debug line)
	if [ -n "$ko" ] && [ -f "$(dirname "$ko")/sriov_pf_kunit.ko" ]; then
		cp "$(dirname "$ko")/sriov_pf_kunit.ko" "$gmod/updates/"
		copy_module "$moddir" "$gmod" "$(module_path "$moddir" kunit)"
	fi
	# selftest fixtures (build_test_modules)
	for m in "$CACHE/build/$abi"/test_modules/*.ko; do
		[ -f "$m" ] && cp "$m" "$gmod/updates/"
	done
	depmod -b "$root" "$abi" || die "depmod failed for $abi"

	# Selftests, whatever is there; C helpers built statically on the host.
	mkdir -p "$root/selftests/sriov_pf"
	if [ -d "$SELFTEST_DIR" ]; then
		cp -a "$SELFTEST_DIR/." "$root/selftests/sriov_pf/"
		# the shipped udev rule, which sriov_pf_handover.sh runs
		cp "$SRC_DIR/packaging/70-sriov-pf.rules" "$root/selftests/sriov_pf/" 2>/dev/null || true
		for c in "$root"/selftests/sriov_pf/*.c; do
			[ -f "$c" ] || continue
			if ! gcc -static -O2 -Wall -I"$SELFTEST_DIR" -o "${c%.c}" "$c" \
				>"$dir/cc-$(basename "$c").log" 2>&1; then
				echo "[$line] selftest helper $(basename "$c") does not build:"
				sed "s/^/[$line]   /" "$dir/cc-$(basename "$c").log" | head -n 30
				rc=1
			fi
		done
	fi

	# Benchmark (make bench; a quick run ends make check): script + timer
	mkdir -p "$root/bench"
	cp "$VM_DIR/bench-guest.sh" "$root/bench/"
	if ! gcc -static -O2 -Wall -o "$root/bench/bench-time" "$VM_DIR/bench-time.c" \
		>"$dir/cc-bench-time.log" 2>&1; then
		echo "[$line] bench helper bench-time.c does not build:"
		sed "s/^/[$line]   /" "$dir/cc-bench-time.log" | head -n 30
		rc=1
	fi

	cp "$VM_DIR/init.sh" "$root/init"
	chmod 755 "$root/init"
	(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) |
		gzip -1 > "$dir/initramfs.cpio.gz"
	return $rc
}

# ---------------------------------------------------------------------------
# QEMU
# ---------------------------------------------------------------------------

# KVM: /dev/kvm may exist and still not work (it hangs on some hosts), so
# boot the real guest in "probe" mode under KVM with a short timeout and
# fall back to TCG.  ACCEL=kvm|tcg overrides.
pick_accel() {
	local abi=$1 logf boot res
	if [ -n "${ACCEL:-}" ]; then echo "$ACCEL"; return; fi
	if [ ! -w /dev/kvm ]; then echo tcg; return; fi
	# The answer is remembered per host boot.
	boot=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null || echo none)
	res=$CACHE/accel.$boot
	if [ -f "$res" ]; then cat "$res"; return; fi
	logf=$CACHE/logs/kvm-probe.log
	mkdir -p "$CACHE/logs"
	rm -f "$CACHE"/accel.* "$logf"
	timeout -k 5 30 qemu-system-x86_64 -accel kvm -machine q35 -cpu host -m 512 -smp 1 \
		-nodefaults -nographic -no-reboot -monitor none -serial "file:$logf" \
		-kernel "$CACHE/kernels/$abi/boot/vmlinuz-$abi" \
		-initrd "$CACHE/initramfs/$abi/initramfs.cpio.gz" \
		-append "console=ttyS0 panic=-1 quiet spf.mode=probe" \
		</dev/null >/dev/null 2>&1 || true
	if grep -q "SPF-PROBE-OK" "$logf" 2>/dev/null; then
		echo kvm > "$res"
	else
		log "KVM present but not usable here (guest did not boot in 30s); using TCG"
		echo tcg > "$res"
	fi
	cat "$res"
}

# Run the guest for <abi>.  mode: check|demo.  Logs:
#   $CACHE/logs/<abi>/console.log  kernel console (ttyS0)
#   $CACHE/logs/<abi>/tests.log    test output, markers, final dmesg (ttyS1)
# Returns QEMU's exit status (124 = host-side timeout).
run_guest() {
	local abi=$1 mode=$2 vcpus=$3 accel=$4 tmo=$5 extra=${6:-} ldir cpu console
	ldir=$CACHE/logs/$abi
	mkdir -p "$ldir"
	rm -f "$ldir/console.log" "$ldir/tests.log"
	cpu=max
	[ "$accel" = kvm ] && cpu=host
	# mode=shell: console on the terminal (Ctrl-A x quits QEMU)
	console=file:$ldir/console.log
	[ "$mode" = shell ] && console=mon:stdio
	QEMU_CMD=(qemu-system-x86_64
		-machine q35 -accel "$accel" -cpu "$cpu" -m "${VM_MEM:-1G}" -smp "$vcpus"
		-nodefaults -nographic -no-reboot -monitor none
		-serial "$console" -serial "file:$ldir/tests.log"
		-kernel "$CACHE/kernels/$abi/boot/vmlinuz-$abi"
		-initrd "$CACHE/initramfs/$abi/initramfs.cpio.gz"
		-append "console=ttyS0 panic=-1 loglevel=5 spf.mode=$mode spf.timeout=${TEST_TIMEOUT:-900} $(kernel_cmdline_extra "$abi") $extra"
		# 82576 PF (emulated igb) behind its own root port; user-mode
		# networking restricted to the host side (no outside network).
		-device pcie-root-port,id=rp1,chassis=1,slot=1
		-netdev user,id=n0,restrict=on
		-device igb,netdev=n0,bus=rp1,romfile=
		# Two NVMe PFs with 127 VFs each: the generic (driver_override)
		# path at full TotalVFs.  A VF needs >= 2 flexible queues
		# (admin + I/O) and 1 flexible interrupt; the PF keeps 2 of its own.
		-device pcie-root-port,id=rp2,chassis=2,slot=2
		-device nvme-subsys,id=nvsub0,nqn=spf-subsys0
		-device nvme,bus=rp2,serial=spfnvme0,subsys=nvsub0,sriov_max_vfs=127,sriov_vq_flexible=254,sriov_vi_flexible=127,max_ioqpairs=256,msix_qsize=128
		-device pcie-root-port,id=rp3,chassis=3,slot=3
		-device nvme-subsys,id=nvsub1,nqn=spf-subsys1
		-device nvme,bus=rp3,serial=spfnvme1,subsys=nvsub1,sriov_max_vfs=127,sriov_vq_flexible=254,sriov_vi_flexible=127,max_ioqpairs=256,msix_qsize=128
		# more devices for one run (bench.sh: two more NVMe PFs); unquoted
		${SPF_EXTRA_DEVICES:-}
	)
	# shell-quoted, so it can be pasted to rerun the guest by hand
	printf '%q ' "${QEMU_CMD[@]}" > "$ldir/qemu-cmdline.txt"
	echo >> "$ldir/qemu-cmdline.txt"
	if [ "$mode" = shell ]; then
		"${QEMU_CMD[@]}"
	else
		timeout --foreground -k 10 "$tmo" "${QEMU_CMD[@]}" </dev/null >"$ldir/qemu.log" 2>&1
	fi
}
