#pragma once

#include "core/common/error.h"
#include "core/crypto/keypair.h"
#include "core/crypto/securebytes.h"
#include "core/crypto/twoparty.h"

#include <optional>

#include <QByteArray>
#include <QString>

namespace tq::server {

class Database;
class MasterKey;

/// A new SM2 encryption key made by the KMC for one signing key.
struct KmcKey {
    QByteArray publicKeyDer; ///< for the encryption certificate
    /// PKCS#8 of the key, kept only until sealEscrow() seals it for the certificate that
    /// certifies it (whose id does not exist before the certificate is signed).
    SecureBytes escrowKey;
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
/// the cosign service. The plain key exists only in a KmcKey and, sealed, in the escrow.
///
/// Each escrow row is sealed for its encryption certificate: the master-key purpose carries
/// the certificate id, so a row copied or swapped onto another certificate does not open.
/// Does not own the master key; const methods are thread-safe.
class Kmc {
public:
    explicit Kmc(const MasterKey &masterKey) : m_masterKey(masterKey) { }

    /// Fails with `crypto` unless `signingKey` is SM2. `split`: deliver a two-party key.
    Result<KmcKey> generate(const PublicKey &signingKey, bool split = false) const;

    /// The kmc_escrow.key_sealed value of `key` for the certificate `certificateId`.
    Result<QString> sealEscrow(const KmcKey &key, const QString &certificateId) const;
    /// The escrowed key of the certificate `certificateId` from its row's key_sealed;
    /// `crypto` error for a row sealed for another certificate or in the legacy form.
    Result<KeyPair> openEscrow(const QString &sealed, const QString &certificateId) const;

    /// Re-seals for their certificates the rows written before escrow was bound to one
    /// (kmc_escrow.sealing = 1), each only if its key is the key its certificate certifies; a
    /// row that fails that check is left as it is (it opens for no certificate) and logged.
    /// Each row changes in one conditional UPDATE, so several instances may run it at once.
    /// Returns how many rows were re-sealed.
    Result<int> upgradeLegacyEscrow(Database &db) const;

    /// The master-key purpose of an escrow row sealed for `certificateId`.
    static QByteArray escrowPurpose(const QString &certificateId);
    /// The single purpose rows were sealed with before the binding (still read by the upgrade).
    static constexpr char LegacyEscrowPurpose[] = "kmc_escrow.key";
    /// kmc_escrow.sealing values.
    enum class Sealing { Legacy = 1, PerCertificate = 2 };

private:
    const MasterKey &m_masterKey;
};

} // namespace tq::server
