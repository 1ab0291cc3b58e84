#pragma once

#include "core/common/error.h"

#include <QHttpServerResponse>
#include <QJsonObject>

namespace tq::server {

using HttpStatus = QHttpServerResponder::StatusCode;

/// The HTTP status that goes with an error code of any domain (e.g. sms_too_soon → 429); 500 for unknown codes.
HttpStatus httpStatusFor(const QString &code);

/// The one error shape of the API: status from httpStatusFor() and the body
/// `{"code", "message", "details"?}` (details only when non-empty).
QHttpServerResponse errorResponse(const Error &error);

/// A JSON object response, marked not cacheable (bodies may carry tokens).
QHttpServerResponse jsonResponse(const QJsonObject &body, HttpStatus status = HttpStatus::Ok);

/// 204 with no body.
QHttpServerResponse noContentResponse();

} // namespace tq::server
