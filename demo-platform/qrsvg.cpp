#include "demo-platform/qrsvg.h"
#include "core/common/apierrors.h"

#include <qrencode.h>

#include <memory>

namespace tq::demo {

Result<QString> qrSvg(const QString &text, int pixels)
{
    const QByteArray utf8 = text.toUtf8();
    std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(
        QRcode_encodeData(int(utf8.size()), reinterpret_cast<const unsigned char *>(utf8.constData()), 0, QR_ECLEVEL_M),
        &QRcode_free);
    if (!qr)
        return Error(ApiError::Internal, QStringLiteral("The text does not fit in a QR code."));
    constexpr int QuietZone = 4;
    const int width = qr->width;
    const int total = width + 2 * QuietZone;
    QString path;
    for (int y = 0; y < width; ++y) {
        for (int x = 0; x < width; ++x) {
            if (qr->data[y * width + x] & 1)
                path += QStringLiteral("M%1 %2h1v1h-1z").arg(x + QuietZone).arg(y + QuietZone);
        }
    }
    return QStringLiteral("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"qr\" width=\"%1\" height=\"%1\" "
                          "viewBox=\"0 0 %2 %2\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR code\">"
                          "<rect width=\"%2\" height=\"%2\" fill=\"#fff\"/><path d=\"%3\" fill=\"#000\"/></svg>")
        .arg(pixels)
        .arg(total)
        .arg(path);
}

} // namespace tq::demo
