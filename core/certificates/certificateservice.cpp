#include "core/certificates/certificateservice.h"

#include "core/common/apierrors.h"
#include "core/common/encoding.h"
#include "core/common/logging.h"
#include "core/crypto/certificateerrors.h"
#include "core/crypto/x509.h"
#include "core/keys/devicekeycustody.h"
#include "core/common/privatefile.h"
#include "core/protocol/applicationproof.h"
#include "core/protocol/routes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <functional>
#include <memory>

namespace tq {

namespace {

QJsonArray base64Array(const QList<QByteArray> &items)
{
    QJsonArray out;
    for (const QByteArray &item : items)
        out.append(toBase64Text(item));
    return out;
}

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
            {QStringLiteral("der"), toBase64Text(r.der)},
            {QStringLiteral("keyId"), r.keyId},
            {QStringLiteral("chain"), base64Array(r.chain)}};
}

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
    r.der = bytesFromBase64Text(o.value(u"der"));
    r.keyId = o.value(u"keyId").toString();
    for (const QJsonValue &c : o.value(u"chain").toArray())
        r.chain.append(bytesFromBase64Text(c));
    return r;
}

CertificateService::CertificateService(AccountSession *session, KeyCustody *custody, QString indexPath,
                                       QObject *parent)
    : QObject(parent), m_session(session), m_custody(custody), m_indexPath(std::move(indexPath))
{
    loadIndex();
}

void CertificateService::setIndexPath(const QString &indexPath)
{
    m_indexPath = indexPath;
    loadIndex();
    Q_EMIT installedChanged();
}

void CertificateService::loadIndex()
{
    m_installed.clear();
    if (auto raw = PrivateFile::read(m_indexPath)) {
        for (const QJsonValue &v : QJsonDocument::fromJson(raw.value()).array())
            m_installed.append(CertificateRecord::fromJson(v.toObject()));
    }
}

QString CertificateRecord::statusAt(const QDateTime &now) const
{
    if (status == QLatin1String("revoked"))
        return status;
    return notAfter.isValid() && notAfter < now ? QStringLiteral("expired") : status;
}

QList<CertificateRecord> CertificateService::installed() const
{
    return m_installed;
}

std::optional<CertificateRecord> CertificateService::find(const QString &id) const
{
    for (const CertificateRecord &r : m_installed) {
        if (r.id == id)
            return r;
    }
    return std::nullopt;
}

QList<CertificateRecord> CertificateService::pair(const QString &pairId) const
{
    QList<CertificateRecord> out;
    for (const CertificateRecord &r : m_installed) {
        if (r.pairId == pairId)
            r.usage == QLatin1String("signing") ? out.prepend(r) : out.append(r);
    }
    return out;
}

void CertificateService::takeOver(const QJsonArray &serverRecords)
{
    bool changed = false;
    for (const QJsonValue &v : serverRecords) {
        const CertificateRecord fresh = CertificateRecord::fromJson(v.toObject());
        for (CertificateRecord &mine : m_installed) {
            if (mine.id == fresh.id && mine.status != fresh.status) {
                mine.status = fresh.status;
                changed = true;
            }
        }
    }
    if (changed) {
        // The server stays the authority on status; a failed save is refreshed again next time.
        if (auto saved = saveIndex(); !saved)
            qCWarning(lcCoreCrypto) << "certificate index not saved:" << saved.error().message;
        Q_EMIT installedChanged();
    }
}

Job *CertificateService::refresh()
{
    auto *job = new ComposedJob(this);
    ApiJob *list = m_session->client()->get(routes::Certificates);
    job->step(list, this, [this, job, list] {
        if (list->hasError())
            return job->fail(list->error());
        takeOver(list->data().value(u"certificates").toArray());
        job->finish();
    });
    return job;
}

Job *CertificateService::revoke(const QString &id, const QString &reason)
{
    auto *job = new ComposedJob(this);
    ApiJob *call =
        m_session->client()->post(routes::withArg(routes::CertificateRevocation, id), {{QStringLiteral("reason"), reason}});
    job->step(call, this, [this, job, call] {
        if (call->hasError())
            return job->fail(call->error());
        takeOver(call->data().value(u"certificates").toArray());
        job->finish();
    });
    return job;
}

QStringList CertificateService::keyIds(const QString &pairId) const
{
    QStringList ids;
    for (const CertificateRecord &r : pair(pairId)) {
        if (!r.keyId.isEmpty())
            ids.append(r.keyId);
    }
    return ids;
}

