#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace tq {

/// One decoded QR symbol, or a whole structured-append message once all its parts are in.
struct DecodedCode {
    QString text;        ///< payload as text, character set resolved (ECI, UTF-8, GB18030, Shift_JIS)
    QByteArray bytes;    ///< raw payload bytes as stored in the symbol(s)
    int sequenceIndex = -1; ///< 0-based part number in a structured-append message, -1 if none
    int sequenceSize = -1;  ///< number of parts of that message, -1 if none
    QString sequenceId;     ///< identifies the message the part (or merged message) belongs to

    /// True for one part of a structured-append message that has not been merged.
    bool isSequencePart() const { return sequenceSize > 1 && sequenceIndex >= 0; }
};

/// Collects structured-append parts (from one image or from successive camera frames) and
/// merges each message once every part has been seen. Not thread-safe: use from one thread.
class SequenceAssembler {
public:
    /// Adds a part; returns the merged message when `part` completes it. Codes that are not
    /// parts come back unchanged. Repeated parts are ignored; a part that differs from the
    /// one already held at its index starts the message over (ids can collide), and a
    /// completed message whose parity does not match its id is dropped.
    std::optional<DecodedCode> add(const DecodedCode &part);
    /// Parts seen so far of the message `id`.
    int partsSeen(const QString &id) const;
    void clear() { m_pending.clear(); }

private:
    struct Pending {
        QString id;
        QList<std::optional<DecodedCode>> parts;
    };
    QList<Pending> m_pending; // few messages at a time; the oldest is dropped beyond a small cap
};

/// Resolves the text of a payload that carries no ECI. `guessed` is the decoder library's
/// guess; when it shows the typical signs of GB2312/GB18030 bytes read as Latin-1 or
/// Shift_JIS (Latin-1 letters, invalid characters, half-width katakana mixed with kanji)
/// and every non-ASCII byte pairs up as a GB2312 character, the GB18030 reading of `bytes`
/// is returned instead. Text that is plausible as read is kept. Pure and thread-safe.
QString resolveUnmarkedText(const QByteArray &bytes, const QString &guessed);

/// Text of a payload with ECI designators, given as zxing-cpp's ECI transmission form
/// (`bytesECI()`), when it uses a character set zxing-cpp 1.4 misreads (ECI 31 GBK, 32
/// GB18030); std::nullopt when the library's own text is right or the content is not
/// understood. Pure and thread-safe.
std::optional<QString> resolveEciText(const QByteArray &content);

} // namespace tq
