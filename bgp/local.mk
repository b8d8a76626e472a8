noinst_LIBRARIES += bgp/libbgp.a
bgp_libbgp_a_SOURCES = \
	bgp/asn.c bgp/asn.h
include bgp/msg.mk
include bgp/ptree.mk
include bgp/attr.mk
include bgp/rib.mk
include bgp/session.mk
include bgp/speaker.mk
