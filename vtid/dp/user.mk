# the dataplane interface's dispatch (vtid/dp/dp.h), the route table both
# backends share, and the user backend
vtid_dp_libdp_a_SOURCES += \
	vtid/dp/dp.c vtid/dp/dp.h vtid/dp/dp_backend.h \
	vtid/dp/dp_route.c vtid/dp/dp_route_table.c vtid/dp/dp_route_int.h \
	vtid/dp/gso.c vtid/dp/gso.h \
	vtid/dp/nl_batch.c vtid/dp/nl_batch.h \
	vtid/dp/nl_link_watch.c vtid/dp/nl_link_watch.h \
	vtid/dp/nl_nexthop.c vtid/dp/nl_nexthop_dump.c vtid/dp/nl_nexthop.h \
	vtid/dp/nl_route.c vtid/dp/nl_route.h \
	vtid/dp/user.c vtid/dp/user_int.h \
	vtid/dp/user_queue.c \
	vtid/dp/user_rx.c \
	vtid/dp/user_sa.c \
	vtid/dp/user_sa_ops.c \
	vtid/dp/user_tunnel.c \
	vtid/dp/user_tx.c
