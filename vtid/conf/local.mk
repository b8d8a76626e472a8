# The configuration layer: the YANG model compiled in, loading, validation,
# rendering and the config-mode commands.
noinst_LIBRARIES += vtid/conf/libconf.a
vtid_conf_libconf_a_SOURCES = \
	vtid/conf/conf.h vtid/conf/conf_int.h \
	vtid/conf/conf_bind.c \
	vtid/conf/conf_check.c \
	vtid/conf/conf_cmds.c \
	vtid/conf/conf_cmds_mode.c \
	vtid/conf/conf_ctx.c \
	vtid/conf/conf_diag.c \
	vtid/conf/conf_edit.c \
	vtid/conf/conf_errors.c \
	vtid/conf/conf_json.c \
	vtid/conf/conf_load.c \
	vtid/conf/conf_path.c \
	vtid/conf/conf_render.c \
	vtid/conf/conf_syntax.c \
	vtid/conf/conf_valid.c \
	vtid/conf/conf_values.c \
	vtid/conf/conf_words.c
nodist_vtid_conf_libconf_a_SOURCES = vtid/yang/vtid_yang.c
# The command table's rows, one file per mode, included by conf_cmds.c.
EXTRA_DIST += \
	vtid/conf/conf_cmds_global.inc \
	vtid/conf/conf_cmds_tunnel.inc \
	vtid/conf/conf_cmds_bgp.inc \
	vtid/conf/conf_cmds_af.inc

# The model as a C string, so the daemon carries the model it was built with.
BUILT_SOURCES += vtid/yang/vtid_yang.c
CLEANFILES += vtid/yang/vtid_yang.c
vtid/yang/vtid_yang.c: $(srcdir)/vtid/yang/vtid.yang $(srcdir)/vtid/conf/local.mk
	$(AM_V_GEN)$(MKDIR_P) vtid/yang && { \
	  echo '/* Generated from vtid/yang/vtid.yang by vtid/conf/local.mk; do not edit. */'; \
	  echo '#include "vtid/conf/conf_int.h"'; \
	  echo 'const char conf_yang_text[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' -e 's/^/"/' -e 's/$$/\\n"/' \
	    $(srcdir)/vtid/yang/vtid.yang; \
	  echo ';'; \
	} > $@-t && mv $@-t $@
