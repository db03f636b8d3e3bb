#!/bin/sh
# ctl_replay_progress: `ontwatchctl replay` shows a progress line on stderr when stderr is a
# terminal (script(1) gives it one) and a run takes long enough; without a terminal stderr
# stays empty, and the orders and summary are byte-identical either way.
. "$top_srcdir/tests/tap.sh"
ctl="$top_builddir/monitor/ontwatchctl"
command -v script > /dev/null || skip_all "script (util-linux) not installed"
command -v python3 > /dev/null || skip_all "python3 not installed"
# 60 polls of 400 ONTs, one of them falling: 24000 rows
python3 - "$TMPD/a.csv" "$TMPD/b.csv" <<'PY'
import sys, time
head = "time,olt,port,ont,serial,status,rx_dbm,tx_dbm,olt_rx_dbm,bias_ma,temp_c,voltage_v\n"
parts = [open(sys.argv[1], "w"), open(sys.argv[2], "w")]
parts[0].write(head)
t0 = 1772323200
for i in range(120):
    ts = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t0 + i * 900))
    for o in range(400):
        rx = -21.5 - (0.08 * i if o == 7 else 0)
        parts[0 if i < 60 else 1].write("%s,olt-01,0/1/%d,%d,HWTC%08d,online,%.2f,2.20,-23.10,12.00,45.0,3.30\n"
                                        % (ts, o // 64, o % 64, o, rx))
PY
cat "$TMPD/a.csv" "$TMPD/b.csv" > "$TMPD/all.csv"

"$ctl" replay --readings "$TMPD/all.csv" --summary > "$TMPD/plain.out" 2> "$TMPD/plain.err"
check "no terminal: replay ok" test $? -eq 0
check "no terminal: stderr empty" test ! -s "$TMPD/plain.err"
check "the summary counts every row" grep -q "48000 read" "$TMPD/plain.out"

# a terminal, and a pause in the input so that the run lasts longer than 0.5 s
script -qec "(cat '$TMPD/a.csv'; sleep 1; cat '$TMPD/b.csv') | '$ctl' replay --readings - --summary > '$TMPD/tty.out'" /dev/null > "$TMPD/tty.log" 2>&1
check "terminal: replay ok" test $? -eq 0
check "terminal: a progress line with rows and rate" grep -aq "replay: [0-9.]* MB, [0-9]* rows, [0-9]* rows/s, [0-9.]* MB/s" "$TMPD/tty.log"
check "terminal: the last line counts every row" grep -aq "48000 rows" "$TMPD/tty.log"
check "terminal: the line is rewritten in place (CR), plain ASCII" python3 -c '
import sys
b = open(sys.argv[1], "rb").read()
sys.exit(not (b"\r" in b and all(c in (9, 10, 13) or 32 <= c < 127 for c in b)))' "$TMPD/tty.log"
check "terminal: stdout byte-identical" cmp -s "$TMPD/plain.out" "$TMPD/tty.out"
# order events (not the summary) on a terminal too
script -qec "'$ctl' replay --readings '$TMPD/all.csv' > '$TMPD/tty2.out'" /dev/null > "$TMPD/tty2.log" 2>&1
"$ctl" replay --readings "$TMPD/all.csv" > "$TMPD/plain2.out"
check "order events byte-identical with and without a terminal" cmp -s "$TMPD/plain2.out" "$TMPD/tty2.out"
tap_done
