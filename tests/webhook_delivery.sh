#!/bin/sh
# webhook_delivery: ontwatchd delivers journalled order events to a real HTTP receiver on
# 127.0.0.1 (tests/webhook_receiver.py): Standard Webhooks signatures verify; 500, timeouts
# and refused connections are retried with growing back-off under the same webhook-id; 410
# and 400 go to the dead letters with the answer while later events still flow; and across
# a kill -9 in the middle of delivery nothing is lost: deduplicating on webhook-id, the
# receiver ends with exactly one copy of every event, in order per order.
. "$top_srcdir/tests/tap.sh"
D="$top_builddir/monitor/ontwatchd"
CTL="$top_builddir/monitor/ontwatchctl"
CHECK="python3 $top_srcdir/tests/webhook_check.py"
SECRET="whsec_dGVzdC1zaWduaW5nLWtleS1mb3Itb250d2F0Y2g="
PORT=$(free_port)
LOG="$TMPD/received.jsonl"
CONTROL="$TMPD/control"
DB="$TMPD/ow.db"

# wait_for SECONDS CMD...: poll until CMD succeeds.
wait_for() {
	t=$1
	shift
	for _ in $(seq 1 $((t * 10))); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}
received() { [ -f "$LOG" ] && [ "$(wc -l <"$LOG")" -ge "$1" ]; }
delivered() { $CHECK dedup "$LOG" | grep -qx "$1"; }
mode() { echo "$1" >"$CONTROL"; }

start_receiver() {
	rm -f "$TMPD/ready"
	python3 "$top_srcdir/tests/webhook_receiver.py" "$PORT" "$LOG" "$CONTROL" "$TMPD/ready" &
	RPID=$!
	track_pid $RPID
	wait_for 10 test -f "$TMPD/ready"
}
start_daemon() {
	"$D" -v -v -f "$TMPD/ow.conf" >>"$TMPD/d.log" 2>&1 &
	DPID=$!
	track_pid $DPID
	wait_for 10 grep -q "started" "$TMPD/d.log"
}
# event ORDER SEQ [NAME]: one ontwatch.order/1 event on stdin of `outbox submit`.
event() {
	printf '{"schema":"ontwatch.order/1","event":"%s","time":"2026-03-06T10:00:00Z","seq":%d,"order":{"id":"%s","cause":"fiber_bend","severity":"major"}}' \
		"${3:-updated}" "$2" "$1" | "$CTL" outbox submit --store "$DB" "$1" >/dev/null
}

cat >"$TMPD/ow.conf" <<EOC
store = { path = "$DB"; };
outputs = ( { name = "wfm"; type = "webhook"; url = "http://127.0.0.1:$PORT/hook";
              secret = "$SECRET"; timeout = 1.0; retry_initial = 0.2; retry_max = 1.6;
              max_in_flight = 4; } );
EOC
mode ok
check "receiver starts" start_receiver
check "daemon starts" start_daemon

# 1. plain delivery, in order per order, signed
for s in 1 2 3; do event ow-a $s; event ow-b $s; done
check "six events delivered" wait_for 15 received 6
check "order ow-a arrives in order" delivered "ow-a 1,2,3"
check "order ow-b arrives in order" delivered "ow-b 1,2,3"
check "signatures verify (HMAC-SHA256 over id.timestamp.body)" $CHECK sig "$LOG" "$SECRET"
check "JSON content type" grep -q '"ctype": "application/json"' "$LOG"
$CHECK sig "$LOG" "whsec_d3Jvbmcta2V5" >/dev/null 2>&1
check "a wrong key does not verify (the check can fail)" test $? -ne 0

# 2. HTTP 500: retried with growing back-off under one webhook-id, then delivered
mode 500
event ow-r 1
check "500 is retried" wait_for 15 sh -c "$CHECK attempts '$LOG' ow-r | wc -l | grep -qE '^([4-9]|[1-9][0-9])$'"
$CHECK attempts "$LOG" ow-r >"$TMPD/att"
awk 'NR>1 { print $1 - prev } { prev = $1 }' "$TMPD/att" >"$TMPD/gaps"
diag "gaps between attempts: $(tr '\n' ' ' <"$TMPD/gaps")"
g1=$(sed -n 1p "$TMPD/gaps"); g3=$(sed -n 3p "$TMPD/gaps")
check "back-off grows (third gap longer than the first)" awk -v a="$g1" -v b="$g3" 'BEGIN { exit !(b > a) }'
check "back-off respects the jittered lower bound (>= 50% of 0.2 s * 2^n)" awk '{ if ($1 < 0.1 * 2^(NR-1) - 0.05) exit 1 }' "$TMPD/gaps"
check "retries keep the webhook-id" test "$($CHECK ids "$LOG" ow-r | wc -l)" -eq 1
mode ok
check "delivered once the receiver recovers" wait_for 15 delivered "ow-r 1"

# 3. a timeout (answer slower than 1 s) is retried
mode "slow:3"
event ow-t 1
check "timeout is retried" wait_for 15 sh -c "$CHECK attempts '$LOG' ow-t | wc -l | grep -qE '^([2-9]|[1-9][0-9])$'"
mode ok
check "delivered after timeouts" wait_for 15 delivered "ow-t 1"
check "the timeout is logged" grep -q "order ow-t event .*: .*timed out" "$TMPD/d.log"

