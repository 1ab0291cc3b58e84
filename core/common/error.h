#pragma once

#include <QString>
#include <QVariantMap>

#include <utility>
#include <variant>

namespace tq {

/// Stable machine-readable error codes. The server sends them as the `code` of its
/// `{code, message}` error body; the app maps them to translated sentences.
namespace ErrorCode {
inline constexpr char InvalidRequest[] = "invalid_request";       ///< malformed JSON or missing fields
inline constexpr char InvalidPhone[] = "invalid_phone";
inline constexpr char InvalidPassword[] = "invalid_password";     ///< fails the password policy
inline constexpr char InvalidSmsCode[] = "invalid_sms_code";      ///< wrong, expired or used code
inline constexpr char InvalidPurpose[] = "invalid_purpose";
inline constexpr char SmsTooSoon[] = "sms_too_soon";              ///< details.retryAfter (s)
inline constexpr char SmsDailyLimit[] = "sms_daily_limit";
inline constexpr char PhoneRegistered[] = "phone_registered";
inline constexpr char AccountNotFound[] = "account_not_found";
inline constexpr char InvalidCredentials[] = "invalid_credentials"; ///< details.attemptsLeft
inline constexpr char AccountLocked[] = "account_locked";         ///< details.retryAfter (s)
inline constexpr char Unauthorized[] = "unauthorized";            ///< missing, expired or revoked token
inline constexpr char NotFound[] = "not_found";
inline constexpr char PayloadTooLarge[] = "payload_too_large";
inline constexpr char Internal[] = "internal";
inline constexpr char InvalidIdNumber[] = "invalid_id_number";     ///< not an 18-character GB 11643 ID number
inline constexpr char IdentityMismatch[] = "identity_mismatch";    ///< name and ID number do not belong together
inline constexpr char IdentityRequired[] = "identity_required";    ///< real-name verification must come first
inline constexpr char InvalidCsr[] = "invalid_csr";                ///< unreadable request or failed proof of possession
inline constexpr char CertificateNotFound[] = "certificate_not_found";
inline constexpr char CaNotFound[] = "ca_not_found";               ///< no CA institution has this code
inline constexpr char InvalidValidity[] = "invalid_validity";      ///< validityDays outside 1–1095
inline constexpr char AlreadyRevoked[] = "already_revoked";
// Scan protocol (docs/qr-protocol.md).
inline constexpr char PlatformUnauthorized[] = "platform_unauthorized"; ///< details.reason; HMAC request check failed
inline constexpr char PlatformExists[] = "platform_exists";
inline constexpr char TransactionNotFound[] = "transaction_not_found";
inline constexpr char TicketUsed[] = "ticket_used";                ///< the QR code was scanned before
inline constexpr char TicketExpired[] = "ticket_expired";
inline constexpr char TransactionClosed[] = "transaction_closed";  ///< already completed, rejected or answered
inline constexpr char CertificateUnusable[] = "certificate_unusable"; ///< details.reason: unknown, revoked, expired
inline constexpr char BindingMismatch[] = "binding_mismatch";      ///< the binding signature does not cover this transaction
inline constexpr char InvalidSignature[] = "invalid_signature";    ///< details.key: an item's signature does not verify
// Two-party keys (docs/key-custody.md).
inline constexpr char PinLocked[] = "pin_locked";                 ///< too many wrong PINs; verify identity and set a new PIN
inline constexpr char Replayed[] = "replayed";                    ///< a session id, Q1 or T1 was used before
inline constexpr char RateLimited[] = "rate_limited";             ///< details.retryAfter (s)
// Client-side only.
inline constexpr char Network[] = "network";                      ///< server unreachable / timeout
inline constexpr char BadResponse[] = "bad_response";             ///< server answered something unparseable
inline constexpr char Storage[] = "storage";                      ///< local file could not be read or written
inline constexpr char WrongPin[] = "wrong_pin";                   ///< the PIN does not unlock this key
inline constexpr char InvalidPin[] = "invalid_pin";               ///< the PIN does not meet the PIN policy
inline constexpr char KeyCorrupted[] = "key_corrupted";           ///< a stored key failed its integrity check
inline constexpr char WrongServer[] = "wrong_server";             ///< a scan code names another server than this account's
inline constexpr char DocumentMismatch[] = "document_mismatch";   ///< a downloaded document differs from what the platform declared
inline constexpr char NoUsableCertificate[] = "no_usable_certificate"; ///< no installed certificate can answer this request
inline constexpr char Crypto[] = "crypto";                        ///< a crypto operation failed or its input was invalid
inline constexpr char InvalidQr[] = "invalid_qr";                 ///< details.reason: not a Tongqian scan code
} // namespace ErrorCode

/// An error as a value: a stable code, a sentence for people and optional details
/// (e.g. `retryAfter`, `attemptsLeft`, `field`). Never carries secrets.
struct Error {
    QString code;
    QString message;
    QVariantMap details;

    Error() = default;
    Error(QString c, QString m, QVariantMap d = {})
        : code(std::move(c)), message(std::move(m)), details(std::move(d)) {}
    Error(const char *c, QString m, QVariantMap d = {})
        : code(QString::fromLatin1(c)), message(std::move(m)), details(std::move(d)) {}

    bool isNull() const { return code.isEmpty(); }
    bool is(const char *c) const { return code == QLatin1String(c); }
};

/// Either a value or an Error. Use `if (!r) handle(r.error());` then `r.value()`.
template <typename T>
class Result {
public:
    Result(T value) : m_v(std::move(value)) {}
    Result(Error error) : m_v(std::move(error)) {}

    explicit operator bool() const { return std::holds_alternative<T>(m_v); }
    bool ok() const { return bool(*this); }
    const T &value() const & { return std::get<T>(m_v); }
    T &value() & { return std::get<T>(m_v); }
    T &&value() && { return std::get<T>(std::move(m_v)); }
    const Error &error() const { return std::get<Error>(m_v); }

private:
    std::variant<T, Error> m_v;
};

/// Result for operations with no value.
template <>
class Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}
    explicit operator bool() const { return m_error.isNull(); }
    bool ok() const { return m_error.isNull(); }
    const Error &error() const { return m_error; }

private:
    Error m_error;
};

} // namespace tq
