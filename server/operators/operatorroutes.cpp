#include "server/operators/operatorroutes.h"

#include "core/common/apierrors.h"
#include "core/protocol/routes.h"
#include "server/http/apirouter.h"
#include "server/operators/auditlog.h"
#include "server/operators/operatorservice.h"
#include "server/operators/platformadministration.h"
#include "server/platform/platformroutes.h"

#include <QJsonArray>

namespace tq::server {

namespace {

/// The operator of the request's bearer token, if it has `permission`.
Result<Operator> operatorFor(OperatorService &operators, const QHttpServerRequest &request,
                             std::optional<Permission> permission = std::nullopt)
{
    auto op = operators.authenticate(bearerToken(request).value_or(QString()));
    if (!op || !permission)
        return op;
    if (auto allowed = PlatformAdministration::require(op.value(), *permission); !allowed)
        return allowed.error();
    return op;
}

} // namespace

void addOperatorRoutes(ApiRouter &router, OperatorService &operators, PlatformAdministration &administration,
                       PlatformRegistry &platforms, AuditLog &audit)
{
    router.post(routes::serverRoute(routes::OperatorSessions), [&operators](const JsonBody &body,
                                                                           const QHttpServerRequest &) {
        const auto fields = body.strings({QStringLiteral("name"), QStringLiteral("password"), QStringLiteral("totp")});
        if (!fields)
            return errorResponse(fields.error());
        const auto session = operators.logIn(fields.value().at(0), fields.value().at(1), fields.value().at(2));
        if (!session)
            return errorResponse(session.error());
        return jsonResponse({{QStringLiteral("token"), session.value().token},
                             {QStringLiteral("operator"), session.value().op.toJson()},
                             {QStringLiteral("idleTimeout"), OperatorService::IdleTimeoutSecs}},
                            HttpStatus::Created);
    });

    router.del(routes::serverRoute(routes::OperatorSessions), [&operators](const QHttpServerRequest &request) {
        const auto done = operators.logOut(bearerToken(request).value_or(QString()));
        return done ? noContentResponse() : errorResponse(done.error());
    });

    router.get(routes::serverRoute(routes::OperatorAccounts), [&operators](const QHttpServerRequest &request) {
        if (const auto op = operatorFor(operators, request, Permission::ManageOperators); !op)
            return errorResponse(op.error());
        const auto list = operators.list();
        if (!list)
            return errorResponse(list.error());
        QJsonArray json;
        for (const Operator &o : list.value())
            json.append(o.toJson());
        return jsonResponse({{QStringLiteral("operators"), json}});
    });

    router.post(routes::serverRoute(routes::OperatorAccounts), [&operators](const JsonBody &body,
                                                                           const QHttpServerRequest &request) {
        const auto op = operatorFor(operators, request, Permission::ManageOperators);
        if (!op)
            return errorResponse(op.error());
        const auto fields = body.strings({QStringLiteral("name"), QStringLiteral("role"), QStringLiteral("password")});
        if (!fields)
            return errorResponse(fields.error());
        const auto role = roleFromName(fields.value().at(1));
        if (!role)
            return errorResponse(Error(ApiError::InvalidRequest,
                                       QStringLiteral("The role must be admin, reviewer or auditor."),
                                       {{QStringLiteral("field"), QStringLiteral("role")}}));
        const auto added = operators.add(op.value().name, fields.value().at(0), *role, fields.value().at(2));
        if (!added)
            return errorResponse(added.error());
        return jsonResponse({{QStringLiteral("operator"), added.value().op.toJson()},
                             {QStringLiteral("totpSecret"), added.value().totpSecret},
                             {QStringLiteral("otpauthUri"), added.value().otpauthUri}},
                            HttpStatus::Created);
    });

    router.get(routes::serverRoute(routes::OperatorPlatforms), [&operators,
                                                               &platforms](const QHttpServerRequest &request) {
        if (const auto op = operatorFor(operators, request, Permission::ReadPlatforms); !op)
            return errorResponse(op.error());
        const auto list = platforms.list();
        if (!list)
            return errorResponse(list.error());
        QJsonArray json;
        for (const Platform &p : list.value())
            json.append(p.toJson());
        return jsonResponse({{QStringLiteral("platforms"), json}});
    });

    router.post(routes::serverRoute(routes::OperatorPlatforms), [&operators, &administration](
                                                                    const JsonBody &body,
                                                                    const QHttpServerRequest &request) {
        const auto op = operatorFor(operators, request, Permission::ManagePlatforms);
        if (!op)
            return errorResponse(op.error());
        const auto r = platformRegistration(body);
        if (!r)
            return errorResponse(r.error());
        const auto secret = administration.registerPlatform(op.value(), r.value());
        if (!secret)
            return errorResponse(secret.error());
        return jsonResponse({{QStringLiteral("code"), r.value().code}, {QStringLiteral("secret"), secret.value()}},
                            HttpStatus::Created);
    });

    router.postWithArg(routes::serverRoute(routes::OperatorPlatformSecret),
                       [&operators, &administration](const QString &code, const JsonBody &,
                                                     const QHttpServerRequest &request) {
                           const auto op = operatorFor(operators, request, Permission::ManagePlatforms);
                           if (!op)
                               return errorResponse(op.error());
                           const auto secret = administration.rotateSecret(op.value(), code);
                           if (!secret)
                               return errorResponse(secret.error());
                           return jsonResponse({{QStringLiteral("code"), code},
                                                {QStringLiteral("secret"), secret.value()}});
                       });

    router.postWithArg(routes::serverRoute(routes::OperatorPlatformCallbackUrl),
                       [&operators, &administration](const QString &code, const JsonBody &body,
                                                     const QHttpServerRequest &request) {
                           const auto op = operatorFor(operators, request, Permission::ManagePlatforms);
                           if (!op)
                               return errorResponse(op.error());
                           const auto url = body.string(QStringLiteral("callbackUrl"));
                           if (!url)
                               return errorResponse(url.error());
                           const auto platform = administration.changeCallbackUrl(op.value(), code, url.value());
                           if (!platform)
                               return errorResponse(platform.error());
                           return jsonResponse(platform.value().toJson());
                       });

    router.get(routes::serverRoute(routes::OperatorAudit), [&operators, &audit](const QHttpServerRequest &request) {
        if (const auto op = operatorFor(operators, request, Permission::ReadAudit); !op)
            return errorResponse(op.error());
        bool ok = false;
        const int limit = request.query().queryItemValue(QStringLiteral("limit")).toInt(&ok);
        const auto entries = audit.newest(ok ? limit : 100);
        if (!entries)
            return errorResponse(entries.error());
        QJsonArray json;
        for (const AuditEntry &e : entries.value())
            json.append(e.toJson());
        return jsonResponse({{QStringLiteral("entries"), json}});
    });
}

} // namespace tq::server
