#include "core/scan/qrdecoder.h"

#include "core/common/apierrors.h"
#include "core/common/logging.h"

#include <ZXing/ReadBarcode.h>

#include <QImageReader>

#include <exception>
#include <iterator>

namespace tq {

namespace {

enum class Transform { None, Half, Darken, Invert, Sharpen, Enlarge };

struct Strategy {
    const char *name;
    Transform transform;
    ZXing::Binarizer binarizer;
};

// Order: what reads most codes per unit of work comes first. On the development photo
// set the plain pass reads ~77 %; each later entry rescues a distinct class of failures
// (over-sampled/blurred prints, uneven lighting, washed-out print, light-on-dark, soft
// focus, small codes); some overlap on purpose, so one lost rescue is not a lost code.
constexpr Strategy Strategies[] = {
    {"plain", Transform::None, ZXing::Binarizer::LocalAverage},
    {"darkened", Transform::Darken, ZXing::Binarizer::LocalAverage},
    {"global", Transform::None, ZXing::Binarizer::GlobalHistogram},
    {"half", Transform::Half, ZXing::Binarizer::LocalAverage},
    {"half-global", Transform::Half, ZXing::Binarizer::GlobalHistogram},
    {"sharpened", Transform::Sharpen, ZXing::Binarizer::LocalAverage},
    {"inverted", Transform::Invert, ZXing::Binarizer::LocalAverage},
    {"enlarged", Transform::Enlarge, ZXing::Binarizer::LocalAverage},
    {"enlarged-global", Transform::Enlarge, ZXing::Binarizer::GlobalHistogram},
};
constexpr int StrategyCount = int(std::size(Strategies));

// Enlarging a small still image whole is cheap; for camera frames the crop keeps the
// result within the frame's own pixel count.
constexpr double EnlargeFactor = 1.5;
constexpr qint64 EnlargeMinBudget = 640 * 480;

const Strategy &strategyAt(int index)
{
    return Strategies[((index % StrategyCount) + StrategyCount) % StrategyCount];
}

QImage transformed(const LumaView &in, Transform t)
{
    switch (t) {
    case Transform::None:
        return {};
    case Transform::Half:
        return Luma::halved(in);
    case Transform::Darken:
        return Luma::darkened(in);
    case Transform::Invert:
        return Luma::inverted(in);
    case Transform::Sharpen:
        return Luma::sharpened(in);
    case Transform::Enlarge:
        return Luma::enlarged(in, EnlargeFactor, EnlargeMinBudget);
    }
    return {};
}

DecodedCode toDecodedCode(const ZXing::Result &r)
{
    DecodedCode code;
    const ZXing::ByteArray &raw = r.bytes();
    code.bytes = QByteArray(reinterpret_cast<const char *>(raw.data()), qsizetype(raw.size()));
    const QString guessed = QString::fromStdString(r.text());
    if (r.hasECI()) {
        const ZXing::ByteArray eci = r.bytesECI();
        code.text = resolveEciText(QByteArray(reinterpret_cast<const char *>(eci.data()), qsizetype(eci.size())))
                        .value_or(guessed);
    } else {
        code.text = resolveUnmarkedText(code.bytes, guessed);
    }
    if (r.isPartOfSequence()) {
        code.sequenceIndex = r.sequenceIndex();
        code.sequenceSize = r.sequenceSize();
        code.sequenceId = QString::fromStdString(r.sequenceId());
    }
    return code;
}

QrDecoder::Codes read(const LumaView &view, const Strategy &s)
{
    const bool plain = s.transform == Transform::None && s.binarizer == ZXing::Binarizer::LocalAverage;
    ZXing::DecodeHints hints;
    hints.setFormats(plain ? ZXing::BarcodeFormat::QRCode | ZXing::BarcodeFormat::MicroQRCode
                         // Micro QR's weak error detection makes the rescue passes a source
                         // of false reads; e-bidding platforms show full QR codes.
                         : ZXing::BarcodeFormats(ZXing::BarcodeFormat::QRCode));
    hints.setBinarizer(s.binarizer);
    hints.setTryHarder(true);
    // zxing's own downscaled pyramid only in the plain pass: the half-size strategies
    // cover it, and it would undo the enlarging ones.
    hints.setTryDownscale(plain);
    hints.setTryRotate(true);
    const ZXing::ImageView iv(view.data, view.width, view.height, ZXing::ImageFormat::Lum, view.stride);

    QrDecoder::Codes codes;
    try {
        for (const ZXing::Result &r : ZXing::ReadBarcodes(iv, hints)) {
            if (r.isValid())
                codes.append(toDecodedCode(r));
        }
    } catch (const std::exception &e) {
        // zxing-cpp may throw on allocation failure or internal errors; never across Qt.
        qCWarning(lcCoreScan) << "zxing-cpp failed in strategy" << s.name << ':' << e.what();
        codes.clear();
    }
    return codes;
}

} // namespace

int QrDecoder::strategyCount()
{
    return StrategyCount;
}

QString QrDecoder::strategyName(int index)
{
    return QString::fromLatin1(strategyAt(index).name);
}

QrDecoder::Codes QrDecoder::decodeStep(const LumaView &image, int index)
{
    if (image.isNull())
        return {};
    const Strategy &s = strategyAt(index);
    if (s.transform == Transform::None)
        return read(image, s);
    const QImage t = transformed(image, s.transform);
    return t.isNull() ? Codes{} : read(LumaView::of(t), s);
}

Result<QrDecoder::Codes> QrDecoder::decode(const LumaView &image)
{
    if (image.isNull())
        return Error(ApiError::InvalidRequest, QStringLiteral("The image is empty."));
    for (int i = 0; i < StrategyCount; ++i) {
        const Codes parts = decodeStep(image, i);
        if (parts.isEmpty())
            continue;
        qCDebug(lcCoreScan) << "decoded" << parts.size() << "code(s) with strategy" << Strategies[i].name;
        SequenceAssembler assembler;
        Codes codes;
        QStringList merged;
        for (const DecodedCode &part : parts) {
            if (auto code = assembler.add(part)) {
                if (part.isSequencePart())
                    merged.append(code->sequenceId);
                codes.append(*code);
            }
        }
        // Parts of messages not complete in this image are still worth reporting.
        for (const DecodedCode &part : parts) {
            if (part.isSequencePart() && !merged.contains(part.sequenceId))
                codes.append(part);
        }
        return codes;
    }
    return Codes{};
}

Result<QrDecoder::Codes> QrDecoder::decode(const QImage &image)
{
    const QImage gray = Luma::fromImage(image);
    return decode(LumaView::of(gray));
}

Result<QrDecoder::Codes> QrDecoder::decodeFile(const QString &path)
{
    QImageReader reader(path);
    reader.setAutoTransform(true); // phone photos carry their orientation in EXIF
    const QImage image = reader.read();
    if (image.isNull()) {
        return Error(ApiError::Storage,
                     QStringLiteral("Cannot read the image %1: %2.").arg(path, reader.errorString()),
                     {{QStringLiteral("path"), path}});
    }
    return decode(image);
}

} // namespace tq
