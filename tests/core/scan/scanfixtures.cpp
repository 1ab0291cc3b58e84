#include "scanfixtures.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QPainter>
#include <QRandomGenerator>
#include <QTransform>

#include <qrencode.h>

#include <cstring>

namespace tq::scantest {

namespace {

QImage render(const QRcode *qr, int moduleSize, int quietModules)
{
    const int side = (qr->width + 2 * quietModules) * moduleSize;
    QImage image(side, side, QImage::Format_Grayscale8);
    image.fill(255);
    QPainter p(&image);
    for (int y = 0; y < qr->width; ++y) {
        for (int x = 0; x < qr->width; ++x) {
            if (qr->data[y * qr->width + x] & 1)
                p.fillRect((x + quietModules) * moduleSize, (y + quietModules) * moduleSize, moduleSize, moduleSize,
                           Qt::black);
        }
    }
    return image;
}

QString normalized(QString text)
{
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    while (!text.isEmpty() && (text.back().isSpace() || text.back().isNull()))
        text.chop(1);
    return text;
}

QString readText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? normalized(QString::fromUtf8(f.readAll())) : QString();
}

} // namespace

QImage qrImage(const QByteArray &payload, int moduleSize, int quietModules)
{
    QRcode *qr = QRcode_encodeData(int(payload.size()), reinterpret_cast<const unsigned char *>(payload.constData()), 0,
                                   QR_ECLEVEL_M);
    if (!qr)
        return {};
    QImage image = render(qr, moduleSize, quietModules);
    QRcode_free(qr);
    return image;
}

QImage qrImageWithEci(int eci, const QByteArray &payload, int moduleSize)
{
    QRinput *input = QRinput_new2(0, QR_ECLEVEL_M);
    QRcode *qr = nullptr;
    if (input && QRinput_appendECIheader(input, unsigned(eci)) == 0
        && QRinput_append(input, QR_MODE_8, int(payload.size()), reinterpret_cast<const unsigned char *>(payload.constData())) == 0)
        qr = QRcode_encodeInput(input);
    QRinput_free(input);
    if (!qr)
        return {};
    QImage image = render(qr, moduleSize, 4);
    QRcode_free(qr);
    return image;
}

QList<QImage> structuredQrImages(const QByteArray &payload, int version, int moduleSize)
{
    QList<QImage> images;
    QRcode_List *list = QRcode_encodeDataStructured(int(payload.size()),
                                                    reinterpret_cast<const unsigned char *>(payload.constData()),
                                                    version, QR_ECLEVEL_M);
    for (QRcode_List *e = list; e; e = e->next)
        images.append(render(e->code, moduleSize, 4));
    QRcode_List_free(list);
    return images;
}

QImage cameraFrame(QSize size, const QImage &qr, quint32 seed)
{
    QRandomGenerator rng(seed);
    QImage frame(size, QImage::Format_RGB32);
    QPainter p(&frame);
    p.setRenderHint(QPainter::Antialiasing);
    // Textured desk: soft stripes plus scattered dark flecks (edges that look like
    // finder-pattern candidates to a detector).
    for (int x = 0; x < size.width(); x += 6) {
        const int shade = 120 + rng.bounded(60);
        p.fillRect(x, 0, 6, size.height(), QColor(shade, shade - 20, shade - 45));
    }
    for (int i = 0; i < size.width() * size.height() / 2000; ++i) {
        const int s = 2 + rng.bounded(10);
        p.fillRect(rng.bounded(size.width()), rng.bounded(size.height()), s, s, QColor(40, 30, 20));
    }
    if (!qr.isNull()) {
        // A card a third of the frame's height, tilted in perspective about the centre.
        const qreal side = size.height() / 3.0;
        const QPointF c(size.width() / 2.0 + rng.bounded(size.width() / 8) - size.width() / 16.0, size.height() / 2.0);
        const qreal tilt = side * 0.12;
        const QPolygonF card{QPointF(c.x() - side / 2 + tilt, c.y() - side / 2), QPointF(c.x() + side / 2 - tilt, c.y() - side / 2 + tilt / 2),
                             QPointF(c.x() + side / 2, c.y() + side / 2), QPointF(c.x() - side / 2, c.y() + side / 2 - tilt / 2)};
        QTransform t;
        const QPolygonF source{QPointF(0, 0), QPointF(qr.width(), 0), QPointF(qr.width(), qr.height()),
                               QPointF(0, qr.height())};
        if (QTransform::quadToQuad(source, card, t)) {
            p.setTransform(t);
            p.setRenderHint(QPainter::SmoothPixmapTransform);
            p.drawImage(0, 0, qr);
            p.resetTransform();
        }
    }
    p.end();
    // Focus blur by a down/up scale, then sensor noise.
    frame = frame.scaled(size / 2, Qt::IgnoreAspectRatio, Qt::SmoothTransformation)
                .scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation)
                .convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < frame.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(frame.scanLine(y));
        for (int x = 0; x < frame.width(); ++x) {
            const int n = int(rng.bounded(25)) - 12;
            const QRgb v = line[x];
            line[x] = qRgb(qBound(0, qRed(v) + n, 255), qBound(0, qGreen(v) + n, 255), qBound(0, qBlue(v) + n, 255));
        }
    }
    return frame;
}

