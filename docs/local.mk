# docs/ (see Makefile.am).
