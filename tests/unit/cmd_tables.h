/*
 * Command tables for the command engine's tests and fuzz harness: a
 * realistic slice of vtictl's exec commands and of the config commands.
 */
#ifndef VT_TESTS_CMD_TABLES_H
#define VT_TESTS_CMD_TABLES_H

#include "vtid/cli/cmd.h"

extern const struct cmd_table test_exec_table;
extern const struct cmd_table test_conf_table;
/* Both, as the daemon hands them to the engine. */
extern const struct cmd_table test_tables[2];

/* A cmd_values_fn: "tunnel" -> aws1 aws2, "neighbor" -> three addresses,
 * "interface" -> eth0 vti1 vti2, plus one unprintable name for each. */
size_t test_values(const char *src, const char *const **values, void *arg);

#endif
