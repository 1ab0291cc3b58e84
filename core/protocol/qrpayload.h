#pragma once

#include "core/common/error.h"

#include <QString>
#include <QStringView>
#include <QUrl>

namespace tq {

/// The text of a Tongqian scan QR code, `<server base URL>/qr/v1/<ticket>` (docs/qr-protocol.md
/// §3). The ticket is an opaque single-use reference the server resolves; the code itself says
/// nothing about platform, action or expiry. Plain copyable value; thread-safe.
struct QrPayload {
    static constexpr qsizetype MaxLength = 512;
    static constexpr qsizetype TicketLength = 43; ///< 32 bytes, base64url without padding
    static constexpr qsizetype TicketBytes = 32;

    QUrl serverUrl; ///< scheme, host, optional port and path prefix; no trailing slash
    QString ticket;

    /// Strictly parses scanned text. Fails with `invalid_qr` and details.reason (too_long,
    /// bad_character, bad_url, bad_scheme, not_tongqian, bad_ticket) on anything else.
    static Result<QrPayload> parse(QStringView text);
    /// A fresh random ticket.
    static QString newTicket();
    /// True if `ticket` is 43 base64url characters that decode canonically to 32 bytes.
    static bool isTicket(QStringView ticket);
    /// The QR text; parse(toText()) gives this payload back.
    QString toText() const;
};

} // namespace tq
