// Issue 15: a certificate application needs a fresh proof of the person, not just the access
// token: the name and ID number again with liveness, or a signature by an existing valid signing
// certificate of the same person over a single-use server challenge plus an SMS code.
#include "tests/server/testserver.h"

#include "core/common/clock.h"
#include "core/crypto/x509.h"
#include "core/protocol/applicationproof.h"

#include <QJsonArray>
#include <QTest>

using namespace tq;
using namespace tq::server::test;

namespace {

QByteArray csrFor(const KeyPair &key)
{
    const auto csr = Csr::create(key, {{QStringLiteral("CN"), QStringLiteral("attacker's key")}});
    return csr ? csr.value() : QByteArray();
}

QJsonObject bodyFor(const QByteArray &csr, const QJsonObject &extra = {})
{
    QJsonObject body = extra;
    body.insert(QStringLiteral("csr"), QString::fromLatin1(csr.toBase64()));
    body.insert(QStringLiteral("caOrg"), QStringLiteral("010001"));
    return body;
}

QString b64(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toBase64());
}

} // namespace

class TestCertificateProof : public ServerTestCase {
    Q_OBJECT

    HttpReply applyCsr(const QString &token, const QByteArray &csr, const QJsonObject &proof)
    {
        return m_server->postAs(token, QStringLiteral("/api/v1/certificates"),
                                bodyFor(csr, {{QStringLiteral("proof"), proof}}));
    }

    /// A key and the reply to the application for it with `proof`.
    struct Application {
        std::optional<KeyPair> key;
        QByteArray csr;
        HttpReply reply;
        QString id() const { return reply.json.value(u"certificate").toObject().value(u"id").toString(); }
    };
    Application applyWith(const QString &token, const QJsonObject &proof,
                          KeyAlgorithm algorithm = KeyAlgorithm::EcdsaP256)
    {
        Application application;
        auto key = KeyPair::generate(algorithm);
        if (!key)
            return application;
        application.key.emplace(std::move(key).value());
        application.csr = csrFor(*application.key);
        application.reply = applyCsr(token, application.csr, proof);
        return application;
    }

    /// A proof of method "certificate": a new challenge (and SMS code) for the account, signed with
    /// `existing` for `csr`. Advances the clock past the SMS resend interval first.
    QJsonObject certificateProof(const QString &token, const QString &phone, const QString &certificateId,
                                 const KeyPair &existing, const QByteArray &csr)
    {
        Clock::advanceForTesting(61);
        const HttpReply challenge = m_server->postAs(token, QStringLiteral("/api/v1/certificate-challenges"), {});
        if (challenge.status != 201)
            return {};
        const QByteArray bytes = QByteArray::fromBase64(challenge.json.value(u"challenge").toString().toLatin1());
        const auto signature = existing.sign(applicationproof::signedStatement(bytes, csr));
        if (!signature)
            return {};
        return {{QStringLiteral("method"), QStringLiteral("certificate")},
                {QStringLiteral("certificateId"), certificateId},
                {QStringLiteral("challenge"), b64(bytes)},
                {QStringLiteral("signature"), b64(signature.value())},
                {QStringLiteral("smsCode"), m_server->latestCode(phone)}};
    }

    /// A verified account with one certificate (an identity proof), and a new key and its CSR
    /// for the next application (csr empty if a step failed).
    struct Holder {
        QString token;
        Application first;
        std::optional<KeyPair> newKey;
        QByteArray csr;
    };
    Holder holderWithCertificate()
    {
        Holder holder{m_server->verifiedAccount(), {}, std::nullopt, {}};
        holder.first = applyWith(holder.token, identityProof());
        auto key = KeyPair::generate(KeyAlgorithm::EcdsaP256);
        if (holder.first.reply.status != 201 || !key)
            return holder;
        holder.newKey.emplace(std::move(key).value());
        holder.csr = csrFor(*holder.newKey);
        return holder;
    }

    static QString revocationPath(const QString &id)
    {
        return QStringLiteral("/api/v1/certificates/%1/revocation").arg(id);
    }

    QJsonArray noticesTo(const QString &phone)
    {
        return m_server->get(QStringLiteral("/api/v1/sandbox/sms-outbox?phone=") + phone).json.value(u"notices").toArray();
    }

private Q_SLOTS:
    // The reviewer's finding: a stolen access token and a key the thief made used to come back 201
    // with the victim's name in the certificate.
    void accessTokenAloneGetsNoCertificate()
    {
        const QString token = m_server->verifiedAccount();
        QVERIFY(!token.isEmpty());
        const auto attackerKey = KeyPair::generate(KeyAlgorithm::Sm2);
        QVERIFY(attackerKey);
        const HttpReply reply =
            m_server->postAs(token, QStringLiteral("/api/v1/certificates"), bodyFor(csrFor(attackerKey.value())));
        QCOMPARE(reply.status, 403);
        QCOMPARE(reply.code(), QStringLiteral("fresh_proof_required"));
        QCOMPARE(m_server->scalar(QStringLiteral("SELECT COUNT(*) FROM certificates")).toInt(), 0);
    }

