#pragma once

#include "core/common/error.h"

namespace tq {

/// Accounts, SMS codes and sessions: sent by the server's accounts module, read by the account
/// session and the forms.
namespace AccountError {
/// Wrong, expired or used code.
inline constexpr char InvalidSmsCode[] = "invalid_sms_code";
/// details.retryAfter (s).
inline constexpr char SmsTooSoon[] = "sms_too_soon";
inline constexpr char SmsDailyLimit[] = "sms_daily_limit";
inline constexpr char PhoneRegistered[] = "phone_registered";
inline constexpr char AccountNotFound[] = "account_not_found";
/// details.attemptsLeft.
inline constexpr char InvalidCredentials[] = "invalid_credentials";
/// details.retryAfter (s).
inline constexpr char AccountLocked[] = "account_locked";
/// Missing, expired or revoked token.
inline constexpr char Unauthorized[] = "unauthorized";
} // namespace AccountError

/// The sentences for AccountError codes. Thread-safe.
const ErrorDomain &accountErrors();

} // namespace tq
