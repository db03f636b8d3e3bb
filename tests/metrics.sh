#!/bin/sh
# metrics: GET /metrics of a running daemon. Two simulated OLTs (Huawei and ZTE, each on its
# own snmpsimd) and one configured on a port nobody listens to, reached by a reload; outputs
# an exec sink and a webhook nobody answers; one order acknowledged over the API. The scrape
# must pass `promtool check metrics` and its values must agree with the simulators' ONT lists,
# the store (sqlite3) and what the outputs received. No or a wrong token is refused.
. "$top_srcdir/tests/tap.sh"
command -v promtool >/dev/null 2>&1 || skip_all "promtool not installed (Debian package prometheus)"
command -v sqlite3 >/dev/null 2>&1 || skip_all "sqlite3 not installed"
. "$top_srcdir/tests/api_env.sh"
api_wait_polled || api_bail "olt-a was not polled"

M="$TMPD/metrics.txt"
scrape() { api_get /metrics >"$M" && [ "$(api_status)" = 200 ]; }
# val SAMPLE: the value of one sample line, e.g. val 'ontwatch_olt_up{olt="olt-a"}'
val() { awk -v k="$1" '$1 == k { print $2; n++ } END { exit n != 1 }' "$M"; }
# sum FAMILY, or sum 'FAMILY{label="value"': the sum of the matching samples
sum() {
	awk -v f="$1" '(index(f, "{") == 0 && ($1 == f || index($1, f "{") == 1)) ||
		(index(f, "{") > 0 && index($1, f) == 1) { s += $2 } END { print s + 0 }' "$M"
}
eq() { [ "$1" = "$2" ] || { diag "got '$1', want '$2'"; return 1; }; }
gt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 > b + 0) }' || { diag "'$1' is not > $2"; return 1; }; }

# --- authentication -------------------------------------------------------------------------
code() { curl -s -m 10 -o /dev/null -w '%{http_code}' "$@" "$API_URL/metrics"; }
check "no token: 401" eq "$(code)" 401
check "an unknown token: 401" eq "$(code -H 'Authorization: Bearer not-a-token')" 401
check "a write token may read: 200" eq "$(code -H "Authorization: Bearer $WRITE_TOKEN")" 200
curl -s -m 10 -D "$TMPD/headers" -o /dev/null -H "Authorization: Bearer $READ_TOKEN" \
	"$API_URL/metrics"
check "content type of the text format 0.0.4" \
	grep -qi '^content-type: text/plain; version=0.0.4; charset=utf-8' "$TMPD/headers"
# requests by status class: a scrape, three refused requests, a scrape. A scrape does not
# count itself (it is counted once answered): the second sees the first and the three.
scrape
OK1=$(val 'ontwatch_http_requests_total{code="2xx"}')
BAD1=$(val 'ontwatch_http_requests_total{code="4xx"}')
code >/dev/null
code -H 'Authorization: Bearer not-a-token' >/dev/null
curl -s -m 10 -o /dev/null -H "Authorization: Bearer $READ_TOKEN" "$API_URL/api/v1/nothing-here"
scrape
check "requests: one more 2xx (the first scrape)" \
	eq "$(val 'ontwatch_http_requests_total{code="2xx"}')" $((OK1 + 1))
check "requests: three more 4xx (401, 401, 404)" \
	eq "$(val 'ontwatch_http_requests_total{code="4xx"}')" $((BAD1 + 3))
check "requests: no 5xx" eq "$(val 'ontwatch_http_requests_total{code="5xx"}')" 0

# --- a second simulated OLT, an unreachable one and two delivery outputs, by reload ---------
mkdir -p "$TMPD/simb"
python3 "$top_srcdir/tests/simolt.py" --vendor zte --slots 1 --ports 3 --onts 5 \
	--degraded 0.2 --offline 0.1 --seed 11 --name olt-b --out "$TMPD/simb/olt-b.snmprec" \
	--expect "$TMPD/olt-b.expect"
