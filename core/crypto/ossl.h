#pragma once

#include "core/common/error.h"

#include <QByteArrayView>
#include <QString>

#include <openssl/bio.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>

namespace tq::ossl {

/// unique_ptr owners for the OpenSSL objects used in core/crypto. Every OpenSSL object
/// allocated by Tongqian goes into one of these, so it is freed on every path.
/// BIGNUMs that may hold secrets use BnSecretPtr (BN_clear_free).
template <auto FreeFn>
struct Deleter {
    template <typename T>
    void operator()(T *p) const
    {
        FreeFn(p);
    }
};

using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using BnSecretPtr = std::unique_ptr<BIGNUM, Deleter<BN_clear_free>>;
using BnCtxPtr = std::unique_ptr<BN_CTX, Deleter<BN_CTX_free>>;
using EcGroupPtr = std::unique_ptr<EC_GROUP, Deleter<EC_GROUP_free>>;
using EcPointPtr = std::unique_ptr<EC_POINT, Deleter<EC_POINT_free>>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using EvpPkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using EvpMdPtr = std::unique_ptr<EVP_MD, Deleter<EVP_MD_free>>;
using EvpCipherPtr = std::unique_ptr<EVP_CIPHER, Deleter<EVP_CIPHER_free>>;
using EvpCipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, Deleter<EVP_CIPHER_CTX_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using X509ReqPtr = std::unique_ptr<X509_REQ, Deleter<X509_REQ_free>>;
using X509NamePtr = std::unique_ptr<X509_NAME, Deleter<X509_NAME_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using Asn1OctetStringPtr = std::unique_ptr<ASN1_OCTET_STRING, Deleter<ASN1_OCTET_STRING_free>>;
using Pkcs8Ptr = std::unique_ptr<PKCS8_PRIV_KEY_INFO, Deleter<PKCS8_PRIV_KEY_INFO_free>>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG_free>>;

/// A byte view as OpenSSL's input pointer type.
inline const unsigned char *in(QByteArrayView bytes)
{
    return reinterpret_cast<const unsigned char *>(bytes.data());
}

/// Pops OpenSSL's thread-local error queue into one line for logs (never contains secrets).
QString takeErrors();

/// Logs `context` and the OpenSSL error queue to lcCoreCrypto and returns a generic
/// `crypto` error for people. Use it for failures that are not the caller's fault.
Error failure(const char *context);

/// The error for ciphertext that fails its integrity check or does not decrypt (code `crypto`).
/// Deliberately one message for every cause, so failures do not become an oracle.
Error undecryptable();

} // namespace tq::ossl
