#include "server/sms/smscodes.h"

#include "core/common/clock.h"
#include "core/crypto/random.h"
#include "core/crypto/securebytes.h"
#include "core/protocol/accounterrors.h"
#include "core/validators/rules.h"
#include "server/db/database.h"
#include "server/keys/masterkey.h"

#include <QUuid>

namespace tq::server {

namespace {

constexpr qint64 SecondsPerDay = 86400;
constexpr qint64 ShanghaiUtcOffset = 8 * 3600; // China has no daylight saving time

/// The purpose label of the keyed hash (MasterKey::keyedHash), naming the column.
constexpr char CodeHashPurpose[] = "sms_codes.code_hash";

qint64 nextShanghaiMidnight(qint64 now)
{
    return ((now + ShanghaiUtcOffset) / SecondsPerDay + 1) * SecondsPerDay - ShanghaiUtcOffset;
}

} // namespace

QByteArray SmsCodeService::codeHash(const QString &phone, SmsPurpose purpose, const QString &code) const
{
    return m_masterKey.keyedHash(CodeHashPurpose, (phone + u'|' + smsPurposeName(purpose) + u'|' + code).toUtf8())
        .toHex();
}

Error invalidSmsCodeError()
{
    return Error(AccountError::InvalidSmsCode,
                 QStringLiteral("The SMS code is wrong or has expired. Check it, or ask for a new code."));
}

Result<void> SmsCodeService::checkSendLimits(const QString &phone, qint64 now)
{
    const qint64 dayEnd = nextShanghaiMidnight(now);
    const auto sentToday =
        m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM sms_codes WHERE phone = ? AND created_at >= ?"),
                    {phone, dayEnd - SecondsPerDay});
    if (!sentToday)
        return sentToday.error();
    if (sentToday.value().toInt() >= DailyLimit) {
        return Error(AccountError::SmsDailyLimit,
                     QStringLiteral("This number has received %1 SMS codes today. Try again tomorrow.").arg(DailyLimit),
                     {{QStringLiteral("retryAfter"), dayEnd - now}});
    }
    // Looked up without the day filter: a send just before midnight still counts for the interval.
    const auto lastSent = m_db.scalar(QStringLiteral("SELECT MAX(created_at) FROM sms_codes WHERE phone = ?"), {phone});
    if (!lastSent)
        return lastSent.error();
    const qint64 wait = lastSent.value().isNull() ? 0 : lastSent.value().toLongLong() + ResendInterval - now;
    if (wait > 0) {
        return Error(AccountError::SmsTooSoon,
                     QStringLiteral("A code was sent to this number moments ago. Wait %1 seconds before asking again.")
                         .arg(wait),
                     {{QStringLiteral("retryAfter"), wait}});
    }
    return {};
}

Result<void> SmsCodeService::issue(const QString &phone, SmsPurpose purpose)
{
    const qint64 now = Clock::nowSecs();
    if (auto limits = checkSendLimits(phone, now); !limits)
        return limits;

    const QString code = Random::digits(rules::SmsCodeLength);
    const QString purposeName = smsPurposeName(purpose);
    Transaction tx(m_db);
    if (!tx.isActive())
        return databaseError();
    // Rows from before today only served limits that have passed; keeping them would only keep data.
    const auto swept = m_db.run(QStringLiteral("DELETE FROM sms_codes WHERE phone = ? AND created_at < ?"),
                                {phone, nextShanghaiMidnight(now) - SecondsPerDay});
    if (!swept)
        return swept;
    const auto replaced =
        m_db.run(QStringLiteral("UPDATE sms_codes SET consumed = 1 WHERE phone = ? AND purpose = ? AND consumed = 0"),
                 {phone, purposeName});
    if (!replaced)
        return replaced;
    const auto inserted = m_db.run(QStringLiteral("INSERT INTO sms_codes (id, phone, purpose, code_hash, created_at, "
                                                  "expires_at) VALUES (?, ?, ?, ?, ?, ?)"),
                                   {QUuid::createUuid().toString(QUuid::WithoutBraces), phone, purposeName,
                                    QString::fromLatin1(codeHash(phone, purpose, code)), now, now + CodeLifetime});
    if (!inserted)
        return inserted;
    // Sending inside the transaction: if the provider refuses, the code is not stored either.
    return tx.commitIf(m_provider.send(phone, purpose, code));
}

Result<void> SmsCodeService::consume(const QString &phone, SmsPurpose purpose, const QString &code)
{
    if (!rules::isSmsCode(code))
        return invalidSmsCodeError();
    auto query = m_db.exec(QStringLiteral("SELECT id, code_hash FROM sms_codes WHERE phone = ? AND purpose = ? AND "
                                          "consumed = 0 AND expires_at > ? ORDER BY created_at DESC LIMIT 1"),
                           {phone, smsPurposeName(purpose), Clock::nowSecs()});
    if (!query)
        return query.error();
    Rows &q = query.value();
    if (!q.next())
        return invalidSmsCodeError();
    const QString id = q.value(0).toString();
    const SecureBytes stored(q.value(1).toString().toLatin1());
    const SecureBytes given(codeHash(phone, purpose, code));
    if (!stored.equals(given)) {
        const auto counted = m_db.run(QStringLiteral("UPDATE sms_codes SET failed_attempts = failed_attempts + 1, "
                                                     "consumed = CASE WHEN failed_attempts + 1 >= ? THEN 1 ELSE 0 END "
                                                     "WHERE id = ?"),
                                      {MaxFailedAttempts, id});
        return counted ? invalidSmsCodeError() : counted.error();
    }
    // The conditional update makes the code single-use even if two requests race for it.
    const auto used =
        m_db.update(QStringLiteral("UPDATE sms_codes SET consumed = 1 WHERE id = ? AND consumed = 0"), {id});
    if (!used)
        return used.error();
    return used.value() == 1 ? Result<void>() : invalidSmsCodeError();
}

} // namespace tq::server
