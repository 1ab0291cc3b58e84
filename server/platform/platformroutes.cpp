#include "server/platform/platformroutes.h"

#include "core/common/apierrors.h"
#include "core/protocol/platformauth.h"
#include "core/protocol/routes.h"
#include "server/accounts/accountroutes.h"
#include "server/http/apirouter.h"
#include "server/platform/platformregistry.h"
#include "server/platform/scanservice.h"

#include <QJsonArray>

namespace tq::server {

namespace {

QHttpServerResponse resultResponse(const Result<QJsonObject> &result, HttpStatus status = HttpStatus::Ok)
{
    return result ? jsonResponse(result.value(), status) : errorResponse(result.error());
}

} // namespace

Result<PlatformRegistration> platformRegistration(const JsonBody &body)
{
    const auto fields = body.strings({QStringLiteral("code"), QStringLiteral("name"), QStringLiteral("callbackUrl")});
    if (!fields)
        return fields.error();
    PlatformRegistration r{fields.value().at(0), fields.value().at(1), fields.value().at(2), {}, {}};
    const QJsonValue origins = body.object().value(QStringLiteral("allowedOrigins"));
    if (!origins.isUndefined()) {
        if (!origins.isArray())
            return Error(ApiError::InvalidRequest, QStringLiteral("allowedOrigins must be an array of strings."),
                         {{QStringLiteral("field"), QStringLiteral("allowedOrigins")}});
        for (const QJsonValue &origin : origins.toArray())
            r.allowedOrigins.append(origin.toString());
    }
    const auto key = body.optionalString(QStringLiteral("encryptionKey"));
    if (!key)
        return key.error();
    r.encryptionKeyDer = QByteArray::fromBase64(key.value().toLatin1());
    return r;
}

void addPlatformRoutes(ApiRouter &router, AccountService &accounts, PlatformRegistry &platforms, ScanService &scans)
{
    router.post(routes::serverRoute(routes::PlatformTransactions),
                [&platforms, &scans](const JsonBody &body, const QHttpServerRequest &request) {
                    const auto platform = platforms.authenticate(request);
                    if (!platform)
                        return errorResponse(platform.error());
                    return resultResponse(scans.create(platform.value(), body.object()), HttpStatus::Created);
                });

    router.getWithArg(routes::serverRoute(routes::PlatformTransaction),
                      [&platforms, &scans](const QString &tId, const QHttpServerRequest &request) {
                          const auto platform = platforms.authenticate(request);
                          if (!platform)
                              return errorResponse(platform.error());
                          const QString pollToken = QString::fromLatin1(request.value(PlatformAuth::PollTokenHeader));
                          return resultResponse(scans.poll(platform.value(), tId, pollToken));
                      });

    router.post(routes::serverRoute(routes::PlatformAccessTokens),
                [&platforms, &scans](const JsonBody &body, const QHttpServerRequest &request) {
                    const auto platform = platforms.authenticate(request);
                    if (!platform)
                        return errorResponse(platform.error());
                    const auto token = body.string(QStringLiteral("accessToken"));
                    if (!token)
                        return errorResponse(token.error());
                    return resultResponse(scans.exchangeAccessToken(platform.value(), token.value()));
                });

    router.post(routes::serverRoute(routes::ScanClaims),
                [&accounts, &scans](const JsonBody &body, const QHttpServerRequest &request) {
                    const auto accountId = authenticate(accounts, request);
                    if (!accountId)
                        return errorResponse(accountId.error());
                    const auto ticket = body.string(QStringLiteral("ticket"));
                    if (!ticket)
                        return errorResponse(ticket.error());
                    return resultResponse(scans.claim(accountId.value(), ticket.value()));
                });

    router.postWithArg(
        routes::serverRoute(routes::ScanResult),
        [&accounts, &scans](const QString &tId, const JsonBody &body, const QHttpServerRequest &request) {
            const auto accountId = authenticate(accounts, request);
            if (!accountId)
                return errorResponse(accountId.error());
            return resultResponse(scans.submit(accountId.value(), tId, body.object()));
        });

    router.postWithArg(
        routes::serverRoute(routes::ScanRejection),
        [&accounts, &scans](const QString &tId, const JsonBody &body, const QHttpServerRequest &request) {
            const auto accountId = authenticate(accounts, request);
            if (!accountId)
                return errorResponse(accountId.error());
            const auto reason = body.optionalString(QStringLiteral("reason"));
            if (!reason)
                return errorResponse(reason.error());
            return resultResponse(scans.reject(accountId.value(), tId, reason.value()));
        });

    router.get(routes::serverRoute(routes::ScanTransactions), [&accounts, &scans](const QHttpServerRequest &request) {
        const auto accountId = authenticate(accounts, request);
        if (!accountId)
            return errorResponse(accountId.error());
        const auto list = scans.list(accountId.value(),
                                     request.query().queryItemValue(QStringLiteral("search"), QUrl::FullyDecoded));
        if (!list)
            return errorResponse(list.error());
        return jsonResponse({{QStringLiteral("transactions"), list.value()}});
    });
}

void addSandboxPlatformRoutes(ApiRouter &router, PlatformRegistry &platforms)
{
    router.post(
        routes::serverRoute(routes::SandboxPlatforms), [&platforms](const JsonBody &body, const QHttpServerRequest &) {
            const auto r = platformRegistration(body);
            if (!r)
                return errorResponse(r.error());
            const auto secret = platforms.registerPlatform(r.value());
            if (!secret)
                return errorResponse(secret.error());
            return jsonResponse({{QStringLiteral("code"), r.value().code}, {QStringLiteral("secret"), secret.value()}},
                                HttpStatus::Created);
        });
}

} // namespace tq::server
