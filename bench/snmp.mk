# bench/snmp.mk: the SNMP poller benchmark (not part of make check): bench/snmp_bench.sh
# serves simulated OLTs with snmpd + bench/owsim.c and compares with snmpbulkwalk.
EXTRA_DIST += bench/owsim.c bench/snmp_bench.sh
