// Detached SignedData (GM/T 0010 and CMS) as the server and platforms receive scan results:
// verifyDetached over the content the seeds signed, and verifyDetachedDigest over its SM3 and
// SHA-256 digests.

#include "fuzzsupport.h"

#include "core/crypto/digest.h"
#include "core/crypto/signeddata.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView input = tq::fuzz::bytes(data, size);
    const QByteArrayView content = tq::fuzz::signedContent();
    const auto signer = tq::SignedData::verifyDetached(input, content);
    static const QByteArray sm3 = tq::digest(tq::DigestAlgorithm::Sm3, content);
    static const QByteArray sha256 = tq::digest(tq::DigestAlgorithm::Sha256, content);
    const auto bySm3 = tq::SignedData::verifyDetachedDigest(input, sm3);
    const auto bySha256 = tq::SignedData::verifyDetachedDigest(input, sha256);
    if (signer)
        tq::fuzz::check(bool(bySm3) || bool(bySha256), "verifies over the content but over neither digest");
    return 0;
}
