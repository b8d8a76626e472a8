# the kernel backend's XFRM states and policies (vtid/dp/kern_xfrm.h)
vtid_dp_libdp_a_SOURCES += \
	vtid/dp/kern_xfrm.c vtid/dp/kern_xfrm.h vtid/dp/kern_xfrm_int.h \
	vtid/dp/kern_xfrm_purge.c \
	vtid/dp/kern_xfrm_sa.c \
	vtid/dp/kern_xfrm_sp.c
