#pragma once

#include "core/account/accountsession.h"
#include "core/crypto/keypair.h"
#include "core/keys/keycustody.h"

#include <QDateTime>
#include <QJsonArray>
#include <QObject>

#include <functional>
#include <memory>
#include <optional>

namespace tq {

/// A certificate as the server lists it, and (when installed here) the custody key behind it.
struct CertificateRecord {
    QString id;
    QString pairId;        ///< shared by the signing and the encryption certificate of a pair
    QString caOrg;         ///< national caOrgType, e.g. 010001
    QString usage;         ///< "signing" or "encryption"
    QString status;        ///< "valid", "expired" or "revoked"
    QString serial;
    QString subject;
    QString issuer;
    QDateTime notBefore;
    QDateTime notAfter;
    QByteArray der;
    QString keyId;         ///< custody key id; empty when the key is not on this device
    QList<QByteArray> chain; ///< DER issuing CA then root, as the CA sent them at issue

    /// "valid", "expired" or "revoked" at `now`: the server's word, with expiry checked locally.
    QString statusAt(const QDateTime &now) const;
    bool isValidAt(const QDateTime &now) const { return statusAt(now) == QLatin1String("valid"); }

    static CertificateRecord fromJson(const QJsonObject &o);
};

/// The fresh proof of the person every certificate application carries (the server refuses one
/// without it, docs/server.md): either the real name and ID number again (with the liveness
/// token where the platform has one), or an installed valid signing certificate of the same person
/// signing the server's challenge plus the SMS code that came with the challenge. Plain value.
struct ApplicationProof {
    std::optional<IdentityProof> identity; ///< set: method "identity"
    QString certificateId; ///< method "certificate": the installed signing certificate that signs
    QByteArray challenge;  ///< from CertificateService::requestChallenge()
    QString smsCode;       ///< the code sent to the account's phone with the challenge

    static ApplicationProof ofIdentity(IdentityProof person) { return {std::move(person), {}, {}, {}}; }
    static ApplicationProof ofCertificate(QString certificateId, QByteArray challenge, QString smsCode)
    {
        return {std::nullopt, std::move(certificateId), std::move(challenge), std::move(smsCode)};
    }
};

/// File formats for exporting a certificate.
enum class CertificateFormat {
    Der,         ///< binary X.509, the usual `.cer`
    Pem,         ///< the certificate in PEM armour
    PemWithChain ///< PEM: the certificate, then its issuing and root CA certificates
};

/// Applying for and installing personal certificates: the signing key is made in
/// key custody, the request is signed there, the server's CA issues the certificate, and for
/// SM2 the KMC's encryption key is opened inside custody and taken in under the same PIN.
/// Keeps an index of installed certificates (public data only) in an owner-only file, one per
/// account (DeviceProfile points it at the logged-in account's with setIndexPath()).
/// GUI thread; custody and the session must outlive it.
class CertificateService : public QObject {
    Q_OBJECT
public:
    CertificateService(AccountSession *session, KeyCustody *custody, QString indexPath, QObject *parent = nullptr);

    /// Runs the whole application with the fresh `proof` of the person; emits progress() per step.
    /// With a certificate proof the installed certificate's key signs the challenge and the new
    /// request under `pin` too (so the new pair gets that certificate's PIN). The returned job is started (see
    /// tq::Job); on success installed() holds the new pair. On failure, and after cancel(), a
    /// pair already issued is revoked and the keys made so far are deleted (not a key whose
    /// creation was under way when cancel() came: its result is dropped with the job). `custody`: where the
    /// keys are kept (nullopt: custody's default); the encryption key follows the signing key.
    /// `caOrg`: the CA institution's national code; empty asks the server's default institution
    /// (the issued records then carry the code the server answered with).
    Job *apply(KeyAlgorithm algorithm, const ApplicationProof &proof, const SecureBytes &pin, int validityDays = 365,
               const QString &caOrg = {}, std::optional<CustodyKind> custody = std::nullopt);
    /// Asks the server for a single-use challenge for a certificate proof; the server sends an
    /// SMS code to the account's phone with it. Started; the result is the challenge.
    ComposedValueJob<QByteArray> *requestChallenge();
    /// The installed signing certificates that are valid now and have their key on this device:
    /// the ones that can make a certificate proof.
    QList<CertificateRecord> provingCertificates(const QDateTime &now) const;
    /// The index file this service reads and writes.
    QString indexPath() const { return m_indexPath; }
    /// Forgets the certificates of the current index and loads those of `indexPath` (a missing
    /// file is an empty index); emits installedChanged(). Used when another account logs in.
    void setIndexPath(const QString &indexPath);
    /// The certificates installed on this device for the current account, newest first.
    QList<CertificateRecord> installed() const;
    /// The installed certificate with `id`, or nullopt.
    std::optional<CertificateRecord> find(const QString &id) const;
    /// The installed certificates of the pair `pairId` (signing first).
    QList<CertificateRecord> pair(const QString &pairId) const;

