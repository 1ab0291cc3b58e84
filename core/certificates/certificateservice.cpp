#include "core/certificates/certificateservice.h"

#include "core/common/logging.h"
#include "core/crypto/x509.h"
#include "core/keys/devicekeycustody.h"
#include "core/common/privatefile.h"

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
        out.append(QString::fromLatin1(item.toBase64()));
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
            {QStringLiteral("der"), QString::fromLatin1(r.der.toBase64())},
            {QStringLiteral("keyId"), r.keyId},
            {QStringLiteral("chain"), base64Array(r.chain)}};
}

} // namespace

namespace {

/// One application in flight: the PIN (wiped with it), the keys made so far and the answer.
struct Application {
    SecureBytes pin;
    KeyAlgorithm algorithm;
    int validityDays;
    QString caOrg;
    KeyInfo signingKey;
    QString encryptionKeyId;
    QJsonObject encryptionKeyRequest;
    QJsonObject issued;

    SecureBytes pinCopy() const { return pin.copy(); }
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
    for (const QJsonValue &c : o.value(u"chain").toArray())
        r.chain.append(QByteArray::fromBase64(c.toString().toLatin1()));
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
    ApiJob *list = m_session->api()->get(QStringLiteral("/certificates"), m_session->accessToken());
    connect(list, &Job::finished, this, [this, job, list] {
        if (list->hasError())
            return job->fail(list->error());
        takeOver(list->data().value(u"certificates").toArray());
        job->finish();
    });
    list->start();
    return job;
}

Job *CertificateService::revoke(const QString &id, const QString &reason)
{
    auto *job = new ComposedJob(this);
    ApiJob *call = m_session->api()->post(QStringLiteral("/certificates/%1/revocation").arg(id),
                                          {{QStringLiteral("reason"), reason}}, m_session->accessToken());
    connect(call, &Job::finished, this, [this, job, call] {
        if (call->hasError())
            return job->fail(call->error());
        takeOver(call->data().value(u"certificates").toArray());
        job->finish();
    });
    call->start();
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
    QObject::connect(current, &Job::finished, context, [=] {
        if (current->hasError())
            return failed(current->error());
        each(current, id);
        runInTurn<StepJob>(context, ids, step, each, failed, done);
    });
    current->start();
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
        QObject::connect(job, &Job::finished, context, [job, pending, whatIsLeft, then] {
            if (job->hasError())
                qCWarning(lcCoreCrypto) << whatIsLeft << job->error().code;
            if (--*pending == 0)
                then();
        });
        job->start();
    }
}

} // namespace

template <typename StepJob>
void CertificateService::eachKey(const QString &pairId, ComposedJob *job,
                                 std::function<StepJob *(const QString &keyId)> step,
                                 std::function<void(StepJob *)> each, std::function<void()> done)
{
    const QStringList ids = keyIds(pairId);
    if (ids.isEmpty())
        return job->failLater(
            Error(ErrorCode::CertificateNotFound, tr("This certificate is not installed on this device.")));
    runInTurn<StepJob>(
        this, ids, std::move(step), [each](StepJob *current, const QString &) { each(current); },
        [job](const Error &e) { job->fail(e); }, std::move(done));
}

ComposedValueJob<PinStatus> *CertificateService::pinStatus(const QString &pairId)
{
    auto *job = new ComposedValueJob<PinStatus>(this);
    auto combined = std::make_shared<PinStatus>();
    eachKey<TaskJob<PinStatus>>(
        pairId, job, [this](const QString &id) { return m_custody->pinStatus(id); },
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
        pairId, job, [this, proof, pin](const QString &id) { return m_custody->resetPin(id, proof, *pin); },
        [](TaskJob<Done> *) {}, [job] { job->finish(); });
    return job;
}

