/*
 * The IKEv2 message codec (RFC 7296 §3): datagram bytes <-> struct ike_msg.
 *
 * Parsing never allocates: a parsed message is a struct of fixed arrays
 * whose byte fields (struct ike_bytes) point into the datagram, so the
 * datagram must outlive the struct.  Every byte is read through the bounded
 * reader of common/wire.h, and every limit below is a clean INVALID_SYNTAX
 * error, never an overflow.  The payload layouts are described once, as
 * tables (ike/msg_layout.c) that both the parser and the generator walk.
 *
 * Encryption is not done here.  The SK payload is exposed as its body
 * (IV || ciphertext || ICV) and its inner first-payload type; the caller
 * splits it with ike_msg_sk_split(), decrypts, and parses the plaintext
 * with ike_msg_parse_inner().  To send, ike_msg_gen_inner() writes the
 * inner payloads, the caller pads them (ike_msg_sk_pad()), and
 * ike_msg_gen_sk() writes header and SK payload with room for IV,
 * ciphertext and ICV at offsets it returns, for the caller to fill.
 */
#ifndef VT_IKE_MSG_H
#define VT_IKE_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/wire.h"
#include "ike/proposal.h"

enum ike_payload_type {
	IKE_PL_NONE = 0,
	IKE_PL_SA = 33,
	IKE_PL_KE = 34,
	IKE_PL_IDI = 35,
	IKE_PL_IDR = 36,
	IKE_PL_CERT = 37,
	IKE_PL_CERTREQ = 38,
	IKE_PL_AUTH = 39,
	IKE_PL_NONCE = 40,
	IKE_PL_NOTIFY = 41,
	IKE_PL_DELETE = 42,
	IKE_PL_VENDOR = 43,
	IKE_PL_TSI = 44,
	IKE_PL_TSR = 45,
	IKE_PL_SK = 46,
	IKE_PL_CP = 47,
	IKE_PL_EAP = 48,
};

enum ike_exchange {
	IKE_EXCH_SA_INIT = 34,
	IKE_EXCH_AUTH = 35,
	IKE_EXCH_CREATE_CHILD_SA = 36,
	IKE_EXCH_INFORMATIONAL = 37,
};

/* Header flags. */
#define IKE_HDR_F_INITIATOR 0x08
#define IKE_HDR_F_VERSION   0x10
#define IKE_HDR_F_RESPONSE  0x20

#define IKE_HDR_LEN	    28
#define IKE_GENERIC_HDR_LEN 4
#define IKE_VERSION_2	    0x20 /* major 2, minor 0 */

enum ike_id_type {
	IKE_ID_IPV4 = 1,
	IKE_ID_FQDN = 2,
	IKE_ID_RFC822 = 3,
	IKE_ID_IPV6 = 5,
	IKE_ID_KEY_ID = 11,
};

enum ike_auth_method {
	IKE_AUTH_RSA = 1,
	IKE_AUTH_PSK = 2,
	IKE_AUTH_DSS = 3,
	IKE_AUTH_DIGSIG = 14,
};

enum ike_ts_type {
	IKE_TS_IPV4 = 7,
	IKE_TS_IPV6 = 8,
};

