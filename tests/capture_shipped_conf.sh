#!/bin/sh
# capture_shipped_conf: the commented capture example in conf/ontwatch.conf is valid once
# uncommented (so the documentation cannot rot), and prints back with its lists.
. "$top_srcdir/tests/tap.sh"

CTL="$top_builddir/monitor/ontwatchctl"
sed 's/^#capture/capture/; s/^#  /  /; s/^#};/};/' "$top_srcdir/conf/ontwatch.conf" \
	>"$TMPD/ontwatch.conf"
check "the example has a capture section" grep -q '^capture = {' "$TMPD/ontwatch.conf"
check "the uncommented example is valid" "$CTL" check-config "$TMPD/ontwatch.conf"
"$CTL" check-config --print "$TMPD/ontwatch.conf" >"$TMPD/printed.conf" 2>&1
check "the printed capture section keeps both templates" \
	grep -q 'template = "pon {slot}-{port}-{ont} {\*}";' "$TMPD/printed.conf"
check "the printed capture section keeps the VLAN rule" grep -q 'outer = 301;' "$TMPD/printed.conf"
tap_done
