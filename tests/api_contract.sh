#!/bin/sh
# api_contract: /api/v1 against a running daemon fed by a simulated OLT (tests/api_env.sh):
# every read endpoint answers as docs/api.md says and agrees with the store and the
# simulator; auth (no token, wrong token, read token on a write endpoint); bad input (unknown
# ONT or order, bad time range, invalid JSON, oversized body) gets a 4xx with a JSON error
# and changes nothing; reload over the API; the rate limit; no secret in logs or answers.
. "$top_srcdir/tests/tap.sh"
command -v jq >/dev/null 2>&1 || skip_all "jq not installed"
command -v sqlite3 >/dev/null 2>&1 || skip_all "sqlite3 not installed"
. "$top_srcdir/tests/api_env.sh"

j() { jq -r "$@" "$TMPD/body"; }
code_is() { test "$(api_status)" = "$1"; }
check "the OLT was polled" api_wait_polled

api_get /api/v1/status >/dev/null
check "status: 200" code_is 200
check "status: 16 ONTs, one OLT" test "$(j '.onts, .olts' | tr '\n' ' ')" = "16 1 "
check "status: the states add up to the ONTs" \
	test "$(j '[.onts_by_state[]] | add')" = 16
check "status: version and times" test "$(j '.version != "" and (.now | test("Z$"))')" = true

api_get /api/v1/olts >/dev/null
check "olts: olt-a polled ok with 16 ONTs" \
	test "$(j '.olts[0] | "\(.name) \(.health) \(.onts) \(.last_poll.ok) \(.backoff)"')" = \
	"olt-a ok 16 true false"
check "olts: last success and next poll are times" \
	test "$(j '.olts[0] | (.last_success_at | test("Z$")) and (.next_poll_at | test("Z$"))')" = true

api_get /api/v1/onts >/dev/null
check "onts: all 16, default sort puts the soonest impact first ($RISK1)" \
	test "$(j '"\(.total) \(.onts[0].serial)"')" = "16 $RISK1"
check "onts: the first is at risk with hours to impact" \
	test "$(j '.onts[0] | .state == "at_risk" and .hours_to_impact > 0 and .slope_db_day < 0')" = true
# the simulator's offline ONT is offline, and its LOS ONT faulty
OFF=$(awk '/^ONT / && / status=offline / { sub("serial=", "", $5); print $5; exit }' "$SIM_EXPECT")
LOS=$(awk '/^ONT / && / status=los / { sub("serial=", "", $5); print $5; exit }' "$SIM_EXPECT")
check "onts: the simulator's LOS ONT is faulty" \
	test "$(j --arg s "$LOS" '.onts[] | select(.serial == $s) | .state')" = faulty
check "onts: the simulator's offline ONT is offline" \
	test "$(j --arg s "$OFF" '.onts[] | select(.serial == $s) | .state')" = offline
api_get "/api/v1/onts?state=at_risk,faulty" >/dev/null
check "onts?state=at_risk,faulty: only those" \
	test "$(j '[.onts[].state | select(. != "at_risk" and . != "faulty")] | length')" = 0
check "onts?state=...: total counts the matches" test "$(j '.total == (.onts | length)')" = true
api_get "/api/v1/onts?port=0/1/1&sort=name&limit=3&offset=1" >/dev/null
check "onts?port&sort=name&limit&offset" \
	test "$(j '[.onts[] | "\(.port)/\(.ont)"] | join(" ")')" = "0/1/1/1 0/1/1/2 0/1/1/3"
api_get "/api/v1/onts?sort=rx" >/dev/null
check "onts?sort=rx: lowest Rx first" \
	test "$(j '[.onts[].rx_dbm | select(. != null)] | . == sort')" = true
for q in "state=broken" "sort=sideways" "limit=0" "limit=x"; do
	api_get "/api/v1/onts?$q" >/dev/null
	check "onts?$q: 400 with an error" sh -c "test $(api_status) = 400 && jq -e .error '$TMPD/body' >/dev/null"
done

api_get "/api/v1/onts/$RISK1" >/dev/null
check "ont: levels, baseline, slope, trend rule, thresholds" \
	test "$(j '(.rules | index("trend")) != null and .baseline_dbm > .rx_dbm and .thresholds.impact_rx_dbm == -27.5 and .thresholds.profile == "gpon-b+"')" = true
SIMRX=$(awk -v s="serial=$RISK1" '$5 == s { sub("rx=", "", $8); print $8 + 0 }' "$SIM_EXPECT")
check "ont: agrees with the simulator's Rx ($SIMRX dBm, within the history's wobble)" \
	test "$(j --argjson w "$SIMRX" '(.rx_dbm - $w) | fabs < 0.1')" = true
api_get /api/v1/onts/NOSUCHSERIAL >/dev/null
check "ont: unknown serial: 404" code_is 404