/* Notify message types (RFC 7296 §3.10.1 and later RFCs). */
enum ike_notify_type {
	IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD = 1,
	IKE_N_INVALID_IKE_SPI = 4,
	IKE_N_INVALID_MAJOR_VERSION = 5,
	IKE_N_INVALID_SYNTAX = 7,
	IKE_N_INVALID_MESSAGE_ID = 9,
	IKE_N_INVALID_SPI = 11,
	IKE_N_NO_PROPOSAL_CHOSEN = 14,
	IKE_N_INVALID_KE_PAYLOAD = 17,
	IKE_N_AUTHENTICATION_FAILED = 24,
	IKE_N_SINGLE_PAIR_REQUIRED = 34,
	IKE_N_NO_ADDITIONAL_SAS = 35,
	IKE_N_INTERNAL_ADDRESS_FAILURE = 36,
	IKE_N_FAILED_CP_REQUIRED = 37,
	IKE_N_TS_UNACCEPTABLE = 38,
	IKE_N_INVALID_SELECTORS = 39,
	IKE_N_TEMPORARY_FAILURE = 43,
	IKE_N_CHILD_SA_NOT_FOUND = 44,
	IKE_N_INITIAL_CONTACT = 16384,
	IKE_N_SET_WINDOW_SIZE = 16385,
	IKE_N_ADDITIONAL_TS_POSSIBLE = 16386,
	IKE_N_IPCOMP_SUPPORTED = 16387,
	IKE_N_NAT_DETECTION_SOURCE_IP = 16388,
	IKE_N_NAT_DETECTION_DESTINATION_IP = 16389,
	IKE_N_COOKIE = 16390,
	IKE_N_USE_TRANSPORT_MODE = 16391,
	IKE_N_HTTP_CERT_LOOKUP_SUPPORTED = 16392,
	IKE_N_REKEY_SA = 16393,
	IKE_N_ESP_TFC_PADDING_NOT_SUPPORTED = 16394,
	IKE_N_NON_FIRST_FRAGMENTS_ALSO = 16395,
	IKE_N_MOBIKE_SUPPORTED = 16396,
	IKE_N_IKEV2_FRAGMENTATION_SUPPORTED = 16430,
	IKE_N_SIGNATURE_HASH_ALGORITHMS = 16431,
};

/* The name of a notify type ("NO_PROPOSAL_CHOSEN"), or NULL if unknown. */
const char *ike_notify_name(uint16_t type);
/* True for error types (below 16384), which a peer's message must not
 * ignore. */
bool ike_notify_is_error(uint16_t type);
/* The name of a payload type ("SA", "N"), or NULL if unknown. */
const char *ike_payload_name(uint8_t type);

/* Limits of one parsed message. */
#define IKE_MSG_MAX_PROPOSALS  16
#define IKE_MSG_MAX_TRANSFORMS 32
#define IKE_MSG_MAX_NOTIFIES   32
#define IKE_MSG_MAX_TS	       16
#define IKE_MSG_MAX_DELETES    8
#define IKE_MSG_MAX_VENDORS    8
#define IKE_MSG_MAX_PAYLOADS   64
#define IKE_NONCE_MIN	       16
#define IKE_NONCE_MAX	       256

/* Bytes owned by someone else: the datagram when parsed, the caller's
 * buffers when generating.  ptr may be NULL only when len is 0. */
struct ike_bytes {
	const uint8_t *ptr;
	size_t len;
};

struct ike_hdr {
	uint64_t spi_i;
	uint64_t spi_r;
	uint8_t next; /* first payload; filled by the generator */
	uint8_t version;
	uint8_t exchange;
	uint8_t flags;
	uint32_t msgid;
	uint32_t length; /* filled by the generator */
};

struct ike_msg_transform {
	uint8_t type; /* enum ike_transform_type */
	uint16_t id;
	uint16_t keylen;   /* bits; 0 = no Key Length attribute */
	bool unknown_attr; /* carried an attribute we do not know (parse only) */
};

struct ike_msg_proposal {
	uint8_t num;	      /* 1-based; generator: 0 = number by position */
	uint8_t proto;	      /* enum ike_proto */
	struct ike_bytes spi; /* 0, 4 or 8 bytes */
	unsigned n_xf;
	struct ike_msg_transform xf[IKE_MSG_MAX_TRANSFORMS];
};

struct ike_msg_sa {
	unsigned n_prop;
	struct ike_msg_proposal prop[IKE_MSG_MAX_PROPOSALS];
};

struct ike_msg_ke {
	uint16_t group;
	struct ike_bytes data;
};

struct ike_msg_id {
	uint8_t type; /* enum ike_id_type; other types kept as opaque data */
	struct ike_bytes data;
};

struct ike_msg_auth {
	uint8_t method; /* enum ike_auth_method */
	struct ike_bytes data;
};

struct ike_msg_notify {
	uint8_t proto; /* 0 or enum ike_proto */
	uint16_t type;
	struct ike_bytes spi;
	struct ike_bytes data;
};

