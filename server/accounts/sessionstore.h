#pragma once

#include "core/common/error.h"

#include <QJsonObject>
#include <QString>

namespace tq::server {

class Database;

/// How opaque tokens are stored (sessions, scan tickets, poll and access tokens): lower-case
/// hex SHA-256 of the token text.
QString tokenHash(const QString &token);

/// A freshly issued pair of tokens. Only the holder ever sees the plain tokens; the
/// database keeps their SHA-256.
struct Session {
    QString accessToken;
    qint64 accessExpiresIn = 0; ///< seconds
    QString refreshToken;
    qint64 refreshExpiresIn = 0; ///< seconds

    /// `{"accessToken","accessExpiresIn","refreshToken","refreshExpiresIn"}`.
    QJsonObject toJson() const;
};

/// Issues, resolves, rotates and revokes sessions (opaque random tokens, stored hashed,
/// expiring by tq::Clock). Every failure to resolve a token is `unauthorized`.
/// Does not own the Database. Thread-safe: it keeps no state besides the database, and refresh()
/// is one transaction.
class SessionStore {
public:
    static constexpr qint64 AccessLifetime = 2 * 3600;
    static constexpr qint64 RefreshLifetime = 30 * 24 * 3600;

    explicit SessionStore(Database &db) : m_db(db) { }

    Result<Session> create(const QString &accountId);
    /// The account id of a live access token.
    Result<QString> accountForAccessToken(const QString &accessToken);
    /// Rotation: the session of `refreshToken` dies (both tokens) and a new one is issued.
    Result<Session> refresh(const QString &refreshToken);
    /// Ends the session of a live access token.
    Result<void> revoke(const QString &accessToken);
    /// Ends every session of the account.
    Result<void> revokeAll(const QString &accountId);

private:
    Database &m_db;
};

/// The Error for a missing, unknown, expired or revoked token.
Error unauthorizedError();

} // namespace tq::server
