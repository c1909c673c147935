# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# log-patterns.sh - kernel log patterns, sourced by check.sh (through
# lib.sh) on the host and by init.sh in the guest (/harness/).
#
# BAD_RE: the lines of a splat.  STARVE_RE: the detectors host starvation
# sets off under TCG (RCU stalls, soft lockups, hung tasks, the
# clocksource watchdog); README.md "Starved guests".
BAD_RE='WARNING:|BUG:|Oops|Call Trace|KASAN|kernel BUG'
STARVE_RE='rcu.*(self-detected stall|detected stalls)|soft lockup|blocked for more than [0-9]+ seconds|clocksource\.c|clocksource.*(watchdog|unstable|skew)'
