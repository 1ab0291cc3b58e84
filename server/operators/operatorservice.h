#pragma once

#include "core/common/error.h"
#include "core/crypto/passwordhash.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace tq::server {

class AuditLog;
class Database;
class MasterKey;

/// What an operator may do. The review queues of later issues (real-name manual review,
/// enterprise review, refunds) check Permission::Review.
enum class OperatorRole {
    Admin,    ///< everything: operators, platforms (register, rotate secret, callback URL), audit log
    Reviewer, ///< review queues; reads platforms and (sandbox) the SMS outbox
    Auditor,  ///< reads the audit log, platforms and (sandbox) the SMS outbox; changes nothing
};

enum class Permission { ManageOperators, ManagePlatforms, ReadPlatforms, ReadAudit, ReadOutbox, Review };

/// "admin", "reviewer", "auditor".
QString roleName(OperatorRole role);
std::optional<OperatorRole> roleFromName(const QString &name);
/// Whether `role` grants `permission` (the table in docs/server.md, "Operators").
bool allows(OperatorRole role, Permission permission);

struct Operator {
    QString id;
    QString name;
    OperatorRole role = OperatorRole::Auditor;
    QDateTime createdAt;

    /// `{"name","role","createdAt"}`.
    QJsonObject toJson() const;
};

/// A new operator's TOTP secret: shown once (to the admin who created it or on the bootstrap
/// command line), stored only sealed.
struct OperatorEnrolment {
    Operator op;
    QString totpSecret; ///< base32, for manual entry
    QString otpauthUri; ///< otpauth://totp/… for a QR code
};

/// A logged-in operator and the session token that proves it (never stored in clear).
struct OperatorSession {
    QString token;
    Operator op;
};

/// Operator accounts, their logins and sessions, all held by the database so several server
/// instances agree: passwords hashed with PasswordHash (scrypt), TOTP secrets sealed under the
/// master key and each TOTP step accepted once (a conditional UPDATE of `totp_last_step`),
/// failed logins counted per name in `operator_login_attempts` (each attempt is written before
/// it is checked, so concurrent guesses count too), sessions as SHA-256 of their token with idle
/// and absolute time-outs. Logins, logouts and new operators are written to the AuditLog.
/// Thread-safe (no state besides the database); does not own its collaborators.
class OperatorService {
public:
    static constexpr qint64 IdleTimeoutSecs = 15 * 60;
    static constexpr qint64 AbsoluteTimeoutSecs = 8 * 60 * 60;
    static constexpr int MaxFailedLogins = 5;
    static constexpr qint64 FailureWindowSecs = 15 * 60;
    static constexpr int MinPasswordLength = 12;

    OperatorService(Database &db, const MasterKey &masterKey, AuditLog &audit, PasswordHash::Params params)
        : m_db(db), m_masterKey(masterKey), m_audit(audit), m_params(params)
    {
    }

    /// Creates an operator; `actor` is the admin's name (or "server" for the command line).
    /// invalid_request names the bad field (name: 1-64 of A-Z a-z 0-9 . _ -; password: at least
    /// MinPasswordLength characters); a taken name is invalid_request too (field "name").
    Result<OperatorEnrolment> add(const QString &actor, const QString &name, OperatorRole role,
                                  const QString &password);
    Result<QList<Operator>> list() const;

    /// Password and the current TOTP code (±1 step, each step once). invalid_credentials on any
    /// mismatch (details.attemptsLeft), operator_login_limited (details.retryAfter) after
    /// MaxFailedLogins failures within FailureWindowSecs.
    Result<OperatorSession> logIn(const QString &name, const QString &password, const QString &totpCode);
    /// The operator of a live session (and marks it used now); unauthorized when the token is
    /// unknown, idle for longer than IdleTimeoutSecs or older than AbsoluteTimeoutSecs.
    Result<Operator> authenticate(const QString &token);
    Result<void> logOut(const QString &token);

    /// The CSRF token of a session: a keyed hash of its token under the master key, so it is
    /// never stored and cannot be computed without the key.
    QString csrfToken(const QString &sessionToken) const;
    bool csrfMatches(const QString &sessionToken, const QString &presented) const;

private:
    Result<bool> acceptTotp(const QString &operatorId, const QString &sealedSecret, const QString &code);

    Database &m_db;
    const MasterKey &m_masterKey;
    AuditLog &m_audit;
    PasswordHash::Params m_params;
};

} // namespace tq::server
