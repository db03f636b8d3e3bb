#!/bin/sh
# exec_delivery: an exec output runs its command with the event JSON on stdin; a non-zero
# exit and a command killed after its timeout are retried like webhook failures, in order.
. "$top_srcdir/tests/tap.sh"
D="$top_builddir/monitor/ontwatchd"
CTL="$top_builddir/monitor/ontwatchctl"
DB="$TMPD/ow.db"

wait_for() {
	t=$1
	shift
	for _ in $(seq 1 $((t * 10))); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}
event() {
	printf '{"schema":"ontwatch.order/1","event":"updated","seq":%d,"order":{"id":"%s"}}' "$2" "$1" |
		"$CTL" outbox submit --store "$DB" "$1" >/dev/null
}

# the command refuses while $TMPD/closed exists, hangs while $TMPD/hang exists
cat >"$TMPD/sink.sh" <<EOS
#!/bin/sh
[ -e "$TMPD/hang" ] && exec sleep 30
[ -e "$TMPD/closed" ] && exit 3
cat >>"$TMPD/sink.out"
echo >>"$TMPD/sink.out"
EOS
chmod +x "$TMPD/sink.sh"
cat >"$TMPD/ow.conf" <<EOC
store = { path = "$DB"; };
outputs = ( { name = "sink"; type = "exec"; command = "$TMPD/sink.sh"; timeout = 0.5;
              retry_initial = 0.1; retry_max = 0.4; } );
EOC
"$D" -f "$TMPD/ow.conf" >"$TMPD/d.log" 2>&1 &
DPID=$!
track_pid $DPID
check "daemon starts" wait_for 10 grep -q started "$TMPD/d.log"

event ow-x 1
event ow-x 2
check "events reach the command on stdin" wait_for 10 sh -c "[ \$(grep -c seq '$TMPD/sink.out') -eq 2 ]"
check "in order" sh -c "grep -o '\"seq\":[0-9]*' '$TMPD/sink.out' | tr '\n' ' ' | grep -q '\"seq\":1 \"seq\":2 '"

touch "$TMPD/closed"
event ow-y 1
check "non-zero exit is retried" wait_for 10 sh -c "'$CTL' outbox list --store '$DB' | grep -q 'ow-y.*attempts=[2-9].*exited with status 3'"
rm "$TMPD/closed"
check "delivered once the command succeeds" wait_for 10 grep -q '"ow-y"' "$TMPD/sink.out"

touch "$TMPD/hang"
event ow-z 1
check "a hanging command is killed after its timeout and retried" wait_for 10 sh -c "'$CTL' outbox list --store '$DB' | grep -q 'ow-z.*attempts=[2-9].*timed out'"
rm "$TMPD/hang"
check "delivered after the timeouts" wait_for 10 grep -q '"ow-z"' "$TMPD/sink.out"
check "no command is left running" sh -c "! pgrep -f '$TMPD/[s]ink.sh' >/dev/null"
kill -TERM $DPID
rc=0
wait $DPID || rc=$?
check "daemon exits cleanly" test $rc -eq 0
tap_done
