#pragma once

// Fixed keys and inputs shared by the fuzz targets and the seed generator (tongqian-fuzz-seeds),
// defined in fuzzsupport.cpp (library tongqian-fuzzsupport; the inline helpers need no library),
// so that seeds made once still reach the deep paths (decryption, signature checks) of the
// targets. Test-only keys: never use them for anything else.

#include "core/crypto/keypair.h"
#include "core/crypto/ossl.h"
#include "core/crypto/sm2.h"
#include "core/crypto/x509.h"

#include <QByteArray>
#include <QByteArrayView>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace tq::fuzz {

/// The curve, built once; thread-safe like Sm2's const methods.
const Sm2 &sm2();
/// The SM2 key every envelope seed is sealed to.
const KeyPair &recipientKey();
/// An SM2 CA key and its self-signed certificate (made at first use; same key and name every run),
/// which signs the CRL seeds.
const KeyPair &issuerKey();
const Certificate &issuerCertificate();
/// The server's share d2 of the two-party seeds.
const BIGNUM *serverShare();
/// The content the SignedData seeds sign.
QByteArrayView signedContent();

/// The PIN salt and verifier of the two-party key routebody's fixture creates (its seeds use them).
inline QByteArray pinSalt()
{
    return QByteArray(16, '\x22');
}
inline QByteArray pinVerifier()
{
    return QByteArray(32, '\x11');
}

/// The input as bytes (a view, no copy).
inline QByteArrayView bytes(const std::uint8_t *data, std::size_t size)
{
    return QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size));
}

/// Stops the run with a message when an invariant of the code under test does not hold
/// (libFuzzer then keeps the input as a crash). Header-only, so targets over Tongqian::Common alone
/// need not link the support library.
[[noreturn]] inline void fail(const char *what)
{
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
}
inline void check(bool ok, const char *what)
{
    if (!ok)
        fail(what);
}

} // namespace tq::fuzz
