#include "core/scan/framedecoder.h"
#include "core/scan/qrdecoder.h"
#include "scanfixtures.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QVideoFrame>
#include <QVideoFrameFormat>
#include <QVideoSink>

#include <cstring>

using namespace tq;
using namespace tq::scantest;

namespace {
const QString Payload = QStringLiteral("https://ebid.example.cn/login?qr=7f41c2");

// Offers `frame` until a code is emitted; returns how many frames that took (0: never).
template <typename Offer>
int framesUntilDecoded(FrameDecoder &decoder, QSignalSpy &spy, Offer offer, int maxFrames)
{
    for (int i = 1; i <= maxFrames; ++i) {
        if (!offer())
            return -1;
        decoder.waitForIdle();
        QCoreApplication::processEvents();
        if (!spy.isEmpty())
            return i;
    }
    return 0;
}

QVideoFrame bgraFrame(const QImage &image)
{
    const QImage argb = image.convertToFormat(QImage::Format_ARGB32);
    QVideoFrame frame(QVideoFrameFormat(argb.size(), QVideoFrameFormat::Format_BGRA8888));
    if (!frame.map(QVideoFrame::WriteOnly))
        return {};
    for (int y = 0; y < argb.height(); ++y)
        std::memcpy(frame.bits(0) + qsizetype(y) * frame.bytesPerLine(0), argb.constScanLine(y), size_t(argb.width()) * 4);
    frame.unmap();
    return frame;
}

QByteArray jpegOf(const QImage &image)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "JPG", 90);
    return bytes;
}

// A camera frame as a webcam's MJPEG stream delivers it: Format_Jpeg, the file's bytes in plane 0.
QVideoFrame jpegFrame(const QByteArray &jpeg, QSize size)
{
    QVideoFrame frame(QVideoFrameFormat(size, QVideoFrameFormat::Format_Jpeg));
    if (!frame.map(QVideoFrame::WriteOnly))
        return {};
    if (frame.mappedBytes(0) < jpeg.size()) {
        frame.unmap();
        return {};
    }
    std::memcpy(frame.bits(0), jpeg.constData(), size_t(jpeg.size()));
    frame.unmap();
    return frame;
}

// What a camera does with a buffer once the sink has seen it: fills it with the next picture.
// False if someone still has it mapped.
bool reuseBuffer(QVideoFrame frame)
{
    if (!frame.map(QVideoFrame::WriteOnly))
        return false;
    for (int plane = 0; plane < frame.planeCount(); ++plane)
        std::memset(frame.bits(plane), 0, size_t(frame.mappedBytes(plane)));
    frame.unmap();
    return true;
}
} // namespace