api_get "/api/v1/onts/$RISK1/history?from=$(($(date +%s) - 7200))" >/dev/null
check "history: raw readings of the last 2 hours" \
	test "$(j '.step == 0 and .readings >= 7 and (.points | length) == .readings')" = true
api_get "/api/v1/onts/$RISK1/history?from=$(($(date +%s) - 4 * 86400))&points=20" >/dev/null
check "history: 4 days downsampled to at most 20 points" \
	test "$(j '.step > 0 and .readings > 300 and (.points | length) <= 20 and (.points | length) >= 15')" = true
check "history: the fall shows (first point above the last)" \
	test "$(j '.points[0].rx_dbm > .points[-1].rx_dbm')" = true
api_get "/api/v1/onts/$RISK1/history?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z" >/dev/null
check "history: from after to: 400" code_is 400
api_get "/api/v1/onts/$RISK1/history?from=0&to=3600" >/dev/null
check "history: from=0 (the epoch) is answered as a time, not null" \
	test "$(j '"\(.from) \(.to)"')" = "1970-01-01T00:00:00Z 1970-01-01T01:00:00Z"
api_get "/api/v1/onts/$RISK1/history?from=yesterday" >/dev/null
check "history: a bad time: 400" code_is 400
api_get "/api/v1/onts/NOSUCHSERIAL/history" >/dev/null
check "history: unknown serial: 404" code_is 404

check "orders are open in the store" api_wait 20 sh -c \
	"test \"\$(sqlite3 '$DB' \"SELECT count(*) FROM work_order WHERE open = 1\")\" -gt 0"
OPEN=$(sqlite3 "$DB" "SELECT count(*) FROM work_order WHERE open = 1")
api_get /api/v1/orders >/dev/null
check "orders: as many as the store holds open ($OPEN)" test "$(j '.total')" = "$OPEN"
check "orders: ontwatch.order/1 documents with dispatch details" \
	test "$(j '.orders[0] | (.id | startswith("ow-")) and .priority >= 1 and .visit != null')" = true
ID=$(j '.orders[0].id')
CAUSE=$(j '.orders[0].cause')
api_get "/api/v1/orders?cause=$CAUSE&priority=$(j '.orders[0].priority')" >/dev/null
check "orders?cause&priority: filtered" \
	test "$(j --arg c "$CAUSE" '[.orders[] | select(.cause != $c)] | length')" = 0
api_get "/api/v1/orders?priority=9" >/dev/null
check "orders?priority=9: 400" code_is 400
api_get "/api/v1/orders?state=acknowleged" >/dev/null
check "orders?state=acknowleged (misspelt): 400, not an empty list" code_is 400
api_get "/api/v1/orders?state=acknowledged" >/dev/null
check "orders?state=acknowledged: 200" code_is 200
api_get "/api/v1/orders/$ID" >/dev/null
check "order: the document and its opened event" \
	test "$(j --arg id "$ID" '.order.id == $id and .events[0].event == "opened"')" = true
api_get /api/v1/orders/ow-0000000000000000 >/dev/null
check "order: unknown id: 404" code_is 404

# auth
curl -s -D "$TMPD/h" -o "$TMPD/body" "$API_URL/api/v1/status" >/dev/null
check "no token: 401 with WWW-Authenticate: Bearer and a JSON error" \
	sh -c "grep -q '^HTTP/1.1 401' '$TMPD/h' && grep -qi '^WWW-Authenticate: Bearer' '$TMPD/h' && jq -e .error '$TMPD/body' >/dev/null"
# MHD decodes the path: a line break in it must not start a forged line in the log
curl -s -g -o /dev/null "$API_URL/api/v1/onts/x%0Aforged-line%1b"
log_unforged() { ! grep -q '^forged-line' "$TMPD/d.log" && grep -qF 'onts/x\x0aforged-line\x1b' "$TMPD/d.log"; }
check "a path logged with a refusal cannot forge a log line" log_unforged
api_get /api/v1/status "wrong-token-0123456789abcdef" >/dev/null
check "wrong token: 401" code_is 401
curl -s -o "$TMPD/body" -w '%{http_code}' -H "Authorization: bearer $READ_TOKEN" \
	"$API_URL/api/v1/status" >"$TMPD/status"
check "the scheme is case-insensitive (bearer): 200" code_is 200
# the order's own history and state (other orders may change meanwhile: the daemon polls)
order_now() { sqlite3 "$DB" "SELECT state, (SELECT count(*) FROM order_event WHERE order_id = '$ID') FROM work_order WHERE id = '$ID'"; }
EVENTS=$(order_now)
api_post "/api/v1/orders/$ID/status" '{"status":"acknowledged"}' "$READ_TOKEN" >/dev/null
check "read token on a write endpoint: 403" code_is 403
api_post "/api/v1/orders/$ID/status" '{"status":' >/dev/null
check "invalid JSON: 400" code_is 400
api_post "/api/v1/orders/$ID/status" '{"status":"acknowledged","colour":"red"}' >/dev/null
check "unknown member: 400" code_is 400
head -c 20000 /dev/zero | tr '\0' 'x' >"$TMPD/big"
curl -s -o "$TMPD/body" -w '%{http_code}' -X POST -H "Authorization: Bearer $WRITE_TOKEN" \
	--data-binary @"$TMPD/big" "$API_URL/api/v1/orders/$ID/status" >"$TMPD/status"
