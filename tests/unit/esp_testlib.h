/*
 * Helpers shared by the ESP unit tests (test_esp, test_esp_gcm).
 */
#ifndef VT_TESTS_ESP_TESTLIB_H
#define VT_TESTS_ESP_TESTLIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vtid/dp/esp.h"

/* Where buf_with() puts a packet in its buffer. */
#define HEADROOM 128

/* Hex to bytes (spaces skipped); fails the test on bad hex or overflow. */
size_t unhex(const char *h, uint8_t *out, size_t max);
void put32(uint8_t *p, uint32_t v);
uint32_t get32(const uint8_t *p);

/* A transparent cipher: XOR 0x5a, and an FNV-1a hash as the ICV (over
 * header, IV, ciphertext and the ESN high half), so format tests can build
 * any plaintext and still see a wrong ICV rejected. */
struct esp_cipher tc_cipher(uint8_t block, uint8_t iv, uint8_t icv);

/* p[0..n) copied to HEADROOM of one static 4 KiB buffer (0xee elsewhere). */
struct esp_buf buf_with(const uint8_t *p, size_t n);
/* Patterned IPv4 / IPv6 packets of total bytes with valid length fields. */
void mk_ipv4(uint8_t *p, size_t total);
void mk_ipv6(uint8_t *p, size_t total);
/* mk_ipv6() or mk_ipv4() of total bytes into inner (IPv6 when v6), then
 * buf_with() of it. */
struct esp_buf buf_inner(uint8_t *inner, size_t total, bool v6);
/* esp_decap(in, b) must succeed with next header nh and give back exactly
 * inner[0..n). */
void decap_expect(struct esp_sa *in, struct esp_buf *b, const uint8_t *inner, size_t n,
		  uint8_t nh);

#endif
