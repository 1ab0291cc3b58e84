#pragma once

namespace tq::server {

class AccountService;
class ApiRouter;
class ApplicationProofs;
class CertificateAuthority;

/// Registers the certificate endpoints (application challenge, issue, list, detail, revoke;
/// bearer's account) and the public CA endpoints (CRLs and chains per institution) of /api/v1,
/// as documented in docs/openapi.yaml. The services must outlive the router's QHttpServer.
void addCaRoutes(ApiRouter &router, AccountService &accounts, CertificateAuthority &ca, ApplicationProofs &proofs);

} // namespace tq::server
