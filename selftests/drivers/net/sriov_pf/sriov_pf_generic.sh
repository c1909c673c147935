#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317 # test functions are called indirectly
#
# sriov_pf on generic SR-IOV PFs (no hardware backend), bound through
# driver_override / new_id: module parameter forms, clamping, bad parameters,
# sriov_numvfs semantics, rmmod, binding,
# refusal of non-SR-IOV devices, and load/unload + numvfs stress.
#
# Needs at least one SR-IOV PF that is not an 82576/I350 and that is either
# unbound or bound to sriov_pf (in the QEMU harness: two NVMe PFs). Tests
# that need two such PFs skip when there is only one.

cd "$(dirname "$0")" || exit 1
# shellcheck source=lib.sh
. ./lib.sh

ALL_TESTS="
	test_single_value
	test_list_form
	test_list_beyond
	test_address_form
	test_clamp
	test_bad_params
	test_numvfs_sysfs
	test_numvfs_range
	test_rmmod_disables
	test_assigned_vfs
	test_bind_override
	test_bind_new_id
	test_refuse_non_sriov
	test_load_cycles
	test_numvfs_cycles
"

CYCLES=${SRIOV_PF_CYCLES:-50}

# ---------------------------------------------------------------- discovery

# Candidate PFs: SR-IOV, TotalVFs > 0, not an igb-family PF, unbound or ours.
# SRIOV_PF_GENERIC_PFS="BDF BDF" restricts the candidates (real hosts).
find_generic_pfs() {
	for _p in $(sriov_pfs); do
		if [ -n "$SRIOV_PF_GENERIC_PFS" ]; then
			case " $SRIOV_PF_GENERIC_PFS " in *" $_p "*) ;; *) continue ;; esac
		fi
		is_intel_igb_pf "$_p" && continue
		[ "$(totalvfs "$_p")" -gt 0 ] || continue
		[ -e "$PCI/devices/$_p/physfn" ] && continue
		case $(pci_driver "$_p") in
		"" | "$MOD") echo "$_p" ;;
		esac
	done
}

ktap_print_header
require_root
state_init
GEN_PFS=$(find_generic_pfs)
[ -n "$GEN_PFS" ] ||
	skip_all "no SR-IOV PF (other than 82576/I350) that is unbound or bound to $MOD"
# shellcheck disable=SC2086
set -- $GEN_PFS
PF_A=$1
PF_B=${2:-}
diag "generic PFs: $GEN_PFS (using A=$PF_A B=${PF_B:-none})"
diag "all SR-IOV PFs in PCI order: $(sriov_pfs | tr '\n' ' ')"

lib_setup
cleanup_add subtest generic_cleanup
debugfs_setup
for _p in $GEN_PFS; do
	pf_save "$_p"
	# our own VFs must not be grabbed by e.g. nvme during the tests
	sysfs_write "$PCI/devices/$_p/sriov_drivers_autoprobe" 0
done
# A PF that was bound to sriov_pf by the previous owner is unbound now (rmmod).

# per-PF VF count that the driver cannot exceed (generic PFs: TotalVFs)
TOT_A=$(totalvfs "$PF_A")
[ -n "$PF_B" ] && TOT_B=$(totalvfs "$PF_B")

# small N that every PF can take
small() {
	if [ "$2" -lt "$1" ]; then echo "$2"; else echo "$1"; fi
}

