#!/bin/sh
# webhook_outputs: several delivery outputs at once, each with its own state: one receiver
# failing does not hold up another; a "tmf621" output receives TM Forum TroubleTickets; a
# reload (SIGHUP) that points an output elsewhere keeps its queue.
. "$top_srcdir/tests/tap.sh"
D="$top_builddir/monitor/ontwatchd"
CTL="$top_builddir/monitor/ontwatchctl"
DB="$TMPD/ow.db"
P1=$(free_port)
P2=$(free_port)

wait_for() {
	t=$1
	shift
	for _ in $(seq 1 $((t * 10))); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}
lines() { [ -f "$1" ] && [ "$(wc -l <"$1")" -ge "$2" ]; }
# bodies LOG: the request bodies, one a line
bodies() { python3 -c 'import json,sys; [print(json.loads(l)["body"]) for l in open(sys.argv[1])]' "$1"; }

for n in 1 2; do
	echo ok >"$TMPD/control$n"
	eval port=\$P$n
	python3 "$top_srcdir/tests/webhook_receiver.py" "$port" "$TMPD/r$n.jsonl" "$TMPD/control$n" "$TMPD/ready$n" &
	track_pid $!
	wait_for 10 test -f "$TMPD/ready$n"
done
conf() {
	cat >"$TMPD/ow.conf" <<EOC
store = { path = "$DB"; };
outputs = ( { name = "native"; type = "webhook"; url = "http://127.0.0.1:$1/a";
              retry_initial = 0.1; retry_max = 0.5; },
            { name = "tickets"; type = "webhook"; url = "http://127.0.0.1:$P2/b";
              format = "tmf621"; retry_initial = 0.1; } );
EOC
}
conf $P1
echo 500 >"$TMPD/control1"
"$D" -f "$TMPD/ow.conf" >"$TMPD/d.log" 2>&1 &
DPID=$!
track_pid $DPID
check "daemon starts" wait_for 10 grep -q started "$TMPD/d.log"
for s in 1 2; do
	printf '{"schema":"ontwatch.order/1","event":"%s","time":"2026-03-06T10:0%d:00Z","order":{"id":"ow-t","summary":"bend","cause":"fiber_bend","severity":"minor","opened_at":"2026-03-06T10:00:00Z","onts":[{"olt":"o","port":"0/1","ont":3,"serial":"S3","customer_id":"C3"}]}}' \
		"$([ $s = 1 ] && echo opened || echo escalated)" $s |
		"$CTL" outbox submit --store "$DB" ow-t >/dev/null
done
check "the healthy output gets both events while the other fails" wait_for 10 lines "$TMPD/r2.jsonl" 2
check "the failing output keeps retrying" wait_for 10 lines "$TMPD/r1.jsonl" 3
bodies "$TMPD/r2.jsonl" >"$TMPD/tickets"
check "tmf621 bodies are TroubleTickets" sh -c "grep -c '\"@baseType\":\"TroubleTicket\"' '$TMPD/tickets' | grep -qx 2"
check "tmf621: external id, status and related entity" sh -c "head -1 '$TMPD/tickets' | grep '\"externalId\":\"ow-t\"' | grep '\"status\":\"acknowledged\"' | grep -q '\"relatedEntity\":\[{\"id\":\"S3\"'"
check "tmf621: in order" sh -c "sed -n 2p '$TMPD/tickets' | grep -q '\"statusChangeReason\":\"escalated\"'"
check "the failing output has delivered nothing" test -z "$(python3 -c 'import json,sys; [print(1) for l in open(sys.argv[1]) if json.loads(l)["mode"] == "ok"]' "$TMPD/r1.jsonl")"

# reload: the native output now points at the healthy receiver; its queue follows
conf $P2
kill -HUP $DPID
check "reload applied" wait_for 10 grep -q "configuration reloaded" "$TMPD/d.log"
check "the queue drains to the new address" wait_for 10 sh -c "test -z \"\$('$CTL' outbox list --store '$DB')\""
check "both events arrived there, in order" sh -c "grep '\"path\": \"/a\"' '$TMPD/r2.jsonl' | python3 -c '
import json,sys
ev=[]
for l in sys.stdin:
    e=json.loads(json.loads(l)[\"body\"])[\"event\"]
    if e not in ev: ev.append(e)
sys.exit(ev != [\"opened\",\"escalated\"])'"
kill -TERM $DPID
rc=0
wait $DPID || rc=$?
check "daemon exits cleanly" test $rc -eq 0
tap_done
