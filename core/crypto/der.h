#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QList>

#include <optional>

/// A minimal DER writer and reader (ITU-T X.690) for the structures Tongqian builds by hand,
/// such as GM/T 0010 SignedData that OpenSSL's CMS code cannot produce for SM2. Only definite
/// lengths and low tag numbers; anything else is rejected by the reader. Free functions and
/// value types, thread-safe.
namespace tq::der {

inline constexpr quint8 Integer = 0x02;
inline constexpr quint8 BitString = 0x03;
inline constexpr quint8 OctetString = 0x04;
inline constexpr quint8 Null = 0x05;
inline constexpr quint8 ObjectId = 0x06;
inline constexpr quint8 UtcTime = 0x17;
inline constexpr quint8 GeneralizedTime = 0x18;
inline constexpr quint8 Sequence = 0x30;
inline constexpr quint8 Set = 0x31;
/// A constructed context-specific tag [n], e.g. contextTag(0) == 0xA0.
constexpr quint8 contextTag(int n)
{
    return quint8(0xA0 | n);
}

/// One TLV with `value` as its contents.
QByteArray tlv(quint8 tag, QByteArrayView value);
/// SEQUENCE of already-encoded elements, in order.
QByteArray sequence(const QList<QByteArray> &elements);
/// SET OF (or implicitly tagged SET OF with `tag`): elements sorted as DER requires.
QByteArray setOf(QList<QByteArray> elements, quint8 tag = Set);
/// OBJECT IDENTIFIER from dotted text, e.g. "1.2.156.10197.1.401"; empty if malformed.
QByteArray oid(const char *dotted);
/// A small non-negative INTEGER.
QByteArray integer(quint32 value);
/// UTCTime for 1950–2049, GeneralizedTime otherwise (RFC 5652 §11.3), in UTC, seconds precision.
QByteArray time(const QDateTime &utc);

/// One parsed element; views point into the reader's input.
struct Element {
    quint8 tag = 0;
    QByteArrayView value; ///< contents
    QByteArrayView whole; ///< tag, length and contents
};

/// Reads consecutive elements from a buffer the caller keeps alive.
class Reader {
public:
    explicit Reader(QByteArrayView data) : m_data(data) {}
    bool atEnd() const { return m_data.isEmpty(); }
    /// The tag of the next element, or 0 at the end.
    quint8 peekTag() const { return m_data.isEmpty() ? 0 : quint8(m_data.front()); }
    /// The next element if it is well-formed (and has `tag`, when given); nullopt otherwise,
    /// without consuming anything.
    std::optional<Element> next(std::optional<quint8> tag = std::nullopt);

private:
    QByteArrayView m_data;
};

/// `data` as exactly one element with `tag`; nullopt if anything else or more follows.
std::optional<Element> only(QByteArrayView data, quint8 tag);

} // namespace tq::der
