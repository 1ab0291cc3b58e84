#pragma once

#include "core/common/error.h"

namespace tq {

/// Field input that breaks a shared rule (core/validators/rules.h). The server refuses such
/// requests with these codes; forms catch the same mistakes inline with the *Problem() checks.
namespace ValidationError {
/// Not an 11-digit mainland mobile number.
inline constexpr char InvalidPhone[] = "invalid_phone";
/// Fails the password policy; details.rule.
inline constexpr char InvalidPassword[] = "invalid_password";
/// Not an 18-character GB 11643 ID number.
inline constexpr char InvalidIdNumber[] = "invalid_id_number";
/// An SMS code asked for an unknown purpose.
inline constexpr char InvalidPurpose[] = "invalid_purpose";
} // namespace ValidationError

/// The sentences for ValidationError codes. Thread-safe.
const ErrorDomain &validationErrors();

// Inline field checks for forms: an empty string when the value is fine, else a translated
// sentence saying what to fix. They apply the same rules as the server (validators/rules.h).
// Callable from any thread.
QString mobileNumberProblem(const QString &phone);
QString smsCodeProblem(const QString &code);
QString passwordProblem(const QString &password);
QString personNameProblem(const QString &name);
QString idNumberProblem(const QString &idNumber);

} // namespace tq
