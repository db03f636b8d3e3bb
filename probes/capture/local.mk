# probes/capture: build fragment (see Makefile.am).
