#!/bin/sh
# demo.sh BUILDDIR: the README's main job on built-in defaults (conf/demo.conf): check the
# configuration, run the daemon, and show what it stored. State goes to var/demo/.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: demo.sh BUILDDIR}" && pwd)
conf="$top/conf/demo.conf"
mkdir -p "$top/var/demo"

"$build/monitor/ontwatchctl" check-config "$conf"
"$build/monitor/ontwatchd" -f "$conf" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
sleep "${DEMO_SECONDS:-3}"
kill -TERM $pid
wait $pid
trap - EXIT
"$build/monitor/ontwatchctl" store-info -f "$conf"
echo "demo: state in $top/var/demo"
