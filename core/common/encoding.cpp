#include "core/common/encoding.h"

#include <QJsonValue>

namespace tq {

QString toBase64Text(QByteArrayView bytes)
{
    return QString::fromLatin1(bytes.toByteArray().toBase64());
}

std::optional<QByteArray> fromBase64Text(const QJsonValue &value)
{
    if (!value.isString())
        return std::nullopt;
    return fromBase64Text(value.toString());
}

std::optional<QByteArray> fromBase64Text(const QString &text)
{
    auto decoded = QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.isEmpty())
        return std::nullopt;
    return std::move(decoded.decoded);
}

QByteArray bytesFromBase64Text(const QJsonValue &value)
{
    return fromBase64Text(value).value_or(QByteArray());
}

QString toHexText(QByteArrayView bytes)
{
    return QString::fromLatin1(bytes.toByteArray().toHex());
}

QString utcText(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODate);
}

QString utcTextFromSecs(qint64 secs)
{
    return utcText(QDateTime::fromSecsSinceEpoch(secs, Qt::UTC));
}

QDateTime timeFromText(const QJsonValue &value)
{
    return QDateTime::fromString(value.toString(), Qt::ISODate);
}

} // namespace tq
