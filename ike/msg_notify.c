/* Names of notify and payload types, and the error recorder. */
#include <stdio.h>

#include "ike/msg_int.h"

struct msg_name {
	uint16_t type;
	const char *name;
};

static const struct msg_name notify_names[] = {
	{IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD, "UNSUPPORTED_CRITICAL_PAYLOAD"},
	{IKE_N_INVALID_IKE_SPI, "INVALID_IKE_SPI"},
	{IKE_N_INVALID_MAJOR_VERSION, "INVALID_MAJOR_VERSION"},
	{IKE_N_INVALID_SYNTAX, "INVALID_SYNTAX"},
	{IKE_N_INVALID_MESSAGE_ID, "INVALID_MESSAGE_ID"},
	{IKE_N_INVALID_SPI, "INVALID_SPI"},
	{IKE_N_NO_PROPOSAL_CHOSEN, "NO_PROPOSAL_CHOSEN"},
	{IKE_N_INVALID_KE_PAYLOAD, "INVALID_KE_PAYLOAD"},
	{IKE_N_AUTHENTICATION_FAILED, "AUTHENTICATION_FAILED"},
	{IKE_N_SINGLE_PAIR_REQUIRED, "SINGLE_PAIR_REQUIRED"},
	{IKE_N_NO_ADDITIONAL_SAS, "NO_ADDITIONAL_SAS"},
	{IKE_N_INTERNAL_ADDRESS_FAILURE, "INTERNAL_ADDRESS_FAILURE"},
	{IKE_N_FAILED_CP_REQUIRED, "FAILED_CP_REQUIRED"},
	{IKE_N_TS_UNACCEPTABLE, "TS_UNACCEPTABLE"},
	{IKE_N_INVALID_SELECTORS, "INVALID_SELECTORS"},
	{IKE_N_TEMPORARY_FAILURE, "TEMPORARY_FAILURE"},
	{IKE_N_CHILD_SA_NOT_FOUND, "CHILD_SA_NOT_FOUND"},
	{IKE_N_INITIAL_CONTACT, "INITIAL_CONTACT"},
	{IKE_N_SET_WINDOW_SIZE, "SET_WINDOW_SIZE"},
	{IKE_N_ADDITIONAL_TS_POSSIBLE, "ADDITIONAL_TS_POSSIBLE"},
	{IKE_N_IPCOMP_SUPPORTED, "IPCOMP_SUPPORTED"},
	{IKE_N_NAT_DETECTION_SOURCE_IP, "NAT_DETECTION_SOURCE_IP"},
	{IKE_N_NAT_DETECTION_DESTINATION_IP, "NAT_DETECTION_DESTINATION_IP"},
	{IKE_N_COOKIE, "COOKIE"},
	{IKE_N_USE_TRANSPORT_MODE, "USE_TRANSPORT_MODE"},
	{IKE_N_HTTP_CERT_LOOKUP_SUPPORTED, "HTTP_CERT_LOOKUP_SUPPORTED"},
	{IKE_N_REKEY_SA, "REKEY_SA"},
	{IKE_N_ESP_TFC_PADDING_NOT_SUPPORTED, "ESP_TFC_PADDING_NOT_SUPPORTED"},
	{IKE_N_NON_FIRST_FRAGMENTS_ALSO, "NON_FIRST_FRAGMENTS_ALSO"},
	{IKE_N_MOBIKE_SUPPORTED, "MOBIKE_SUPPORTED"},
	{IKE_N_IKEV2_FRAGMENTATION_SUPPORTED, "IKEV2_FRAGMENTATION_SUPPORTED"},
	{IKE_N_SIGNATURE_HASH_ALGORITHMS, "SIGNATURE_HASH_ALGORITHMS"},
};

static const struct msg_name payload_names[] = {
	{IKE_PL_SA, "SA"},     {IKE_PL_KE, "KE"},	{IKE_PL_IDI, "IDi"},
	{IKE_PL_IDR, "IDr"},   {IKE_PL_CERT, "CERT"},	{IKE_PL_CERTREQ, "CERTREQ"},
	{IKE_PL_AUTH, "AUTH"}, {IKE_PL_NONCE, "Nonce"}, {IKE_PL_NOTIFY, "N"},
	{IKE_PL_DELETE, "D"},  {IKE_PL_VENDOR, "V"},	{IKE_PL_TSI, "TSi"},
	{IKE_PL_TSR, "TSr"},   {IKE_PL_SK, "SK"},	{IKE_PL_CP, "CP"},
	{IKE_PL_EAP, "EAP"},
};

static const char *msg_name_find(const struct msg_name *t, size_t n, uint16_t type)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].type == type)
			return t[i].name;
	return NULL;
}

const char *ike_notify_name(uint16_t type)
{
	return msg_name_find(notify_names, sizeof(notify_names) / sizeof(notify_names[0]), type);
}

bool ike_notify_is_error(uint16_t type)
{
	return type != 0 && type < 16384;
}

const char *ike_payload_name(uint8_t type)
{
	return msg_name_find(payload_names, sizeof(payload_names) / sizeof(payload_names[0]), type);
}

int msg_fail(struct ike_msg_err *err, int code, uint16_t notify, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->notify = notify;
	va_start(ap, fmt);
	vsnprintf(err->reason, sizeof(err->reason), fmt, ap);
	va_end(ap);
	return code;
}

const struct ike_msg_notify *ike_msg_notify_find(const struct ike_msg *m, uint16_t type)
{
	unsigned i;

	for (i = 0; i < m->n_notify && i < IKE_MSG_MAX_NOTIFIES; i++)
		if (m->notify[i].type == type)
			return &m->notify[i];
	return NULL;
}
