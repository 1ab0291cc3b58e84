#include "server/operators/totp.h"

#include <QUrl>

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace tq::server::Totp {

QString code(const QByteArray &secret, qint64 step)
{
    unsigned char counter[8];
    for (int i = 7; i >= 0; --i) {
        counter[i] = static_cast<unsigned char>(step & 0xff);
        step >>= 8;
    }
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!HMAC(EVP_sha1(), secret.constData(), int(secret.size()), counter, sizeof counter, mac, &length) ||
        length < 20)
        return {};
    // RFC 4226 §5.3 dynamic truncation.
    const int offset = mac[length - 1] & 0x0f;
    const quint32 binary = (quint32(mac[offset] & 0x7f) << 24) | (quint32(mac[offset + 1]) << 16) |
        (quint32(mac[offset + 2]) << 8) | quint32(mac[offset + 3]);
    return QStringLiteral("%1").arg(binary % 1000000, Digits, 10, QLatin1Char('0'));
}

QString base32(const QByteArray &bytes)
{
    static constexpr char Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    QString out;
    quint32 buffer = 0;
    int bits = 0;
    for (const char byte : bytes) {
        buffer = (buffer << 8) | quint8(byte);
        bits += 8;
        while (bits >= 5) {
            out += QLatin1Char(Alphabet[(buffer >> (bits - 5)) & 0x1f]);
            bits -= 5;
        }
    }
    if (bits > 0)
        out += QLatin1Char(Alphabet[(buffer << (5 - bits)) & 0x1f]);
    return out;
}

QByteArray fromBase32(const QString &text)
{
    QByteArray out;
    quint32 buffer = 0;
    int bits = 0;
    for (const QChar c : text) {
        int value = -1;
        if (c >= u'A' && c <= u'Z')
            value = c.unicode() - u'A';
        else if (c >= u'a' && c <= u'z')
            value = c.unicode() - u'a';
        else if (c >= u'2' && c <= u'7')
            value = c.unicode() - u'2' + 26;
        else if (c == u'=' || c == u' ')
            continue;
        if (value < 0)
            return {};
        buffer = (buffer << 5) | quint32(value);
        bits += 5;
        if (bits >= 8) {
            out += char((buffer >> (bits - 8)) & 0xff);
            bits -= 8;
        }
    }
    return out;
}

QString provisioningUri(const QString &name, const QByteArray &secret)
{
    const QString label = QString::fromLatin1(QUrl::toPercentEncoding(QStringLiteral("Tongqian:") + name, ":"));
    return QStringLiteral("otpauth://totp/%1?secret=%2&issuer=Tongqian&algorithm=SHA1&digits=%3&period=%4")
        .arg(label, base32(secret))
        .arg(Digits)
        .arg(StepSecs);
}

} // namespace tq::server::Totp
