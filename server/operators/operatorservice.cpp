#include "server/operators/operatorservice.h"

#include "core/common/apierrors.h"
#include "core/common/clock.h"
#include "core/crypto/random.h"
#include "core/protocol/accounterrors.h"
#include "core/protocol/operatorerrors.h"
#include "server/db/database.h"
#include "server/keys/masterkey.h"
#include "server/operators/auditlog.h"
#include "server/operators/totp.h"

#include <QRegularExpression>
#include <QUuid>

#include <openssl/crypto.h>

#include <array>
#include <utility>

namespace tq::server {

namespace {

constexpr char TotpPurpose[] = "operators.totp";
constexpr char CsrfPurpose[] = "operator_sessions.csrf";

constexpr std::array<std::pair<OperatorRole, const char *>, 3> RoleNames{{
    {OperatorRole::Admin, "admin"},
    {OperatorRole::Reviewer, "reviewer"},
    {OperatorRole::Auditor, "auditor"},
}};

QString tokenHash(const QString &token)
{
    return QString::fromLatin1(sha256(token.toUtf8()).toHex());
}

bool equalTexts(const QString &a, const QString &b)
{
    const QByteArray x = a.toUtf8();
    const QByteArray y = b.toUtf8();
    return x.size() == y.size() && CRYPTO_memcmp(x.constData(), y.constData(), size_t(x.size())) == 0;
}

Error invalidField(const QString &field, const QString &message)
{
    return Error(ApiError::InvalidRequest, message, {{QStringLiteral("field"), field}});
}

Operator operatorAt(const Rows &r, int first)
{
    return {r.value(first).toString(), r.value(first + 1).toString(),
            roleFromName(r.value(first + 2).toString()).value_or(OperatorRole::Auditor),
            QDateTime::fromSecsSinceEpoch(r.value(first + 3).toLongLong(), Qt::UTC)};
}

} // namespace

QString roleName(OperatorRole role)
{
    for (const auto &[value, name] : RoleNames) {
        if (value == role)
            return QString::fromLatin1(name);
    }
    return {};
}

std::optional<OperatorRole> roleFromName(const QString &name)
{
    for (const auto &[value, text] : RoleNames) {
        if (name == QLatin1String(text))
            return value;
    }
    return std::nullopt;
}

bool allows(OperatorRole role, Permission permission)
{
    switch (role) {
    case OperatorRole::Admin:
        return true;
    case OperatorRole::Reviewer:
        return permission == Permission::Review || permission == Permission::ReadPlatforms ||
            permission == Permission::ReadOutbox;
    case OperatorRole::Auditor:
        return permission == Permission::ReadAudit || permission == Permission::ReadPlatforms ||
            permission == Permission::ReadOutbox;
    }
    return false;
}

QJsonObject Operator::toJson() const
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("role"), roleName(role)},
            {QStringLiteral("createdAt"), createdAt.toString(Qt::ISODate)}};
}

