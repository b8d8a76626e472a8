/*
 * For tests/kernel/test_kern_xfrm.c: what the kernel holds, read back with
 * XFRM dumps (check assertions on anything malformed).
 */
#ifndef VT_TESTS_KERNEL_KERN_XFRM_DUMP_H
#define VT_TESTS_KERNEL_KERN_XFRM_DUMP_H

#include <linux/xfrm.h>
#include <stdbool.h>
#include <stdint.h>

struct nl_sock;

struct seen_sa {
	int n;
	struct xfrm_usersa_info info;
	bool has_mark, has_if_id, has_encap, has_esn;
	struct xfrm_mark mark;
	uint32_t if_id;
	struct xfrm_encap_tmpl encap;
	uint32_t window, bmp_len;
	char aead[64], crypt[64], auth[64];
	uint32_t aead_keybits, icv, crypt_keybits, auth_keybits, trunc;
	uint32_t want_spi; /* 0: count all */
};

struct seen_sp {
	int n;
	struct {
		uint8_t dir, sel_family, tmpl_family;
		bool has_mark, has_if_id;
		struct xfrm_mark mark;
		uint32_t if_id, reqid;
		xfrm_address_t saddr, daddr;
	} v[32];
};

/* A NETLINK_XFRM socket for dumps (free with nl_socket_free). */
struct nl_sock *kx_test_dump_sock(void);
/* The state of SPI spi (the last one of any with 0), and how many. */
void kx_test_sa_dump(uint32_t spi, struct seen_sa *s);
/* Every policy. */
void kx_test_sp_dump(struct seen_sp *s);

#endif
