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
} // namespace

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
