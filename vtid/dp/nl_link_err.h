/*
 * libnl's error codes as errno, for link, address and socket requests
 * (the TUN devices of the user backend, the kernel backend's links).
 * Route requests use dp_nl_errno (vtid/dp/nl_route.h), which reads a
 * missing object as the kernel's -ESRCH for routes.
 */
#ifndef VT_VTID_DP_NL_LINK_ERR_H
#define VT_VTID_DP_NL_LINK_ERR_H

/* nlerr (NLE_*, either sign) as a negative errno: 0 stays 0, a missing
 * object is -ENOENT, a code without an errno of its own -EIO. */
int dp_nl_link_errno(int nlerr);

#endif
