#pragma once

#include "core/common/error.h"

#include <QString>

#include <optional>

namespace tq::server {

/// Why an SMS is sent; its text form is the API's `purpose` value. CertificateApplication codes
/// are sent only to the account's own phone by the application-challenge route; CertificateIssued
/// is a notice (no code) telling the holder a certificate was issued in their name.
enum class SmsPurpose { Register, Login, ResetPassword, CertificateApplication, CertificateIssued };

/// "register", "login", "reset_password", "certificate_application" or "certificate_issued".
QString smsPurposeName(SmsPurpose purpose);
/// The purpose named `name`, or nothing if the name is unknown.
std::optional<SmsPurpose> smsPurposeFromName(const QString &name);

/// Delivers SMS codes to phones. Implementations wrap a gateway (or, in sandbox mode,
/// the outbox). Used on the server thread; must not block for long.
class SmsProvider {
public:
    virtual ~SmsProvider() = default;
    /// Sends `code` to `phone`. An Error means the message was not accepted for delivery.
    virtual Result<void> send(const QString &phone, SmsPurpose purpose, const QString &code) = 0;
    /// Sends the notice `text` (no code) to `phone`. An Error means it was not accepted.
    virtual Result<void> notify(const QString &phone, SmsPurpose purpose, const QString &text) = 0;
};

} // namespace tq::server
