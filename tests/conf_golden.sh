#!/bin/sh
# conf_golden: the effective-configuration printer and the error messages, against golden
# files (tests/conf/N.in -> N.ok, bad-N.in -> bad-N.err); every shipped configuration parses.
# Regenerate the golden files with tests/update-golden.sh after an intended change.
. "$top_srcdir/tests/tap.sh"
CTL="$top_builddir/monitor/ontwatchctl"
# Built-in default paths depend on ./configure; golden files hold placeholders.
ctl() {
	"$CTL" "$@" 2>&1 | sed -e "s|${ow_localstatedir:-/nonexistent}|@localstatedir@|g" \
		-e "s|${ow_sysconfdir:-/nonexistent}|@sysconfdir@|g" \
		-e "s|${ow_pkgdatadir:-/nonexistent}|@pkgdatadir@|g"
}

cd "$top_srcdir/tests/conf" || exit 1
for in in [0-9]*.in; do
	ctl check-config --print --show-secrets "$in" >"$TMPD/out"
	check "print $in" diff -u "${in%.in}.ok" "$TMPD/out"
	# the printed configuration parses back to the same configuration
	"$CTL" check-config --print --show-secrets "$in" >"$TMPD/again.conf" 2>&1
	(cd "$TMPD" && "$CTL" check-config --print --show-secrets again.conf) >"$TMPD/out2" 2>&1
	sed -i -e "s|${ow_localstatedir:-/nonexistent}|@localstatedir@|g" \
		-e "s|${ow_sysconfdir:-/nonexistent}|@sysconfdir@|g" \
		-e "s|${ow_pkgdatadir:-/nonexistent}|@pkgdatadir@|g" "$TMPD/out2"
	check "round trip $in" diff -u "$TMPD/out" "$TMPD/out2"
done
for in in bad-*.in; do
	"$CTL" check-config "$in" >"$TMPD/out" 2>&1
	rc=$?
	check "reject $in" test $rc -eq 1
	check "errors of $in" diff -u "${in%.in}.err" "$TMPD/out"
done
cd "$top_srcdir/conf" || exit 1
for f in *.conf; do
	check "shipped conf/$f parses" "$CTL" check-config "$f"
done
tap_done
