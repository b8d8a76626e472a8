noinst_LIBRARIES += common/libcommon.a
common_libcommon_a_SOURCES = \
	common/addr.c common/addr.h \
	common/evloop.c common/evloop.h common/evloop_internal.h \
	common/evsignal.c \
	common/evtimer.c \
	common/fdio.c common/fdio.h \
	common/jsonw.c common/jsonw.h \
	common/log.c common/log.h \
	common/secret.c common/secret.h \
	common/slab.c common/slab.h \
	common/sorted.c common/sorted.h \
	common/strbuf.c common/strbuf.h \
	common/wire.c common/wire.h
