// Our own DER code: the TLV reader (walked recursively into every constructed element), SM2
// signatures (strict DER) and SM2 ciphertexts (GM/T 0009 DER and raw C1‖C3‖C2). Whatever parses
// must encode back to the same bytes.

#include "fuzzsupport.h"

#include "core/crypto/der.h"

namespace {

void walk(QByteArrayView data, int depth)
{
    tq::der::Reader reader(data);
    while (!reader.atEnd()) {
        const auto element = reader.next();
        if (!element)
            return;
        tq::fuzz::check(element->whole.size() >= element->value.size() + 2, "element shorter than its contents");
        tq::fuzz::check(tq::der::tlv(element->tag, element->value) == element->whole,
                        "tlv() does not re-encode a parsed element");
        if ((element->tag & 0x20) != 0 && depth < 32)
            walk(element->value, depth + 1);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView input = tq::fuzz::bytes(data, size);
    walk(input, 0);
    (void)tq::der::only(input, tq::der::Sequence);

    if (const auto signature = tq::Sm2::Signature::fromDer(input))
        tq::fuzz::check(signature->toDer() == input, "signature DER round trip");
    if (const auto ciphertext = tq::Sm2::Ciphertext::fromDer(input)) {
        const auto again = tq::Sm2::Ciphertext::fromDer(ciphertext->toDer());
        tq::fuzz::check(again && again->toRaw() == ciphertext->toRaw(), "ciphertext DER round trip");
    }
    if (const auto raw = tq::Sm2::Ciphertext::fromRaw(input))
        tq::fuzz::check(raw->toRaw() == input, "raw ciphertext round trip");
    return 0;
}
