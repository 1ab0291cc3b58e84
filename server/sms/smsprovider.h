#pragma once

#include "core/common/error.h"

#include <QString>

#include <optional>

namespace tq::server {

/// Why an SMS code is sent; its text form is the API's `purpose` value.
enum class SmsPurpose { Register, Login, ResetPassword };

/// "register", "login" or "reset_password".
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
};

} // namespace tq::server
