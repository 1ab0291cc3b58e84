#include "server/operators/auditlog.h"

#include "core/common/clock.h"
#include "core/common/encoding.h"
#include "server/db/database.h"

#include <QJsonDocument>
#include <QUuid>

namespace tq::server {

QJsonObject AuditEntry::toJson() const
{
    return {{QStringLiteral("at"), utcText(at)},
            {QStringLiteral("actor"), actor},
            {QStringLiteral("action"), action},
            {QStringLiteral("subject"), subject},
            {QStringLiteral("details"), details}};
}

Result<void> AuditLog::append(const QString &actor, const QString &action, const QString &subject,
                              const QJsonObject &details)
{
    return m_db.run(
        QStringLiteral("INSERT INTO audit_log (id, seq_ms, actor, action, subject, details) VALUES (?, ?, ?, ?, ?, ?)"),
        {QUuid::createUuid().toString(QUuid::WithoutBraces), Clock::now().toMSecsSinceEpoch(), actor, action, subject,
         QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact))});
}

Result<QList<AuditEntry>> AuditLog::newest(int limit) const
{
    auto rows = m_db.exec(QStringLiteral("SELECT seq_ms, actor, action, subject, details FROM audit_log"
                                         " ORDER BY seq_ms DESC, id DESC LIMIT ?"),
                          {qBound(1, limit, MaxListed)});
    if (!rows)
        return rows.error();
    QList<AuditEntry> entries;
    Rows &r = rows.value();
    while (r.next()) {
        entries.append({QDateTime::fromMSecsSinceEpoch(r.value(0).toLongLong(), Qt::UTC), r.value(1).toString(),
                        r.value(2).toString(), r.value(3).toString(),
                        QJsonDocument::fromJson(r.value(4).toString().toUtf8()).object()});
    }
    return entries;
}

} // namespace tq::server
