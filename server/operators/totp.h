#pragma once

#include <QByteArray>
#include <QString>

namespace tq::server {

/// Time-based one-time passwords as authenticator apps make them (RFC 6238 over RFC 4226):
/// HMAC-SHA1, 30-second steps from the Unix epoch, 6 digits. Which step a login may use, and
/// that each step is used once, is OperatorService's (database's) business. Pure functions;
/// thread-safe.
namespace Totp {
inline constexpr qint64 StepSecs = 30;
inline constexpr int Digits = 6;
/// Bytes of a new secret (160 bits, RFC 4226's recommendation).
inline constexpr qsizetype SecretSize = 20;

/// The step that `unixSecs` falls in.
inline qint64 stepAt(qint64 unixSecs)
{
    return unixSecs / StepSecs;
}
/// The 6-digit code of `secret` for `step` (zero-padded).
QString code(const QByteArray &secret, qint64 step);
/// RFC 4648 base32 without padding, upper-case: the form authenticator apps take.
QString base32(const QByteArray &bytes);
/// The bytes of base32 text (case-insensitive, '=' and spaces ignored); empty if it is not base32.
QByteArray fromBase32(const QString &text);
/// The otpauth:// URI an authenticator app scans: issuer "Tongqian", account `name`.
QString provisioningUri(const QString &name, const QByteArray &secret);
} // namespace Totp

} // namespace tq::server
