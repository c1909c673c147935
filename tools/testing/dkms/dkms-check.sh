#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms-check.sh - install sriov_pf the way a Debian host does, without
# touching the host: for every kernel, "dkms add/build/install/remove" in a
# private DKMS tree (--dkmstree/--sourcetree/--installtree, a throwaway
# signing key, --no-depmod), then build the sriov-pf-dkms .deb and check
# what it ships.  Output is KTAP; exit 0 when nothing failed.
#
# Kernels:
#   KERNELS unset    every /usr/src/linux-headers-*-amd64 with a .config
#   KERNELS="6.1 6.12"  Debian kernel lines, resolved to ABIs (and headers
#                    fetched into the cache if not installed) by the QEMU
#                    harness's tools/testing/vm/lib.sh
# Environment:
#   SRIOV_PF_CACHE   cache (default /var/cache/sriov_pf).  The DKMS-built
#                    module is left in $SRIOV_PF_CACHE/dkms/<abi>/sriov_pf.ko
#                    and the .deb in $SRIOV_PF_CACHE/deb/.
#   SPF_SRC_DIR      sources to package (default: this checkout)
#   KEEP=1           keep the private DKMS tree (its path is printed)
#   SPF_DKMS_PARTS=all|kernels|package
#                    kernels: only the per-kernel dkms tests (what check.sh
#                    runs per kernel line, also inside debootstrapped roots
#                    that have no dh-dkms); package: only the version and
#                    .deb tests.  KERNELS may also name header directories
#                    (/usr/src/linux-headers-<abi>).
#
# Needs root only to install missing tools (dkms, dh-dkms, debhelper,
# dpkg-dev, fakeroot) with apt-get; nothing else is written outside the
# cache and a temporary directory.

set -u

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
SRC=${SPF_SRC_DIR:-$TOP}
CACHE=${SRIOV_PF_CACHE:-/var/cache/sriov_pf}
NAME=sriov_pf
DEB_PKG=sriov-pf-dkms

KSFT_PASS=0
KSFT_FAIL=1

n=0 pass=0 fail=0 skip=0

ok()     { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n $1"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n $1"; }
skip()   { n=$((n + 1)); skip=$((skip + 1)); echo "ok $n $1 # SKIP $2"; }
note()   { sed 's/^/# /'; }
# result DESC CMD...: ok if CMD succeeds.
result() { local d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }

# scripts/version.sh is the one reader of dkms.conf's PACKAGE_VERSION.
dkms_conf_version() {
	"$SRC/scripts/version.sh" "$1"
}

# Install what is missing, once, quietly.
ensure_tools() {
	local p missing=
	local want="dkms dh-dkms debhelper dpkg-dev make gcc kmod openssl lintian"
	[ "$PARTS" = kernels ] && want="dkms make gcc kmod openssl"
	for p in $want; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	echo "# installing:$missing"
	if [ "$(id -u)" != 0 ]; then
		echo "# not root: cannot install$missing"
		return 1
	fi
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
		$missing >"$TMP/apt.log" 2>&1 || { tail -n 20 "$TMP/apt.log" | note; return 1; }
}

# Print "<abi> <kdir>" lines for the kernels to test.
list_kernels() {
	local d line r
	if [ -z "${KERNELS:-}" ]; then
		for d in /usr/src/linux-headers-*-amd64; do
			[ -f "$d/Makefile" ] && [ -f "$d/.config" ] || continue
			echo "${d#/usr/src/linux-headers-} $d"
		done
		return 0
	fi
	for line in $KERNELS; do
		case "$line" in
		/*) echo "${line##*/linux-headers-} $line"; continue ;;
		esac
		# The harness's resolver dies on error: keep it in a subshell.
		r=$(
			# shellcheck source=../vm/lib.sh
			. "$TOP/tools/testing/vm/lib.sh" || exit 1
			abi=$(resolve_abi "$line") || exit 1
			kdir=$(fetch_headers "$line" "$abi") || exit 1
			echo "$abi $kdir"
		) || r="unresolved-$line -"
		echo "$r"
	done
}

# Run one dkms action in the private tree; output goes to $TMP/<tag>.log.
pdkms() {
	local tag=$1; shift
	dkms "$@" --dkmstree "$DKMS_TREE" --sourcetree "$SRC_TREE" \
		--installtree "$INSTALL_TREE" >"$TMP/$tag.log" 2>&1
}

show_log() { tail -n "${2:-30}" "$TMP/$1.log" | note; }

