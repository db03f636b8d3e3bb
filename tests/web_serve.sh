#!/bin/sh
# web_serve: the daemon serves the dashboard's files without a token, byte for byte, with
# their content types, no-cache and a Content-Security-Policy limited to its own origin;
# only the four listed names are served (no path leads elsewhere); a missing dashboard
# directory is a 404 with a JSON error, logged once, and the page is back once the files are.
. "$top_srcdir/tests/tap.sh"
command -v curl >/dev/null 2>&1 || skip_all "curl not installed"
mkdir -p "$TMPD/web"
cp "$top_srcdir/monitor/web/index.html" "$top_srcdir/monitor/web/app.js" \
	"$top_srcdir/monitor/web/app.css" "$TMPD/web/"
API_HTTP_EXTRA="dashboard = \"$TMPD/web\";"
. "$top_srcdir/tests/api_env.sh"

fetch() { # PATH [curl options]: body to $TMPD/got, headers to $TMPD/hdr, prints the status
	_p=$1
	shift
	curl -s -m 10 --path-as-is -D "$TMPD/hdr" -o "$TMPD/got" -w '%{http_code}' "$@" "$API_URL$_p"
}
header() { # NAME: its value in $TMPD/hdr
	tr -d '\r' <"$TMPD/hdr" | sed -n "s/^$1: //Ip" | head -1
}

for f in /:index.html:text/html /index.html:index.html:text/html /app.js:app.js:text/javascript \
	/app.css:app.css:text/css; do
	path=${f%%:*}
	rest=${f#*:}
	file=${rest%%:*}
	type=${rest#*:}
	check "GET $path without a token: 200" test "$(fetch "$path")" = 200
	check "GET $path: the bytes of monitor/web/$file" cmp -s "$TMPD/got" "$TMPD/web/$file"
	check "GET $path: $type; charset=utf-8" test "$(header Content-Type)" = "$type; charset=utf-8"
	check "GET $path: Cache-Control no-cache" test "$(header Cache-Control)" = no-cache
	check "GET $path: nosniff" test "$(header X-Content-Type-Options)" = nosniff
	csp=$(header Content-Security-Policy)
	check "GET $path: CSP default-src 'self'" sh -c "case \"$csp\" in \"default-src 'self';\"*) exit 0;; esac; exit 1"
done
check "a token is not needed but does no harm" \
	test "$(fetch /app.js -H "Authorization: Bearer $READ_TOKEN")" = 200
for p in /../etc/passwd /%2e%2e/etc/passwd /web/app.js /monitor/web/app.js /app.js/ \
	/app.js/../app.js /.//app.js /app.jsx /APP.JS /index.htm /favicon.ico; do
	check "GET $p: 404" test "$(fetch "$p")" = 404
done
check "the 404 is JSON" grep -q '^{"error":' "$TMPD/got"
check "POST /: 405" test "$(fetch / -X POST --data x)" = 405

# the dashboard directory goes away (e.g. not installed), then comes back
mv "$TMPD/web" "$TMPD/web.away"
check "missing directory: GET / is 404" test "$(fetch /)" = 404
check "missing directory: the error says so and names the setting" \
	grep -q "dashboard's files are not installed here (http.dashboard" "$TMPD/got"
check "missing directory: the answer does not show the path" sh -c "! grep -q '$TMPD' '$TMPD/got'"
check "missing directory: the log names the file and why" \
	grep -q "dashboard not available: $TMPD/web/index.html: No such file or directory (see http.dashboard)" "$TMPD/d.log"
check "missing directory: JSON content type" test "$(header Content-Type)" = application/json
fetch /app.js >/dev/null
fetch /app.css >/dev/null
check "missing directory: logged once for three requests" \
	test "$(grep -c 'dashboard not available' "$TMPD/d.log")" = 1
mv "$TMPD/web.away" "$TMPD/web"
check "the files are back: GET / is 200 again" test "$(fetch /)" = 200
check "the daemon still answers the API" test "$(fetch /api/v1/status -H "Authorization: Bearer $READ_TOKEN")" = 200
kill -TERM "$DPID"
rc=0
wait "$DPID" || rc=$?
check "daemon exits cleanly" test $rc -eq 0
tap_done