struct ike_msg_delete {
	uint8_t proto;
	uint8_t spi_size; /* 0 for IKE, 4 for ESP */
	uint16_t n_spi;
	struct ike_bytes spis; /* n_spi * spi_size bytes */
};

struct ike_msg_ts {
	uint8_t type;	  /* enum ike_ts_type */
	uint8_t ip_proto; /* 0 = any */
	uint16_t port_start, port_end;
	uint8_t addr_start[16], addr_end[16]; /* IPv4 uses the first 4 */
};

struct ike_msg_ts_list {
	unsigned n;
	struct ike_msg_ts ts[IKE_MSG_MAX_TS];
};

/* Configuration payload (RFC 7296 §3.15): CFG_REQUEST 1, CFG_REPLY 2,
 * CFG_SET 3, CFG_ACK 4; attributes kept as type and raw value (e.g.
 * INTERNAL_IP4_ADDRESS 1, INTERNAL_IP4_DNS 3). */
#define IKE_MSG_MAX_CP_ATTRS 16
enum ike_cfg_type {
	IKE_CFG_REQUEST = 1,
	IKE_CFG_REPLY = 2,
	IKE_CFG_SET = 3,
	IKE_CFG_ACK = 4,
};

struct ike_msg_cp_attr {
	uint16_t type; /* 15 bits */
	struct ike_bytes value;
};

struct ike_msg_cp {
	uint8_t type; /* enum ike_cfg_type */
	unsigned n_attr;
	struct ike_msg_cp_attr attr[IKE_MSG_MAX_CP_ATTRS];
};

struct ike_msg_sk {
	uint8_t inner_next;    /* type of the first inner payload */
	struct ike_bytes body; /* IV || ciphertext || ICV */
	size_t body_off;       /* offset of body in the datagram (parse only) */
};

/* Where a payload sits in the message's order: its type and, for repeated
 * types (N, D, V), its index in that array. */
struct ike_msg_slot {
	uint8_t type;
	uint8_t idx;
};

/*
 * One IKEv2 message.  has_* flags say which single payloads are present;
 * counts say how many of the repeated ones.  order[] lists the payloads as
 * they appear on the wire; the parser fills it, and the generator follows it
 * when n_order > 0 (otherwise: SA KE IDi IDr AUTH Ni TSi TSr CP N.. D.. V.. SK).
 * The struct is about 9 KiB: keep it static or in an object, not on a
 * small stack.
 */
struct ike_msg {
	struct ike_hdr hdr;
	bool has_sa, has_ke, has_idi, has_idr, has_auth, has_nonce, has_tsi, has_tsr, has_cp,
		has_sk;
	struct ike_msg_sa sa;
	struct ike_msg_ke ke;
	struct ike_msg_id idi, idr;
	struct ike_msg_auth auth;
	struct ike_bytes nonce;
	struct ike_msg_ts_list tsi, tsr;
	struct ike_msg_cp cp;
	struct ike_msg_sk sk;
	unsigned n_notify;
	struct ike_msg_notify notify[IKE_MSG_MAX_NOTIFIES];
	unsigned n_delete;
	struct ike_msg_delete del[IKE_MSG_MAX_DELETES];
	unsigned n_vendor;
	struct ike_bytes vendor[IKE_MSG_MAX_VENDORS];
	unsigned n_skipped; /* unknown non-critical payloads (and CERT, EAP...) */
	unsigned n_order;
	struct ike_msg_slot order[IKE_MSG_MAX_PAYLOADS];
};

/* The first notify of `type` in m, or NULL. */
const struct ike_msg_notify *ike_msg_notify_find(const struct ike_msg *m, uint16_t type);

/*
 * Why a parse failed: a short reason naming the payload and field
 * ("SA: proposal 2: transform length 3 < 8"), and the notify the caller
 * should answer with: INVALID_SYNTAX, UNSUPPORTED_CRITICAL_PAYLOAD (then
 * `payload` is the type to put in its data), INVALID_MAJOR_VERSION, or 0
 * when the datagram is not a message to answer at all (drop it).
 */
struct ike_msg_err {
	char reason[128];
	uint16_t notify;
	uint8_t payload;
};

