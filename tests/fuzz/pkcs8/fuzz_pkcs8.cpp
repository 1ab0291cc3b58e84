// PKCS#8 private keys as key custody reads them back from its files (KeyPair::fromPrivateDer):
// an accepted key must export again, and sign something its own public key verifies.

#include "fuzzsupport.h"

#include "core/crypto/securebytes.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const auto key = tq::KeyPair::fromPrivateDer(tq::SecureBytes(reinterpret_cast<const char *>(data), size));
    if (!key)
        return 0;
    tq::fuzz::check(bool(key.value().privateKeyDer()), "an accepted key does not export");
    static const QByteArray message("fuzz");
    const auto signature = key.value().sign(message);
    if (signature)
        tq::fuzz::check(key.value().publicKey().verify(message, signature.value()),
                        "a signature of an accepted key does not verify");
    return 0;
}
