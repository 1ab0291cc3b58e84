#pragma once

namespace tq::server {

class ApiRouter;
class AuditLog;
class OperatorService;
class PlatformAdministration;
class PlatformRegistry;

/// Registers the operator JSON API under /api/v1/operator (openapi.yaml tag operator), the same
/// actions as the console for scripts and tongqian-cli: log in (name, password, TOTP) for a
/// bearer session token, log out, list and add operators (admin), list, register, rotate the
/// secret of and change the callback URL of platforms (admin; audited), read the audit log
/// (admin, auditor). The services must outlive the router's QHttpServer.
void addOperatorRoutes(ApiRouter &router, OperatorService &operators, PlatformAdministration &administration,
                       PlatformRegistry &platforms, AuditLog &audit);

} // namespace tq::server
