#pragma once

#include "core/common/error.h"

#include <QString>

namespace tq::demo {

/// `text` as a QR code (libqrencode, 8-bit mode, error correction M) in an inline SVG document
/// of `pixels` × `pixels`, black on white with the four-module quiet zone of ISO/IEC 18004, so
/// a screenshot of the page scans. Fails with `internal` if the text does not fit. Thread-safe.
Result<QString> qrSvg(const QString &text, int pixels = 360);

} // namespace tq::demo
