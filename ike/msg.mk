# IKEv2 message codec
ike_libike_a_SOURCES += \
	ike/msg.h ike/msg_int.h \
	ike/msg_cp.c \
	ike/msg_equal.c \
	ike/msg_gen.c \
	ike/msg_layout.c \
	ike/msg_notify.c \
	ike/msg_parse.c \
	ike/msg_sa.c \
	ike/msg_ts.c
