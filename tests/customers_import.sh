#!/bin/sh
# customers_import: `ontwatchctl customers import` puts the customer file into the store;
# re-import updates in place; bad rows are reported with their line numbers and skipped,
# changing nothing already stored; a file with missing columns is rejected whole.
. "$top_srcdir/tests/tap.sh"
command -v sqlite3 >/dev/null || skip_all "sqlite3 is not installed"
CTL="$top_builddir/monitor/ontwatchctl"
DB="$TMPD/ow.db"
cat >"$TMPD/ow.conf" <<EOC
store = { path = "$DB"; };
tiers = ( { name = "gold"; weight = 1.5; }, { name = "standard"; } );
EOC
q() { sqlite3 "$DB" "$1"; }

cat >"$TMPD/c1.csv" <<'EOF2'
serial,customer_id,name,tier,phone,address,lat,lon,splitter,windows
HWTC00000001,C-1,"Tan, Mei",gold,+65 6000 0001,"1 Orchard Rd, #02-01",1.3048,103.8318,SP-7,Mon-Fri 18:00-21:00;Sat 09:00-12:00
HWTC00000002,C-2,Ravi Kumar,standard,,2 Orchard Rd,,,SP-7,
HWTC00000003,C-3,"Li ""Lily"" Wong",,+65 6000 0003,3 Orchard Rd,1.3050,103.8320,SP-8,Sat-Sun 22:00-02:00
EOF2
printf '\357\273\277' | cat - "$TMPD/c1.csv" >"$TMPD/c1bom.csv" && mv "$TMPD/c1bom.csv" "$TMPD/c1.csv"
"$CTL" customers import -f "$TMPD/ow.conf" "$TMPD/c1.csv" >"$TMPD/out" 2>&1
check "a good file (with a UTF-8 BOM) imports (exit 0)" test $? -eq 0
check "three created" grep -q "c1.csv: 3 created, 0 updated, 0 rejected" "$TMPD/out"
check "quoted fields kept whole" test "$(q "SELECT name FROM customer WHERE serial='HWTC00000003'")" = 'Li "Lily" Wong'
check "coordinates stored" test "$(q "SELECT lat || ',' || lon FROM customer WHERE serial='HWTC00000001'")" = "1.3048,103.8318"
check "missing coordinates are NULL, not 0" test "$(q "SELECT count(*) FROM customer WHERE serial='HWTC00000002' AND lat IS NULL")" = 1

cat >"$TMPD/c2.csv" <<'EOF2'
customer_id,serial,name,tier,phone,address,lat,lon,splitter,windows
C-1,HWTC00000001,Mei Tan,gold,+65 6000 0001,1 Orchard Rd,1.3048,103.8318,SP-7,Mon-Fri 19:00-21:00
C-4,HWTC00000004,New Customer,standard,,4 Orchard Rd,,,SP-8,
EOF2
"$CTL" customers import --store "$DB" "$TMPD/c2.csv" >"$TMPD/out" 2>&1
check "re-import (columns in another order) updates in place" grep -q "c2.csv: 1 created, 1 updated, 0 rejected" "$TMPD/out"
check "updated row" test "$(q "SELECT name || '|' || windows FROM customer WHERE serial='HWTC00000001'")" = "Mei Tan|Mon-Fri 19:00-21:00"
check "four customers" test "$(q "SELECT count(*) FROM customer")" = 4

q "SELECT * FROM customer ORDER BY serial" >"$TMPD/before"
cat >"$TMPD/bad.csv" <<'EOF2'
serial,customer_id,name,tier,phone,address,lat,lon,splitter,windows
HWTC00000001,C-1,Changed,gold,,x,91.5,103.8,SP-7,
HWTC00000002,C-2,Changed,standard,,x,1.3,east,SP-7,
HWTC00000003,C-3,Changed,,,x,1.3,,SP-8,
HWTC00000004,C-4,Changed,standard,,x,,,SP-8,Mon 9-5
,C-5,No Serial,standard,,x,,,,
HWTC00000006,C-6,Too few
HWTC00000007,C-7,"Broken quote,standard,,x,,,,
HWTC00000008,C-8,Unknown Tier,diamond,,x,,,,
HWTC00000009,C-9,Good Row,standard,,9 Orchard Rd,1.31,103.83,SP-9,Sun 10:00-12:00
EOF2
"$CTL" customers import -f "$TMPD/ow.conf" "$TMPD/bad.csv" >"$TMPD/out" 2>&1
check "bad rows make the import exit non-zero" test $? -eq 1
check "lat out of range, with line number" grep -q 'bad.csv:2: bad coordinates: lat "91.5" (a number -90 .. 90); row skipped' "$TMPD/out"
check "lon not a number" grep -q 'bad.csv:3: bad coordinates: lon "east"' "$TMPD/out"
check "lat without lon" grep -q 'bad.csv:4: lat and lon must be given together' "$TMPD/out"
check "windows that do not parse" grep -q 'bad.csv:5: windows "Mon 9-5" do not parse: expected a time range HH:MM-HH:MM' "$TMPD/out"
check "empty serial" grep -q 'bad.csv:6: serial is empty' "$TMPD/out"
check "too few fields" grep -q 'bad.csv:7: too few fields' "$TMPD/out"
check "broken quoting" grep -q 'bad.csv:8: malformed quoting' "$TMPD/out"
check "unknown tier (checked against the configuration)" grep -q 'bad.csv:9: unknown tier "diamond"' "$TMPD/out"
check "the summary counts them" grep -q "bad.csv: 1 created, 0 updated, 8 rejected" "$TMPD/out"
q "SELECT * FROM customer WHERE serial <> 'HWTC00000009' ORDER BY serial" >"$TMPD/after"
check "skipped rows changed nothing stored" cmp -s "$TMPD/before" "$TMPD/after"
check "the good row among them was imported" test "$(q "SELECT name FROM customer WHERE serial='HWTC00000009'")" = "Good Row"

printf 'serial,customer_id,name,tier,phone,address,lat,lon\nHWTC0000000A,C-10,X,standard,,x,,\n' >"$TMPD/cols.csv"
"$CTL" customers import --store "$DB" "$TMPD/cols.csv" >"$TMPD/out" 2>&1
check "missing columns reject the file" test $? -eq 1
check "each missing column named" sh -c "grep -q 'cols.csv:1: missing column \"splitter\"' '$TMPD/out' && grep -q 'cols.csv:1: missing column \"windows\"' '$TMPD/out'"
check "nothing imported from it" test "$(q "SELECT count(*) FROM customer WHERE serial='HWTC0000000A'")" = 0
: >"$TMPD/empty.csv"
"$CTL" customers import --store "$DB" "$TMPD/empty.csv" >"$TMPD/out" 2>&1
check "an empty file is refused" test $? -eq 1
tap_done
