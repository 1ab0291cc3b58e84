#pragma once

#include "server/sms/sandboxsmsprovider.h"

namespace tq::server {

class ApiRouter;

/// Registers the sandbox-only SMS outbox: `GET /api/v1/sandbox/sms-outbox?phone=`. Call only in
/// sandbox mode (the server then listens on loopback unless forced); `outbox` must outlive the
/// router's server. The console's pages are in server/console/consoleroutes.h.
void addSandboxRoutes(ApiRouter &router, SandboxSmsProvider &outbox);

} // namespace tq::server
