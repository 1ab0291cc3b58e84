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
/// thread never waits. For YUV frames in memory the luminance plane is read in place, on the
/// worker. Frames the worker cannot read from memory (GPU textures, as Android cameras deliver
/// them, and JPEG) are converted to an image on the offering thread, where the graphics
/// context of a texture lives, and only when the worker is free to take them.
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

    /// Offers a frame; returns false when it was dropped (decoder busy, frame invalid, or a
    /// texture or JPEG frame that could not be converted). Thread-safe; never waits for the
    /// worker (a texture or JPEG frame the worker takes is converted before this returns).
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
    // Takes the one worker if it is idle; otherwise counts the frame as dropped.
    bool claimWorker();
    // Runs `decode` for the next strategy on the claimed worker, which it frees afterwards;
    // results go to deliver().
    void runOnWorker(std::function<QList<DecodedCode>(int strategy)> decode);
    static std::function<QList<DecodedCode>(int strategy)> imageDecoder(const QImage &image);
    void deliver(const QList<DecodedCode> &codes);

    QThreadPool m_pool;
    QPointer<QVideoSink> m_sink;
    QMetaObject::Connection m_sinkConnection;
    std::atomic<bool> m_busy{false};
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
