#!/bin/sh
# replay_bench.sh BUILDDIR [WORKDIR]: the month of a 10,000-ONT fleet at 15-minute polls
# (about 29 million rows) through `ontwatchctl replay`, timed; then the scoring scenario.
set -eu
build=$(cd "${1:?usage: replay_bench.sh BUILDDIR [WORKDIR]}" && pwd)
work=${2:-/tmp/ontwatch-bench}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
# 10 OLTs x 32 ports x 32 ONTs = 10,240 ONTs, 30 days
[ -f "$work/big/readings.csv" ] || python3 "$here/scengen.py" "$work/big" --olts 10 --ports 32 --days 30
wc -l "$work/big/readings.csv"
/usr/bin/time -v "$build/monitor/ontwatchctl" replay --readings "$work/big/readings.csv" \
	--customers "$work/big/customers.csv" --orders "$work/big/orders.jsonl" 2> "$work/big/time.txt"
grep -E "Elapsed|Maximum resident" "$work/big/time.txt"
# the scoring scenario: 4 OLTs x 8 ports x 32 ONTs, 30 days
[ -f "$work/score/readings.csv" ] || python3 "$here/scengen.py" "$work/score" --olts 4 --ports 8 --days 30
"$build/monitor/ontwatchctl" replay --readings "$work/score/readings.csv" \
	--customers "$work/score/customers.csv" --orders "$work/score/orders.jsonl" --summary
python3 "$here/score.py" "$work/score" "$work/score/orders.jsonl"
