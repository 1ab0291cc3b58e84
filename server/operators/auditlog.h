#pragma once

#include "core/common/error.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>

namespace tq::server {

class Database;

/// One row of the audit log.
struct AuditEntry {
    QDateTime at;
    QString actor;   ///< operator name, or "server" for the command line
    QString action;  ///< e.g. "platform.register", "platform.rotate_secret", "platform.callback_url"
    QString subject; ///< what it acted on (a platform code, an operator name)
    QJsonObject details; ///< facts without secrets (old and new callback URL, role)

    QJsonObject toJson() const;
};

/// The append-only audit log (table `audit_log`): who did what to which subject, when. There is
/// no way to change or delete a row through the server. append() writes on the calling thread's
/// connection, so it joins the caller's open transaction and is committed (or rolled back) with
/// the action it records. Callers never pass a secret in `details`. Thread-safe (no state
/// besides the database, which it does not own).
class AuditLog {
public:
    static constexpr int MaxListed = 500;

    explicit AuditLog(Database &db) : m_db(db) { }

    Result<void> append(const QString &actor, const QString &action, const QString &subject,
                        const QJsonObject &details = {});
    /// The newest `limit` entries (at most MaxListed), newest first.
    Result<QList<AuditEntry>> newest(int limit = 100) const;

private:
    Database &m_db;
};

} // namespace tq::server
