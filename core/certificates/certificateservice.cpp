#include "core/certificates/certificateservice.h"

#include "core/common/logging.h"
#include "core/crypto/envelopedkey.h"
#include "core/crypto/x509.h"
#include "core/keys/privatefile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <memory>

namespace tq {

namespace {

QJsonObject toJson(const CertificateRecord &r)
{
    return {{QStringLiteral("id"), r.id},
            {QStringLiteral("pairId"), r.pairId},
            {QStringLiteral("caOrg"), r.caOrg},
            {QStringLiteral("usage"), r.usage},
            {QStringLiteral("status"), r.status},
            {QStringLiteral("serial"), r.serial},
            {QStringLiteral("subject"), r.subject},
            {QStringLiteral("issuer"), r.issuer},
            {QStringLiteral("notBefore"), r.notBefore.toString(Qt::ISODate)},
            {QStringLiteral("notAfter"), r.notAfter.toString(Qt::ISODate)},
            {QStringLiteral("der"), QString::fromLatin1(r.der.toBase64())},
            {QStringLiteral("keyId"), r.keyId}};
}

/// One application in flight: the PIN (wiped with it), the keys made so far and the answer.
struct Application {
    SecureBytes pin;
    KeyAlgorithm algorithm;
    int validityDays;
    QString caOrg;
    KeyInfo signingKey;
    QJsonObject issued;

