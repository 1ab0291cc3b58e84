#pragma once

#include "server/sms/smsprovider.h"

namespace tq::server {

class Database;
class MasterKey;

/// Issues and checks one-time SMS codes (the limits of registration, SMS login and password reset): 6 random digits, stored only
/// as an HMAC-SHA256 keyed with the master key (a million unkeyed hashes would recover a live code
/// from a copy of the database), valid CodeLifetime seconds, single use, dead after MaxFailedAttempts wrong
/// tries; a new code replaces the unused one of the same phone and purpose. Per number: one
/// send per ResendInterval seconds and DailyLimit sends per Asia/Shanghai calendar day.
/// Time comes from tq::Clock. Does not own the Database, master key or provider; use on one thread.
class SmsCodeService {
public:
    static constexpr int CodeLifetime = 300;
    static constexpr int ResendInterval = 60;
    static constexpr int DailyLimit = 10;
    static constexpr int MaxFailedAttempts = 5;

    SmsCodeService(Database &db, const MasterKey &masterKey, SmsProvider &provider)
        : m_db(db), m_masterKey(masterKey), m_provider(provider)
    {
    }

    /// Creates and sends a code. Errors: sms_too_soon / sms_daily_limit (details.retryAfter),
    /// internal if storing or sending failed (then nothing is stored or sent).
    Result<void> issue(const QString &phone, SmsPurpose purpose);

    /// Uses up the live code of `phone` and `purpose` if it equals `code`; otherwise counts a
    /// failed attempt and returns invalid_sms_code.
    Result<void> consume(const QString &phone, SmsPurpose purpose, const QString &code);

private:
    Result<void> checkSendLimits(const QString &phone, qint64 now);
    QByteArray codeHash(const QString &phone, SmsPurpose purpose, const QString &code) const;

    Database &m_db;
    const MasterKey &m_masterKey;
    SmsProvider &m_provider;
};

/// The Error for a wrong, expired, used or malformed SMS code.
Error invalidSmsCodeError();

} // namespace tq::server
