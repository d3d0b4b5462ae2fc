#ifndef LANZI_CLIBCRYPTO_SHIM_H
#define LANZI_CLIBCRYPTO_SHIM_H
#include <openssl/evp.h>
#include <openssl/err.h>
#include <openssl/crypto.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/rand.h>
#include <openssl/bn.h>
#include <openssl/asn1.h>
#include <openssl/objects.h>
#include <openssl/kdf.h>
#include <openssl/core_names.h>
#include <openssl/params.h>

/* Macros that Swift cannot import, as functions. */

/* BIO_get_mem_data is a macro over BIO_ctrl: the bytes a memory BIO holds and their count. */
static inline long lanzi_BIO_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

/* OPENSSL_free is a macro that passes __FILE__ and __LINE__ to CRYPTO_free. */
static inline void lanzi_OPENSSL_free(void *pointer) {
    OPENSSL_free(pointer);
}

/* The parameters of a PBKDF2-HMAC-SHA256 derivation (EVP_KDF "PBKDF2"). An OSSL_PARAM keeps
   the pointers to its name and, for a string, its value, so both must outlive the call that
   reads it: the names here are the C literals of core_names.h, which live as long as the
   program, where a Swift string passed as `const char *` would be freed after the call. */
static inline OSSL_PARAM lanzi_kdf_param_digest_sha256(void) {
    return OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)"SHA256", 0);
}
static inline OSSL_PARAM lanzi_kdf_param_password(const unsigned char *bytes, size_t count) {
    return OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, (void *)bytes, count);
}
static inline OSSL_PARAM lanzi_kdf_param_salt(const unsigned char *bytes, size_t count) {
    return OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)bytes, count);
}
static inline OSSL_PARAM lanzi_kdf_param_iterations(uint64_t *iterations) {
    return OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_ITER, iterations);
}

#endif
