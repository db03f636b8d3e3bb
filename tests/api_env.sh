# tests/api_env.sh: a running ontwatchd with its HTTP API for operator-interface tests
# (sourced after tap.sh). One simulated Huawei OLT (tests/simolt.py, 2 PON ports x 8 ONTs,
# degraded and offline ONTs among them) served by snmpsim on 127.0.0.1, 95 hours of reading
# history imported into the store first (tests/api_history.py) with two ONTs falling, so the
# daemon starts with baselines and trends, and the API on 127.0.0.1 with a read and a write
# token. Sets: HPORT API_URL READ_TOKEN WRITE_TOKEN DB CONF DPID SIM_EXPECT RISK1 RISK2
# (RISK1 falls fastest: the soonest impact; RISK2 falls slower). Functions:
#   api_get PATH [TOKEN]; api_post PATH BODY [TOKEN]; api_delete PATH [TOKEN]
# print the body; the HTTP status is in $TMPD/status. api_wait_polled waits for a poll.
# API_SCHEME=https and API_CURL_OPTS (e.g. --cacert FILE) serve tests of TLS.
# Extra configuration may be given in API_ENV_EXTRA (top level) and API_HTTP_EXTRA (inside
# the http group) before sourcing.
command -v snmpsimd >/dev/null 2>&1 || skip_all "snmpsimd not installed"
command -v curl >/dev/null 2>&1 || skip_all "curl not installed"
. "$top_srcdir/tests/snmp_sim.sh"

READ_TOKEN="read-token-0123456789abcdef"
WRITE_TOKEN="write-token-0123456789abcdef"
DB="$TMPD/ow.db"
CONF="$TMPD/ow.conf"

api_call() { # METHOD PATH BODY TOKEN
	# shellcheck disable=SC2086
	curl -s -m 20 ${API_CURL_OPTS:-} -o "$TMPD/body" -w '%{http_code}' -X "$1" \
		-H 'Content-Type: application/json' -H "Authorization: Bearer $4" \
		${3:+--data-binary "$3"} "$API_URL$2" >"$TMPD/status"
	cat "$TMPD/body"
}
api_get() { api_call GET "$1" "" "${2:-$READ_TOKEN}"; }
api_post() { api_call POST "$1" "$2" "${3:-$WRITE_TOKEN}"; }
api_delete() { api_call DELETE "$1" "" "${2:-$WRITE_TOKEN}"; }
api_status() { cat "$TMPD/status"; }
api_wait() { # SECONDS CMD...: until CMD succeeds
	_t=$1
	shift
	for _ in $(seq 1 $((_t * 10))); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}
api_bail() { not_ok "$*"; tap_done; exit 1; }
api_polled() { api_get /api/v1/olts | grep -q '"health":"ok"'; }
api_wait_polled() { api_wait 30 api_polled; }

mkdir -p "$TMPD/simdata"
python3 "$top_srcdir/tests/simolt.py" --vendor huawei --slots 1 --ports 2 --onts 8 \
	--degraded 0.25 --offline 0.1 --seed 7 --name olt-a --out "$TMPD/simdata/olt-a.snmprec" \
	--expect "$TMPD/olt-a.expect"
SIM_EXPECT="$TMPD/olt-a.expect"
# the two falling ONTs: healthy-looking now (Rx -24 .. -19 dBm)
set -- $(awk '/^ONT / && / status=online / { for (i = 2; i <= NF; i++) { split($i, kv, "=");
	f[kv[1]] = kv[2] } if (f["rx"] > -24 && f["rx"] < -19) print f["serial"] }' "$SIM_EXPECT")
RISK1=$1
RISK2=$2
SPORT=$(free_port)
HPORT=$(free_port)
API_URL="${API_SCHEME:-http}://127.0.0.1:$HPORT"
sim_start "$TMPD/simdata" "$SPORT" olt-a || api_bail "snmpsimd did not start"
cat >"$CONF" <<CONF
vendor_dir = "$(cd "$top_srcdir" && pwd)/conf/vendors";
store = { path = "$DB"; };
poll = { interval = 2; timeout = 1.0; retries = 1; };
olts = ( { name = "olt-a"; address = "127.0.0.1"; port = $SPORT; vendor = "huawei";
           pon_class = "gpon-b+"; snmp = { version = "2c"; community = "olt-a"; }; } );
outputs = ( { name = "file"; type = "file"; path = "$TMPD/orders.jsonl"; } );
http = { enabled = true; listen = "127.0.0.1"; port = $HPORT;
         tokens = ( { name = "noc"; token = "$READ_TOKEN"; role = "read"; },
                    { name = "tester"; token = "$WRITE_TOKEN"; role = "write"; } );
         ${API_HTTP_EXTRA:-} };
${API_ENV_EXTRA:-}
CONF
python3 "$top_srcdir/tests/api_history.py" --expect "$SIM_EXPECT" --now "$(date +%s)" \
	--decline "$RISK1:2.0" --decline "$RISK2:1.0" >"$TMPD/history.csv"
"$top_builddir/monitor/ontwatchctl" store-import -f "$CONF" "$TMPD/history.csv" >"$TMPD/import.log" 2>&1 ||
	{ sed 's/^/# /' "$TMPD/import.log"; api_bail "history import failed"; }
"$top_builddir/monitor/ontwatchd" -f "$CONF" >"$TMPD/d.log" 2>&1 &
DPID=$!
track_pid $DPID
api_wait 15 sh -c "curl -s ${API_CURL_OPTS:-} -o /dev/null '$API_URL/api/v1/status'" || {
	sed 's/^/# /' "$TMPD/d.log" | tail -20
	api_bail "the daemon's API did not come up"
}
