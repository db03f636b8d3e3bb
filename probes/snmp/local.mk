# probes/snmp: build fragment (see Makefile.am).
