# bench/: benchmarks (not part of make check); figures in bench/README.md.
EXTRA_DIST += $(wildcard $(srcdir)/bench/README.md)
