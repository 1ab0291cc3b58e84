#pragma once

#include "server/sms/smsprovider.h"

#include <QDateTime>
#include <QList>

namespace tq::server {

class Database;

/// One message in the sandbox outbox. It keeps the plain code: the outbox stands in for
/// the user's phone.
struct OutboxMessage {
    QString phone;
    QString purpose;
    QString code; ///< empty for a notice
    QDateTime createdAt;
    QString text = {}; ///< a notice's text; empty for a code
};

/// The sandbox SMS provider: each message becomes a row of the `sms_outbox` table instead
/// of a real SMS, so tests and the operator console can read the codes.
/// send() writes on the calling thread's connection, so it joins any open transaction there.
/// Does not own the Database, which must outlive it.
class SandboxSmsProvider final : public SmsProvider {
public:
    explicit SandboxSmsProvider(Database &db) : m_db(db) { }

    Result<void> send(const QString &phone, SmsPurpose purpose, const QString &code) override;
    Result<void> notify(const QString &phone, SmsPurpose purpose, const QString &text) override;

    /// Messages newest first, only those to `phone` unless it is empty, at most `limit`.
    Result<QList<OutboxMessage>> outbox(const QString &phone = {}, int limit = 100) const;

private:
    Database &m_db;
};

} // namespace tq::server
