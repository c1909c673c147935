#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# doc-links.sh - every file a document of this repository links to exists.
# KTAP, one result per document (README.md and every .md/.rst under
# Documentation/, tools/ and packaging/).  A link is:
#   - a Markdown link target [text](path), relative to the document;
#   - an reST link target `text <path>`_, relative to the document;
#   - a path to a document (.rst or .md) anywhere in the text, relative to
#     the repository root (how the documents name each other).
# URLs and #anchors are not links to files.  Run from anywhere.
set -u

top=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$top" || exit 1

docs=$( { echo README.md; find Documentation tools packaging -name '*.md' -o -name '*.rst'; } |
	sort -u)

# targets DOC: "rel<TAB>path" (rel = relative to the document) or
# "top<TAB>path" (relative to the repository root)
targets() {
	grep -oE '\]\([^)#[:space:]]+' "$1" | sed 's/^](/rel\t/'
	grep -oE '<[^>[:space:]]+>`_' "$1" | sed 's/^<\(.*\)>`_$/rel\t\1/'
	grep -oE '[A-Za-z0-9_./-]+\.(rst|md)\b' "$1" | grep '/' | sed 's/^/top\t/'
}

echo "TAP version 13"
echo "1..$(echo "$docs" | wc -w)"
n=0 rc=0
for d in $docs; do
	n=$((n + 1))
	bad=
	while IFS=$'\t' read -r kind p; do
		[ -n "$p" ] || continue
		case "$p" in *://* | mailto:*) continue ;; esac
		if [ "$kind" = rel ]; then
			f=$(dirname "$d")/$p
		else
			f=$p
		fi
		[ -e "$f" ] || bad="$bad $p"
	done < <(targets "$d")
	if [ -n "$bad" ]; then
		for p in $bad; do echo "# $d: no such file: $p"; done
		echo "not ok $n links in $d"
		rc=1
	else
		echo "ok $n links in $d"
	fi
done
exit $rc