QStringList CertificateService::pinRecordKeyIds(const QString &pairId) const
{
    const QStringList ids = keyIds(pairId);
    return custodyOf(pairId) == CustodyKind::TwoParty ? ids.mid(0, 1) : ids;
}

CustodyKind CertificateService::custodyOf(const QString &pairId) const
{
    const QStringList ids = keyIds(pairId);
    return ids.isEmpty() ? CustodyKind::Local : DeviceKeyCustody::kindOf(ids.first());
}

namespace {

// Runs `step` for each of `ids` in turn (the next starts when the one before has finished);
// `each` after each success, `failed` at the first error (and nothing more), `done` after the last.
template <typename StepJob>
void runInTurn(QObject *context, QStringList ids, std::function<StepJob *(const QString &)> step,
               std::function<void(StepJob *, const QString &)> each, std::function<void(const Error &)> failed,
               std::function<void()> done)
{
    if (ids.isEmpty())
        return done();
    const QString id = ids.takeFirst();
    StepJob *current = step(id);
    current->then(context, [=] {
        if (current->hasError())
            return failed(current->error());
        each(current, id);
        runInTurn<StepJob>(context, ids, step, each, failed, done);
    });
}

// Starts every job of `jobs` at once and calls `then` when all have finished (at once for none).
// A job's error is only logged after `whatIsLeft`: these are clean-ups after a failure that is
// reported already, but nothing may fall out of step unnoticed. The jobs may be server calls, so
// the caller's job ends only after them (a program that exits on failure would cut them short).
void afterAll(QObject *context, const QList<Job *> &jobs, const char *whatIsLeft, std::function<void()> then)
{
    if (jobs.isEmpty())
        return then();
    auto pending = std::make_shared<int>(int(jobs.size()));
    for (Job *job : jobs) {
        job->then(context, [job, pending, whatIsLeft, then] {
            if (job->hasError())
                qCWarning(lcCoreCrypto) << whatIsLeft << job->error().code;
            if (--*pending == 0)
                then();
        });
    }
}

} // namespace

template <typename StepJob>
void CertificateService::eachKey(const QStringList &ids, ComposedJob *job,
                                 std::function<StepJob *(const QString &keyId)> step,
                                 std::function<void(StepJob *)> each, std::function<void()> done)
{
    if (ids.isEmpty())
        return job->fail(
            Error(CertificateError::CertificateNotFound, QStringLiteral("this certificate is not installed on this device")));
    runInTurn<StepJob>(
        this, ids, std::move(step), [each](StepJob *current, const QString &) { each(current); },
        [job](const Error &e) { job->fail(e); }, std::move(done));
}

ComposedValueJob<PinStatus> *CertificateService::pinStatus(const QString &pairId)
{
    auto *job = new ComposedValueJob<PinStatus>(this);
    auto combined = std::make_shared<PinStatus>();
    eachKey<TaskJob<PinStatus>>(
        keyIds(pairId), job, [this](const QString &id) { return m_custody->pinStatus(id); },
        [combined](TaskJob<PinStatus> *done) {
            const PinStatus &s = done->result();
            if (s.attemptsLeft >= 0)
                combined->attemptsLeft =
                    combined->attemptsLeft < 0 ? s.attemptsLeft : std::min(combined->attemptsLeft, s.attemptsLeft);
            combined->locked = combined->locked || s.locked;
        },
        [job, combined] { job->finishWith(*combined); });
    return job;
}

Job *CertificateService::resetPin(const QString &pairId, const IdentityProof &proof, const SecureBytes &newPin)
{
    auto *job = new ComposedJob(this);
    auto pin = std::make_shared<SecureBytes>(newPin.copy());
    eachKey<TaskJob<Done>>(
        pinRecordKeyIds(pairId), job, [this, proof, pin](const QString &id) { return m_custody->resetPin(id, proof, *pin); },
        [](TaskJob<Done> *) {}, [job] { job->finish(); });
    return job;
}

// Keys are re-wrapped one after the other; a failure part-way changes the finished ones back.
Job *CertificateService::changePin(const QString &pairId, const SecureBytes &oldPin, const SecureBytes &newPin)
{
    auto *job = new ComposedJob(this);
    const QStringList ids = pinRecordKeyIds(pairId);
    if (ids.isEmpty()) {
        job->fail(Error(CertificateError::CertificateNotFound, QStringLiteral("this certificate is not installed on this device")));
        return job;
    }
    auto pins = std::make_shared<std::pair<SecureBytes, SecureBytes>>(oldPin.copy(), newPin.copy());
    auto changed = std::make_shared<QStringList>();
    runInTurn<TaskJob<Done>>(
        this, ids, [this, pins](const QString &id) { return m_custody->changePin(id, pins->first, pins->second); },
        [changed](TaskJob<Done> *, const QString &id) { changed->append(id); },
        [this, job, pins, changed](const Error &e) {
            QList<Job *> back;
            for (const QString &id : std::as_const(*changed))
                back.append(m_custody->changePin(id, pins->second, pins->first));
            afterAll(this, back, "a key of the pair keeps the new PIN:", [job, e] { job->fail(e); });
        },
        [job] { job->finish(); });
    return job;
}

