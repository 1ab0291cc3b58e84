#include "core/transactions/transactionservice.h"

#include "core/common/encoding.h"
#include "core/crypto/digest.h"
#include "core/crypto/keypair.h"
#include "core/crypto/signeddata.h"
#include "core/crypto/x509.h"
#include "core/protocol/binding.h"
#include "core/protocol/qrpayload.h"

#include <QJsonArray>

#include <memory>

namespace tq {

namespace {

Error badView(const QString &what)
{
    return Error(ErrorCode::BadResponse, QStringLiteral("the transaction view is invalid: %1").arg(what));
}

// The same server means the same origin and path prefix; hosts compare case-insensitively.
bool sameServer(const QUrl &a, const QUrl &b)
{
    const auto norm = [](const QUrl &u) {
        QUrl n = u.adjusted(QUrl::StripTrailingSlash | QUrl::NormalizePathSegments | QUrl::RemoveQuery
                            | QUrl::RemoveFragment | QUrl::RemoveUserInfo);
        n.setHost(n.host().toLower());
        n.setPort(n.port(n.scheme() == u"https" ? 443 : 80));
        return n;
    };
    return norm(a) == norm(b);
}

/// Everything approve() collects on its way; the PIN is wiped with it.
struct Approval {
    ScanTransaction transaction;
    CertificateRecord signing;
    std::optional<CertificateRecord> encryption;
    Certificate certificate;
    SecureBytes pin;
    QList<ScanItem> items;
    QList<SignedData::Draft> drafts;
    QJsonObject result;
};

QString resultPath(const QString &tId)
{
    return QStringLiteral("/scan/transactions/%1/result").arg(tId);
}

} // namespace

Result<ScanTransaction> ScanTransaction::fromJson(const QJsonObject &view)
{
    ScanTransaction t;
    auto content = ScanContent::fromJson(view);
    if (!content)
        return badView(content.error().message);
    t.content = content.value();
    t.tId = view.value(u"tId").toString();
    const QJsonObject platform = view.value(u"platform").toObject();
    t.platformCode = platform.value(u"code").toString();
    t.platformName = platform.value(u"name").toString();
    t.platformEncryptionKey = QByteArray::fromBase64(platform.value(u"encryptionKey").toString().toLatin1());
    t.challenge = view.value(u"challenge").toString();
    t.expiresAt = timeFromText(view.value(u"expiresAt"));
    t.resultDeadline = timeFromText(view.value(u"resultDeadline"));
    if (!isTransactionId(t.tId) || !t.tId.startsWith(t.platformCode))
        return badView(QStringLiteral("tId"));
    if (t.platformName.isEmpty() || t.platformName.size() > 200)
        return badView(QStringLiteral("platform name"));
    if (t.content.action == ScanAction::Decrypt && !PublicKey::fromDer(t.platformEncryptionKey))
        return badView(QStringLiteral("platform encryption key"));
    // The binding statement accepts only well-formed fields; checking it here means a bad view
    // is refused before the user is asked for anything.
    if (auto statement = Binding{t.content, t.platformCode, t.tId, t.challenge, QStringLiteral("00"),
                                 t.platformEncryptionKey}.statement();
        !statement)
        return badView(statement.error().message);
    return t;
}

ScanReport ScanReport::fromJson(const QJsonObject &o)
{
    const QJsonObject platform = o.value(u"platform").toObject();
    return {o.value(u"tId").toString(),        o.value(u"action").toString(),
            o.value(u"status").toString(),     platform.value(u"code").toString(),
            platform.value(u"name").toString(), o.value(u"certSn").toString(),
            timeFromText(o.value(u"createdAt")),    timeFromText(o.value(u"completedAt")),
            o.value(u"reportReason").toString()};
}

TransactionService::TransactionService(AccountSession *session, KeyCustody *custody, CertificateService *certificates,
                                       QObject *parent)
    : QObject(parent), m_session(session), m_custody(custody), m_certificates(certificates)
{
}

ComposedValueJob<ScanTransaction> *TransactionService::open(const QString &qrText)
{
    auto *job = new ComposedValueJob<ScanTransaction>(this);
    const auto payload = QrPayload::parse(qrText);
    if (!payload) {
        job->failLater(payload.error());
        return job;
    }
    // The ticket goes only to the server this account lives on: a code naming another server
    // is someone else's, and sending it there would hand them the account's token.
    if (!sameServer(payload.value().serverUrl, m_session->api()->baseUrl())) {
        job->failLater(Error(ErrorCode::WrongServer, QStringLiteral("the code names %1").arg(payload.value().serverUrl.host())));
        return job;
    }
    ApiJob *claim = m_session->api()->post(QStringLiteral("/scan/claims"), {{QStringLiteral("ticket"), payload.value().ticket}},
                                           m_session->accessToken());
    connect(claim, &Job::finished, this, [this, job, claim] {
        if (claim->hasError())
            return job->fail(claim->error());
        auto transaction = ScanTransaction::fromJson(claim->data());
        if (!transaction)
            return job->fail(transaction.error());
        checkDocuments(job, transaction.value(), 0);
    });
    claim->start();
    return job;
}

// Documents the platform offers for download are fetched and compared with what it declared
// when it made the QR code, one after the other, before the user is asked to sign them.
void TransactionService::checkDocuments(ComposedValueJob<ScanTransaction> *job, const ScanTransaction &transaction,
                                        int index)
{
    const auto &documents = transaction.content.documents;
    while (index < documents.size() && documents.at(index).url.isEmpty())
        ++index;
    if (index >= documents.size())
        return job->finishWith(transaction);
    const ScanDocument document = documents.at(index);
    DownloadJob *download = m_session->api()->download(document.url, document.size);
    connect(download, &Job::finished, this, [this, job, download, document, transaction, index] {
        if (download->hasError() && !download->error().is(ErrorCode::PayloadTooLarge))
            return job->fail(download->error());
        if (download->hasError() || download->data().size() != document.size
            || digest(document.digestAlgorithm, download->data()) != document.digest)
            return job->fail(Error(ErrorCode::DocumentMismatch, QStringLiteral("document %1 differs").arg(document.key)));
        checkDocuments(job, transaction, index + 1);
    });
    download->start();
}

QList<CertificateRecord> TransactionService::eligibleCertificates(const ScanTransaction &transaction) const
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<CertificateRecord> out;
    for (const CertificateRecord &record : m_certificates->installed()) {
        if (record.usage != u"signing" || record.keyId.isEmpty() || !record.isValidAt(now))
            continue;
        const auto certificate = Certificate::parse(record.der);
        if (!certificate || !certificate.value().keyAlgorithm)
            continue;
        const DigestAlgorithm own = SignedData::digestAlgorithmFor(*certificate.value().keyAlgorithm);
        const auto &c = transaction.content;
        bool fits = std::all_of(c.hashes.begin(), c.hashes.end(), [own](const ScanHash &h) { return h.algorithm == own; })
            && std::all_of(c.documents.begin(), c.documents.end(),
                           [own](const ScanDocument &d) { return d.digestAlgorithm == own; });
        if (c.action == ScanAction::WithdrawSeal)
            fits = fits && c.certSn.compare(record.serial, Qt::CaseInsensitive) == 0;
        if (c.action == ScanAction::Decrypt) {
            const auto pair = m_certificates->pair(record.pairId);
            const auto encryption = std::find_if(pair.begin(), pair.end(), [](const CertificateRecord &r) {
                return r.usage == u"encryption" && !r.keyId.isEmpty();
            });
            fits = fits && encryption != pair.end()
                && std::all_of(c.envelopes.begin(), c.envelopes.end(), [&](const ScanEnvelope &e) {
                       return e.encCertSn.compare(encryption->serial, Qt::CaseInsensitive) == 0
                           && e.caOrgType == encryption->caOrg;
                   });
        }
        if (fits)
            out.append(record);
    }
    return out;
}

