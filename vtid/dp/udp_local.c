/*
 * A datagram's local address (vtid/dp/udp_local.h).
 */
#include "vtid/dp/udp_local.h"

#include <netinet/in.h>
#include <string.h>

void dp_udp_local(const struct sockaddr_storage *bound, struct msghdr *h,
		  struct sockaddr_storage *local)
{
	*local = *bound;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(h); c; c = CMSG_NXTHDR(h, c)) {
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO &&
		    local->ss_family == AF_INET) {
			struct in_pktinfo pi;

			/* CMSG_DATA need not be aligned for the struct */
			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			((struct sockaddr_in *)local)->sin_addr = pi.ipi_addr;
		}
	}
}
