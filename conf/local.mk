# conf/: shipped configuration (see Makefile.am).
