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

/* Macros that Swift cannot import, as functions. */

/* BIO_get_mem_data is a macro over BIO_ctrl: the bytes a memory BIO holds and their count. */
static inline long lanzi_BIO_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

/* OPENSSL_free is a macro that passes __FILE__ and __LINE__ to CRYPTO_free. */
static inline void lanzi_OPENSSL_free(void *pointer) {
    OPENSSL_free(pointer);
}

#endif
