#pragma once

#include "core/common/error.h"
#include "core/crypto/keypair.h"

#include <QByteArray>
#include <QString>

namespace tq::server {

class MasterKey;

/// A new SM2 encryption key made by the KMC for one signing key.
struct KmcKey {
    QByteArray publicKeyDer; ///< for the encryption certificate
    QString escrowSealed;    ///< PKCS#8 sealed under the master key, for the kmc_escrow table
    QByteArray envelope;     ///< DER SM2EnvelopedKey to the device's signing key (tq::EnvelopedKey)
};

/// The key management centre of the dual-certificate scheme (SPEC E3): generates SM2 encryption
/// key pairs, keeps an escrow copy sealed under the master key, and delivers the private key
/// enveloped to the device's SM2 signing key. The plain key exists only inside generate().
/// Does not own the master key; const methods are thread-safe.
class Kmc {
public:
    explicit Kmc(const MasterKey &masterKey) : m_masterKey(masterKey) { }

    /// Fails with `crypto` unless `signingKey` is SM2.
    Result<KmcKey> generate(const PublicKey &signingKey) const;

    /// The master-key purpose label of escrowed keys.
    static constexpr char EscrowPurpose[] = "kmc_escrow.key";

private:
    const MasterKey &m_masterKey;
};

} // namespace tq::server
