#!/bin/sh
# replay_malformed: each malformed row is reported as FILE:LINE: reason and skipped; the rest
# of the file is replayed; unreadable input fails with a message, never a crash.
. "$top_srcdir/tests/tap.sh"
ctl="$top_builddir/monitor/ontwatchctl"
f="$TMPD/bad.csv"
{
	echo "time,olt,port,ont,serial,status,rx_dbm,tx_dbm,olt_rx_dbm,bias_ma,temp_c,voltage_v"
	echo "2026-03-02T00:15:00Z,olt-01,0/1/0,7,HWTC1A2B3C4D,online,-21.37,2.31,-19.02,12.40,44.1,3.31"
	echo "2026-03-02T00:30:00Z,olt-01,0/1/0,7,HWTC1A2B3C4D,online,-21.4x,2.31,-19.02,12.40,44.1,3.31"
	echo "2026-03-02T00:30:00Z,olt-01,0/1/0,7,HWTC1A2B3C4D,online,-21.40,2.31"
	echo "2026-02-30T00:30:00Z,olt-01,0/1/0,7,HWTC1A2B3C4D,online,-21.40,2.31,-19.02,12.40,44.1,3.31"
	echo "2026-03-02T00:30:00Z,olt-01,0/1/0,7,HWTC1A2B3C4D,sleeping,-21.40,2.31,-19.02,12.40,44.1,3.31"
	echo "2026-03-02T00:30:00Z,,0/1/0,7,HWTC1A2B3C4D,online,-21.40,2.31,-19.02,12.40,44.1,3.31"
	echo "2026-03-02T00:30:00Z,olt-01,0/1/0,99999,HWTC1A2B3C4D,online,-21.40,2.31,-19.02,12.40,44.1,3.31"
	echo "2026-03-02T00:30:00Z,olt-01,0/1/0,7,HWTC1A2B3C4D,online,-210.4,2.31,-19.02,12.40,44.1,3.31"
	echo "2026-03-02T00:30:00Z,olt-01,0/1/0,7,HWTC1A2B3C4D,online,-21.40,2.31,-19.02,12.40,44.1,3.31,extra"
	printf '2026-03-02T00:30:00Z,olt-01,0/1/0,7,%05000d,online,-21.4,,,,,\n' 0
	echo "2026-03-02T00:45:00Z,olt-01,0/1/0,7,HWTC1A2B3C4D,online,,,,,,"
	printf '2026-03-02T01:00:00Z,olt-01,0/1/0,7,HWTC1A2B3C4D,online,-21.41,2.30,-19.0,12.4,44.0,3.3\r\n'
} > "$f"
"$ctl" replay --readings "$f" --summary > "$TMPD/out" 2> "$TMPD/err"
check "replay exits 0 despite malformed rows" test $? -eq 0
for spec in "3: invalid rx_dbm" "4: too few fields" "5: invalid time" "6: invalid status" \
	"7: invalid or empty olt" "8: invalid ont id" "9: invalid rx_dbm" "10: too many fields" \
	"11: line too long"; do
	check "reports bad.csv:$spec" grep -q "bad.csv:$spec" "$TMPD/err"
done
check "exactly nine complaints" test "$(wc -l < "$TMPD/err")" -eq 9
check "good rows are replayed" grep -q "rows: 12 read, 9 malformed" "$TMPD/out"
echo "time,olt,port" > "$TMPD/nohdr.csv"
"$ctl" replay --readings "$TMPD/nohdr.csv" > /dev/null 2> "$TMPD/err2"
check "a header without required columns fails" test $? -ne 0
check "and says which column" grep -q "nohdr.csv:1: header lacks column ont" "$TMPD/err2"
"$ctl" replay --readings "$TMPD/missing.csv" > /dev/null 2> "$TMPD/err3"
check "a missing file fails with its name" grep -q "missing.csv: No such file" "$TMPD/err3"
c="$TMPD/cust.csv"
{
	echo "serial,customer_id,name,tier,phone,address,lat,lon,splitter,windows"
	echo 'HWTC1A2B3C4D,C1,"Doe, ""J""",residential,+31,"Street 1",52.1,4.3,sp-1,Mon-Fri 18:00-21:00;Sat 09:00-12:00'
	echo 'HWTC1A2B3C4E,C2,"unterminated,residential,+31,x,52.1,4.3,sp-1,'
	echo 'HWTC1A2B3C4F,C3,x,residential,+31,x,152.1,4.3,sp-1,'
	echo 'HWTC1A2B3C4G,C4,x,residential,+31,x,52.1,4.3,sp-1,Mon 18:00-25:00'
	echo ',C5,x,residential,+31,x,52.1,4.3,sp-1,'
	echo 'HWTC1A2B3C4H,C6,x,residential,+31,x,52.1,4.3,sp-1,Fri 22:00-02:00'
} > "$c"
"$ctl" replay --readings "$f" --customers "$c" > /dev/null 2> "$TMPD/err4"
check "customers: bad quoting reported" grep -q "cust.csv:3: malformed quoting" "$TMPD/err4"
check "customers: bad lat reported" grep -q "cust.csv:4: invalid lat" "$TMPD/err4"
check "customers: bad window reported" grep -q "cust.csv:5: invalid windows" "$TMPD/err4"
check "customers: empty serial reported" grep -q "cust.csv:6: invalid or empty serial" "$TMPD/err4"
check "customers: a window crossing midnight is valid (as in dispatch)" sh -c "! grep -q 'cust.csv:7:' '$TMPD/err4'"
tap_done
