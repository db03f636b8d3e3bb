# bench/engine.mk: detection and replay benchmarks (built with `make`, never run by `make check`).
noinst_PROGRAMS += bench/bench_detect
bench_bench_detect_SOURCES = bench/bench_detect.c
bench_bench_detect_LDADD = $(ENGINE_LIBS)
EXTRA_DIST += bench/scengen.py bench/score.py bench/replay_bench.sh