    SecureBytes pinCopy() const { return SecureBytes(pin.constData(), pin.size()); }
};


} // namespace

CertificateRecord CertificateRecord::fromJson(const QJsonObject &o)
{
    CertificateRecord r;
    r.id = o.value(u"id").toString();
    r.pairId = o.value(u"pairId").toString();
    r.caOrg = o.value(u"caOrg").toString();
    r.usage = o.value(u"usage").toString();
    r.status = o.value(u"status").toString();
    r.serial = o.value(u"serial").toString();
    r.subject = o.value(u"subject").toString();
    r.issuer = o.value(u"issuer").toString();
    r.notBefore = QDateTime::fromString(o.value(u"notBefore").toString(), Qt::ISODate);
    r.notAfter = QDateTime::fromString(o.value(u"notAfter").toString(), Qt::ISODate);
    r.der = QByteArray::fromBase64(o.value(u"der").toString().toLatin1());
    r.keyId = o.value(u"keyId").toString();
    return r;
}

CertificateService::CertificateService(AccountSession *session, KeyCustody *custody, QString indexPath,
                                       QObject *parent)
    : QObject(parent), m_session(session), m_custody(custody), m_indexPath(std::move(indexPath))
{
    if (auto raw = PrivateFile::read(m_indexPath)) {
        for (const QJsonValue &v : QJsonDocument::fromJson(raw.value()).array())
            m_installed.append(CertificateRecord::fromJson(v.toObject()));
    }
}

QList<CertificateRecord> CertificateService::installed() const
{
    return m_installed;
}

void CertificateService::saveIndex()
{
    QJsonArray all;
    for (const CertificateRecord &r : m_installed)
        all.append(toJson(r));
    if (auto saved = PrivateFile::write(m_indexPath, QJsonDocument(all).toJson(QJsonDocument::Compact)); !saved)
        qCWarning(lcCoreCrypto) << "certificate index not saved:" << saved.error().message;
}

Job *CertificateService::apply(KeyAlgorithm algorithm, const SecureBytes &pin, int validityDays, const QString &caOrg)
{
    auto *job = new ComposedJob(this);
    auto app = std::make_shared<Application>(
        Application{SecureBytes(pin.constData(), pin.size()), algorithm, validityDays, caOrg, {}, {}});
    // A failed application leaves no orphan key behind in custody.
    auto failWith = [this, job, app](const Error &e) {
        if (!app->signingKey.id.isEmpty())
            m_custody->deleteKey(app->signingKey.id)->start();
        job->fail(e);
    };

    // Step 5: the KMC's encryption key, opened inside custody and taken in under the same PIN.
    auto installEncryptionKey = [this, job, app, failWith](CertificateRecord signing) {
        const QJsonObject encCert = app->issued.value(u"encryptionCertificate").toObject();
        const QByteArray envelope = QByteArray::fromBase64(app->issued.value(u"encryptionKeyEnvelope").toString().toLatin1());
        auto finishWith = [this, job](QList<CertificateRecord> records) {
            for (const auto &r : records)
                m_installed.prepend(r);
            saveIndex();
            Q_EMIT installedChanged();
            job->finish();
        };
        if (encCert.isEmpty()) { // RSA and P-256 get a single certificate
            finishWith({signing});
            return;
        }
        Q_EMIT progress(5, ApplySteps, tr("Installing the encryption key…"));
        auto cipher = EnvelopedKey::symmetricKeyCipher(envelope);
        if (!cipher)
            return failWith(cipher.error());
        auto *unwrap = m_custody->decrypt(app->signingKey.id, app->pinCopy(), cipher.value());
        connect(unwrap, &Job::finished, this, [this, unwrap, envelope, encCert, signing, app, failWith, finishWith] {
            if (unwrap->hasError())
                return failWith(unwrap->error());
            auto key = EnvelopedKey::open(envelope, [unwrap](QByteArrayView) {
                return Result<SecureBytes>(SecureBytes(unwrap->result().constData(), unwrap->result().size()));
            });
            if (!key)
                return failWith(key.error());
            auto pkcs8 = key.value().privateKeyDer();
            if (!pkcs8)
                return failWith(pkcs8.error());
            auto *import = m_custody->importKey(pkcs8.value(), app->pinCopy());
            connect(import, &Job::finished, this, [import, encCert, signing, failWith, finishWith] {
                if (import->hasError())
                    return failWith(import->error());
                CertificateRecord encryption = CertificateRecord::fromJson(encCert);
                encryption.keyId = import->result().id;
                finishWith({signing, encryption});
            });
            import->start();
        });
        unwrap->start();
    };

    // Steps 3–4: the request, signed in custody, goes to the CA.
    auto request = [this, app, failWith, installEncryptionKey](const QByteArray &csr) {
        Q_EMIT progress(4, ApplySteps, tr("Waiting for the certificate authority…"));
        ApiJob *issue = m_session->api()->post(
            QStringLiteral("/certificates"),
            {{QStringLiteral("csr"), QString::fromLatin1(csr.toBase64())},
             {QStringLiteral("caOrg"), app->caOrg},
             {QStringLiteral("validityDays"), app->validityDays}},
            m_session->accessToken());
        connect(issue, &Job::finished, this, [issue, app, failWith, installEncryptionKey] {
            if (issue->hasError())
                return failWith(issue->error());
            app->issued = issue->data();
            CertificateRecord signing = CertificateRecord::fromJson(app->issued.value(u"certificate").toObject());
            signing.keyId = app->signingKey.id;
            auto cert = Certificate::parse(signing.der);
            // The CA must have certified the key made here, not some other key.
            if (!cert || cert.value().publicKeyDer != app->signingKey.publicKeyDer)
                return failWith(Error(ErrorCode::BadResponse, tr("The issued certificate does not match this device's key.")));
            installEncryptionKey(signing);
        });
        issue->start();
    };

    Q_EMIT progress(1, ApplySteps, tr("Generating the key pair on this device…"));
    auto *create = m_custody->createKey(algorithm, app->pinCopy());
    connect(create, &Job::finished, this, [this, create, app, failWith, request] {
        if (create->hasError())
            return failWith(create->error());
        app->signingKey = create->result();
        Q_EMIT progress(2, ApplySteps, tr("Preparing the certificate request…"));
        auto publicKey = PublicKey::fromDer(app->signingKey.publicKeyDer);
        if (!publicKey)
            return failWith(publicKey.error());
        // The CA takes the subject from the verified identity; the request only proves the key.
        auto draft = Csr::prepare(publicKey.value(), {{QStringLiteral("CN"), QStringLiteral("Tongqian device key")}});
        if (!draft)
            return failWith(draft.error());
        Q_EMIT progress(3, ApplySteps, tr("Signing the request with the new key…"));
        auto *sign = m_custody->sign(app->signingKey.id, app->pinCopy(), draft.value().toBeSigned());
        connect(sign, &Job::finished, this, [sign, draft = draft.value(), failWith, request] {
            if (sign->hasError())
                return failWith(sign->error());
            auto csr = draft.assemble(sign->result());
            if (!csr)
                return failWith(csr.error());
            request(csr.value());
        });
        sign->start();
    });
    create->start();
    return job;
}

} // namespace tq
