#pragma once

#include "core/common/error.h"
#include "core/crypto/securebytes.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QJsonObject>
#include <QStringList>
#include <QUrl>

#include <atomic>
#include <optional>

namespace tq::server {

class Database;
class Rows;
class MasterKey;

/// A registered trading platform (relying party), without its secret.
struct Platform {
    QString code;
    QString name;
    QUrl callbackUrl;
    QStringList allowedOrigins;  ///< "scheme://host[:port]"
    QByteArray encryptionKeyDer; ///< SM2 SubjectPublicKeyInfo for decrypt results; empty if none
    QDateTime createdAt;

    /// True if `url` is on one of the allowed origins.
    bool allowsUrl(const QUrl &url) const;
    /// `{"code","name","callbackUrl","allowedOrigins","encryptionKey"?,"createdAt"}` (never the secret).
    QJsonObject toJson() const;
};

/// What an operator registers.
struct PlatformRegistration {
    QString code;
    QString name;
    QString callbackUrl;
    QStringList allowedOrigins;
    QByteArray encryptionKeyDer;
};

/// The registry of trading platforms and the HMAC check of their requests
/// (docs/qr-protocol.md §4, §10). Secrets are random, shown once at registration and stored
/// sealed under the master key; nonces are remembered in the database, so several server
/// instances share replay protection; a nonce is taken by one INSERT, which only one request,
/// thread or instance can win. Thread-safe: no state besides the database. Does not own its
/// collaborators.
class PlatformRegistry {
public:
    static constexpr qsizetype MaxOrigins = 20;

    /// `privateCallbackTargets`: ServerConfig::privateCallbackTargets.
    PlatformRegistry(Database &db, const MasterKey &masterKey, bool privateCallbackTargets = true)
        : m_db(db), m_masterKey(masterKey), m_privateCallbackTargets(privateCallbackTargets)
    {
    }

    /// Validates and stores the platform; returns its new secret. invalid_request names the bad
    /// field; platform_exists if the code is taken. Unless private callback targets are allowed,
    /// the callback URL's host is resolved (blocking) and refused if any of its addresses is
    /// private (CallbackTarget::resolvePublic); a future change of the URL must check it the same way.
    Result<QString> registerPlatform(const PlatformRegistration &registration);
    Result<std::optional<Platform>> find(const QString &code);
    /// Replaces the platform's secret with a new random one and returns it (shown once); the old
    /// one stops working at once. not_found if there is no such platform.
    Result<QString> rotateSecret(const QString &code);
    /// Sets the callback URL (http(s), as at registration; invalid_request field callbackUrl) and
    /// returns the previous one. not_found if there is no such platform.
    Result<QUrl> setCallbackUrl(const QString &code, const QString &callbackUrl);
    /// The platform columns of table alias `alias` ("p.code, p.name, …", ColumnCount of them),
    /// for a query that joins platforms; platformAt() reads them back from column `first` on.
    static constexpr int ColumnCount = 6;
    static QString columns(QLatin1StringView alias);
    static Platform platformAt(const Rows &query, int first);
    Result<QList<Platform>> list();
    /// The platform's secret (ASCII bytes, the HMAC key) from its stored form, the column
    /// platforms.secret_sealed, for a query that joins platforms.
    Result<SecureBytes> openSecret(const QString &sealed) const;

    /// The platform that signed `request` (headers, ±300 s, signature, unused nonce); the nonce
    /// is remembered only after the signature verified. platform_unauthorized otherwise.
    Result<Platform> authenticate(const QHttpServerRequest &request);

private:
    Result<QList<Platform>> select(const QString &where, const QVariantList &values);
    Result<void> rememberNonce(const QString &code, const QString &nonce, qint64 now);

    static constexpr qint64 PurgeIntervalSecs = 60;

    Database &m_db;
    const MasterKey &m_masterKey;
    const bool m_privateCallbackTargets;
    std::atomic<qint64> m_nextPurge{0}; ///< tq::Clock seconds of the next purge of expired nonces
};

} // namespace tq::server