Result<void> CertificateService::exportCertificate(const QString &id, const QString &path,
                                                   CertificateFormat format) const
{
    const auto record = find(id);
    if (!record)
        return Error(CertificateError::CertificateNotFound, QStringLiteral("certificate not installed on this device"));
    QByteArray out;
    if (format == CertificateFormat::Der) {
        out = record->der;
    } else {
        out = pemEncode(record->der, "CERTIFICATE");
        if (format == CertificateFormat::PemWithChain) {
            for (const QByteArray &ca : record->chain)
                out += pemEncode(ca, "CERTIFICATE");
        }
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(out) != out.size() || !file.commit())
        return Error(ApiError::Storage, QStringLiteral("cannot save the certificate to %1: %2").arg(path, file.errorString()));
    return {};
}

Result<void> CertificateService::saveIndex()
{
    QJsonArray all;
    for (const CertificateRecord &r : m_installed)
        all.append(toJson(r));
    return PrivateFile::write(m_indexPath, QJsonDocument(all).toJson(QJsonDocument::Compact));
}

// One application, step by step from top to bottom: each step starts its work and hands the
// outcome to the next; any failure goes to abandon(). Holds the PIN (wiped with it), the keys
// made so far and the CA's answer.
class CertificateService::Application : public ComposedJob {
public:
    Application(CertificateService *service, KeyAlgorithm algorithm, ApplicationProof proof, const SecureBytes &pin,
                int validityDays, QString caOrg, std::optional<CustodyKind> custody)
        : ComposedJob(service), m_service(service), m_custody(service->m_custody), m_pin(pin.copy()),
          m_algorithm(algorithm), m_validityDays(validityDays), m_caOrg(std::move(caOrg)), m_custodyKind(custody),
          m_proof(std::move(proof))
    {
    }

protected:
    void run() override { createKey(); }

private:
    void progress(int step, const QString &what) { Q_EMIT m_service->progress(step, ApplySteps, what); }

    // Step 1: the signing key, made in custody under the PIN.
    void createKey()
    {
        progress(1, CertificateService::tr("Generating the key pair on this device…"));
        auto *create = m_custodyKind ? m_custody->createKey(m_algorithm, m_pin.copy(), *m_custodyKind)
                                     : m_custody->createKey(m_algorithm, m_pin.copy());
        step(create, this, [this, create] {
            if (create->hasError())
                return abandon(create->error());
            m_signingKey = create->result();
            signRequest();
        });
    }

    // Steps 2–3: a request that only proves the key (the CA takes the subject from the
    // verified identity), signed in custody.
    void signRequest()
    {
        progress(2, CertificateService::tr("Preparing the certificate request…"));
        auto publicKey = PublicKey::fromDer(m_signingKey.publicKeyDer);
        if (!publicKey)
            return abandon(publicKey.error());
        auto draft = Csr::prepare(publicKey.value(), {{QStringLiteral("CN"), QStringLiteral("Tongqian device key")}});
        if (!draft)
            return abandon(draft.error());
        progress(3, CertificateService::tr("Signing the request with the new key…"));
        auto *sign = m_custody->sign(m_signingKey.id, m_pin.copy(), draft.value().toBeSigned());
        step(sign, this, [this, sign, draft = draft.value()] {
            if (sign->hasError())
                return abandon(sign->error());
            auto csr = draft.assemble(sign->result());
            if (!csr)
                return abandon(csr.error());
            m_csr = csr.value();
            proveWithCertificate();
        });
    }

    // Step 3 (certificate proof): the installed certificate signs the challenge and this request.
    void proveWithCertificate()
    {
        if (m_proof.certificateId.isEmpty())
            return afterProof();
        const auto existing = m_service->find(m_proof.certificateId);
        if (!existing || existing->keyId.isEmpty())
            return abandon(Error(CertificateError::CertificateNotFound,
                                 QStringLiteral("the certificate of the proof is not installed on this device")));
        auto *sign = m_custody->sign(existing->keyId, m_pin.copy(),
                                     applicationproof::signedStatement(m_proof.challenge, m_csr));
        step(sign, this, [this, sign] {
            if (sign->hasError())
                return abandon(sign->error());
            m_proofSignature = sign->result();
            afterProof();
        });
    }

