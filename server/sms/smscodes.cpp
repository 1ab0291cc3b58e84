#include "server/sms/smscodes.h"

#include "core/common/clock.h"
#include "core/crypto/passwordhash.h"
#include "core/crypto/random.h"
#include "core/crypto/securebytes.h"
#include "core/validators/rules.h"
#include "server/db/database.h"

#include <QUuid>

namespace tq::server {

namespace {

constexpr qint64 SecondsPerDay = 86400;
constexpr qint64 ShanghaiUtcOffset = 8 * 3600; // China has no daylight saving time

QByteArray codeHash(const QString &phone, SmsPurpose purpose, const QString &code)
{
    return sha256((phone + u'|' + smsPurposeName(purpose) + u'|' + code).toUtf8()).toHex();
}

qint64 nextShanghaiMidnight(qint64 now)
{
    return ((now + ShanghaiUtcOffset) / SecondsPerDay + 1) * SecondsPerDay - ShanghaiUtcOffset;
}

} // namespace

Error invalidSmsCodeError()
{
    return Error(ErrorCode::InvalidSmsCode,
                 QStringLiteral("The SMS code is wrong or has expired. Check it, or ask for a new code."));
}

Result<void> SmsCodeService::checkSendLimits(const QString &phone, qint64 now)
{
    const qint64 dayEnd = nextShanghaiMidnight(now);
    auto query = m_db.exec(
        QStringLiteral("SELECT COUNT(*) FROM sms_codes WHERE phone = ? AND created_at >= ?"),
        {phone, dayEnd - SecondsPerDay});
    if (!query)
        return query.error();
    QSqlQuery &q = query.value();
    if (!q.next())
        return databaseError();
    const int sentToday = q.value(0).toInt();
    if (sentToday >= DailyLimit) {
        const qint64 retryAfter = dayEnd - now;
        return Error(ErrorCode::SmsDailyLimit,
                     QStringLiteral("This number has received %1 SMS codes today. Try again tomorrow.").arg(DailyLimit),
                     {{QStringLiteral("retryAfter"), retryAfter}});
    }
    // A send just before midnight still counts for the resend interval.
    auto last = m_db.exec(QStringLiteral("SELECT MAX(created_at) FROM sms_codes WHERE phone = ?"), {phone});
    if (!last)
        return last.error();
    if (last.value().next() && !last.value().value(0).isNull()) {
        const qint64 wait = last.value().value(0).toLongLong() + ResendInterval - now;
        if (wait > 0)
            return Error(ErrorCode::SmsTooSoon,
                         QStringLiteral("A code was sent to this number moments ago. Wait %1 seconds before asking "
                                        "again.")
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
    Transaction tx(m_db);
    if (!tx.isActive())
        return databaseError();
    auto replaced = m_db.exec(
        QStringLiteral("UPDATE sms_codes SET consumed = 1 WHERE phone = ? AND purpose = ? AND consumed = 0"),
        {phone, smsPurposeName(purpose)});
    if (!replaced)
        return replaced.error();
    auto inserted = m_db.exec(QStringLiteral("INSERT INTO sms_codes (id, phone, purpose, code_hash, created_at, "
                                             "expires_at) VALUES (?, ?, ?, ?, ?, ?)"),
                              {QUuid::createUuid().toString(QUuid::WithoutBraces), phone, smsPurposeName(purpose),
                               QString::fromLatin1(codeHash(phone, purpose, code)), now, now + CodeLifetime});
    if (!inserted)
        return inserted.error();
    // Sending inside the transaction: if the provider refuses, the code is not stored either.
    if (auto sent = m_provider.send(phone, purpose, code); !sent)
        return sent;
    return tx.commit();
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
    QSqlQuery &q = query.value();
    if (!q.next())
        return invalidSmsCodeError();
    const QString id = q.value(0).toString();
    const SecureBytes stored(q.value(1).toString().toLatin1());
    const SecureBytes given(codeHash(phone, purpose, code));
    if (!stored.equals(given)) {
        auto counted = m_db.exec(QStringLiteral("UPDATE sms_codes SET failed_attempts = failed_attempts + 1, "
                                                "consumed = CASE WHEN failed_attempts + 1 >= ? THEN 1 ELSE 0 END "
                                                "WHERE id = ?"),
                                 {MaxFailedAttempts, id});
        if (!counted)
            return counted.error();
        return invalidSmsCodeError();
    }
    // The conditional update makes the code single-use even if two requests race for it.
    auto used = m_db.exec(QStringLiteral("UPDATE sms_codes SET consumed = 1 WHERE id = ? AND consumed = 0"), {id});
    if (!used)
        return used.error();
    if (used.value().numRowsAffected() != 1)
        return invalidSmsCodeError();
    return {};
}

} // namespace tq::server
