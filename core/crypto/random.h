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
    /// A random token of `size` bytes, base64url-encoded without padding.
    static QString token(qsizetype size = 32);
    /// A uniformly random string of `length` decimal digits (e.g. an SMS code).
    static QString digits(int length);

    static void setSourceForTesting(Source source);
};

} // namespace tq
