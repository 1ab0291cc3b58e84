#include "server/identity/identityroutes.h"

#include "core/protocol/routes.h"
#include "server/accounts/accountroutes.h"
#include "server/http/apirouter.h"
#include "server/identity/identityservice.h"

namespace tq::server {

void addIdentityRoutes(ApiRouter &router, AccountService &accounts, IdentityService &identities)
{
    router.post(routes::serverRoute(routes::IdentityVerifications),
                [&accounts, &identities](const JsonBody &body, const QHttpServerRequest &request) {
                    const auto accountId = authenticate(accounts, request);
                    if (!accountId)
                        return errorResponse(accountId.error());
                    const auto f = body.strings({QStringLiteral("name"), QStringLiteral("idNumber")});
                    if (!f)
                        return errorResponse(f.error());
                    const auto evidence = body.optionalString(QStringLiteral("livenessToken"));
                    if (!evidence)
                        return errorResponse(evidence.error());
                    const auto identity =
                        identities.verify(accountId.value(), f.value().at(0), f.value().at(1), evidence.value());
                    if (!identity)
                        return errorResponse(identity.error());
                    return jsonResponse({{QStringLiteral("identity"), identity.value().toJson()}});
                });

    router.get(routes::serverRoute(routes::Identity), [&accounts, &identities](const QHttpServerRequest &request) {
        const auto accountId = authenticate(accounts, request);
        if (!accountId)
            return errorResponse(accountId.error());
        const auto identity = identities.find(accountId.value());
        if (!identity)
            return errorResponse(identity.error());
        const QJsonObject status =
            identity.value() ? identity.value()->toJson() : QJsonObject{{QStringLiteral("verified"), false}};
        return jsonResponse({{QStringLiteral("identity"), status}});
    });
}

} // namespace tq::server
