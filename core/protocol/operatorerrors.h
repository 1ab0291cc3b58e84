#pragma once

#include "core/common/error.h"

namespace tq {

/// The operator console and API (server/operators): sent by the server, read by tongqian-cli's
/// operator commands. Wrong credentials and missing sessions use AccountError's
/// invalid_credentials and unauthorized.
namespace OperatorError {
/// The operator's role does not allow this action; details.role names the role it has.
inline constexpr char Forbidden[] = "operator_forbidden";
/// A console form came without its session's CSRF token (or with another one).
inline constexpr char CsrfInvalid[] = "csrf_invalid";
/// Too many failed logins for this operator name; details.retryAfter (s).
inline constexpr char LoginLimited[] = "operator_login_limited";
} // namespace OperatorError

/// The sentences for OperatorError codes. Thread-safe.
const ErrorDomain &operatorErrors();

} // namespace tq
