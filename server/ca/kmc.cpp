#include "server/ca/kmc.h"

#include "core/common/encoding.h"
#include "core/crypto/certificateerrors.h"
#include "core/crypto/envelopedkey.h"
#include "core/crypto/sm2.h"
#include "core/crypto/x509.h"
#include "server/db/database.h"
#include "server/keys/masterkey.h"
#include "server/logging.h"

namespace tq::server {

Result<KmcKey> Kmc::generate(const PublicKey &signingKey, bool split) const
{
    if (signingKey.algorithm() != KeyAlgorithm::Sm2)
        return Error(CertificateError::Crypto, QStringLiteral("Encryption keys are only made for SM2 signing keys."));
    const auto key = KeyPair::generate(KeyAlgorithm::Sm2);
    if (!key)
        return key.error();
    auto pkcs8 = key.value().privateKeyDer();
    if (!pkcs8)
        return pkcs8.error();
    if (!split) {
        auto envelope = EnvelopedKey::seal(key.value(), signingKey);
        if (!envelope)
            return envelope.error();
        return KmcKey{key.value().publicKeyDer(), std::move(pkcs8).value(), std::move(envelope).value(), {}, {}};
    }
    const Sm2 sm2;
    auto shares = twoparty::splitKey(sm2, sm2.privateScalar(key.value()).get());
    if (!shares)
        return shares.error();
    QByteArray point = sm2.pointBytes(sm2.publicPoint(key.value().get()).get());
    auto envelope = EnvelopedKey::sealShare(shares.value().deviceShare.get(), point, signingKey);
    if (!envelope)
        return envelope.error();
    return KmcKey{key.value().publicKeyDer(), std::move(pkcs8).value(), std::move(envelope).value(),
                  std::move(shares).value(), std::move(point)};
}

QByteArray Kmc::escrowPurpose(const QString &certificateId)
{
    // The legacy label plus a separator that no certificate id contains keeps the two forms apart.
    return QByteArray(LegacyEscrowPurpose) + "/certificate\n" + certificateId.toUtf8();
}

Result<QString> Kmc::sealEscrow(const KmcKey &key, const QString &certificateId) const
{
    if (key.escrowKey.isEmpty() || certificateId.isEmpty())
        return Error(CertificateError::Crypto, QStringLiteral("There is no key to escrow."));
    return m_masterKey.seal(key.escrowKey.view(), escrowPurpose(certificateId));
}

Result<KeyPair> Kmc::openEscrow(const QString &sealed, const QString &certificateId) const
{
    if (certificateId.isEmpty())
        return Error(CertificateError::Crypto, QStringLiteral("The escrowed key does not belong to this certificate."));
    auto pkcs8 = m_masterKey.open(sealed, escrowPurpose(certificateId));
    if (!pkcs8)
        return pkcs8.error();
    return KeyPair::fromPrivateDer(pkcs8.value());
}

namespace {

// A legacy row's key, if it is the key `certificateDer` (base64) certifies.
std::optional<SecureBytes> legacyKeyOf(const MasterKey &masterKey, const QString &sealed, const QString &certificateDer)
{
    auto pkcs8 = masterKey.open(sealed, Kmc::LegacyEscrowPurpose);
    const auto der = fromBase64Text(certificateDer);
    if (!pkcs8 || !der)
        return std::nullopt;
    const auto key = KeyPair::fromPrivateDer(pkcs8.value());
    const auto certificate = Certificate::parse(*der);
    if (!key || !certificate || key.value().publicKeyDer() != certificate.value().publicKeyDer)
        return std::nullopt;
    return std::move(pkcs8).value();
}

} // namespace

Result<int> Kmc::upgradeLegacyEscrow(Database &db) const
{
    auto rows = db.exec(QStringLiteral("SELECT e.certificate_id, e.key_sealed, c.der FROM kmc_escrow e "
                                       "JOIN certificates c ON c.id = e.certificate_id WHERE e.sealing = ?"),
                        {int(Sealing::Legacy)});
    if (!rows)
        return rows.error();
    int upgraded = 0;
    while (rows.value().next()) {
        const QString certificateId = rows.value().value(0).toString();
        const QString legacy = rows.value().value(1).toString();
        // A legacy row names no certificate, so it is re-sealed only for the certificate whose
        // key it holds: a row already swapped onto another certificate stays unopenable.
        const auto pkcs8 = legacyKeyOf(m_masterKey, legacy, rows.value().value(2).toString());
        if (!pkcs8) {
            qCWarning(lcServer).noquote() << "escrow row of certificate" << certificateId
                                          << "does not hold that certificate's key; left unopenable";
            continue;
        }
        auto resealed = m_masterKey.seal(pkcs8->view(), escrowPurpose(certificateId));
        if (!resealed)
            return resealed.error();
        // Conditional on the row still being the one read, so concurrent upgrades change it once.
        auto changed = db.update(QStringLiteral("UPDATE kmc_escrow SET key_sealed = ?, sealing = ? "
                                                "WHERE certificate_id = ? AND sealing = ? AND key_sealed = ?"),
                                 {resealed.value(), int(Sealing::PerCertificate), certificateId,
                                  int(Sealing::Legacy), legacy});
        if (!changed)
            return changed.error();
        upgraded += changed.value();
    }
    return upgraded;
}

} // namespace tq::server
