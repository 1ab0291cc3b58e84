// The scan content a platform posts with a transaction (ScanContent::fromJson, after the same
// JSON parse the server does), checked both ways: accepted content re-serialises to JSON that is
// accepted again and serialises identically.

#include "fuzzsupport.h"

#include "core/protocol/scancontent.h"

#include <QJsonDocument>
#include <QJsonObject>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QJsonDocument document = QJsonDocument::fromJson(tq::fuzz::bytes(data, size).toByteArray());
    if (!document.isObject())
        return 0;
    const auto content = tq::ScanContent::fromJson(document.object());
    if (!content)
        return 0;
    const QJsonObject json = content.value().toJson();
    const auto again = tq::ScanContent::fromJson(json);
    tq::fuzz::check(bool(again), "toJson() of accepted content is refused");
    tq::fuzz::check(again.value().toJson() == json, "toJson() round trip changed the content");
    (void)content.value().signItems();
    return 0;
}