/*
 * Error codes, all negative:
 *   -EBADMSG         malformed (answer err.notify if it is not 0)
 *   -EOPNOTSUPP      an unknown payload marked critical
 *   -EPROTONOSUPPORT major version is not 2
 */

/* Parse a whole datagram (non-ESP marker already stripped).  The header
 * length must equal len.  Returns 0 and fills *m, or a negative code and
 * *err (err may be NULL).  *m is undefined after a failure. */
int ike_msg_parse(const uint8_t *buf, size_t len, struct ike_msg *m, struct ike_msg_err *err);

/* Just the header, to find the SA before parsing further; same codes.
 * Checks the version and that the length field equals len. */
int ike_msg_parse_hdr(const uint8_t *buf, size_t len, struct ike_hdr *h, struct ike_msg_err *err);

/* Split an SK body for a cipher with iv_len bytes of IV and icv_len of ICV.
 * Returns -EBADMSG when the body is too short for both plus one byte. */
struct ike_sk_parts {
	struct ike_bytes iv, ct, icv;
};
int ike_msg_sk_split(const struct ike_msg_sk *sk, size_t iv_len, size_t icv_len,
		     struct ike_sk_parts *out, struct ike_msg_err *err);

/* Parse decrypted SK plaintext (inner payloads, padding, Pad Length byte)
 * into m, whose hdr and sk must be those ike_msg_parse() gave: payloads are
 * added to m as if they had been outside (order[] lists them after SK).
 * plain must outlive m. */
int ike_msg_parse_inner(struct ike_msg *m, const uint8_t *plain, size_t len,
			struct ike_msg_err *err);

/* Write header and payloads of m (no SK) into w.  hdr.next and hdr.length
 * are computed.  Returns 0, -EINVAL for a struct that cannot be encoded
 * (e.g. a count above a limit), -ENOSPC if w fills. */
int ike_msg_gen(const struct ike_msg *m, struct wire_writer *w);

/* Write only the payloads of m (no header) into w, for encryption; sets
 * *first to the first payload's type.  Same codes. */
int ike_msg_gen_inner(const struct ike_msg *m, struct wire_writer *w, uint8_t *first);

/* Append Padding and the Pad Length byte so the inner payloads in w fill
 * whole blocks of block_len (1 for AEAD and stream ciphers). */
int ike_msg_sk_pad(struct wire_writer *w, size_t block_len);

/*
 * Write the header h and one SK payload whose inner first payload is
 * `first`, with ct_len bytes of (already padded) ciphertext.  The IV,
 * ciphertext and ICV areas are zero-filled at the offsets returned in *a;
 * the caller fills them through w->buf.  The integrity check covers
 * w->buf[0 .. a->icv_off); AEAD's associated data is w->buf[0 .. a->iv_off).
 */
struct ike_sk_area {
	size_t iv_off, ct_off, icv_off, end;
};
int ike_msg_gen_sk(const struct ike_hdr *h, uint8_t first, size_t iv_len, size_t ct_len,
		   size_t icv_len, struct wire_writer *w, struct ike_sk_area *a);

/*
 * SA payload <-> proposals.  ike_msg_proposal_from() encodes p with number
 * num and SPI spi (which must stay valid while out is used); -E2BIG if it
 * needs more than IKE_MSG_MAX_TRANSFORMS.  ike_msg_proposal_to() decodes;
 * -EINVAL for an unknown transform type or attribute (RFC 7296 §3.3.6: such
 * a proposal is not chosen), -E2BIG for more algorithms of one type than
 * struct ike_proposal holds.
 */
int ike_msg_proposal_from(const struct ike_proposal *p, uint8_t num, struct ike_bytes spi,
			  struct ike_msg_proposal *out);
int ike_msg_proposal_to(const struct ike_msg_proposal *in, struct ike_proposal *out);

/* Same content: header fields but next and length, payloads and their bytes
 * (compared by value), not the order nor n_skipped.  Relies on unused
 * address bytes of IPv4 selectors being zero, as the parser leaves them. */
bool ike_msg_equal(const struct ike_msg *a, const struct ike_msg *b);

#endif