    void theNameAndIdNumberAgainGetACertificate()
    {
        const QString token = m_server->verifiedAccount();
        const Application wrongNumber = applyWith(token, identityProof(TestName, QStringLiteral("110105198001010016")));
        QCOMPARE(wrongNumber.reply.status, 422);
        QCOMPARE(wrongNumber.reply.code(), QStringLiteral("identity_mismatch"));
        const Application wrongName = applyWith(token, identityProof(QStringLiteral("李四"), TestIdNumber));
        QCOMPARE(wrongName.reply.code(), QStringLiteral("identity_mismatch"));
        const Application malformed = applyWith(token, {{QStringLiteral("method"), QStringLiteral("identity")}});
        QCOMPARE(malformed.reply.status, 400);
        QCOMPARE(malformed.reply.details().value(u"field").toString(), QStringLiteral("name"));
        QCOMPARE(m_server->scalar(QStringLiteral("SELECT COUNT(*) FROM certificates")).toInt(), 0);

        const Application applied = applyWith(token, identityProof(), KeyAlgorithm::Sm2);
        QCOMPARE(applied.reply.status, 201);
        QVERIFY(applied.reply.json.contains(u"encryptionCertificate"));
    }

    // Each identity proof counts as a verification, so applications are no oracle for ID numbers.
    void identityProofsCountAgainstTheVerificationLimit()
    {
        const QString token = m_server->verifiedAccount();
        // IdentityLimits: 5 failures per ID number a day (and 10 attempts per account).
        for (int i = 0; i < 5; ++i)
            QCOMPARE(applyWith(token, identityProof(QStringLiteral("李四"), TestIdNumber)).reply.status, 422);
        const Application limited = applyWith(token, identityProof());
        QCOMPARE(limited.reply.status, 429);
        QCOMPARE(limited.reply.code(), QStringLiteral("too_many_verifications"));
        QVERIFY(limited.reply.details().value(u"retryAfter").toInt() > 0);
    }

    void anExistingCertificatePlusTheSmsCodeGetsACertificate()
    {
        const Holder holder = holderWithCertificate();
        QVERIFY(!holder.csr.isEmpty());
        const QString &token = holder.token;
        const Application &first = holder.first;
        const QByteArray &csr = holder.csr;
        const QJsonObject proof = certificateProof(token, TestPhone, first.id(), *first.key, csr);
        QVERIFY(!proof.isEmpty());
        const HttpReply renewed = applyCsr(token, csr, proof);
        QCOMPARE(renewed.status, 201);

        // The challenge is used up by that certificate.
        const HttpReply again = applyCsr(token, csr, proof);
        QCOMPARE(again.status, 403);
        QCOMPARE(again.code(), QStringLiteral("fresh_proof_required"));
        QCOMPARE(again.details().value(u"reason").toString(), QStringLiteral("challenge"));
    }

    // SIM swap: the thief has the token and the SMS codes, but no key of a valid certificate.
    void theSmsCodeWithoutAValidCertificateSignatureIsRefused()
    {
        const Holder holder = holderWithCertificate();
        QVERIFY(!holder.csr.isEmpty());
        const QString &token = holder.token;
        const Application &first = holder.first;
        const QByteArray &csr = holder.csr;
        const KeyPair &thiefKey = *holder.newKey; // the key the thief made, for the thief's CSR

        // Signed with the thief's own key instead of the certificate's.
        const QJsonObject forged = certificateProof(token, TestPhone, first.id(), thiefKey, csr);
        HttpReply reply = applyCsr(token, csr, forged);
        QCOMPARE(reply.code(), QStringLiteral("fresh_proof_required"));
        QCOMPARE(reply.details().value(u"reason").toString(), QStringLiteral("signature"));

        // A signature for another request does not carry over to this one.
        const QJsonObject otherRequest =
            certificateProof(token, TestPhone, first.id(), *first.key, csrFor(*first.key));
        reply = applyCsr(token, csr, otherRequest);
        QCOMPARE(reply.details().value(u"reason").toString(), QStringLiteral("signature"));

        // A revoked certificate proves nothing.
        QCOMPARE(m_server->postAs(token, revocationPath(first.id()), {})
                     .status,
                 200);
        const QJsonObject revoked = certificateProof(token, TestPhone, first.id(), *first.key, csr);
        reply = applyCsr(token, csr, revoked);
        QCOMPARE(reply.details().value(u"reason").toString(), QStringLiteral("certificate"));

        // A wrong SMS code is refused even with the right signature.
        const Application second = applyWith(token, identityProof());
        QCOMPARE(second.reply.status, 201);
        QJsonObject wrongCode = certificateProof(token, TestPhone, second.id(), *second.key, csr);
        const bool zeros = wrongCode.value(u"smsCode").toString() == u"000000";
        wrongCode.insert(QStringLiteral("smsCode"), zeros ? QStringLiteral("111111") : QStringLiteral("000000"));
        reply = applyCsr(token, csr, wrongCode);
        QCOMPARE(reply.code(), QStringLiteral("invalid_sms_code"));
        QCOMPARE(m_server->scalar(QStringLiteral("SELECT COUNT(*) FROM certificates WHERE usage = 'signing'")).toInt(), 2);
    }

