# tests/snmp_sim.sh: start Debian's snmpsimd on 127.0.0.1 for a test (sourced after tap.sh).
# sim_start DATADIR PORT COMMUNITY [snmpsimd options...]: serve DATADIR (community = file
# name without .snmprec), wait until COMMUNITY answers, remember the PID for cleanup.
sim_start() {
	_dir=$1 _port=$2 _comm=$3
	shift 3
	mkdir -p "$TMPD/simcache"
	_user=""
	# snmpsimd refuses to run as root; the data must then be readable by nobody.
	if [ "$(id -u)" -eq 0 ]; then
		_user="--process-user=nobody --process-group=nogroup"
		chmod 755 "$TMPD"
		chmod -R a+rX "$_dir"
		chmod 777 "$TMPD/simcache"
	fi
	# shellcheck disable=SC2086
	snmpsimd --data-dir="$_dir" --agent-udpv4-endpoint="127.0.0.1:$_port" \
		--cache-dir="$TMPD/simcache" $_user --logging-method=null "$@" \
		>"$TMPD/snmpsimd.$_port.log" 2>&1 &
	SIM_PID=$!
	track_pid "$SIM_PID"
	for _ in $(seq 1 100); do
		kill -0 "$SIM_PID" 2>/dev/null || return 1
		if snmpgetnext -v2c -c "$_comm" -t 1 -r 0 "127.0.0.1:$_port" 1.3.6 >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.2
	done
	return 1
}
