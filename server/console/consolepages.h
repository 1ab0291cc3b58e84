#pragma once

#include "server/operators/auditlog.h"
#include "server/operators/operatorservice.h"
#include "server/platform/platformregistry.h"
#include "server/sms/sandboxsmsprovider.h"

#include <QString>

namespace tq::server {

/// The HTML of the operator console, one function per page. Each page is self-contained (no
/// external assets, no script), HTML-escapes every value it shows, carries a SANDBOX banner in
/// sandbox mode and puts the session's CSRF token into every state-changing form. Pure
/// functions; thread-safe.
namespace ConsolePages {

/// Who is looking, for the frame every page shares.
struct Viewer {
    bool sandbox = true;
    Operator op;
    QString csrf; ///< the session's CSRF token
};

/// The login form (name, password, TOTP code) carrying the login CSRF token `csrf`, with
/// `problem` shown above it if not empty.
QString login(bool sandbox, const QString &csrf, const QString &problem = {});
/// The start page: the SMS outbox (sandbox, refreshes itself) and the registered platforms.
QString home(const Viewer &viewer, const QList<OutboxMessage> &messages, const QList<Platform> &platforms);
/// Platforms with, for admins, the forms to register one, rotate a secret and change a
/// callback URL. `notice` (already plain text) is shown at the top, e.g. a secret shown once.
QString platforms(const Viewer &viewer, const QList<Platform> &platforms, const QString &notice = {});
QString audit(const Viewer &viewer, const QList<AuditEntry> &entries);
/// Operators and the form to add one (admin only); `notice` as for platforms().
QString operators(const Viewer &viewer, const QList<Operator> &operators, const QString &notice = {});
/// The sandbox's public SMS outbox page (no login: sandbox mode serves every code anyway, on
/// loopback only), refreshing itself.
QString sandboxOutbox(const QList<OutboxMessage> &messages);

/// A refusal (wrong role, bad form) with a link back.
QString problem(const Viewer &viewer, const QString &message);

} // namespace ConsolePages

/// The outbox and platform tables of the start page as one page without the frame, every value
/// HTML-escaped (kept for the escaping tests and sandbox tools).
QString consolePage(const QList<OutboxMessage> &messages, const QList<Platform> &platforms = {});

} // namespace tq::server
