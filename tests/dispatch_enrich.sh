#!/bin/sh
# dispatch_enrich: order events get tier, region, location, priority with its reason and the
# visit hints from the imported customers and the other open orders (batching), on the
# event's clock; compared with golden files tests/dispatch/enrich-NAME.json.
# OW_UPDATE_GOLDEN=1 rewrites them (review the diff before committing).
. "$top_srcdir/tests/tap.sh"
command -v sqlite3 >/dev/null || skip_all "sqlite3 is not installed"
CTL="$top_builddir/monitor/ontwatchctl"
G="$top_srcdir/tests/dispatch"
DB="$TMPD/ow.db"
export TZ=UTC
{ echo "store = { path = \"$DB\"; };"; cat "$G/enrich.conf"; } >"$TMPD/ow.conf"
check "customers import" "$CTL" customers import -f "$TMPD/ow.conf" "$G/enrich-customers.csv"
# an open order on the same splitter, for batch_with
sqlite3 "$DB" "INSERT INTO work_order(id, problem_key, state, open, olt, owner, opened, updated, doc)
  VALUES ('ow-00000000000000b9', 'ont:olt-sg/0/1/3/9', 'open', 1, 'olt-sg', 'd', 1, 1,
  '{\"id\":\"ow-00000000000000b9\",\"olt\":\"olt-sg\",\"port\":\"0/1/3\",\"splitter\":\"SP-7\"}')"
pretty() { python3 -c 'import json,sys; print(json.dumps(json.loads(sys.stdin.read()), indent=2))'; }
for name in ont splitter nocustomer; do
	"$CTL" outbox submit -f "$TMPD/ow.conf" --enrich --print "ow-$name" "$G/enrich-$name.in" \
		2>"$TMPD/err" | head -1 | pretty >"$TMPD/$name.json"
	[ -n "${OW_UPDATE_GOLDEN:-}" ] && cp "$TMPD/$name.json" "$G/enrich-$name.json"
	check "enriched $name order matches its golden file" diff -u "$G/enrich-$name.json" "$TMPD/$name.json"
done
check "the enriched events are journalled" test "$(sqlite3 "$DB" "SELECT count(*) FROM journal WHERE body LIKE '%\"visit\":%'")" = 3
# an ONT with no imported customer is dispatched on the default tier, not left bare
check "no customer: default tier and a priority" python3 -c 'import json,sys; o=json.load(open(sys.argv[1]))["order"]; sys.exit(0 if o["tier"] and o["priority"] and o["visit"] else 1)' "$TMPD/nocustomer.json"
printf '{"event":"opened","time":"2026-03-06T02:00:00Z","order":{}}' |
	"$CTL" outbox submit -f "$TMPD/ow.conf" --enrich x >/dev/null 2>"$TMPD/err"
check "an event that cannot be enriched is journalled as it is, with the reason" grep -q "journalled without dispatch hints: not an ontwatch.order/1 event" "$TMPD/err"
check "it is in the journal" test "$(sqlite3 "$DB" "SELECT count(*) FROM journal WHERE order_id = 'x'")" = 1
printf '[1]' | "$CTL" outbox submit -f "$TMPD/ow.conf" --enrich y >/dev/null 2>"$TMPD/err"
check "text that is not an event is refused" sh -c "grep -q 'not an order event' '$TMPD/err' && test \"\$(sqlite3 '$DB' \"SELECT count(*) FROM journal WHERE order_id = 'y'\")\" = 0"
tap_done
