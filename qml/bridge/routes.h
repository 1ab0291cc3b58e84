#pragma once

#include "router.h"

namespace tq {

class AccountSession;
class AppSettings;
class CertificateService;
class IdentityService;
class PinMemory;
class TransactionService;

/// What the pages' view models are made from. All must outlive the router.
struct RouteServices {
    AccountSession *session = nullptr;
    IdentityService *identity = nullptr;
    CertificateService *certificates = nullptr;
    TransactionService *transactions = nullptr;
    PinMemory *pins = nullptr;
    AppSettings *settings = nullptr;
};

/// Registers every page of the app with `router`, each area's pages with the flows between
/// them; the areas' tabs follow this order. A new area adds one register function here.
void registerRoutes(Router &router, const RouteServices &services);

} // namespace tq
