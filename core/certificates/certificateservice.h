#pragma once

#include "core/account/accountsession.h"
#include "core/crypto/keypair.h"
#include "core/keys/keycustody.h"

#include <QDateTime>
#include <QObject>

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

    static CertificateRecord fromJson(const QJsonObject &o);
};

/// Applying for and installing personal certificates (SPEC E3, E4): the signing key is made in
/// key custody, the request is signed there, the server's CA issues the certificate, and for
/// SM2 the KMC's encryption key is opened inside custody and taken in under the same PIN.
/// Keeps an index of installed certificates (public data only) in an owner-only file.
/// GUI thread; custody and the session must outlive it.
class CertificateService : public QObject {
    Q_OBJECT
public:
    CertificateService(AccountSession *session, KeyCustody *custody, QString indexPath, QObject *parent = nullptr);

    /// Runs the whole application; emits progress() per step. The returned job is started and
    /// finishes asynchronously; on success installed() holds the new pair.
    Job *apply(KeyAlgorithm algorithm, const SecureBytes &pin, int validityDays = 365,
               const QString &caOrg = QStringLiteral("010001"));
    /// The certificates installed on this device, newest first.
    QList<CertificateRecord> installed() const;

    static constexpr int ApplySteps = 5;

Q_SIGNALS:
    /// `step` of `steps` is starting; `what` is a translated sentence for a progress bar.
    void progress(int step, int steps, const QString &what);
    void installedChanged();

private:
    void saveIndex();

    AccountSession *m_session;
    KeyCustody *m_custody;
    QString m_indexPath;
    QList<CertificateRecord> m_installed;
};

} // namespace tq