    /// Asks the server for the account's certificates and takes over their status (revoked
    /// elsewhere, e.g. from another device or by the operator). Started; finishes asynchronously.
    Job *refresh();
    /// Revokes the pair the certificate `id` belongs to (both certificates), `reason` an RFC 5280
    /// name such as "keyCompromise" or "unspecified". The index records the new status.
    Job *revoke(const QString &id, const QString &reason = QStringLiteral("unspecified"));
    /// Re-wraps every key of the pair `pairId` under `newPin` (the keys are never regenerated).
    /// Fails with `wrong_pin` and changes nothing when `oldPin` is wrong; if the second key
    /// cannot be re-wrapped the first is changed back, so one PIN always opens the whole pair.
    /// A two-party pair has one PIN record (the account's, docs/key-custody.md): changed once.
    Job *changePin(const QString &pairId, const SecureBytes &oldPin, const SecureBytes &newPin);
    /// The PIN retry state of the pair `pairId`: the fewest attempts left among its keys, and
    /// locked if any key is (two-party keys: the server's count; local keys: attemptsLeft -1).
    ComposedValueJob<PinStatus> *pinStatus(const QString &pairId);
    /// Sets `newPin` on the pair's PIN record after the server has checked `proof` against the
    /// account's verified identity: the way out of `pin_locked` (two-party keys only; their one
    /// record is the account's). Works on unlocked keys too.
    Job *resetPin(const QString &pairId, const IdentityProof &proof, const SecureBytes &newPin);
    /// Where the keys of the pair `pairId` are kept.
    CustodyKind custodyOf(const QString &pairId) const;
    /// Where apply() keeps the keys of a new SM2 pair unless told otherwise.
    CustodyKind defaultCustody() const { return m_custody->preferred(); }
    /// Writes the certificate `id` to `path` atomically. Fails with `certificate_not_found` or
    /// `storage`.
    Result<void> exportCertificate(const QString &id, const QString &path,
                                   CertificateFormat format = CertificateFormat::Der) const;

    static constexpr int ApplySteps = 5;

Q_SIGNALS:
    /// `step` of `steps` is starting; `what` is a translated sentence for a progress bar.
    void progress(int step, int steps, const QString &what);
    void installedChanged();

private:
    void loadIndex();
    class Application; // one apply() in flight, certificateservice.cpp

    Result<void> saveIndex();
    /// Adds `records` to the index and saves it; on failure the index is as it was.
    Result<void> addInstalled(const QList<CertificateRecord> &records);
    void takeOver(const QJsonArray &serverRecords);
    QStringList keyIds(const QString &pairId) const;
    /// keyIds() with one key per PIN record: a two-party pair's keys share the account's.
    QStringList pinRecordKeyIds(const QString &pairId) const;
    /// Runs `step` for each of `ids` (keys of one pair) in turn, stopping at the first error;
    /// `done` last.
    template <typename StepJob>
    void eachKey(const QStringList &ids, ComposedJob *job, std::function<StepJob *(const QString &keyId)> step,
                 std::function<void(StepJob *)> each, std::function<void()> done);

    AccountSession *m_session;
    KeyCustody *m_custody;
    QString m_indexPath;
    QList<CertificateRecord> m_installed;
};

} // namespace tq
