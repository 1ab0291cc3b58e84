#pragma once

#include "core/common/error.h"

namespace tq {

/// Certificates, their keys and PINs: the CA and KMC, the server's share of two-party keys,
/// key custody on the device and the cryptography under them.
namespace CertificateError {
/// Unreadable request or failed proof of possession.
inline constexpr char InvalidCsr[] = "invalid_csr";
inline constexpr char CertificateNotFound[] = "certificate_not_found";
/// No CA institution has this code.
inline constexpr char CaNotFound[] = "ca_not_found";
/// validityDays outside 1–1095.
inline constexpr char InvalidValidity[] = "invalid_validity";
inline constexpr char AlreadyRevoked[] = "already_revoked";
/// The PIN does not unlock this key; details.attemptsLeft.
inline constexpr char WrongPin[] = "wrong_pin";
/// Breaks the PIN policy; details.minLength, maxLength, digitsOnly when known.
inline constexpr char InvalidPin[] = "invalid_pin";
/// Too many wrong PINs; verify identity, set a new PIN.
inline constexpr char PinLocked[] = "pin_locked";
/// A stored key failed its integrity check.
inline constexpr char KeyCorrupted[] = "key_corrupted";
/// A session id, Q1 or T1 was used before.
inline constexpr char Replayed[] = "replayed";
/// details.retryAfter (s).
inline constexpr char RateLimited[] = "rate_limited";
/// A two-party key used for what it is not for: signing with an encryption key, or decrypting
/// with a signing key beyond the one installation of its encryption key.
inline constexpr char WrongKeyUsage[] = "wrong_key_usage";
/// A crypto operation failed or its input was invalid.
inline constexpr char Crypto[] = "crypto";
/// A certificate application came without a fresh proof of the person, or its proof failed
/// (details.reason: "missing", "certificate", "challenge" or "signature"; issue 15).
inline constexpr char FreshProofRequired[] = "fresh_proof_required";
/// The person already holds the most valid signing pairs one CA institution issues to one
/// person (details.limit); revoke one first.
inline constexpr char TooManyActiveCertificates[] = "too_many_active_certificates";
} // namespace CertificateError

/// The sentences for CertificateError codes. Thread-safe.
const ErrorDomain &certificateErrors();

} // namespace tq
