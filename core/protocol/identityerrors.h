#pragma once

#include "core/common/error.h"

namespace tq {

/// Real-name verification: sent by the server's identity module (and by the CA and key
/// services when they need a verified person), read by the identity and certificate forms.
namespace IdentityError {
/// Name and ID number do not belong together; details.reason "notAccountHolder": another person.
inline constexpr char IdentityMismatch[] = "identity_mismatch";
/// Real-name verification must come first.
inline constexpr char IdentityRequired[] = "identity_required";
} // namespace IdentityError

/// The sentences for IdentityError codes. Thread-safe.
const ErrorDomain &identityErrors();

} // namespace tq
