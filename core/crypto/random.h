#pragma once

#include <QByteArray>

#include <functional>

namespace tq {

/// The one source of randomness: OpenSSL's CSPRNG. Tests may install a deterministic
/// source with setSourceForTesting(); never do that in production code.
class Random {
public:
    using Source = std::function<QByteArray(qsizetype)>;

    /// `size` cryptographically random bytes. Aborts if the CSPRNG fails (never silently weak).
    static QByteArray bytes(qsizetype size);
    /// Same from OpenSSL's private stream (RAND_priv_bytes), for secret values only (key shares,
    /// nonces), so that nothing drawn for public values (tokens, salts) shares their generator
    /// state. The test source replaces this too.
    static QByteArray privateBytes(qsizetype size);
    /// A random token of `size` bytes, base64url-encoded without padding.
    static QString token(qsizetype size = 32);
    /// A uniformly random string of `length` decimal digits (e.g. an SMS code).
    static QString digits(int length);

    static void setSourceForTesting(Source source);
};

} // namespace tq
