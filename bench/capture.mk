# bench/capture.mk: the capture decoder benchmark (bench/README.md, "Capture decoder").
# Built with `make` but never run by make check; bench/capture_bench.sh runs it.
noinst_PROGRAMS += bench/capture_gen bench/capture_bench
bench_capture_gen_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
bench_capture_gen_LDADD = tests/libcapcraft.a $(PCAP_LIBS)
bench_capture_bench_LDADD = $(CAPTURE_LIBS)
EXTRA_DIST += bench/capture_bench.sh
EXTRA_DIST += bench/README.md
