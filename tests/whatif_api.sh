#!/bin/sh
# whatif_api: POST /api/v1/whatif against a running daemon whose store holds 95 hours of
# history (tests/api_env.sh). A candidate profile that warns above the healthy ONTs' levels
# orders them where the profiles in force do not; bad requests start no job; a read token
# cannot start one; and the job, run in its own process, leaves the live orders alone.
. "$top_srcdir/tests/tap.sh"
command -v sqlite3 >/dev/null 2>&1 || skip_all "sqlite3 not installed"
. "$top_srcdir/tests/api_env.sh"

# the last answer as `j` in a python3 expression: jget prints it, jtrue tests it
jget() { python3 -c "import json; j = json.load(open('$TMPD/body')); print($1)"; }
jtrue() { python3 -c "import json,sys; j = json.load(open('$TMPD/body')); sys.exit(0 if ($1) else 1)"; }
orders() { sqlite3 "$DB" "SELECT count(*) FROM work_order"; }
events() { sqlite3 "$DB" "SELECT count(*) FROM order_event"; }
job_over() { api_get "/api/v1/whatif/$1" | grep -q '"state":"running"' && return 1; return 0; }

api_wait_polled || api_bail "the OLT was not polled"

# the healthy ONTs: online, Rx well inside the default warning level, not falling
HEALTHY=$(awk -v r1="$RISK1" -v r2="$RISK2" '/^ONT / && / status=online / {
	for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
	if (f["rx"] > -23 && f["serial"] != r1 && f["serial"] != r2) print f["serial"] }' "$SIM_EXPECT")
TOP=$(awk '/^ONT / && / status=online / { for (i = 2; i <= NF; i++) { split($i, kv, "=");
	if (kv[1] == "rx" && (m == "" || kv[2] > m)) m = kv[2] } } END { print m }' "$SIM_EXPECT")
H=$(echo "$HEALTHY" | head -1)
diag "healthy: $(echo $HEALTHY | wc -w) ONTs, best Rx $TOP dBm; checking $H"
[ -n "$H" ] || api_bail "no healthy ONT in the simulation"
WARN=$(python3 -c "print(round($TOP + 1.0, 1))")

# --- refused requests start nothing -------------------------------------------------------
bad() { # NAME STATUS BODY [TOKEN]
	api_post /api/v1/whatif "$3" ${4:+"$4"} >/dev/null
	check "$1 -> $2" test "$(api_status)" = "$2"
}
bad "malformed JSON" 400 '{"profile": {'
bad "unknown threshold setting" 400 '{"profile": {"rx_low_wrn": -20}}'
check "the error names the setting" grep -q 'profile.rx_low_wrn: unknown threshold setting' "$TMPD/body"
bad "a count that is not an integer" 400 '{"profile": {"hits": 1.5}}'
bad "a setting whose name is cut inside a character in the error" 400 \
	"{\"profile\": {\"$(printf '%059d' 0)\\u00e9\": 1}}"
check "... and the daemon is still running" kill -0 "$DPID" 2>/dev/null
bad "from after to" 400 '{"from": "2026-11-20T00:00:00Z", "to": "2026-11-19T00:00:00Z", "profile": {}}'
bad "port without olt" 400 '{"port": "0/1/0", "profile": {}}'
bad "an unknown member" 400 '{"profile": {}, "serial": "X"}'
bad "an unknown serial" 404 '{"serials": ["NOPE12345678"], "profile": {}}'
bad "an unknown OLT" 404 '{"olt": "olt-zz", "profile": {}}'
bad "a read token" 403 '{"profile": {}}' "$READ_TOKEN"
api_get /api/v1/whatif/wi-1 >/dev/null
check "no job was started by them" test "$(api_status)" = 404
api_get /api/v1/whatif/wi-1 "nope-not-a-token" >/dev/null
check "GET needs a token" test "$(api_status)" = 401

# --- a candidate that warns above every healthy ONT ----------------------------------------
sleep 3 # the daemon's orders for the falling ONTs settle (restored or opened at start)
O1=$(orders)
E1=$(events)
api_post /api/v1/whatif "{\"olt\": \"olt-a\", \"profile\": {\"rx_low_warn\": $WARN, \"warn_min_drop\": 0}}" >/dev/null
check "POST starts a job (202)" test "$(api_status)" = 202
check "the answer names job wi-1, running" jtrue 'j["job"] == "wi-1" and j["state"] == "running"'
check "the job ends within 60 s" api_wait 60 job_over wi-1
api_get /api/v1/whatif/wi-1 >/dev/null
check "GET with a read token answers 200" test "$(api_status)" = 200
check "the job is done" jtrue 'j["state"] == "done"'
[ "$(jget 'j["state"]')" = done ] || diag "$(cat "$TMPD/body")"
diag "$(jget '"%d ONTs, %d readings; candidate %d orders, current %d" % (j["onts"], j["readings"], j["candidate"]["orders"], j["current"]["orders"])')"
ONLINE=$(grep -c '^ONT .* status=online ' "$SIM_EXPECT")
check "it replayed the stored readings of the OLT's ONTs (95 h of $ONLINE online ONTs)" \
	jtrue "j['onts'] >= $ONLINE and j['readings'] >= $ONLINE * 95 * 4"
