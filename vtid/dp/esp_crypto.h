/*
 * The production ESP ciphers: struct esp_cipher_ops over common/crypto.
 *
 *   AES-GCM-16 (RFC 4106): key | 4-byte salt as IKE derives it; the AAD is
 *   SPI | seq, or SPI | seq-high | seq-low with ESN (§5); the 8-byte IV is
 *   the full 64-bit sequence number, unique per key (§3.1).
 *   AES-CBC (RFC 3602) with HMAC-SHA1-96 (RFC 2404) or HMAC-SHA2-256-128,
 *   -384-192, -512-256 (RFC 4868): a random IV per packet; the ICV covers
 *   ESP header | IV | ciphertext, then the high 32 bits of the sequence
 *   number with ESN (RFC 4303 §2.2.1); open verifies before decrypting.
 *
 * One esp_cipher serves one direction of one SA and owns its keys.
 */
#ifndef VT_DP_ESP_CRYPTO_H
#define VT_DP_ESP_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vtid/dp/esp.h"

/*
 * Fill *out (sizes, ops, an owned context) for the IANA transform IDs
 * encr_id (12 AES-CBC, 20 AES-GCM-16) with keylen_bits 128/192/256, and
 * integ_id (0 for GCM; 2, 12, 13, 14 for CBC).  encr_key is the AES key
 * (plus the 4-byte salt for GCM), integ_key the HMAC key.  outbound picks
 * seal, inbound open.  -EINVAL for an unsupported combination or a wrong
 * key length, -ENOMEM / -EIO when the crypto library fails; *out is then
 * zeroed.
 */
int esp_crypto_new(uint16_t encr_id, uint16_t keylen_bits, uint16_t integ_id,
		   const uint8_t *encr_key, size_t encr_len, const uint8_t *integ_key,
		   size_t integ_len, bool outbound, struct esp_cipher *out);

/* Free the context (the keys wiped) and zero *c.  NULL-safe, idempotent. */
void esp_crypto_free(struct esp_cipher *c);

/*
 * FOR TESTS ONLY: seal with this fixed IV (c->iv_len bytes) instead of the
 * sequence number (GCM) or a random one (CBC), to reproduce known-answer
 * packets.  Reusing an IV breaks GCM's security: never in the daemon.
 * -EINVAL if c is not one of ours or len is not c->iv_len.
 */
int esp_crypto_set_test_iv(struct esp_cipher *c, const uint8_t *iv, size_t len);

#endif