// Keys are re-wrapped one after the other; a failure part-way changes the finished ones back.
Job *CertificateService::changePin(const QString &pairId, const SecureBytes &oldPin, const SecureBytes &newPin)
{
    auto *job = new ComposedJob(this);
    const QStringList ids = keyIds(pairId);
    if (ids.isEmpty()) {
        job->failLater(Error(ErrorCode::CertificateNotFound, tr("This certificate is not installed on this device.")));
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
        return Error(ErrorCode::CertificateNotFound, tr("This certificate is not installed on this device."));
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
        return Error(ErrorCode::Storage, tr("The certificate could not be saved to %1: %2").arg(path, file.errorString()));
    return {};
}

Result<void> CertificateService::saveIndex()
{
    QJsonArray all;
    for (const CertificateRecord &r : m_installed)
        all.append(toJson(r));
    return PrivateFile::write(m_indexPath, QJsonDocument(all).toJson(QJsonDocument::Compact));
}

Job *CertificateService::apply(KeyAlgorithm algorithm, const SecureBytes &pin, int validityDays, const QString &caOrg,
                               std::optional<CustodyKind> custody)
{
    auto *job = new ComposedJob(this);
    auto app = std::make_shared<Application>(
        Application{pin.copy(), algorithm, validityDays, caOrg, {}, {}, {}, {}});
    // A failed application leaves nothing behind: a pair the CA already issued is revoked (no
    // certificate without its key on the server), and the keys made so far are deleted; the job
    // fails only once that is done (both are server calls for two-party keys, which a program
    // that exits on failure would otherwise cut short).
    auto failWith = [this, job, app](const Error &e) {
        auto deleteKeys = [this, job, app, e] {
            QList<Job *> removals;
            for (const QString &id : {app->signingKey.id, app->encryptionKeyId}) {
                if (!id.isEmpty())
                    removals.append(m_custody->deleteKey(id));
            }
            afterAll(this, removals, "a key of a failed application is left in custody:", [job, e] { job->fail(e); });
        };
        const QString issuedId = app->issued.value(u"certificate").toObject().value(u"id").toString();
        QList<Job *> revocation;
        if (!issuedId.isEmpty())
            revocation.append(revoke(issuedId, QStringLiteral("cessationOfOperation")));
        afterAll(this, revocation, "a pair issued for a failed application stays valid:", deleteKeys);
    };

    // Step 5: the KMC's encryption key, opened inside custody and taken in under the same PIN.
    auto installEncryptionKey = [this, job, app, failWith](CertificateRecord signing) {
        const QJsonObject encCert = app->issued.value(u"encryptionCertificate").toObject();
        auto finishWith = [this, job, failWith](QList<CertificateRecord> records) {
            const auto before = m_installed;
            for (const auto &r : records)
                m_installed.prepend(r);
            // Keys nobody can find are worse than no keys: an unsaved index undoes the install.
            if (auto saved = saveIndex(); !saved) {
                m_installed = before;
                return failWith(saved.error());
            }
            Q_EMIT installedChanged();
            job->finish();
        };
        if (encCert.isEmpty()) { // RSA and P-256 get a single certificate
            finishWith({signing});
            return;
        }
        Q_EMIT progress(5, ApplySteps, tr("Installing the encryption key…"));
        const QJsonObject cosign = app->issued.value(u"encryptionKeyCosign").toObject();
        const QString envelope = app->issued.value(u"encryptionKeyEnvelope").toString();
        EncryptionKeyDelivery delivery{QByteArray::fromBase64(envelope.toLatin1()),
                                       {},
                                       app->encryptionKeyRequest,
                                       cosign.value(u"keyId").toString(),
                                       QByteArray::fromBase64(cosign.value(u"publicShare").toString().toLatin1())};
        CertificateRecord encryption = CertificateRecord::fromJson(encCert);
        if (auto cert = Certificate::parse(encryption.der))
            delivery.certifiedPublicKeyDer = cert.value().publicKeyDer;
        auto *install = m_custody->installEncryptionKey(app->signingKey.id, app->pinCopy(), delivery);
        connect(install, &Job::finished, this, [install, encryption, signing, app, failWith, finishWith]() mutable {
            if (install->hasError())
                return failWith(install->error());
            app->encryptionKeyId = install->result().id;
            encryption.keyId = install->result().id;
            encryption.chain = signing.chain;
            finishWith({signing, encryption});
        });
        install->start();
    };

    // Steps 3–4: the request, signed in custody, goes to the CA.
    auto request = [this, app, failWith, installEncryptionKey](const QByteArray &csr) {
        Q_EMIT progress(4, ApplySteps, tr("Waiting for the certificate authority…"));
        QJsonObject body{{QStringLiteral("csr"), QString::fromLatin1(csr.toBase64())},
                         {QStringLiteral("caOrg"), app->caOrg},
                         {QStringLiteral("validityDays"), app->validityDays}};
        if (!app->encryptionKeyRequest.isEmpty())
            body.insert(QStringLiteral("encryptionKeyCosign"), app->encryptionKeyRequest);
        ApiJob *issue = m_session->api()->post(QStringLiteral("/certificates"), body, m_session->accessToken());
        connect(issue, &Job::finished, this, [issue, app, failWith, installEncryptionKey] {
            if (issue->hasError())
                return failWith(issue->error());
            app->issued = issue->data();
            // Installing needs only the salt; the verifier stands for the PIN and goes no further.
            app->encryptionKeyRequest.remove(QStringLiteral("pinVerifier"));
            CertificateRecord signing = CertificateRecord::fromJson(app->issued.value(u"certificate").toObject());
            signing.keyId = app->signingKey.id;
            signing.chain = CertificateRecord::fromJson({{QStringLiteral("chain"), app->issued.value(u"chain")}}).chain;
            auto cert = Certificate::parse(signing.der);
            // The CA must have certified the key made here, not some other key.
            if (!cert || cert.value().publicKeyDer != app->signingKey.publicKeyDer)
                return failWith(Error(ErrorCode::BadResponse, tr("The issued certificate does not match this device's key.")));
            installEncryptionKey(signing);
        });
        issue->start();
    };

    Q_EMIT progress(1, ApplySteps, tr("Generating the key pair on this device…"));
    auto *create = custody ? m_custody->createKey(algorithm, app->pinCopy(), *custody)
                           : m_custody->createKey(algorithm, app->pinCopy());
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
        connect(sign, &Job::finished, this, [this, sign, draft = draft.value(), app, failWith, request] {
            if (sign->hasError())
                return failWith(sign->error());
            auto csr = draft.assemble(sign->result());
            if (!csr)
                return failWith(csr.error());
            if (app->algorithm != KeyAlgorithm::Sm2)
                return request(csr.value());
            // What the KMC needs to deliver the encryption key into this key's custody.
            auto *prepare = m_custody->encryptionKeyRequest(app->signingKey.id, app->pinCopy());
            connect(prepare, &Job::finished, this, [prepare, csr = csr.value(), app, failWith, request] {
                if (prepare->hasError())
                    return failWith(prepare->error());
                app->encryptionKeyRequest = prepare->result();
                request(csr);
            });
            prepare->start();
        });
        sign->start();
    });
    create->start();
    return job;
}

} // namespace tq
