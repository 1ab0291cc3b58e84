// The text a camera decodes from a scan QR code (QrPayload::parse), checked both ways: whatever
// parses must print to text that parses back to the same payload.

#include "fuzzsupport.h"

#include "core/protocol/qrpayload.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QString text = QString::fromUtf8(tq::fuzz::bytes(data, size));
    const auto payload = tq::QrPayload::parse(text);
    if (!payload)
        return 0;
    tq::fuzz::check(tq::QrPayload::isTicket(payload.value().ticket), "parsed ticket is not a ticket");
    const auto again = tq::QrPayload::parse(payload.value().toText());
    tq::fuzz::check(bool(again), "toText() of a parsed payload does not parse");
    tq::fuzz::check(again.value().ticket == payload.value().ticket && again.value().serverUrl == payload.value().serverUrl,
                    "toText() round trip changed the payload");
    return 0;
}