check "oversized body: 413" code_is 413
check "refused requests changed nothing" test "$(order_now)" = "$EVENTS"
api_get /api/v1/nothing-here >/dev/null
check "unknown path: 404" code_is 404
api_call DELETE /api/v1/status "" "$WRITE_TOKEN" >/dev/null
check "known path, wrong method: 405" code_is 405
curl -s -D "$TMPD/h" -o "$TMPD/body" -X DELETE "$API_URL/api/v1/silences" >/dev/null
check "known path, wrong method: 405 with Allow naming the path's methods" \
	sh -c "grep -q '^HTTP/1.1 405' '$TMPD/h' && grep -qi '^Allow: GET, POST' '$TMPD/h' && jq -e .error '$TMPD/body' >/dev/null"
api_post "/api/v1/orders/$ID/status" '{"status":"acknowledged","note":"on it"}' >/dev/null
check "write token: status accepted" code_is 200
check "every write is logged with the token's name" \
	grep -q "POST /api/v1/orders/$ID/status by \"tester\": 200" "$TMPD/d.log"

# reload over the API: a new token works afterwards; a broken file is refused with file:line
sed -i "s|role = \"write\"; } );|role = \"write\"; },\n  { name = \"late\"; token = \"late-token-0123456789abcdef\"; } );|" "$CONF"
api_post /api/v1/reload "" >/dev/null
check "reload: 202" code_is 202
check "reload: the new token reads" api_wait 10 sh -c \
	"curl -sf -H 'Authorization: Bearer late-token-0123456789abcdef' '$API_URL/api/v1/status' | jq -e '.last_reload.ok == true'"
cp "$CONF" "$TMPD/good.conf"
echo 'pol_interval = 5;' >>"$CONF"
api_post /api/v1/reload "" >/dev/null
check "a broken configuration: the reload fails with file:line and the key" api_wait 10 sh -c \
	"curl -s -H 'Authorization: Bearer $READ_TOKEN' '$API_URL/api/v1/status' | jq -e '.last_reload.ok == false and (.last_reload.errors[0] | test(\"ow.conf:[0-9]+: pol_interval\"))'"
api_get /api/v1/olts >/dev/null
check "... and the daemon goes on polling" test "$(j '.olts[0].health')" = ok
cp "$TMPD/good.conf" "$CONF"

# the rate limit: one client's burst beyond http.rate_limit per second gets 429s
for _ in $(seq 1 120); do printf 'url = "%s"\noutput = "/dev/null"\n' "$API_URL/api/v1/status"; done >"$TMPD/burst"
curl -s -K "$TMPD/burst" -w '%{http_code}\n' -H "Authorization: Bearer $READ_TOKEN" >"$TMPD/codes"
check "rate limit: a burst of 120 gets some 429s" grep -q '^429$' "$TMPD/codes"
check "rate limit: ... after the allowed ones" test "$(head -1 "$TMPD/codes")" = 200
sleep 1.5
api_get /api/v1/status >/dev/null
check "rate limit: the bucket refills" code_is 200

# a reload whose server cannot listen leaves the API off; the next reload tries again
P2=$(free_port)
python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(); time.sleep(60)' "$P2" &
BLOCKER=$!
track_pid $BLOCKER
api_wait 5 python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])))' "$P2" ||
	api_bail "the port blocker did not listen"
sed -i "s/port = $HPORT;/port = $P2;/" "$CONF"
kill -HUP $DPID
check "reload to a port in use: the server cannot listen (logged)" \
	api_wait 10 grep -q "cannot listen on 127.0.0.1 port $P2" "$TMPD/d.log"
kill $BLOCKER
wait $BLOCKER 2>/dev/null
kill -HUP $DPID
API_URL="http://127.0.0.1:$P2"
check "the next reload, settings unchanged, starts the server" api_wait 10 sh -c \
	"curl -sf -H 'Authorization: Bearer $READ_TOKEN' '$API_URL/api/v1/status' >/dev/null"
check "no token appears in the daemon's log" \
	sh -c "! grep -q -e '$READ_TOKEN' -e '$WRITE_TOKEN' -e late-token '$TMPD/d.log'"
kill -TERM $DPID
rc=0
wait $DPID || rc=$?
check "daemon exits cleanly" test $rc -eq 0
tap_done
