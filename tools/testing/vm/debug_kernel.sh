# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# debug_kernel.sh - the "debug" kernel line of the QEMU harness (sourced by
# lib.sh).  A 6.12 kernel built here from Debian's own source package
# (linux-source-6.12 from bookworm-backports) with the small config of
# debug.config: KASAN, lockdep, kmemleak, debug objects, fault injection
# and KUnit.
#
# Cache:
#   $CACHE/debug-kernel/<source version>-<config hash>/   source + build tree
#                                                         (the KDIR of M= builds)
#   $CACHE/kernels/<abi>/   bzImage and modules_install output, like the
#                           extracted Debian kernels of the other lines
# A new source version or a changed debug.config builds a new tree; the
# old one is removed once the new one is complete.

DEBUG_CONFIG=$VM_DIR/debug.config
DEBUG_SRC_PKG=linux-source-6.12

# Extra kernel command line of the test boots of <abi>: on the debug
# kernel any WARN (and so any KASAN report) panics the guest, which
# check.sh reports with the console log.
kernel_cmdline_extra() {
	case "$1" in
	*-spfdebug) echo "panic_on_warn=1" ;;
	esac
}

# "source:<release>": the source package comes from <release>.
debug_apt_method() {
	echo "apt:${1#source:}"
}

# "<source version>-<hash of debug.config>", usable as a directory name.
debug_kernel_key() {
	local method=$1 ver
	ver=$(pkg_version "$(debug_apt_method "$method")" "$DEBUG_SRC_PKG")
	[ -n "$ver" ] && [ "$ver" != "(none)" ] ||
		die "no candidate for $DEBUG_SRC_PKG ($method); run setup-host.sh / apt-get update"
	echo "$(printf '%s' "$ver" | tr -c 'A-Za-z0-9.' '_')-$(sha256sum < "$DEBUG_CONFIG" | cut -c1-12)"
}

# The ABI (kernelrelease): upstream version of the source package plus
# the LOCALVERSION of debug.config.
debug_kernel_abi() {
	local method=$1 ver lv
	ver=$(pkg_version "$(debug_apt_method "$method")" "$DEBUG_SRC_PKG")
	[ -n "$ver" ] && [ "$ver" != "(none)" ] ||
		die "no candidate for $DEBUG_SRC_PKG ($method); run setup-host.sh / apt-get update"
	lv=$(sed -n 's/^CONFIG_LOCALVERSION="\(.*\)"$/\1/p' "$DEBUG_CONFIG")
	ver=${ver#*:}
	echo "${ver%%-*}$lv"
}

debug_kernel_src() {
	echo "$CACHE/debug-kernel/$(debug_kernel_key "$1")/linux-source-6.12"
}

# Every option of the fragment must have survived olddefconfig.
debug_config_verify() {
	local cfg=$1 l k v bad=0
	while IFS= read -r l; do
		case "$l" in CONFIG_*=*) ;; *) continue ;; esac
		k=${l%%=*} v=${l#*=}
		if [ "$v" = n ]; then
			if grep -q "^$k=" "$cfg"; then
				log "debug.config: $k=n did not stick: $(grep "^$k=" "$cfg")"; bad=1
			fi
		elif ! grep -qxF "$l" "$cfg"; then
			log "debug.config: $l did not stick: $(grep "^$k=" "$cfg" || echo "$k unset")"; bad=1
		fi
	done < "$DEBUG_CONFIG"
	return $bad
}

# Build (or reuse) the debug kernel of <line> and install it as
# $CACHE/kernels/<abi>, the layout fetch_kernel gives the other lines.
build_debug_kernel() {
	local line=$1 abi=$2 method key dir src kdir deb rel t0
	method=$(kernel_line_method "$line")
	key=$(debug_kernel_key "$method")
	dir=$CACHE/debug-kernel/$key
	src=$dir/linux-source-6.12
	kdir=$CACHE/kernels/$abi
	if [ -f "$src/.spf-done" ] && [ -f "$kdir/.done" ] &&
	   [ "$(cat "$kdir/.key" 2>/dev/null)" = "$key" ]; then
		return 0
	fi
	if [ ! -f "$src/.spf-done" ]; then
		log "[$line] building the debug kernel $key (several minutes)"
		rm -rf "$dir"; mkdir -p "$dir"
		deb=$(download_deb "$(debug_apt_method "$method")" "$DEBUG_SRC_PKG")
		dpkg-deb --fsys-tarfile "$deb" |
			tar -xOf - ./usr/src/linux-source-6.12.tar.xz | tar -C "$dir" -xJf - ||
			die "cannot unpack $deb"
		[ -f "$src/Makefile" ] || die "no linux-source-6.12 in $deb"
		make -s -C "$src" KCONFIG_ALLCONFIG="$DEBUG_CONFIG" allnoconfig >&2 &&
			make -s -C "$src" olddefconfig >&2 || die "debug kernel: config failed"
		debug_config_verify "$src/.config" || die "debug.config does not apply to $key"
		t0=$SECONDS
		# Niced: the other lines' guests run meanwhile.  Measured on
		# an empty cache (2 cores, three guests), the build takes
		# 15 minutes either way, but at normal priority it slowed the
		# guests by half and a timing-sensitive test failed.
		if ! nice -n 10 make -C "$src" -j"$(nproc)" bzImage modules \
			>"$dir/build.log" 2>&1; then
			tail -n 30 "$dir/build.log" >&2
			die "debug kernel build failed (log: $dir/build.log)"
		fi
		echo "$((SECONDS - t0))" > "$dir/build-seconds"
		log "[$line] debug kernel built in $((SECONDS - t0))s"
		touch "$src/.spf-done"
		# Older trees (other source version or config) are obsolete.
		find "$CACHE/debug-kernel" -mindepth 1 -maxdepth 1 ! -name "$key" \
			-exec rm -rf {} +
	fi
	rel=$(make -s -C "$src" kernelrelease)
	[ "$rel" = "$abi" ] || die "debug kernel is $rel, expected $abi"
	rm -rf "$kdir"; mkdir -p "$kdir/boot"
	cp "$src/arch/x86/boot/bzImage" "$kdir/boot/vmlinuz-$abi"
	make -s -C "$src" INSTALL_MOD_PATH="$kdir" modules_install >&2 ||
		die "debug kernel: modules_install failed"
	depmod -b "$kdir" "$abi" || die "depmod failed on the debug kernel"
	echo "$key" > "$kdir/.key"
	touch "$kdir/.done"
}
