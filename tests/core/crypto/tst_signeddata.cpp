// Detached SignedData (CMS for RSA/P-256, GM/T 0010 for SM2), cross-checked with the stock
// `openssl` command-line tool: `cms -verify` for CMS, `asn1parse` + `dgst -sm3` for GM/T 0010.
#include "core/crypto/certificateerrors.h"
#include "core/crypto/digest.h"
#include "core/crypto/signeddata.h"
#include "tests/core/cryptotesting.h"
#include "tests/support/opensslca.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <map>
#include <memory>
#include <vector>

using namespace tq;
using namespace tq::testing;

namespace {

const QByteArray Content = "投标文件摘要 / bid document digest\n";

struct Signer {
    KeyPair key;
    Certificate cert;
};

// One asn1parse line: offset, header length, content length, and the rest of the line.
struct Asn1Line {
    qsizetype offset = 0;
    qsizetype header = 0;
    qsizetype length = 0;
    QString text;
};

QList<Asn1Line> asn1Lines(const QByteArray &output)
{
    static const QRegularExpression re(QStringLiteral(R"(^\s*(\d+):d=\s*\d+\s+hl=\s*(\d+)\s+l=\s*(\d+)\s+(.*)$)"));
    QList<Asn1Line> lines;
    for (const QByteArray &raw : output.split('\n')) {
        const auto m = re.match(QString::fromUtf8(raw));
        if (m.hasMatch())
            lines.append({m.captured(1).toLongLong(), m.captured(2).toLongLong(), m.captured(3).toLongLong(),
                          m.captured(4)});
    }
    return lines;
}

} // namespace