# 4. 410 and 400 go to the dead letters with the answer; later events of the order flow
mode "410x1"
event ow-d 1
event ow-d 2
check "event after a dead letter is delivered" wait_for 15 delivered "ow-d 2"
"$CTL" outbox dead --store "$DB" >"$TMPD/dead"
check "410 is a dead letter with its answer" grep -q "ow-d	updated	attempts=1	status=410	.*response=answer 410 from the test receiver" "$TMPD/dead"
mode "400x1"
event ow-e 1
check "400 is a dead letter" wait_for 15 sh -c "'$CTL' outbox dead --store '$DB' | grep -q 'ow-e.*status=400'"
ev=$("$CTL" outbox dead --store "$DB" | awk -F'\t' '$3 == "ow-e" { print $2 }')
check "an operator requeues the dead letter" "$CTL" outbox requeue --store "$DB" wfm "$ev"
check "the requeued event is delivered" wait_for 15 delivered "ow-e 1"
check "and leaves the dead letters" test -z "$("$CTL" outbox dead --store "$DB" | grep ow-e)"
"$CTL" outbox requeue --store "$DB" wfm 999999 >/dev/null 2>&1
check "requeue of an unknown dead letter fails" test $? -ne 0
check "429 is retried, not dead" sh -c "echo 429x2 >'$CONTROL'; printf '{\"event\":\"updated\",\"seq\":1,\"order\":{\"id\":\"ow-q\"}}' | '$CTL' outbox submit --store '$DB' ow-q >/dev/null"
check "429 then delivered" wait_for 15 delivered "ow-q 1"
mode "503ra1"
event ow-s 1
check "503 with Retry-After is retried" wait_for 15 sh -c "$CHECK attempts '$LOG' ow-s | wc -l | grep -qE '^([2-9]|[1-9][0-9])$'"
mode ok
check "503 then delivered" wait_for 15 delivered "ow-s 1"
$CHECK attempts "$LOG" ow-s | awk 'NR == 1 { a = $1 } NR == 2 { print $1 - a }' >"$TMPD/ra"
diag "gap after Retry-After: 1: $(cat "$TMPD/ra") s"
check "Retry-After is honoured (gap >= 1 s, where back-off alone is 0.1-0.2 s)" awk '{ exit !($1 >= 0.95) }' "$TMPD/ra"

# 5. receiver down (connection refused): queued and retried, delivered when it is back
kill $RPID
wait $RPID 2>/dev/null
event ow-c 1
check "refused connection keeps the event queued" wait_for 10 sh -c "'$CTL' outbox list --store '$DB' | grep -q 'ow-c.*attempts=[1-9]'"
check "the refusal is logged" grep -q "order ow-c event .*[Cc]ouldn't connect\|order ow-c event .*[Cc]onnection refused\|order ow-c event .*[Ff]ailed to connect" "$TMPD/d.log"
check "receiver restarts" start_receiver
check "delivered after the receiver is back" wait_for 15 delivered "ow-c 1"

# 6. kill -9 in the middle of delivery, then restart: nothing lost, in order, deduplicated
# 24 events journalled at once (one transaction); each answer takes 0.5 s, one event per
# order at a time: about 4 s of delivery, interrupted after the first 6 requests
mode "slow:0.5"
before=$(wc -l <"$LOG")
for s in $(seq 1 8); do
	for o in ow-k1 ow-k2 ow-k3; do
		printf '{"schema":"ontwatch.order/1","event":"updated","time":"2026-03-06T10:00:00Z","seq":%d,"order":{"id":"%s"}}\n' $s $o
	done
done >"$TMPD/batch.jsonl"
check "a batch of events is journalled at once" "$CTL" outbox submit-lines --store "$DB" "$TMPD/batch.jsonl"
wait_for 20 received $((before + 6))
kill -9 $DPID
wait $DPID 2>/dev/null
sleep 0.7 # let the receiver finish the answers the dead daemon was waiting for
"$CTL" outbox list --store "$DB" >"$TMPD/queued" 2>&1
check "some events were still queued at the kill" grep -q ow-k "$TMPD/queued"
grep -q ow-k "$TMPD/queued" || diag "outbox list: $(cat "$TMPD/queued")"
mode ok
check "daemon restarts after kill -9" start_daemon
check "all of ow-k1 delivered, in order" wait_for 30 delivered "ow-k1 1,2,3,4,5,6,7,8"
check "all of ow-k2 delivered, in order" wait_for 10 delivered "ow-k2 1,2,3,4,5,6,7,8"
check "all of ow-k3 delivered, in order" wait_for 10 delivered "ow-k3 1,2,3,4,5,6,7,8"
diag "webhook-ids received more than once (redelivered after the kill): $($CHECK dups "$LOG")"
check "at least once: requests in flight at the kill were sent again" test "$($CHECK dups "$LOG")" -ge 1
check "the queue is empty" test -z "$("$CTL" outbox list --store "$DB")"
check "every request is signed" $CHECK sig "$LOG" "$SECRET"

kill -TERM $DPID
rc=0
wait $DPID || rc=$?
check "daemon exits cleanly" test $rc -eq 0
tap_done