check_kernel() {
	local abi=$1 kdir=$2 mod vm v signer inst mlog hits t sf np

	if [ "$kdir" = - ] || [ ! -f "$kdir/Makefile" ]; then
		not_ok "headers for $abi"
		for t in build vermagic version warnings signed install remove; do
			skip "dkms $t $abi" "no headers"
		done
		return
	fi
	ok "headers for $abi ($kdir)"

	mkdir -p "$INSTALL_TREE/$abi"
	# dkms looks for sign-file under /usr/lib/linux-kbuild-<x.y> or
	# /lib/modules/<abi>/build; headers extracted into the cache have
	# theirs only behind $kdir/scripts.
	sf=
	[ -x "$kdir/scripts/sign-file" ] && sf=$kdir/scripts/sign-file
	# dkms 3.0.10 exits 77 when BUILD_EXCLUSIVE_* excludes the kernel.
	# dkms 2.x runs "make mrproper" in a --kernelsourcedir that is not
	# /lib/modules/<abi>/build, wiping the headers' generated files.
	np=
	[ "$DKMS_MAJOR" -lt 3 ] && np=--no-prepare-kernel
	# shellcheck disable=SC2086
	sign_file=$sf pdkms "build-$abi" build -m "$NAME" -v "$VER" -k "$abi" \
		--kernelsourcedir "$kdir" $np
	case $? in
	0)	ok "dkms build $abi" ;;
	77)	show_log "build-$abi" 5
		for t in build vermagic version warnings signed install remove; do
			skip "dkms $t $abi" "excluded by BUILD_EXCLUSIVE_CONFIG"
		done
		return ;;
	*)	show_log "build-$abi" 40
		mlog=$DKMS_TREE/$NAME/$VER/build/make.log
		[ -f "$mlog" ] && tail -n 40 "$mlog" | note
		not_ok "dkms build $abi"
		for t in vermagic version warnings signed install remove; do
			skip "dkms $t $abi" "build failed"
		done
		pdkms "remove-$abi" remove -m "$NAME" -v "$VER" -k "$abi" --no-depmod
		return ;;
	esac

	mod=$(ls "$DKMS_TREE/$NAME/$VER/$abi"/*/module/$NAME.ko* 2>/dev/null | head -n1)
	if [ -z "$mod" ]; then
		not_ok "dkms vermagic $abi"
		echo "# no $NAME.ko under $DKMS_TREE/$NAME/$VER/$abi"
	else
		vm=$(modinfo -F vermagic "$mod" 2>/dev/null)
		echo "# vermagic: $vm"
		result "dkms vermagic $abi" [ "${vm%% *}" = "$abi" ]
	fi
	v=$(modinfo -F version "$mod" 2>/dev/null)
	echo "# version: $v"
	result "dkms version $abi (dkms.conf $VER)" [ "$v" = "$VER" ]

	mlog=$(ls "$DKMS_TREE/$NAME/$VER/$abi"/*/log/make.log 2>/dev/null | head -n1)
	hits=$([ -n "$mlog" ] && grep -E ': (warning|error):' "$mlog")
	# and no deprecation warning from dkms itself (CLEAN in 3.1.8+)
	hits=$hits$(grep -i 'deprecated' "$TMP/build-$abi.log")
	if [ -n "$hits" ]; then
		echo "$hits" | note
		not_ok "dkms warnings $abi (compiler or dkms warnings)"
	else
		ok "dkms warnings $abi (none)"
	fi

	# dkms signs with $mok_signing_key when the kernel's sign-file exists.
	signer=$(modinfo -F signer "$mod" 2>/dev/null)
	if [ -z "$signer" ] && [ "$DKMS_MAJOR" -lt 3 ]; then
		skip "dkms signed $abi" "dkms $(dkms --version 2>/dev/null | sed 's/.* //') does not sign modules"
	elif grep -q "won't be signed" "$TMP/build-$abi.log"; then
		skip "dkms signed $abi" "$(grep "won't be signed" "$TMP/build-$abi.log" | head -n1)"
	else
		echo "# signer: $signer"
		result "dkms signed $abi (MOK)" [ "$signer" = "DKMS module signing key" ]
	fi

	if [ -n "$mod" ]; then
		mkdir -p "$CACHE/dkms/$abi" &&
			cp "$mod" "$CACHE/dkms/$abi/$NAME.ko" &&
			echo "# module: $CACHE/dkms/$abi/$NAME.ko"
	fi

	inst=$INSTALL_TREE/$abi/updates/dkms/$NAME.ko
	# PRE_INSTALL refuses while a "make install" copy is in updates/
	mkdir -p "$INSTALL_TREE/$abi/updates"
	: > "$INSTALL_TREE/$abi/updates/$NAME.ko"
	refused=0
	if ! pdkms "install-refused-$abi" install -m "$NAME" -v "$VER" -k "$abi" --no-depmod &&
	   grep -q "installed by 'make install'" "$TMP/install-refused-$abi.log" &&
	   ! ls "$inst"* >/dev/null 2>&1; then
		refused=1
	else
		show_log "install-refused-$abi"
		echo "# dkms installed beside a make-install copy in updates/"
	fi
	rm -f "$INSTALL_TREE/$abi/updates/$NAME.ko"
	if [ $refused = 1 ] &&
	   pdkms "install-$abi" install -m "$NAME" -v "$VER" -k "$abi" --no-depmod &&
	   ls "$inst"* >/dev/null 2>&1; then
		ok "dkms install $abi (updates/dkms; refused beside a make-install copy)"
	else
		[ -f "$TMP/install-$abi.log" ] && show_log "install-$abi"
		not_ok "dkms install $abi (updates/dkms; refused beside a make-install copy)"
	fi

	if pdkms "remove-$abi" remove -m "$NAME" -v "$VER" -k "$abi" --no-depmod &&
	   ! ls "$inst"* >/dev/null 2>&1 &&
	   [ ! -e "$DKMS_TREE/$NAME/$VER/$abi" ]; then
		ok "dkms remove $abi"
	else
		show_log "remove-$abi"
		not_ok "dkms remove $abi"
	fi
}

