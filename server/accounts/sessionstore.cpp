#include "server/accounts/sessionstore.h"

#include "core/common/clock.h"
#include "core/crypto/passwordhash.h"
#include "core/crypto/random.h"
#include "core/protocol/accounterrors.h"
#include "server/db/database.h"

#include <QUuid>

namespace tq::server {

namespace {

constexpr qsizetype TokenBytes = 32;

} // namespace

QString tokenHash(const QString &token)
{
    return QString::fromLatin1(sha256(token.toUtf8()).toHex());
}

QJsonObject Session::toJson() const
{
    return {{QStringLiteral("accessToken"), accessToken},
            {QStringLiteral("accessExpiresIn"), accessExpiresIn},
            {QStringLiteral("refreshToken"), refreshToken},
            {QStringLiteral("refreshExpiresIn"), refreshExpiresIn}};
}

Error unauthorizedError()
{
    return Error(AccountError::Unauthorized, QStringLiteral("Your session has ended. Log in again."));
}

Result<Session> SessionStore::create(const QString &accountId)
{
    const qint64 now = Clock::nowSecs();
    // Dead sessions of this account are dropped here so the table does not grow forever.
    const auto swept = m_db.run(QStringLiteral("DELETE FROM sessions WHERE account_id = ? AND refresh_expires_at <= ?"),
                                {accountId, now});
    if (!swept)
        return swept.error();
    Session session{Random::token(TokenBytes), AccessLifetime, Random::token(TokenBytes), RefreshLifetime};
    const auto inserted =
        m_db.run(QStringLiteral("INSERT INTO sessions (id, account_id, access_hash, access_expires_at, refresh_hash, "
                                "refresh_expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                 {QUuid::createUuid().toString(QUuid::WithoutBraces), accountId, tokenHash(session.accessToken),
                  now + AccessLifetime, tokenHash(session.refreshToken), now + RefreshLifetime, now});
    if (!inserted)
        return inserted.error();
    return session;
}

Result<QString> SessionStore::accountForAccessToken(const QString &accessToken)
{
    const auto accountId =
        m_db.scalar(QStringLiteral("SELECT account_id FROM sessions WHERE access_hash = ? AND access_expires_at > ?"),
                    {tokenHash(accessToken), Clock::nowSecs()});
    if (!accountId)
        return accountId.error();
    if (accountId.value().isNull())
        return unauthorizedError();
    return accountId.value().toString();
}

Result<Session> SessionStore::refresh(const QString &refreshToken)
{
    Transaction tx(m_db);
    if (!tx.isActive())
        return databaseError();
    auto query = m_db.exec(
        QStringLiteral("SELECT id, account_id FROM sessions WHERE refresh_hash = ? AND refresh_expires_at > ?"),
        {tokenHash(refreshToken), Clock::nowSecs()});
    if (!query)
        return query.error();
    if (!query.value().next())
        return unauthorizedError();
    const QString sessionId = query.value().value(0).toString();
    const QString accountId = query.value().value(1).toString();
    // Only the request that actually deleted the row may continue: a refresh token works once.
    const auto deleted = m_db.update(QStringLiteral("DELETE FROM sessions WHERE id = ?"), {sessionId});
    if (!deleted)
        return deleted.error();
    if (deleted.value() != 1)
        return unauthorizedError();
    return tx.commitIf(create(accountId));
}

Result<void> SessionStore::revoke(const QString &accessToken)
{
    const auto deleted =
        m_db.update(QStringLiteral("DELETE FROM sessions WHERE access_hash = ? AND access_expires_at > ?"),
                    {tokenHash(accessToken), Clock::nowSecs()});
    if (!deleted)
        return deleted.error();
    return deleted.value() == 1 ? Result<void>() : unauthorizedError();
}

Result<void> SessionStore::revokeAll(const QString &accountId)
{
    return m_db.run(QStringLiteral("DELETE FROM sessions WHERE account_id = ?"), {accountId});
}

} // namespace tq::server
