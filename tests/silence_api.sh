#!/bin/sh
# silence_api: /api/v1/silences against a running daemon fed by a simulated OLT
# (tests/api_env.sh): add, list and end a silence; bad input and roles are refused and change
# nothing; with the silence in force, new orders of the silenced port are stored but hidden
# from GET /orders and never written to the file output, while the other port's orders are;
# ending the silence delivers them at once.
. "$top_srcdir/tests/tap.sh"
command -v jq >/dev/null 2>&1 || skip_all "jq not installed"
command -v sqlite3 >/dev/null 2>&1 || skip_all "sqlite3 not installed"
. "$top_srcdir/tests/api_env.sh"

j() { jq -r "$@" "$TMPD/body"; }
code_is() { test "$(api_status)" = "$1"; }
silences_total() { api_get /api/v1/silences >/dev/null && j '.total'; }
check "the OLT was polled" api_wait_polled
ports_open() {
	test "$(sqlite3 "$DB" "SELECT count(DISTINCT json_extract(doc, '\$.port')) FROM work_order WHERE open")" -ge 2
}
check "orders are open on two ports" api_wait 20 ports_open

# the two ports with orders: P1 is silenced, P2 is not
api_get "/api/v1/orders?silenced=any" >/dev/null
P1=$(j '[.orders[].port] | unique | .[0]')
P2=$(j '[.orders[].port] | unique | .[1]')
diag "silencing port $P1; port $P2 stays loud"
test -n "$P1" && test -n "$P2" && test "$P2" != null || api_bail "orders on two ports expected"

api_post /api/v1/silences "{\"olt\":\"olt-a\",\"port\":\"$P1\",\"duration\":\"2h\",
	\"reason\":\"splitter swap, change CHG-1234\"}" >/dev/null
check "POST: 201" code_is 201
SID=$(j '.silence.id')
check "POST: an si- id of 16 hex digits" sh -c "echo '$SID' | grep -Eq '^si-[0-9a-f]{16}\$'"
check "POST: active, matchers as given, author and created_by the token's name" \
	test "$(j '.silence | "\(.state) \(.olt) \(.port) \(.splitter) \(.serial) \(.author) \(.created_by) \(.held_orders)"')" = \
	"active olt-a $P1 null null tester tester 0"
check "POST: ends 2 hours after it starts" \
	test "$(j '.silence | (.ends_at | fromdateiso8601) - (.starts_at | fromdateiso8601)')" = 7200
check "POST: logged with the token's name" grep -q "silence $SID added by tester" "$TMPD/d.log"
api_get /api/v1/silences >/dev/null
check "GET: lists it" test "$(j --arg s "$SID" '"\(.total) \(.silences[0].id == $s)"')" = "1 true"

# refused requests change nothing
bad() { # NAME BODY [STATUS [TOKEN]]
	api_call POST /api/v1/silences "$2" "${4-$WRITE_TOKEN}" >/dev/null
	check "POST $1: ${3:-400} with an error" sh -c \
		"test \$(cat '$TMPD/status') = ${3:-400} && jq -e .error '$TMPD/body' >/dev/null"
}
bad "without a matcher" '{"duration":"1h","reason":"x"}'
bad "port without olt" '{"port":"0/1/0","duration":"1h","reason":"x"}'
bad "a bad time" '{"olt":"olt-a","ends_at":"tomorrow","reason":"x"}'
bad "a past end" '{"olt":"olt-a","ends_at":"2020-01-01T00:00:00Z","reason":"x"}'
bad "a bad duration" '{"olt":"olt-a","duration":"5w","reason":"x"}'
bad "beyond 90 days" '{"olt":"olt-a","duration":"91d","reason":"x"}'
bad "both ends_at and duration" \
	'{"olt":"olt-a","duration":"1h","ends_at":"2099-01-01T00:00:00Z","reason":"x"}'
bad "without a reason" '{"olt":"olt-a","duration":"1h"}'
bad "an unknown member" '{"olt":"olt-a","duration":"1h","reason":"x","colour":"red"}'
bad "a matcher not a string" '{"olt":7,"duration":"1h","reason":"x"}'
# the error names the member cut to 60 bytes: here inside the two bytes of an e-acute
bad "an unknown member whose name is cut inside a character" \
	"{\"olt\":\"olt-a\",\"duration\":\"1h\",\"reason\":\"x\",\"$(printf '%059d' 0)\\u00e9\":1}"
check "... and the daemon is still running" kill -0 "$DPID" 2>/dev/null
bad "with a read token" '{"olt":"olt-a","duration":"1h","reason":"x"}' 403 "$READ_TOKEN"
bad "without a token" '{"olt":"olt-a","duration":"1h","reason":"x"}' 401 ""
api_get "/api/v1/silences?all=maybe" >/dev/null
check "GET ?all=maybe: 400" code_is 400
api_delete /api/v1/silences/si-0000000000000000 >/dev/null
check "DELETE an unknown id: 404" code_is 404
api_delete "/api/v1/silences/$SID" "$READ_TOKEN" >/dev/null
check "DELETE with a read token: 403" code_is 403
check "still one silence" test "$(silences_total)" = 1

