# The IKEv2 engine: SAs, exchanges, NAT-T, rekey, DPD (ike/ike.h, ike/ike_int.h)
ike_libike_a_SOURCES += \
	ike/ike.h ike/ike_int.h \
	ike/addr_util.c \
	ike/auth_psk.c \
	ike/child.c \
	ike/engine.c \
	ike/exch_auth.c \
	ike/exch_init.c \
	ike/exch_init_r.c \
	ike/io.c \
	ike/nat.c \
	ike/sa.c \
	ike/sa_crypt.c \
	ike/sa_timer.c \
	ike/status.c \
	ike/exch_child.c \
	ike/exch_child_resp.c \
	ike/exch_rekey_ike.c \
	ike/exch_build.c \
	ike/exch_info.c
