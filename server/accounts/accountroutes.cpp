#include "server/accounts/accountroutes.h"

#include "core/protocol/routes.h"
#include "server/accounts/accountservice.h"
#include "server/http/apirouter.h"
#include "server/sms/smscodes.h"
#include "core/common/apierrors.h"

namespace tq::server {

namespace {

QHttpServerResponse signInResponse(const Result<SignIn> &signedIn, HttpStatus status)
{
    if (!signedIn)
        return errorResponse(signedIn.error());
    return jsonResponse({{QStringLiteral("account"), signedIn.value().account.toJson()},
                         {QStringLiteral("session"), signedIn.value().session.toJson()}},
                        status);
}

QHttpServerResponse emptyResponse(const Result<void> &result)
{
    return result ? noContentResponse() : errorResponse(result.error());
}

/// A handler for endpoints that need the caller's bearer token; without one the answer is 401.
ApiRouter::Handler withBearer(std::function<QHttpServerResponse(const QString &token)> handler)
{
    return [handler = std::move(handler)](const QHttpServerRequest &request) {
        const auto token = bearerToken(request);
        return token ? handler(*token) : errorResponse(unauthorizedError());
    };
}

} // namespace

Result<QString> authenticate(AccountService &accounts, const QHttpServerRequest &request)
{
    const auto token = bearerToken(request);
    if (!token)
        return unauthorizedError();
    return accounts.accountIdForAccessToken(*token);
}

void addAccountRoutes(ApiRouter &router, AccountService &accounts, SessionStore &sessions)
{
    const auto phone = QStringLiteral("phone");
    const auto smsCode = QStringLiteral("smsCode");
    const auto password = QStringLiteral("password");

    router.post(routes::serverRoute(routes::SmsCodes),
                [&accounts, phone](const JsonBody &body, const QHttpServerRequest &) {
                    const auto fields = body.strings({phone, QStringLiteral("purpose")});
                    if (!fields)
                        return errorResponse(fields.error());
                    if (auto sent = accounts.requestSmsCode(fields.value().at(0), fields.value().at(1)); !sent)
                        return errorResponse(sent.error());
                    return jsonResponse({{QStringLiteral("expiresIn"), SmsCodeService::CodeLifetime},
                                         {QStringLiteral("resendAfter"), SmsCodeService::ResendInterval}},
                                        HttpStatus::Accepted);
                });

    router.post(routes::serverRoute(routes::Accounts),
                [&accounts, phone, smsCode, password](const JsonBody &body, const QHttpServerRequest &) {
                    const auto f = body.strings({phone, smsCode, password});
                    if (!f)
                        return errorResponse(f.error());
                    return signInResponse(accounts.registerAccount(f.value().at(0), f.value().at(1), f.value().at(2)),
                                          HttpStatus::Created);
                });

    router.post(routes::serverRoute(routes::Sessions),
                [&accounts, phone, smsCode, password](const JsonBody &body, const QHttpServerRequest &) {
                    if (body.has(password) == body.has(smsCode))
                        return errorResponse(
                            Error(ApiError::InvalidRequest, QStringLiteral("Send either a password or an SMS code.")));
                    const bool withPassword = body.has(password);
                    const auto f = body.strings({phone, withPassword ? password : smsCode});
                    if (!f)
                        return errorResponse(f.error());
                    return signInResponse(withPassword ? accounts.logInWithPassword(f.value().at(0), f.value().at(1))
                                                       : accounts.logInWithSmsCode(f.value().at(0), f.value().at(1)),
                                          HttpStatus::Ok);
                });

    router.post(routes::serverRoute(routes::SessionRefresh),
                [&sessions](const JsonBody &body, const QHttpServerRequest &) {
                    const auto token = body.string(QStringLiteral("refreshToken"));
                    if (!token)
                        return errorResponse(token.error());
                    const auto session = sessions.refresh(token.value());
                    if (!session)
                        return errorResponse(session.error());
                    return jsonResponse({{QStringLiteral("session"), session.value().toJson()}});
                });

    router.del(routes::serverRoute(routes::SessionCurrent),
               withBearer([&sessions](const QString &token) { return emptyResponse(sessions.revoke(token)); }));

    router.get(routes::serverRoute(routes::AccountMe), withBearer([&accounts](const QString &token) {
                   const auto account = accounts.accountForAccessToken(token);
                   if (!account)
                       return errorResponse(account.error());
                   return jsonResponse({{QStringLiteral("account"), account.value().toJson()}});
               }));

    router.post(routes::serverRoute(routes::PasswordResets),
                [&accounts, phone, smsCode](const JsonBody &body, const QHttpServerRequest &) {
                    const auto f = body.strings({phone, smsCode, QStringLiteral("newPassword")});
                    if (!f)
                        return errorResponse(f.error());
                    return emptyResponse(accounts.resetPassword(f.value().at(0), f.value().at(1), f.value().at(2)));
                });
}

} // namespace tq::server
