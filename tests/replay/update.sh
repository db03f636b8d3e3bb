#!/bin/sh
# update.sh BUILDDIR: regenerate the expected order events of tests/replay from a reviewed build.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
ctl=$(cd "${1:?usage: update.sh BUILDDIR}" && pwd)/monitor/ontwatchctl
grep -v '^#' "$here/TESTLIST" | while read -r name readings customers config _; do
	[ -n "$name" ] || continue
	set -- --readings "$here/$readings"
	[ "$customers" = "-" ] || set -- "$@" --customers "$here/$customers"
	[ "$config" = "-" ] || set -- "$@" -f "$here/$config"
	(cd "$here" && "$ctl" replay "$@" --orders "$name.jsonl")
	echo "$name: $(wc -l < "$here/$name.jsonl") events"
done