    void afterProof()
    {
        if (m_algorithm == KeyAlgorithm::Sm2)
            return prepareEncryptionKeyDelivery(m_csr);
        submit(m_csr);
    }

    QJsonObject proofJson() const
    {
        if (const auto &person = m_proof.identity)
            return {{QStringLiteral("method"), QLatin1String(applicationproof::MethodIdentity)},
                    {QStringLiteral("name"), person->name},
                    {QStringLiteral("idNumber"), person->idNumber},
                    {QStringLiteral("livenessEvidence"), person->livenessToken}};
        return {{QStringLiteral("method"), QLatin1String(applicationproof::MethodCertificate)},
                {QStringLiteral("certificateId"), m_proof.certificateId},
                {QStringLiteral("challenge"), toBase64Text(m_proof.challenge)},
                {QStringLiteral("signature"), toBase64Text(m_proofSignature)},
                {QStringLiteral("smsCode"), m_proof.smsCode}};
    }

    // Step 3 (SM2): what the KMC needs to deliver the encryption key into this key's custody.
    void prepareEncryptionKeyDelivery(const QByteArray &csr)
    {
        auto *prepare = m_custody->encryptionKeyRequest(m_signingKey.id, m_pin.copy());
        step(prepare, this, [this, prepare, csr] {
            if (prepare->hasError())
                return abandon(prepare->error());
            m_encryptionKeyRequest = prepare->result();
            submit(csr);
        });
    }

    // Step 4: the CA issues the certificate (and for SM2 the KMC the encryption pair).
    void submit(const QByteArray &csr)
    {
        progress(4, CertificateService::tr("Waiting for the certificate authority…"));
        QJsonObject body{{QStringLiteral("csr"), toBase64Text(csr)},
                         {QStringLiteral("validityDays"), m_validityDays}};
        // No proof given, none sent: the server's error says what it needs.
        if (m_proof.identity || !m_proof.certificateId.isEmpty())
            body.insert(QStringLiteral("proof"), proofJson());
        if (!m_caOrg.isEmpty())
            body.insert(QStringLiteral("caOrg"), m_caOrg);
        if (!m_encryptionKeyRequest.isEmpty())
            body.insert(QStringLiteral("encryptionKeyCosign"), m_encryptionKeyRequest);
        ApiJob *issue = m_service->m_session->client()->post(routes::Certificates, body);
        step(issue, this, [this, issue] {
            if (issue->hasError())
                return abandon(issue->error());
            m_issued = issue->data();
            checkIssued();
        });
    }

    // The CA must have certified the key made here, not some other key.
    void checkIssued()
    {
        // Installing needs only the salt; the verifier stands for the PIN and goes no further.
        m_encryptionKeyRequest.remove(QStringLiteral("pinVerifier"));
        CertificateRecord signing = CertificateRecord::fromJson(m_issued.value(u"certificate").toObject());
        signing.keyId = m_signingKey.id;
        signing.chain = CertificateRecord::fromJson({{QStringLiteral("chain"), m_issued.value(u"chain")}}).chain;
        auto cert = Certificate::parse(signing.der);
        if (!cert || cert.value().publicKeyDer != m_signingKey.publicKeyDer)
            return abandon(Error(ApiError::BadResponse,
                                 CertificateService::tr("The issued certificate does not match this device's key.")));
        installEncryptionKey(signing);
    }

    // Step 5: the KMC's encryption key, opened inside custody and taken in under the same PIN.
    void installEncryptionKey(const CertificateRecord &signing)
    {
        const QJsonObject encCert = m_issued.value(u"encryptionCertificate").toObject();
        if (encCert.isEmpty()) // RSA and P-256 get a single certificate
            return install({signing});
        progress(5, CertificateService::tr("Installing the encryption key…"));
        const QJsonObject cosign = m_issued.value(u"encryptionKeyCosign").toObject();
        const QString envelope = m_issued.value(u"encryptionKeyEnvelope").toString();
        EncryptionKeyDelivery delivery{fromBase64Text(envelope).value_or(QByteArray()),
                                       {},
                                       m_encryptionKeyRequest,
                                       cosign.value(u"keyId").toString(),
                                       bytesFromBase64Text(cosign.value(u"publicShare"))};
        CertificateRecord encryption = CertificateRecord::fromJson(encCert);
        if (auto cert = Certificate::parse(encryption.der))
            delivery.certifiedPublicKeyDer = cert.value().publicKeyDer;
        auto *installKey = m_custody->installEncryptionKey(m_signingKey.id, m_pin.copy(), delivery);
        step(installKey, this, [this, installKey, signing, encryption]() mutable {
            if (installKey->hasError())
                return abandon(installKey->error());
            m_encryptionKeyId = installKey->result().id;
            encryption.keyId = m_encryptionKeyId;
            encryption.chain = signing.chain;
            install({signing, encryption});
        });
    }