# after every subtest (registered below): no VFs, no binding, no module
generic_cleanup() {
	assign_release
	for _p in $GEN_PFS; do
		# VFs left on an unbound PF (test_assigned_vfs): bind it to clear them
		if [ -z "$(pci_driver "$_p")" ] && [ "$(numvfs "$_p")" -ne 0 ]; then
			mod_loaded || mod_load
			pf_bind_override "$_p"
		fi
	done
	for _p in $GEN_PFS; do
		[ "$(pci_driver "$_p")" = "$MOD" ] && sysfs_write "$PCI/devices/$_p/sriov_numvfs" 0
		pf_release "$_p"
	done
	for _id in $NEW_IDS; do
		[ -e "$DRV/remove_id" ] && echo "$_id" | tr ':' ' ' >"$DRV/remove_id" 2>/dev/null
	done
	NEW_IDS=
	if mod_loaded && ! rmmod "$MOD"; then
		diag "cleanup: rmmod $MOD failed"
	fi
	for _p in $GEN_PFS; do
		[ "$(numvfs "$_p")" -ne 0 ] && diag "cleanup: $_p still has $(numvfs "$_p") VFs"
	done
}

need_two() {
	if [ -z "$PF_B" ]; then
		skip "needs two generic SR-IOV PFs"
		return 1
	fi
	return 0
}

load_or_fail() {
	if ! mod_load "$@"; then
		fail "load $MOD $* failed: $MOD_OUT"
		return 1
	fi
	return 0
}

bind_or_fail() {
	if ! pf_bind_override "$1"; then
		fail "binding $1 to $MOD via driver_override failed (driver now '$(pci_driver "$1")') $WERR"
		return 1
	fi
	return 0
}

# ---------------------------------------------------------------- tests

test_single_value() {
	DESC="max_vfs=N applies N to every PF bound via driver_override"
	n=$(small 3 "$TOT_A")
	[ -n "$PF_B" ] && n=$(small "$n" "$TOT_B")
	dmesg_mark
	load_or_fail max_vfs="$n" || return 1
	# loading alone must not touch a PF that nobody bound
	check_eq "$PF_A numvfs before binding" 0 "$(numvfs "$PF_A")"
	bind_or_fail "$PF_A" || return 1
	check_vfs "$PF_A" "$n"
	[ "$(dmesg_count_grep "$PF_A" SR-IOV TotalVFs)" -ge 1 ] ||
		fail "no probe summary line with '$PF_A', 'SR-IOV' and 'TotalVFs'"
	if [ -n "$PF_B" ]; then
		bind_or_fail "$PF_B" && check_vfs "$PF_B" "$n"
	fi
	dmesg_check_clean
}

# Build a positional list: entry i = value for the i-th SR-IOV PF system-wide.
# pos_list LEN IDX1 VAL1 [IDX2 VAL2] ; other entries 0
pos_list() {
	_len=$1
	shift
	_i=0
	_l=
	while [ "$_i" -lt "$_len" ]; do
		_v=0
		[ "$_i" = "$1" ] && _v=$2
		[ "$#" -ge 4 ] && [ "$_i" = "$3" ] && _v=$4
		_l="$_l${_l:+,}$_v"
		_i=$((_i + 1))
	done
	echo "$_l"
}

test_list_form() {
	DESC="max_vfs=a,b,... applies by system-wide SR-IOV PF order"
	need_two || return "$KSFT_SKIP"
	ia=$(sriov_pf_index "$PF_A")
	ib=$(sriov_pf_index "$PF_B")
	na=$(small 2 "$TOT_A")
	nb=$(small 3 "$TOT_B")
	[ "$na" = "$nb" ] && nb=$((nb - 1))
	len=$((ib + 1))
	[ "$ia" -ge "$ib" ] && len=$((ia + 1))
	list=$(pos_list "$len" "$ia" "$na" "$ib" "$nb")
	diag "A=$PF_A index $ia, B=$PF_B index $ib: max_vfs=$list"
	load_or_fail max_vfs="$list" || return 1
	bind_or_fail "$PF_A" && check_vfs "$PF_A" "$na"
	bind_or_fail "$PF_B" && check_vfs "$PF_B" "$nb"
}

