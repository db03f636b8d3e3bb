#!/bin/sh
# quickstart.sh: install what is missing (Debian 12), build, and run.
#   ./quickstart.sh demo   the main job end to end on built-in defaults
#   ./quickstart.sh test   the whole test suite (warnings as errors, ASan+UBSan)
#   ./quickstart.sh deps | build
# Idempotent: apt is only asked when a package is missing; builds are incremental.
set -eu
cd "$(dirname "$0")"
TOP=$(pwd)

# Build and test dependencies, one Debian package each.
PKGS="build-essential autoconf automake libtool pkg-config python3 \
libsnmp-dev snmp snmpsim libpcap-dev libconfig-dev libsqlite3-dev sqlite3 \
libjansson-dev libcmocka-dev nettle-dev clang-format tshark tcpdump \
libcurl4-gnutls-dev libmicrohttpd-dev curl jq openssl prometheus"

# apt_missing PKG...: install those of the Debian packages that are not installed.
apt_missing() {
	missing=""
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	echo "quickstart: installing:$missing"
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	# the package lists are fetched once per run, however many steps install
	[ -n "${APT_UPDATED:-}" ] || $sudo apt-get update -qq
	APT_UPDATED=1
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
}

deps() {
	apt_missing $PKGS
}

# The browser tests (tests/web_dashboard.sh): Chromium, Debian's node and npm unless a node
# is already installed (another node's package may conflict with Debian's npm), and their
# driver, playwright-core as pinned in tests/web/package-lock.json.
webdeps() {
	web="chromium"
	command -v node >/dev/null 2>&1 || web="$web nodejs"
	command -v npm >/dev/null 2>&1 || web="$web npm"
	apt_missing $web
	[ -d "$TOP/tests/web/node_modules/playwright-core" ] && return 0
	echo "quickstart: installing the browser tests' node modules (npm ci in tests/web)"
	npm ci --prefix "$TOP/tests/web" --no-audit --no-fund >/dev/null
}

# build DIR [configure flags...]: out-of-tree build, configured once.
build() {
	dir=$1
	shift
	[ -x "$TOP/configure" ] || (cd "$TOP" && autoreconf -fi)
	mkdir -p "$TOP/$dir"
	cd "$TOP/$dir"
	[ -f Makefile ] || "$TOP/configure" "$@" >configure.out || { cat configure.out; exit 1; }
	make -j"$(nproc)" >make.out 2>&1 || { cat make.out; exit 1; }
}

case "${1:-}" in
deps)
	deps
	webdeps
	;;
build)
	deps
	build build
	echo "quickstart: built in $TOP/build"
	;;
demo)
	deps
	build build
	exec "$TOP/tests/demo.sh" "$TOP/build"
	;;
test)
	deps
	webdeps
	build build-check --enable-werror --enable-sanitizers
	rc=0
	# results of an earlier run must never stand in for this one
	find . -name '*.trs' -delete
	make -j"$(nproc)" check >check.out 2>&1 || rc=$?
	grep -E '^(PASS|FAIL|ERROR|XPASS|SKIP):' check.out | grep -v '^PASS' || true
	[ $rc -eq 0 ] || { echo "quickstart: failures; see $TOP/build-check/test-suite.log"; tail -n 80 test-suite.log 2>/dev/null || tail -n 40 check.out; }
	sh "$TOP/tests/summary.sh" .
	exit $rc
	;;
*)
	echo "usage: $0 demo|test|build|deps" >&2
	exit 2
	;;
esac
