/* Known bytes shared by the IKEv2 codec tests. */
#ifndef VT_TESTS_TEST_IKE_MSG_VEC_H
#define VT_TESTS_TEST_IKE_MSG_VEC_H

#include <stdint.h>

/* clang-format off: the bytes are laid out as the fields they are */
#define X4(b)  b, b, b, b
#define X8(b)  X4(b), X4(b)
#define X16(b) X8(b), X8(b)
#define X20(b) X16(b), X4(b)

/* An IKE_SA_INIT request as a peer would send it: HDR, SA (one IKE
 * proposal aes128-sha1-modp1024), KE, Ni, N(NAT_D_SRC), N(NAT_D_DST). */
static const uint8_t sa_init[] = {
	/* header */
	0x01,
	0x02,
	0x03,
	0x04,
	0x05,
	0x06,
	0x07,
	0x08,	  /* SPIi */
	X8(0x00), /* SPIr */
	33,
	0x20,
	34,
	0x08, /* SA, 2.0, IKE_SA_INIT, I */
	0x00,
	0x00,
	0x00,
	0x00, /* message ID */
	0x00,
	0x00,
	0x00,
	168, /* length */
	/* SA */
	34,
	0x00,
	0x00,
	48,
	0x00,
	0x00,
	0x00,
	44,
	1,
	1,
	0,
	4, /* last, len 44, #1, IKE, SPI 0, 4 xf */
	0x03,
	0x00,
	0x00,
	12,
	1,
	0x00,
	0x00,
	12,
	0x80,
	0x0e,
	0x00,
	0x80, /* AES-CBC 128 */
	0x03,
	0x00,
	0x00,
	8,
	2,
	0x00,
	0x00,
	2, /* PRF HMAC-SHA1 */
	0x03,
	0x00,
	0x00,
	8,
	3,
	0x00,
	0x00,
	2, /* HMAC-SHA1-96 */
	0x00,
	0x00,
	0x00,
	8,
	4,
	0x00,
	0x00,
	2, /* MODP1024 */
	/* KE: group 2, 8 bytes of (shortened) public value */
	40,
	0x00,
	0x00,
	16,
	0x00,
	0x02,
	0x00,
	0x00,
	X8(0xaa),
	/* Ni */
	41,
	0x00,
	0x00,
	20,
	X16(0x11),
	/* N(NAT_DETECTION_SOURCE_IP) */
	41,
	0x00,
	0x00,
	28,
	0,
	0,
	0x40,
	0x04,
	X20(0x22),
	/* N(NAT_DETECTION_DESTINATION_IP) */
	0,
	0x00,
	0x00,
	28,
	0,
	0,
	0x40,
	0x05,
	X20(0x33),
};
/* clang-format on */

#endif
