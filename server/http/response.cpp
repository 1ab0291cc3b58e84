#include "server/http/response.h"
#include "core/common/apierrors.h"
#include "core/crypto/certificateerrors.h"
#include "core/protocol/accounterrors.h"
#include "core/protocol/identityerrors.h"
#include "core/protocol/operatorerrors.h"
#include "core/protocol/scanerrors.h"
#include "core/protocol/transactionerrors.h"
#include "core/validators/validationerrors.h"

#include <QHash>

namespace tq::server {

HttpStatus httpStatusFor(const QString &code)
{
    static const QHash<QString, HttpStatus> statuses{
        {QLatin1String(ApiError::InvalidRequest), HttpStatus::BadRequest},
        {QLatin1String(ValidationError::InvalidPhone), HttpStatus::BadRequest},
        {QLatin1String(ValidationError::InvalidPassword), HttpStatus::BadRequest},
        {QLatin1String(AccountError::InvalidSmsCode), HttpStatus::BadRequest},
        {QLatin1String(ValidationError::InvalidPurpose), HttpStatus::BadRequest},
        {QLatin1String(AccountError::SmsTooSoon), HttpStatus::TooManyRequests},
        {QLatin1String(AccountError::SmsDailyLimit), HttpStatus::TooManyRequests},
        {QLatin1String(AccountError::PhoneRegistered), HttpStatus::Conflict},
        {QLatin1String(AccountError::AccountNotFound), HttpStatus::NotFound},
        {QLatin1String(ApiError::NotFound), HttpStatus::NotFound},
        {QLatin1String(AccountError::InvalidCredentials), HttpStatus::Unauthorized},
        {QLatin1String(AccountError::Unauthorized), HttpStatus::Unauthorized},
        {QLatin1String(AccountError::AccountLocked), HttpStatus::Locked},
        {QLatin1String(ApiError::PayloadTooLarge), HttpStatus::PayloadTooLarge},
        {QLatin1String(ValidationError::InvalidIdNumber), HttpStatus::BadRequest},
        {QLatin1String(IdentityError::IdentityMismatch), HttpStatus::UnprocessableEntity},
        {QLatin1String(IdentityError::IdentityRequired), HttpStatus::Forbidden},
        {QLatin1String(IdentityError::IdentityLocked), HttpStatus::Conflict},
        {QLatin1String(IdentityError::TooManyVerifications), HttpStatus::TooManyRequests},
        {QLatin1String(CertificateError::InvalidCsr), HttpStatus::BadRequest},
        {QLatin1String(CertificateError::InvalidValidity), HttpStatus::BadRequest},
        {QLatin1String(CertificateError::CertificateNotFound), HttpStatus::NotFound},
        {QLatin1String(CertificateError::CaNotFound), HttpStatus::NotFound},
        {QLatin1String(CertificateError::AlreadyRevoked), HttpStatus::Conflict},
        {QLatin1String(ScanError::PlatformUnauthorized), HttpStatus::Unauthorized},
        {QLatin1String(ScanError::PlatformExists), HttpStatus::Conflict},
        {QLatin1String(TransactionError::TransactionNotFound), HttpStatus::NotFound},
        {QLatin1String(TransactionError::TicketUsed), HttpStatus::Conflict},
        {QLatin1String(TransactionError::TicketExpired), HttpStatus::Gone},
        {QLatin1String(TransactionError::TransactionClosed), HttpStatus::Conflict},
        {QLatin1String(TransactionError::CertificateUnusable), HttpStatus::UnprocessableEntity},
        {QLatin1String(TransactionError::BindingMismatch), HttpStatus::UnprocessableEntity},
        {QLatin1String(TransactionError::InvalidSignature), HttpStatus::UnprocessableEntity},
        {QLatin1String(CertificateError::WrongPin), HttpStatus::Forbidden},
        {QLatin1String(CertificateError::PinLocked), HttpStatus::Locked},
        {QLatin1String(CertificateError::Replayed), HttpStatus::Conflict},
        {QLatin1String(CertificateError::RateLimited), HttpStatus::TooManyRequests},
        {QLatin1String(CertificateError::Crypto), HttpStatus::UnprocessableEntity},
        {QLatin1String(CertificateError::WrongKeyUsage), HttpStatus::Conflict},
        {QLatin1String(CertificateError::FreshProofRequired), HttpStatus::Forbidden},
        {QLatin1String(CertificateError::TooManyActiveCertificates), HttpStatus::Conflict},
        {QLatin1String(OperatorError::Forbidden), HttpStatus::Forbidden},
        {QLatin1String(OperatorError::CsrfInvalid), HttpStatus::Forbidden},
        {QLatin1String(OperatorError::LoginLimited), HttpStatus::TooManyRequests},
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
