#pragma once

#include "core/common/error.h"

#include <QByteArray>
#include <QHash>
#include <QString>

namespace tq::demo {

/// One field of a submitted HTML form; `fileName` is set for file inputs.
struct FormField {
    QByteArray value;
    QString fileName;
};

/// The fields of a form body (application/x-www-form-urlencoded or multipart/form-data), by
/// name. Bodies larger than `maxBytes`, other content types, malformed multipart bodies and
/// repeated names fail with `invalid_request` (`payload_too_large` for size) and a sentence
/// for the user. Pure function; thread-safe.
Result<QHash<QString, FormField>> parseForm(const QByteArray &contentType, const QByteArray &body, qsizetype maxBytes);

} // namespace tq::demo
