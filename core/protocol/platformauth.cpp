#include "core/protocol/platformauth.h"

#include "core/common/clock.h"
#include "core/crypto/digest.h"
#include "core/crypto/random.h"
#include "core/protocol/scanerrors.h"
#include "core/validators/rules.h"

#include <QMessageAuthenticationCode>

#include <openssl/crypto.h>

namespace tq::PlatformAuth {

namespace {
constexpr qsizetype SignatureHexLength = 64;
} // namespace

Error unauthorized(const char *reason, const QString &message, QVariantMap details)
{
    details.insert(QStringLiteral("reason"), QString::fromLatin1(reason));
    return Error(ScanError::PlatformUnauthorized, message, std::move(details));
}

bool isNonce(QStringView nonce)
{
    if (nonce.size() < 16 || nonce.size() > 64)
        return false;
    for (QChar c : nonce) {
        if (!((c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-'
              || c == u'_'))
            return false;
    }
    return true;
}

QList<std::pair<QByteArray, QByteArray>> SignedHeaders::toRaw() const
{
    return {{PlatformHeader, platformCode.toLatin1()},
            {TimestampHeader, QByteArray::number(timestamp)},
            {NonceHeader, nonce.toLatin1()},
            {SignatureHeader, signature}};
}

Result<SignedHeaders> SignedHeaders::fromRaw(const QByteArray &platform, const QByteArray &timestamp,
                                             const QByteArray &nonce, const QByteArray &signature)
{
    // Absent and malformed are told apart: an integrator debugging a signature needs to know
    // which header the server read and refused.
    const auto refuse = [](const QByteArray &value, const char *header, const char *rule) {
        if (value.isEmpty())
            return unauthorized("missing_headers", QStringLiteral("The request needs the %1 header.")
                                                       .arg(QLatin1String(header)),
                                {{QStringLiteral("header"), QLatin1String(header)}});
        return unauthorized("invalid_headers",
                            QStringLiteral("The %1 header must be %2.").arg(QLatin1String(header), QLatin1String(rule)),
                            {{QStringLiteral("header"), QLatin1String(header)}});
    };
    SignedHeaders out;
    out.platformCode = QString::fromLatin1(platform);
    if (!rules::isPlatformCode(out.platformCode))
        return refuse(platform, PlatformHeader, "a platform code (one upper-case letter and 10 digits)");
    bool ok = false;
    out.timestamp = timestamp.toLongLong(&ok);
    if (!ok || timestamp.isEmpty() || !rules::isAllDigits(QString::fromLatin1(timestamp)) || timestamp.size() > 12)
        return refuse(timestamp, TimestampHeader, "Unix time in seconds, decimal digits only");
    out.nonce = QString::fromLatin1(nonce);
    if (!isNonce(out.nonce))
        return refuse(nonce, NonceHeader, "16 to 64 characters of A-Z a-z 0-9 _ -");
    if (signature.size() != SignatureHexLength
        || QByteArray::fromHex(signature).toHex() != signature) // lower-case hex only
        return refuse(signature, SignatureHeader, "64 lower-case hex digits (HMAC-SHA256)");
    out.signature = signature;
    return out;
}

QByteArray hmacSha256(QByteArrayView key, QByteArrayView message)
{
    return QMessageAuthenticationCode::hash(message.toByteArray(), key.toByteArray(), QCryptographicHash::Sha256);
}

QByteArray stringToSign(QByteArrayView method, QByteArrayView pathAndQuery, const QString &platformCode,
                        qint64 timestamp, const QString &nonce, QByteArrayView body)
{
    QByteArray out = Scheme;
    for (const QByteArray &part :
         {method.toByteArray().toUpper(), pathAndQuery.toByteArray(), platformCode.toLatin1(),
          QByteArray::number(timestamp), nonce.toLatin1(), digest(DigestAlgorithm::Sha256, body).toHex()}) {
        out += '\n';
        out += part;
    }
    return out;
}

SignedHeaders sign(QByteArrayView secret, QByteArrayView method, QByteArrayView pathAndQuery,
                   const QString &platformCode, QByteArrayView body, qint64 timestamp, const QString &nonce)
{
    SignedHeaders headers{
        platformCode, timestamp ? timestamp : Clock::nowSecs(), nonce.isEmpty() ? Random::token(24) : nonce, {}};
    headers.signature =
        hmacSha256(secret, stringToSign(method, pathAndQuery, platformCode, headers.timestamp, headers.nonce, body))
            .toHex();
    return headers;
}

QByteArray signedPathAndQuery(const QUrl &url)
{
    QByteArray out = url.path(QUrl::FullyEncoded).toLatin1();
    if (out.isEmpty())
        out = "/";
    if (url.hasQuery())
        out += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    return out;
}

Result<void> verify(QByteArrayView secret, const SignedHeaders &headers, QByteArrayView method,
                    QByteArrayView pathAndQuery, QByteArrayView body, qint64 now)
{
    if (headers.timestamp < now - MaxSkewSecs || headers.timestamp > now + MaxSkewSecs)
        return unauthorized(
            "stale_timestamp",
            QStringLiteral("The request timestamp is more than %1 seconds from the server clock.").arg(MaxSkewSecs));
    const QByteArray expected = hmacSha256(secret, stringToSign(method, pathAndQuery, headers.platformCode,
                                                                headers.timestamp, headers.nonce, body))
                                    .toHex();
    if (expected.size() != headers.signature.size()
        || CRYPTO_memcmp(expected.constData(), headers.signature.constData(), size_t(expected.size())) != 0)
        return unauthorized("bad_signature", QStringLiteral("The request signature does not verify."));
    return {};
}

} // namespace tq::PlatformAuth
