#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace tq::server {

/// What a RequestFront lets through one request.
struct RequestLimits {
    /// Request line and header lines of one request, line ends included (and the trailer lines
    /// of a chunked body, counted apart).
    qsizetype maxHeadBytes = 16 * 1024;
    /// Decoded body of one request (Content-Length, or the sum of the chunk sizes).
    qsizetype maxBodyBytes = 64 * 1024;
    /// Chunk-size lines, extensions and line ends of one chunked body: without this, a body of
    /// one-byte chunks with long extensions would cost far more than maxBodyBytes to buffer.
    qsizetype maxChunkFramingBytes = 16 * 1024;
};

/// The first reader of a connection's bytes: follows HTTP/1.1 request boundaries as bytes arrive
/// (request line and headers, Content-Length or chunked bodies, pipelined requests one after
/// another) and says whether the stream may go on to the HTTP server or must be refused, before
/// anything it refuses has to be held in memory. It keeps no more than one line of the head at a
/// time, never a body.
///
/// Refused: a head past maxHeadBytes (431); a body announced or grown past maxBodyBytes, or a
/// chunked framing past maxChunkFramingBytes (413); framing that two readers could read
/// differently — Content-Length together with Transfer-Encoding, differing or non-decimal
/// Content-Length values, a transfer coding other than plain `chunked`, folded or nameless
/// header lines, a malformed request line or chunk — (400). A refusal is final: every later
/// feed() returns it again, and the connection is to be answered with it and closed.
///
/// Pure and socket-free, so it can be fuzzed: a value type, no I/O, no allocation beyond one
/// head line. Not thread-safe; one front per connection.
class RequestFront {
public:
    enum class Verdict {
        GoOn, ///< nothing wrong so far: pass the bytes on
        BadRequest, ///< 400
        PayloadTooLarge, ///< 413
        HeadersTooLarge, ///< 431
    };

    explicit RequestFront(RequestLimits limits = {});

    /// Reads the next bytes of the connection, in order, and returns the verdict so far.
    Verdict feed(QByteArrayView bytes);
    Verdict verdict() const { return m_verdict; }
    /// Why the stream was refused, in English for the log and the error body; empty on GoOn.
    QString reason() const { return m_reason; }
    /// Requests read to their end so far.
    qint64 completedRequests() const { return m_completed; }
    /// True between requests (nothing of the next request read yet).
    bool atRequestBoundary() const { return m_state == State::RequestLine && m_line.isEmpty() && m_headBytes == 0; }

    /// The HTTP status of a refusal (400, 413 or 431); 0 for GoOn.
    static int httpStatus(Verdict verdict);

private:
    enum class State { RequestLine, Headers, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers };

    Verdict refuse(Verdict verdict, const QString &reason);
    /// Takes bytes up to and including the next '\n' into m_line; true once the line is whole.
    bool takeLine(QByteArrayView &bytes, qsizetype limit, qsizetype &counter, Verdict tooLong);
    void requestLine();
    void headerLine();
    void headEnd();
    void chunkSizeLine();
    void requestDone();

    RequestLimits m_limits;
    Verdict m_verdict = Verdict::GoOn;
    QString m_reason;
    State m_state = State::RequestLine;
    QByteArray m_line; ///< the line being read, without its end
    qsizetype m_headBytes = 0;
    qsizetype m_framingBytes = 0;
    qint64 m_contentLength = -1;
    bool m_transferEncoding = false;
    qint64 m_remaining = 0; ///< body or chunk bytes still to come
    qint64 m_bodyBytes = 0;
    qint64 m_completed = 0;
};

} // namespace tq::server
