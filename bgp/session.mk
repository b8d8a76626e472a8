# bgp/session: the BGP session FSM over TCP
bgp_libbgp_a_SOURCES += \
	bgp/session.h bgp/session_int.h bgp/session.c bgp/session_fsm.c \
	bgp/session_conn.c bgp/session_open.c bgp/transport_tcp.c
