# bench/load.mk: operator load against polling (bench/README.md "Operator load and polling");
# not part of make check. owsim_fleet.sh is the simulated OLT fleet the SNMP, API, metrics and
# load benchmarks source.
EXTRA_DIST += bench/owsim_fleet.sh bench/api_load.sh