check_deb() {
	local deb list want f bad=0 dver

	if ! deb=$(SRIOV_PF_CACHE=$CACHE "$SRC/packaging/build-deb.sh" "$CACHE/deb" 2>"$TMP/deb.log" | tail -n1) ||
	   [ ! -f "$deb" ]; then
		tail -n 40 "$TMP/deb.log" | note
		not_ok "deb build"
		skip "deb name" "no .deb"
		skip "deb sources" "no .deb"
		skip "deb config files" "no .deb"
		skip "deb dkms.conf version" "no .deb"
		skip "deb documentation" "no .deb"
		skip "deb sriov-pf-hwcheck" "no .deb"
		skip "deb lintian" "no .deb"
		return
	fi
	echo "# deb: $deb"
	ok "deb build"
	result "deb name ${DEB_PKG}_${VER}_all.deb" [ "${deb##*/}" = "${DEB_PKG}_${VER}_all.deb" ]

	list=$TMP/deb.list
	dpkg-deb -c "$deb" | awk '{ print $NF }' | sed 's|^\./|/|' >"$list"
	# Exactly what install-sources.sh would put in /usr/src.
	"$SRC/packaging/install-sources.sh" "$TMP/want/usr/src/$NAME-$VER" "$SRC"
	want=$(cd "$TMP/want" && find . -type f | sed 's|^\.||' | sort)
	for f in $want; do
		grep -qx "$f" "$list" || { echo "# missing from .deb: $f"; bad=1; }
	done
	if grep -qE "^/usr/src/$NAME-$VER/(tools|selftests)/" "$list"; then
		echo "# .deb ships tools/ or selftests/"; bad=1
	fi
	grep -qx "/usr/src/$NAME-$VER/dkms.conf" "$list" || bad=1
	result "deb sources in /usr/src/$NAME-$VER" [ $bad = 0 ]

	bad=0
	grep -qx /etc/modprobe.d/sriov_pf.conf "$list" ||
		{ echo "# missing from .deb: /etc/modprobe.d/sriov_pf.conf"; bad=1; }
	# dh_installudev: /lib/udev/rules.d with bookworm's debhelper, /usr/lib later
	grep -qxE '(/usr)?/lib/udev/rules.d/70-sriov-pf.rules' "$list" ||
		{ echo "# missing from .deb: (/usr)/lib/udev/rules.d/70-sriov-pf.rules"; bad=1; }
	dpkg-deb -I "$deb" conffiles 2>/dev/null | grep -qx /etc/modprobe.d/sriov_pf.conf ||
		{ echo "# /etc/modprobe.d/sriov_pf.conf is not a conffile"; bad=1; }
	result "deb config files (modprobe.d, udev rule)" [ $bad = 0 ]

	dpkg-deb --fsys-tarfile "$deb" |
		tar -xOf - "./usr/src/$NAME-$VER/dkms.conf" >"$TMP/deb-dkms.conf" 2>/dev/null
	dver=$(dkms_conf_version "$TMP/deb-dkms.conf" 2>/dev/null)
	result "deb dkms.conf version $dver" [ "$dver" = "$VER" ]

	bad=0
	for f in /usr/share/doc/$DEB_PKG/README.md.gz /usr/share/doc/$DEB_PKG/install.rst.gz \
		/usr/share/doc/$DEB_PKG/sriov_pf.rst.gz /usr/share/doc/$DEB_PKG/README.Debian \
		/usr/share/doc/$DEB_PKG/copyright /usr/share/man/man4/sriov_pf.4.gz \
		/usr/src/$NAME-$VER/COPYING; do
		grep -qx "$f" "$list" || { echo "# missing from .deb: $f"; bad=1; }
	done
	result "deb documentation (README, install guide, driver guide, sriov_pf(4), README.Debian, COPYING)" [ $bad = 0 ]

	# the command for real hardware, as the checkout has it, with its page
	bad=0
	for f in /usr/sbin/sriov-pf-hwcheck /usr/share/man/man8/sriov-pf-hwcheck.8.gz; do
		grep -qx "$f" "$list" || { echo "# missing from .deb: $f"; bad=1; }
	done
	dpkg-deb -c "$deb" >"$TMP/deb.long"
	grep -qE '^-rwxr-xr-x root/root .* \./usr/sbin/sriov-pf-hwcheck$' "$TMP/deb.long" ||
		{ echo "# /usr/sbin/sriov-pf-hwcheck is not -rwxr-xr-x root/root"; bad=1; }
	dpkg-deb --fsys-tarfile "$deb" | tar -xOf - ./usr/sbin/sriov-pf-hwcheck >"$TMP/hwcheck" 2>/dev/null
	cmp -s "$TMP/hwcheck" "$SRC/selftests/drivers/net/sriov_pf/sriov-pf-hwcheck" ||
		{ echo "# /usr/sbin/sriov-pf-hwcheck differs from the checkout's"; bad=1; }
	result "deb sriov-pf-hwcheck in /usr/sbin (0755, the checkout's) and sriov-pf-hwcheck(8)" [ $bad = 0 ]

	# Clean down to pedantic tags; every override in debian/ says why.
	if ! command -v lintian >/dev/null; then
		not_ok "deb lintian (lintian not installed: setup-host.sh installs it)"
	elif lintian -I --pedantic --fail-on error,warning,info,pedantic "$deb" >"$TMP/lintian.log" 2>&1; then
		echo "# $(lintian --version)"
		ok "deb lintian clean (--pedantic, fail on every tag)"
	else
		note < "$TMP/lintian.log"
		not_ok "deb lintian clean (--pedantic, fail on every tag)"
	fi
}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/sriov_pf-dkms-check.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
	trap 'echo "# kept $TMP"' EXIT
