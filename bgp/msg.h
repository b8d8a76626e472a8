/*
 * The BGP-4 message codec (RFC 4271 §4): framing, OPEN with capabilities
 * (RFC 5492, 4760, 2918, 6793, 4724), NOTIFICATION, KEEPALIVE and
 * ROUTE-REFRESH.  It parses and generates bytes only; it holds no session
 * state and never logs (the speaker logs what it is told, with log_peer()).
 *
 * Parsers read only through common/wire.h and never allocate: what they
 * return may point into the caller's buffer, which must outlive it.  A parse
 * that fails fills a struct bgp_notify with the NOTIFICATION the session
 * must send (code, subcode, data) and returns -EBADMSG.
 *
 * Generators write one whole message, header included, into a wire_writer
 * and return 0, or -ENOSPC (writer full or over BGP_MSG_MAX) or -EINVAL
 * (a value that cannot be encoded).  After an error the writer holds a
 * partial message: throw it away.
 */
#ifndef VT_BGP_MSG_H
#define VT_BGP_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/addr.h"
#include "common/wire.h"

#define BGP_HDR_LEN 19
#define BGP_MSG_MAX 4096
#define BGP_VERSION 4

enum bgp_msg_type {
	BGP_MSG_OPEN = 1,
	BGP_MSG_UPDATE = 2,
	BGP_MSG_NOTIFICATION = 3,
	BGP_MSG_KEEPALIVE = 4,
	BGP_MSG_ROUTE_REFRESH = 5,
};

/* NOTIFICATION error codes (RFC 4271 §4.5, RFC 7313) */
enum bgp_err_code {
	BGP_ERR_HEADER = 1,
	BGP_ERR_OPEN = 2,
	BGP_ERR_UPDATE = 3,
	BGP_ERR_HOLD = 4,
	BGP_ERR_FSM = 5,
	BGP_ERR_CEASE = 6,
	BGP_ERR_RREFRESH = 7,
};

enum bgp_err_header_sub {
	BGP_ERR_HDR_SYNC = 1,
	BGP_ERR_HDR_LENGTH = 2,
	BGP_ERR_HDR_TYPE = 3,
};

enum bgp_err_open_sub {
	BGP_ERR_OPEN_UNSPEC = 0,
	BGP_ERR_OPEN_VERSION = 1,
	BGP_ERR_OPEN_PEER_AS = 2,
	BGP_ERR_OPEN_BGP_ID = 3,
	BGP_ERR_OPEN_OPT_PARAM = 4,
	BGP_ERR_OPEN_HOLD_TIME = 6,
	BGP_ERR_OPEN_CAPABILITY = 7,
};

enum bgp_err_update_sub {
	BGP_ERR_UPD_ATTR_LIST = 1,
	BGP_ERR_UPD_WELL_KNOWN = 2,
	BGP_ERR_UPD_MISSING = 3,
	BGP_ERR_UPD_FLAGS = 4,
	BGP_ERR_UPD_LENGTH = 5,
	BGP_ERR_UPD_ORIGIN = 6,
	BGP_ERR_UPD_NEXT_HOP = 8,
	BGP_ERR_UPD_OPTIONAL = 9,
	BGP_ERR_UPD_NETWORK = 10,
	BGP_ERR_UPD_AS_PATH = 11,
};

/*
 * A NOTIFICATION, parsed or to be sent.  The data is either data/data_len
 * (pointing into a message) or, when data is NULL, own[0..data_len): bytes
 * the parser made up, such as a bad length.  Read it with bgp_notify_data().
 */
#define BGP_NOTIFY_OWN_MAX 4
struct bgp_notify {
	uint8_t code;
	uint8_t subcode;
	const uint8_t *data;
	size_t data_len;
	uint8_t own[BGP_NOTIFY_OWN_MAX];
};

const uint8_t *bgp_notify_data(const struct bgp_notify *n);
/* "OPEN Message Error"; "unknown" for codes without a name.  Never NULL. */
const char *bgp_notify_code_name(uint8_t code);
/* "Bad Peer AS"; "unspecific" for 0, "unknown" when unnamed.  Never NULL. */
const char *bgp_notify_subcode_name(uint8_t code, uint8_t subcode);

/*
 * Framing.  buf holds len bytes received so far.  Returns 0 and sets *type
 * and *msg_len (19..4096, the whole message) when the header is good,
 * -EAGAIN if fewer than 19 bytes are there, -EBADMSG (with *err) for a bad
 * marker, length or type, or a length wrong for the type.
 */
int bgp_hdr_parse(const uint8_t *buf, size_t len, uint8_t *type, size_t *msg_len,
		  struct bgp_notify *err);

