#pragma once

#include "core/scan/decodedcode.h"

#include <QElapsedTimer>
#include <QHash>
#include <QImage>
#include <QObject>
#include <QPointer>
#include <QThreadPool>
#include <QVideoFrame>
#include <QVideoSink>

#include <atomic>
#include <functional>

namespace tq {

/// The camera side of the scanner. Frames (QVideoFrame or QImage) are offered from any
/// thread, typically straight from QVideoSink::videoFrameChanged by direct connection.
/// Each accepted frame runs ONE QrDecoder strategy, the next in the list each time, on a
/// private one-thread pool, so a frame costs about one decode pass; a frame offered while
/// the previous one is still being decoded is dropped, never queued, and the offering
/// thread never waits. For YUV frames the luminance plane is read in place.
///
/// Results come back as queued signals in the thread this object lives in. The same text
/// is not emitted again within debounceInterval(); structured-append parts are collected
/// across frames and emitted once as the whole message.
///
/// Ownership: a normal QObject. The destructor waits for the frame being decoded (at most
/// one decode pass). The video sink, if set, is not owned.
class FrameDecoder : public QObject {
    Q_OBJECT
public:
    explicit FrameDecoder(QObject *parent = nullptr);
    ~FrameDecoder() override;

    /// Offers a frame; returns false when it was dropped (decoder busy or frame invalid).
    /// Thread-safe; never blocks.
    bool offerFrame(const QVideoFrame &frame);
    bool offerImage(const QImage &image);

    /// Decodes the frames of `sink` (direct connection); nullptr disconnects.
    void setVideoSink(QVideoSink *sink);
    QVideoSink *videoSink() const { return m_sink; }

    /// Minimum time between two emissions of the same text (default 2000 ms).
    void setDebounceInterval(int msecs) { m_debounceMs = msecs; }
    int debounceInterval() const { return m_debounceMs; }

    /// Blocks until the frame being decoded (if any) is done and its results are queued.
    /// For tests and shutdown; never call it from a UI path.
    void waitForIdle();

    int framesAccepted() const { return m_accepted.load(); }
    int framesDropped() const { return m_dropped.load(); }
    /// How often a text was read again within debounceInterval() and not emitted. Owner thread.
    int repeatsSuppressed() const { return m_repeatsSuppressed; }

Q_SIGNALS:
    /// A code's text (or a whole structured-append message) was read.
    void decoded(const QString &text);
    /// Part `seen` of `total` of a structured-append message was read; the message follows
    /// as decoded() once all parts are in.
    void sequenceProgress(int seen, int total);

private:
    // Runs `decode` for the next strategy on the pool if it is free; results go to deliver().
    bool start(std::function<QList<DecodedCode>(int strategy)> decode);
    void deliver(const QList<DecodedCode> &codes);

    QThreadPool m_pool;
    QPointer<QVideoSink> m_sink;
    QMetaObject::Connection m_sinkConnection;
    std::atomic<int> m_nextStrategy{0};
    std::atomic<int> m_accepted{0};
    std::atomic<int> m_dropped{0};
    // Owner-thread state only.
    int m_debounceMs = 2000;
    int m_repeatsSuppressed = 0;
    QElapsedTimer m_clock;
    QHash<QString, qint64> m_lastEmitted;
    SequenceAssembler m_assembler;
};

} // namespace tq