class TestSignedData : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    OpensslCa m_ca{m_dir.path()};
    std::map<KeyAlgorithm, std::unique_ptr<Signer>> m_signers;
    std::vector<std::unique_ptr<Signer>> m_extra;

    // A key with a certificate from the openssl CA of the same algorithm; cached per algorithm.
    const Signer *signer(KeyAlgorithm algorithm, const QString &name = {})
    {
        auto &slot = m_signers[algorithm];
        if (slot && name.isEmpty())
            return slot.get();
        auto key = KeyPair::generate(algorithm);
        if (!key)
            return nullptr;
        const QString certName = (name.isEmpty() ? keyAlgorithmName(algorithm) : name) + QStringLiteral(".pem");
        auto cert = m_ca.issue(algorithm, Csr::create(key.value(), TestSubject).value(), certName);
        if (!cert) {
            qWarning("%s", m_ca.lastOutput.constData());
            return nullptr;
        }
        auto made = std::make_unique<Signer>(Signer{std::move(key).value(), *std::move(cert)});
        if (!name.isEmpty()) {
            m_extra.push_back(std::move(made));
            return m_extra.back().get();
        }
        slot = std::move(made);
        return slot.get();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (!m_ca.available())
            QFAIL("the openssl command-line tool is required (package openssl)");
        for (KeyAlgorithm algorithm : {KeyAlgorithm::Sm2, KeyAlgorithm::EcdsaP256, KeyAlgorithm::Rsa2048})
            QVERIFY2(m_ca.create(algorithm), m_ca.lastOutput.constData());
    }

    void roundTrip_data() { addAlgorithmRows(); }
    void roundTrip()
    {
        QFETCH(KeyAlgorithm, algorithm);
        const Signer *s = signer(algorithm);
        QVERIFY(s);
        auto der = SignedData::signDetached(SignedData::keySigner(s->key), s->cert, Content);
        QVERIFY2(der, qPrintable(der ? QString() : der.error().message));
        auto verified = SignedData::verifyDetached(der.value(), Content);
        QVERIFY2(verified, qPrintable(verified ? QString() : verified.error().message));
        QCOMPARE(verified.value().der, s->cert.der);

        const QByteArray digest = tq::digest(SignedData::digestAlgorithmFor(algorithm), Content);
        QVERIFY(SignedData::verifyDetachedDigest(der.value(), digest));
        auto fromDigest = SignedData::signDetachedDigest(SignedData::keySigner(s->key), s->cert, digest);
        QVERIFY(fromDigest);
        QVERIFY(SignedData::verifyDetached(fromDigest.value(), Content));
        // The signer's certificate is included and its issuer is the test CA.
        auto ca = Certificate::parse(m_ca.read(OpensslCa::caName(algorithm) + QStringLiteral(".pem")));
        QVERIFY(ca);
        QVERIFY(verified.value().isSignedBy(ca.value()));
    }

    void chainIsIncluded()
    {
        const Signer *s = signer(KeyAlgorithm::Sm2);
        QVERIFY(s);
        auto ca = Certificate::parse(m_ca.read(OpensslCa::caName(KeyAlgorithm::Sm2) + QStringLiteral(".pem")));
        auto der = SignedData::signDetached(SignedData::keySigner(s->key), s->cert, Content, {ca.value()});
        QVERIFY(der);
        QVERIFY(der.value().contains(ca.value().der));
        QCOMPARE(SignedData::verifyDetached(der.value(), Content).value().der, s->cert.der);
    }

    void tamperingFails_data() { addAlgorithmRows(); }
    void tamperingFails()
    {
        QFETCH(KeyAlgorithm, algorithm);
        const Signer *s = signer(algorithm);
        QVERIFY(s);
        const QByteArray der = SignedData::signDetached(SignedData::keySigner(s->key), s->cert, Content).value();
        QVERIFY(SignedData::verifyDetached(der, Content));

        QVERIFY(!SignedData::verifyDetached(der, flipped(Content, 3)));
        QVERIFY(!SignedData::verifyDetached(der, QByteArray(Content + ' ')));
        QVERIFY(!SignedData::verifyDetached(der, {}));
        // encryptedDigest is the last field: its last byte is part of the signature (s or RSA block).
        QVERIFY(!SignedData::verifyDetached(flipped(der, der.size() - 1), Content));
        // The messageDigest inside the signed attributes.
        const QByteArray digest = tq::digest(SignedData::digestAlgorithmFor(algorithm), Content);
        const qsizetype at = der.indexOf(digest);
        QVERIFY(at > 0);
        QVERIFY(!SignedData::verifyDetached(flipped(der, at + 5), Content));
        // Every truncation and some garbage fail cleanly.
        for (qsizetype n = 0; n < der.size(); n += (n < 64 ? 1 : 37))
            QVERIFY(!SignedData::verifyDetached(der.left(n), Content));
        QVERIFY(!SignedData::verifyDetached(QByteArray(der + '\0'), Content));
        QVERIFY(!SignedData::verifyDetached(QByteArray(300, '\x30'), Content));
        QVERIFY(!SignedData::verifyDetached(QByteArray::fromHex("3080a080"), Content));
        QVERIFY(!SignedData::verifyDetached("not DER at all", Content));
    }

    void wrongCertificateFails_data() { addAlgorithmRows(); }
    void wrongCertificateFails()
    {
        QFETCH(KeyAlgorithm, algorithm);
        const Signer *s = signer(algorithm);
        const Signer *other = signer(algorithm, QStringLiteral("other-") + keyAlgorithmName(algorithm));
        QVERIFY(s && other);
        // Signing with a key that does not belong to the certificate is refused.
        auto mismatched = SignedData::signDetached(SignedData::keySigner(other->key), s->cert, Content);
        QVERIFY(!mismatched);
        QCOMPARE(mismatched.error().code, QStringLiteral("crypto"));
        // A valid message whose certificate is swapped for another one no longer verifies.
        QByteArray der = SignedData::signDetached(SignedData::keySigner(s->key), s->cert, Content).value();
        der.replace(s->cert.der, other->cert.der);
        QVERIFY(!SignedData::verifyDetached(der, Content));
        // A signer callback that fails passes its error on.
        auto failing = SignedData::signDetached(
            [](QByteArrayView) -> Result<QByteArray> { return Error(CertificateError::WrongPin, QStringLiteral("no")); },
            s->cert, Content);
        QVERIFY(!failing);
        QCOMPARE(failing.error().code, QStringLiteral("wrong_pin"));
    }

    void opensslCmsVerifies_data()
    {
        QTest::addColumn<KeyAlgorithm>("algorithm");
        QTest::newRow("p256") << KeyAlgorithm::EcdsaP256;
        QTest::newRow("rsa2048") << KeyAlgorithm::Rsa2048;
    }
    void opensslCmsVerifies()
    {
        QFETCH(KeyAlgorithm, algorithm);
        const Signer *s = signer(algorithm);
        QVERIFY(s);
        QVERIFY(m_ca.write(QStringLiteral("content.bin"), Content));
        QVERIFY(m_ca.write(QStringLiteral("cms.der"),
                           SignedData::signDetached(SignedData::keySigner(s->key), s->cert, Content).value()));
        const QStringList verify{QStringLiteral("cms"),      QStringLiteral("-verify"),
                                 QStringLiteral("-binary"),  QStringLiteral("-inform"),
                                 QStringLiteral("DER"),      QStringLiteral("-in"),
                                 QStringLiteral("cms.der"),  QStringLiteral("-content"),
                                 QStringLiteral("content.bin"), QStringLiteral("-CAfile"),
                                 OpensslCa::caName(algorithm) + QStringLiteral(".pem"), QStringLiteral("-purpose"),
                                 QStringLiteral("any"),      QStringLiteral("-out"),
                                 QStringLiteral("verified.out")};
        int exitCode = -1;
        const QByteArray out = m_ca.run(verify, &exitCode);
        QVERIFY2(exitCode == 0 && out.contains("Verification successful"), out.constData());
        QCOMPARE(m_ca.read(QStringLiteral("verified.out")), Content);

        QVERIFY(m_ca.write(QStringLiteral("content.bin"), flipped(Content, 0)));
        QVERIFY(!m_ca.run(verify, &exitCode).contains("Verification successful"));
        QVERIFY(exitCode != 0);
    }

    void opensslCmsSignatureVerifiesHere_data() { opensslCmsVerifies_data(); }
    void opensslCmsSignatureVerifiesHere()
    {
        QFETCH(KeyAlgorithm, algorithm);
        const Signer *s = signer(algorithm);
        QVERIFY(s);
        QVERIFY(m_ca.write(QStringLiteral("content.bin"), Content));
        QVERIFY(m_ca.write(QStringLiteral("signer.key"), pemEncode(s->key.privateKeyDer().value().view(), "PRIVATE KEY")));
        QVERIFY(m_ca.write(QStringLiteral("signer.pem"), pemEncode(s->cert.der, "CERTIFICATE")));
        int exitCode = -1;
        const QByteArray out = m_ca.run({QStringLiteral("cms"), QStringLiteral("-sign"), QStringLiteral("-binary"),
                                         QStringLiteral("-in"), QStringLiteral("content.bin"), QStringLiteral("-signer"),
                                         QStringLiteral("signer.pem"), QStringLiteral("-inkey"),
                                         QStringLiteral("signer.key"), QStringLiteral("-md"), QStringLiteral("sha256"),
                                         QStringLiteral("-outform"), QStringLiteral("DER"), QStringLiteral("-out"),
                                         QStringLiteral("theirs.der")},
                                        &exitCode);
        QVERIFY2(exitCode == 0, out.constData());
        const QByteArray theirs = m_ca.read(QStringLiteral("theirs.der"));
        auto verified = SignedData::verifyDetached(theirs, Content);
        QVERIFY2(verified, qPrintable(verified ? QString() : verified.error().message));
        QCOMPARE(verified.value().der, s->cert.der);
        QVERIFY(!SignedData::verifyDetached(theirs, flipped(Content, 1)));
    }

    void sm2StructureCheckedByOpenssl()
    {
        const Signer *s = signer(KeyAlgorithm::Sm2);
        QVERIFY(s);
        const QByteArray der = SignedData::signDetached(SignedData::keySigner(s->key), s->cert, Content).value();
        QVERIFY(m_ca.write(QStringLiteral("gmt.der"), der));
        const QByteArray dump = m_ca.run({QStringLiteral("asn1parse"), QStringLiteral("-inform"), QStringLiteral("DER"),
                                          QStringLiteral("-in"), QStringLiteral("gmt.der")});
        // signedData, data (twice: contentInfo and the contentType attribute), SM3, sm2sign.
        QVERIFY2(dump.contains(":1.2.156.10197.6.1.4.2.2"), dump.constData());
        QCOMPARE(dump.count(":1.2.156.10197.6.1.4.2.1\n"), 2);
        QVERIFY(dump.contains(":sm3"));
        QVERIFY(dump.contains(":1.2.156.10197.1.301.1"));
        QVERIFY(dump.contains(":messageDigest") && dump.contains(":signingTime") && dump.contains(":contentType"));
        QVERIFY(!dump.contains("pkcs7"));

        // Cut the signed attributes ([0] at the signerInfo level) and encryptedDigest (the last
        // OCTET STRING) out of the file by the offsets openssl reports.
        const QList<Asn1Line> lines = asn1Lines(dump);
        QVERIFY(!lines.isEmpty());
        const auto attrs = std::find_if(lines.rbegin(), lines.rend(),
                                        [](const Asn1Line &l) { return l.text.contains(u"cont [ 0 ]"); });
        const auto sig = std::find_if(lines.rbegin(), lines.rend(),
                                      [](const Asn1Line &l) { return l.text.contains(u"OCTET STRING"); });
        QVERIFY(attrs != lines.rend() && sig != lines.rend());
        QByteArray signedAttrs = der.mid(attrs->offset, attrs->header + attrs->length);
        signedAttrs[0] = '\x31'; // signed as a universal SET (GM/T 0010 §8.4, RFC 5652 §5.4)
        QVERIFY(m_ca.write(QStringLiteral("attrs.der"), signedAttrs));
        QVERIFY(m_ca.write(QStringLiteral("sig.der"), der.mid(sig->offset + sig->header, sig->length)));
        QVERIFY(m_ca.write(QStringLiteral("pub.pem"), pemEncode(s->key.publicKeyDer(), "PUBLIC KEY")));
        auto dgst = [this](const char *id) {
            return m_ca.run({QStringLiteral("dgst"), QStringLiteral("-sm3"), QStringLiteral("-verify"),
                             QStringLiteral("pub.pem"), QStringLiteral("-sigopt"),
                             QStringLiteral("distid:") + QLatin1String(id), QStringLiteral("-signature"),
                             QStringLiteral("sig.der"), QStringLiteral("attrs.der")});
        };
        const QByteArray ok = dgst("1234567812345678");
        QVERIFY2(ok.contains("Verified OK"), ok.constData());
        QVERIFY(!dgst("ALICE123@YAHOO.COM").contains("Verified OK"));
        // The attributes carry the SM3 digest of the content.
        QVERIFY(signedAttrs.contains(sm3(Content)));
    }
};

QTEST_GUILESS_MAIN(TestSignedData)
#include "tst_signeddata.moc"