QVideoFrame yuv420Frame(const QImage &gray)
{
    QVideoFrame frame(QVideoFrameFormat(gray.size(), QVideoFrameFormat::Format_YUV420P));
    if (!frame.map(QVideoFrame::WriteOnly))
        return {};
    for (int y = 0; y < gray.height(); ++y)
        std::memcpy(frame.bits(0) + qsizetype(y) * frame.bytesPerLine(0), gray.constScanLine(y), size_t(gray.width()));
    for (int plane = 1; plane < frame.planeCount(); ++plane)
        std::memset(frame.bits(plane), 128, size_t(frame.mappedBytes(plane)));
    frame.unmap();
    return frame;
}

QList<Photo> loadPhotoSet(const QString &dir)
{
    QList<Photo> photos;
    QDirIterator it(dir, {QStringLiteral("*.png"), QStringLiteral("*.jpg"), QStringLiteral("*.webp")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo info(it.next());
        Photo photo{info.filePath(), QDir(dir).relativeFilePath(info.filePath()), {}, false};
        // A structured-append set names its parts NN-MM beside a single NN.txt.
        const QString base = info.completeBaseName();
        const qsizetype dash = base.indexOf(u'-');
        const QString own = info.dir().filePath(base + QStringLiteral(".txt"));
        if (QFile::exists(own)) {
            photo.expected = readText(own);
        } else if (dash > 0) {
            photo.expected = readText(info.dir().filePath(base.left(dash) + QStringLiteral(".txt")));
            photo.isSequencePart = true;
        }
        if (!photo.expected.isEmpty())
            photos.append(photo);
    }
    std::sort(photos.begin(), photos.end(), [](const Photo &a, const Photo &b) { return a.path < b.path; });
    return photos;
}

Verdict score(const Photo &photo, const QStringList &texts)
{
    bool correct = false;
    for (const QString &raw : texts) {
        const QString text = normalized(raw);
        const bool match = photo.isSequencePart ? (!text.isEmpty() && photo.expected.contains(text))
                                                : text == photo.expected;
        if (!match)
            return Verdict::Wrong;
        correct = true;
    }
    return correct ? Verdict::Correct : Verdict::Missed;
}

void PhotoScore::add(const Photo &photo, Verdict verdict)
{
    ++total;
    if (verdict == Verdict::Correct)
        ++correct;
    else
        (verdict == Verdict::Missed ? missed : wrong).append(photo.name);
}

PhotoScore scorePhotos(const QList<Photo> &photos, const std::function<QStringList(const Photo &)> &read)
{
    PhotoScore result;
    for (const Photo &photo : photos)
        result.add(photo, score(photo, read(photo)));
    return result;
}

} // namespace tq::scantest
