#!/bin/sh
# update-golden.sh BUILDDIR: rewrite tests/conf golden files from the current build.
# Review the diff before committing: a golden file records intended behaviour.
set -eu
CTL=$(cd "${1:?usage: update-golden.sh BUILDDIR}" && pwd)/monitor/ontwatchctl
lsd=$(sed -n "s/^localstatedir = //p" "$(dirname "$CTL")/../Makefile")
pfx=$(sed -n "s/^prefix = //p" "$(dirname "$CTL")/../Makefile")
lsd=$(echo "$lsd" | sed "s|\${prefix}|$pfx|")
scd=$(sed -n "s/^sysconfdir = //p" "$(dirname "$CTL")/../Makefile" | sed "s|\${prefix}|$pfx|")
dtd=$(sed -n "s/^datarootdir = //p" "$(dirname "$CTL")/../Makefile" | sed "s|\${prefix}|$pfx|")
pkd="$dtd/$(sed -n "s/^PACKAGE = //p" "$(dirname "$CTL")/../Makefile")"
norm() { sed -e "s|$lsd|@localstatedir@|g" -e "s|$scd|@sysconfdir@|g" -e "s|$pkd|@pkgdatadir@|g"; }
cd "$(dirname "$0")/conf"
for in in [0-9]*.in; do "$CTL" check-config --print --show-secrets "$in" 2>&1 | norm >"${in%.in}.ok" || true; done
for in in bad-*.in; do "$CTL" check-config "$in" >"${in%.in}.err" 2>&1 || true; done
