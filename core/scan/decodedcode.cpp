#include "core/scan/decodedcode.h"

#include <QStringDecoder>

#include <algorithm>

namespace tq {

namespace {
constexpr int MaxPendingMessages = 4;

// What GB2312/GB18030 bytes look like when read as ISO-8859-1 or Shift_JIS: Latin-1
// letters, replacement or private-use characters, or half-width katakana mixed with
// kanji (a GB trail byte >= 0xE0 turns into a Shift_JIS lead byte). Real Shift_JIS text
// may be all half-width katakana (ﾃﾞｻﾞｲﾝ), so katakana alone is not a sign.
bool looksMisread(const QString &text)
{
    bool halfWidthKana = false;
    bool ideograph = false;
    for (QChar c : text) {
        const char16_t u = c.unicode();
        if ((u >= 0x80 && u <= 0xFF) || u == 0xFFFD || (u >= 0xE000 && u <= 0xF8FF))
            return true;
        halfWidthKana |= u >= 0xFF61 && u <= 0xFF9F;
        ideograph |= u >= 0x4E00 && u <= 0x9FFF;
    }
    return halfWidthKana && ideograph;
}

// Every byte >= 0x80 is the lead or trail of a GB2312 (EUC-CN) pair, both in 0xA1..0xFE.
bool isGb2312Paired(const QByteArray &bytes)
{
    bool sawPair = false;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const auto lead = uchar(bytes[i]);
        if (lead < 0x80)
            continue;
        if (lead < 0xA1 || lead > 0xF7 || i + 1 >= bytes.size())
            return false;
        const auto trail = uchar(bytes[i + 1]);
        if (trail < 0xA1 || trail > 0xFE)
            return false;
        sawPair = true;
        ++i;
    }
    return sawPair;
}
// Qt (ICU) names of the ECI character sets met in practice.
const char *charsetOfEci(int eci)
{
    switch (eci) {
    case 1:
    case 3:
        return "ISO-8859-1";
    case 20:
        return "Shift_JIS";
    case 25:
        return "UTF-16BE";
    case 26:
        return "UTF-8";
    case 27:
    case 170:
        return "US-ASCII";
    case 28:
        return "Big5";
    case 29: // GB 2312; GB18030 is a superset and also reads GBK
    case 31: // GBK
    case 32:
        return "GB18030";
    case 30:
        return "EUC-KR";
    default:
        return nullptr;
    }
}
} // namespace

std::optional<QString> resolveEciText(const QByteArray &content)
{
    // Layout (ISO/IEC 15424 transmission): "]Q2", then data in which a backslash and six
    // digits switch to that ECI, and a doubled backslash stands for one.
    qsizetype i = content.startsWith(']') ? 3 : 0;
    QList<std::pair<int, QByteArray>> segments{{-1, {}}};
    while (i < content.size()) {
        const char c = content[i];
        if (c == '\\' && i + 1 < content.size() && content[i + 1] == '\\') {
            segments.last().second += '\\';
            i += 2;
        } else if (c == '\\' && i + 6 < content.size()) {
            bool ok = false;
            const int eci = content.mid(i + 1, 6).toInt(&ok);
            if (!ok)
                return std::nullopt;
            segments.emplaceBack(eci, QByteArray());
            i += 7;
        } else {
            segments.last().second += c;
            ++i;
        }
    }
    // zxing-cpp 1.4 reads every ECI here except GBK (31) and GB18030 (32), which it treats
    // as Latin-1; only then is its text replaced.
    if (std::none_of(segments.cbegin(), segments.cend(), [](const auto &s) { return s.first == 31 || s.first == 32; }))
        return std::nullopt;
    QString text;
    for (const auto &[eci, bytes] : segments) {
        if (eci < 0) {
            text += QString::fromLatin1(bytes); // the QR default before any ECI
            continue;
        }
        const char *charset = charsetOfEci(eci);
        if (!charset)
            return std::nullopt;
        QStringDecoder decoder(charset);
        if (!decoder.isValid())
            return std::nullopt;
        text += decoder.decode(bytes);
        if (decoder.hasError())
            return std::nullopt;
    }
    return text;
}

QString resolveUnmarkedText(const QByteArray &bytes, const QString &guessed)
{
    if (!looksMisread(guessed) || !isGb2312Paired(bytes))
        return guessed;
    QStringDecoder gb18030("GB18030");
    if (!gb18030.isValid())
        return guessed; // Qt built without ICU: keep the library's reading
    QString text = gb18030.decode(bytes);
    return gb18030.hasError() ? guessed : text;
}

std::optional<DecodedCode> SequenceAssembler::add(const DecodedCode &part)
{
    if (!part.isSequencePart())
        return part;
    auto it = std::find_if(m_pending.begin(), m_pending.end(),
                           [&](const Pending &p) { return p.id == part.sequenceId && p.parts.size() == part.sequenceSize; });
    if (it == m_pending.end()) {
        if (m_pending.size() >= MaxPendingMessages)
            m_pending.removeFirst();
        m_pending.append({part.sequenceId, QList<std::optional<DecodedCode>>(part.sequenceSize)});
        it = std::prev(m_pending.end());
    }
    if (part.sequenceIndex >= it->parts.size())
        return std::nullopt;
    std::optional<DecodedCode> &slot = it->parts[part.sequenceIndex];
    if (slot && slot->bytes != part.bytes) {
        // The id is only an 8-bit parity: two messages can share it. A clashing part means
        // a different message, so start over rather than merge parts of both.
        for (auto &p : it->parts)
            p.reset();
    }
    slot = part;
    if (std::any_of(it->parts.cbegin(), it->parts.cend(), [](const auto &p) { return !p.has_value(); }))
        return std::nullopt;

    DecodedCode merged;
    merged.sequenceId = it->id;
    for (const auto &p : it->parts) {
        merged.text += p->text;
        merged.bytes += p->bytes;
    }
    m_pending.erase(it);
    // QR's id is the XOR of all the message's data bytes: a last check that the parts
    // belong together. A mismatch drops the message (a miss) rather than risk a misread.
    bool numeric = false;
    const int parity = merged.sequenceId.toInt(&numeric);
    if (numeric) {
        uchar x = 0;
        for (const char b : std::as_const(merged.bytes))
            x ^= uchar(b);
        if (x != parity)
            return std::nullopt;
    }
    return merged;
}

int SequenceAssembler::partsSeen(const QString &id) const
{
    for (const Pending &p : m_pending) {
        if (p.id == id)
            return int(std::count_if(p.parts.cbegin(), p.parts.cend(), [](const auto &x) { return x.has_value(); }));
    }
    return 0;
}

} // namespace tq
