// GM/T 0009 SM2EnvelopedKey as the device receives it from the KMC: a whole escrowed key
// (EnvelopedKey::open) and a two-party share (openShare), both sealed to the fuzz recipient key.

#include "fuzzsupport.h"

#include "core/crypto/envelopedkey.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView input = tq::fuzz::bytes(data, size);
    const tq::KeyPair &recipient = tq::fuzz::recipientKey();
    if (const auto key = tq::EnvelopedKey::open(input, recipient))
        tq::fuzz::check(key.value().algorithm() == tq::KeyAlgorithm::Sm2, "opened key is not SM2");
    const tq::EnvelopedKey::Decryptor decrypt = [&recipient](QByteArrayView cipher) { return recipient.decrypt(cipher); };
    if (const auto share = tq::EnvelopedKey::openShare(input, decrypt)) {
        tq::fuzz::check(share.value().share.size() == std::size_t(tq::Sm2::ScalarSize), "share is not 32 bytes");
        tq::fuzz::check(tq::fuzz::sm2().point(share.value().jointPublicKey) != nullptr, "joint key is not a point");
    }
    return 0;
}
