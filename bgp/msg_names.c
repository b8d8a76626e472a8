/*
 * Names of NOTIFICATION codes and subcodes, for logs and `show` output
 * (RFC 4271 §4.5, RFC 4486, RFC 5492, RFC 7313, RFC 8203).
 */
#include "bgp/msg.h"

struct bgp_name {
	uint8_t code;
	uint8_t sub;
	const char *name;
};

static const char *const bgp_code_names[] = {
	[BGP_ERR_HEADER] = "Message Header Error",
	[BGP_ERR_OPEN] = "OPEN Message Error",
	[BGP_ERR_UPDATE] = "UPDATE Message Error",
	[BGP_ERR_HOLD] = "Hold Timer Expired",
	[BGP_ERR_FSM] = "Finite State Machine Error",
	[BGP_ERR_CEASE] = "Cease",
	[BGP_ERR_RREFRESH] = "ROUTE-REFRESH Message Error",
};

static const struct bgp_name bgp_sub_names[] = {
	{BGP_ERR_HEADER, BGP_ERR_HDR_SYNC, "Connection Not Synchronized"},
	{BGP_ERR_HEADER, BGP_ERR_HDR_LENGTH, "Bad Message Length"},
	{BGP_ERR_HEADER, BGP_ERR_HDR_TYPE, "Bad Message Type"},
	{BGP_ERR_OPEN, BGP_ERR_OPEN_VERSION, "Unsupported Version Number"},
	{BGP_ERR_OPEN, BGP_ERR_OPEN_PEER_AS, "Bad Peer AS"},
	{BGP_ERR_OPEN, BGP_ERR_OPEN_BGP_ID, "Bad BGP Identifier"},
	{BGP_ERR_OPEN, BGP_ERR_OPEN_OPT_PARAM, "Unsupported Optional Parameter"},
	{BGP_ERR_OPEN, BGP_ERR_OPEN_HOLD_TIME, "Unacceptable Hold Time"},
	{BGP_ERR_OPEN, BGP_ERR_OPEN_CAPABILITY, "Unsupported Capability"},
	{BGP_ERR_UPDATE, BGP_ERR_UPD_ATTR_LIST, "Malformed Attribute List"},
	{BGP_ERR_UPDATE, BGP_ERR_UPD_WELL_KNOWN, "Unrecognized Well-known Attribute"},
	{BGP_ERR_UPDATE, BGP_ERR_UPD_MISSING, "Missing Well-known Attribute"},
	{BGP_ERR_UPDATE, BGP_ERR_UPD_FLAGS, "Attribute Flags Error"},
	{BGP_ERR_UPDATE, BGP_ERR_UPD_LENGTH, "Attribute Length Error"},
	{BGP_ERR_UPDATE, BGP_ERR_UPD_ORIGIN, "Invalid ORIGIN Attribute"},
	{BGP_ERR_UPDATE, BGP_ERR_UPD_NEXT_HOP, "Invalid NEXT_HOP Attribute"},
	{BGP_ERR_UPDATE, BGP_ERR_UPD_OPTIONAL, "Optional Attribute Error"},
	{BGP_ERR_UPDATE, BGP_ERR_UPD_NETWORK, "Invalid Network Field"},
	{BGP_ERR_UPDATE, BGP_ERR_UPD_AS_PATH, "Malformed AS_PATH"},
	{BGP_ERR_CEASE, 1, "Maximum Number of Prefixes Reached"},
	{BGP_ERR_CEASE, 2, "Administrative Shutdown"},
	{BGP_ERR_CEASE, 3, "Peer De-configured"},
	{BGP_ERR_CEASE, 4, "Administrative Reset"},
	{BGP_ERR_CEASE, 5, "Connection Rejected"},
	{BGP_ERR_CEASE, 6, "Other Configuration Change"},
	{BGP_ERR_CEASE, 7, "Connection Collision Resolution"},
	{BGP_ERR_CEASE, 8, "Out of Resources"},
	{BGP_ERR_RREFRESH, 1, "Invalid Message Length"},
};

const char *bgp_notify_code_name(uint8_t code)
{
	if (code < sizeof(bgp_code_names) / sizeof(bgp_code_names[0]) && bgp_code_names[code])
		return bgp_code_names[code];
	return "unknown";
}

const char *bgp_notify_subcode_name(uint8_t code, uint8_t subcode)
{
	size_t i;

	if (subcode == 0)
		return "unspecific";
	for (i = 0; i < sizeof(bgp_sub_names) / sizeof(bgp_sub_names[0]); i++)
		if (bgp_sub_names[i].code == code && bgp_sub_names[i].sub == subcode)
			return bgp_sub_names[i].name;
	return "unknown";
}