test_list_beyond() {
	DESC="max_vfs list: a PF beyond the end of the list gets 0 VFs"
	need_two || return "$KSFT_SKIP"
	ia=$(sriov_pf_index "$PF_A")
	ib=$(sriov_pf_index "$PF_B")
	# the list ends at the earlier of the two PFs
	if [ "$ia" -lt "$ib" ]; then
		first=$PF_A; second=$PF_B; idx=$ia; tot=$TOT_A
	else
		first=$PF_B; second=$PF_A; idx=$ib; tot=$TOT_B
	fi
	n=$(small 2 "$tot")
	list=$(pos_list $((idx + 1)) "$idx" "$n")
	diag "max_vfs=$list: $first gets $n, $second is beyond the list"
	load_or_fail max_vfs="$list" || return 1
	bind_or_fail "$first" && check_vfs "$first" "$n"
	bind_or_fail "$second" && check_vfs "$second" 0
}

test_address_form() {
	DESC="max_vfs=BDF=N: named PFs get N, unnamed PFs get 0"
	na=$(small 2 "$TOT_A")
	load_or_fail max_vfs="$PF_A=$na" || return 1
	bind_or_fail "$PF_A" && check_vfs "$PF_A" "$na"
	if [ -n "$PF_B" ]; then
		bind_or_fail "$PF_B" && check_vfs "$PF_B" 0
		generic_cleanup
		nb=$(small 3 "$TOT_B")
		diag "two entries: max_vfs=$PF_B=$nb,$PF_A=$na"
		load_or_fail max_vfs="$PF_B=$nb,$PF_A=$na" || return 1
		bind_or_fail "$PF_A" && check_vfs "$PF_A" "$na"
		bind_or_fail "$PF_B" && check_vfs "$PF_B" "$nb"
	fi
}

test_clamp() {
	DESC="max_vfs above TotalVFs is clamped with exactly one warning"
	req=200
	[ "$TOT_A" -ge "$req" ] && req=$((TOT_A + 1))
	dmesg_mark
	load_or_fail max_vfs="$PF_A=$req" || return 1
	bind_or_fail "$PF_A" || return 1
	check_vfs "$PF_A" "$TOT_A"
	c=$(dmesg_count_grep max_vfs "$PF_A" "$req" "$TOT_A")
	check_eq "warning lines naming max_vfs, $PF_A, $req and $TOT_A" 1 "$c"
	dmesg_since | grep -F "$PF_A" | grep -F max_vfs | sed 's/^/#   /'
	dmesg_check_clean
}

test_bad_params() {
	DESC="bad max_vfs / mac_policy values make modprobe fail with a message"
	for p in max_vfs=abc max_vfs=-1 max_vfs=4,,x max_vfs=0000:zz=3 max_vfs=5= \
		mac_policy=foo mac_policy=derivedx; do
		key=${p%%=*}
		dmesg_mark
		if mod_load "$p"; then
			fail "load with '$p' succeeded"
		fi
		if mod_loaded; then
			fail "module left loaded after '$p'"
			rmmod "$MOD"
		fi
		c=$(dmesg_count_grep "$MOD" "$key")
		[ "$c" -ge 1 ] || fail "no kernel message with '$MOD' and '$key' after '$p'"
		dmesg_check_clean "$p"
	done
	# a good value must still load after the bad ones
	load_or_fail max_vfs=0 mac_policy=derived
}

