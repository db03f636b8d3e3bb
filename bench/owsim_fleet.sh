# owsim_fleet.sh: sourced by the bench scripts that need a fleet of simulated Huawei OLTs:
# one net-snmp snmpd per OLT on 127.0.0.1, serving its own .snmprec (tests/simolt.py, seed =
# the OLT's number, so every OLT has its own serials) from memory through bench/owsim.c.
#
# The caller sets TOP (the source tree), W (a work directory it removes) and PIDS (a list the
# caller's cleanup kills); owsim_fleet_start appends every agent's PID to PIDS.
#
#   owsim_fleet_start K SLOTS PORTS ONTS BASE [simolt.py options...]   OLT i on port BASE+i
#   owsim_fleet_wait K BASE        until every agent answers (exits 1 when one does not)
#   owsim_fleet_olts K BASE        the daemon's `olts = ( ... );` list (libconfig)

owsim_fleet_start() {
	_k=$1
	_slots=$2
	_ports=$3
	_onts=$4
	_base=$5
	shift 5
	cc -O2 -shared -fPIC -o "$W/owsim.so" "$TOP/bench/owsim.c" \
		$(pkg-config --cflags netsnmp-agent) $(pkg-config --libs netsnmp-agent)
	for _i in $(seq 1 "$_k"); do
		python3 "$TOP/tests/simolt.py" --vendor huawei --slots "$_slots" --ports "$_ports" \
			--onts "$_onts" "$@" --seed "$_i" --out "$W/olt$_i.snmprec"
	done
	for _i in $(seq 1 "$_k"); do
		printf 'agentaddress udp:127.0.0.1:%s\nrocommunity public 127.0.0.1\ndlmod owsim %s\n' \
			"$((_base + _i))" "$W/owsim.so" >"$W/snmpd$_i.conf"
		OWSIM_DATA="$W/olt$_i.snmprec" \
			snmpd -f -Lf "$W/snmpd$_i.log" -C -c "$W/snmpd$_i.conf" \
			-I -ifTable,ipAddressTable >/dev/null 2>&1 &
		PIDS="$PIDS $!"
	done
}

owsim_fleet_wait() {
	for _i in $(seq 1 "$1"); do
		_ok=0
		for _ in $(seq 1 100); do
			if snmpget -v2c -c public -t 1 -r 0 "127.0.0.1:$(($2 + _i))" \
				1.3.6.1.2.1.1.3.0 >/dev/null 2>&1; then
				_ok=1
				break
			fi
			sleep 0.1
		done
		[ "$_ok" -eq 1 ] || { echo "snmpd $_i did not start" >&2; exit 1; }
	done
}

owsim_fleet_olts() {
	printf 'olts = (\n'
	for _i in $(seq 1 "$1"); do
		[ "$_i" -gt 1 ] && printf ',\n'
		printf '  { name = "olt%s"; address = "127.0.0.1"; port = %s; vendor = "huawei"; ' \
			"$_i" "$(($2 + _i))"
		printf 'pon_class = "gpon-b+"; snmp = { version = "2c"; community = "public"; }; }'
	done
	printf '\n);\n'
}
