/*
 * The local address of a datagram read from the UDP 4500 socket, for both
 * backends.  The socket is bound to the wildcard and IKE must answer from
 * the address the peer sent to: with IP_PKTINFO set on an IPv4 socket,
 * recvmsg's control data names it.
 */
#ifndef VT_VTID_DP_UDP_LOCAL_H
#define VT_VTID_DP_UDP_LOCAL_H

#include <sys/socket.h>

/* bound (the socket's address, port included) with the IPv4 address of
 * h's IP_PKTINFO in its place when there is one; into *local. */
void dp_udp_local(const struct sockaddr_storage *bound, struct msghdr *h,
		  struct sockaddr_storage *local);

#endif
