/*
 * TCP MSS clamping for packets crossing a tunnel (either direction).
 *
 * mss_clamp() looks at one inner IP packet (IPv4 or IPv6) in a mutable
 * buffer.  If it is a TCP segment with SYN set whose MSS option is larger
 * than the clamp, the MSS is lowered to the clamp and the TCP checksum is
 * updated incrementally (RFC 1624, eqn. 3); nothing else is touched.
 *
 * Every length in the packet is checked against the buffer.  A packet that
 * is not TCP, not a SYN, a non-first fragment, an IPv6 packet with an
 * extension header we do not walk (anything but hop-by-hop, routing,
 * destination options and a first fragment), a jumbogram, or malformed in
 * any way (short, bad IHL, lengths past the buffer, a bad data offset, a
 * truncated or zero/one-length option) is left exactly as it was: it is
 * forwarded, never dropped, so the endpoints decide what to do with it.
 */
#ifndef VT_DP_MSS_H
#define VT_DP_MSS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Lower every MSS option of a TCP SYN in pkt[0..len) above clamp to clamp.
 * Returns true when the packet was changed.  A clamp of 0 changes nothing. */
bool mss_clamp(uint8_t *pkt, size_t len, uint16_t clamp);

/* The MSS that fills but does not exceed an MTU: mtu - 40 for IPv4, mtu -
 * 60 for IPv6 (IP and TCP headers without options).  0 when the MTU is too
 * small to hold the headers; at most 65535. */
uint16_t mss_clamp_for_mtu(uint32_t mtu, bool ipv6);

#endif