Job *TransactionService::approve(const ScanTransaction &transaction, const QString &certificateId, const SecureBytes &pin)
{
    auto *job = new ComposedJob(this);
    const auto eligible = eligibleCertificates(transaction);
    const auto chosen = std::find_if(eligible.begin(), eligible.end(),
                                     [&](const CertificateRecord &r) { return r.id == certificateId; });
    if (chosen == eligible.end()) {
        job->failLater(Error(ErrorCode::NoUsableCertificate, QStringLiteral("certificate %1 cannot answer").arg(certificateId)));
        return job;
    }
    auto approval = std::make_shared<Approval>();
    approval->transaction = transaction;
    approval->signing = *chosen;
    approval->certificate = Certificate::parse(chosen->der).value();
    approval->pin = pin.copy();
    for (const CertificateRecord &r : m_certificates->pair(chosen->pairId)) {
        if (r.usage == u"encryption")
            approval->encryption = r;
    }

    // Everything the signing key signs in one unlock: the binding statement, then one
    // SignedData per item.
    const Binding binding{transaction.content, transaction.platformCode, transaction.tId, transaction.challenge,
                          approval->signing.serial, transaction.platformEncryptionKey};
    const auto statement = binding.statement();
    if (!statement) {
        job->failLater(statement.error());
        return job;
    }
    QList<QByteArray> toSign{statement.value()};
    approval->items = transaction.content.signItems();
    for (const ScanItem &item : std::as_const(approval->items)) {
        auto draft = item.digestAlgorithm ? SignedData::prepareDigest(approval->certificate, item.digest)
                                          : SignedData::prepare(approval->certificate, item.content);
        if (!draft) {
            job->failLater(draft.error());
            return job;
        }
        toSign.append(draft.value().toBeSigned());
        approval->drafts.append(draft.value());
    }

    Q_EMIT progress(1, ApproveSteps, tr("Signing with your certificate…"));
    auto *sign = m_custody->signEach(approval->signing.keyId, approval->pin, toSign);
    connect(sign, &Job::finished, this, [this, job, sign, approval] {
        if (sign->hasError())
            return job->fail(sign->error());
        const QList<QByteArray> &signatures = sign->result();
        approval->result = {{QStringLiteral("certSn"), approval->signing.serial},
                            {QStringLiteral("bindingSignature"), toBase64Text(signatures.at(0))}};
        QJsonArray items;
        for (qsizetype i = 0; i < approval->drafts.size(); ++i) {
            auto der = approval->drafts.at(i).assemble(signatures.at(i + 1));
            if (!der)
                return job->fail(der.error());
            items.append(QJsonObject{{QStringLiteral("key"), approval->items.at(i).key},
                                     {QStringLiteral("signatureValue"), toBase64Text(der.value())}});
        }
        if (!items.isEmpty())
            approval->result.insert(QStringLiteral("signatures"), items);

        const auto &envelopes = approval->transaction.content.envelopes;
        if (envelopes.isEmpty()) {
            Q_EMIT progress(3, ApproveSteps, tr("Sending the result…"));
            return post(job, resultPath(approval->transaction.tId), approval->result);
        }
        Q_EMIT progress(2, ApproveSteps, tr("Opening the digital envelopes…"));
        QList<QByteArray> ciphertexts;
        for (const ScanEnvelope &e : envelopes)
            ciphertexts.append(e.encryptStr);
        auto *decrypt = m_custody->decryptEach(approval->encryption->keyId, approval->pin, ciphertexts);
        connect(decrypt, &Job::finished, this, [this, job, decrypt, approval] {
            if (decrypt->hasError())
                return job->fail(decrypt->error());
            const auto platformKey = PublicKey::fromDer(approval->transaction.platformEncryptionKey);
            if (!platformKey)
                return job->fail(platformKey.error());
            // Each session key leaves custody only re-encrypted to the platform; the server relays
            // ciphertext it cannot open.
            QJsonArray list;
            const auto &envelopes = approval->transaction.content.envelopes;
            for (qsizetype i = 0; i < envelopes.size(); ++i) {
                auto sealed = platformKey.value().encrypt(decrypt->result().at(std::size_t(i)).view());
                if (!sealed)
                    return job->fail(sealed.error());
                list.append(QJsonObject{{QStringLiteral("decryptKey"), envelopes.at(i).key},
                                        {QStringLiteral("decryptStr"), toBase64Text(sealed.value())}});
            }
            decrypt->result().clear();
            approval->result.insert(QStringLiteral("decryptList"), list);
            Q_EMIT progress(3, ApproveSteps, tr("Sending the result…"));
            post(job, resultPath(approval->transaction.tId), approval->result);
        });
        decrypt->start();
    });
    sign->start();
    return job;
}

