#include "server/accounts/accountservice.h"

#include "core/common/clock.h"
#include "core/protocol/accounterrors.h"
#include "core/validators/rules.h"
#include "core/validators/validationerrors.h"
#include "server/db/database.h"
#include "server/sms/smscodes.h"

#include <QUuid>

#include <array>

namespace tq::server {

namespace {

Result<void> checkPhone(const QString &phone)
{
    if (!rules::isMobileNumber(phone))
        return Error(ValidationError::InvalidPhone,
                     QStringLiteral("Enter an 11-digit mainland China mobile number, such as 13800138000."));
    return {};
}

Result<void> checkNewPassword(const QString &password)
{
    struct Rule {
        rules::PasswordIssue issue;
        const char *name;
        const char *message;
    };
    static constexpr std::array<Rule, 6> Rules{{
        {rules::PasswordIssue::TooShort, "too_short", "The password needs at least 8 characters."},
        {rules::PasswordIssue::TooLong, "too_long", "The password can have at most 16 characters."},
        {rules::PasswordIssue::BadCharacter, "bad_character",
         "The password can only use letters, digits and ASCII symbols, without spaces."},
        {rules::PasswordIssue::NoUppercase, "no_uppercase", "The password needs an upper-case letter."},
        {rules::PasswordIssue::NoLowercase, "no_lowercase", "The password needs a lower-case letter."},
        {rules::PasswordIssue::NoDigit, "no_digit", "The password needs a digit."},
    }};
    const rules::PasswordIssue issue = rules::checkPassword(password);
    for (const Rule &rule : Rules) {
        if (rule.issue == issue)
            return Error(ValidationError::InvalidPassword, QString::fromLatin1(rule.message),
                         {{QStringLiteral("rule"), QString::fromLatin1(rule.name)}});
    }
    return {};
}

/// Checks shared by registration and password reset, in the order the client should fix them.
Result<void> checkNewCredentials(const QString &phone, const QString &smsCode, const QString &password)
{
    if (auto r = checkPhone(phone); !r)
        return r;
    if (auto r = checkNewPassword(password); !r)
        return r;
    if (!rules::isSmsCode(smsCode))
        return invalidSmsCodeError();
    return {};
}

Error accountNotFound()
{
    return Error(AccountError::AccountNotFound, QStringLiteral("No account uses this phone number. Register first."));
}

Error phoneRegistered()
{
    return Error(AccountError::PhoneRegistered,
                 QStringLiteral("This phone number already has an account. Log in instead."));
}

Error lockedError(qint64 retryAfter)
{
    const qint64 minutes = (retryAfter + 59) / 60;
    return Error(
        AccountError::AccountLocked,
        QStringLiteral("Too many wrong passwords. Try again in %1 minutes or log in with an SMS code.").arg(minutes),
        {{QStringLiteral("retryAfter"), retryAfter}});
}

} // namespace

QJsonObject Account::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("phone"), phone},
            {QStringLiteral("createdAt"), createdAt.toUTC().toString(Qt::ISODate)},
            {QStringLiteral("identityVerified"), identityVerified}};
}

AccountService::AccountService(Database &db, SmsCodeService &codes, SessionStore &sessions, PasswordHash::Params params)
    : m_db(db), m_codes(codes), m_sessions(sessions), m_params(params)
{
}

Result<std::optional<AccountService::Row>> AccountService::findOne(const QString &column, const QString &value)
{
    auto query = m_db.exec(QStringLiteral("SELECT id, phone, created_at, identity_verified, password_hash, "
                                          "failed_logins, locked_until FROM accounts WHERE ") +
                               column + QStringLiteral(" = ?"),
                           {value});
    if (!query)
        return query.error();
    Rows &q = query.value();
    if (!q.next())
        return std::optional<Row>();
    Row row;
    row.account = {q.value(0).toString(), q.value(1).toString(),
                   QDateTime::fromSecsSinceEpoch(q.value(2).toLongLong(), Qt::UTC), q.value(3).toInt() != 0};
    row.passwordHash = q.value(4).toString();
    row.failedLogins = q.value(5).toInt();
    row.lockedUntil = q.value(6).toLongLong();
    return std::optional<Row>(std::move(row));
}

Result<std::optional<AccountService::Row>> AccountService::lookUp(const QString &phone)
{
    if (auto r = checkPhone(phone); !r)
        return r.error();
    return findOne(QStringLiteral("phone"), phone);
}

Result<std::optional<AccountService::Row>> AccountService::findById(const QString &id)
{
    return findOne(QStringLiteral("id"), id);
}

Result<AccountService::Row> AccountService::requireAccount(const QString &phone)
{
    auto row = lookUp(phone);
    if (!row)
        return row.error();
    if (!row.value())
        return accountNotFound();
    return *std::move(row).value();
}

Result<SignIn> AccountService::signIn(const Row &row)
{
    auto session = m_sessions.create(row.account.id);
    if (!session)
        return session.error();
    return SignIn{row.account, session.value()};
}

Result<void> AccountService::setLoginFailures(const QString &accountId, int failures, qint64 lockedUntil)
{
    return m_db.run(QStringLiteral("UPDATE accounts SET failed_logins = ?, locked_until = ? WHERE id = ?"),
                    {failures, lockedUntil, accountId});
}

const QString &AccountService::dummyHash()
{
    if (m_dummyHash.isEmpty())
        m_dummyHash = PasswordHash::hash(QStringLiteral("no account has this password"), m_params);
    return m_dummyHash;
}

