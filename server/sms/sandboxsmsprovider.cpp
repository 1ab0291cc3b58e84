#include "server/sms/sandboxsmsprovider.h"

#include "core/common/clock.h"
#include "server/db/database.h"
#include "server/logging.h"

#include <QUuid>

namespace tq::server {

Result<void> SandboxSmsProvider::send(const QString &phone, SmsPurpose purpose, const QString &code)
{
    const auto inserted = m_db.run(
        QStringLiteral("INSERT INTO sms_outbox (id, phone, purpose, code, created_at_ms) VALUES (?, ?, ?, ?, ?)"),
        {QUuid::createUuid().toString(QUuid::WithoutBraces), phone, smsPurposeName(purpose), code,
         Clock::now().toMSecsSinceEpoch()});
    if (inserted)
        qCInfo(lcServerSms) << "sandbox SMS written to the outbox for purpose" << smsPurposeName(purpose);
    return inserted;
}

Result<void> SandboxSmsProvider::notify(const QString &phone, SmsPurpose purpose, const QString &text)
{
    const auto inserted = m_db.run(QStringLiteral("INSERT INTO sms_outbox (id, phone, purpose, code, created_at_ms, "
                                                  "notice_text) VALUES (?, ?, ?, '', ?, ?)"),
                                   {QUuid::createUuid().toString(QUuid::WithoutBraces), phone,
                                    smsPurposeName(purpose), Clock::now().toMSecsSinceEpoch(), text});
    if (inserted)
        qCInfo(lcServerSms) << "sandbox notice written to the outbox for purpose" << smsPurposeName(purpose);
    return inserted;
}

Result<QList<OutboxMessage>> SandboxSmsProvider::outbox(const QString &phone, int limit) const
{
    const QString filter = phone.isEmpty() ? QString() : QStringLiteral(" WHERE phone = ?");
    QVariantList values;
    if (!phone.isEmpty())
        values << phone;
    values << limit;
    auto query = m_db.exec(QStringLiteral("SELECT phone, purpose, code, created_at_ms, notice_text FROM sms_outbox") + filter +
                               QStringLiteral(" ORDER BY created_at_ms DESC, id DESC LIMIT ?"),
                           values);
    if (!query)
        return query.error();
    QList<OutboxMessage> messages;
    Rows &q = query.value();
    while (q.next()) {
        messages.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                         QDateTime::fromMSecsSinceEpoch(q.value(3).toLongLong(), Qt::UTC), q.value(4).toString()});
    }
    return messages;
}

} // namespace tq::server
