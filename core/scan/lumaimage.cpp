#include "core/scan/lumaimage.h"

#include <QPainter>

#include <algorithm>
#include <cmath>
#include <vector>

namespace tq {

LumaView LumaView::of(const QImage &image)
{
    if (image.isNull() || image.format() != QImage::Format_Grayscale8)
        return {};
    return {image.constBits(), image.width(), image.height(), int(image.bytesPerLine())};
}

QImage LumaView::wrap() const
{
    if (isNull())
        return {};
    return QImage(data, width, height, stride, QImage::Format_Grayscale8);
}

namespace Luma {

QImage fromImage(const QImage &image)
{
    if (image.format() == QImage::Format_Grayscale8)
        return image;
    if (image.hasAlphaChannel()) {
        // Generated codes often have a transparent background, which a plain conversion
        // turns black; as on screen or paper, they sit on white.
        QImage flat(image.size(), QImage::Format_RGB32);
        flat.fill(Qt::white);
        QPainter(&flat).drawImage(0, 0, image);
        return flat.convertToFormat(QImage::Format_Grayscale8);
    }
    return image.convertToFormat(QImage::Format_Grayscale8);
}

namespace {
template <typename F>
QImage mapped(LumaView in, F f)
{
    uchar lut[256];
    for (int v = 0; v < 256; ++v)
        lut[v] = uchar(f(v));
    QImage out(in.width, in.height, QImage::Format_Grayscale8);
    for (int y = 0; y < in.height; ++y) {
        const uchar *src = in.data + qsizetype(y) * in.stride;
        uchar *dst = out.scanLine(y);
        for (int x = 0; x < in.width; ++x)
            dst[x] = lut[src[x]];
    }
    return out;
}
} // namespace

QImage inverted(LumaView in)
{
    return mapped(in, [](int v) { return 255 - v; });
}

QImage darkened(LumaView in)
{
    return mapped(in, [](int v) { return (v * v + 127) / 255; });
}

QImage halved(LumaView in)
{
    const int w = in.width / 2, h = in.height / 2;
    if (w == 0 || h == 0)
        return {};
    QImage out(w, h, QImage::Format_Grayscale8);
    for (int y = 0; y < h; ++y) {
        const uchar *r0 = in.data + qsizetype(2 * y) * in.stride;
        const uchar *r1 = r0 + in.stride;
        uchar *dst = out.scanLine(y);
        for (int x = 0; x < w; ++x)
            dst[x] = uchar((r0[2 * x] + r0[2 * x + 1] + r1[2 * x] + r1[2 * x + 1] + 2) / 4);
    }
    return out;
}

QImage sharpened(LumaView in)
{
    const int w = in.width, h = in.height;
    QImage out(w, h, QImage::Format_Grayscale8);
    // Separable 3x3 box sum: vertical sums per column for the current row, then a running
    // horizontal window, so the cost stays at a few operations per pixel.
    std::vector<int> col(size_t(w) + 2);
    for (int y = 0; y < h; ++y) {
        const uchar *up = in.data + qsizetype(std::max(y - 1, 0)) * in.stride;
        const uchar *mid = in.data + qsizetype(y) * in.stride;
        const uchar *down = in.data + qsizetype(std::min(y + 1, h - 1)) * in.stride;
        for (int x = 0; x < w; ++x)
            col[size_t(x) + 1] = up[x] + mid[x] + down[x];
        col[0] = col[1];
        col[size_t(w) + 1] = col[size_t(w)];
        uchar *dst = out.scanLine(y);
        for (int x = 0; x < w; ++x) {
            const int mean = (col[size_t(x)] + col[size_t(x) + 1] + col[size_t(x) + 2] + 4) / 9;
            dst[x] = uchar(std::clamp(2 * mid[x] - mean, 0, 255));
        }
    }
    return out;
}

QImage enlarged(LumaView in, double factor, qint64 minBudget)
{
    const qint64 budget = std::max(in.pixelCount(), minBudget);
    // Largest centred crop (same aspect ratio) whose enlargement fits in the budget: a
    // camera frame then costs no more than one plain pass, while small stills grow whole.
    const double cropScale = std::min(1.0, std::sqrt(double(budget) / (double(in.pixelCount()) * factor * factor)));
    const int cw = std::max(2, int(in.width * cropScale));
    const int ch = std::max(2, int(in.height * cropScale));
    const uchar *origin = in.data + qsizetype((in.height - ch) / 2) * in.stride + (in.width - cw) / 2;
    const int ow = int(cw * factor), oh = int(ch * factor);
    QImage out(ow, oh, QImage::Format_Grayscale8);
    // Bilinear in 8-bit fixed point; QImage::scaled() goes through 32-bit pixels and costs
    // several times more on camera frames.
    std::vector<int> x0(static_cast<size_t>(ow)), fx(static_cast<size_t>(ow));
    for (int x = 0; x < ow; ++x) {
        const double sx = std::clamp((x + 0.5) / factor - 0.5, 0.0, double(cw - 1));
        x0[size_t(x)] = std::min(int(sx), cw - 2);
        fx[size_t(x)] = int((sx - x0[size_t(x)]) * 256);
    }
    for (int y = 0; y < oh; ++y) {
        const double sy = std::clamp((y + 0.5) / factor - 0.5, 0.0, double(ch - 1));
        const int y0 = std::min(int(sy), ch - 2);
        const int fy = int((sy - y0) * 256);
        const uchar *r0 = origin + qsizetype(y0) * in.stride;
        const uchar *r1 = r0 + in.stride;
        uchar *dst = out.scanLine(y);
        for (int x = 0; x < ow; ++x) {
            const int i = x0[size_t(x)], f = fx[size_t(x)];
            const int top = r0[i] * (256 - f) + r0[i + 1] * f;
            const int bottom = r1[i] * (256 - f) + r1[i + 1] * f;
            dst[x] = uchar((top * (256 - fy) + bottom * fy + (1 << 15)) >> 16);
        }
    }
    return out;
}

} // namespace Luma
} // namespace tq
