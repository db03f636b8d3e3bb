#!/bin/sh
# replay_golden: recorded histories through `ontwatchctl replay` give exactly the reviewed order
# events (tests/replay/TESTLIST), byte-identical on every run, and a summary.
. "$top_srcdir/tests/tap.sh"
ctl="$top_builddir/monitor/ontwatchctl"
dir="$top_srcdir/tests/replay"
grep -v '^#' "$dir/TESTLIST" > "$TMPD/list"
while read -r name readings customers config _; do
	[ -n "$name" ] || continue
	set -- --readings "$dir/$readings"
	[ "$customers" = "-" ] || set -- "$@" --customers "$dir/$customers"
	[ "$config" = "-" ] || set -- "$@" -f "$dir/$config"
	if "$ctl" replay "$@" --orders "$TMPD/$name.1" 2> "$TMPD/$name.err" &&
		"$ctl" replay "$@" > "$TMPD/$name.2" 2>> "$TMPD/$name.err"; then
		if diff -u "$dir/$name.jsonl" "$TMPD/$name.1" > "$TMPD/$name.diff"; then
			ok "$name: order events match"
		else
			not_ok "$name: order events differ"
			sed 's/^/# /' "$TMPD/$name.diff" | head -40
		fi
		check "$name: stdout and --orders byte-identical" cmp -s "$TMPD/$name.1" "$TMPD/$name.2"
		check "$name: no complaints" test ! -s "$TMPD/$name.err"
	else
		not_ok "$name: replay failed"
		sed 's/^/# /' "$TMPD/$name.err"
	fi
done < "$TMPD/list"
# every event line is one JSON object of the public schema
check "events carry the schema" sh -c "! grep -hv '^{\"schema\":\"ontwatch.order/1\",\"event\":\"\(opened\|updated\|escalated\|resolved\)\"' '$dir'/*.jsonl"
"$ctl" replay --readings "$dir/splitter.csv" --customers "$dir/splitter.customers.csv" \
	--summary > "$TMPD/summary" 2>&1
check "summary counts the splitter order" grep -q "orders by scope: ont 0, splitter 1, pon 0" "$TMPD/summary"
check "summary has lead times" grep -q "lead time before impact" "$TMPD/summary"
# thresholds from a configuration: the OLT's profile asks for a 6 dB drop, so the 4.2 dB
# connector step of step.csv opens nothing; with the built-in profile it does
cat > "$TMPD/t.conf" <<CONF
thresholds = ( { name = "lenient"; pon_class = "gpon-b+"; baseline_drop = 6.0; } );
olts = ( { name = "olt-01"; address = "127.0.0.1"; vendor = "huawei";
           snmp = { community = "public"; }; thresholds = "lenient"; } );
CONF
"$ctl" replay -f "$TMPD/t.conf" --readings "$dir/step.csv" > "$TMPD/conf.out" 2> "$TMPD/conf.err"
check "-f: configuration accepted" test $? -eq 0
check "-f: the OLT's profile applies (no order)" test ! -s "$TMPD/conf.out"
"$ctl" replay -f "$TMPD/t.conf" --profile nosuch --readings "$dir/step.csv" > /dev/null 2>&1
check "--profile: an unknown profile is refused" test $? -ne 0
# threshold overrides (override.csv: the same 2.5 dB step on ONT 1 of ports 0/1/0 and
# 0/1/1): the default thresholds order neither step ...
"$ctl" replay --readings "$dir/override.csv" > "$TMPD/ov.none" 2>&1
check "override: nothing ordered without the override" test ! -s "$TMPD/ov.none"
# ... the port override of override.conf only the one on its port (the golden case above);
# a tag override matches the OLT's tags, and the first matching override wins
ovconf() {
	cat > "$TMPD/ov.conf" <<CONF
thresholds = ( { name = "strict"; pon_class = "gpon-b+"; rx_low_warn = -21.0; } );
olts = ( { name = "olt-01"; address = "127.0.0.1"; vendor = "huawei";
           snmp = { community = "public"; }; tags = { region = "north"; }; } );
threshold_overrides = ( $1 );
CONF
	"$ctl" replay -f "$TMPD/ov.conf" --readings "$dir/override.csv" 2>&1 |
		sed -n 's/.*"event":"opened".*"key":"\([^"]*\)".*/\1/p' | tr '\n' ' '
}
check "override: tag region=north orders both ports" \
	test "$(ovconf '{ tag = "region=north"; thresholds = "strict"; }')" = \
	"ont:olt-01/0/1/0/1 ont:olt-01/0/1/1/1 "
check "override: another region's tag orders nothing" \
	test -z "$(ovconf '{ tag = "region=south"; thresholds = "strict"; }')"
check "override: the first match wins" \
	test "$(ovconf '{ port = "0/1/1"; thresholds = "gpon-b+"; },
	                { tag = "region=north"; thresholds = "strict"; }')" = "ont:olt-01/0/1/0/1 "
tap_done