    // Last: the index. Keys nobody can find are worse than no keys: an unsaved index undoes it.
    void install(const QList<CertificateRecord> &records)
    {
        if (auto added = m_service->addInstalled(records); !added)
            return abandon(added.error());
        finish();
    }

    // A failed application leaves nothing behind: a pair the CA already issued is revoked (no
    // certificate without its key on the server), then the keys made so far are deleted; the
    // job fails only once that is done (both are server calls for two-party keys, which a
    // program that exits on failure would otherwise cut short). The clean-up belongs to the
    // service, so that it also completes after cancel().
    void abandon(const Error &error)
    {
        const QString issuedId = m_issued.value(u"certificate").toObject().value(u"id").toString();
        QList<Job *> revocation;
        if (!issuedId.isEmpty())
            revocation.append(m_service->revoke(issuedId, QStringLiteral("cessationOfOperation")));
        QStringList keys;
        for (const QString &id : {m_signingKey.id, m_encryptionKeyId}) {
            if (!id.isEmpty())
                keys.append(id);
        }
        afterAll(m_service, revocation, "a pair issued for a failed application stays valid:",
                 [service = m_service, custody = m_custody, keys, pin = std::make_shared<SecureBytes>(m_pin.copy()),
                  self = QPointer<Application>(this), error] {
                     QList<Job *> removals;
                     for (const QString &id : keys)
                         removals.append(custody->deleteKey(id, *pin));
                     afterAll(service, removals, "a key of a failed application is left in custody:", [self, error] {
                         if (self)
                             self->fail(error);
                     });
                 });
    }

    void abort() override
    {
        ComposedJob::abort();
        abandon(Error(ApiError::Internal, QStringLiteral("the application was cancelled")));
    }

    CertificateService *m_service;
    KeyCustody *m_custody;
    SecureBytes m_pin;
    KeyAlgorithm m_algorithm;
    int m_validityDays;
    QString m_caOrg;
    std::optional<CustodyKind> m_custodyKind;
    ApplicationProof m_proof;
    QByteArray m_csr;
    QByteArray m_proofSignature;
    KeyInfo m_signingKey;
    QString m_encryptionKeyId;
    QJsonObject m_encryptionKeyRequest;
    QJsonObject m_issued;
};

Job *CertificateService::apply(KeyAlgorithm algorithm, const ApplicationProof &proof, const SecureBytes &pin,
                               int validityDays, const QString &caOrg, std::optional<CustodyKind> custody)
{
    auto *application = new Application(this, algorithm, proof, pin, validityDays, caOrg, custody);
    application->start();
    return application;
}

ComposedValueJob<QByteArray> *CertificateService::requestChallenge()
{
    auto *job = new ComposedValueJob<QByteArray>(this);
    ApiJob *call = m_session->client()->post(routes::CertificateChallenges, QJsonObject());
    job->step(call, this, [job, call] {
        if (call->hasError())
            return job->fail(call->error());
        const auto challenge = fromBase64Text(call->data().value(u"challenge"));
        if (!challenge || challenge->isEmpty())
            return job->fail(Error(ApiError::BadResponse, QStringLiteral("the server sent no challenge")));
        job->finishWith(*challenge);
    });
    return job;
}

QList<CertificateRecord> CertificateService::provingCertificates(const QDateTime &now) const
{
    QList<CertificateRecord> out;
    for (const CertificateRecord &r : m_installed) {
        if (r.usage == QLatin1String("signing") && !r.keyId.isEmpty() && r.isValidAt(now))
            out.append(r);
    }
    return out;
}

Result<void> CertificateService::addInstalled(const QList<CertificateRecord> &records)
{
    const auto before = m_installed;
    for (const auto &r : records)
        m_installed.prepend(r);
    if (auto saved = saveIndex(); !saved) {
        m_installed = before;
        return saved.error();
    }
    Q_EMIT installedChanged();
    return {};
}

} // namespace tq
