# bgp/speaker: neighbors, policy, Adj-RIB-Out, and the RIB's reports
bgp_libbgp_a_SOURCES += \
	bgp/bgp.h bgp/speaker_int.h bgp/speaker.c bgp/speaker_peer.c bgp/speaker_policy.c \
	bgp/speaker_listen.c bgp/speaker_in.c bgp/speaker_state.c bgp/speaker_out.c \
	bgp/speaker_out_send.c bgp/speaker_fib.c bgp/policy.h bgp/policy.c
