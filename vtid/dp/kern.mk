# the kernel dataplane backend: VTI / XFRM interfaces, XFRM states and
# policies, the nftables table `inet vtid` (needs libnl-route, libnl-xfrm
# and libnftables wherever libdp.a is linked)
vtid_dp_libdp_a_SOURCES += \
	vtid/dp/kern.c vtid/dp/kern_int.h \
	vtid/dp/kern_link.c \
	vtid/dp/kern_nft.c \
	vtid/dp/kern_tunnel.c
