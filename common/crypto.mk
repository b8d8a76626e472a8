# OpenSSL EVP wrappers: PRF, prf+, integrity, ciphers, Diffie-Hellman
common_libcommon_a_SOURCES += \
	common/crypto.h common/crypto_dh.h \
	common/crypto_prf.c \
	common/crypto_cipher.c \
	common/crypto_dh.c common/crypto_dh_internal.h \
	common/crypto_dh_known.c

