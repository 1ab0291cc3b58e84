#pragma once

namespace tq::server {

class ApiRouter;
class AuditLog;
class OperatorService;
class PlatformAdministration;
class PlatformRegistry;
class SandboxSmsProvider;

/// How the console runs.
struct ConsoleOptions {
    bool sandbox = true;        ///< show the SANDBOX banner and the SMS outbox
    bool secureCookies = false; ///< mark the session cookie Secure (the public URL is https)
};

/// Registers the operator console under /console: a login page (name, password, TOTP), then
/// the start page, platforms (register, rotate secret, change callback URL), the audit log and
/// operators (admin). The session lives in the cookie `tq_console` (HttpOnly, SameSite=Strict,
/// Path=/console, Secure when ConsoleOptions::secureCookies); every state-changing form carries
/// the session's CSRF token (403 without it). Every page is sent with a strict
/// Content-Security-Policy, X-Frame-Options DENY and Cache-Control no-store. `outbox` is null in
/// production. The services must outlive the router's QHttpServer.
void addConsoleRoutes(ApiRouter &router, const ConsoleOptions &options, OperatorService &operators,
                      PlatformAdministration &administration, PlatformRegistry &platforms, AuditLog &audit,
                      SandboxSmsProvider *outbox);

} // namespace tq::server