check "the candidate orders the healthy ONT $H" \
	jtrue "any('$H' in o['onts'] for o in j['candidate']['orders_list'])"
check "the profiles in force do not" \
	jtrue "not any('$H' in o['onts'] for o in j['current']['orders_list'])"
N_HEALTHY=$(echo $HEALTHY | wc -w)
check "every healthy ONT is ordered by the candidate only" jtrue "all(
	any(s in o['onts'] for o in j['candidate']['orders_list']) and
	not any(s in o['onts'] for o in j['current']['orders_list'])
	for s in '$(echo $HEALTHY)'.split())"
check "the candidate orders more" \
	jtrue "j['candidate']['orders'] > j['current']['orders'] and j['candidate']['onts_ordered'] >= $N_HEALTHY"
check "counts by cause add up" jtrue "sum(j['candidate']['by_cause'].values()) == j['candidate']['orders']"
check "times are in the contract's form" \
	jtrue "all(len(o['opened_at']) == 20 and o['opened_at'].endswith('Z') for o in j['candidate']['orders_list'])"
check "live orders are untouched (work_order rows)" test "$(orders)" = "$O1"
check "live order events are untouched" test "$(events)" = "$E1"
check "no live order names the healthy ONT" \
	test "$(sqlite3 "$DB" "SELECT count(*) FROM work_order WHERE doc LIKE '%$H%'")" = 0
check "the file output got no what-if order" sh -c "! grep -q '$H' '$TMPD/orders.jsonl' 2>/dev/null"

# --- the profile in force as the candidate: both sides agree --------------------------------
api_post /api/v1/whatif '{"serials": ["'"$RISK1"'", "'"$H"'"], "profile": {}}' >/dev/null
check "a second job (202, wi-2)" jtrue 'j["job"] == "wi-2"'
api_wait 60 job_over wi-2
api_get /api/v1/whatif/wi-2 >/dev/null
check "an unchanged profile orders as the profiles in force" \
	jtrue "j['state'] == 'done' and j['onts'] == 2 and j['candidate']['orders'] == j['current']['orders'] and [o['key'] for o in j['candidate']['orders_list']] == [o['key'] for o in j['current']['orders_list']]"

# --- a reload that changes the what-if settings applies them (the server restarts) -----------
cp "$CONF" "$TMPD/conf.before"
sed -i 's/^http = {/http = { whatif_max_readings = 1000;/' "$CONF"
api_get /api/v1/status >/dev/null
RELOADED=$(jget 'j["last_reload"] and j["last_reload"]["at"]')
api_post /api/v1/reload "" >/dev/null
reloaded() { api_get /api/v1/status >/dev/null && jtrue "j['last_reload'] and j['last_reload']['at'] != '$RELOADED' and j['last_reload']['ok']"; }
check "reload with http.whatif_max_readings = 1000" api_wait 10 reloaded
api_post /api/v1/whatif '{"profile": {}}' >/dev/null
JOB=$(jget 'j.get("job")')
api_wait 60 job_over "$JOB"
api_get "/api/v1/whatif/$JOB" >/dev/null
check "a job after the reload is held to the new http.whatif_max_readings" jtrue \
	"j['state'] == 'failed' and 'more than 1000 readings' in j['error']"
cp "$TMPD/conf.before" "$CONF"

# --- no child left behind --------------------------------------------------------------------
check "no what-if process left (zombie or running)" \
	test -z "$(ps -o pid= --ppid "$DPID" 2>/dev/null)"
kill -TERM "$DPID"
rc=0
wait "$DPID" || rc=$?
check "the daemon exits cleanly" test "$rc" -eq 0

# --- a selection over the configured cap fails; stopping the daemon ends running jobs --------
sed -i 's/^http = {/http = { whatif_max_readings = 1000;/' "$CONF"
grep -q 'whatif_max_readings = 1000' "$CONF" || api_bail "cannot set the cap in $CONF"
"$top_builddir/monitor/ontwatchd" -f "$CONF" >"$TMPD/d2.log" 2>&1 &
DPID=$!
track_pid $DPID
api_wait 15 sh -c "curl -s -o /dev/null '$API_URL/api/v1/status'" || api_bail "the daemon did not restart"
api_post /api/v1/whatif '{"profile": {"baseline_drop": 2.0}}' >/dev/null
check "jobs are numbered afresh after a restart (wi-1)" jtrue 'j["job"] == "wi-1"'
api_wait 60 job_over wi-1
api_get /api/v1/whatif/wi-1 >/dev/null
check "more readings than http.whatif_max_readings: the job failed" jtrue \
	"j['state'] == 'failed' and 'more than 1000 readings' in j['error'] and j['finished_at']"
api_post /api/v1/whatif '{"profile": {}}' >/dev/null
CHILD=$(sed -n 's/.*api: whatif wi-2: started by tester (pid \([0-9]*\)).*/\1/p' "$TMPD/d2.log")
check "the job's process is logged with the token's name" test -n "$CHILD"
kill -TERM "$DPID"
rc=0
wait "$DPID" || rc=$?
check "the daemon exits cleanly with a job just started" test "$rc" -eq 0
check "no what-if process outlives the daemon" sh -c "! kill -0 '${CHILD:-0}' 2>/dev/null"
tap_done
