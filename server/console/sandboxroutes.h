#pragma once

#include "server/sms/sandboxsmsprovider.h"

#include <QString>

namespace tq::server {

class ApiRouter;

/// The operator console page: a self-contained HTML page (no external assets, refreshes
/// itself every few seconds) listing `messages`, every value HTML-escaped.
QString consolePage(const QList<OutboxMessage> &messages);

/// Registers the sandbox-only endpoints: `GET /api/v1/sandbox/sms-outbox?phone=` and
/// `GET /console`. Call only in sandbox mode; `outbox` must outlive the router's server.
void addSandboxRoutes(ApiRouter &router, SandboxSmsProvider &outbox);

} // namespace tq::server
