#pragma once

#include "core/common/error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QUrl>

#include <utility>

namespace tq {

/// HMAC-SHA256 request signatures between a trading platform and the Tongqian server
/// (docs/qr-protocol.md §4). The same scheme signs platform → server requests and server →
/// platform callbacks, keyed with the platform's secret (its ASCII bytes). Free functions and
/// value types; thread-safe. Nonce replay needs storage and is the verifier's job.
namespace PlatformAuth {

inline constexpr char PlatformHeader[] = "X-TQ-Platform";
inline constexpr char TimestampHeader[] = "X-TQ-Timestamp";
inline constexpr char NonceHeader[] = "X-TQ-Nonce";
inline constexpr char SignatureHeader[] = "X-TQ-Signature";
/// Not signed-over: the poll token of GET /api/v1/platform/transactions/{tId}.
inline constexpr char PollTokenHeader[] = "X-TQ-Poll-Token";
inline constexpr char Scheme[] = "TQ-HMAC-SHA256";
/// Accepted clock difference, seconds either way.
inline constexpr qint64 MaxSkewSecs = 300;
/// How long a verifier must remember nonces (covers the whole timestamp window).
inline constexpr qint64 NonceLifetimeSecs = 2 * MaxSkewSecs;

/// The four signature headers of one request.
struct SignedHeaders {
    QString platformCode;
    qint64 timestamp = 0;
    QString nonce;
    QByteArray signature; ///< lower-case hex, as sent

    /// (name, value) pairs ready to set on a request.
    QList<std::pair<QByteArray, QByteArray>> toRaw() const;
    /// Parses the raw header values; `platform_unauthorized` with details.reason
    /// `missing_headers` if one is absent (empty) or `invalid_headers` if one is malformed, and
    /// details.header naming the first such header.
    static Result<SignedHeaders> fromRaw(const QByteArray &platform, const QByteArray &timestamp,
                                         const QByteArray &nonce, const QByteArray &signature);
};

/// HMAC-SHA256(key, message), 32 bytes (RFC 2104).
QByteArray hmacSha256(QByteArrayView key, QByteArrayView message);

/// The string-to-sign: the scheme, method, path and query, platform, timestamp, nonce and the
/// hex SHA-256 of `body`, joined by '\n'.
/// The path and query of `url` as the string-to-sign has them (fully encoded; "/" for an empty
/// path): what a sender signs and a receiver checks.
QByteArray signedPathAndQuery(const QUrl &url);

QByteArray stringToSign(QByteArrayView method, QByteArrayView pathAndQuery, const QString &platformCode,
                        qint64 timestamp, const QString &nonce, QByteArrayView body);

/// Signs a request with `secret`. `timestamp` 0 means now (tq::Clock) and an empty `nonce`
/// means a fresh random one.
SignedHeaders sign(QByteArrayView secret, QByteArrayView method, QByteArrayView pathAndQuery,
                   const QString &platformCode, QByteArrayView body, qint64 timestamp = 0, const QString &nonce = {});

/// Checks the timestamp against `now` (±MaxSkewSecs; stale_timestamp) and the signature in
/// constant time (bad_signature); `platform_unauthorized` with details.reason on failure.
Result<void> verify(QByteArrayView secret, const SignedHeaders &headers, QByteArrayView method,
                    QByteArrayView pathAndQuery, QByteArrayView body, qint64 now);

/// 16–64 characters of [A-Za-z0-9_-].
bool isNonce(QStringView nonce);

/// The Error for a failed platform check, with details.reason added to `details`.
Error unauthorized(const char *reason, const QString &message, QVariantMap details = {});

} // namespace PlatformAuth

} // namespace tq
