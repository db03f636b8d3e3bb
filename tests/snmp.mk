# tests/snmp.mk: build fragment owned by its area (see Makefile.am).
