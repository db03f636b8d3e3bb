#!/bin/sh
# order_status: the closed loop. Work-order systems report back over
# POST /api/v1/orders/{id}/status (bearer token) and with `ontwatchctl order status`; each
# report updates the stored order, joins its history and is delivered like any order event.
# A bad token, an unknown order, a malformed, oversized or invalid body are refused with
# a clear status and change nothing stored.
. "$top_srcdir/tests/tap.sh"
command -v curl >/dev/null || skip_all "curl is not installed"
command -v sqlite3 >/dev/null || skip_all "sqlite3 is not installed"
D="$top_builddir/monitor/ontwatchd"
CTL="$top_builddir/monitor/ontwatchctl"
CHECK="python3 $top_srcdir/tests/webhook_check.py"
DB="$TMPD/ow.db"
PORT=$(free_port)
RPORT=$(free_port)
TOKEN="test-token-0123456789abcdef"
LOG="$TMPD/received.jsonl"
URL="http://127.0.0.1:$PORT/api/v1/orders"

wait_for() {
	t=$1
	shift
	for _ in $(seq 1 $((t * 10))); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}
# post PATH BODY [TOKEN]: prints the HTTP status; the answer body goes to $TMPD/answer
post() {
	curl -s -o "$TMPD/answer" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
		${3:+-H "Authorization: Bearer $3"} --data-binary "$2" "$URL/$1"
}
snapshot() {
	sqlite3 "$DB" "SELECT id, state, open, updated, doc FROM work_order ORDER BY id;
		SELECT * FROM order_event ORDER BY seq; SELECT * FROM journal ORDER BY id;"
}

echo ok >"$TMPD/control"
python3 "$top_srcdir/tests/webhook_receiver.py" "$RPORT" "$LOG" "$TMPD/control" "$TMPD/ready" &
track_pid $!
cat >"$TMPD/ow.conf" <<EOC
store = { path = "$DB"; };
outputs = ( { name = "wfm"; type = "webhook"; url = "http://127.0.0.1:$RPORT/hook";
              retry_initial = 0.1; },
            { name = "file"; type = "file"; path = "$TMPD/orders.jsonl"; } );
http = { enabled = true; listen = "127.0.0.1"; port = $PORT; token = "$TOKEN"; max_body = 256; };
EOC
"$D" -f "$TMPD/ow.conf" >"$TMPD/d.log" 2>&1 &
DPID=$!
track_pid $DPID
check "daemon starts with the HTTP endpoint" wait_for 10 grep -q "http: listening on 127.0.0.1 port $PORT" "$TMPD/d.log"
wait_for 10 test -f "$TMPD/ready"

# two open orders, as the order lifecycle stores them
sqlite3 "$DB" "INSERT INTO work_order(id, problem_key, state, open, olt, owner, opened, updated, doc)
  VALUES ('ow-1', 'ont:olt-1/0/1/1/4', 'open', 1, 'olt-1', 'ontwatchd', 1772762400, 1772762400,
  '{\"id\":\"ow-1\",\"state\":\"open\",\"cause\":\"fiber_bend\",\"severity\":\"major\"}'),
  ('ow-2', 'ont:olt-1/0/1/1/5', 'open', 1, 'olt-1', 'ontwatchd', 1772762400, 1772762400,
  '{\"id\":\"ow-2\",\"state\":\"open\"}');"
snapshot >"$TMPD/before"

