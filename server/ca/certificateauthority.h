#pragma once

#include "core/crypto/x509.h"
#include "server/ca/applicationproofs.h"

#include <QCache>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QUrl>

#include <optional>

namespace tq::server {

class CosignService;
class Database;
class IdentityService;
class MasterKey;
class OrderGate;

/// A certificate the CA issued to an account, as stored.
struct IssuedCertificate {
    QString id;
    QString pairId; ///< the signing certificate's id, shared by both halves of a dual pair
    QString caOrg;
    QString usage; ///< "signing" or "encryption"
    Certificate certificate;
    std::optional<QDateTime> revokedAt;
    QString revocationReason;

    /// "valid", "expired" or "revoked" at the current tq::Clock time.
    QString status() const;
    /// `{"id","pairId","caOrg","usage","status","serial","subject","issuer","notBefore","notAfter",
    /// "keyUsage","algorithm","der", "revokedAt"?, "revocationReason"?}`.
    QJsonObject toJson() const;
};

/// What the device asks for (POST /api/v1/certificates).
struct IssueRequest {
    QByteArray csrDer;
    QString caOrg;
    qint64 validityDays = 365;
    QString algorithm; ///< empty, or the name the CSR's key must have ("sm2", "ecdsa-p256", "rsa-2048")
    /// Set: the device keeps two-party keys, so the KMC splits the SM2 encryption key and the
    /// server share becomes a cosign key under the account's PIN record; for an account without
    /// one, this object's pinSalt, pinVerifier (and pinCost) register it (CosignService::adopt).
    std::optional<QJsonObject> twoPartyPin;
    /// The fresh proof of the person; an application without one is refused.
    std::optional<ApplicationProof> proof;
};

/// How many valid (neither revoked nor expired) signing pairs one person may hold from one CA
/// institution, over all of that person's accounts (docs/server.md explains the choice).
struct CaLimits {
    int activeSigningPairsPerPerson = 2;
};

/// A signing certificate and, for SM2 keys, its KMC-made encryption certificate and the
/// enveloped encryption private key (tq::EnvelopedKey DER).
struct IssuedPair {
    IssuedCertificate signing;
    std::optional<IssuedCertificate> encryption;
    QByteArray encryptionKeyEnvelope;
    QList<QByteArray> chain; ///< issuing CA DER, root DER
    /// Two-party delivery only: the cosign key id of the server share and P2 = d2⁻¹·G.
    QString encryptionCosignKeyId;
    QByteArray encryptionServerPublicShare;
};

/// The CA institutions and their certificates. Each institution has an SM2 root
/// and an SM2 issuing CA whose private keys are sealed under the master key in the database.
/// Leaf certificates carry the verified name and a keyed pseudonym of the ID number, never the
/// number. Revocation covers both halves of a pair and republishes the institution's CRL.
/// The lookups (list, find, pairBySigningSerial, chain) are thread-safe; the rest expects one
/// caller at a time. Does not own its collaborators.
class CertificateAuthority {
public:
    static constexpr char SandboxCode[] = "010001";
    static constexpr qint64 MinValidityDays = 1;
    static constexpr qint64 MaxValidityDays = 1095;

    /// `cosign` keeps the server shares of two-party encryption keys; `proofs` checks the fresh
    /// proof of every application and notifies the holder of every issue.
    CertificateAuthority(Database &db, const MasterKey &masterKey, IdentityService &identities, OrderGate &gate,
                         CosignService &cosign, ApplicationProofs &proofs, CaLimits limits = {});

    /// The public URL prefix written into CRL distribution points (e.g. http://host:port).
    void setBaseUrl(const QUrl &baseUrl) { m_baseUrl = baseUrl; }
    /// Creates the institution `code` with a new root and issuing CA unless it exists already; an
    /// existing one must open with the master key (an Error says the key file is the wrong one).
    Result<void> ensureInstitution(const QString &code, const QString &name);

    /// identity_required, ca_not_found, invalid_validity, invalid_csr, the order gate's error, the
    /// proof's errors (fresh_proof_required, identity_mismatch, too_many_verifications,
    /// invalid_sms_code; see ApplicationProofs::check) or too_many_active_certificates
    /// (details.limit). The proof's challenge and the person's limit are settled in the issuing
    /// transaction; the holder gets an SMS notice after it commits.
    Result<IssuedPair> issue(const QString &accountId, const IssueRequest &request);
    Result<QList<IssuedCertificate>> list(const QString &accountId);
    /// certificate_not_found unless the certificate belongs to the account.
    Result<IssuedCertificate> find(const QString &accountId, const QString &id);
    /// The account's dual pair (signing first, then encryption if any) whose signing certificate
    /// has the serial `serialHex` (upper-case hex); certificate_not_found otherwise.
    Result<QList<IssuedCertificate>> pairBySigningSerial(const QString &accountId, const QString &serialHex);
    /// Revokes the pair `id` belongs to; `reason` is a CRLReason name (see revocationReasons()).
    Result<QList<IssuedCertificate>> revoke(const QString &accountId, const QString &id, const QString &reason);
    /// The institution's current DER CRL, signed by its issuing CA.
    Result<QByteArray> crl(const QString &caOrg);
    /// The DER CRL of the root, covering the issuing CA (its serials are never revoked here).
    Result<QByteArray> rootCrl(const QString &caOrg);
    /// The issuing CA and root certificates, DER, in that order.
    Result<QList<QByteArray>> chain(const QString &caOrg);

    /// Accepted revocation reasons: unspecified, keyCompromise, affiliationChanged, superseded,
    /// cessationOfOperation.
    static QStringList revocationReasons();

private:
    struct Institution;
    Result<Institution> institution(const QString &code);
    Result<bool> institutionExists(const QString &code);
    Result<IssuedCertificate> signLeaf(const Institution &ca, const QString &accountId, const QString &pairId,
                                       const NameEntries &subject, const QByteArray &publicKeyDer, bool encryption,
                                       qint64 validityDays);
    Result<QList<IssuedCertificate>> select(const QString &where, const QVariantList &values);
    /// Certificate::parse of the stored base64 DER, remembered: a stored certificate never
    /// changes, and its revocation is read from its row every time.
    Result<Certificate> parsed(const QString &derBase64);
    Result<void> publishCrl(const QString &caOrg);
    /// Inside the issuing transaction: locks the person's row for `caOrg`, then refuses if the
    /// person already holds CaLimits::activeSigningPairsPerPerson valid signing certificates.
    Result<void> checkActivePairs(const Identity &person, const QString &caOrg);
    QString crlUrl(const QString &code, bool root) const;

    Database &m_db;
    const MasterKey &m_masterKey;
    IdentityService &m_identities;
    OrderGate &m_gate;
    CosignService &m_cosign;
    ApplicationProofs &m_proofs;
    CaLimits m_limits;
    QUrl m_baseUrl;
    QMutex m_parsedLock;
    QCache<QString, Certificate> m_parsed{4096}; ///< by base64 DER; guarded by m_parsedLock
};

} // namespace tq::server
