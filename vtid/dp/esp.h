/*
 * ESP in tunnel mode (RFC 4303) and its UDP framing (RFC 3948), apart from
 * sockets, TUN devices and any particular cipher.
 *
 * Packets live in caller-owned buffers (struct esp_buf) with room in front
 * and behind; encapsulation grows the packet in place and decapsulation
 * shrinks it to the inner IP packet: no allocation per packet.  Every byte
 * from the wire is read through common/wire.h's bounded reader.
 *
 * A cipher plugs in as struct esp_cipher: sizes plus seal/open functions
 * that work in place.  These functions do not log: a drop is returned as a
 * reason (enum esp_drop) and counted in the SA's struct esp_stats; the
 * caller logs (rate-limited) with log_peer().
 */
#ifndef VT_DP_ESP_H
#define VT_DP_ESP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vtid/dp/replay.h"

#define ESP_HDR_LEN	8 /* SPI, sequence number */
#define ESP_TRAILER_LEN 2 /* pad length, next header */
#define ESP_NH_IPV4	4
#define ESP_NH_IPV6	41
#define ESP_NH_NONE	59 /* dummy packet (RFC 4303 §2.6) */
#define ESP_IV_MAX	16
#define ESP_ICV_MAX	32
#define ESP_BLOCK_MAX	16

/* One packet's parts, as a cipher sees them.  All point into the packet.
 * With ESN the high half of seq is authenticated but not sent: AES-GCM puts
 * it in the AAD (RFC 4106 §5), HMAC appends it to the ICV input (RFC 4303
 * §2.2.1). */
struct esp_crypt {
	uint8_t *hdr; /* the ESP header (SPI, low 32 bits of seq) */
	uint8_t *iv;
	size_t iv_len;
	uint8_t *data; /* payload .. next header, en/decrypted in place */
	size_t data_len;
	uint8_t *icv;
	size_t icv_len;
	uint64_t seq; /* the full sequence number */
	bool esn;     /* its high half is authenticated too */
};

struct esp_cipher_ops {
	/* Fill iv, encrypt data, write icv.  0 or -errno. */
	int (*seal)(void *ctx, const struct esp_crypt *c);
	/* Verify icv (in constant time), then decrypt data.  -EBADMSG when
	 * the ICV does not match (data then undefined), other -errno on our
	 * own failure. */
	int (*open)(void *ctx, const struct esp_crypt *c);
};

struct esp_cipher {
	const struct esp_cipher_ops *ops;
	void *ctx;	    /* the ops' own state (keys); not owned */
	uint8_t block_size; /* 16 for AES-CBC, 4 for AES-GCM */
	uint8_t iv_len;	    /* 16 / 8 */
	uint8_t icv_len;    /* 12, 16, 24, 32 / 16 */
};

/* Sizes valid (block 4/8/16, IV ≤ 16, ICV ≤ 32 and a multiple of 4)? */
bool esp_cipher_valid(const struct esp_cipher *c);

/* Counters of one SA.  Bytes are inner IP bytes. */
struct esp_stats {
	uint64_t packets_in;
	uint64_t bytes_in;
	uint64_t packets_out;
	uint64_t bytes_out;
	uint64_t replay_drops; /* too old or duplicate */
	uint64_t auth_fails;   /* ICV did not verify */
	uint64_t pad_errors;   /* pad length or padding bytes wrong */
	uint64_t malformed;    /* short, misaligned, wrong SPI, next header, inner IP */
	uint64_t dummy;	       /* next header 59, dropped silently */
	uint64_t seal_fails;   /* our cipher failed, or sequence numbers ran out */
};

/* One direction of a CHILD_SA. */
struct esp_sa {
	uint32_t spi;
	bool esn;
	struct esp_cipher cipher;
	uint64_t seq_out;	     /* last sequence number sent */
	struct replay_window replay; /* inbound only */
	struct esp_stats stats;
};

/* -EINVAL on bad cipher sizes, SPI 0 (reserved), or a bad window size. */
int esp_sa_init(struct esp_sa *sa, uint32_t spi, const struct esp_cipher *c, bool esn,
		uint32_t replay_window);

/* A packet at base[off .. off+len) inside base[0 .. cap). */
struct esp_buf {
	uint8_t *base;
	size_t cap;
	size_t off;
	size_t len;
};