check "no token: 401" test "$(post ow-1/status '{"status":"acknowledged"}')" = 401
check "401 says why" grep -q '"error":"bad or missing bearer token"' "$TMPD/answer"
check "wrong token: 401" test "$(post ow-1/status '{"status":"acknowledged"}' wrong-token-0123456789)" = 401
check "token prefix only: 401" test "$(post ow-1/status '{"status":"acknowledged"}' test-token)" = 401
check "unknown order: 404" test "$(post ow-9/status '{"status":"acknowledged"}' $TOKEN)" = 404
check "404 says why" grep -q '"error":"no such order"' "$TMPD/answer"
check "malformed JSON: 400" test "$(post ow-1/status '{"status":' $TOKEN)" = 400
check "not an object: 400" test "$(post ow-1/status '["acknowledged"]' $TOKEN)" = 400
check "missing status: 400" test "$(post ow-1/status '{"note":"x"}' $TOKEN)" = 400
check "unknown status: 400" test "$(post ow-1/status '{"status":"teleported"}' $TOKEN)" = 400
check "unknown member: 400" test "$(post ow-1/status '{"status":"completed","by":"x"}' $TOKEN)" = 400
check "note not a string: 400" test "$(post ow-1/status '{"status":"completed","note":5}' $TOKEN)" = 400
big=$(python3 -c 'print("{\"status\":\"completed\",\"note\":\"" + "x" * 1000 + "\"}")')
check "oversized body: 413" test "$(post ow-1/status "$big" $TOKEN)" = 413
echo "$big" >"$TMPD/big.json"
check "oversized chunked body (no Content-Length): 413" test "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" -H 'Transfer-Encoding: chunked' --data-binary @"$TMPD/big.json" "$URL/ow-1/status")" = 413
check "GET on the route: 405" test "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$URL/ow-1/status")" = 405
check "unknown path: 404" test "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/api/v1/nothing")" = 404
python3 - "$PORT" <<'EOP'
import socket, sys
for raw in (b"GARBAGE\r\n\r\n", b"POST /api/v1/orders/ow-1/status HTTP/1.1\r\nHost: x\r\n" + b"X: " + b"y" * 100000 + b"\r\n\r\n",
            b"POST /api/v1/orders/ow-1/status HTTP/1.1\r\nContent-Length: 5\r\n\r\n{", b"\x00\xff" * 50):
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
    try:
        s.sendall(raw)
        s.shutdown(socket.SHUT_WR)
        s.recv(4096)
    except OSError:
        pass
    s.close()
EOP
check "the daemon survives malformed HTTP" kill -0 $DPID
check "and still answers" test "$(post ow-9/status '{"status":"acknowledged"}' $TOKEN)" = 404
snapshot >"$TMPD/after"
check "nothing stored changed after the rejected requests" cmp -s "$TMPD/before" "$TMPD/after"

check "acknowledged: 200" test "$(post ow-1/status '{"status":"acknowledged","note":"crew 7 assigned"}' $TOKEN)" = 200
check "order state updated" test "$(sqlite3 "$DB" "SELECT state FROM work_order WHERE id='ow-1'")" = acknowledged
check "event in the order history with its note" sh -c "sqlite3 '$DB' \"SELECT doc FROM order_event WHERE order_id='ow-1'\" | grep -q '\"event\":\"acknowledged\".*\"note\":\"crew 7 assigned\"'"
"$CTL" order status --store "$DB" --note "on site" ow-1 in_progress >"$TMPD/ctl.out" 2>&1
check "ontwatchctl order status works" grep -q "order ow-1: in_progress" "$TMPD/ctl.out"
check "the API report is also in the file output" grep -q '"event":"acknowledged","time":".*","source":"api","note":"crew 7 assigned"' "$TMPD/orders.jsonl"
"$CTL" order status --store "$DB" ow-9 completed >"$TMPD/ctl.out" 2>&1
rc=$?
check "ontwatchctl: unknown order refused" test $rc -eq 3
check "ontwatchctl: says why" grep -q "order ow-9: no such order" "$TMPD/ctl.out"
"$CTL" order status --store "$DB" ow-1 teleported >/dev/null 2>&1
check "ontwatchctl: unknown status refused" test $? -ne 0
check "completed: 200" test "$(post ow-1/status '{"status":"completed"}' $TOKEN)" = 200
check "reports delivered in order" wait_for 10 sh -c "$CHECK dedup '$LOG' | grep -q ."
check "delivered with event names in order" wait_for 10 sh -c "python3 -c \"
import json,sys
ev=[json.loads(json.loads(l)['body'])['event'] for l in open('$LOG')]
sys.exit(ev != ['acknowledged','in_progress','completed'])\""
check "cancelled: 200" test "$(post ow-2/status '{"status":"cancelled","note":"duplicate"}' $TOKEN)" = 200
check "cancelled closes the order" test "$(sqlite3 "$DB" "SELECT open FROM work_order WHERE id='ow-2'")" = 0
check "a closed order refuses reports: 409" test "$(post ow-2/status '{"status":"acknowledged"}' $TOKEN)" = 409
# a reload with a new token restarts the server on the same port
sed -i "s/$TOKEN/$TOKEN-2/" "$TMPD/ow.conf"
kill -HUP $DPID
check "reload applied" sh -c "for i in \$(seq 1 100); do grep -q 'configuration reloaded' '$TMPD/d.log' && exit 0; sleep 0.1; done; exit 1"
check "after the reload the old token is refused" test "$(post ow-1/status '{"status":"completed"}' $TOKEN)" = 401
check "and the new one accepted" test "$(post ow-1/status '{"status":"completed"}' $TOKEN-2)" = 200
kill -TERM $DPID
rc=0
wait $DPID || rc=$?
check "daemon exits cleanly" test $rc -eq 0
tap_done
