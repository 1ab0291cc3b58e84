#pragma once

#include "server/accounts/accountservice.h"

#include <QHttpServerRequest>

namespace tq::server {

class AccountService;
class ApiRouter;
class SessionStore;

/// Registers the account endpoints of /api/v1 (SMS codes, registration, sessions, the
/// current account, password resets) as documented in docs/openapi.yaml. The services must
/// outlive the router's QHttpServer.
void addAccountRoutes(ApiRouter &router, AccountService &accounts, SessionStore &sessions);

/// The id of the account whose live access token is the request's bearer token; unauthorized
/// otherwise. For the routes of other services that act on the caller's account.
Result<QString> authenticate(AccountService &accounts, const QHttpServerRequest &request);

} // namespace tq::server
