# bench/snmp.mk: the SNMP poller benchmark (not part of make check): bench/snmp_bench.sh
# serves simulated OLTs with snmpd + bench/owsim.c and compares with snmpbulkwalk.
EXTRA_DIST += bench/owsim.c bench/snmp_bench.sh
# The store's cost per reading, as ontwatchd pays it (built with `make`, never run by check).
noinst_PROGRAMS += bench/store_bench
bench_store_bench_SOURCES = bench/store_bench.c
bench_store_bench_LDADD = $(STORE_LIBS) lib/libow.a $(LIBS)
