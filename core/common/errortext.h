#pragma once

#include "core/common/error.h"

namespace tq {

/// A translated sentence for people: what happened and what to do next, with details such
/// as the minutes left filled in. Unknown codes fall back to a generic sentence.
QString userMessage(const Error &error);

// Inline field checks for forms: an empty string when the value is fine, else a translated
// sentence saying what to fix. They apply the same rules as the server (validators/rules.h).
QString mobileNumberProblem(const QString &phone);
QString smsCodeProblem(const QString &code);
QString passwordProblem(const QString &password);
QString personNameProblem(const QString &name);
QString idNumberProblem(const QString &idNumber);

} // namespace tq
