// bench_decode: cost per camera frame of the scan pipeline against one plain zxing-cpp
// pass on the same frames in the same run, and read rates on the photo set (ours, one
// zxing-cpp pass, zbar when built with it). Usage: bench_decode [--short].
// zbar's C++ headers break if zxing-cpp's macros (UnsupportedError) come first.
#ifdef TONGQIAN_HAVE_ZBAR
#include <zbar.h>
#endif

#include "core/scan/framedecoder.h"
#include "core/scan/qrdecoder.h"
#include "scanfixtures.h"

#include <ZXing/ReadBarcode.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QSysInfo>

#include <cstdio>
#include <cstring>
#include <ctime>
#include <vector>

using namespace tq;
using namespace tq::scantest;

namespace {

// CPU time of the whole process (both threads), so that load from other processes on a
// shared machine does not count as our cost.
qint64 cpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// The reference: what an app gets from zxing-cpp 1.4 with default hints, QR formats only.
QStringList zxingSinglePass(const LumaView &v)
{
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode | ZXing::BarcodeFormat::MicroQRCode);
    QStringList texts;
    for (const ZXing::Result &r :
         ZXing::ReadBarcodes(ZXing::ImageView(v.data, v.width, v.height, ZXing::ImageFormat::Lum, v.stride), hints)) {
        if (r.isValid())
            texts.append(QString::fromStdString(r.text()));
    }
    return texts;
}

