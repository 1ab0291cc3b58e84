#pragma once

namespace tq::server {

class AccountService;
class ApiRouter;
class CertificateAuthority;

/// Registers the certificate endpoints (issue, list, detail, revoke; bearer's account) and the
/// public CA endpoints (CRLs and chains per institution) of /api/v1, as documented in
/// docs/openapi.yaml. The services must outlive the router's QHttpServer.
void addCaRoutes(ApiRouter &router, AccountService &accounts, CertificateAuthority &ca);

} // namespace tq::server
