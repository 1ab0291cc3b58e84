#include "core/crypto/der.h"

#include <algorithm>

namespace tq::der {

QByteArray tlv(quint8 tag, QByteArrayView value)
{
    QByteArray out;
    out.reserve(value.size() + 6);
    out.append(char(tag));
    const auto size = quint32(value.size());
    if (size < 0x80) {
        out.append(char(size));
    } else {
        QByteArray length;
        for (quint32 n = size; n != 0; n >>= 8)
            length.prepend(char(n & 0xff));
        out.append(char(0x80 | length.size()));
        out.append(length);
    }
    out.append(value);
    return out;
}

QByteArray sequence(const QList<QByteArray> &elements)
{
    return tlv(Sequence, elements.join());
}

QByteArray setOf(QList<QByteArray> elements, quint8 tag)
{
    // X.690 §11.6: ascending order of the encodings, the shorter padded with zero octets;
    // byte-wise lexicographic order gives the same result.
    std::sort(elements.begin(), elements.end());
    return tlv(tag, elements.join());
}

QByteArray oid(const char *dotted)
{
    QList<quint64> arcs;
    for (const QByteArray &part : QByteArray(dotted).split('.')) {
        bool ok = false;
        arcs.append(part.toULongLong(&ok));
        if (!ok)
            return {};
    }
    if (arcs.size() < 2 || arcs[0] > 2)
        return {};
    arcs[1] += arcs[0] * 40;
    QByteArray body;
    for (qsizetype i = 1; i < arcs.size(); ++i) {
        QByteArray arc(1, char(arcs[i] & 0x7f));
        for (quint64 n = arcs[i] >> 7; n != 0; n >>= 7)
            arc.prepend(char(0x80 | (n & 0x7f)));
        body.append(arc);
    }
    return tlv(ObjectId, body);
}

QByteArray integer(quint32 value)
{
    QByteArray body;
    for (quint32 n = value; n != 0; n >>= 8)
        body.prepend(char(n & 0xff));
    if (body.isEmpty() || (quint8(body.front()) & 0x80))
        body.prepend('\0');
    return tlv(Integer, body);
}

QByteArray time(const QDateTime &utc)
{
    const QDateTime t = utc.toUTC();
    const int year = t.date().year();
    if (year >= 1950 && year < 2050)
        return tlv(UtcTime, t.toString(QStringLiteral("yyMMddHHmmss'Z'")).toLatin1());
    return tlv(GeneralizedTime, t.toString(QStringLiteral("yyyyMMddHHmmss'Z'")).toLatin1());
}

std::optional<Element> Reader::next(std::optional<quint8> tag)
{
    if (m_data.size() < 2)
        return std::nullopt;
    const auto *p = reinterpret_cast<const quint8 *>(m_data.data());
    // High tag numbers (low bits all set) never occur in the structures we read.
    if ((p[0] & 0x1f) == 0x1f || (tag && p[0] != *tag))
        return std::nullopt;
    qsizetype header = 2;
    quint64 length = p[1];
    if (length & 0x80) {
        const int count = int(length & 0x7f);
        // 0x80 is BER's indefinite length; more than 4 length bytes is never a real input.
        if (count == 0 || count > 4 || m_data.size() < 2 + count || p[2] == 0)
            return std::nullopt;
        length = 0;
        for (int i = 0; i < count; ++i)
            length = (length << 8) | p[2 + i];
        if (length < 0x80)
            return std::nullopt;
        header += count;
    }
    if (length > quint64(m_data.size() - header))
        return std::nullopt;
    Element element;
    element.tag = p[0];
    element.whole = m_data.first(header + qsizetype(length));
    element.value = element.whole.sliced(header);
    m_data = m_data.sliced(element.whole.size());
    return element;
}

std::optional<Element> only(QByteArrayView data, quint8 tag)
{
    Reader reader(data);
    auto element = reader.next(tag);
    if (!element || !reader.atEnd())
        return std::nullopt;
    return element;
}

} // namespace tq::der
