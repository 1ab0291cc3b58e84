#pragma once

#include "core/common/error.h"
#include "core/crypto/keypair.h"
#include "core/crypto/twoparty.h"

#include <optional>

#include <QByteArray>
#include <QString>

namespace tq::server {

class MasterKey;

/// A new SM2 encryption key made by the KMC for one signing key.
struct KmcKey {
    QByteArray publicKeyDer; ///< for the encryption certificate
    QString escrowSealed; ///< PKCS#8 sealed under the master key, for the kmc_escrow table
    QByteArray envelope; ///< DER SM2EnvelopedKey to the device's signing key (tq::EnvelopedKey)
    /// For a two-party delivery: the shares (the envelope then holds only the device share)
    /// and the public key as a point, 04‖x‖y.
    std::optional<twoparty::SplitKey> split;
    QByteArray publicPoint;
};

/// The key management centre of the dual-certificate scheme: generates SM2 encryption
/// key pairs, keeps an escrow copy sealed under the master key, and delivers the private key
/// enveloped to the device's SM2 signing key — or, for a device keeping two-party keys, splits
/// it (docs/key-custody.md) and envelopes only the device share; the server share then goes to
/// the cosign service. The plain key exists only inside generate() and in the escrow.
/// Does not own the master key; const methods are thread-safe.
class Kmc {
public:
    explicit Kmc(const MasterKey &masterKey) : m_masterKey(masterKey) { }

    /// Fails with `crypto` unless `signingKey` is SM2. `split`: deliver a two-party key.
    Result<KmcKey> generate(const PublicKey &signingKey, bool split = false) const;

    /// The master-key purpose label of escrowed keys.
    static constexpr char EscrowPurpose[] = "kmc_escrow.key";

private:
    const MasterKey &m_masterKey;
};

} // namespace tq::server
