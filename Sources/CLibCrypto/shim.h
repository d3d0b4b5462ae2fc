#ifndef LANZI_CLIBCRYPTO_SHIM_H
#define LANZI_CLIBCRYPTO_SHIM_H
#include <openssl/evp.h>
#include <openssl/err.h>
#include <openssl/crypto.h>
#endif
