#include "server/accounts/sessionstore.h"

#include "core/common/clock.h"
#include "core/crypto/passwordhash.h"
#include "core/crypto/random.h"
#include "server/db/database.h"

#include <QUuid>

namespace tq::server {

namespace {

constexpr qsizetype TokenBytes = 32;

QString tokenHash(const QString &token)
{
    return QString::fromLatin1(sha256(token.toUtf8()).toHex());
}

} // namespace

QJsonObject Session::toJson() const
{
    return {{QStringLiteral("accessToken"), accessToken},
            {QStringLiteral("accessExpiresIn"), accessExpiresIn},
            {QStringLiteral("refreshToken"), refreshToken},
            {QStringLiteral("refreshExpiresIn"), refreshExpiresIn}};
}

Error unauthorizedError()
{
    return Error(ErrorCode::Unauthorized, QStringLiteral("Your session has ended. Log in again."));
}

Result<Session> SessionStore::create(const QString &accountId)
{
    const qint64 now = Clock::nowSecs();
    // Dead sessions of this account are dropped here so the table does not grow forever.
    if (auto swept = m_db.exec(QStringLiteral("DELETE FROM sessions WHERE account_id = ? AND refresh_expires_at <= ?"),
                               {accountId, now});
        !swept)
        return swept.error();
    Session session{Random::token(TokenBytes), AccessLifetime, Random::token(TokenBytes), RefreshLifetime};
    auto inserted = m_db.exec(QStringLiteral("INSERT INTO sessions (id, account_id, access_hash, access_expires_at, "
                                             "refresh_hash, refresh_expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                              {QUuid::createUuid().toString(QUuid::WithoutBraces), accountId,
                               tokenHash(session.accessToken), now + AccessLifetime, tokenHash(session.refreshToken),
                               now + RefreshLifetime, now});
    if (!inserted)
        return inserted.error();
    return session;
}

Result<QString> SessionStore::accountForAccessToken(const QString &accessToken)
{
    auto query = m_db.exec(
        QStringLiteral("SELECT account_id FROM sessions WHERE access_hash = ? AND access_expires_at > ?"),
        {tokenHash(accessToken), Clock::nowSecs()});
    if (!query)
        return query.error();
    if (!query.value().next())
        return unauthorizedError();
    return query.value().value(0).toString();
}

Result<Session> SessionStore::refresh(const QString &refreshToken)
{
    Transaction tx(m_db);
    if (!tx.isActive())
        return databaseError();
    auto query =
        m_db.exec(QStringLiteral("SELECT id, account_id FROM sessions WHERE refresh_hash = ? AND refresh_expires_at > ?"),
                  {tokenHash(refreshToken), Clock::nowSecs()});
    if (!query)
        return query.error();
    if (!query.value().next())
        return unauthorizedError();
    const QString sessionId = query.value().value(0).toString();
    const QString accountId = query.value().value(1).toString();
    auto deleted = m_db.exec(QStringLiteral("DELETE FROM sessions WHERE id = ?"), {sessionId});
    if (!deleted)
        return deleted.error();
    if (deleted.value().numRowsAffected() != 1)
        return unauthorizedError();
    auto session = create(accountId);
    if (!session)
        return session;
    if (auto committed = tx.commit(); !committed)
        return committed.error();
    return session;
}

Result<void> SessionStore::revoke(const QString &accessToken)
{
    auto deleted = m_db.exec(QStringLiteral("DELETE FROM sessions WHERE access_hash = ? AND access_expires_at > ?"),
                             {tokenHash(accessToken), Clock::nowSecs()});
    if (!deleted)
        return deleted.error();
    if (deleted.value().numRowsAffected() != 1)
        return unauthorizedError();
    return {};
}

Result<void> SessionStore::revokeAll(const QString &accountId)
{
    auto deleted = m_db.exec(QStringLiteral("DELETE FROM sessions WHERE account_id = ?"), {accountId});
    if (!deleted)
        return deleted.error();
    return {};
}

} // namespace tq::server
