# vtid (the daemon) and vtictl (the shell).
#
# vtid/libvtidd.a holds everything of the daemon but main(), so tests link it.
noinst_LIBRARIES += vtid/libvtidd.a
vtid_libvtidd_a_SOURCES = \
	vtid/bgp_fib.c \
	vtid/bgp_mgr.c vtid/bgp_mgr.h \
	vtid/bgp_run.c \
	vtid/ctl/ctl_conn.c vtid/ctl/ctl_conn.h \
	vtid/ctl/ctl_proto.c vtid/ctl/ctl_proto.h \
	vtid/ctl/ctl_server.c vtid/ctl/ctl_server.h \
	vtid/ctl/ctl_session.c vtid/ctl/ctl_session.h \
	vtid/daemon.c vtid/daemon.h \
	vtid/daemon_pidfile.c \
	vtid/daemon_run.c \
	vtid/daemon_tunnels.c \
	vtid/daemon_write.c \
	vtid/exec_cmds.c vtid/exec_cmds.h \
	vtid/exec_cmds_admin.c \
	vtid/exec_ipsec.c \
	vtid/ipsec.c vtid/ipsec.h \
	vtid/ipsec_ops.c \
	vtid/ipsec_sock.c \
	vtid/kroute.c vtid/kroute.h \
	vtid/nb.c vtid/nb.h vtid/nb_impl.h \
	vtid/nb_bgp.c \
	vtid/nb_tree.c \
	vtid/nb_tunnel.c \
	vtid/show_bgp.c vtid/show_bgp.h \
	vtid/show_bgp_nbr.c \
	vtid/show_bgp_rib.c \
	vtid/show_config.c \
	vtid/show_interface.c \
	vtid/show_route.c \
	vtid/show_tunnels.c \
	vtid/tunnel_mgr.c vtid/tunnel_mgr.h \
	vtid/tunnel_mgr_conf.c \
	vtid/tunnel_rt.c

# What a program linking the daemon needs, in link order.
VTID_DAEMON_LDADD = vtid/libvtidd.a vtid/conf/libconf.a vtid/cli/libcli.a \
	vtid/dp/libdp.a ike/libike.a bgp/libbgp.a common/libcommon.a \
	$(YANG_LIBS) $(LIBNL_LIBS) $(LIBNLROUTE_LIBS) $(LIBNLXFRM_LIBS) $(CRYPTO_LIBS) \
	$(LIBNFTABLES_LIBS) $(PTHREAD_LIBS)

sbin_PROGRAMS += vtid/vtid
vtid_vtid_SOURCES = vtid/main.c
vtid_vtid_LDADD = $(VTID_DAEMON_LDADD)

bin_PROGRAMS += vtid/vtictl
vtid_vtictl_SOURCES = vtid/vtictl.c vtid/vtictl.h vtid/vtictl_conn.c vtid/vtictl_edit.c
vtid_vtictl_CFLAGS = $(AM_CFLAGS) $(EDIT_CFLAGS)
vtid_vtictl_LDADD = vtid/libvtidd.a vtid/cli/libcli.a common/libcommon.a $(EDIT_LIBS)
