#ifndef CLIBCRYPTO_SHIM_H
#define CLIBCRYPTO_SHIM_H

/* OpenSSL's libcrypto (Debian's libssl-dev): the EVP digest API and one-shot HMAC. Only PricewatchHashing
   imports this module. */
#include <openssl/evp.h>
#include <openssl/hmac.h>

#endif