/* An AFI/SAFI pair (RFC 4760): AFI 1 IPv4, 2 IPv6; SAFI 1 unicast. */
#define BGP_AFI_IPV4 1
#define BGP_AFI_IPV6 2
#define BGP_SAFI_UNICAST 1
struct bgp_afisafi {
	uint16_t afi;
	uint8_t safi;
};

/* Capability codes (RFC 5492 registry) */
#define BGP_CAP_MP 1
#define BGP_CAP_ROUTE_REFRESH 2
#define BGP_CAP_GRACEFUL_RESTART 64
#define BGP_CAP_AS4 65

struct bgp_cap_raw {
	uint8_t code;
	uint8_t len;
	const uint8_t *value;
};

#define BGP_OPEN_MP_MAX 8
#define BGP_OPEN_CAP_MAX 16

/*
 * An OPEN (RFC 4271 §4.2).  my_as is the 2-octet field (AS_TRANS when the
 * AS does not fit); the peer's real AS is bgp_open_asn().  Capabilities the
 * codec knows are decoded; graceful restart (RFC 4724) is kept as its
 * restart flags, time and the raw AFI/SAFI tuples; others are kept raw.
 * Pairs or capabilities beyond the arrays are counted in n_dropped, not
 * kept.  The generator writes every capability that is set, in one
 * Capabilities optional parameter.
 */
struct bgp_open {
	uint8_t version;
	uint16_t my_as;
	uint16_t hold_time;
	uint32_t bgp_id; /* host order */
	bool has_as4;
	uint32_t as4;
	bool route_refresh;
	size_t n_mp;
	struct bgp_afisafi mp[BGP_OPEN_MP_MAX];
	bool has_gr;
	uint8_t gr_flags;  /* top 4 bits of the first octet, shifted down */
	uint16_t gr_time;  /* 12 bits */
	const uint8_t *gr_tuples;
	size_t gr_tuples_len;
	size_t n_other;
	struct bgp_cap_raw other[BGP_OPEN_CAP_MAX];
	size_t n_dropped;
};

/* The speaker's AS: as4 when the 4-octet capability is there, else my_as. */
uint32_t bgp_open_asn(const struct bgp_open *o);
/* Fill o for asn (my_as becomes AS_TRANS above 65535, as4 always set). */
void bgp_open_init(struct bgp_open *o, uint32_t asn, uint16_t hold_time, uint32_t bgp_id);

/*
 * Each *_parse takes a whole message (header included, already checked by
 * bgp_hdr_parse) and returns 0 or -EBADMSG with *err set.
 * OPEN checks version 4, hold time 0 or >= 3, a non-zero BGP identifier
 * and AS, well-formed parameters and capabilities; whether the AS is the
 * one configured is the speaker's business.
 */
int bgp_open_parse(const uint8_t *msg, size_t len, struct bgp_open *o, struct bgp_notify *err);
int bgp_open_write(struct wire_writer *w, const struct bgp_open *o);

/* Parses a NOTIFICATION the peer sent into *n (data points into msg). */
int bgp_notify_parse(const uint8_t *msg, size_t len, struct bgp_notify *n,
		     struct bgp_notify *err);
int bgp_notify_write(struct wire_writer *w, const struct bgp_notify *n);

int bgp_keepalive_write(struct wire_writer *w);

/* ROUTE-REFRESH (RFC 2918); the subtype octet is RFC 7313's, 0 normally. */
struct bgp_rrefresh {
	uint16_t afi;
	uint8_t subtype;
	uint8_t safi;
};
int bgp_rrefresh_parse(const uint8_t *msg, size_t len, struct bgp_rrefresh *rr,
		       struct bgp_notify *err);
int bgp_rrefresh_write(struct wire_writer *w, const struct bgp_rrefresh *rr);

/*
 * UPDATE (RFC 4271 §4.3) with RFC 7606 error handling.  Path attributes are
 * described once, in a table in msg_attr.c.  Parsing yields one of:
 *   0                 ok;
 *   BGP_UPD_WITHDRAW  treat-as-withdraw: every prefix in the message
 *                     (NLRI and MP_REACH) is to be withdrawn; u->reason
 *                     says why;
 *   -EBADMSG          session reset with the NOTIFICATION in *err.
 * Attributes that RFC 7606 says to discard are dropped and counted in
 * n_discarded.  Prefix lists are kept as validated bytes in the message
 * and read with bgp_nlri_next(), so no limit applies to their number.
 */