Result<OperatorEnrolment> OperatorService::add(const QString &actor, const QString &name, OperatorRole role,
                                               const QString &password)
{
    static const QRegularExpression validName(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    if (!validName.match(name).hasMatch())
        return invalidField(QStringLiteral("name"),
                            QStringLiteral("An operator name has 1 to 64 letters, digits, '.', '_' or '-'."));
    if (password.size() < MinPasswordLength)
        return invalidField(QStringLiteral("password"),
                            QStringLiteral("An operator password has at least %1 characters.").arg(MinPasswordLength));
    QByteArray secret = Random::bytes(Totp::SecretSize);
    const auto sealed = m_masterKey.seal(secret, TotpPurpose);
    if (!sealed)
        return sealed.error();
    OperatorEnrolment enrolment{{QUuid::createUuid().toString(QUuid::WithoutBraces), name, role,
                                 QDateTime::fromSecsSinceEpoch(Clock::nowSecs(), Qt::UTC)},
                                Totp::base32(secret),
                                Totp::provisioningUri(name, secret)};
    SecureBytes::wipe(secret);

    Transaction tx(m_db);
    if (!tx.isActive())
        return Error(ApiError::Internal, QStringLiteral("Could not begin a transaction."));
    const auto taken = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM operators WHERE name = ?"), {name});
    if (!taken)
        return taken.error();
    if (taken.value().toInt() > 0)
        return invalidField(QStringLiteral("name"), QStringLiteral("An operator with this name exists already."));
    const auto inserted = m_db.run(
        QStringLiteral("INSERT INTO operators (id, name, role, password_hash, totp_sealed, created_at)"
                       " VALUES (?, ?, ?, ?, ?, ?)"),
        {enrolment.op.id, name, roleName(role), PasswordHash::hash(password, m_params), sealed.value(),
         enrolment.op.createdAt.toSecsSinceEpoch()});
    if (!inserted)
        return inserted.error();
    if (auto audited = m_audit.append(actor, QStringLiteral("operator.add"), name,
                                      {{QStringLiteral("role"), roleName(role)}});
        !audited)
        return audited.error();
    if (auto committed = tx.commit(); !committed)
        return committed.error();
    return enrolment;
}

Result<QList<Operator>> OperatorService::list() const
{
    auto rows = m_db.exec(QStringLiteral("SELECT id, name, role, created_at FROM operators ORDER BY name"));
    if (!rows)
        return rows.error();
    QList<Operator> operators;
    while (rows.value().next())
        operators.append(operatorAt(rows.value(), 0));
    return operators;
}

Result<bool> OperatorService::acceptTotp(const QString &operatorId, const QString &sealedSecret, const QString &code)
{
    const auto secret = m_masterKey.open(sealedSecret, TotpPurpose);
    if (!secret)
        return secret.error();
    const QByteArray key(secret.value().constData(), qsizetype(secret.value().size()));
    const qint64 now = Totp::stepAt(Clock::nowSecs());
    std::optional<qint64> matched;
    for (qint64 step = now - 1; step <= now + 1; ++step) {
        if (equalTexts(Totp::code(key, step), code))
            matched = step;
    }
    QByteArray wipeable = key;
    SecureBytes::wipe(wipeable);
    if (!matched)
        return false;
    // Each step once, whichever instance sees it: only the first UPDATE moves the mark past it.
    const auto updated = m_db.update(
        QStringLiteral("UPDATE operators SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?"),
        {*matched, operatorId, *matched});
    if (!updated)
        return updated.error();
    return updated.value() == 1;
}

Result<OperatorSession> OperatorService::logIn(const QString &name, const QString &password, const QString &totpCode)
{
    const qint64 now = Clock::nowSecs();
    // Old attempts and dead sessions go first, so neither table grows without bound.
    if (auto purged = m_db.run(QStringLiteral("DELETE FROM operator_login_attempts WHERE created_at <= ?"),
                               {now - FailureWindowSecs});
        !purged)
        return purged.error();
    if (auto purged = m_db.run(QStringLiteral("DELETE FROM operator_sessions WHERE last_seen_at < ? OR created_at < ?"),
                               {now - IdleTimeoutSecs, now - AbsoluteTimeoutSecs});
        !purged)
        return purged.error();
    // The attempt is written (as failed) before anything is checked, so guesses sent at the same
    // time, to any instance, all count against the limit.
    const QString attemptId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (auto recorded = m_db.run(QStringLiteral("INSERT INTO operator_login_attempts (id, name, failed, created_at)"
                                                " VALUES (?, ?, 1, ?)"),
                                 {attemptId, name.left(64), now});
        !recorded)
        return recorded.error();
    auto failures = m_db.exec(QStringLiteral("SELECT COUNT(*), MIN(created_at) FROM operator_login_attempts"
                                             " WHERE name = ? AND failed = 1 AND created_at > ?"),
                              {name.left(64), now - FailureWindowSecs});
    if (!failures)
        return failures.error();
    failures.value().next();
    const int failed = failures.value().value(0).toInt();
    if (failed > MaxFailedLogins) {
        const qint64 retryAfter = qMax<qint64>(1, failures.value().value(1).toLongLong() + FailureWindowSecs - now);
        return Error(OperatorError::LoginLimited, QStringLiteral("Too many failed operator logins for this name."),
                     {{QStringLiteral("retryAfter"), retryAfter}});
    }
    const auto refuse = [&]() -> Result<OperatorSession> {
        m_audit.append(name.left(64), QStringLiteral("operator.login_failed"), name.left(64));
        return Error(AccountError::InvalidCredentials, QStringLiteral("Wrong operator name, password or TOTP code."),
                     {{QStringLiteral("attemptsLeft"), qMax(0, MaxFailedLogins - failed)}});
    };

    auto rows = m_db.exec(QStringLiteral("SELECT id, name, role, created_at, password_hash, totp_sealed"
                                         " FROM operators WHERE name = ?"),
                          {name});
    if (!rows)
        return rows.error();
    if (!rows.value().next()) {
        // As much work as for a real name, so the answer's time does not tell names apart.
        PasswordHash::verify(password, PasswordHash::hash(QStringLiteral("not an operator"), m_params));
        return refuse();
    }
    const Operator op = operatorAt(rows.value(), 0);
    if (!PasswordHash::verify(password, rows.value().value(4).toString()))
        return refuse();
    const auto totp = acceptTotp(op.id, rows.value().value(5).toString(), totpCode.trimmed());
    if (!totp)
        return totp.error();
    if (!totp.value())
        return refuse();

    OperatorSession session{Random::token(32), op};
    Transaction tx(m_db);
    if (!tx.isActive())
        return Error(ApiError::Internal, QStringLiteral("Could not begin a transaction."));
    auto done = m_db.run(QStringLiteral("DELETE FROM operator_login_attempts WHERE name = ?"), {name});
    if (done)
        done = m_db.run(QStringLiteral("INSERT INTO operator_sessions (token_hash, operator_id, created_at, last_seen_at)"
                                       " VALUES (?, ?, ?, ?)"),
                        {tokenHash(session.token), op.id, now, now});
    if (done)
        done = m_audit.append(op.name, QStringLiteral("operator.login"), op.name);
    if (done)
        done = tx.commit();
    if (!done)
        return done.error();
    return session;
}

Result<Operator> OperatorService::authenticate(const QString &token)
{
    const Error unauthorized(AccountError::Unauthorized,
                             QStringLiteral("The operator session is missing, has expired or was closed."));
    if (token.isEmpty())
        return unauthorized;
    const QString hash = tokenHash(token);
    auto rows = m_db.exec(QStringLiteral("SELECT o.id, o.name, o.role, o.created_at, s.created_at, s.last_seen_at"
                                         " FROM operator_sessions s JOIN operators o ON o.id = s.operator_id"
                                         " WHERE s.token_hash = ?"),
                          {hash});
    if (!rows)
        return rows.error();
    if (!rows.value().next())
        return unauthorized;
    const qint64 now = Clock::nowSecs();
    const Operator op = operatorAt(rows.value(), 0);
    if (now - rows.value().value(4).toLongLong() > AbsoluteTimeoutSecs ||
        now - rows.value().value(5).toLongLong() > IdleTimeoutSecs) {
        m_db.run(QStringLiteral("DELETE FROM operator_sessions WHERE token_hash = ?"), {hash});
        return unauthorized;
    }
    if (auto touched = m_db.run(QStringLiteral("UPDATE operator_sessions SET last_seen_at = ? WHERE token_hash = ?"),
                                {now, hash});
        !touched)
        return touched.error();
    return op;
}

Result<void> OperatorService::logOut(const QString &token)
{
    const auto op = authenticate(token);
    if (!op)
        return op.error();
    Transaction tx(m_db);
    if (!tx.isActive())
        return Error(ApiError::Internal, QStringLiteral("Could not begin a transaction."));
    auto done = m_db.run(QStringLiteral("DELETE FROM operator_sessions WHERE token_hash = ?"), {tokenHash(token)});
    if (done)
        done = m_audit.append(op.value().name, QStringLiteral("operator.logout"), op.value().name);
    if (done)
        done = tx.commit();
    return done;
}

QString OperatorService::csrfToken(const QString &sessionToken) const
{
    return QString::fromLatin1(m_masterKey.keyedHash(CsrfPurpose, sessionToken.toUtf8()).toHex());
}

bool OperatorService::csrfMatches(const QString &sessionToken, const QString &presented) const
{
    return !sessionToken.isEmpty() && equalTexts(csrfToken(sessionToken), presented);
}

} // namespace tq::server
