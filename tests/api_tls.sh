#!/bin/sh
# api_tls: the API over TLS (GnuTLS through libmicrohttpd) with a self-signed certificate
# for 127.0.0.1: a client that trusts it gets answers, plain HTTP and untrusting clients get
# none, the key never appears in the effective configuration unless asked for.
. "$top_srcdir/tests/tap.sh"
command -v openssl >/dev/null 2>&1 || skip_all "openssl not installed"
command -v jq >/dev/null 2>&1 || skip_all "jq not installed"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
	-addext "subjectAltName=IP:127.0.0.1" -keyout "$TMPD/key.pem" -out "$TMPD/cert.pem" \
	>/dev/null 2>&1 || skip_all "openssl cannot make a certificate"
API_SCHEME=https
API_CURL_OPTS="--cacert $TMPD/cert.pem"
API_HTTP_EXTRA="tls_cert = \"$TMPD/cert.pem\"; tls_key = \"$TMPD/key.pem\";"
. "$top_srcdir/tests/api_env.sh"

api_get /api/v1/status >/dev/null
check "https with the certificate trusted: 200" test "$(api_status)" = 200
check "... a real answer" sh -c "jq -e '.onts >= 0' '$TMPD/body' >/dev/null"
check "the daemon says it listens with TLS" grep -q "port $HPORT (TLS)" "$TMPD/d.log"
check "a client that does not trust the certificate is refused" \
	sh -c "! curl -s -m 5 -o /dev/null 'https://127.0.0.1:$HPORT/api/v1/status'"
check "plain HTTP gets no answer" \
	sh -c "! curl -sf -m 5 -o /dev/null -H 'Authorization: Bearer $READ_TOKEN' 'http://127.0.0.1:$HPORT/api/v1/status'"
"$top_builddir/monitor/ontwatchctl" check-config --print "$CONF" >"$TMPD/printed" 2>&1
check "the printed configuration masks the key's path and the tokens" \
	sh -c "! grep -q -e 'key.pem' -e '$READ_TOKEN' '$TMPD/printed'"
kill -TERM $DPID
rc=0
wait $DPID || rc=$?
check "daemon exits cleanly" test $rc -eq 0
tap_done