# New orders: the daemon starts again on a store without orders (the readings stay), so
# every problem opens again, now under the silence.
kill "$DPID"
wait "$DPID" 2>/dev/null
sqlite3 "$DB" "DELETE FROM outbox; DELETE FROM dead_letter; DELETE FROM journal;
	DELETE FROM order_event; DELETE FROM work_order;" || api_bail "cannot clear the orders"
: >"$TMPD/orders.jsonl"
"$top_builddir/monitor/ontwatchd" -f "$CONF" >>"$TMPD/d.log" 2>&1 &
DPID=$!
track_pid $DPID
check "the daemon is back" api_wait 15 sh -c "curl -s -o /dev/null '$API_URL/api/v1/status'"
check "orders open again on both ports" api_wait 20 ports_open

HELD=$(sqlite3 "$DB" "SELECT id FROM work_order WHERE open AND json_extract(doc, '\$.port') = '$P1'")
LOUD=$(sqlite3 "$DB" "SELECT id FROM work_order WHERE open AND json_extract(doc, '\$.port') = '$P2'")
diag "held: $(echo $HELD); delivered: $(echo $LOUD)"
check "the silenced port's orders are marked in the store" test "$(sqlite3 "$DB" \
	"SELECT count(*) FROM work_order WHERE open AND silence = '$SID'")" = "$(echo "$HELD" | wc -w)"
api_get /api/v1/orders >/dev/null
check "GET /orders hides them, shows the other port's" test "$(j --arg p "$P1" --arg q "$P2" \
	'([.orders[] | select(.port == $p)] | length == 0) and ([.orders[] | select(.port == $q)] | length > 0)')" = true
api_get "/api/v1/orders?silenced=true" >/dev/null
check "GET /orders?silenced=true: only them, each with its silence and until" \
	test "$(j --arg p "$P1" --arg s "$SID" \
	'.total > 0 and ([.orders[] | select(.port != $p or .silenced.id != $s or (.silenced.until | test("Z$") | not))] | length == 0)')" = true
in_output() { grep -q "\"id\":\"$1\"" "$TMPD/orders.jsonl"; }
not_in_output() { ! in_output "$1"; }
all_in_output() { for id in $LOUD; do in_output "$id" || return 1; done; }
check "the other port's orders are written to the file output" api_wait 10 all_in_output
for id in $HELD; do
	check "held order $id is not written to the file output" not_in_output "$id"
	check "held order $id is logged as held" grep -q "silence $SID: holding order $id" "$TMPD/d.log"
done
check "nothing of the held orders is journalled for delivery" test "$(sqlite3 "$DB" \
	"SELECT count(*) FROM journal WHERE order_id IN (SELECT id FROM work_order WHERE silence = '$SID')")" = 0
api_get /api/v1/silences >/dev/null
check "GET: held_orders counts them" test "$(j '.silences[0].held_orders')" = "$(echo "$HELD" | wc -w)"
api_get /api/v1/status >/dev/null
check "status: silences_active 1" test "$(j '.silences_active')" = 1

# ended by hand: the held orders go out at once
api_delete "/api/v1/silences/$SID" >/dev/null
check "DELETE: 200 with the silence, expired" \
	test "$(api_status) $(j '.silence | "\(.id) \(.state)"')" = "200 $SID expired"
check "DELETE: logged with the token's name" grep -q "silence $SID ended by tester" "$TMPD/d.log"
for id in $HELD; do
	check "released order $id is written as opened" sh -c \
		"grep '\"id\":\"$id\"' '$TMPD/orders.jsonl' | grep -q '\"event\":\"opened\"'"
done
check "released orders are journalled for delivery" test "$(sqlite3 "$DB" \
	"SELECT count(DISTINCT order_id) FROM journal WHERE event = 'opened' AND order_id IN ($(echo $HELD | sed "s/\([^ ]*\)/'\1'/g; s/ /,/g"))")" = "$(echo "$HELD" | wc -w)"
api_get /api/v1/orders >/dev/null
check "GET /orders shows them now, without silenced" test "$(j --arg p "$P1" \
	'[.orders[] | select(.port == $p)] | length > 0 and all(.silenced == null)')" = true
api_delete "/api/v1/silences/$SID" >/dev/null
check "DELETE again: 409" code_is 409
check "GET: no silence left" test "$(silences_total)" = 0
api_get "/api/v1/silences?all=true" >/dev/null
check "GET ?all=true: the expired one" test "$(j '"\(.total) \(.silences[0].state)"')" = "1 expired"
api_get /api/v1/status >/dev/null
check "status: silences_active 0" test "$(j '.silences_active')" = 0
tap_done
