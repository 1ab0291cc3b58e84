#include "server/http/response.h"

#include <QHash>

namespace tq::server {

HttpStatus httpStatusFor(const QString &code)
{
    static const QHash<QString, HttpStatus> statuses{
        {QLatin1String(ErrorCode::InvalidRequest), HttpStatus::BadRequest},
        {QLatin1String(ErrorCode::InvalidPhone), HttpStatus::BadRequest},
        {QLatin1String(ErrorCode::InvalidPassword), HttpStatus::BadRequest},
        {QLatin1String(ErrorCode::InvalidSmsCode), HttpStatus::BadRequest},
        {QLatin1String(ErrorCode::InvalidPurpose), HttpStatus::BadRequest},
        {QLatin1String(ErrorCode::SmsTooSoon), HttpStatus::TooManyRequests},
        {QLatin1String(ErrorCode::SmsDailyLimit), HttpStatus::TooManyRequests},
        {QLatin1String(ErrorCode::PhoneRegistered), HttpStatus::Conflict},
        {QLatin1String(ErrorCode::AccountNotFound), HttpStatus::NotFound},
        {QLatin1String(ErrorCode::NotFound), HttpStatus::NotFound},
        {QLatin1String(ErrorCode::InvalidCredentials), HttpStatus::Unauthorized},
        {QLatin1String(ErrorCode::Unauthorized), HttpStatus::Unauthorized},
        {QLatin1String(ErrorCode::AccountLocked), HttpStatus::Locked},
        {QLatin1String(ErrorCode::PayloadTooLarge), HttpStatus::PayloadTooLarge},
        {QLatin1String(ErrorCode::InvalidIdNumber), HttpStatus::BadRequest},
        {QLatin1String(ErrorCode::IdentityMismatch), HttpStatus::UnprocessableEntity},
        {QLatin1String(ErrorCode::IdentityRequired), HttpStatus::Forbidden},
        {QLatin1String(ErrorCode::InvalidCsr), HttpStatus::BadRequest},
        {QLatin1String(ErrorCode::InvalidValidity), HttpStatus::BadRequest},
        {QLatin1String(ErrorCode::CertificateNotFound), HttpStatus::NotFound},
        {QLatin1String(ErrorCode::CaNotFound), HttpStatus::NotFound},
        {QLatin1String(ErrorCode::AlreadyRevoked), HttpStatus::Conflict},
        {QLatin1String(ErrorCode::PlatformUnauthorized), HttpStatus::Unauthorized},
        {QLatin1String(ErrorCode::PlatformExists), HttpStatus::Conflict},
        {QLatin1String(ErrorCode::TransactionNotFound), HttpStatus::NotFound},
        {QLatin1String(ErrorCode::TicketUsed), HttpStatus::Conflict},
        {QLatin1String(ErrorCode::TicketExpired), HttpStatus::Gone},
        {QLatin1String(ErrorCode::TransactionClosed), HttpStatus::Conflict},
        {QLatin1String(ErrorCode::CertificateUnusable), HttpStatus::UnprocessableEntity},
        {QLatin1String(ErrorCode::BindingMismatch), HttpStatus::UnprocessableEntity},
        {QLatin1String(ErrorCode::InvalidSignature), HttpStatus::UnprocessableEntity},
        {QLatin1String(ErrorCode::WrongPin), HttpStatus::Forbidden},
        {QLatin1String(ErrorCode::PinLocked), HttpStatus::Locked},
        {QLatin1String(ErrorCode::Replayed), HttpStatus::Conflict},
        {QLatin1String(ErrorCode::RateLimited), HttpStatus::TooManyRequests},
        {QLatin1String(ErrorCode::Crypto), HttpStatus::UnprocessableEntity},
    };
    return statuses.value(code, HttpStatus::InternalServerError);
}

QHttpServerResponse jsonResponse(const QJsonObject &body, HttpStatus status)
{
    QHttpServerResponse response(body, status);
    response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    return response;
}

QHttpServerResponse errorResponse(const Error &error)
{
    QJsonObject body{{QStringLiteral("code"), error.code}, {QStringLiteral("message"), error.message}};
    if (!error.details.isEmpty())
        body.insert(QStringLiteral("details"), QJsonObject::fromVariantMap(error.details));
    return jsonResponse(body, httpStatusFor(error.code));
}

QHttpServerResponse noContentResponse()
{
    return QHttpServerResponse(HttpStatus::NoContent);
}

} // namespace tq::server
