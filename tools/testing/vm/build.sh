# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# build.sh - out-of-tree module builds of the sriov_pf QEMU harness
# (sourced by lib.sh): sriov_pf.ko and the selftests' fixture modules, W=1,
# on the host or inside a debootstrapped root.

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

