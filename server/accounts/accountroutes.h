#pragma once

namespace tq::server {

class AccountService;
class ApiRouter;
class SessionStore;

/// Registers the account endpoints of /api/v1 (SMS codes, registration, sessions, the
/// current account, password resets) as documented in docs/openapi.yaml. The services must
/// outlive the router's QHttpServer.
void addAccountRoutes(ApiRouter &router, AccountService &accounts, SessionStore &sessions);

} // namespace tq::server
