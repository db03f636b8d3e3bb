#!/bin/sh
# ctl_client: ontwatchctl's HTTP client against a recording peer (tests/ctl_recorder.py):
# where it connects and which token it sends (options, environment, the configuration's
# read and write tokens, the legacy http.token), how it shows the daemon's errors, that it
# never prints a token, and a clear error when nothing listens. ctl_live.sh runs the commands
# against the real daemon.
. "$top_srcdir/tests/tap.sh"
ctl="$top_builddir/monitor/ontwatchctl"
command -v python3 > /dev/null || skip_all "python3 not installed"
PORT=$(free_port)
python3 "$top_srcdir/tests/ctl_recorder.py" "$PORT" "$TMPD/log" "$TMPD/control" "$TMPD/ready" &
track_pid $!
printf '200\n{}' > "$TMPD/control"
for _ in $(seq 50); do [ -f "$TMPD/ready" ] && break; sleep 0.1; done
[ -f "$TMPD/ready" ] || { not_ok "recorder started"; tap_done; exit 1; }

answer() { printf '%s\n%s' "$1" "$2" > "$TMPD/control"; }
# last FIELD: that member of the last recorded request
last() { tail -n 1 "$TMPD/log" | python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
READ=read-token-0123456789abcdef
WRITE=write-token-0123456789abcdef
LEGACY=legacy-token-0123456789abcdef
cat > "$TMPD/tokens.conf" <<CONF
http = { enabled = true; listen = "0.0.0.0"; port = $PORT;
  tokens = ( { name = "noc"; token = "$READ"; role = "read"; },
             { name = "wo"; token = "$WRITE"; role = "write"; } ); };
CONF
cat > "$TMPD/legacy.conf" <<CONF
http = { enabled = true; port = $PORT; token = "$LEGACY"; };
CONF
STATUS='{"version": "0.1.0", "started_at": "2026-11-22T10:00:00Z", "now": "2026-11-22T12:00:00Z", "config": "/etc/ontwatch/ontwatch.conf", "last_reload": null, "olts": 2, "olts_failing": 1, "onts": 128, "onts_by_state": {"healthy": 120, "warning": 3, "at_risk": 2, "faulty": 1, "offline": 2}, "orders_open": 3, "orders_by_cause": {"fiber_bend": 2, "shared_segment": 1}, "silences_active": 1, "outbox_backlog": 0, "dead_letters": 0}'
unset ONTWATCH_URL ONTWATCH_TOKEN

# a read command takes the first token, from the configuration's http section
answer 200 "$STATUS"
"$ctl" status -f "$TMPD/tokens.conf" > "$TMPD/out" 2> "$TMPD/err"
check "status: exit 0" test $? -eq 0
check "status: GET /api/v1/status" test "$(last method) $(last path)" = "GET /api/v1/status"
check "status: the first (read) token" test "$(last auth)" = "Bearer $READ"
check "status: OLTs line" grep -q "^OLTs  *2 (1 failing)$" "$TMPD/out"
check "status: ONTs by state" grep -q "^ONTs  *128: healthy 120, warning 3, at_risk 2, faulty 1, offline 2$" "$TMPD/out"
check "status: orders by cause" grep -q "^orders  *3 open: fiber_bend 2, shared_segment 1$" "$TMPD/out"
check "status: never reloaded" grep -q "^last reload  *never$" "$TMPD/out"
"$ctl" status --json -f "$TMPD/tokens.conf" > "$TMPD/json"
check "status --json: the API's JSON" python3 -c '
import json, sys
a = json.load(open(sys.argv[1])); b = json.loads(sys.argv[2]); sys.exit(a != b)' "$TMPD/json" "$STATUS"

# a write command takes the first write token, and sends its method and body
answer 200 '{"silence": {"id": "si-1", "state": "expired", "olt": "olt-hw", "starts_at": "2026-11-22T10:00:00Z", "ends_at": "2026-11-22T12:00:00Z"}}'
"$ctl" silence remove si-1 -f "$TMPD/tokens.conf" > "$TMPD/out" 2> "$TMPD/err"
check "silence remove: exit 0" test $? -eq 0
check "silence remove: DELETE" test "$(last method) $(last path)" = "DELETE /api/v1/silences/si-1"
check "silence remove: the write token" test "$(last auth)" = "Bearer $WRITE"
check "silence remove: prints the expired silence" grep -qx "silence si-1 expired: olt olt-hw, 2026-11-22T10:00:00Z .. 2026-11-22T12:00:00Z" "$TMPD/out"
answer 201 '{"silence": {"id": "si-2", "state": "active", "olt": "olt-hw", "port": "0/1/0"}}'
"$ctl" silence add --olt olt-hw --port 0/1/0 --duration 1h30m --reason "splitter swap" \
	--author alice -f "$TMPD/tokens.conf" > "$TMPD/out" 2> "$TMPD/err"
check "silence add: POST /api/v1/silences" test "$(last method) $(last path)" = "POST /api/v1/silences"
check "silence add: body" python3 -c '
import json, sys
b = json.loads(sys.argv[1])
sys.exit(b != {"olt": "olt-hw", "port": "0/1/0", "duration": "90m", "reason": "splitter swap", "author": "alice"})' "$(last body)"
check "silence add: JSON content type" test "$(last ctype)" = "application/json"
"$ctl" silence add --port 0/1/0 --duration 1h --reason x -f "$TMPD/tokens.conf" 2> /dev/null
check "silence add: a port needs an OLT (usage, exit 2)" test $? -eq 2
"$ctl" silence add --olt a --duration 90s --reason x -f "$TMPD/tokens.conf" 2> /dev/null
check "silence add: seconds are refused (exit 2)" test $? -eq 2

# query parameters: --at-risk asks for at_risk,faulty by impact; values are encoded
answer 200 '{"total": 0, "onts": []}'
"$ctl" onts --at-risk --olt "olt hw" --limit 5 -f "$TMPD/tokens.conf" > "$TMPD/out"
check "onts --at-risk: query" test "$(last path)" = "/api/v1/onts?olt=olt%20hw&state=at_risk%2Cfaulty&sort=impact&limit=5"
answer 200 '{"total": 0, "orders": []}'
"$ctl" orders --priority 2 --cause fiber_bend -f "$TMPD/tokens.conf" > "$TMPD/out"
check "orders --priority 2: p2" test "$(last path)" = "/api/v1/orders?cause=fiber_bend&priority=p2"
"$ctl" orders --priority 7 -f "$TMPD/tokens.conf" 2> /dev/null
check "orders --priority 7: usage (exit 2)" test $? -eq 2

# the environment wins over the configuration, options over the environment
answer 200 "$STATUS"
ONTWATCH_TOKEN=env-token-0123456789 "$ctl" status -f "$TMPD/tokens.conf" > /dev/null
check "ONTWATCH_TOKEN over the configuration" test "$(last auth)" = "Bearer env-token-0123456789"
ONTWATCH_TOKEN=env-token-0123456789 "$ctl" status --token opt-token-0123456789 -f "$TMPD/tokens.conf" > /dev/null
check "--token over ONTWATCH_TOKEN" test "$(last auth)" = "Bearer opt-token-0123456789"
ONTWATCH_URL="http://127.0.0.1:$PORT/" ONTWATCH_TOKEN=env-token-0123456789 "$ctl" status > /dev/null
check "ONTWATCH_URL and ONTWATCH_TOKEN alone" test "$(last path)" = "/api/v1/status"
"$ctl" status -f "$TMPD/legacy.conf" > /dev/null
check "legacy http.token for reads" test "$(last auth)" = "Bearer $LEGACY"
"$ctl" silence remove si-1 -f "$TMPD/legacy.conf" > /dev/null
check "legacy http.token for writes" test "$(last auth)" = "Bearer $LEGACY"
cat > "$TMPD/readonly.conf" <<CONF
http = { port = $PORT; tokens = ( { name = "noc"; token = "$READ"; role = "read"; } ); };
CONF
n=$(wc -l < "$TMPD/log")
"$ctl" reload -f "$TMPD/readonly.conf" > /dev/null 2> "$TMPD/err"
check "write command without a write token: exit 1" test $? -eq 1
check "  ... nothing sent" test "$(wc -l < "$TMPD/log")" -eq "$n"
check "  ... says why" grep -q "no API token" "$TMPD/err"
printf 'http = { port = 1; \n tokens = ( ' > "$TMPD/broken.conf"
"$ctl" status -f "$TMPD/broken.conf" 2> "$TMPD/err"
check "unreadable configuration: exit 1" test $? -eq 1
check "  ... FILE:LINE" grep -q "broken.conf:2: " "$TMPD/err"

# the daemon's errors: status and its {"error": ...}
answer 404 '{"error": "unknown ONT HWTC99"}'
"$ctl" ont HWTC99 -f "$TMPD/tokens.conf" > "$TMPD/out" 2> "$TMPD/err"
check "404: exit 1" test $? -eq 1
check "404: status and the API's error" grep -q "^ontwatchctl: GET /api/v1/onts/HWTC99: 404 Not Found: unknown ONT HWTC99$" "$TMPD/err"
answer 401 '{"error": "unknown token"}'
"$ctl" orders -f "$TMPD/tokens.conf" > "$TMPD/out" 2> "$TMPD/err"
check "401: exit 1" test $? -eq 1
check "401: shown" grep -q "401 Unauthorized: unknown token" "$TMPD/err"
answer 500 'not json at all'
"$ctl" status -f "$TMPD/tokens.conf" > "$TMPD/out" 2> "$TMPD/err"
check "500 without JSON: the body shown" grep -q "500 Internal Server Error: not json at all" "$TMPD/err"
answer 200 'not json'
"$ctl" status -f "$TMPD/tokens.conf" > "$TMPD/out" 2> "$TMPD/err"
check "200 without JSON: exit 1" test $? -eq 1

# nothing listening: a clear error, exit 1
DEAD=$(free_port)
"$ctl" status --url "http://127.0.0.1:$DEAD" --token "$READ" > "$TMPD/out" 2> "$TMPD/err"
check "not running: exit 1" test $? -eq 1
check "not running: clear error" grep -q "^ontwatchctl: cannot reach the daemon at http://127.0.0.1:$DEAD: " "$TMPD/err"

# tokens are never printed, on success or failure
check "no token in any output" sh -c "! grep -rl -e '$READ' -e '$WRITE' -e '$LEGACY' -e env-token -e opt-token '$TMPD'/out '$TMPD'/err '$TMPD'/json"
tap_done
