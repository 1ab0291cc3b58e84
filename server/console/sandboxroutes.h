#pragma once

#include "server/platform/platformregistry.h"
#include "server/sms/sandboxsmsprovider.h"

#include <QString>

namespace tq::server {

class ApiRouter;

/// The operator console page: a self-contained HTML page (no external assets, refreshes
/// itself every few seconds) listing `messages` and the registered `platforms` (never their
/// secrets), every value HTML-escaped.
QString consolePage(const QList<OutboxMessage> &messages, const QList<Platform> &platforms = {});

/// Registers the sandbox-only endpoints: `GET /api/v1/sandbox/sms-outbox?phone=` and
/// `GET /console`. Call only in sandbox mode; `outbox` and `platforms` must outlive the
/// router's server.
void addSandboxRoutes(ApiRouter &router, SandboxSmsProvider &outbox, PlatformRegistry &platforms);

} // namespace tq::server
