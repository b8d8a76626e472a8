# The daemon's parts: the command engine, the configuration, the daemon.
include vtid/cli/local.mk
include vtid/conf/local.mk
include vtid/dp/local.mk
include vtid/daemon.mk
