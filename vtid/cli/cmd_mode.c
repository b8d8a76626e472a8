/*
 * The shell's modes, as vtysh names them, so that prompts and `show
 * running-config` blocks read the way FRR users expect.
 */
#include "vtid/cli/cmd.h"

static const struct cmd_mode_info cmd_modes[CMD_MODE__COUNT] = {
	[CMD_MODE_EXEC] = {"exec", "", CMD_MODE_EXEC},
	[CMD_MODE_CONFIG] = {"config", "(config)", CMD_MODE_EXEC},
	[CMD_MODE_TUNNEL] = {"config-tunnel", "(config-tunnel)", CMD_MODE_CONFIG},
	[CMD_MODE_BGP] = {"config-router", "(config-router)", CMD_MODE_CONFIG},
	[CMD_MODE_BGP_AF_V4] = {"config-router-af", "(config-router-af)", CMD_MODE_BGP},
	[CMD_MODE_BGP_AF_V6] = {"config-router-af", "(config-router-af)", CMD_MODE_BGP},
};

const struct cmd_mode_info *cmd_mode_info(enum cmd_mode m)
{
	if ((unsigned)m >= CMD_MODE__COUNT)
		return NULL;
	return &cmd_modes[m];
}
