# lib/: the base every stage may use (logging, allocation, event loop, the reading record).
noinst_LIBRARIES += lib/libow.a
lib_libow_a_SOURCES = \
	lib/log.c lib/log.h \
	lib/xmalloc.c lib/xmalloc.h \
	lib/loop.c lib/loop.h \
	lib/ont_reading.c lib/ont_reading.h
