#pragma once

#include <QByteArray>
#include <QImage>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVideoFrame>

#include <functional>

// Shared by the scanner tests and bench/bench_decode: QR images made with libqrencode,
// synthetic camera frames, and the development photo set with its scoring rule.
namespace tq::scantest {

/// A QR symbol for `payload` (8-bit mode, error correction M), `moduleSize` pixels per
/// module, with a white quiet zone of `quietModules` modules. Format_Grayscale8.
QImage qrImage(const QByteArray &payload, int moduleSize = 4, int quietModules = 4);
/// Like qrImage(), with an ECI designator `eci` (e.g. 26 UTF-8, 20 Shift_JIS, 32 GB18030)
/// before the 8-bit payload.
QImage qrImageWithEci(int eci, const QByteArray &payload, int moduleSize = 4);
/// The symbols of a structured-append message, `version` fixing each symbol's capacity.
QList<QImage> structuredQrImages(const QByteArray &payload, int version, int moduleSize = 4);

/// A synthetic camera frame of `size` (Format_RGB32): a textured background, and when
/// `qr` is not null a printed card carrying it, tilted in perspective, then blurred and
/// noised. Deterministic for a given `seed`.
QImage cameraFrame(QSize size, const QImage &qr, quint32 seed);

/// A YUV420P video frame whose luminance plane is `gray` (Format_Grayscale8), written
/// row by row at the frame's own stride; neutral chroma. What a camera delivers.
QVideoFrame yuv420Frame(const QImage &gray);

/// One image of the photo set: its path and expected text.
struct Photo {
    QString path;
    QString name; ///< path relative to the photo set folder, e.g. "qrcode-2/qr-inv-1.webp"
    QString expected;
    bool isSequencePart = false; ///< qrcode-7: a part is right when it is a substring
};
enum class Verdict { Correct, Missed, Wrong };

/// The photos under `dir` (…/data/qr-photos), sorted by path; empty if missing.
QList<Photo> loadPhotoSet(const QString &dir);
/// The README's rule: a text is compared after CRLF -> LF and trimming trailing
/// whitespace and NUL; any text that does not match makes the decode Wrong.
Verdict score(const Photo &photo, const QStringList &texts);

/// Totals over a photo run, with the names of the images missed and misread.
struct PhotoScore {
    int correct = 0;
    int total = 0;
    QStringList missed;
    QStringList wrong;
    void add(const Photo &photo, Verdict verdict);
};
/// Scores `read` (the texts some decoder returns for a photo) over `photos`.
PhotoScore scorePhotos(const QList<Photo> &photos, const std::function<QStringList(const Photo &)> &read);

} // namespace tq::scantest
