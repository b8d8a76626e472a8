/*
 * TUN offloads in user space: the user dataplane's TUN devices carry a
 * virtio-net header in front of every packet (IFF_VNET_HDR), so the kernel
 * may hand us TCP (and UDP) super-packets of up to 64 KiB and take them
 * back.  These are the pure functions that cut a super-packet into
 * wire-sized segments (TX) and glue a run of decrypted TCP segments back
 * into one (RX).  No I/O, no locks, no allocation.
 *
 * Promises:
 * - Every header field is read through the bounded reader; a packet whose
 *   lengths do not add up is refused (-EINVAL), never read past its end.
 * - Each segment gso_seg_next() writes is a complete IP packet with its
 *   lengths, IPv4 ID and header checksum, TCP sequence number and flags
 *   (FIN and PSH on the last segment only, CWR on the first only) and a
 *   full L4 checksum.  A packet without GSO comes out as it went in, its
 *   checksum completed if the header asks for it (NEEDS_CSUM).
 * - gso_merge_add() takes a TCP segment into a run only if the run could
 *   be cut back into exactly the segments it took: same flow and header
 *   bytes, the next sequence number, equal payload sizes (a shorter one
 *   ends the run), flags ACK or ACK|PSH (PSH ends the run), no IPv4
 *   options, no IPv6 extension headers, identical TCP options, a correct
 *   checksum, at most GSO_MERGE_MAX segments and 64 KiB.  Anything else is
 *   a run of one, written back unchanged with an all-zero virtio header.
 * - The virtio header is little-endian (the TUN device is told so).
 */
#ifndef VT_VTID_DP_GSO_H
#define VT_VTID_DP_GSO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/uio.h>

#define GSO_VNET_LEN  10 /* sizeof(struct virtio_net_hdr) */
#define GSO_MAX_PKT   65535
#define GSO_MERGE_MAX 64

/* A struct virtio_net_hdr, host order. */
struct gso_vnet {
	uint8_t flags;
	uint8_t type;
	uint16_t hdr_len, size, csum_start, csum_offset;
};

void gso_vnet_get(const uint8_t *p, struct gso_vnet *v);
void gso_vnet_put(uint8_t *p, const struct gso_vnet *v);

/* Where the headers of an IP packet carrying TCP or UDP end. */
struct gso_hdrs {
	bool v6;
	uint8_t proto;
	size_t l4off; /* IP header length */
	size_t hlen;  /* IP + L4 headers */
	size_t len;   /* the packet's length per its IP header */
};

/* Cutting one packet read from the device into segments. */
struct gso_seg {
	const uint8_t *pkt;
	size_t len;
	struct gso_vnet v;
	struct gso_hdrs h;
	size_t off; /* the next payload byte; len when done */
	unsigned idx;
	bool gso;
};

/* Start on pkt[0..len) with its virtio header; -EINVAL when malformed or
 * of a GSO type we do not do.  pkt must stay until the last segment. */
int gso_seg_init(struct gso_seg *s, const struct gso_vnet *v, const uint8_t *pkt, size_t len);
/* Write the next segment to out[0..cap): its length, 0 when there are no
 * more, -EMSGSIZE when it does not fit (the rest is then dropped). */
ssize_t gso_seg_next(struct gso_seg *s, uint8_t *out, size_t cap);
static inline bool gso_seg_more(const struct gso_seg *s)
{
	return s->pkt && s->off < s->len;
}

/* A run of TCP segments of one flow being glued together. */
struct gso_merge {
	unsigned count; /* packets taken */
	uint8_t *first;
	struct gso_hdrs h;
	size_t mss, payload; /* the first's payload, all of it */
	uint32_t next_seq;
	uint16_t next_id;
	bool closed, psh;
	uint8_t vnet[GSO_VNET_LEN];
	struct iovec iov[GSO_MERGE_MAX + 1];
};

void gso_merge_reset(struct gso_merge *m);
/* Take pkt[0..len) (it must stay until the run is written); false when it
 * does not continue the run: finish and reset, then add it again. */
bool gso_merge_add(struct gso_merge *m, uint8_t *pkt, size_t len);
/* Rewrite the first packet's headers for the whole run and fill m->iov
 * (virtio header first); returns the iovec count, 0 for an empty run. */
unsigned gso_merge_finish(struct gso_merge *m);

/* The Internet checksum's helpers, in the buffer's own byte order. */
uint64_t gso_csum_add(uint64_t acc, const uint8_t *p, size_t n);
uint16_t gso_csum_fold(uint64_t acc);

#endif
