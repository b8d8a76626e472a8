noinst_LIBRARIES += ike/libike.a
ike_libike_a_SOURCES = \
	ike/proposal.c ike/proposal.h \
	ike/transform.c ike/transform.h
