#!/bin/sh
# update-golden.sh BUILDDIR: rewrite tests/conf golden files from the current build.
# Review the diff before committing: a golden file records intended behaviour.
set -eu
CTL=$(cd "${1:?usage: update-golden.sh BUILDDIR}" && pwd)/monitor/ontwatchctl
cd "$(dirname "$0")/conf"
for in in [0-9]*.in; do "$CTL" check-config --print --show-secrets "$in" >"${in%.in}.ok" 2>&1 || true; done
for in in bad-*.in; do "$CTL" check-config "$in" >"${in%.in}.err" 2>&1 || true; done
