#!/bin/sh
# api_paging: GET /api/v1/onts keeps only the best offset + limit ONTs while it walks the
# fleet (a bounded heap) instead of sorting every ONT: pages of every size, in every sort
# order, with and without a state filter, put together give the same list as one big page,
# and `total` always counts every match (tests/api_env.sh: one simulated OLT, 16 ONTs).
. "$top_srcdir/tests/tap.sh"
command -v jq >/dev/null 2>&1 || skip_all "jq not installed"
. "$top_srcdir/tests/api_env.sh"

check "the OLT was polled" api_wait_polled

# QUERY LIMIT: the serials of every page of LIMIT, one per line, then "total=T" per page
paged() {
	_off=0
	while :; do
		api_get "/api/v1/onts?$1&limit=$2&offset=$_off" >/dev/null
		[ "$(api_status)" = 200 ] || return 1
		_n=$(jq '.onts | length' "$TMPD/body")
		jq -r '.onts[].serial' "$TMPD/body"
		jq -r '"total=\(.total)"' "$TMPD/body" >>"$TMPD/totals"
		[ "$_n" -eq 0 ] && return 0
		_off=$((_off + $2))
	done
}
# QUERY LIMIT: the pages agree with one page of everything (polls every 2 s may reorder
# ONTs between two requests: three tries)
pages_agree() {
	for _ in 1 2 3; do
		: >"$TMPD/totals"
		api_get "/api/v1/onts?$1&limit=1000" >/dev/null
		jq -r '.onts[].serial' "$TMPD/body" >"$TMPD/all"
		want=$(jq -r '"total=\(.total)"' "$TMPD/body")
		[ -s "$TMPD/all" ] || { diag "no ONT for $1: $(cat "$TMPD/body")"; return 1; }
		paged "$1" "$2" >"$TMPD/pages" || return 1
		if cmp -s "$TMPD/all" "$TMPD/pages" && [ "$(sort -u "$TMPD/totals")" = "$want" ]; then
			return 0
		fi
		sleep 0.5
	done
	diag "one page: $(tr '\n' ' ' <"$TMPD/all")"
	diag "pages of $2: $(tr '\n' ' ' <"$TMPD/pages") ($(sort -u "$TMPD/totals" | tr '\n' ' '))"
	return 1
}

for q in "sort=impact" "sort=rx" "sort=name" "state=healthy,warning&sort=rx" "port=0/1/1"; do
	for l in 1 3 7 16; do
		check "onts?$q: pages of $l = one page" pages_agree "$q" "$l"
	done
done
api_get "/api/v1/onts?limit=5&offset=16" >/dev/null
diag "past the end: $(api_status) $(jq -c '{n: (.onts | length), total}' "$TMPD/body")"
check "onts: a page past the end is empty and still counts 16" \
	test "$(jq -r '"\(.onts | length) \(.total)"' "$TMPD/body")" = "0 16"

tap_done
