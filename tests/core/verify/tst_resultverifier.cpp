// The shared result verifier (core/verify) over results made by a real device and delivered by
// the real server, as a relying party receives them; then each kind of tampering it must refuse.
#include "core/common/clock.h"
#include "core/common/encoding.h"
#include "core/crypto/digest.h"
#include "core/crypto/keypair.h"
#include "core/verify/resultverifier.h"
#include "testparties.h"

#include <QJsonArray>
#include <QStandardPaths>
#include <QTest>

#include <functional>

using namespace tq;
using namespace tq::test;

namespace {
const QByteArray Pin("123456");
const QByteArray Content1("bid section 1"), Content2("bid section 2");
} // namespace

using Tamper = std::function<void(ExpectedResult &, QJsonObject &, TrustAnchors &, QDateTime &)>;
Q_DECLARE_METATYPE(Tamper)

class TestResultVerifier : public QObject {
    Q_OBJECT
private:
    TestBackend m_backend;
    std::unique_ptr<TestDevice> m_device;
    std::unique_ptr<TestPlatform> m_platform;
    std::optional<CertificateRecord> m_sm2;
    ExpectedResult m_expected;
    QJsonObject m_result; ///< a sign result with two hashes, as the platform's poll returned it
    QString m_caOrg;      ///< the CA institution of the device's certificate

    /// The chain and CRL the server publishes now, as a relying party fetches them.
    std::optional<TrustAnchors> anchors()
    {
        // waitFor() deletes each job later: read its answer before the next wait.
        auto *chain = m_device->api->get(QStringLiteral("/ca/%1/chain").arg(m_caOrg));
        if (!waitFor(chain).isNull())
            return std::nullopt;
        const auto issuing = Certificate::parse(fromBase64Text(chain->data().value(u"issuing")).value_or(QByteArray()));
        const auto root = Certificate::parse(fromBase64Text(chain->data().value(u"root")).value_or(QByteArray()));
        auto *crl = m_device->api->download(m_device->api->urlFor(QStringLiteral("/ca/%1/crl").arg(m_caOrg)), 1024 * 1024);
        const Error fetched = waitFor(crl);
        const auto parsed = fetched.isNull() ? Crl::parse(crl->data()) : Result<Crl>(fetched);
        if (!issuing || !root || !parsed)
            return std::nullopt;
        return TrustAnchors{issuing.value(), root.value(), parsed.value()};
    }

    static QJsonObject hash(const char *key, const QByteArray &content)
    {
        return {{QStringLiteral("key"), QLatin1String(key)},
                {QStringLiteral("algorithm"), QStringLiteral("sm3")},
                {QStringLiteral("value"), toBase64Text(sm3(content))}};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_backend.start());
        m_device = TestDevice::create(m_backend);
        QVERIFY(m_device);
        m_sm2 = m_device->applyFor(KeyAlgorithm::Sm2, Pin);
        QVERIFY(m_sm2);
        m_platform = TestPlatform::create(m_backend, QStringLiteral("C1100005553"));
        QVERIFY(m_platform);

