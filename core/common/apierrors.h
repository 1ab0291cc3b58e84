#pragma once

#include "core/common/error.h"

namespace tq {

/// Requests, transport and local storage: the codes any layer uses when no domain code fits.
/// The server's HTTP layer sends the first four; the API client and device storage make the rest.
namespace ApiError {
/// Malformed JSON, missing fields or bad input.
inline constexpr char InvalidRequest[] = "invalid_request";
/// No such route, key or record.
inline constexpr char NotFound[] = "not_found";
inline constexpr char PayloadTooLarge[] = "payload_too_large";
/// The server (or a worker) failed; detail only in logs.
inline constexpr char Internal[] = "internal";
/// Server unreachable / timeout (client only).
inline constexpr char Network[] = "network";
/// Server answered something unparseable (client only).
inline constexpr char BadResponse[] = "bad_response";
/// A local file or the keychain could not be read or written.
inline constexpr char Storage[] = "storage";
} // namespace ApiError

/// The sentences for ApiError codes. Thread-safe.
const ErrorDomain &apiErrors();

} // namespace tq
