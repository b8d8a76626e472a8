noinst_LIBRARIES += vtid/cli/libcli.a
vtid_cli_libcli_a_SOURCES = \
	vtid/cli/cmd.h vtid/cli/cmd_impl.h \
	vtid/cli/cmd_check.c \
	vtid/cli/cmd_complete.c \
	vtid/cli/cmd_match.c \
	vtid/cli/cmd_mode.c \
	vtid/cli/cmd_parse.c \
	vtid/cli/cmd_syntax.c \
	vtid/cli/cmd_target.c \
	vtid/cli/cmd_token.c \
	vtid/cli/cmd_words.c
