# the dataplane: ESP packet processing (user backend)
noinst_LIBRARIES += vtid/dp/libdp.a
vtid_dp_libdp_a_SOURCES = \
	vtid/dp/esp.c vtid/dp/esp.h \
	vtid/dp/esp_decap.c \
	vtid/dp/esp_encap.c \
	vtid/dp/esp_crypto.c vtid/dp/esp_crypto.h \
	vtid/dp/esp_udp.c \
	vtid/dp/mss.c vtid/dp/mss.h \
	vtid/dp/nl_link_err.c vtid/dp/nl_link_err.h \
	vtid/dp/replay.c vtid/dp/replay.h \
	vtid/dp/tun.c vtid/dp/tun.h \
	vtid/dp/udp_local.c vtid/dp/udp_local.h
include vtid/dp/user.mk
include vtid/dp/kern.mk
include vtid/dp/kern_xfrm.mk