#ifdef TONGQIAN_HAVE_ZBAR
QStringList zbarRead(const QImage &gray)
{
    using namespace zbar;
    // zbar wants tightly packed Y800 rows.
    std::vector<uchar> packed(size_t(gray.width()) * size_t(gray.height()));
    for (int y = 0; y < gray.height(); ++y)
        std::memcpy(packed.data() + size_t(y) * size_t(gray.width()), gray.constScanLine(y), size_t(gray.width()));
    zbar_image_scanner_t *scanner = zbar_image_scanner_create();
    zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    zbar_image_t *image = zbar_image_create();
    zbar_image_set_format(image, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(image, unsigned(gray.width()), unsigned(gray.height()));
    zbar_image_set_data(image, packed.data(), packed.size(), nullptr);
    QStringList texts;
    if (zbar_scan_image(scanner, image) > 0) {
        for (const zbar_symbol_t *s = zbar_image_first_symbol(image); s; s = zbar_symbol_next(s))
            texts.append(QString::fromUtf8(zbar_symbol_get_data(s), int(zbar_symbol_get_data_length(s))));
    }
    zbar_image_destroy(image);
    zbar_image_scanner_destroy(scanner);
    return texts;
}
#endif

void printScore(const char *name, const PhotoScore &s, qint64 cpuNsTotal)
{
    std::printf("| %-28s | %2d/%d (%5.1f %%) | %5d | %6.2f |\n", name, s.correct, s.total,
                100.0 * s.correct / qMax(1, s.total), int(s.wrong.size()), cpuNsTotal / 1e6 / qMax(1, s.total));
}

void photoSet()
{
    const QList<Photo> photos = loadPhotoSet(QStringLiteral(TONGQIAN_SHARED_DIR "/data/qr-photos"));
    if (photos.isEmpty()) {
        std::printf("\nPhoto set not found under TONGQIAN_SHARED_DIR; skipped.\n");
        return;
    }
    std::printf("\n## Photo set (%d images)\n\n| decoder | read | wrong | CPU ms/image (incl. loading) |\n|---|---|---|---|\n",
                int(photos.size()));
    qint64 start = cpuNs();
    const PhotoScore ours = scorePhotos(photos, [](const Photo &p) {
        QStringList texts;
        if (const auto r = QrDecoder::decodeFile(p.path)) {
            for (const DecodedCode &c : r.value())
                texts.append(c.text);
        }
        return texts;
    });
    printScore("tongqian QrDecoder (all)", ours, cpuNs() - start);
    start = cpuNs();
    const PhotoScore zx = scorePhotos(photos, [](const Photo &p) {
        const QImage gray = Luma::fromImage(QImage(p.path));
        return zxingSinglePass(LumaView::of(gray));
    });
    printScore("zxing-cpp 1.4 single pass", zx, cpuNs() - start);
    start = cpuNs();
#ifdef TONGQIAN_HAVE_ZBAR
    const PhotoScore zb = scorePhotos(photos, [](const Photo &p) { return zbarRead(Luma::fromImage(QImage(p.path))); });
    printScore("zbar 0.23 (QR only)", zb, cpuNs() - start);
#endif
    std::printf("\nMissed by QrDecoder: %s\n", qPrintable(ours.missed.join(QStringLiteral(", "))));
}

struct FrameSet {
    QSize size;
    bool withCode;
    QList<QVideoFrame> frames;
};

// One row per frame size and content: mean cost per frame of one zxing pass and of the
// pipeline (offer + decode of one strategy, through the worker thread), interleaved on
// the same frames so load from other processes hits both alike.
void frameCost(const FrameSet &set, int cycles, QStringList &perStrategyLines)
{
    FrameDecoder pipeline;
    pipeline.setDebounceInterval(0);
    int pipelineDecoded = 0;
    QObject::connect(&pipeline, &FrameDecoder::decoded, [&] { ++pipelineDecoded; });
    const int n = QrDecoder::strategyCount() * cycles;
    std::vector<qint64> perStrategy(size_t(QrDecoder::strategyCount()), 0);
    qint64 zxingNs = 0, pipelineNs = 0;
    int zxingDecoded = 0;
    for (int i = 0; i < n; ++i) {
        QVideoFrame frame = set.frames[i % set.frames.size()];
        qint64 start = cpuNs();
        if (frame.map(QVideoFrame::ReadOnly)) {
            zxingDecoded += zxingSinglePass({frame.bits(0), frame.width(), frame.height(), frame.bytesPerLine(0)}).size() > 0;
            frame.unmap();
        }
        zxingNs += cpuNs() - start;
        start = cpuNs();
        pipeline.offerFrame(frame);
        pipeline.waitForIdle();
        const qint64 ns = cpuNs() - start;
        pipelineNs += ns;
        perStrategy[size_t(i % QrDecoder::strategyCount())] += ns;
        QCoreApplication::processEvents();
    }
    qint64 worst = 0;
    QStringList costs;
    for (int k = 0; k < QrDecoder::strategyCount(); ++k) {
        worst = qMax(worst, perStrategy[size_t(k)]);
        costs.append(QStringLiteral("%1 %2").arg(QrDecoder::strategyName(k)).arg(perStrategy[size_t(k)] / 1e6 / cycles, 0, 'f', 1));
    }
    // Each strategy ran `cycles` times; compare its mean with the mean zxing pass.
    const double zxingMean = double(zxingNs) / n;
    std::printf("| %4dx%-4d | %-7s | %7.2f | %7.2f | %5.2f | %5.2f | %3d/%d | %3d/%d |\n", set.size.width(),
                set.size.height(), set.withCode ? "QR card" : "no code", zxingMean / 1e6, pipelineNs / 1e6 / n,
                double(pipelineNs) / double(zxingNs), double(worst) / cycles / zxingMean, zxingDecoded, n,
                pipelineDecoded, n);
    perStrategyLines.append(QStringLiteral("%1x%2 %3: %4").arg(set.size.width()).arg(set.size.height())
                                .arg(set.withCode ? QStringLiteral("QR card") : QStringLiteral("no code"), costs.join(u", ")));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const bool quick = app.arguments().contains(QStringLiteral("--short"));
    const int cycles = quick ? 1 : 4;
    const int distinctFrames = quick ? 3 : 6;

    std::printf("# bench_decode %s — %s, %s, Qt %s, %d strategies, %d cycle(s)\n", quick ? "--short" : "",
                qPrintable(QDateTime::currentDateTimeUtc().toString(Qt::ISODate)), qPrintable(QSysInfo::prettyProductName()),
                qVersion(), QrDecoder::strategyCount(), cycles);
    std::printf("\n## CPU cost per YUV420P camera frame (ms, mean)\n\n"
                "| frame | content | zxing 1 pass | pipeline | ratio | worst strategy ratio | zxing reads | pipeline reads |\n"
                "|---|---|---|---|---|---|---|---|\n");
    QStringList perStrategyLines;
    const QImage card = qrImage("https://ebid.example.cn/login?qr=7f41c2b9", 8);
    for (const QSize size : {QSize(1280, 720), QSize(1920, 1080)}) {
        for (const bool withCode : {true, false}) {
            FrameSet set{size, withCode, {}};
            for (int i = 0; i < distinctFrames; ++i)
                set.frames.append(yuv420Frame(Luma::fromImage(cameraFrame(size, withCode ? card : QImage(), quint32(100 + i)))));
            frameCost(set, cycles, perStrategyLines);
        }
    }
    std::printf("\nPipeline ms per frame by strategy:\n");
    for (const QString &line : perStrategyLines)
        std::printf("- %s\n", qPrintable(line));
    photoSet();
    return 0;
}
