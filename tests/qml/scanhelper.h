#pragma once

// What the Qt Quick tests need to feed the scanner: camera-like frames pushed into a
// VideoOutput's video sink, and QR codes as image files.
#include "scanfixtures.h"

#include <QObject>
#include <QTemporaryDir>
#include <QUrl>
#include <QVideoSink>

class ScanHelper : public QObject {
    Q_OBJECT
public:
    /// Pushes one synthetic 720p camera frame showing a QR code of `text` (tilted, blurred,
    /// noised; YUV 4:2:0 like a camera) into the sink of `videoOutput`. False without a sink.
    Q_INVOKABLE bool pushQrFrame(QObject *videoOutput, const QString &text, int seed)
    {
        auto *sink = videoOutput ? videoOutput->property("videoSink").value<QVideoSink *>() : nullptr;
        if (!sink)
            return false;
        const QImage frame = tq::scantest::cameraFrame(QSize(1280, 720), tq::scantest::qrImage(text.toUtf8()), quint32(seed));
        sink->setVideoFrame(tq::scantest::yuv420Frame(frame.convertToFormat(QImage::Format_Grayscale8)));
        return true;
    }
    /// Pushes a frame without any code.
    Q_INVOKABLE bool pushEmptyFrame(QObject *videoOutput, int seed)
    {
        auto *sink = videoOutput ? videoOutput->property("videoSink").value<QVideoSink *>() : nullptr;
        if (!sink)
            return false;
        const QImage frame = tq::scantest::cameraFrame(QSize(1280, 720), QImage(), quint32(seed));
        sink->setVideoFrame(tq::scantest::yuv420Frame(frame.convertToFormat(QImage::Format_Grayscale8)));
        return true;
    }
    /// A PNG file holding a QR code of `text` (or no code when `text` is empty).
    Q_INVOKABLE QUrl qrImageFile(const QString &text)
    {
        const QString path = m_dir.filePath(QStringLiteral("qr-%1.png").arg(++m_files));
        QImage image = text.isEmpty() ? QImage(300, 300, QImage::Format_Grayscale8) : tq::scantest::qrImage(text.toUtf8(), 6);
        if (text.isEmpty())
            image.fill(Qt::white);
        image.save(path);
        return QUrl::fromLocalFile(path);
    }
    /// A file that is not an image.
    Q_INVOKABLE QUrl textFile()
    {
        const QString path = m_dir.filePath(QStringLiteral("not-an-image.png"));
        QFile f(path);
        if (f.open(QIODevice::WriteOnly))
            f.write("this is not a picture\n");
        return QUrl::fromLocalFile(path);
    }

private:
    QTemporaryDir m_dir;
    int m_files = 0;
};