class TestFrameDecoder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void imageFramesDecodeOnce()
    {
        FrameDecoder decoder;
        QSignalSpy spy(&decoder, &FrameDecoder::decoded);
        const QImage frame = cameraFrame(QSize(1280, 720), qrImage(Payload.toUtf8(), 8), 11);
        QCOMPARE(framesUntilDecoded(decoder, spy, [&] { return decoder.offerImage(frame); }, 3), 1);
        QCOMPARE(spy.first().first().toString(), Payload);
        // Debounced: more frames of the same code within the interval emit nothing.
        for (int i = 0; i < 4; ++i) {
            QVERIFY(decoder.offerImage(frame));
            decoder.waitForIdle();
        }
        QCoreApplication::processEvents();
        QCOMPARE(spy.size(), 1);
        // Without debouncing the same code comes again.
        decoder.setDebounceInterval(0);
        spy.clear();
        QVERIFY(framesUntilDecoded(decoder, spy, [&] { return decoder.offerImage(frame); }, QrDecoder::strategyCount()) >= 1);
    }

    // A light-on-dark code is read only by the "inverted" strategy: the pipeline must
    // reach it by rotating strategies across frames, never more than one cycle later.
    void strategiesRotateAcrossFrames()
    {
        FrameDecoder decoder;
        QSignalSpy spy(&decoder, &FrameDecoder::decoded);
        QImage code = qrImage(Payload.toUtf8(), 6);
        code.invertPixels();
        const int frames = framesUntilDecoded(decoder, spy, [&] { return decoder.offerImage(code); },
                                              QrDecoder::strategyCount());
        QVERIFY2(frames > 1, "the first strategy should not read an inverted code");
        QCOMPARE(QrDecoder::strategyName(frames - 1), QStringLiteral("inverted"));
        QCOMPARE(decoder.framesAccepted(), frames);
    }

    void busyDecoderDropsFrames()
    {
        FrameDecoder decoder;
        // A large textured frame keeps the one worker busy for a while; frames offered
        // meanwhile are refused at once instead of queueing.
        const QImage big = cameraFrame(QSize(4000, 3000), QImage(), 5);
        QVERIFY(decoder.offerImage(big));
        QElapsedTimer offering;
        offering.start();
        QVERIFY(!decoder.offerImage(big));
        QVERIFY(!decoder.offerImage(big));
        // Refusing is immediate: the offering (UI or camera) thread never waits.
        QVERIFY2(offering.elapsed() < 20, qPrintable(QString::number(offering.elapsed())));
        QCOMPARE(decoder.framesDropped(), 2);
        decoder.waitForIdle();
        QVERIFY(decoder.offerImage(big));
        QCOMPARE(decoder.framesAccepted(), 2);
        QVERIFY(!decoder.offerFrame(QVideoFrame()));
    }

    // A JPEG frame that comes while the worker is busy is dropped before it is converted:
    // refusing it costs no decoding on the camera's thread.
    void busyDecoderDropsJpegFramesUnconverted()
    {
        const QImage big = cameraFrame(QSize(4000, 3000), QImage(), 7);
        const QVideoFrame jpeg = jpegFrame(jpegOf(big), big.size());
        QVERIFY(jpeg.isValid());
        FrameDecoder decoder;
        QVERIFY(decoder.offerImage(big));
        QElapsedTimer offering;
        offering.start();
        QVERIFY(!decoder.offerFrame(jpeg));
        QVERIFY2(offering.elapsed() < 20, qPrintable(QString::number(offering.elapsed())));
        QCOMPARE(decoder.framesDropped(), 1);
        decoder.waitForIdle();
        QCOMPARE(decoder.framesAccepted(), 1);
    }

    // JPEG frames (and GPU textures, which need the same QVideoFrame::toImage()) are converted
    // on the thread that delivers them, before the sink's signal returns: the camera may reuse
    // the buffer right after, and the code is still read.
    void jpegFramesAreConvertedOnTheCameraThread()
    {
        const QImage image = cameraFrame(QSize(1280, 720), qrImage(Payload.toUtf8(), 8), 31);
        const QByteArray jpeg = jpegOf(image);
        QVERIFY(!jpeg.isEmpty());
        QVideoSink sink;
        FrameDecoder decoder;
        decoder.setVideoSink(&sink);
        QSignalSpy spy(&decoder, &FrameDecoder::decoded);
        QThread camera;
        camera.start();
        const auto stop = qScopeGuard([&camera] {
            camera.quit();
            camera.wait();
        });
        QObject onCamera;
        onCamera.moveToThread(&camera);
        int accepted = 0;
        const int frames = framesUntilDecoded(decoder, spy, [&] {
            const QVideoFrame frame = jpegFrame(jpeg, image.size());
            if (!frame.isValid())
                return false;
            bool reused = false;
            QMetaObject::invokeMethod(&onCamera, [&] {
                sink.setVideoFrame(frame);
                reused = reuseBuffer(frame);
            }, Qt::BlockingQueuedConnection);
            return reused && decoder.framesAccepted() == ++accepted;
        }, 3);
        QVERIFY2(frames >= 1, "not decoded within 3 frames");
        QCOMPARE(spy.first().first().toString(), Payload);
        QCOMPARE(decoder.framesDropped(), 0);
    }

    // Frames that cannot be read cost nothing and never block the decoder: a JPEG frame that
    // is not a JPEG or cannot be mapped is refused at once; a YUV frame that cannot be mapped
    // is taken but yields nothing. The next good frame is read.
    void unreadableFramesAreDroppedAndTheDecoderGoesOn()
    {
        const QImage image = cameraFrame(QSize(1280, 720), qrImage(Payload.toUtf8(), 8), 41);
        FrameDecoder decoder;
        QSignalSpy spy(&decoder, &FrameDecoder::decoded);

        QVERIFY(!decoder.offerFrame(jpegFrame(QByteArray(4096, 'x'), image.size())));
        QCOMPARE(decoder.framesDropped(), 1);

        QVideoFrame mappedJpeg = jpegFrame(jpegOf(image), image.size());
        QVERIFY(mappedJpeg.map(QVideoFrame::WriteOnly)); // its producer still writes into it
        QVERIFY(!decoder.offerFrame(mappedJpeg));
        QCOMPARE(decoder.framesDropped(), 2);
        mappedJpeg.unmap();

        QVideoFrame mappedYuv = yuv420Frame(Luma::fromImage(image));
        QVERIFY(mappedYuv.map(QVideoFrame::WriteOnly));
        QVERIFY(decoder.offerFrame(mappedYuv));
        decoder.waitForIdle();
        QCoreApplication::processEvents();
        QCOMPARE(spy.size(), 0);
        mappedYuv.unmap();
        QCOMPARE(decoder.framesAccepted(), 1);

        QVERIFY(framesUntilDecoded(decoder, spy, [&] { return decoder.offerImage(image); },
                                   QrDecoder::strategyCount()) >= 1);
        QCOMPARE(spy.first().first().toString(), Payload);
    }

    void videoFramesThroughASink_data()
    {
        QTest::addColumn<bool>("planar");
        QTest::newRow("YUV420P, luminance plane in place") << true;
        QTest::newRow("BGRA8888, converted") << false;
    }
    void videoFramesThroughASink()
    {
        QFETCH(bool, planar);
        const QImage image = cameraFrame(QSize(1280, 720), qrImage(Payload.toUtf8(), 8), 23);
        const QVideoFrame frame = planar ? yuv420Frame(Luma::fromImage(image)) : bgraFrame(image);
        QVERIFY(frame.isValid());
        QVideoSink sink;
        FrameDecoder decoder;
        decoder.setVideoSink(&sink);
        QCOMPARE(decoder.videoSink(), &sink);
        QSignalSpy spy(&decoder, &FrameDecoder::decoded);
        const int frames = framesUntilDecoded(decoder, spy, [&] {
            sink.setVideoFrame(frame);
            return true;
        }, 3);
        QVERIFY2(frames >= 1, "not decoded within 3 frames");
        QCOMPARE(spy.first().first().toString(), Payload);
        decoder.setVideoSink(nullptr);
        sink.setVideoFrame(frame);
        QCOMPARE(decoder.framesAccepted(), frames);
    }

    // The camera path reads the photo set like the still-image path: each photo offered as
    // frames until read (at most one strategy cycle); the structured-append parts are
    // shown one after another and must come out as their whole message.
    void photoSetThroughThePipeline()
    {
        const QList<Photo> photos = loadPhotoSet(QStringLiteral(TONGQIAN_SHARED_DIR "/data/qr-photos"));
        if (photos.isEmpty())
            QFAIL("The photo set must be beside the project (TONGQIAN_SHARED_DIR/data/qr-photos)");
        FrameDecoder sequenceDecoder;
        QSignalSpy sequenceSpy(&sequenceDecoder, &FrameDecoder::decoded);
        QList<Photo> parts;
        PhotoScore score;
        for (const Photo &photo : photos) {
            const QImage image(photo.path);
            if (photo.isSequencePart) {
                parts.append(photo);
                framesUntilDecoded(sequenceDecoder, sequenceSpy, [&] { return sequenceDecoder.offerImage(image); },
                                   QrDecoder::strategyCount());
                continue;
            }
            FrameDecoder decoder;
            QSignalSpy spy(&decoder, &FrameDecoder::decoded);
            framesUntilDecoded(decoder, spy, [&] { return decoder.offerImage(image); }, QrDecoder::strategyCount());
            QStringList texts;
            for (const QList<QVariant> &args : spy)
                texts.append(args.first().toString());
            score.add(photo, tq::scantest::score(photo, texts));
        }
        QStringList messages;
        for (const QList<QVariant> &args : sequenceSpy)
            messages.append(args.first().toString());
        for (Photo part : std::as_const(parts)) {
            part.isSequencePart = false; // the whole message must match
            score.add(part, tq::scantest::score(part, messages));
        }
        qInfo("pipeline: %d/%d; missed: %s", score.correct, score.total, qPrintable(score.missed.join(u", ")));
        QVERIFY2(score.wrong.isEmpty(), qPrintable(score.wrong.join(u", ")));
        QVERIFY2(score.correct >= 80, qPrintable(QString::number(score.correct)));
    }

    void structuredAppendAcrossFrames()
    {
        const QByteArray message = QByteArray("Tender notice, section by section. ").repeated(6);
        const QList<QImage> parts = structuredQrImages(message, 4, 6);
        QVERIFY(parts.size() > 1);
        FrameDecoder decoder;
        QSignalSpy decoded(&decoder, &FrameDecoder::decoded);
        QSignalSpy progress(&decoder, &FrameDecoder::sequenceProgress);
        for (const QImage &part : parts) {
            // Plain-strategy frames only, so each part is read by its first frame.
            while (decoder.framesAccepted() % QrDecoder::strategyCount() != 0) {
                QVERIFY(decoder.offerImage(QImage(8, 8, QImage::Format_Grayscale8)));
                decoder.waitForIdle();
            }
            QVERIFY(decoder.offerImage(part));
            decoder.waitForIdle();
            QCoreApplication::processEvents();
        }
        QCOMPARE(progress.size(), parts.size() - 1);
        QCOMPARE(progress.last().at(0).toInt(), int(parts.size()) - 1);
        QCOMPARE(decoded.size(), 1);
        QCOMPARE(decoded.first().first().toString(), QString::fromLatin1(message));
    }
};

QTEST_GUILESS_MAIN(TestFrameDecoder)
#include "tst_framedecoder.moc"
