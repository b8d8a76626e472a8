noinst_LIBRARIES += ike/libike.a
ike_libike_a_SOURCES = \
	ike/keys.c ike/keys.h \
	ike/proposal.c ike/proposal.h \
	ike/proposal_match.c ike/proposal_match.h \
	ike/transform.c ike/transform.h
include ike/engine.mk
