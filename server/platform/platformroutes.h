#pragma once

#include "core/common/error.h"

namespace tq::server {

class JsonBody;
struct PlatformRegistration;

class AccountService;
class ApiRouter;
class PlatformRegistry;
class ScanService;

/// Registers the scan protocol endpoints (docs/qr-protocol.md, openapi.yaml tags platform and
/// scan): the HMAC-authenticated platform API under /api/v1/platform and the account-token
/// device API under /api/v1/scan. The services must outlive the router's QHttpServer.
void addPlatformRoutes(ApiRouter &router, AccountService &accounts, PlatformRegistry &platforms, ScanService &scans);

/// The registration in a JSON body `{"code","name","callbackUrl","allowedOrigins"?,"encryptionKey"?}`
/// (field types only; PlatformRegistry validates the values).
Result<PlatformRegistration> platformRegistration(const JsonBody &body);

/// Sandbox only: `POST /api/v1/sandbox/platforms` registers a platform and returns its secret.
void addSandboxPlatformRoutes(ApiRouter &router, PlatformRegistry &platforms);

} // namespace tq::server
