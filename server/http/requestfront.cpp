#include "server/http/requestfront.h"

#include <QList>

#include <algorithm>
#include <limits>

namespace tq::server {

namespace {

bool isDigits(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool isHexDigits(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    });
}

bool isToken(QByteArrayView text)
{
    // RFC 9110 tchar, which is what header names and methods are made of.
    static constexpr QByteArrayView extra = "!#$%&'*+-.^_`|~";
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || extra.contains(c);
    });
}

} // namespace

RequestFront::RequestFront(RequestLimits limits) : m_limits(limits)
{
}

int RequestFront::httpStatus(Verdict verdict)
{
    switch (verdict) {
    case Verdict::GoOn:
        return 0;
    case Verdict::BadRequest:
        return 400;
    case Verdict::PayloadTooLarge:
        return 413;
    case Verdict::HeadersTooLarge:
        return 431;
    }
    return 400;
}

RequestFront::Verdict RequestFront::refuse(Verdict verdict, const QString &reason)
{
    if (m_verdict == Verdict::GoOn) {
        m_verdict = verdict;
        m_reason = reason;
    }
    return m_verdict;
}

bool RequestFront::takeLine(QByteArrayView &bytes, qsizetype limit, qsizetype &counter, Verdict tooLong)
{
    const qsizetype end = bytes.indexOf('\n');
    const qsizetype take = end < 0 ? bytes.size() : end + 1;
    counter += take;
    if (counter > limit) {
        refuse(tooLong, tooLong == Verdict::HeadersTooLarge
                            ? QStringLiteral("The request headers are larger than %1 KiB.").arg(limit / 1024)
                            : QStringLiteral("The chunked body's framing is larger than %1 KiB.").arg(limit / 1024));
        return false;
    }
    m_line.append(bytes.first(end < 0 ? take : end));
    bytes = bytes.sliced(take);
    if (end < 0)
        return false;
    if (m_line.endsWith('\r'))
        m_line.chop(1);
    return true;
}

RequestFront::Verdict RequestFront::feed(QByteArrayView bytes)
{
    while (!bytes.isEmpty() && m_verdict == Verdict::GoOn) {
        switch (m_state) {
        case State::RequestLine:
        case State::Headers:
            if (takeLine(bytes, m_limits.maxHeadBytes, m_headBytes, Verdict::HeadersTooLarge)) {
                if (m_state == State::RequestLine)
                    requestLine();
                else
                    headerLine();
                m_line.clear();
            }
            break;
        case State::Trailers:
            if (takeLine(bytes, m_limits.maxHeadBytes, m_headBytes, Verdict::HeadersTooLarge)) {
                if (m_line.isEmpty())
                    requestDone();
                else if (!isToken(QByteArrayView(m_line).first(std::max<qsizetype>(m_line.indexOf(':'), 0))))
                    refuse(Verdict::BadRequest, QStringLiteral("A trailer line of the chunked body is malformed."));
                m_line.clear();
            }
            break;
        case State::ChunkSize:
        case State::ChunkDataEnd:
            if (takeLine(bytes, m_limits.maxChunkFramingBytes, m_framingBytes, Verdict::PayloadTooLarge)) {
                if (m_state == State::ChunkSize)
                    chunkSizeLine();
                else if (!m_line.isEmpty())
                    refuse(Verdict::BadRequest, QStringLiteral("A chunk of the body is longer than its size says."));
                else
                    m_state = State::ChunkSize;
                m_line.clear();
            }
            break;
        case State::Body:
        case State::ChunkData: {
            const qsizetype take = qsizetype(std::min<qint64>(m_remaining, bytes.size()));
            m_remaining -= take;
            bytes = bytes.sliced(take);
            if (m_remaining == 0) {
                if (m_state == State::Body)
                    requestDone();
                else
                    m_state = State::ChunkDataEnd;
            }
            break;
        }
        }
    }
    return m_verdict;
}

