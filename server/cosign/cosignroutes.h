#pragma once

namespace tq::server {

class AccountService;
class ApiRouter;
class CosignService;

/// Registers the two-party key endpoints (bearer's account; docs/key-custody.md):
/// POST /api/v1/cosign/keys (key generation), GET and DELETE /api/v1/cosign/keys/<id>,
/// POST /api/v1/cosign/keys/<id>/sign, …/decrypt, …/pin and …/unlock. The services must outlive the
/// router's QHttpServer.
void addCosignRoutes(ApiRouter &router, AccountService &accounts, CosignService &cosign);

} // namespace tq::server
