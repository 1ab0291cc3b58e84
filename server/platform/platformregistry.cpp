#include "server/platform/platformregistry.h"

#include "core/common/apierrors.h"
#include "core/common/clock.h"
#include "core/common/encoding.h"
#include "core/crypto/keypair.h"
#include "core/crypto/random.h"
#include "core/protocol/platformauth.h"
#include "core/protocol/scanerrors.h"
#include "core/validators/rules.h"
#include "server/db/database.h"
#include "server/keys/masterkey.h"
#include "server/platform/callbacktarget.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <iterator>

namespace tq::server {

namespace {

constexpr char SecretPurpose[] = "platforms.secret";
constexpr qsizetype SecretBytes = 32;
constexpr qsizetype MaxNameLength = 100;

Error invalidField(const QString &field, const QString &message)
{
    return Error(ApiError::InvalidRequest, message, {{QStringLiteral("field"), field}});
}

bool isHttpUrl(const QUrl &url)
{
    return url.isValid() && !url.host().isEmpty() && url.userInfo().isEmpty() && !url.hasFragment()
           && (url.scheme() == u"https" || url.scheme() == u"http");
}

QString originOf(const QUrl &url)
{
    return url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo)
        .toString(QUrl::FullyEncoded);
}

} // namespace

bool Platform::allowsUrl(const QUrl &url) const
{
    return isHttpUrl(url) && allowedOrigins.contains(originOf(url));
}

QJsonObject Platform::toJson() const
{
    QJsonObject json{{QStringLiteral("code"), code},
                     {QStringLiteral("name"), name},
                     {QStringLiteral("callbackUrl"), callbackUrl.toString(QUrl::FullyEncoded)},
                     {QStringLiteral("allowedOrigins"), QJsonArray::fromStringList(allowedOrigins)},
                     {QStringLiteral("createdAt"), utcText(createdAt)}};
    if (!encryptionKeyDer.isEmpty())
        json.insert(QStringLiteral("encryptionKey"), toBase64Text(encryptionKeyDer));
    return json;
}

Result<QString> PlatformRegistry::registerPlatform(const PlatformRegistration &r)
{
    if (!rules::isPlatformCode(r.code))
        return invalidField(QStringLiteral("code"),
                            QStringLiteral("The platform code must be one upper-case letter and 10 digits."));
    if (r.name.trimmed().isEmpty() || r.name.size() > MaxNameLength)
        return invalidField(QStringLiteral("name"),
                            QStringLiteral("The platform name must have 1 to %1 characters.").arg(MaxNameLength));
    const QUrl callback(r.callbackUrl, QUrl::StrictMode);
    if (!isHttpUrl(callback))
        return invalidField(QStringLiteral("callbackUrl"), QStringLiteral("The callback URL must be an http(s) URL."));
    if (!m_privateCallbackTargets) {
        if (auto target = CallbackTarget::resolvePublic(callback.host()); !target)
            return target.error();
    }
    if (r.allowedOrigins.size() > MaxOrigins)
        return invalidField(QStringLiteral("allowedOrigins"),
                            QStringLiteral("At most %1 allowed origins can be registered.").arg(MaxOrigins));
    QStringList origins;
    for (const QString &origin : r.allowedOrigins) {
        const QUrl url(origin, QUrl::StrictMode);
        if (!isHttpUrl(url) || originOf(url) != origin)
            return invalidField(
                QStringLiteral("allowedOrigins"),
                QStringLiteral("Each allowed origin must be scheme://host[:port], e.g. https://p.example.cn."));
        origins.append(origin);
    }
    if (!r.encryptionKeyDer.isEmpty()) {
        const auto key = PublicKey::fromDer(r.encryptionKeyDer);
        if (!key || key.value().algorithm() != KeyAlgorithm::Sm2)
            return invalidField(QStringLiteral("encryptionKey"),
                                QStringLiteral("The encryption key must be a base64 DER SM2 public key."));
    }
    const auto existing = find(r.code);
    if (!existing)
        return existing.error();
    if (existing.value())
        return Error(ScanError::PlatformExists,
                     QStringLiteral("A platform with the code %1 is registered already.").arg(r.code));

    QString secret = Random::token(SecretBytes);
    const auto sealed = m_masterKey.seal(secret.toLatin1(), SecretPurpose);
    if (!sealed)
        return sealed.error();
    const auto inserted =
        m_db.run(QStringLiteral(
                     "INSERT INTO platforms (code, name, secret_sealed, callback_url, allowed_origins, encryption_key, "
                     "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                 {r.code, r.name.trimmed(), sealed.value(), callback.toString(QUrl::FullyEncoded),
                  QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(origins)).toJson(QJsonDocument::Compact)),
                  r.encryptionKeyDer.isEmpty() ? QVariant(QMetaType::fromType<QString>()) // a typed NULL for PostgreSQL
                                               : QVariant(toBase64Text(r.encryptionKeyDer)),
                  Clock::nowSecs()});
    if (!inserted)
        return inserted.error();
    return secret;
}

Result<QString> PlatformRegistry::rotateSecret(const QString &code)
{
    QString secret = Random::token(SecretBytes);
    const auto sealed = m_masterKey.seal(secret.toLatin1(), SecretPurpose);
    if (!sealed)
        return sealed.error();
    const auto updated =
        m_db.update(QStringLiteral("UPDATE platforms SET secret_sealed = ? WHERE code = ?"), {sealed.value(), code});
    if (!updated)
        return updated.error();
    if (updated.value() == 0)
        return Error(ApiError::NotFound, QStringLiteral("There is no platform with this code."));
    return secret;
}