test_numvfs_sysfs() {
	DESC="sriov_numvfs N->0->M works, N->M is refused with EBUSY and keeps N"
	load_or_fail || return 1
	bind_or_fail "$PF_A" || return 1
	f=$PCI/devices/$PF_A/sriov_numvfs
	check_vfs "$PF_A" 0
	n=$(small 3 "$TOT_A")
	m=$(small 5 "$TOT_A")
	[ "$m" = "$n" ] && n=$((m - 1))
	[ "$n" -ge 1 ] || { skip "TotalVFs too small"; return "$KSFT_SKIP"; }
	sysfs_write "$f" "$n" || fail "echo $n > sriov_numvfs failed: $WERR"
	check_vfs "$PF_A" "$n"
	sysfs_write "$f" 0 || fail "echo 0 > sriov_numvfs failed: $WERR"
	check_vfs "$PF_A" 0
	sysfs_write "$f" "$m" || fail "echo $m > sriov_numvfs failed: $WERR"
	check_vfs "$PF_A" "$m"
	dmesg_mark
	if sysfs_write "$f" "$n"; then
		fail "echo $n > sriov_numvfs with $m enabled succeeded"
	else
		diag "N->M refused: $WERR"
		case $WERR in
		*"I/O error"* | *"write error"*) ;;
		*) echo "$WERR" | grep -qi busy || fail "N->M error is not EBUSY: $WERR" ;;
		esac
	fi
	check_vfs "$PF_A" "$m"
	dmesg_since | grep -F "$PF_A" | sed 's/^/#   /'
	c=$(dmesg_since | grep -F "$PF_A" | grep -ciE 'disable|through 0|to 0|write 0|first')
	[ "$c" -ge 1 ] || fail "no kernel message telling to go through 0 for $PF_A"
	# same value again is also a change of configuration the core refuses
	sysfs_write "$f" 0 || fail "echo 0 failed: $WERR"
	check_vfs "$PF_A" 0
	dmesg_check_clean
}

test_numvfs_range() {
	DESC="sriov_numvfs above TotalVFs or non-numeric is refused, state kept"
	load_or_fail || return 1
	bind_or_fail "$PF_A" || return 1
	f=$PCI/devices/$PF_A/sriov_numvfs
	n=$(small 2 "$TOT_A")
	sysfs_write "$f" "$n" || fail "echo $n failed: $WERR"
	sysfs_write "$f" 0 || fail "echo 0 failed: $WERR"
	if sysfs_write "$f" $((TOT_A + 1)); then
		fail "echo $((TOT_A + 1)) > sriov_numvfs (TotalVFs $TOT_A) succeeded"
	fi
	check_vfs "$PF_A" 0
	if sysfs_write "$f" abc; then
		fail "echo abc > sriov_numvfs succeeded"
	fi
	check_vfs "$PF_A" 0
	sysfs_write "$f" "$n" || fail "echo $n after refused writes failed: $WERR"
	check_vfs "$PF_A" "$n"
	if sysfs_write "$f" -1; then
		fail "echo -1 > sriov_numvfs succeeded"
	fi
	check_vfs "$PF_A" "$n"
}

test_rmmod_disables() {
	DESC="rmmod disables all VFs of every bound PF"
	n=$(small 3 "$TOT_A")
	[ -n "$PF_B" ] && n=$(small "$n" "$TOT_B")
	load_or_fail max_vfs="$n" || return 1
	bind_or_fail "$PF_A" && check_vfs "$PF_A" "$n"
	[ -n "$PF_B" ] && bind_or_fail "$PF_B" && check_vfs "$PF_B" "$n"
	dmesg_mark
	rmmod "$MOD" || fail "rmmod $MOD failed"
	mod_loaded && fail "$MOD still loaded"
	for p in $GEN_PFS; do
		check_vfs "$p" 0
		check_eq "$p driver after rmmod" "" "$(pci_driver "$p")"
	done
	[ -e "$DBG" ] && fail "$DBG still exists after rmmod"
	dmesg_check_clean
}

