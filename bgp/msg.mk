# bgp/msg: the BGP-4 message codec
bgp_libbgp_a_SOURCES += \
	bgp/msg.h bgp/msg_int.h bgp/msg_hdr.c bgp/msg_names.c bgp/msg_open.c \
	bgp/msg_attr.h bgp/msg_attr.c bgp/msg_update.c bgp/msg_update_write.c