        const QJsonObject request{{QStringLiteral("action"), QStringLiteral("sign")},
                                  {QStringLiteral("hashes"), QJsonArray{hash("s1", Content1), hash("s2", Content2)}}};
        const auto content = ScanContent::fromJson(request);
        QVERIFY(content);
        const QJsonObject created = m_platform->createTransaction(request);
        QVERIFY(!created.isEmpty());
        auto *open = m_device->transactions->open(created.value(u"qrContent").toString());
        QVERIFY(waitFor(open).isNull()); // deletes the job later: take its result before the next wait
        const ScanTransaction transaction = open->result();
        QVERIFY(waitFor(m_device->transactions->approve(transaction, m_sm2->id, SecureBytes(Pin))).isNull());
        const QJsonObject polled = m_platform->poll(created);
        QCOMPARE(polled.value(u"status").toString(), QStringLiteral("completed"));
        m_result = polled.value(u"result").toObject();
        m_caOrg = m_result.value(u"caOrgType").toString();
        QCOMPARE(m_caOrg, m_sm2->caOrg);
        m_expected = {content.value(), m_platform->code, created.value(u"tId").toString(),
                      m_platform->encryptionKey->publicKeyDer(), std::nullopt};
    }

    void honestResultPassesEveryCheck()
    {
        const auto trust = anchors();
        QVERIFY(trust);
        QStringList passed;
        const auto verified = verifyResult(m_expected, m_result, *trust, Clock::now(), &passed);
        QVERIFY2(verified, qPrintable(verified ? QString() : verified.error().message));
        QCOMPARE(verified.value().signer.serialHex, m_sm2->serial);
        QCOMPARE(verified.value().caOrgType, m_caOrg);
        // chain, CRL, binding and one line per item signature
        QCOMPARE(passed.size(), 5);
        QVERIFY(passed.filter(QStringLiteral("SignedData of item s2")).size() == 1);
    }

    void tamperedResultFails_data()
    {
        QTest::addColumn<Tamper>("tamper");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("detail"); ///< details.reason, .key or .field, whichever is set

        QTest::newRow("another transaction") << Tamper([](ExpectedResult &e, QJsonObject &, TrustAnchors &, QDateTime &) {
            e.tId[e.tId.size() - 1] = e.tId.back() == u'0' ? u'1' : u'0';
        }) << QStringLiteral("binding_mismatch") << QString();
        QTest::newRow("other content") << Tamper([](ExpectedResult &e, QJsonObject &, TrustAnchors &, QDateTime &) {
            e.content.hashes[0].value = sm3("another section");
        }) << QStringLiteral("binding_mismatch") << QString();
        QTest::newRow("forged binding signature") << Tamper([](ExpectedResult &, QJsonObject &r, TrustAnchors &, QDateTime &) {
            r[QStringLiteral("bindingSignature")] = toBase64Text(QByteArray(70, 'A'));
        }) << QStringLiteral("binding_mismatch") << QString();
        QTest::newRow("signatures swapped") << Tamper([](ExpectedResult &, QJsonObject &r, TrustAnchors &, QDateTime &) {
            QJsonArray list = r.value(u"signatureValueList").toArray();
            QJsonObject first = list.at(0).toObject(), second = list.at(1).toObject();
            const QJsonValue firstSignature = first.value(u"signatureValue");
            first[QStringLiteral("signatureValue")] = second.value(u"signatureValue");
            second[QStringLiteral("signatureValue")] = firstSignature;
            r[QStringLiteral("signatureValueList")] = QJsonArray{first, second};
        }) << QStringLiteral("invalid_signature") << QStringLiteral("s1");
        QTest::newRow("a signature missing") << Tamper([](ExpectedResult &, QJsonObject &r, TrustAnchors &, QDateTime &) {
            QJsonArray list = r.value(u"signatureValueList").toArray();
            list.removeLast();
            r[QStringLiteral("signatureValueList")] = list;
        }) << QStringLiteral("invalid_signature") << QString();
        QTest::newRow("no certificate") << Tamper([](ExpectedResult &, QJsonObject &r, TrustAnchors &, QDateTime &) {
            r.remove(QStringLiteral("pubCert"));
        }) << QStringLiteral("invalid_request") << QStringLiteral("pubCert");
        QTest::newRow("certSn of another certificate") << Tamper([](ExpectedResult &, QJsonObject &r, TrustAnchors &, QDateTime &) {
            r[QStringLiteral("certSn")] = QStringLiteral("0ABC");
        }) << QStringLiteral("certificate_unusable") << QStringLiteral("other_certificate");
        QTest::newRow("not issued by the issuing CA") << Tamper([](ExpectedResult &, QJsonObject &, TrustAnchors &a, QDateTime &) {
            a.issuing = a.root;
        }) << QStringLiteral("certificate_unusable") << QStringLiteral("untrusted");
        QTest::newRow("after its validity") << Tamper([](ExpectedResult &, QJsonObject &, TrustAnchors &, QDateTime &now) {
            now = now.addYears(20);
        }) << QStringLiteral("certificate_unusable") << QStringLiteral("expired");
    }

    void tamperedResultFails()
    {
        QFETCH(Tamper, tamper);
        QFETCH(QString, code);
        QFETCH(QString, detail);
        auto trust = anchors();
        QVERIFY(trust);
        ExpectedResult expected = m_expected;
        QJsonObject result = m_result;
        QDateTime now = Clock::now();
        tamper(expected, result, *trust, now);
        const auto verified = verifyResult(expected, result, *trust, now);
        QVERIFY(!verified);
        QCOMPARE(verified.error().code, code);
        QVERIFY(!verified.error().message.isEmpty());
        const QVariantMap &d = verified.error().details;
        const QString actual = d.value(QStringLiteral("reason"), d.value(QStringLiteral("field"), d.value(QStringLiteral("key")))).toString();
        QCOMPARE(actual, detail);
    }

    void decryptAnswersCoverExactlyTheEnvelopes()
    {
        const QString caOrg = m_caOrg;
        auto platformKey = KeyPair::generate(KeyAlgorithm::Sm2);
        QVERIFY(platformKey);
        const auto wrapped = PublicKey::fromDer(platformKey.value().publicKeyDer()).value().encrypt(QByteArray(16, '\x5a'));
        QVERIFY(wrapped);
        ScanContent content;
        content.action = ScanAction::Decrypt;
        content.envelopes = {{QStringLiteral("AH-1"), caOrg, QStringLiteral("5A1F"), QByteArray("unused")},
                             {QStringLiteral("AH-2"), caOrg, QStringLiteral("5A1F"), QByteArray("unused")}};
        const QHash<QString, QByteArray> both{{QStringLiteral("AH-1"), wrapped.value()}, {QStringLiteral("AH-2"), wrapped.value()}};

        const auto answered = verify::decryptAnswers(content, QStringLiteral("5a1f"), caOrg, both);
        QVERIFY(answered);
        QCOMPARE(answered.value().size(), 2);
        QCOMPARE(answered.value().first().first, QStringLiteral("AH-1"));

        auto missing = both;
        missing.remove(QStringLiteral("AH-2"));
        auto refused = verify::decryptAnswers(content, QStringLiteral("5A1F"), caOrg, missing);
        QCOMPARE(refused.error().code, QStringLiteral("invalid_signature"));
        QCOMPARE(refused.error().details.value(QStringLiteral("key")).toString(), QStringLiteral("AH-2"));

        auto extra = both;
        extra.insert(QStringLiteral("AH-3"), wrapped.value());
        refused = verify::decryptAnswers(content, QStringLiteral("5A1F"), caOrg, extra);
        QCOMPARE(refused.error().code, QStringLiteral("invalid_signature"));
        QCOMPARE(refused.error().details.value(QStringLiteral("key")).toString(), QString());

        auto garbage = both;
        garbage.insert(QStringLiteral("AH-1"), QByteArray("not a ciphertext"));
        refused = verify::decryptAnswers(content, QStringLiteral("5A1F"), caOrg, garbage);
        QCOMPARE(refused.error().details.value(QStringLiteral("key")).toString(), QStringLiteral("AH-1"));

        refused = verify::decryptAnswers(content, QStringLiteral("0BEE"), caOrg, both);
        QCOMPARE(refused.error().code, QStringLiteral("certificate_unusable"));
        QCOMPARE(refused.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("other_certificate"));
        refused = verify::decryptAnswers(content, QStringLiteral("5A1F"), QStringLiteral("020002"), both);
        QCOMPARE(refused.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("other_certificate"));
    }

    // Last: it revokes the device's certificate.
    void revokedCertificateFails()
    {
        QVERIFY(waitFor(m_device->api->post(QStringLiteral("/certificates/%1/revocation").arg(m_sm2->id), {},
                                             m_device->session->accessToken()))
                    .isNull());
        const auto trust = anchors();
        QVERIFY(trust);
        const auto verified = verifyResult(m_expected, m_result, *trust, Clock::now());
        QVERIFY(!verified);
        QCOMPARE(verified.error().code, QStringLiteral("certificate_unusable"));
        QCOMPARE(verified.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("revoked"));
        QVERIFY(verified.error().message.contains(QStringLiteral("is revoked")));
    }
};

QTEST_GUILESS_MAIN(TestResultVerifier)
#include "tst_resultverifier.moc"