void RequestFront::requestLine()
{
    if (m_line.isEmpty())
        return; // empty lines before a request line are tolerated (RFC 9112 §2.2), within the head limit
    const QList<QByteArray> parts = m_line.split(' ');
    if (parts.size() != 3 || !isToken(parts[0]) || parts[1].isEmpty() || !parts[2].startsWith("HTTP/1.")) {
        refuse(Verdict::BadRequest, QStringLiteral("The request line is malformed."));
        return;
    }
    m_state = State::Headers;
}

void RequestFront::headerLine()
{
    if (m_line.isEmpty()) {
        headEnd();
        return;
    }
    const qsizetype colon = m_line.indexOf(':');
    // A folded line (leading white space) or a name with white space before the colon is read
    // differently by different parsers, which is how requests get smuggled.
    if (colon <= 0 || !isToken(QByteArrayView(m_line).first(colon))) {
        refuse(Verdict::BadRequest, QStringLiteral("A header line is malformed."));
        return;
    }
    const QByteArray name = m_line.first(colon).toLower();
    const QByteArray value = m_line.sliced(colon + 1).trimmed();
    if (name == "content-length") {
        if (!isDigits(value)) {
            refuse(Verdict::BadRequest, QStringLiteral("The Content-Length header is not a number."));
            return;
        }
        // Past 18 digits it no longer fits a qint64, and it is far past any limit anyway.
        const qint64 length = value.size() > 18 ? std::numeric_limits<qint64>::max() : value.toLongLong();
        if (m_contentLength >= 0 && m_contentLength != length) {
            refuse(Verdict::BadRequest, QStringLiteral("The request has two different Content-Length headers."));
            return;
        }
        m_contentLength = length;
    } else if (name == "transfer-encoding") {
        if (m_transferEncoding || value.toLower() != "chunked") {
            refuse(Verdict::BadRequest, QStringLiteral("Only one plain 'chunked' transfer coding is accepted."));
            return;
        }
        m_transferEncoding = true;
    }
}

void RequestFront::headEnd()
{
    if (m_transferEncoding && m_contentLength >= 0) {
        refuse(Verdict::BadRequest, QStringLiteral("The request has both Content-Length and Transfer-Encoding."));
        return;
    }
    if (m_transferEncoding) {
        m_state = State::ChunkSize;
        return;
    }
    if (m_contentLength > m_limits.maxBodyBytes) {
        refuse(Verdict::PayloadTooLarge,
               QStringLiteral("The request body is larger than %1 KiB.").arg(m_limits.maxBodyBytes / 1024));
        return;
    }
    m_remaining = std::max<qint64>(m_contentLength, 0);
    m_state = State::Body;
    if (m_remaining == 0)
        requestDone();
}

void RequestFront::chunkSizeLine()
{
    const qsizetype extension = m_line.indexOf(';');
    const QByteArray size = (extension < 0 ? m_line : m_line.first(extension)).trimmed();
    if (!isHexDigits(size)) {
        refuse(Verdict::BadRequest, QStringLiteral("A chunk size of the body is malformed."));
        return;
    }
    // Eight hex digits already exceed any body limit; more could overflow.
    const qint64 chunk = size.size() > 8 ? std::numeric_limits<qint64>::max() : size.toLongLong(nullptr, 16);
    if (chunk > m_limits.maxBodyBytes - m_bodyBytes) {
        refuse(Verdict::PayloadTooLarge,
               QStringLiteral("The request body is larger than %1 KiB.").arg(m_limits.maxBodyBytes / 1024));
        return;
    }
    m_bodyBytes += chunk;
    if (chunk == 0) {
        m_headBytes = 0; // trailers have a head limit of their own
        m_state = State::Trailers;
        return;
    }
    m_remaining = chunk;
    m_state = State::ChunkData;
}

void RequestFront::requestDone()
{
    ++m_completed;
    m_state = State::RequestLine;
    m_headBytes = 0;
    m_framingBytes = 0;
    m_contentLength = -1;
    m_transferEncoding = false;
    m_remaining = 0;
    m_bodyBytes = 0;
}

} // namespace tq::server
