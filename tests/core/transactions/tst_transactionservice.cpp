// The device side of a scan against the real server: every action from QR text to the result
// the platform polls, documents checked against their declaration, and the refusals.
#include "core/crypto/digest.h"
#include "core/crypto/signeddata.h"
#include "core/crypto/x509.h"
#include "core/protocol/qrpayload.h"
#include "testparties.h"

#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace tq;
using namespace tq::test;

namespace {
const QByteArray Pin("123456");
QString b64(const QByteArray &b)
{
    return QString::fromLatin1(b.toBase64());
}
QByteArray unb64(const QJsonValue &v)
{
    return QByteArray::fromBase64(v.toString().toLatin1());
}
} // namespace

class TestTransactionService : public QObject {
    Q_OBJECT
private:
    TestBackend m_backend;
    QHttpServer m_documents;
    quint16 m_documentPort = 0;
    QByteArray m_document = "Tender document: 1,000 desks, delivery 2027-03.";
    std::unique_ptr<TestDevice> m_device;
    std::unique_ptr<TestPlatform> m_platform;
    std::optional<CertificateRecord> m_sm2;

    QString documentOrigin() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_documentPort); }

    /// open() → the transaction, or the error.
    Result<ScanTransaction> open(TestDevice &d, const QString &qr)
    {
        auto *job = d.transactions->open(qr);
        job->setAutoDelete(false);
        const Error e = waitFor(job);
        if (!e.isNull())
            return e;
        return job->result();
    }

    /// open() + approve() with the first eligible certificate; the approve error.
    Error scanAndApprove(const QJsonObject &created, const QByteArray &pin = Pin)
    {
        auto transaction = open(*m_device, created.value(u"qrContent").toString());
        if (!transaction)
            return transaction.error();
        const auto eligible = m_device->transactions->eligibleCertificates(transaction.value());
        if (eligible.isEmpty())
            return Error(ErrorCode::NoUsableCertificate, QStringLiteral("none eligible"));
        return waitFor(m_device->transactions->approve(transaction.value(), eligible.first().id, SecureBytes(pin)));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_backend.start());
        m_documents.route(QStringLiteral("/tender.txt"), [this] { return QHttpServerResponse(m_document); });
        m_documentPort = m_documents.listen(QHostAddress::LocalHost);
        QVERIFY(m_documentPort);
        m_device = TestDevice::create(m_backend);
        QVERIFY(m_device);
        m_sm2 = m_device->applyFor(KeyAlgorithm::Sm2, Pin);
        QVERIFY(m_sm2);
        m_platform = TestPlatform::create(m_backend, QStringLiteral("C1100005553"), documentOrigin());
        QVERIFY(m_platform);
    }

    void loginShowsThePlatformAndCompletes()
    {
        const QJsonObject created = m_platform->createTransaction({{QStringLiteral("action"), QStringLiteral("login")}});
        QVERIFY(!created.isEmpty());
        auto transaction = open(*m_device, created.value(u"qrContent").toString());
        QVERIFY2(transaction, qPrintable(transaction ? QString() : transaction.error().message));
        QCOMPARE(transaction.value().content.action, ScanAction::Login);
        QCOMPARE(transaction.value().platformCode, m_platform->code);
        QVERIFY(transaction.value().platformName.contains(m_platform->code));
        QCOMPARE(transaction.value().tId, created.value(u"tId").toString());
        QCOMPARE(m_device->transactions->eligibleCertificates(transaction.value()).size(), 1);

        QSignalSpy progress(m_device->transactions, &TransactionService::progress);
        QVERIFY(waitFor(m_device->transactions->approve(transaction.value(), m_sm2->id, SecureBytes(Pin))).isNull());
        QVERIFY(progress.count() >= 2);
        const QJsonObject polled = m_platform->poll(created);
        QCOMPARE(polled.value(u"status").toString(), QStringLiteral("completed"));
        const QJsonObject result = polled.value(u"result").toObject();
        QCOMPARE(result.value(u"certSn").toString(), m_sm2->serial);
        // The platform can check the binding itself with the certificate it was given.
        const auto certificate = Certificate::parse(unb64(result.value(u"pubCert")));
        QVERIFY(certificate);
        const auto key = PublicKey::fromDer(certificate.value().publicKeyDer);
        QVERIFY(key.value().verify(unb64(result.value(u"binding")), unb64(result.value(u"bindingSignature"))));
        QVERIFY(unb64(result.value(u"binding")).contains(created.value(u"tId").toString().toLatin1()));
    }

    void signHashesGivesVerifiableSignedData()
    {
        const QByteArray content1 = "bid section 1", content2 = "bid section 2";
        const QJsonObject created = m_platform->createTransaction(
            {{QStringLiteral("action"), QStringLiteral("sign")},
             {QStringLiteral("hashes"),
              QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("s1")}, {QStringLiteral("algorithm"), QStringLiteral("sm3")},
                                     {QStringLiteral("value"), b64(sm3(content1))}},
                         QJsonObject{{QStringLiteral("key"), QStringLiteral("s2")}, {QStringLiteral("algorithm"), QStringLiteral("sm3")},
                                     {QStringLiteral("value"), b64(sm3(content2))}}}}});
        QVERIFY(scanAndApprove(created).isNull());
        const QJsonObject result = m_platform->poll(created).value(u"result").toObject();
        const QJsonArray list = result.value(u"signatureValueList").toArray();
        QCOMPARE(list.size(), 2);
        const QByteArray contents[] = {content1, content2};
        for (int i = 0; i < 2; ++i) {
            const auto signer = SignedData::verifyDetached(unb64(list.at(i).toObject().value(u"signatureValue")), contents[i]);
            QVERIFY(signer);
            QCOMPARE(signer.value().serialHex, m_sm2->serial);
        }
    }

    void documentIsDownloadedAndChecked()
    {
        const auto request = [this] {
            return QJsonObject{{QStringLiteral("action"), QStringLiteral("seal")},
                               {QStringLiteral("documents"),
                                QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("d1")},
                                                       {QStringLiteral("name"), QStringLiteral("投标文件.pdf")},
                                                       {QStringLiteral("size"), qint64(m_document.size())},
                                                       {QStringLiteral("digestAlgorithm"), QStringLiteral("sm3")},
                                                       {QStringLiteral("digest"), b64(sm3(m_document))},
                                                       {QStringLiteral("url"), QString(documentOrigin() + QStringLiteral("/tender.txt"))}}}}};
        };
        const QJsonObject created = m_platform->createTransaction(request());
        QVERIFY(!created.isEmpty());
        QVERIFY(scanAndApprove(created).isNull());
        QCOMPARE(m_platform->poll(created).value(u"status").toString(), QStringLiteral("completed"));

        // The platform swaps the file after showing the QR code: the device refuses to sign.
        const QJsonObject second = m_platform->createTransaction(request());
        const QByteArray original = m_document;
        m_document.replace("1,000", "9,000");
        const auto changed = open(*m_device, second.value(u"qrContent").toString());
        QVERIFY(!changed);
        QCOMPARE(changed.error().code, QStringLiteral("document_mismatch"));
        m_document = original;
        // Longer than declared is refused too, without reading it all.
        const QJsonObject third = m_platform->createTransaction(request());
        m_document = original + QByteArray(100000, 'x');
        const auto longer = open(*m_device, third.value(u"qrContent").toString());
        m_document = original;
        QVERIFY(!longer);
        QCOMPARE(longer.error().code, QStringLiteral("document_mismatch"));
    }

    void decryptReturnsTheSessionKeyToThePlatformOnly()
    {
        // Bid submission: the platform encrypts a session key to the bidder's encryption certificate.
        const auto pair = m_device->certificates->pair(m_sm2->pairId);
        QCOMPARE(pair.size(), 2);
        const CertificateRecord encryption = pair.at(1);
        const auto recipient = PublicKey::fromDer(Certificate::parse(encryption.der).value().publicKeyDer);
        QVERIFY(recipient);
        QList<QByteArray> sessionKeys{QByteArray(16, '\x21'), QByteArray(16, '\x42')};
        QJsonArray envelopes;
        for (int i = 0; i < sessionKeys.size(); ++i)
            envelopes.append(QJsonObject{{QStringLiteral("key"), QStringLiteral("env-%1").arg(i)},
                                         {QStringLiteral("caOrgType"), encryption.caOrg},
                                         {QStringLiteral("encCertSn"), encryption.serial},
                                         {QStringLiteral("encryptStr"), b64(recipient.value().encrypt(sessionKeys.at(i)).value())}});
        const QJsonObject created = m_platform->createTransaction(
            {{QStringLiteral("action"), QStringLiteral("decrypt")}, {QStringLiteral("encryptInfoList"), envelopes}});
        QVERIFY(!created.isEmpty());
        QVERIFY(scanAndApprove(created).isNull());
        // Bid opening: only the platform's own key opens what the device sent back.
        const QJsonArray list = m_platform->poll(created).value(u"result").toObject().value(u"decryptList").toArray();
        QCOMPARE(list.size(), 2);
        for (int i = 0; i < list.size(); ++i) {
            const QByteArray sealed = unb64(list.at(i).toObject().value(u"decryptStr"));
            QVERIFY(!sealed.contains(sessionKeys.at(i)));
            const auto opened = m_platform->encryptionKey->decrypt(sealed);
            QVERIFY(opened);
            QCOMPARE(opened.value().view().toByteArray(), sessionKeys.at(i));
        }
    }

    void wrongPinChangesNothing()
    {
        const QJsonObject created = m_platform->createTransaction({{QStringLiteral("action"), QStringLiteral("login")}});
        auto transaction = open(*m_device, created.value(u"qrContent").toString());
        QVERIFY(transaction);
        QCOMPARE(waitFor(m_device->transactions->approve(transaction.value(), m_sm2->id, SecureBytes(QByteArray("000000")))).code,
                 QStringLiteral("wrong_pin"));
        QCOMPARE(m_platform->poll(created).value(u"status").toString(), QStringLiteral("scanned"));
        QVERIFY(waitFor(m_device->transactions->approve(transaction.value(), m_sm2->id, SecureBytes(Pin))).isNull());
        QCOMPARE(m_platform->poll(created).value(u"status").toString(), QStringLiteral("completed"));
    }

    void refusedBeforeAnythingIsSent_data()
    {
        QTest::addColumn<QString>("qr");
        QTest::addColumn<QString>("code");
        const QString ticket = QrPayload::newTicket();
        QTest::newRow("not a scan code") << QStringLiteral("https://example.cn/login?x=1") << QStringLiteral("invalid_qr");
        QTest::newRow("another server") << (QStringLiteral("https://evil.example.cn/qr/v1/") + ticket) << QStringLiteral("wrong_server");
        QTest::newRow("empty") << QString() << QStringLiteral("invalid_qr");
    }
    void refusedBeforeAnythingIsSent()
    {
        QFETCH(QString, qr);
        QFETCH(QString, code);
        const auto opened = open(*m_device, qr);
        QVERIFY(!opened);
        QCOMPARE(opened.error().code, code);
    }

    void reusedCodeIsRefused()
    {
        const QJsonObject created = m_platform->createTransaction({{QStringLiteral("action"), QStringLiteral("login")}});
        QVERIFY(open(*m_device, created.value(u"qrContent").toString()));
        const auto again = open(*m_device, created.value(u"qrContent").toString());
        QVERIFY(!again);
        QCOMPARE(again.error().code, QStringLiteral("ticket_used"));
    }

    void noEligibleCertificate()
    {
        // A P-256-only device cannot sign SM3 digests, and cannot decrypt at all.
        auto p256 = TestDevice::create(m_backend);
        QVERIFY(p256);
        const auto cert = p256->applyFor(KeyAlgorithm::EcdsaP256, Pin);
        QVERIFY(cert);
        const QJsonObject created = m_platform->createTransaction(
            {{QStringLiteral("action"), QStringLiteral("sign")},
             {QStringLiteral("hashes"), QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("h")},
                                                               {QStringLiteral("algorithm"), QStringLiteral("sm3")},
                                                               {QStringLiteral("value"), b64(QByteArray(32, 'a'))}}}}});
        auto transaction = open(*p256, created.value(u"qrContent").toString());
        QVERIFY(transaction);
        QVERIFY(p256->transactions->eligibleCertificates(transaction.value()).isEmpty());
        QCOMPARE(waitFor(p256->transactions->approve(transaction.value(), cert->id, SecureBytes(Pin))).code,
                 QStringLiteral("no_usable_certificate"));
    }

    void rejectionIsReportedAndSearchable()
    {
        const QJsonObject created = m_platform->createTransaction({{QStringLiteral("action"), QStringLiteral("login")}});
        auto transaction = open(*m_device, created.value(u"qrContent").toString());
        QVERIFY(transaction);
        QVERIFY(waitFor(m_device->transactions->reject(transaction.value(), QStringLiteral("not me"))).isNull());
        QCOMPARE(m_platform->poll(created).value(u"status").toString(), QStringLiteral("rejected"));

        auto *reports = m_device->transactions->reports(created.value(u"tId").toString());
        reports->setAutoDelete(false);
        QVERIFY(waitFor(reports).isNull());
        QCOMPARE(reports->result().size(), 1);
        QCOMPARE(reports->result().first().status, QStringLiteral("rejected"));
        QCOMPARE(reports->result().first().reason, QStringLiteral("not me"));
        QCOMPARE(reports->result().first().platformCode, m_platform->code);

        auto *all = m_device->transactions->reports();
        all->setAutoDelete(false);
        QVERIFY(waitFor(all).isNull());
        QVERIFY(all->result().size() >= 5);
        QVERIFY(std::any_of(all->result().begin(), all->result().end(),
                            [](const ScanReport &r) { return r.action == u"decrypt" && r.status == u"completed"; }));
    }
};

QTEST_GUILESS_MAIN(TestTransactionService)
#include "tst_transactionservice.moc"
