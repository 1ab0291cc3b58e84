// CSRs and certificates, cross-checked against the stock `openssl` command-line tool.
#include "core/crypto/x509.h"
#include "tests/core/cryptotesting.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace tq;
using namespace tq::testing;

class TestX509 : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_openssl;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    void write(const QString &name, const QByteArray &data) const
    {
        QFile f(path(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(data), data.size());
    }

    // Runs openssl and returns stdout+stderr. Its exit code is unreliable for `req -verify`,
    // so callers look for the success sentence instead.
    QByteArray openssl(const QStringList &args) const
    {
        QProcess p;
        p.setWorkingDirectory(m_dir.path());
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(m_openssl, args);
        if (!p.waitForFinished(30000))
            return {};
        return p.readAll();
    }

    // A test CA made entirely by the openssl CLI from an SM2 key we generated.
    void makeCa()
    {
        const SecureBytes caKey = KeyPair::generate().value().privateKeyDer().value();
        write(QStringLiteral("ca.key"), pemEncode(caKey.view(), "PRIVATE KEY"));
        write(QStringLiteral("ext.cnf"), "[leaf]\nkeyUsage=critical,digitalSignature,nonRepudiation\n");
        const QByteArray out
            = openssl({QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-x509"), QStringLiteral("-key"),
                       QStringLiteral("ca.key"), QStringLiteral("-sm3"), QStringLiteral("-sigopt"),
                       QStringLiteral("distid:1234567812345678"), QStringLiteral("-subj"),
                       QStringLiteral("/C=CN/O=Tongqian Test/CN=Test SM2 CA"), QStringLiteral("-days"),
                       QStringLiteral("3"), QStringLiteral("-out"), QStringLiteral("ca.pem")});
        QVERIFY2(QFile::exists(path(QStringLiteral("ca.pem"))), out.constData());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    }

    void csrRoundTrip_data() { addAlgorithmRows(); }
    void csrRoundTrip()
    {
        QFETCH(KeyAlgorithm, algorithm);
        auto key = KeyPair::generate(algorithm);
        auto csr = Csr::create(key.value(), TestSubject);
        QVERIFY(csr);
        for (const QByteArray &form : {csr.value(), pemEncode(csr.value(), "CERTIFICATE REQUEST")}) {
            auto info = Csr::verify(form);
            QVERIFY(info);
            QCOMPARE(info.value().algorithm, algorithm);
            QCOMPARE(info.value().publicKeyDer, key.value().publicKeyDer());
            QCOMPARE(info.value().subject, QStringLiteral("CN=张三,O=同签测试有限公司,C=CN"));
        }
    }

    void csrSignedOutside_data() { addAlgorithmRows(); }
    void csrSignedOutside()
    {
        QFETCH(KeyAlgorithm, algorithm);
        auto key = KeyPair::generate(algorithm);
        auto draft = Csr::prepare(key.value().publicKey(), TestSubject);
        QVERIFY(draft);
        auto csr = draft.value().assemble(key.value().sign(draft.value().toBeSigned()).value());
        QVERIFY(csr);
        auto info = Csr::verify(csr.value());
        QVERIFY(info);
        QCOMPARE(info.value().publicKeyDer, key.value().publicKeyDer());
        QCOMPARE(info.value().subject, QStringLiteral("CN=张三,O=同签测试有限公司,C=CN"));
        // A signature by another key, or over other bytes, is refused.
        auto other = KeyPair::generate(algorithm);
        QVERIFY(!draft.value().assemble(other.value().sign(draft.value().toBeSigned()).value()));
        QVERIFY(!draft.value().assemble(key.value().sign("other bytes").value()));
    }

    void csrWithBadSignatureIsRejected_data() { csrRoundTrip_data(); }
    void csrWithBadSignatureIsRejected()
    {
        QFETCH(KeyAlgorithm, algorithm);
        auto csr = Csr::create(KeyPair::generate(algorithm).value(), TestSubject).value();
        // The signature BIT STRING ends the request: flip its last byte.
        QVERIFY(!Csr::verify(flipped(csr, csr.size() - 1)));
        // A byte inside the signed subject breaks the signature too.
        const qsizetype at = csr.indexOf(QByteArray("同签"));
        QVERIFY(at > 0);
        QVERIFY(!Csr::verify(flipped(csr, at + 1)));
        QVERIFY(!Csr::verify(csr.left(csr.size() - 3)));
        QVERIFY(!Csr::verify("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"));
    }

    void csrWithWrongSm2IdIsRejected()
    {
        auto csr = Csr::create(KeyPair::generate().value(), TestSubject).value();
        QVERIFY(Csr::verify(csr));
        QVERIFY(!Csr::verify(csr, "ALICE123@YAHOO.COM"));
        QVERIFY(!Csr::verify(csr, ""));
        QVERIFY(!Csr::create(KeyPair::generate().value(), {{QStringLiteral("NoSuchField"), QStringLiteral("x")}}));
    }

    void opensslVerifiesOurCsrAndSignature()
    {
        if (m_openssl.isEmpty())
            QFAIL("the openssl command-line tool is required (package openssl)");
        auto key = KeyPair::generate();
        write(QStringLiteral("sm2.csr"), pemEncode(Csr::create(key.value(), TestSubject).value(), "CERTIFICATE REQUEST"));
        QVERIFY(openssl({QStringLiteral("req"), QStringLiteral("-verify"), QStringLiteral("-vfyopt"),
                         QStringLiteral("distid:1234567812345678"), QStringLiteral("-in"), QStringLiteral("sm2.csr"),
                         QStringLiteral("-noout")})
                    .contains("verify OK"));
        // With a different ID openssl must not accept it (guards against a test that always passes).
        QVERIFY(!openssl({QStringLiteral("req"), QStringLiteral("-verify"), QStringLiteral("-vfyopt"),
                          QStringLiteral("distid:ALICE123@YAHOO.COM"), QStringLiteral("-in"), QStringLiteral("sm2.csr"),
                          QStringLiteral("-noout")})
                     .contains("verify OK"));

        const QByteArray data = "签名原文";
        write(QStringLiteral("data.bin"), data);
        write(QStringLiteral("sig.der"), key.value().sign(data).value());
        write(QStringLiteral("pub.pem"), pemEncode(key.value().publicKeyDer(), "PUBLIC KEY"));
        const QStringList dgst
            = {QStringLiteral("dgst"),       QStringLiteral("-sm3"),    QStringLiteral("-verify"),
               QStringLiteral("pub.pem"),    QStringLiteral("-sigopt"), QStringLiteral("distid:1234567812345678"),
               QStringLiteral("-signature"), QStringLiteral("sig.der"), QStringLiteral("data.bin")};
        QVERIFY(openssl(dgst).contains("Verified OK"));
        write(QStringLiteral("data.bin"), "篡改原文");
        QVERIFY(!openssl(dgst).contains("Verified OK"));
    }

    void certificateFromOpensslCa()
    {
        if (m_openssl.isEmpty())
            QFAIL("the openssl command-line tool is required (package openssl)");
        makeCa();
        auto leafKey = KeyPair::generate();
        write(QStringLiteral("leaf.csr"),
              pemEncode(Csr::create(leafKey.value(), TestSubject).value(), "CERTIFICATE REQUEST"));
        const QByteArray out = openssl({QStringLiteral("x509"),
                                        QStringLiteral("-req"),
                                        QStringLiteral("-in"),
                                        QStringLiteral("leaf.csr"),
                                        QStringLiteral("-CA"),
                                        QStringLiteral("ca.pem"),
                                        QStringLiteral("-CAkey"),
                                        QStringLiteral("ca.key"),
                                        QStringLiteral("-sm3"),
                                        QStringLiteral("-sigopt"),
                                        QStringLiteral("distid:1234567812345678"),
                                        QStringLiteral("-vfyopt"),
                                        QStringLiteral("distid:1234567812345678"),
                                        QStringLiteral("-set_serial"),
                                        QStringLiteral("0x1A2B3C"),
                                        QStringLiteral("-days"),
                                        QStringLiteral("30"),
                                        QStringLiteral("-extfile"),
                                        QStringLiteral("ext.cnf"),
                                        QStringLiteral("-extensions"),
                                        QStringLiteral("leaf"),
                                        QStringLiteral("-out"),
                                        QStringLiteral("leaf.pem")});
        QFile leafFile(path(QStringLiteral("leaf.pem")));
        QVERIFY2(leafFile.open(QIODevice::ReadOnly), out.constData());
        QFile caFile(path(QStringLiteral("ca.pem")));
        QVERIFY(caFile.open(QIODevice::ReadOnly));

        auto leaf = Certificate::parse(leafFile.readAll());
        auto ca = Certificate::parse(caFile.readAll());
        QVERIFY(leaf);
        QVERIFY(ca);
        const Certificate &c = leaf.value();
        QCOMPARE(c.subject, QStringLiteral("CN=张三,O=同签测试有限公司,C=CN"));
        QCOMPARE(c.issuer, QStringLiteral("CN=Test SM2 CA,O=Tongqian Test,C=CN"));
        QCOMPARE(c.serialHex, QStringLiteral("1A2B3C"));
        QCOMPARE(c.keyUsage, QStringList({QStringLiteral("digitalSignature"), QStringLiteral("nonRepudiation")}));
        QCOMPARE(c.signatureAlgorithm, QStringLiteral("SM2-with-SM3"));
        QCOMPARE(c.keyAlgorithm, std::optional<KeyAlgorithm>(KeyAlgorithm::Sm2));
        QCOMPARE(c.publicKeyDer, leafKey.value().publicKeyDer());
        QCOMPARE(c.notBefore.daysTo(c.notAfter), 30);
        QVERIFY(qAbs(c.notBefore.secsTo(QDateTime::currentDateTimeUtc())) < 600);
        QCOMPARE(c.sha256Fingerprint.size(), 32);
        QVERIFY(ca.value().keyUsage.isEmpty() || ca.value().keyUsage.contains(QStringLiteral("keyCertSign")));

        // Same DER from either form.
        QCOMPARE(Certificate::parse(c.der).value().sha256Fingerprint, c.sha256Fingerprint);
        // The pinned form: openssl's "AB:CD:…", matched in any case, with or without colons.
        QCOMPARE(c.fingerprintText(), QString::fromLatin1(c.sha256Fingerprint.toHex(':').toUpper()));
        QVERIFY(c.matchesFingerprint(c.fingerprintText()));
        QVERIFY(c.matchesFingerprint(QString::fromLatin1(c.sha256Fingerprint.toHex())));
        QVERIFY(!c.matchesFingerprint(ca.value().fingerprintText()));
        QVERIFY(!c.matchesFingerprint(QString()));

        QVERIFY(c.isSignedBy(ca.value()));
        QVERIFY(ca.value().isSignedBy(ca.value()));               // self-signed root
        QVERIFY(!c.isSignedBy(ca.value(), "ALICE123@YAHOO.COM")); // wrong SM2 ID
        QVERIFY(!c.isSignedBy(c));                                // wrong issuer
        Certificate tampered = c;
        tampered.der = flipped(c.der, c.der.size() - 3);
        QVERIFY(!tampered.isSignedBy(ca.value()));
        QVERIFY(!Certificate::parse(c.der.left(c.der.size() - 1)));
        QVERIFY(!Certificate::parse("garbage"));
    }
};

QTEST_GUILESS_MAIN(TestX509)
#include "tst_x509.moc"