test_assigned_vfs() {
	DESC="VFs assigned to a guest stay enabled (echo 0, rmmod) and are taken over on rebind"
	if ! assign_available; then
		skip "no $ASSIGN_MOD fixture (selftests test_modules/, or SRIOV_PF_TEST_ASSIGN=path.ko)"
		return "$KSFT_SKIP"
	fi
	n=$(small 3 "$TOT_A")
	load_or_fail max_vfs="$n" || return 1
	bind_or_fail "$PF_A" || return 1
	check_vfs "$PF_A" "$n" || return 1
	vf=$(vf_bdf "$PF_A" 0)
	f=$PCI/devices/$PF_A/sriov_numvfs
	dmesg_mark
	if ! assign_vfs "$vf"; then
		fail "marking $vf as assigned failed: $MOD_OUT"
		return 1
	fi

	# sysfs: refused with EBUSY and a message, nothing torn down
	if sysfs_write "$f" 0; then
		fail "echo 0 > sriov_numvfs succeeded with $vf assigned"
	else
		diag "echo 0 refused: $WERR"
		echo "$WERR" | grep -qi busy || fail "echo 0 error is not EBUSY: $WERR"
	fi
	check_vfs "$PF_A" "$n"
	c=$(dmesg_count_grep "$PF_A" assigned)
	[ "$c" -ge 1 ] || fail "no kernel message naming $PF_A and 'assigned'"

	# rmmod: the VFs stay, the PF is unbound
	rmmod "$MOD" || fail "rmmod $MOD with an assigned VF failed"
	check_eq "$PF_A driver after rmmod" "" "$(pci_driver "$PF_A")"
	check_eq "$PF_A VFs after rmmod with $vf assigned" "$n" "$(count_virtfn "$PF_A")"
	check_eq "$vf still present" yes "$([ -e "$PCI/devices/$vf" ] && echo yes || echo no)"
	dmesg_since | grep -F "$PF_A" | grep -F assigned | sed 's/^/#   /'

	# binding again takes the VFs over; max_vfs does not apply to them
	load_or_fail max_vfs=1 || return 1
	bind_or_fail "$PF_A" || return 1
	check_vfs "$PF_A" "$n"
	c=$(dmesg_count_grep "$PF_A" took over)
	check_eq "'took over' lines for $PF_A" 1 "$c"
	if [ -d "$DBG/$PF_A" ]; then
		check_eq "debugfs num_vfs after take-over" "$n" "$(CAP_PF=$PF_A cap_get num_vfs)"
	fi
	if sysfs_write "$f" 0; then
		fail "echo 0 > sriov_numvfs succeeded after take-over with $vf assigned"
	fi
	check_vfs "$PF_A" "$n"

	# the guest lets go: now the VFs can be disabled, and enabled again
	assign_release
	assign_loaded && return 1
	sysfs_write "$f" 0 || fail "echo 0 after the VF was released failed: $WERR"
	check_vfs "$PF_A" 0
	sysfs_write "$f" "$n" || fail "echo $n after take-over failed: $WERR"
	check_vfs "$PF_A" "$n"
	dmesg_check_clean
}

test_bind_override() {
	DESC="bind/unbind through driver_override, VFs follow the binding"
	n=$(small 2 "$TOT_A")
	load_or_fail max_vfs="$n" || return 1
	i=0
	while [ "$i" -lt 3 ]; do
		bind_or_fail "$PF_A" || return 1
		check_vfs "$PF_A" "$n"
		sysfs_write "$DRV/unbind" "$PF_A" || fail "unbind failed: $WERR"
		check_eq "driver after unbind" "" "$(pci_driver "$PF_A")"
		check_vfs "$PF_A" 0
		clear_override "$PF_A"
		o=$(cat "$PCI/devices/$PF_A/driver_override")
		case $o in "" | "(null)") ;; *) fail "driver_override not cleared: '$o'" ;; esac
		i=$((i + 1))
	done
	# without override and without a matching ID, drivers_probe must not bind us
	sysfs_write "$PCI/drivers_probe" "$PF_A"
	check_eq "driver after drivers_probe without override" "" "$(pci_driver "$PF_A")"
}

