# tests/tap.sh: TAP helpers for shell integration tests (sourced).
# Each check prints "ok N - name" or "not ok N - name"; tap_done prints the plan.
TAP_N=0
TAP_FAILED=0
TAP_PIDS=""
ok() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $*"; }
not_ok() { TAP_N=$((TAP_N + 1)); TAP_FAILED=$((TAP_FAILED + 1)); echo "not ok $TAP_N - $*"; }
# check NAME CMD...: ok when CMD exits 0.
check() { local name=$1; shift; if "$@"; then ok "$name"; else not_ok "$name"; fi; }
skip_all() { echo "1..0 # SKIP $*"; exit 0; }
diag() { echo "# $*"; }
# Remember a PID the test started so the trap stops it by PID.
track_pid() { TAP_PIDS="$TAP_PIDS $1"; }
tap_cleanup() {
	for p in $TAP_PIDS; do kill "$p" 2>/dev/null; done
	for p in $TAP_PIDS; do
		for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$p" 2>/dev/null
	done
	[ -n "${TMPD:-}" ] && rm -rf "$TMPD"
}
tap_done() { echo "1..$TAP_N"; [ "$TAP_FAILED" -eq 0 ]; }
# A fresh temporary directory removed on exit, with started processes stopped.
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/ontwatch-test.XXXXXX")
trap tap_cleanup EXIT
# free_port: an unused UDP/TCP port on loopback.
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
