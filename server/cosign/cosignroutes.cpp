#include "server/cosign/cosignroutes.h"

#include "core/protocol/routes.h"
#include "server/accounts/accountroutes.h"
#include "server/cosign/cosignservice.h"
#include "server/http/apirouter.h"

namespace tq::server {

namespace {

using KeyOperation = Result<QJsonObject> (CosignService::*)(const QString &, const QString &, const QJsonObject &);

void addKeyOperation(ApiRouter &router, AccountService &accounts, CosignService &cosign, const QString &path,
                     KeyOperation operation)
{
    router.postWithArg(path, [&accounts, &cosign, operation](const QString &id, const JsonBody &body,
                                                             const QHttpServerRequest &request) {
        const auto accountId = authenticate(accounts, request);
        if (!accountId)
            return errorResponse(accountId.error());
        const auto answer = (cosign.*operation)(accountId.value(), id, body.object());
        return answer ? jsonResponse(answer.value()) : errorResponse(answer.error());
    });
}

using PinOperation = Result<void> (CosignService::*)(const QString &, const QString &, const QJsonObject &);

void addPinOperation(ApiRouter &router, AccountService &accounts, CosignService &cosign, const QString &path,
                     PinOperation operation)
{
    router.postWithArg(path, [&accounts, &cosign, operation](const QString &id, const JsonBody &body,
                                                             const QHttpServerRequest &request) {
        const auto accountId = authenticate(accounts, request);
        if (!accountId)
            return errorResponse(accountId.error());
        const auto done = (cosign.*operation)(accountId.value(), id, body.object());
        return done ? noContentResponse() : errorResponse(done.error());
    });
}

} // namespace

void addCosignRoutes(ApiRouter &router, AccountService &accounts, CosignService &cosign)
{
    router.post(routes::serverRoute(routes::CosignKeys),
                [&accounts, &cosign](const JsonBody &body, const QHttpServerRequest &request) {
                    const auto accountId = authenticate(accounts, request);
                    if (!accountId)
                        return errorResponse(accountId.error());
                    const auto created = cosign.keygen(accountId.value(), body.object());
                    return created ? jsonResponse(created.value(), HttpStatus::Created) : errorResponse(created.error());
                });
    router.getWithArg(routes::serverRoute(routes::CosignKey),
                      [&accounts, &cosign](const QString &id, const QHttpServerRequest &request) {
                          const auto accountId = authenticate(accounts, request);
                          if (!accountId)
                              return errorResponse(accountId.error());
                          const auto key = cosign.describe(accountId.value(), id);
                          return key ? jsonResponse(key.value()) : errorResponse(key.error());
                      });
    router.post(routes::serverRoute(routes::CosignPinChallenges),
                [&accounts, &cosign](const JsonBody &, const QHttpServerRequest &request) {
                    const auto accountId = authenticate(accounts, request);
                    if (!accountId)
                        return errorResponse(accountId.error());
                    const auto issued = cosign.pinChallenge(accountId.value());
                    return issued ? jsonResponse(issued.value(), HttpStatus::Created) : errorResponse(issued.error());
                });
    addKeyOperation(router, accounts, cosign, routes::serverRoute(routes::CosignSign), &CosignService::sign);
    addKeyOperation(router, accounts, cosign, routes::serverRoute(routes::CosignDecrypt),
                    &CosignService::decrypt);
    addPinOperation(router, accounts, cosign, routes::serverRoute(routes::CosignPin),
                    &CosignService::changePin);
    addPinOperation(router, accounts, cosign, routes::serverRoute(routes::CosignUnlock),
                    &CosignService::unlock);
    addPinOperation(router, accounts, cosign, routes::serverRoute(routes::CosignDeletion),
                    &CosignService::remove);
}

} // namespace tq::server