else
	trap 'rm -rf "$TMP"' EXIT
fi
DKMS_TREE=$TMP/dkms
SRC_TREE=$TMP/src
INSTALL_TREE=$TMP/modules
mkdir -p "$DKMS_TREE" "$SRC_TREE" "$INSTALL_TREE"
# A throwaway signing key: never create or use /var/lib/dkms/mok.* here.
export mok_signing_key=$TMP/mok.key mok_certificate=$TMP/mok.pub

echo "TAP version 13"
PARTS=${SPF_DKMS_PARTS:-all}
DKMS_MAJOR=$(dkms --version 2>/dev/null | sed -n 's/^[^0-9]*\([0-9]\+\).*/\1/p' | head -n1)
DKMS_MAJOR=${DKMS_MAJOR:-3}

VER=$(dkms_conf_version "$SRC/dkms.conf")
tools_ok=1
ensure_tools || tools_ok=0

if [ -z "$VER" ] || [ "$tools_ok" = 0 ]; then
	echo "1..1"
	not_ok "setup (version '$VER' from dkms.conf, tools installed: $tools_ok)"
	exit $KSFT_FAIL
fi

kernels=()
[ "$PARTS" = package ] || mapfile -t kernels < <(list_kernels)
per_kernel=8
case "$PARTS" in
kernels) plan=$((3 + ${#kernels[@]} * per_kernel + 1)) ;;
package) plan=$((3 + 8)) ;;
*) plan=$((6 + ${#kernels[@]} * per_kernel + 9)) ;;
esac
[ ${#kernels[@]} = 0 ] && [ "$PARTS" != package ] && plan=$((plan + 1))
echo "1..$plan"
echo "# $NAME $VER from $SRC"

# --- the version has one source -----------------------------------------
if [ "$PARTS" != kernels ]; then
chver=$(dpkg-parsechangelog -l "$SRC/debian/changelog" -S Version 2>/dev/null)
result "debian/changelog version ${chver} matches dkms.conf $VER" [ "${chver%-*}" = "$VER" ]
# the README's "apt-get install ../sriov-pf-dkms_<version>_all.deb" names the real file
readme_deb() {
	grep -q "apt-get install \.\./${DEB_PKG}_${VER}_all\.deb" "$SRC/README.md" ||
		{ echo "# README.md does not say: apt-get install ../${DEB_PKG}_${VER}_all.deb"; return 1; }
}
result "README.md installs ../${DEB_PKG}_${VER}_all.deb, the file make deb writes" readme_deb
hits=$(grep -rn 'define[[:space:]]\+SRIOV_PF_VERSION' "$SRC/drivers" "$SRC/include")
if [ -n "$hits" ]; then
	echo "$hits" | note
	not_ok "SRIOV_PF_VERSION is defined only by Kbuild from dkms.conf"
else
	ok "SRIOV_PF_VERSION is defined only by Kbuild from dkms.conf"
fi
fi

if [ "$PARTS" != package ]; then
# --- dkms add into the private tree ---------------------------------------
"$SRC/packaging/install-sources.sh" "$SRC_TREE/$NAME-$VER" "$SRC"
if pdkms add add -m "$NAME" -v "$VER"; then
	ok "dkms add $NAME/$VER (private tree)"
else
	show_log add
	not_ok "dkms add $NAME/$VER (private tree)"
fi
conf_ok() {
	grep -q '^BUILD_EXCLUSIVE_CONFIG="CONFIG_PCI_IOV"' "$SRC/dkms.conf" &&
	grep -q '^AUTOINSTALL="yes"' "$SRC/dkms.conf" &&
	! grep -q '^CLEAN' "$SRC/dkms.conf"
}
result "dkms.conf sets BUILD_EXCLUSIVE_CONFIG=CONFIG_PCI_IOV and AUTOINSTALL, no CLEAN" conf_ok

# The minimum-kernel gate (BUILD_EXCLUSIVE_KERNEL): this dkms skips a
# 5.9 kernel (exit 77) before looking for its headers, and the same
# expression accepts every release from 5.10 on.
old_kernel_skipped() {
	local rc=0 re k bad=0
	mkdir -p "$INSTALL_TREE/5.9.16-1-amd64"
	pdkms build-old build -m "$NAME" -v "$VER" -k 5.9.16-1-amd64 \
		--kernelsourcedir "$INSTALL_TREE/5.9.16-1-amd64" || rc=$?
	echo "# dkms build -k 5.9.16-1-amd64: exit $rc"
	# dkms 3 exits 77; 2.8 (bullseye) exits 9 with the same message
	if [ $rc = 77 ] || { [ "$DKMS_MAJOR" -lt 3 ] && [ $rc = 9 ] &&
		grep -q 'BUILD_EXCLUSIVE directive' "$TMP/build-old.log"; }; then
		:
	else
		show_log build-old 10; bad=1
	fi
	re=$(bash -c '. "$1" && echo "$BUILD_EXCLUSIVE_KERNEL"' _ "$SRC/dkms.conf" 2>/dev/null)
	for k in 5.10.0-35-amd64 5.19.0 6.1.0-40-amd64 6.12.48+deb13-amd64 7.3.4+deb13-amd64 10.0.0; do
		[[ $k =~ $re ]] || { echo "# $k does not match '$re'"; bad=1; }
	done
	for k in 4.19.0-27-amd64 5.4.0-216-generic 5.9.16-1-amd64 3.16.0; do
		[[ $k =~ $re ]] && { echo "# $k matches '$re'"; bad=1; }
	done
	return $bad
}
result "dkms skips kernels before 5.10 (BUILD_EXCLUSIVE_KERNEL)" old_kernel_skipped

# --- per kernel ------------------------------------------------------------
if [ ${#kernels[@]} = 0 ]; then
	skip "dkms build" "no linux-headers-*-amd64 under /usr/src (set KERNELS=6.1 to fetch)"
fi
for k in "${kernels[@]}"; do
	echo "# --- kernel ${k%% *}"
	check_kernel "${k%% *}" "${k#* }"
done

pdkms remove-all remove -m "$NAME" -v "$VER" --all --no-depmod
result "dkms remove --all leaves the private tree empty" \
	[ ! -e "$DKMS_TREE/$NAME/$VER" ]
fi

# --- the Debian package ----------------------------------------------------
[ "$PARTS" = kernels ] || check_deb

echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
[ "$n" = "$plan" ] || echo "# plan mismatch: planned $plan, ran $n"
[ $fail = 0 ] && [ "$n" = "$plan" ] && exit $KSFT_PASS
exit $KSFT_FAIL