#define BGP_ATTR_F_OPTIONAL 0x80
#define BGP_ATTR_F_TRANSITIVE 0x40
#define BGP_ATTR_F_PARTIAL 0x20
#define BGP_ATTR_F_EXTENDED 0x10

enum bgp_attr_type {
	BGP_ATTR_ORIGIN = 1,
	BGP_ATTR_AS_PATH = 2,
	BGP_ATTR_NEXT_HOP = 3,
	BGP_ATTR_MED = 4,
	BGP_ATTR_LOCAL_PREF = 5,
	BGP_ATTR_ATOMIC_AGGREGATE = 6,
	BGP_ATTR_AGGREGATOR = 7,
	BGP_ATTR_COMMUNITIES = 8,
	BGP_ATTR_MP_REACH = 14,
	BGP_ATTR_MP_UNREACH = 15,
	BGP_ATTR_AS4_PATH = 17,
	BGP_ATTR_AS4_AGGREGATOR = 18,
	BGP_ATTR_LARGE_COMMUNITIES = 32,
};

#define BGP_UPD_WITHDRAW 1
#define BGP_UPD_UNKNOWN_MAX 8

/* A list of prefixes of one family as they are on the wire. */
struct bgp_nlri {
	uint16_t afi;
	const uint8_t *data;
	size_t len;
};

struct bgp_nlri_iter {
	struct wire_reader r;
	uint16_t afi;
};

void bgp_nlri_iter_init(struct bgp_nlri_iter *it, const struct bgp_nlri *n);
/* The next prefix; false at the end (lists were validated by the parser). */
bool bgp_nlri_next(struct bgp_nlri_iter *it, struct vt_prefix *out);

struct bgp_attr_raw {
	uint8_t flags;
	uint8_t type;
	uint16_t len;
	const uint8_t *value;
};

/* The session facts the codec needs. */
struct bgp_upd_ctx {
	bool as4;  /* both sides sent the 4-octet AS capability */
	bool ibgp; /* LOCAL_PREF is mandatory and errors in it withdraw */
};

struct bgp_update {
	struct bgp_nlri withdrawn; /* IPv4 */
	struct bgp_nlri nlri;      /* IPv4 */
	uint8_t seen[32];          /* bitmap of attribute types present */
	uint8_t origin;
	/* AS_PATH segments as on the wire; 4-octet ASNs when as_path_as4 */
	const uint8_t *as_path;
	size_t as_path_len;
	bool as_path_as4;
	struct vt_addr next_hop;
	uint32_t med;
	uint32_t local_pref;
	uint32_t aggregator_as;
	struct vt_addr aggregator_id;
	const uint8_t *communities; /* 4 octets each */
	size_t communities_len;
	const uint8_t *large_communities; /* 12 octets each */
	size_t large_communities_len;
	uint16_t mp_afi; /* MP_REACH */
	uint8_t mp_safi;
	struct vt_addr mp_next_hop;
	struct vt_addr mp_next_hop_ll; /* IPv6 link-local, family 0 if none */
	struct bgp_nlri mp_nlri;
	uint16_t mp_unreach_afi;
	uint8_t mp_unreach_safi;
	struct bgp_nlri mp_withdrawn;
	const uint8_t *as4_path;
	size_t as4_path_len;
	uint32_t as4_aggregator_as;
	struct vt_addr as4_aggregator_id;
	size_t n_unknown; /* optional transitive ones, kept for re-sending */
	struct bgp_attr_raw unknown[BGP_UPD_UNKNOWN_MAX];
	size_t n_discarded;
	const char *reason; /* set with BGP_UPD_WITHDRAW */
};

bool bgp_update_has(const struct bgp_update *u, uint8_t type);
void bgp_update_set(struct bgp_update *u, uint8_t type);

int bgp_update_parse(const uint8_t *msg, size_t len, const struct bgp_upd_ctx *ctx,
		     struct bgp_update *u, struct bgp_notify *err);

/*
 * Write one UPDATE holding the attributes of u that are set (MP_REACH is
 * built from u->mp_* and the prefixes when they are IPv6) and as many of
 * pfx[0..n) as fit in BGP_MSG_MAX; *used says how many.  Call again with
 * the rest.  Withdrawals: bgp_withdraw_write, likewise (IPv6 via
 * MP_UNREACH).  Unknown transitive attributes go out with Partial set.
 * All prefixes of one call share a family.
 */
int bgp_update_write(struct wire_writer *w, const struct bgp_upd_ctx *ctx,
		     const struct bgp_update *u, const struct vt_prefix *pfx, size_t n,
		     size_t *used);
int bgp_withdraw_write(struct wire_writer *w, const struct vt_prefix *pfx, size_t n,
		       size_t *used);

#endif
