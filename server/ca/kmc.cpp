#include "server/ca/kmc.h"

#include "core/crypto/certificateerrors.h"
#include "core/crypto/envelopedkey.h"
#include "core/crypto/sm2.h"
#include "server/keys/masterkey.h"

namespace tq::server {

Result<KmcKey> Kmc::generate(const PublicKey &signingKey, bool split) const
{
    if (signingKey.algorithm() != KeyAlgorithm::Sm2)
        return Error(CertificateError::Crypto, QStringLiteral("Encryption keys are only made for SM2 signing keys."));
    const auto key = KeyPair::generate(KeyAlgorithm::Sm2);
    if (!key)
        return key.error();
    const auto pkcs8 = key.value().privateKeyDer();
    if (!pkcs8)
        return pkcs8.error();
    auto escrow = m_masterKey.seal(pkcs8.value().view(), EscrowPurpose);
    if (!escrow)
        return escrow.error();
    if (!split) {
        auto envelope = EnvelopedKey::seal(key.value(), signingKey);
        if (!envelope)
            return envelope.error();
        return KmcKey{key.value().publicKeyDer(), std::move(escrow).value(), std::move(envelope).value(), {}, {}};
    }
    const Sm2 sm2;
    auto shares = twoparty::splitKey(sm2, sm2.privateScalar(key.value()).get());
    if (!shares)
        return shares.error();
    QByteArray point = sm2.pointBytes(sm2.publicPoint(key.value().get()).get());
    auto envelope = EnvelopedKey::sealShare(shares.value().deviceShare.get(), point, signingKey);
    if (!envelope)
        return envelope.error();
    return KmcKey{key.value().publicKeyDer(), std::move(escrow).value(), std::move(envelope).value(),
                  std::move(shares).value(), std::move(point)};
}

} // namespace tq::server
