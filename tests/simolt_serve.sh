#!/bin/sh
# simolt_serve.sh: simulated OLTs for the demo. Generates a Huawei and a ZTE OLT with
# tests/simolt.py (healthy, degraded and offline ONTs), serves them with snmpsim on
# 127.0.0.1:PORT and writes DIR/olts.conf, an `olts = ( ... );` setting for ontwatch
# (libconfig: @include it). Prints the snmpsimd PID; stop it with `kill PID`.
#
#   tests/simolt_serve.sh DIR [PORT] [SLOTSxPORTSxONTS]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mkdir -p "${1:?usage: simolt_serve.sh DIR [PORT] [SLOTSxPORTSxONTS]}" && cd "$1" && pwd)
port=${2:-16161}
shape=${3:-2x4x32}
slots=${shape%%x*}
rest=${shape#*x}
ports=${rest%%x*}
onts=${rest#*x}

mkdir -p "$dir/data" "$dir/cache"
python3 "$top/tests/simolt.py" --vendor huawei --slots "$slots" --ports "$ports" \
	--onts "$onts" --seed 1 --name sim-huawei --out "$dir/data/sim-huawei.snmprec"
python3 "$top/tests/simolt.py" --vendor zte --slots "$slots" --ports "$ports" \
	--onts "$onts" --seed 2 --name sim-zte --out "$dir/data/sim-zte.snmprec"
user=""
if [ "$(id -u)" -eq 0 ]; then
	# snmpsimd will not run as root.
	user="--process-user=nobody --process-group=nogroup"
	chmod -R a+rX "$dir"
	chmod 777 "$dir/cache"
fi
# shellcheck disable=SC2086
snmpsimd --data-dir="$dir/data" --agent-udpv4-endpoint="127.0.0.1:$port" \
	--cache-dir="$dir/cache" $user --logging-method=null >"$dir/snmpsimd.log" 2>&1 &
pid=$!
cat >"$dir/olts.conf" <<CONF
# Written by tests/simolt_serve.sh: simulated OLTs served by snmpsim (pid $pid).
olts = (
  { name = "sim-huawei"; address = "127.0.0.1"; port = $port; vendor = "huawei";
    pon_class = "gpon-b+"; snmp = { version = "2c"; community = "sim-huawei"; }; },
  { name = "sim-zte"; address = "127.0.0.1"; port = $port; vendor = "zte";
    pon_class = "gpon-b+"; snmp = { version = "2c"; community = "sim-zte"; }; }
);
CONF
for _ in $(seq 1 100); do
	if snmpgetnext -v2c -c sim-huawei -t 1 -r 0 "127.0.0.1:$port" 1.3.6 >/dev/null 2>&1; then
		echo "$pid"
		exit 0
	fi
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.2
done
echo "simolt_serve: snmpsimd did not answer on 127.0.0.1:$port (see $dir/snmpsimd.log)" >&2
kill "$pid" 2>/dev/null || true
exit 1