BPORT=$(free_port)
DEADPORT=$(free_port)
HOOKPORT=$(free_port)
sim_start "$TMPD/simb" "$BPORT" olt-b || api_bail "the second snmpsimd did not start"
python3 - "$CONF" "$BPORT" "$DEADPORT" "$HOOKPORT" "$TMPD" <<'EOF' || api_bail "cannot rewrite the configuration"
import re, sys
path, bport, dead, hook, tmpd = sys.argv[1:]
conf = open(path).read()
olts = ('olts = ( { name = "olt-a"; \\1 },\n'
        '  { name = "olt-b"; address = "127.0.0.1"; port = %s; vendor = "zte";'
        ' snmp = { version = "2c"; community = "olt-b"; }; },\n'
        '  { name = "olt-dead"; address = "127.0.0.1"; port = %s; vendor = "huawei";'
        ' snmp = { version = "2c"; community = "x"; }; } );' % (bport, dead))
conf, n = re.subn(r'olts = \( \{ name = "olt-a"; (.*?) \} \);', olts, conf, flags=re.S)
assert n == 1
outputs = ('outputs = ( \\1,\n'
           '  { name = "sink"; type = "exec"; command = "cat >> %s/sink.jsonl; echo >> %s/sink.jsonl"; },\n'
           '  { name = "hook"; type = "webhook"; url = "http://127.0.0.1:%s/hook";'
           ' timeout = 0.5; retry_initial = 0.2; retry_max = 0.5; } );' % (tmpd, tmpd, hook))
conf, n = re.subn(r'outputs = \( (\{[^}]*\}) \);', outputs, conf)
assert n == 1
open(path, "w").write(conf)
EOF
api_post /api/v1/reload '' >/dev/null
check "reload requested" eq "$(api_status)" 202
reloaded() { scrape && [ "$(val ontwatch_config_last_reload_successful)" = 1 ]; }
api_wait 20 reloaded || diag "$(tail -5 "$TMPD/d.log")"
check "the reload succeeded" reloaded

# an event for the outputs: acknowledge one open order
ORDER=$(sqlite3 "$DB" "SELECT id FROM work_order WHERE open ORDER BY opened, id LIMIT 1")
[ -n "$ORDER" ] || api_bail "no open order to acknowledge"
api_post "/api/v1/orders/$ORDER/status" '{"status": "acknowledged", "note": "metrics test"}' \
	>/dev/null
check "order $ORDER acknowledged" eq "$(api_status)" 200

ready() {
	scrape &&
		[ "$(val 'ontwatch_olt_up{olt="olt-b"}')" = 1 ] &&
		gt "$(val 'ontwatch_olt_poll_failures_total{olt="olt-dead"}')" 0 &&
		gt "$(val 'ontwatch_outbox_deliveries_total{output="sink"}')" 0 &&
		gt "$(val 'ontwatch_outbox_delivery_failures_total{output="hook"}')" 0
}
api_wait 40 ready || diag "not all figures arrived in time"
# Orders open and deliveries happen while olt-b's first polls are judged: read the store and
# the sink between two scrapes, again until the scrapes' order and outbox figures agree (then
# nothing moved in between). Each try takes a moment: api_wait 3 is about 30 tries.
figures() { grep -E '^ontwatch_(orders|outbox_)' "$M"; }
snapshot() {
	scrape && figures >"$TMPD/before" || return 1
	sqlite3 "$DB" 'SELECT count(*) FROM work_order WHERE open' >"$TMPD/s.open"
	sqlite3 -separator ' ' "$DB" "SELECT state, json_extract(doc, '\$.cause'), count(*)
		FROM work_order WHERE open GROUP BY 1, 2" >"$TMPD/s.groups"
	sqlite3 "$DB" "SELECT count(*) FROM work_order
		WHERE opened >= $(val ontwatch_start_time_seconds)" >"$TMPD/s.opened"
	# deliveries run side by side (max_in_flight): two documents may share a line
	grep -o '"event"' "$TMPD/sink.jsonl" | wc -l | tr -d ' ' >"$TMPD/s.sink"
	sqlite3 "$DB" "SELECT count(*) FROM outbox WHERE output = 'hook'" >"$TMPD/s.hookq"
	sqlite3 "$DB" "SELECT j.time FROM outbox o JOIN journal j ON j.id = o.event
		WHERE o.output = 'hook' ORDER BY o.event LIMIT 1" >"$TMPD/s.oldest"
	date +%s >"$TMPD/s.now"
	scrape && figures >"$TMPD/after" && cmp -s "$TMPD/before" "$TMPD/after" &&
		[ "$(val 'ontwatch_outbox_queued{output="sink"}')" = 0 ]
}
api_wait 3 snapshot || diag "orders or deliveries kept changing"

