#pragma once

namespace tq::server {

class AccountService;
class ApiRouter;
class IdentityService;

/// Registers POST /api/v1/identity/verifications and GET /api/v1/identity, both for
/// the bearer's account, as documented in docs/openapi.yaml. The services must outlive the
/// router's QHttpServer.
void addIdentityRoutes(ApiRouter &router, AccountService &accounts, IdentityService &identities);

} // namespace tq::server
