#!/bin/sh
# summary.sh BUILDDIR: one closing line "N passed, N failed[, N skipped]" counted
# over every test case (TAP results in the .trs files of `make check`).
dir=${1:-.}
find "$dir" -name '*.trs' -exec grep -h '^:test-result:' {} + 2>/dev/null | awk '
	$2 == "PASS" || $2 == "XFAIL" { p++ }
	$2 == "FAIL" || $2 == "ERROR" || $2 == "XPASS" { f++ }
	$2 == "SKIP" { s++ }
	END { printf "%d passed, %d failed", p, f; if (s) printf ", %d skipped", s; printf "\n" }'