void TransactionService::post(ComposedJob *owner, const QString &path, const QJsonObject &body)
{
    ApiJob *call = m_session->api()->post(path, body, m_session->accessToken());
    connect(call, &Job::finished, owner, [owner, call] {
        if (call->hasError())
            return owner->fail(call->error());
        owner->finish();
    });
    call->start();
}

Job *TransactionService::reject(const ScanTransaction &transaction, const QString &reason)
{
    auto *job = new ComposedJob(this);
    post(job, QStringLiteral("/scan/transactions/%1/rejection").arg(transaction.tId),
         {{QStringLiteral("reason"), reason.left(200)}});
    return job;
}

ComposedValueJob<QList<ScanReport>> *TransactionService::reports(const QString &search)
{
    auto *job = new ComposedValueJob<QList<ScanReport>>(this);
    QString path = QStringLiteral("/scan/transactions");
    if (!search.isEmpty())
        path += QStringLiteral("?search=") + QString::fromLatin1(QUrl::toPercentEncoding(search));
    ApiJob *get = m_session->api()->get(path, m_session->accessToken());
    connect(get, &Job::finished, job, [job, get] {
        if (get->hasError())
            return job->fail(get->error());
        QList<ScanReport> out;
        for (const QJsonValue &v : get->data().value(u"transactions").toArray())
            out.append(ScanReport::fromJson(v.toObject()));
        job->finishWith(out);
    });
    get->start();
    return job;
}

} // namespace tq
