# The RIB and the decision process.
bgp_libbgp_a_SOURCES += \
	bgp/decide.c \
	bgp/rib.c bgp/rib.h bgp/rib_internal.h \
	bgp/rib_flush.c \
	bgp/rib_queue.c \
	bgp/rib_read.c
