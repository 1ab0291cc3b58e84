#pragma once

#include "core/common/error.h"
#include "core/scan/decodedcode.h"
#include "core/scan/lumaimage.h"
#include "core/common/apierrors.h"

#include <QImage>
#include <QList>
#include <QString>

namespace tq {

/// The QR decoder of the scan pipeline, over zxing-cpp. It owns an ordered list of decode
/// strategies (plain pass, darkened, other binarizer, half size, sharpened, inverted,
/// enlarged), each costing about one zxing pass, the most often successful first. A still
/// image goes through the list until a strategy finds a code; the camera pipeline
/// (FrameDecoder) runs one strategy per frame, so both share one code path.
///
/// Only QR codes are read (Micro QR too in the plain pass). A strategy reports only codes
/// whose error correction succeeded; text is resolved from ECI (see resolveEciText()), or
/// for unmarked payloads from UTF-8 / Shift_JIS / GB18030 (see resolveUnmarkedText()).
///
/// All functions are pure functions of their input and thread-safe; nothing is cached.
class QrDecoder {
public:
    using Codes = QList<DecodedCode>;

    /// Number of strategies; valid indices are 0 .. strategyCount() - 1.
    static int strategyCount();
    /// Short English name of a strategy, for logs and benchmarks.
    static QString strategyName(int index);

    /// Runs strategy `index` (taken modulo strategyCount()) on `image`. Returns the codes
    /// found, structured-append parts unmerged; empty when none or the view is null.
    static Codes decodeStep(const LumaView &image, int index);

    /// Runs the strategies in order and stops at the first that finds a code. Structured-
    /// append messages complete in the image are merged; other parts come back as parts.
    /// Fails with ApiError::InvalidRequest for a null image.
    static Result<Codes> decode(const QImage &image);
    static Result<Codes> decode(const LumaView &image);

    /// Loads an image file (any format Qt's image plugins read) and decodes it. Fails with
    /// ApiError::Storage when the file cannot be read as an image.
    static Result<Codes> decodeFile(const QString &path);
};

} // namespace tq