    // Another person's certificate cannot vouch for this account's holder.
    void onlyACertificateOfTheSamePersonCounts()
    {
        const QString stranger = m_server->accessTokenFor(QStringLiteral("13700001111"));
        QCOMPARE(m_server->verifyIdentity(stranger, QStringLiteral("李四"), QStringLiteral("110105198001010016")).status,
                 200);
        const Application theirs =
            applyWith(stranger, identityProof(QStringLiteral("李四"), QStringLiteral("110105198001010016")));
        QCOMPARE(theirs.reply.status, 201);

        const QString token = m_server->verifiedAccount();
        auto key = KeyPair::generate(KeyAlgorithm::EcdsaP256);
        QVERIFY(key);
        const QByteArray csr = csrFor(key.value());
        const QJsonObject proof = certificateProof(token, TestPhone, theirs.id(), *theirs.key, csr);
        const HttpReply reply = applyCsr(token, csr, proof);
        QCOMPARE(reply.code(), QStringLiteral("fresh_proof_required"));
        QCOMPARE(reply.details().value(u"reason").toString(), QStringLiteral("certificate"));
    }

    void theHolderIsToldOfEveryIssue()
    {
        const QString token = m_server->verifiedAccount();
        QCOMPARE(noticesTo(TestPhone).size(), 0);
        QCOMPARE(applyWith(token, identityProof()).reply.status, 201);
        const QJsonArray notices = noticesTo(TestPhone);
        QCOMPARE(notices.size(), 1);
        const QJsonObject notice = notices.first().toObject();
        QCOMPARE(notice.value(u"purpose").toString(), QStringLiteral("certificate_issued"));
        const QString text = notice.value(u"text").toString();
        QVERIFY2(text.contains(u"Tongqian Sandbox CA"), qPrintable(text));
        QVERIFY2(text.contains(u"UTC"), qPrintable(text));
        QVERIFY2(text.contains(u"revoke"), qPrintable(text));
        // The codes clients read stay apart from notices.
        QVERIFY(m_server->latestCode(TestPhone) != text);
        QCOMPARE(applyWith(token, identityProof()).reply.status, 201);
        QCOMPARE(noticesTo(TestPhone).size(), 2);
    }

    // Two valid signing pairs per person and CA institution, over all the person's accounts.
    void aPersonHoldsAtMostTwoValidPairsPerCa()
    {
        const QString token = m_server->verifiedAccount();
        const Application first = applyWith(token, identityProof());
        QCOMPARE(first.reply.status, 201);
        const QString other = m_server->verifiedAccount(QStringLiteral("13700002222"));
        QCOMPARE(applyWith(other, identityProof()).reply.status, 201);
        const Application third = applyWith(token, identityProof());
        QCOMPARE(third.reply.status, 409);
        QCOMPARE(third.reply.code(), QStringLiteral("too_many_active_certificates"));
        QCOMPARE(third.reply.details().value(u"limit").toInt(), 2);
        QCOMPARE(m_server->scalar(QStringLiteral("SELECT COUNT(*) FROM certificates WHERE usage = 'signing'")).toInt(), 2);

        QCOMPARE(m_server->postAs(token, revocationPath(first.id()), {})
                     .status,
                 200);
        QCOMPARE(applyWith(token, identityProof()).reply.status, 201);
    }
};

QTEST_GUILESS_MAIN(TestCertificateProof)
#include "tst_certificateproof.moc"
