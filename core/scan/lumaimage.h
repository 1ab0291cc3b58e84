#pragma once

#include <QImage>

namespace tq {

/// A read-only view of an 8-bit luminance image: `width` x `height` pixels, rows `stride`
/// bytes apart (stride >= width). Does not own the pixels: the owner keeps them alive and
/// unchanged while the view is in use. Cheap to copy; usable from any thread.
struct LumaView {
    const uchar *data = nullptr;
    int width = 0;
    int height = 0;
    int stride = 0;

    bool isNull() const { return !data || width <= 0 || height <= 0 || stride < width; }
    qint64 pixelCount() const { return qint64(width) * height; }
    /// Views a Format_Grayscale8 image without copying; a null view for any other format.
    static LumaView of(const QImage &image);
    /// A QImage sharing (not copying) the viewed pixels; valid only while the view is.
    QImage wrap() const;
};

/// Pixel operations on luminance images used by the decode strategies. Each returns a new
/// Format_Grayscale8 image and leaves its input untouched; all are pure and thread-safe.
namespace Luma {
/// Converts any image to Format_Grayscale8 (shares the pixels when it already is one);
/// transparent pixels count as white.
QImage fromImage(const QImage &image);
/// 255 - v for every pixel (light-on-dark codes).
QImage inverted(LumaView in);
/// v * v / 255: darkens mid-tones, so grey, washed-out modules separate from the paper.
QImage darkened(LumaView in);
/// Half size, each output pixel the mean of a 2x2 block.
QImage halved(LumaView in);
/// Unsharp mask: 2 * v - mean(3x3 neighbourhood), clamped.
QImage sharpened(LumaView in);
/// Bilinear enlargement by `factor` of the centred crop that keeps the result within
/// max(in.pixelCount(), minBudget) pixels; the whole image when it fits.
QImage enlarged(LumaView in, double factor, qint64 minBudget);
} // namespace Luma

} // namespace tq
