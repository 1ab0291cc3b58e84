#include "core/scan/framedecoder.h"

#include "core/common/logging.h"
#include "core/scan/qrdecoder.h"

#include <QScopeGuard>
#include <QVideoSink>

namespace tq {

namespace {

// Formats whose plane 0 is 8-bit luminance, one byte per pixel.
bool hasLumaPlane(QVideoFrameFormat::PixelFormat f)
{
    switch (f) {
    case QVideoFrameFormat::Format_YUV420P:
    case QVideoFrameFormat::Format_YUV422P:
    case QVideoFrameFormat::Format_YV12:
    case QVideoFrameFormat::Format_NV12:
    case QVideoFrameFormat::Format_NV21:
    case QVideoFrameFormat::Format_IMC1:
    case QVideoFrameFormat::Format_IMC2:
    case QVideoFrameFormat::Format_IMC3:
    case QVideoFrameFormat::Format_IMC4:
    case QVideoFrameFormat::Format_Y8:
        return true;
    default:
        return false;
    }
}

bool isPacked(QVideoFrameFormat::PixelFormat f)
{
    return f == QVideoFrameFormat::Format_UYVY || f == QVideoFrameFormat::Format_YUYV;
}

// Whether the worker can read `frame` from memory itself: luminance-first YUV, packed 4:2:2 or
// RGB. Anything else (GPU textures, JPEG, 10/16-bit) needs QVideoFrame::toImage().
bool readableInMemory(const QVideoFrame &frame)
{
    const QVideoFrameFormat::PixelFormat f = frame.pixelFormat();
    return frame.handleType() == QVideoFrame::NoHandle
        && (hasLumaPlane(f) || isPacked(f) || QVideoFrameFormat::imageFormatFromPixelFormat(f) != QImage::Format_Invalid);
}

// Packed 4:2:2: luminance is every second byte, starting at `offset`.
QImage lumaOfPacked(const QVideoFrame &mapped, int offset)
{
    QImage gray(mapped.width(), mapped.height(), QImage::Format_Grayscale8);
    for (int y = 0; y < gray.height(); ++y) {
        const uchar *src = mapped.bits(0) + qsizetype(y) * mapped.bytesPerLine(0) + offset;
        uchar *dst = gray.scanLine(y);
        for (int x = 0; x < gray.width(); ++x)
            dst[x] = src[2 * x];
    }
    return gray;
}

// A frame readableInMemory(), on the worker.
QList<DecodedCode> decodeFrame(QVideoFrame frame, int strategy)
{
    const QVideoFrameFormat::PixelFormat format = frame.pixelFormat();
    const QImage::Format rgbFormat = QVideoFrameFormat::imageFormatFromPixelFormat(format);
    const bool packed = isPacked(format);
    if (!frame.map(QVideoFrame::ReadOnly))
        return {};
    const auto unmap = qScopeGuard([&frame] { frame.unmap(); });
    if (hasLumaPlane(format)) {
        const LumaView luma{frame.bits(0), frame.width(), frame.height(), frame.bytesPerLine(0)};
        return QrDecoder::decodeStep(luma, strategy);
    }
    // QVideoFrame::toImage() goes through the RHI and fails off the GUI thread; RGB and
    // packed YUV are converted here on the CPU instead.
    const QImage gray = packed ? lumaOfPacked(frame, format == QVideoFrameFormat::Format_UYVY ? 1 : 0)
                               : Luma::fromImage(QImage(frame.bits(0), frame.width(), frame.height(),
                                                        frame.bytesPerLine(0), rgbFormat));
    return QrDecoder::decodeStep(LumaView::of(gray), strategy);
}

} // namespace

FrameDecoder::FrameDecoder(QObject *parent)
    : QObject(parent)
{
    m_pool.setMaxThreadCount(1);
    m_pool.setObjectName(QStringLiteral("tq-frame-decoder"));
    m_clock.start();
}

FrameDecoder::~FrameDecoder()
{
    setVideoSink(nullptr);
    m_pool.waitForDone();
}

bool FrameDecoder::claimWorker()
{
    bool idle = false;
    if (m_busy.compare_exchange_strong(idle, true))
        return true;
    m_dropped.fetch_add(1);
    return false;
}

void FrameDecoder::runOnWorker(std::function<QList<DecodedCode>(int strategy)> decode)
{
    m_accepted.fetch_add(1);
    // The strategy index is taken only when a frame is decoded, so dropped frames do not skip
    // strategies. start(), not tryStart(): the worker is ours, but its thread may still be
    // returning from the previous frame.
    m_pool.start([this, decode = std::move(decode)] {
        const QList<DecodedCode> codes = decode(m_nextStrategy.fetch_add(1) % QrDecoder::strategyCount());
        if (!codes.isEmpty())
            QMetaObject::invokeMethod(this, [this, codes] { deliver(codes); }, Qt::QueuedConnection);
        m_busy.store(false);
    });
}

bool FrameDecoder::offerFrame(const QVideoFrame &frame)
{
    if (!frame.isValid()) {
        m_dropped.fetch_add(1);
        return false;
    }
    if (!claimWorker())
        return false;
    if (readableInMemory(frame)) {
        runOnWorker([frame](int strategy) { return decodeFrame(frame, strategy); });
        return true;
    }
    // Textures (the usual Android camera frame) and JPEG: QVideoFrame::toImage() goes through
    // the RHI, which works only on the thread that delivers the frame, and the camera may reuse
    // the buffer once this returns. So convert here; the worker is already ours, so a frame
    // that arrives while it is busy was dropped above without being converted.
    const QImage image = frame.toImage();
    if (image.isNull()) {
        qCDebug(lcCoreScan) << "a camera frame of format" << frame.pixelFormat() << "could not be converted";
        m_busy.store(false);
        m_dropped.fetch_add(1);
        return false;
    }
    runOnWorker(imageDecoder(image));
    return true;
}

bool FrameDecoder::offerImage(const QImage &image)
{
    if (image.isNull()) {
        m_dropped.fetch_add(1);
        return false;
    }
    if (!claimWorker())
        return false;
    runOnWorker(imageDecoder(image));
    return true;
}

std::function<QList<DecodedCode>(int)> FrameDecoder::imageDecoder(const QImage &image)
{
    return [image](int strategy) {
        const QImage gray = Luma::fromImage(image);
        return QrDecoder::decodeStep(LumaView::of(gray), strategy);
    };
}

void FrameDecoder::setVideoSink(QVideoSink *sink)
{
    if (m_sink == sink)
        return;
    disconnect(m_sinkConnection);
    m_sink = sink;
    if (sink) {
        // Direct: the frame is offered in the thread that produced it, so a busy decoder
        // drops it there instead of piling frames into an event queue.
        m_sinkConnection = connect(sink, &QVideoSink::videoFrameChanged, this, &FrameDecoder::offerFrame,
                                   Qt::DirectConnection);
    }
}

void FrameDecoder::waitForIdle()
{
    m_pool.waitForDone();
}

void FrameDecoder::deliver(const QList<DecodedCode> &codes)
{
    for (const DecodedCode &code : codes) {
        const std::optional<DecodedCode> whole = m_assembler.add(code);
        if (!whole) {
            Q_EMIT sequenceProgress(m_assembler.partsSeen(code.sequenceId), code.sequenceSize);
            continue;
        }
        const qint64 now = m_clock.elapsed();
        m_lastEmitted.removeIf([&](const auto &entry) { return now - entry.value() >= m_debounceMs; });
        const auto last = m_lastEmitted.constFind(whole->text);
        if (last != m_lastEmitted.cend() && now - *last < m_debounceMs) {
            ++m_repeatsSuppressed;
            continue;
        }
        m_lastEmitted.insert(whole->text, now);
        qCDebug(lcCoreScan) << "frame decoded a code of" << whole->text.size() << "characters";
        Q_EMIT decoded(whole->text);
    }
}

} // namespace tq
