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
/// The account holds certificates or two-party keys, so a verification of another person cannot
/// replace its identity (a name change is a re-verification under operator review, SPEC B4).
inline constexpr char IdentityLocked[] = "identity_locked";
/// Too many verifications for this account or this ID number in a day; details.retryAfter (seconds).
inline constexpr char TooManyVerifications[] = "too_many_verifications";
} // namespace IdentityError

/// The sentences for IdentityError codes. Thread-safe.
const ErrorDomain &identityErrors();

} // namespace tq
