#pragma once

#include "core/common/error.h"

namespace tq {

/// The scan code and the trading platforms behind it (docs/qr-protocol.md): what the QR parser
/// refuses and what the server's platform API refuses.
namespace ScanError {
/// details.reason: not a Tongqian scan code.
inline constexpr char InvalidQr[] = "invalid_qr";
/// details.reason; HMAC request check failed.
inline constexpr char PlatformUnauthorized[] = "platform_unauthorized";
inline constexpr char PlatformExists[] = "platform_exists";
} // namespace ScanError

/// The sentences for ScanError codes. Thread-safe.
const ErrorDomain &scanErrors();

} // namespace tq