test_bind_new_id() {
	DESC="bind through new_id applies max_vfs; remove_id + unbind releases"
	id=$(pci_id "$PF_A")
	ven=${id%%:*}
	dev=${id##*:}
	# new_id binds every unbound device with that ID: only if all are ours
	for d in "$PCI"/devices/*; do
		[ "$(cat "$d/vendor"):$(cat "$d/device")" = "$id" ] || continue
		b=${d##*/}
		case " $(echo "$GEN_PFS" | tr '\n' ' ') " in
		*" $b "*) ;;
		*)
			if [ -z "$(pci_driver "$b")" ]; then
				skip "device $b with ID $id is not a test PF"
				return "$KSFT_SKIP"
			fi
			;;
		esac
	done
	n=$(small 2 "$TOT_A")
	load_or_fail max_vfs="$n" || return 1
	pf_save "$PF_A"
	NEW_IDS="$NEW_IDS ${ven#0x}:${dev#0x}"
	if ! sysfs_write "$DRV/new_id" "${ven#0x} ${dev#0x}"; then
		fail "new_id '${ven#0x} ${dev#0x}' failed: $WERR"
		case $WERR in
		*"nvalid argument"*)
			diag "hint: the PCI core refuses new_id (driver_data 0) with EINVAL unless an id_table entry has driver_data 0"
			;;
		esac
		NEW_IDS=
		return 1
	fi
	wait_until 5 is_bound_to "$PF_A" "$MOD"
	check_eq "$PF_A driver after new_id" "$MOD" "$(pci_driver "$PF_A")"
	check_vfs "$PF_A" "$n"
	sysfs_write "$DRV/remove_id" "${ven#0x} ${dev#0x}" || fail "remove_id failed: $WERR"
	NEW_IDS=
	for p in $GEN_PFS; do
		[ "$(pci_driver "$p")" = "$MOD" ] && sysfs_write "$DRV/unbind" "$p"
		check_vfs "$p" 0
	done
	sysfs_write "$PCI/drivers_probe" "$PF_A"
	check_eq "$PF_A driver after remove_id + drivers_probe" "" "$(pci_driver "$PF_A")"
}

# An unbound endpoint without SR-IOV that is not a bridge or a VF.
find_non_sriov() {
	for d in "$PCI"/devices/*; do
		[ -e "$d/sriov_totalvfs" ] && continue
		[ -e "$d/physfn" ] && continue
		[ -e "$d/driver" ] && continue
		[ -e "$d/driver_override" ] || continue
		case $(cat "$d/class") in
		0x06*) continue ;; # bridges
		0x03*) continue ;; # display: leave consoles alone
		esac
		echo "${d##*/}"
		return 0
	done
	return 1
}

test_refuse_non_sriov() {
	DESC="probe refuses a device without SR-IOV capability with a message"
	b=$(find_non_sriov)
	if [ -z "$b" ]; then
		skip "no unbound non-SR-IOV endpoint to try"
		return "$KSFT_SKIP"
	fi
	diag "trying $b ($(pci_id "$b") class $(cat "$PCI/devices/$b/class"))"
	load_or_fail || return 1
	pf_save "$b"
	dmesg_mark
	set_override "$b" "$MOD"
	sysfs_write "$PCI/drivers_probe" "$b"
	drv=$(pci_driver "$b")
	if [ "$drv" = "$MOD" ]; then
		fail "$MOD bound $b which has no SR-IOV capability"
		sysfs_write "$DRV/unbind" "$b"
	fi
	clear_override "$b"
	c=$(dmesg_count_grep "$b" "SR-IOV")
	[ "$c" -ge 1 ] || fail "no kernel message naming $b and 'SR-IOV'"
	dmesg_since | grep -F "$b" | sed 's/^/#   /'
	dmesg_check_clean
}

meminfo() { awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo; }

# Free pages parked on the per-CPU page lists (kB): MemAvailable does not
# count them, and on 6.x they grow and shrink by megabytes with load.
pcp_kb() { awk '$1 == "count:" { s += $2 } END { print s * 4 }' /proc/zoneinfo; }