Result<void> AccountService::requestSmsCode(const QString &phone, const QString &purposeName)
{
    auto row = lookUp(phone);
    if (!row)
        return row.error();
    const auto purpose = smsPurposeFromName(purposeName);
    // Certificate-application codes go only to the signed-in account's phone (CA routes).
    if (!purpose || *purpose == SmsPurpose::CertificateApplication || *purpose == SmsPurpose::CertificateIssued)
        return Error(ValidationError::InvalidPurpose,
                     QStringLiteral("The purpose must be register, login or reset_password."));
    if (*purpose == SmsPurpose::Register && row.value())
        return phoneRegistered();
    if (*purpose != SmsPurpose::Register && !row.value())
        return accountNotFound();
    return m_codes.issue(phone, *purpose);
}

Result<SignIn> AccountService::registerAccount(const QString &phone, const QString &smsCode, const QString &password)
{
    if (auto r = checkNewCredentials(phone, smsCode, password); !r)
        return r.error();
    auto existing = lookUp(phone);
    if (!existing)
        return existing.error();
    if (existing.value())
        return phoneRegistered();
    if (auto used = m_codes.consume(phone, SmsPurpose::Register, smsCode); !used)
        return used.error();

    Row row;
    row.account = {QUuid::createUuid().toString(QUuid::WithoutBraces), phone,
                   QDateTime::fromSecsSinceEpoch(Clock::nowSecs(), Qt::UTC), false};
    Transaction tx(m_db);
    if (!tx.isActive())
        return databaseError();
    const auto inserted = m_db.run(
        QStringLiteral("INSERT INTO accounts (id, phone, password_hash, created_at) VALUES (?, ?, ?, ?)"),
        {row.account.id, phone, PasswordHash::hash(password, m_params), row.account.createdAt.toSecsSinceEpoch()});
    if (!inserted)
        return inserted.error();
    return tx.commitIf(signIn(row));
}

Result<SignIn> AccountService::logInWithPassword(const QString &phone, const QString &password)
{
    auto found = lookUp(phone);
    if (!found)
        return found.error();
    if (!found.value()) {
        // Same work as for a real account, so timing does not reveal which numbers are registered.
        PasswordHash::verify(password, dummyHash());
        return Error(AccountError::InvalidCredentials, QStringLiteral("The phone number or password is wrong."));
    }
    const Row &row = *found.value();
    const qint64 now = Clock::nowSecs();
    if (row.lockedUntil > now)
        return lockedError(row.lockedUntil - now);

    if (PasswordHash::verify(password, row.passwordHash)) {
        if (auto r = setLoginFailures(row.account.id, 0, 0); !r)
            return r.error();
        return signIn(row);
    }
    const int failures = row.failedLogins + 1;
    if (failures >= MaxFailedLogins) {
        if (auto r = setLoginFailures(row.account.id, 0, now + LockDuration); !r)
            return r.error();
        return lockedError(LockDuration);
    }
    if (auto r = setLoginFailures(row.account.id, failures, 0); !r)
        return r.error();
    const int left = MaxFailedLogins - failures;
    return Error(AccountError::InvalidCredentials,
                 QStringLiteral("The phone number or password is wrong. %1 %2 left before password log-in is "
                                "locked for 15 minutes.")
                     .arg(left)
                     .arg(left == 1 ? QStringLiteral("attempt") : QStringLiteral("attempts")),
                 {{QStringLiteral("attemptsLeft"), left}});
}

Result<SignIn> AccountService::logInWithSmsCode(const QString &phone, const QString &smsCode)
{
    auto row = requireAccount(phone);
    if (!row)
        return row.error();
    if (auto used = m_codes.consume(phone, SmsPurpose::Login, smsCode); !used)
        return used.error();
    // Proving possession of the phone lifts a password lock.
    if (auto r = setLoginFailures(row.value().account.id, 0, 0); !r)
        return r.error();
    return signIn(row.value());
}

Result<void> AccountService::resetPassword(const QString &phone, const QString &smsCode, const QString &newPassword)
{
    if (auto r = checkNewCredentials(phone, smsCode, newPassword); !r)
        return r;
    auto row = requireAccount(phone);
    if (!row)
        return row.error();
    if (auto used = m_codes.consume(phone, SmsPurpose::ResetPassword, smsCode); !used)
        return used;
    const QString accountId = row.value().account.id;
    Transaction tx(m_db);
    if (!tx.isActive())
        return databaseError();
    const auto updated = m_db.run(QStringLiteral("UPDATE accounts SET password_hash = ?, failed_logins = 0, "
                                                 "locked_until = 0 WHERE id = ?"),
                                  {PasswordHash::hash(newPassword, m_params), accountId});
    if (!updated)
        return updated;
    return tx.commitIf(m_sessions.revokeAll(accountId));
}

Result<QString> AccountService::accountIdForAccessToken(const QString &accessToken)
{
    // Sessions go with their account (ON DELETE CASCADE), so a live session names an account.
    return m_sessions.accountForAccessToken(accessToken);
}

Result<Account> AccountService::accountForAccessToken(const QString &accessToken)
{
    auto accountId = m_sessions.accountForAccessToken(accessToken);
    if (!accountId)
        return accountId.error();
    auto row = findById(accountId.value());
    if (!row)
        return row.error();
    if (!row.value())
        return unauthorizedError();
    return row.value()->account;
}

} // namespace tq::server
