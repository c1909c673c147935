# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# initramfs.sh - the test guest's root file system (sourced by lib.sh):
# busybox, bash, iproute2, kmod, pciutils, the kernel modules the tests
# load, sriov_pf.ko, the selftests and the benchmark.

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

	# the harness's self-test program (check.sh harness_ktap)
	mkdir -p "$root/harness"
	cp "$VM_DIR/harness-warn.sh" "$VM_DIR/log-patterns.sh" "$VM_DIR/set-link.sh" "$root/harness/"

	cp "$VM_DIR/init.sh" "$root/init"
	chmod 755 "$root/init"
	(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) |
		gzip -1 > "$dir/initramfs.cpio.gz"
	return $rc
}

