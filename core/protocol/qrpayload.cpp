#include "core/protocol/qrpayload.h"

#include "core/crypto/random.h"
#include "core/protocol/scanerrors.h"

namespace tq {

namespace {

const QString Marker = QStringLiteral("/qr/v1/");

Error invalid(const char *reason, const QString &message)
{
    return Error(ScanError::InvalidQr, message, {{QStringLiteral("reason"), QString::fromLatin1(reason)}});
}

bool isBase64UrlChar(QChar c)
{
    return (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-' || c == u'_';
}

} // namespace

bool QrPayload::isTicket(QStringView ticket)
{
    if (ticket.size() != TicketLength)
        return false;
    for (QChar c : ticket) {
        if (!isBase64UrlChar(c))
            return false;
    }
    // 43 characters carry 258 bits; the 2 spare bits must be zero, so each ticket has exactly one
    // spelling and a hash of the text identifies the ticket.
    const QByteArray encoded = ticket.toLatin1();
    const QByteArray decoded = QByteArray::fromBase64(encoded, QByteArray::Base64UrlEncoding);
    return decoded.size() == TicketBytes
           && decoded.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals) == encoded;
}

QString QrPayload::newTicket()
{
    return Random::token(TicketBytes);
}

Result<QrPayload> QrPayload::parse(QStringView text)
{
    if (text.size() > MaxLength)
        return invalid("too_long", QStringLiteral("The QR text is longer than %1 characters.").arg(MaxLength));
    for (QChar c : text) {
        // Printable ASCII only: URLs in codes are percent-encoded, and anything else (spaces, line
        // breaks, look-alike Unicode) is either junk or an attempt to confuse the reader.
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7f)
            return invalid("bad_character",
                           QStringLiteral("The QR text contains a space, control or non-ASCII character."));
    }
    const qsizetype marker = text.lastIndexOf(Marker);
    if (marker < 0)
        return invalid("not_tongqian", QStringLiteral("The QR text is not a Tongqian scan code (no /qr/v1/ path)."));
    const QStringView ticket = text.mid(marker + Marker.size());
    const QStringView base = text.left(marker);

    const QUrl url(base.toString(), QUrl::StrictMode);
    // A base ending in '/' (an empty path segment before the marker, or the marker twice) is not
    // what toText() writes: one spelling per code, and serverUrl never ends in '/'.
    if (!url.isValid() || url.host().isEmpty() || url.hasQuery() || url.hasFragment() || !url.userInfo().isEmpty()
        || base.contains(u'?') || base.contains(u'#') || base.contains(u'@') || base.endsWith(u'/'))
        return invalid("bad_url", QStringLiteral("The server address in the QR text is not a plain http(s) URL."));
    if (url.scheme() != u"https" && url.scheme() != u"http")
        return invalid("bad_scheme", QStringLiteral("The server address in the QR text must use http or https."));
    if (!isTicket(ticket))
        return invalid("bad_ticket", QStringLiteral("The ticket in the QR text must be 43 base64url characters."));
    return QrPayload{url, ticket.toString()};
}

QString QrPayload::toText() const
{
    QString base = serverUrl.toString(QUrl::FullyEncoded);
    while (base.endsWith(u'/'))
        base.chop(1);
    return base + Marker + ticket;
}

} // namespace tq
