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

Error unauthorized(const char *reason, const QString &message)
{
    return Error(ScanError::PlatformUnauthorized, message, {{QStringLiteral("reason"), QString::fromLatin1(reason)}});
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
    const auto missing = [](const QString &what) {
        return unauthorized("missing_headers", QStringLiteral("The request needs a valid %1 header.").arg(what));
    };
    SignedHeaders out;
    out.platformCode = QString::fromLatin1(platform);
    if (!rules::isPlatformCode(out.platformCode))
        return missing(QLatin1String(PlatformHeader));
    bool ok = false;
    out.timestamp = timestamp.toLongLong(&ok);
    if (!ok || timestamp.isEmpty() || !rules::isAllDigits(QString::fromLatin1(timestamp)) || timestamp.size() > 12)
        return missing(QLatin1String(TimestampHeader));
    out.nonce = QString::fromLatin1(nonce);
    if (!isNonce(out.nonce))
        return missing(QLatin1String(NonceHeader));
    if (signature.size() != SignatureHexLength
        || QByteArray::fromHex(signature).toHex() != signature) // lower-case hex only
        return missing(QLatin1String(SignatureHeader));
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