mem_snapshot() {
	sync
	echo 3 >/proc/sys/vm/drop_caches 2>/dev/null
	sleep 1
	SLAB=$(meminfo Slab)
	AVAIL=$(($(meminfo MemAvailable) + $(pcp_kb)))
}

# mem_check WHAT : Slab growth < 2 MiB, drop of MemAvailable plus per-CPU
# free pages < 8 MiB; measured once more after a pause (deferred frees)
# before it counts as a leak.
mem_check() {
	s0=$SLAB
	a0=$AVAIL
	mem_snapshot
	if [ $((SLAB - s0)) -ge 2048 ] || [ $((a0 - AVAIL)) -ge 8192 ]; then
		diag "$1: Slab ${s0} -> ${SLAB} kB, available ${a0} -> ${AVAIL} kB; measuring again"
		sleep 3
		mem_snapshot
	fi
	diag "$1: Slab ${s0} -> ${SLAB} kB, MemAvailable + per-CPU free ${a0} -> ${AVAIL} kB"
	[ $((SLAB - s0)) -lt 2048 ] || fail "$1: Slab grew by $((SLAB - s0)) kB"
	[ $((a0 - AVAIL)) -lt 8192 ] || fail "$1: available memory dropped by $((a0 - AVAIL)) kB"
	if [ -w "$DBG_ROOT/kmemleak" ]; then
		echo scan >"$DBG_ROOT/kmemleak"
		grep -q "$MOD" "$DBG_ROOT/kmemleak" && fail "$1: kmemleak reports $MOD objects"
	fi
}

test_load_cycles() {
	DESC="$CYCLES load/bind/unload cycles with VFs: no leak, no warning"
	n=$(small 8 "$TOT_A")
	# warm up caches once
	load_or_fail max_vfs="$n" && bind_or_fail "$PF_A"
	generic_cleanup
	mem_snapshot
	dmesg_mark
	i=0
	while [ "$i" -lt "$CYCLES" ]; do
		if ! mod_load max_vfs="$n"; then
			fail "cycle $i: load failed: $MOD_OUT"
			break
		fi
		if ! pf_bind_override "$PF_A" || [ "$(numvfs "$PF_A")" != "$n" ]; then
			fail "cycle $i: bind/VFs wrong (driver '$(pci_driver "$PF_A")', numvfs $(numvfs "$PF_A"))"
			break
		fi
		if ! rmmod "$MOD"; then
			fail "cycle $i: rmmod failed"
			break
		fi
		if [ "$(count_virtfn "$PF_A")" != 0 ]; then
			fail "cycle $i: VFs left after rmmod"
			break
		fi
		clear_override "$PF_A"
		i=$((i + 1))
	done
	mem_check "after $i load cycles"
	dmesg_check_clean
}

test_numvfs_cycles() {
	DESC="$CYCLES sriov_numvfs N->0 cycles: no leak, no warning"
	n=$(small 8 "$TOT_A")
	load_or_fail || return 1
	bind_or_fail "$PF_A" || return 1
	f=$PCI/devices/$PF_A/sriov_numvfs
	sysfs_write "$f" "$n"
	sysfs_write "$f" 0
	mem_snapshot
	dmesg_mark
	i=0
	while [ "$i" -lt "$CYCLES" ]; do
		if ! sysfs_write "$f" "$n" || [ "$(count_virtfn "$PF_A")" != "$n" ]; then
			fail "cycle $i: enabling $n VFs failed: $WERR"
			break
		fi
		if ! sysfs_write "$f" 0 || [ "$(count_virtfn "$PF_A")" != 0 ]; then
			fail "cycle $i: disabling VFs failed: $WERR"
			break
		fi
		i=$((i + 1))
	done
	mem_check "after $i numvfs cycles"
	dmesg_check_clean
	rmmod "$MOD" || fail "rmmod after cycles failed"
}

run_tests "$ALL_TESTS"
exit $?