# --- the exposition is valid ----------------------------------------------------------------
promtool check metrics <"$M" >"$TMPD/promtool.out" 2>&1
rc=$?
sed 's/^/# promtool: /' "$TMPD/promtool.out"
check "promtool check metrics accepts the scrape" eq "$rc" 0
one_header() {
	[ -z "$(grep '^# TYPE ' "$M" | awk '{ print $3 }' | sort | uniq -d)" ] &&
		[ "$(grep -c '^# HELP ' "$M")" = "$(grep -c '^# TYPE ' "$M")" ]
}
check "one HELP and one TYPE per family" one_header
check "build info carries the version" \
	eq "$(val "ontwatch_build_info{version=\"$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"/\1/p' \
		"$top_builddir/config.h")\"}")" 1
STARTED=$(val ontwatch_start_time_seconds)
check "start time is the daemon's start (within 10 minutes of now)" \
	awk -v s="$STARTED" -v n="$(date +%s)" 'BEGIN { exit !(s > n - 600 && s <= n) }'

# --- OLTs -----------------------------------------------------------------------------------
NA=$(grep -c '^ONT ' "$SIM_EXPECT")
NB=$(grep -c '^ONT ' "$TMPD/olt-b.expect")
diag "simulated ONTs: olt-a $NA, olt-b $NB"
for o in olt-a olt-b; do
	n=$NA
	[ $o = olt-b ] && n=$NB
	check "$o: up" eq "$(val "ontwatch_olt_up{olt=\"$o\"}")" 1
	check "$o: ONTs read in the last poll = the simulated $n" \
		eq "$(val "ontwatch_olt_onts_read{olt=\"$o\"}")" "$n"
	check "$o: polled at least once" gt "$(val "ontwatch_olt_polls_total{olt=\"$o\"}")" 0
	check "$o: no consecutive failures" \
		eq "$(val "ontwatch_olt_consecutive_failures{olt=\"$o\"}")" 0
	check "$o: last success within the last minute" \
		awk -v s="$(val "ontwatch_olt_last_success_timestamp_seconds{olt=\"$o\"}")" \
		-v n="$(date +%s)" 'BEGIN { exit !(s > n - 60 && s <= n + 1) }'
	check "$o: a poll duration" gt "$(val "ontwatch_olt_poll_duration_seconds{olt=\"$o\"}")" 0
done
# scrapes in quick succession (below http.rate_limit, 50/s) over a few poll intervals (2 s):
# some fall while a poll runs
always_up() {
	_end=$(($(date +%s) + 6))
	_n=0
	while [ "$(date +%s)" -lt $_end ]; do
		api_get /metrics >"$TMPD/m2" || return 1
		[ "$(api_status)" = 200 ] || { diag "scrape $_n: HTTP $(api_status)"; return 1; }
		grep -q '^ontwatch_olt_up{olt="olt-a"} 1$' "$TMPD/m2" &&
			grep -q "^ontwatch_olt_onts_read{olt=\"olt-a\"} $NA\$" "$TMPD/m2" ||
			{ diag "scrape $_n: $(grep 'olt="olt-a"' "$TMPD/m2" | tr '\n' ' ')"; return 1; }
		_n=$((_n + 1))
		sleep 0.04
	done
	diag "$_n scrapes in 6 s"
}
check "olt-a: up with its ONTs in every scrape, also during polls (the last finished poll's)" \
	always_up
check "olt-dead: down" eq "$(val 'ontwatch_olt_up{olt="olt-dead"}')" 0
check "olt-dead: failures counted" \
	eq "$(val 'ontwatch_olt_poll_failures_total{olt="olt-dead"}')" \
	"$(val 'ontwatch_olt_polls_total{olt="olt-dead"}')"
check "olt-dead: consecutive failures > 0" \
	gt "$(val 'ontwatch_olt_consecutive_failures{olt="olt-dead"}')" 0
check "olt-dead: no last success" \
	eval "! grep -q 'last_success_timestamp_seconds{olt=\"olt-dead\"}' '$M'"
check "olt-dead: no ONTs read" eq "$(val 'ontwatch_olt_onts_read{olt="olt-dead"}')" 0

# every complete poll stores all it read; the scrape reads all counters at one instant
PA=$(val 'ontwatch_olt_polls_total{olt="olt-a"}')
PB=$(val 'ontwatch_olt_polls_total{olt="olt-b"}')
if [ "$(val 'ontwatch_olt_poll_failures_total{olt="olt-a"}')" = 0 ] &&
	[ "$(val 'ontwatch_olt_poll_failures_total{olt="olt-b"}')" = 0 ]; then
	check "readings stored = ONTs x polls since the reload ($PA x $NA + $PB x $NB)" \
		eq "$(val ontwatch_readings_stored_total)" $((PA * NA + PB * NB))
else
	ok "readings stored # SKIP a poll of a simulated OLT failed (loaded machine)"
fi
check "no readings lost" eq "$(val ontwatch_readings_not_stored_total)" 0
check "no values rejected" eq "$(sum ontwatch_readings_rejected_total)" 0

# --- ONTs per state -------------------------------------------------------------------------
check "ONTs per state add up to the simulated $((NA + NB))" eq "$(sum ontwatch_onts)" $((NA + NB))
every_state() {
	for st in healthy warning at_risk faulty offline; do
		val "ontwatch_onts{state=\"$st\"}" >/dev/null || return 1
	done
}
check "every state has one sample" every_state

# --- orders ---------------------------------------------------------------------------------
check "open orders = the store's" eq "$(sum ontwatch_orders)" "$(cat "$TMPD/s.open")"
sed -n 's/^ontwatch_orders{state="\([^"]*\)",cause="\([^"]*\)"} /\1 \2 /p' "$M" | sort \
	>"$TMPD/orders.metrics"
check "open orders per state and cause = the store's" cmp -s "$TMPD/s.groups" "$TMPD/orders.metrics"
check "the acknowledged order is counted as acknowledged" \
	gt "$(sum 'ontwatch_orders{state="acknowledged"')" 0
check "orders opened since the start = the store's" \
	eq "$(sum ontwatch_orders_opened_total)" "$(cat "$TMPD/s.opened")"

# --- silences -------------------------------------------------------------------------------
check "no silence active at first" eq "$(val ontwatch_silences_active)" 0
api_post /api/v1/silences '{"olt": "olt-b", "duration": "1h", "reason": "metrics test"}' \
	>/dev/null
check "a silence added" eq "$(api_status)" 201
check "one silence active" sh -c "
	curl -s -m 10 -H 'Authorization: Bearer $READ_TOKEN' '$API_URL/metrics' |
	grep -qx 'ontwatch_silences_active 1'"

# --- outputs --------------------------------------------------------------------------------
check "sink: deliveries = the events it received" \
	eq "$(val 'ontwatch_outbox_deliveries_total{output="sink"}')" "$(cat "$TMPD/s.sink")"
check "sink: nothing queued" eq "$(val 'ontwatch_outbox_queued{output="sink"}')" 0
check "sink: no failures" eq "$(val 'ontwatch_outbox_delivery_failures_total{output="sink"}')" 0
check "hook: queued = the store's" \
	eq "$(val 'ontwatch_outbox_queued{output="hook"}')" "$(cat "$TMPD/s.hookq")"
check "hook: failed attempts counted" \
	gt "$(val 'ontwatch_outbox_delivery_failures_total{output="hook"}')" 0
check "hook: nothing delivered" eq "$(val 'ontwatch_outbox_deliveries_total{output="hook"}')" 0
check "hook: the oldest queued event's age = the store's (within 5 s)" \
	awk -v a="$(val 'ontwatch_outbox_oldest_queued_age_seconds{output="hook"}')" \
	-v n="$(cat "$TMPD/s.now")" -v o="$(cat "$TMPD/s.oldest")" \
	'BEGIN { d = a - (n - o); exit !(a != "" && o != "" && d <= 5 && d >= -5) }'
check "no dead letters" eq "$(sum ontwatch_outbox_dead_letters)" 0
check "no capture figures without capture" eval "! grep -q '^ontwatch_capture' '$M'"

tap_done
