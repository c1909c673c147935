#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# regs-check.sh - compare every SPF_82576_* register offset and bit with its
# counterpart in in-tree igb's headers.
#
# Usage: regs-check.sh SRCDIR [SPFDIR]
#   SRCDIR  a Linux source tree, or any directory holding
#           drivers/net/ethernet/intel/igb/*.h (or those headers themselves)
#   SPFDIR  the sriov_pf tree to check (default: the one holding this script)
#
# igb-regs.map, beside this script, gives each SPF_82576_ constant of
# hw_82576_regs.h and mbx_82576.h an igb expression, or "-" and the reason
# igb has none.  One C program, compiled with the host's gcc, holds the
# #define lines of both sides (comments stripped, #include lines dropped,
# the kernel macros they use given as shims) and prints one KTAP result
# per comparison, one per argument of a function-like macro; a "-" line is
# a SKIP.  Two more results: every SPF_82576_ constant is in the map (a new
# one must be classified), and every map line is well-formed and names one.
# Exit status 1 on any failure.
set -u -o pipefail

die() { echo "regs-check: $*" >&2; exit 2; }

if [ $# -lt 1 ] || [ $# -gt 2 ]; then die "usage: $0 SRCDIR [SPFDIR]"; fi
here=$(cd "$(dirname "$0")" && pwd)
spf=${2:-$(cd "$here/../../.." && pwd)}
map=$spf/tools/testing/hw/igb-regs.map
hdir=$spf/drivers/net/ethernet/sriov_pf
spf_hdrs=("$hdir/hw_82576_regs.h" "$hdir/mbx_82576.h")
igb=$1/drivers/net/ethernet/intel/igb
[ -f "$igb/e1000_regs.h" ] || igb=$1
[ -f "$igb/e1000_regs.h" ] || die "no igb headers under $1"
[ -f "$map" ] || die "no $map"
command -v gcc >/dev/null || die "no gcc"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# directives FILE: its preprocessor lines without comments or #include
directives() {
	echo "/* from ${1#"$spf"/} */"
	gcc -fpreprocessed -dD -E -P -x c "$1" 2>/dev/null |
		awk 'c || /^[ \t]*#/ {
			if (!c && /^[ \t]*#[ \t]*include/) next
			print; c = /\\$/ }'
}

# the SPF_82576_ macros of the sriov_pf headers; "name(" when function-like
spf_names() {
	sed -nE 's/^#[[:space:]]*define[[:space:]]+(SPF_82576_[A-Za-z0-9_]+)(\(?).*/\1\2/p' \
		"${spf_hdrs[@]}" | sort -u
}
spf_names > "$tmp/names"

{
	cat <<'EOF'
#include <stdint.h>
#include <stdio.h>

/* the kernel macros the headers use */
#define BIT(n)			(1ULL << (n))
#define GENMASK(h, l)		((~0ULL << (l)) & (~0ULL >> (63 - (h))))
#define FIELD_GET(m, v)		((((unsigned long long)(v)) & (m)) / ((m) & -(m)))

static int bad;

static void res(const char *desc, unsigned long long s, unsigned long long i,
		const char *todo)
{
	uint32_t a = s, b = i;

	if (a == b && !todo) {
		printf("ok %s (0x%x)\n", desc, a);
		return;
	}
	if (a == b) {
		printf("# equal, but the map marks them as differing: drop its \"!\"\n");
		printf("not ok %s (0x%x)\n", desc, a);
		bad = 1;
		return;
	}
	printf("# sriov_pf 0x%x, igb 0x%x\n", a, b);
	if (todo) {
		printf("not ok %s # TODO %s\n", desc, todo);
		return;
	}
	printf("not ok %s\n", desc);
	bad = 1;
}

static void miss(const char *desc, const char *name)
{
	printf("not ok %s # %s is not defined\n", desc, name);
	bad = 1;
}
EOF
	for f in "$igb"/*.h; do directives "$f"; done
	for f in "${spf_hdrs[@]}"; do directives "$f"; done
	echo 'int main(void) {'
	# the map, one block per comparison; "malformed" lines are counted
	# by the shell below
	sed 's/\r$//' "$map" | awk -v names="$tmp/names" '
		function cstr(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return "\"" s "\"" }
		# the identifiers of e (not numbers, shims or n)
		function ids(e,   out, t, k, c) {
			gsub(/[^A-Za-z0-9_]+/, " ", e)
			out = ""
			c = split(e, t, " ")
			for (k = 1; k <= c; k++)
				if (t[k] !~ /^([0-9].*|BIT|GENMASK|FIELD_GET|n)$/)
					out = out " " t[k]
			return out
		}
		# e with the identifier n replaced by v
		function subst(e, v,   out, tok) {
			out = ""
			while (match(e, /[A-Za-z0-9_]+/)) {
				tok = substr(e, RSTART, RLENGTH)
				out = out substr(e, 1, RSTART - 1) (tok == "n" ? v : tok)
				e = substr(e, RSTART + RLENGTH)
			}
			return out e
		}
		function block(desc, sexpr, iexpr, id, note,   t, k, first, c) {
			c = split(id, t, " ")
			first = 1
			for (k = 1; k <= c; k++) {
				printf "%s !defined(%s)\n", first ? "#if" : "#elif", t[k]
				printf "\tmiss(%s, \"%s\");\n", cstr(desc), t[k]
				first = 0
			}
			print (first ? "#if 1" : "#else")
			printf "\tres(%s, (unsigned long long)(%s), (unsigned long long)(%s), %s);\n",
				cstr(desc), sexpr, iexpr, note == "" ? "NULL" : cstr(note)
			print "#endif"
		}
		BEGIN { while ((getline l < names) > 0) { fn[l] = 1 } }
		/^[ \t]*(#|$)/ { next }
		{
			name = $1; expr = $2
			if (expr == "-") {
				reason = $0
				sub(/^[ \t]*[^ \t]+[ \t]+-[ \t]*/, "", reason)
				printf "\tputs(%s);\n", cstr("ok " name " # SKIP " reason)
				next
			}
			todo = ""
			if (substr(expr, 1, 1) == "!") {
				expr = substr(expr, 2)
				todo = $0
				if (!sub(/^[^#]*#[ \t]*/, "", todo)) todo = "known difference"
			}
			args = ""
			if ($3 ~ /^n=/) args = substr($3, 3)
			if (!(name in fn) && !((name "(") in fn))
				next	# stale: counted by the shell
			if ((name "(") in fn) {
				c = split(args, a, ",")
				for (j = 1; j <= c; j++) {
					ie = subst(expr, a[j])
					block(name "(" a[j] ") == " ie, name "(" a[j] ")", ie,
						ids(ie), todo)
				}
			} else {
				block(name " == " expr, name, expr, ids(expr), todo)
			}
		}'
	echo '	return bad;'
	echo '}'
} > "$tmp/regs.c" || die "cannot generate the comparison program"

# Map lines: well-formed, naming an existing constant, n= exactly for the
# function-like ones; and every constant classified.
malformed=$(sed 's/\r$//' "$map" | awk -v names="$tmp/names" '
	BEGIN { while ((getline l < names) > 0) { fn[l] = 1 } }
	/^[ \t]*(#|$)/ { next }
	{
		name = $1; expr = $2; where = "line " NR ": "
		isfn = (name "(") in fn
		if (!(name in fn) && !isfn) { print where name " is not a SPF_82576_ constant"; next }
		if (expr == "") { print where name ": no igb expression"; next }
		if (expr == "-") {
			if (NF < 3) print where name ": \"-\" without a reason"
			next
		}
		if (isfn && $3 !~ /^n=[0-9]+(,[0-9]+)*$/)
			print where name " is function-like: needs n=A,B,..."
		if (!isfn && $3 ~ /^n=/)
			print where name " takes no argument: drop " $3
		if ($3 != "" && $3 !~ /^n=/ && $3 !~ /^#/)
			print where name ": junk after the igb expression (no spaces in it): " $3
	}')
unmapped=$(sed 's/($//' "$tmp/names" | while read -r n; do
	awk -v n="$n" '$1 == n { f = 1 } END { exit !f }' "$map" || echo "$n"
done)

results=$tmp/results
rc=0
if ! gcc -std=gnu11 -O0 -o "$tmp/regs" "$tmp/regs.c" > "$tmp/cc.log" 2>&1; then
	sed 's/^/# /' "$tmp/cc.log" | head -n 60 > "$results"
	echo "not ok the comparison program compiles" >> "$results"
	rc=1
else
	# a macro defined twice differently in igb is worth a look
	sed 's/^/# gcc: /' "$tmp/cc.log" | head -n 20 > "$results"
	"$tmp/regs" >> "$results" || rc=1
fi
{
	if [ -n "$unmapped" ]; then
		printf '%s\n' "$unmapped" |
			sed 's/^/# not in igb-regs.map (add it, with its igb name or "-" and why): /'
		echo "not ok every SPF_82576_ constant is in igb-regs.map"
		rc=1
	else
		echo "ok every SPF_82576_ constant is in igb-regs.map ($(wc -l < "$tmp/names"))"
	fi
	if [ -n "$malformed" ]; then
		printf '%s\n' "$malformed" | sed 's/^/# /'
		echo "not ok igb-regs.map is well-formed and names only SPF_82576_ constants"
		rc=1
	else
		echo "ok igb-regs.map is well-formed and names only SPF_82576_ constants"
	fi
} >> "$results"

echo "TAP version 13"
echo "# igb headers: $igb"
echo "1..$(grep -cE '^(not )?ok ' "$results")"
awk '/^(not )?ok / { n++; sub(/ok /, "ok " n " ") } { print }' "$results"
exit $rc