/* Where each part of an ESP packet goes, as offsets from the ESP header. */
struct esp_layout {
	size_t iv_off;
	size_t data_off; /* the inner packet */
	size_t pad_len;
	size_t data_len; /* inner + padding + trailer, block-aligned */
	size_t icv_off;
	size_t total;
};

/* Layout for an inner packet of inner_len bytes: padding is the least that
 * aligns data_len to the block size. */
void esp_layout_compute(const struct esp_cipher *c, size_t inner_len, struct esp_layout *l);
/* Bytes an inner packet grows by at most (for MTU sums). */
size_t esp_overhead_max(const struct esp_cipher *c);
/* Room esp_encap needs in front of the inner packet. */
size_t esp_headroom(const struct esp_cipher *c);

/*
 * Encapsulate the inner IP packet in b (next header from its IP version)
 * with the next sequence number; b then covers the ESP packet, SPI to ICV.
 *   -EINVAL     not an IPv4/IPv6 packet (esp_encap only)
 *   -ENOBUFS    not enough room before or after the packet in b
 *   -EOVERFLOW  sequence numbers used up: the SA must be rekeyed
 *   other       the cipher's error
 * On error b is unchanged (its bytes may be).
 */
int esp_encap(struct esp_sa *sa, struct esp_buf *b);
/* The same with an explicit next header (59: a dummy packet). */
int esp_encap_nh(struct esp_sa *sa, struct esp_buf *b, uint8_t next_hdr);

enum esp_drop {
	ESP_DROP_NONE = 0,
	ESP_DROP_SHORT,		/* shorter than header + IV + trailer + ICV */
	ESP_DROP_ALIGN,		/* encrypted part not a multiple of the block */
	ESP_DROP_SPI,		/* not this SA's SPI */
	ESP_DROP_REPLAY,	/* sequence number 0, too old, or seen */
	ESP_DROP_AUTH,		/* ICV mismatch */
	ESP_DROP_PAD_LEN,	/* pad length longer than the payload */
	ESP_DROP_PAD_BYTES,	/* padding not 1, 2, 3, ... */
	ESP_DROP_NEXT_HDR,	/* neither IPv4 (4) nor IPv6 (41) */
	ESP_DROP_DUMMY,		/* next header 59 */
	ESP_DROP_INNER_VERSION, /* IP version differs from next header */
	ESP_DROP_INNER_LEN,	/* inner IP length field disagrees */
	ESP_DROP_INTERNAL,	/* our cipher failed */
	ESP_DROP__COUNT
};

/* "short", "align", ... for logs and counters. */
const char *esp_drop_name(enum esp_drop why);

/* SPI and sequence number of an ESP packet (to find its SA).  -EBADMSG
 * if shorter than the header. */
int esp_hdr_parse(const uint8_t *p, size_t n, uint32_t *spi, uint32_t *seq);

/*
 * Decapsulate the ESP packet in b (from the SPI on): replay check, ICV,
 * replay update, trailer and inner header checks.  On 0 b covers the inner
 * IP packet, trimmed to its own length field (dropping any TFC padding),
 * and *next_hdr is 4 or 41.  On error *why says why and b is unchanged:
 *   -EBADMSG   malformed or ICV mismatch      -ENODATA  dummy packet
 *   -EEXIST / -ERANGE / -EINVAL   replay      -EIO      our cipher failed
 */
int esp_decap(struct esp_sa *sa, struct esp_buf *b, uint8_t *next_hdr, enum esp_drop *why);

/*
 * RFC 3948 on UDP port 4500: what a datagram's payload is.
 *   KEEPALIVE  the single byte 0xff (NAT-keepalive): ignore
 *   IKE        starts with the 4-byte non-ESP marker (zero SPI); the IKE
 *              message starts at *off (= ESP_UDP_MARKER_LEN)
 *   ESP        a nonzero SPI and at least an ESP header; *off = 0
 *   INVALID    anything else (too short)
 */
#define ESP_UDP_MARKER_LEN 4
enum esp_udp_kind {
	ESP_UDP_INVALID = 0,
	ESP_UDP_KEEPALIVE,
	ESP_UDP_IKE,
	ESP_UDP_ESP,
};
enum esp_udp_kind esp_udp_classify(const uint8_t *p, size_t n, size_t *off);

#endif
