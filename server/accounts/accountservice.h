#pragma once

#include "core/crypto/passwordhash.h"
#include "server/accounts/sessionstore.h"
#include "server/sms/smsprovider.h"

#include <QDateTime>

#include <optional>

namespace tq::server {

class Database;
class SmsCodeService;

/// An account as the API shows it.
struct Account {
    QString id;
    QString phone;
    QDateTime createdAt;
    bool identityVerified = false;

    /// `{"id","phone","createdAt" (ISO-8601 UTC),"identityVerified"}`.
    QJsonObject toJson() const;
};

/// An account together with the session just opened for it.
struct SignIn {
    Account account;
    Session session;
};

/// The account rules: registration, password and SMS-code
/// log-in with the 5-wrong-passwords/15-minute lock, password reset. Every method validates
/// its inputs with tq::rules and returns an error with a code of core/protocol/accounterrors.h
/// (or another domain's) on failure; a rejected call changes nothing except the counters the rules require (wrong passwords, wrong SMS codes).
/// Password hashing uses `params`. Does not own its collaborators. accountForAccessToken() and
/// accountIdForAccessToken() only read and may be called from any thread; the other methods
/// read, then write counters, so they expect one caller at a time.
class AccountService {
public:
    static constexpr int MaxFailedLogins = 5;
    static constexpr qint64 LockDuration = 15 * 60;

    AccountService(Database &db, SmsCodeService &codes, SessionStore &sessions, PasswordHash::Params params);

    /// Sends a code after checking that the purpose fits the account's existence
    /// (phone_registered for register, account_not_found for login and reset_password).
    Result<void> requestSmsCode(const QString &phone, const QString &purposeName);
    Result<SignIn> registerAccount(const QString &phone, const QString &smsCode, const QString &password);
    Result<SignIn> logInWithPassword(const QString &phone, const QString &password);
    Result<SignIn> logInWithSmsCode(const QString &phone, const QString &smsCode);
    /// Sets a new password, clears the lock and ends every session of the account.
    Result<void> resetPassword(const QString &phone, const QString &smsCode, const QString &newPassword);
    /// The account owning a live access token, or unauthorized.
    Result<Account> accountForAccessToken(const QString &accessToken);
    /// accountForAccessToken() without reading the account: its id, or unauthorized.
    Result<QString> accountIdForAccessToken(const QString &accessToken);

private:
    struct Row {
        Account account;
        QString passwordHash;
        int failedLogins = 0;
        qint64 lockedUntil = 0;
    };
    /// Checks the phone format (invalid_phone), then finds its account if there is one.
    Result<std::optional<Row>> lookUp(const QString &phone);
    Result<std::optional<Row>> findById(const QString &id);
    Result<std::optional<Row>> findOne(const QString &column, const QString &value);
    /// lookUp() that fails with account_not_found if there is none.
    Result<Row> requireAccount(const QString &phone);
    Result<SignIn> signIn(const Row &row);
    Result<void> setLoginFailures(const QString &accountId, int failures, qint64 lockedUntil);
    const QString &dummyHash();

    Database &m_db;
    SmsCodeService &m_codes;
    SessionStore &m_sessions;
    PasswordHash::Params m_params;
    QString m_dummyHash;
};

} // namespace tq::server
