# tests of bgp/session: the FSM against a scripted neighbor, and real TCP
check_PROGRAMS += tests/unit/test_bgp_session tests/unit/test_bgp_session_io
TESTS += tests/unit/test_bgp_session tests/unit/test_bgp_session_io
tests_unit_test_bgp_session_SOURCES = tests/unit/test_bgp_session.c \
	tests/unit/bgp_session_peer.c tests/unit/bgp_session_peer.h
tests_unit_test_bgp_session_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_bgp_session_LDADD = bgp/libbgp.a common/libcommon.a $(CHECK_LIBS)
tests_unit_test_bgp_session_io_SOURCES = tests/unit/test_bgp_session_io.c \
	tests/unit/bgp_session_peer.c tests/unit/bgp_session_peer.h
tests_unit_test_bgp_session_io_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_bgp_session_io_LDADD = bgp/libbgp.a common/libcommon.a $(CHECK_LIBS)