Result<QUrl> PlatformRegistry::setCallbackUrl(const QString &code, const QString &callbackUrl)
{
    const QUrl callback(callbackUrl, QUrl::StrictMode);
    if (!isHttpUrl(callback))
        return invalidField(QStringLiteral("callbackUrl"), QStringLiteral("The callback URL must be an http(s) URL."));
    const auto existing = find(code);
    if (!existing)
        return existing.error();
    if (!existing.value())
        return Error(ApiError::NotFound, QStringLiteral("There is no platform with this code."));
    const auto updated = m_db.run(QStringLiteral("UPDATE platforms SET callback_url = ? WHERE code = ?"),
                                  {callback.toString(QUrl::FullyEncoded), code});
    if (!updated)
        return updated.error();
    return existing.value()->callbackUrl;
}

QString PlatformRegistry::columns(QLatin1StringView alias)
{
    static constexpr const char *Columns[] = {"code",           "name",          "callback_url",
                                              "allowed_origins", "encryption_key", "created_at"};
    static_assert(std::size(Columns) == ColumnCount);
    QStringList names;
    for (const char *column : Columns)
        names.append(alias + u'.' + QLatin1StringView(column));
    return names.join(QLatin1StringView(", "));
}

Platform PlatformRegistry::platformAt(const Rows &q, int first)
{
    QStringList origins;
    for (const QJsonValue &origin : QJsonDocument::fromJson(q.value(first + 3).toString().toUtf8()).array())
        origins.append(origin.toString());
    return {q.value(first).toString(),
            q.value(first + 1).toString(),
            QUrl(q.value(first + 2).toString()),
            origins,
            fromBase64Text(q.value(first + 4).toString()).value_or(QByteArray()),
            QDateTime::fromSecsSinceEpoch(q.value(first + 5).toLongLong(), Qt::UTC)};
}

Result<QList<Platform>> PlatformRegistry::select(const QString &where, const QVariantList &values)
{
    static const QString selectFrom =
        QStringLiteral("SELECT ") + columns(QLatin1StringView("p")) + QStringLiteral(" FROM platforms p WHERE ");
    auto query = m_db.exec(selectFrom + where + QStringLiteral(" ORDER BY p.created_at DESC, p.code"), values);
    if (!query)
        return query.error();
    QList<Platform> out;
    while (query.value().next())
        out.append(platformAt(query.value(), 0));
    return out;
}

Result<QList<Platform>> PlatformRegistry::list()
{
    return select(QStringLiteral("1 = 1"), {});
}

Result<std::optional<Platform>> PlatformRegistry::find(const QString &code)
{
    const auto found = select(QStringLiteral("code = ?"), {code});
    if (!found)
        return found.error();
    return found.value().isEmpty() ? std::optional<Platform>() : std::optional<Platform>(found.value().first());
}

Result<SecureBytes> PlatformRegistry::openSecret(const QString &sealed) const
{
    return m_masterKey.open(sealed, SecretPurpose);
}

Result<Platform> PlatformRegistry::authenticate(const QHttpServerRequest &request)
{
    const auto headers = PlatformAuth::SignedHeaders::fromRaw(
        request.value(PlatformAuth::PlatformHeader), request.value(PlatformAuth::TimestampHeader),
        request.value(PlatformAuth::NonceHeader), request.value(PlatformAuth::SignatureHeader));
    if (!headers)
        return headers.error();
    static const QString selectWithSecret = QStringLiteral("SELECT ") + columns(QLatin1StringView("p"))
        + QStringLiteral(", p.secret_sealed FROM platforms p WHERE p.code = ?");
    auto found = m_db.exec(selectWithSecret, {headers.value().platformCode});
    if (!found)
        return found.error();
    if (!found.value().next())
        return PlatformAuth::unauthorized("unknown_platform",
                                          QStringLiteral("No platform is registered with this code."));
    const Platform platform = platformAt(found.value(), 0);
    const auto key = openSecret(found.value().value(ColumnCount).toString());
    if (!key)
        return key.error();
    const QByteArray method = request.method() == QHttpServerRequest::Method::Get ? "GET" : "POST";
    const qint64 now = Clock::nowSecs();
    if (auto verified = PlatformAuth::verify(key.value().view(), headers.value(), method,
                                             PlatformAuth::signedPathAndQuery(request.url()), request.body(), now);
        !verified)
        return verified.error();
    if (auto fresh = rememberNonce(platform.code, headers.value().nonce, now); !fresh)
        return fresh.error();
    return platform;
}

Result<void> PlatformRegistry::rememberNonce(const QString &code, const QString &nonce, qint64 now)
{
    // Expired nonces only take room: a request that reuses one fails the timestamp check
    // anyway, and one not purged yet still counts as used. So the purge, a write that every
    // request would otherwise queue behind, runs once per PurgeIntervalSecs.
    qint64 due = m_nextPurge.load();
    if (now >= due && m_nextPurge.compare_exchange_strong(due, now + PurgeIntervalSecs)) {
        if (auto purged = m_db.run(QStringLiteral("DELETE FROM platform_nonces WHERE expires_at < ?"), {now}); !purged)
            return purged.error();
    }
    const auto seen = m_db.scalar(
        QStringLiteral("SELECT COUNT(*) FROM platform_nonces WHERE platform_code = ? AND nonce = ?"), {code, nonce});
    if (!seen)
        return seen.error();
    const Error replayed = PlatformAuth::unauthorized("replayed_nonce", QStringLiteral("This nonce was used before."));
    if (seen.value().toInt() > 0)
        return replayed;
    // Two instances racing on one nonce: the primary key lets only one insert win.
    if (!m_db.run(QStringLiteral("INSERT INTO platform_nonces (platform_code, nonce, expires_at) VALUES (?, ?, ?)"),
                  {code, nonce, now + PlatformAuth::NonceLifetimeSecs}))
        return replayed;
    return {};
}

} // namespace tq::server
