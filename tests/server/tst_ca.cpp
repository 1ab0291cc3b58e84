// The CA and KMC over HTTP: certificates issued for device-made CSRs, checked with
// core and with the stock openssl command; the dual-certificate envelope; revocation and CRLs;
// CA keys sealed at rest and created only once.
#include "tests/server/testserver.h"

#include "core/crypto/envelopedkey.h"
#include "core/crypto/random.h"
#include "core/crypto/sm2.h"
#include "core/crypto/twoparty.h"
#include "core/crypto/x509.h"
#include "server/ca/kmc.h"
#include "server/keys/masterkey.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/x509.h>

using namespace tq;
using namespace tq::server::test;
using namespace Qt::StringLiterals;

namespace {

const QString Sm2Id = QStringLiteral("1234567812345678");

QByteArray fromBase64(const QJsonValue &value)
{
    return QByteArray::fromBase64(value.toString().toLatin1());
}

/// Runs the stock openssl command; stdout and stderr together.
QString openssl(const QStringList &arguments)
{
    const QString program = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (program.isEmpty())
        return QStringLiteral("openssl not found on PATH");
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(20000))
        return QStringLiteral("openssl did not finish");
    return QString::fromUtf8(process.readAll());
}

} // namespace

class TestCa : public ServerTestCase {
    Q_OBJECT

    QTemporaryDir m_files;
    int m_escrowed = 0;
    int m_shares = 0;

    static QString pinVerifierOf(const QByteArray &salt)
    {
        return QString::fromLatin1(twoparty::pinVerifier(SecureBytes(QByteArray("123456")), salt, FastPasswordParams).view().toByteArray().toBase64());
    }
    static QJsonObject twoPartyPin(const QByteArray &salt)
    {
        return {{QStringLiteral("pinSalt"), QString::fromLatin1(salt.toBase64())},
                {QStringLiteral("pinVerifier"), pinVerifierOf(salt)}};
    }

    QString writePem(const QString &name, const QByteArray &der)
    {
        const QString path = m_files.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(pemEncode(der, "CERTIFICATE")) < 0)
            return {};
        return path;
    }

    QString verifiedAccount(const QString &phone = TestPhone) { return m_server->verifiedAccount(phone); }

    HttpReply apply(const QString &token, const QByteArray &csr, const QJsonObject &extra = {})
    {
        return m_server->applyCertificate(token, csr, extra);
    }

    static QByteArray csrFor(const KeyPair &key)
    {
        const auto csr = Csr::create(key, {{QStringLiteral("CN"), QStringLiteral("device request")}});
        return csr ? csr.value() : QByteArray();
    }

    /// Checks root → issuing → `leafDer` with openssl verify and with core, and returns the
    /// leaf's `openssl x509 -text` output.
    QString checkWithOpenssl(const QJsonArray &chain, const QByteArray &leafDer)
    {
        const QString root = writePem(QStringLiteral("root.pem"), fromBase64(chain.at(1)));
        const QString issuing = writePem(QStringLiteral("issuing.pem"), fromBase64(chain.at(0)));
        const QString leaf = writePem(QStringLiteral("leaf.pem"), leafDer);
        const QString distid = QStringLiteral("distid:") + Sm2Id;
        const QString caOut = openssl(
            {QStringLiteral("verify"), QStringLiteral("-vfyopt"), distid, QStringLiteral("-CAfile"), root, issuing});
        if (!caOut.contains(issuing + QStringLiteral(": OK")))
            return QStringLiteral("issuing CA: ") + caOut;
        const QString leafOut = openssl({QStringLiteral("verify"), QStringLiteral("-vfyopt"), distid,
                                         QStringLiteral("-partial_chain"), QStringLiteral("-CAfile"), issuing, leaf});
        if (!leafOut.contains(leaf + QStringLiteral(": OK")))
            return QStringLiteral("leaf: ") + leafOut;
        // The same chain with the wrong SM2 ID must fail, so a pass above means the ID was used.
        const QString wrongId =
            openssl({QStringLiteral("verify"), QStringLiteral("-vfyopt"), QStringLiteral("distid:0000000000000000"),
                     QStringLiteral("-partial_chain"), QStringLiteral("-CAfile"), issuing, leaf});
        if (wrongId.contains(leaf + QStringLiteral(": OK")))
            return QStringLiteral("verified with the wrong SM2 ID");

        const auto rootCert = Certificate::parse(fromBase64(chain.at(1)));
        const auto issuingCert = Certificate::parse(fromBase64(chain.at(0)));
        const auto leafCert = Certificate::parse(leafDer);
        if (!rootCert || !issuingCert || !leafCert || !rootCert.value().isSignedBy(rootCert.value())
            || !issuingCert.value().isSignedBy(rootCert.value()) || !leafCert.value().isSignedBy(issuingCert.value())
            || leafCert.value().isSignedBy(rootCert.value()))
            return QStringLiteral("core Certificate::isSignedBy disagrees");
        return openssl(
            {QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-text"), QStringLiteral("-in"), leaf});
    }

    /// A verified account with an SM2 key and the reply to its certificate application.
    struct Applied {
        QString token;
        std::optional<KeyPair> key;
        HttpReply reply;
        QString id;
    };
    Applied applySm2()
    {
        Applied applied{verifiedAccount(), std::nullopt, {}, {}};
        auto key = KeyPair::generate(KeyAlgorithm::Sm2);
        if (!key)
            return applied;
        applied.key.emplace(std::move(key).value());
        applied.reply = apply(applied.token, csrFor(*applied.key));
        applied.id = certificateOf(applied.reply).value(QStringLiteral("id")).toString();
        return applied;
    }

    static QJsonObject certificateOf(const HttpReply &reply, const char *field = "certificate")
    {
        return reply.json.value(QLatin1String(field)).toObject();
    }

    // ---- KMC escrow rows (issue 15: bound to their certificate)

    /// The encryption certificate id of an SM2 application's reply.
    static QString encryptionIdOf(const HttpReply &reply)
    {
        return certificateOf(reply, "encryptionCertificate").value(QStringLiteral("id")).toString();
    }
    /// SM2 applications of two accounts (each gets an encryption certificate and an escrow row;
    /// encryptionIdOf() is empty for a reply without one).
    std::pair<HttpReply, HttpReply> twoSm2Pairs()
    {
        HttpReply first = apply(verifiedAccount(), csrFor(KeyPair::generate(KeyAlgorithm::Sm2).value()));
        HttpReply second = apply(verifiedAccount(u"13700002222"_s), csrFor(KeyPair::generate(KeyAlgorithm::Sm2).value()));
        return {std::move(first), std::move(second)};
    }
    QString escrowRowOf(const QString &certificateId)
    {
        return m_server->scalar(u"SELECT key_sealed FROM kmc_escrow WHERE certificate_id = '%1'"_s.arg(certificateId))
            .toString();
    }
    /// Runs one write on the server's database through a connection of the test's own.
    bool writeDatabase(const QString &sql, const QVariantList &values)
    {
        auto db = server::Database::open(m_server->config().databaseUrl);
        return db && db.value()->run(sql, values);
    }
    /// Opens the escrow row `sealed` as the key of certificate `certificateId`, the way the KMC does.
    Result<KeyPair> openEscrow(const QString &sealed, const QString &certificateId)
    {
        auto masterKey = server::MasterKey::load(m_server->config().masterKeyPath);
        if (!masterKey)
            return masterKey.error();
        return server::Kmc(masterKey.value()).openEscrow(sealed, certificateId);
    }

private Q_SLOTS:
    void issuesSigningCertificates_data()
    {
        QTest::addColumn<int>("algorithm");
        QTest::newRow("sm2") << int(KeyAlgorithm::Sm2);
        QTest::newRow("ecdsa-p256") << int(KeyAlgorithm::EcdsaP256);
        QTest::newRow("rsa-2048") << int(KeyAlgorithm::Rsa2048);
    }
    void issuesSigningCertificates()
    {
        QFETCH(int, algorithm);
        const auto key = KeyPair::generate(KeyAlgorithm(algorithm));
        QVERIFY(key);
        const QString token = verifiedAccount();
        const HttpReply reply = apply(token, csrFor(key.value()),
                                      {{QStringLiteral("validityDays"), 30},
                                       {QStringLiteral("algorithm"), keyAlgorithmName(KeyAlgorithm(algorithm))}});
        QCOMPARE(reply.status, 201);
        const QJsonObject json = certificateOf(reply);
        QCOMPARE(json.value(QStringLiteral("usage")).toString(), QStringLiteral("signing"));
        QCOMPARE(json.value(QStringLiteral("status")).toString(), QStringLiteral("valid"));
        const QByteArray der = fromBase64(json.value(QStringLiteral("der")));
        const auto cert = Certificate::parse(der);
        QVERIFY(cert);
        QCOMPARE(cert.value().publicKeyDer, key.value().publicKeyDer());
        QCOMPARE(cert.value().signatureAlgorithm, QStringLiteral("SM2-with-SM3"));
        QCOMPARE(cert.value().notBefore.daysTo(cert.value().notAfter), 30);
        QCOMPARE(cert.value().serialHex.size(), 32); // 16 bytes, no leading zero octet
        QCOMPARE(json.value(QStringLiteral("serial")).toString(), cert.value().serialHex);
        QCOMPARE(cert.value().keyUsage,
                 QStringList({QStringLiteral("digitalSignature"), QStringLiteral("nonRepudiation")}));
        QVERIFY(cert.value().subject.contains(QStringLiteral("CN=") + TestName));
        QVERIFY(cert.value().subject.contains(QStringLiteral("C=CN")));
        QVERIFY(!cert.value().subject.contains(QStringLiteral("device request"))); // the CA names the person
        QVERIFY(!der.contains(TestIdNumber.toLatin1()));
        QVERIFY(!der.contains(TestIdNumber.left(17).toLatin1()));

        const QJsonArray chain = reply.json.value(QStringLiteral("chain")).toArray();
        QCOMPARE(chain.size(), 2);
        const QString text = checkWithOpenssl(chain, der);
        QVERIFY2(text.contains(QStringLiteral("Certificate:")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("X509v3 Key Usage: critical")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Digital Signature, Non Repudiation")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("X509v3 Subject Key Identifier")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("X509v3 Authority Key Identifier")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("X509v3 CRL Distribution Points")), qPrintable(text));
        QVERIFY2(text.contains(m_server->server().baseUrl().toString() + QStringLiteral("/api/v1/ca/010001/crl")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Signature Algorithm: SM2-with-SM3")), qPrintable(text));

        // Only SM2 signing keys get a KMC encryption certificate.
        const bool sm2 = KeyAlgorithm(algorithm) == KeyAlgorithm::Sm2;
        QCOMPARE(reply.json.contains(QStringLiteral("encryptionCertificate")), sm2);
        QCOMPARE(reply.json.contains(QStringLiteral("encryptionKeyEnvelope")), sm2);
    }

    void caCertificatesHaveTheirExtensions()
    {
        const HttpReply reply = m_server->get(QStringLiteral("/api/v1/ca/010001/chain"));
        QCOMPARE(reply.status, 200);
        const QString root = writePem(QStringLiteral("root.pem"), fromBase64(reply.json.value(QStringLiteral("root"))));
        const QString issuing =
            writePem(QStringLiteral("issuing.pem"), fromBase64(reply.json.value(QStringLiteral("issuing"))));
        const QString rootText = openssl(
            {QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-text"), QStringLiteral("-in"), root});
        QVERIFY2(rootText.contains(QStringLiteral("CA:TRUE"))
                     && rootText.contains(QStringLiteral("X509v3 Basic Constraints: critical"))
                     && rootText.contains(QStringLiteral("Certificate Sign, CRL Sign"))
                     && rootText.contains(QStringLiteral("X509v3 Subject Key Identifier"))
                     && rootText.contains(
                         QStringLiteral("Issuer: C = CN, O = Tongqian Sandbox CA, CN = Tongqian Sandbox CA Root")),
                 qPrintable(rootText));
        const QString issuingText = openssl({QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-text"),
                                             QStringLiteral("-in"), issuing});
        QVERIFY2(issuingText.contains(QStringLiteral("CA:TRUE, pathlen:0"))
                     && issuingText.contains(QStringLiteral("X509v3 Authority Key Identifier"))
                     && issuingText.contains(QStringLiteral("/api/v1/ca/010001/root-crl")),
                 qPrintable(issuingText));
        const auto rootCert = Certificate::parse(fromBase64(reply.json.value(QStringLiteral("root"))));
        QVERIFY(rootCert);
        QCOMPARE(rootCert.value().notBefore.daysTo(rootCert.value().notAfter) / 365, 20);

        // The root's CRL (for the issuing CA) is served too and signed by the root.
        const HttpReply rootCrl = m_server->get(QStringLiteral("/api/v1/ca/010001/root-crl"));
        QCOMPARE(rootCrl.status, 200);
        QVERIFY(crlSignedBy(rootCrl.body, rootCert.value()));
    }

    void dualCertificateEnvelopeOpensOnTheDevice()
    {
        const Applied applied = applySm2();
        QCOMPARE(applied.reply.status, 201);
        const HttpReply &reply = applied.reply;
        const KeyPair &signingKey = *applied.key;
        const QJsonObject encryption = certificateOf(reply, "encryptionCertificate");
        QCOMPARE(encryption.value(QStringLiteral("usage")).toString(), QStringLiteral("encryption"));
        QCOMPARE(encryption.value(QStringLiteral("pairId")).toString(),
                 certificateOf(reply).value(QStringLiteral("id")).toString());
        const QByteArray der = fromBase64(encryption.value(QStringLiteral("der")));
        const auto cert = Certificate::parse(der);
        QVERIFY(cert);
        QCOMPARE(cert.value().keyUsage,
                 QStringList({QStringLiteral("keyEncipherment"), QStringLiteral("dataEncipherment"),
                              QStringLiteral("keyAgreement")}));
        QVERIFY(cert.value().publicKeyDer != signingKey.publicKeyDer());
        const QString text = checkWithOpenssl(reply.json.value(QStringLiteral("chain")).toArray(), der);
        QVERIFY2(text.contains(QStringLiteral("Key Encipherment, Data Encipherment, Key Agreement")), qPrintable(text));

        const QByteArray envelope = fromBase64(reply.json.value(QStringLiteral("encryptionKeyEnvelope")));
        const auto recovered = EnvelopedKey::open(envelope, signingKey);
        QVERIFY2(recovered, qPrintable(recovered ? QString() : recovered.error().message));
        QCOMPARE(recovered.value().publicKeyDer(), cert.value().publicKeyDer);
        const auto certKey = PublicKey::fromDer(cert.value().publicKeyDer);
        QVERIFY(certKey);
        const auto ciphertext = certKey.value().encrypt("bid document key");
        QVERIFY(ciphertext);
        const auto plain = recovered.value().decrypt(ciphertext.value());
        QVERIFY(plain);
        QCOMPARE(plain.value().view(), QByteArrayView("bid document key"));

        // Another device's key cannot open it.
        const auto stranger = KeyPair::generate(KeyAlgorithm::Sm2);
        QVERIFY(stranger);
        QVERIFY(!EnvelopedKey::open(envelope, stranger.value()));
        QByteArray tampered = envelope;
        tampered[tampered.size() - 1] = char(tampered.at(tampered.size() - 1) ^ 1);
        QVERIFY(!EnvelopedKey::open(tampered, signingKey));
    }

    void refusesWithoutIdentity()
    {
        const auto key = KeyPair::generate(KeyAlgorithm::Sm2);
        QVERIFY(key);
        const HttpReply reply = apply(m_server->accessTokenFor(TestPhone), csrFor(key.value()));
        QCOMPARE(reply.status, 403);
        QCOMPARE(reply.code(), QStringLiteral("identity_required"));
        QCOMPARE(apply(QString(), csrFor(key.value())).status, 401);
    }

    void rejectsBadRequests_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("garbage CSR") << QStringLiteral("garbage") << 400 << QStringLiteral("invalid_csr");
        QTest::newRow("wrong CSR signature") << QStringLiteral("tampered") << 400 << QStringLiteral("invalid_csr");
        QTest::newRow("CSR signed with another SM2 ID")
            << QStringLiteral("otherId") << 400 << QStringLiteral("invalid_csr");
        QTest::newRow("algorithm not the CSR's") << QStringLiteral("algorithm") << 400 << QStringLiteral("invalid_csr");
        QTest::newRow("0 days") << QStringLiteral("days:0") << 400 << QStringLiteral("invalid_validity");
        QTest::newRow("1096 days") << QStringLiteral("days:1096") << 400 << QStringLiteral("invalid_validity");
        QTest::newRow("fractional days") << QStringLiteral("days:1.5") << 400 << QStringLiteral("invalid_request");
        QTest::newRow("unknown CA") << QStringLiteral("ca") << 404 << QStringLiteral("ca_not_found");
        QTest::newRow("two-party PIN not an object")
            << QStringLiteral("cosign:string") << 400 << QStringLiteral("invalid_request");
        QTest::newRow("two-party PIN without verifier")
            << QStringLiteral("cosign:noVerifier") << 400 << QStringLiteral("invalid_request");
        QTest::newRow("two-party PIN with a short verifier")
            << QStringLiteral("cosign:shortVerifier") << 400 << QStringLiteral("invalid_request");
        QTest::newRow("two-party encryption key for an RSA key")
            << QStringLiteral("cosign:rsa") << 400 << QStringLiteral("invalid_request");
    }
    void rejectsBadRequests()
    {
        m_escrowed = m_server->scalar(QStringLiteral("SELECT COUNT(*) FROM kmc_escrow")).toInt();
        m_shares = m_server->scalar(QStringLiteral("SELECT COUNT(*) FROM cosign_keys")).toInt();
        QFETCH(QString, kind);
        QFETCH(int, status);
        QFETCH(QString, code);
        const auto key = KeyPair::generate(KeyAlgorithm::Sm2);
        QVERIFY(key);
        QByteArray csr = csrFor(key.value());
        QJsonObject extra;
        if (kind == u"garbage") {
            csr = "not a certificate request";
        } else if (kind == u"tampered") {
            csr[csr.size() - 5] = char(csr.at(csr.size() - 5) ^ 0x01);
        } else if (kind == u"otherId") {
            const auto other =
                Csr::create(key.value(), {{QStringLiteral("CN"), QStringLiteral("x")}}, "ALICE123@YAHOO.COM");
            QVERIFY(other);
            csr = other.value();
        } else if (kind == u"algorithm") {
            extra.insert(QStringLiteral("algorithm"), QStringLiteral("rsa-2048"));
        } else if (kind.startsWith(u"days:")) {
            extra.insert(QStringLiteral("validityDays"), kind.mid(5).toDouble());
        } else if (kind == u"ca") {
            extra.insert(QStringLiteral("caOrg"), QStringLiteral("999999"));
        } else if (kind.startsWith(u"cosign:")) {
            QJsonObject pin = twoPartyPin(Random::bytes(16));
            if (kind == u"cosign:string") {
                extra.insert(QStringLiteral("encryptionKeyCosign"), QStringLiteral("123456"));
            } else {
                if (kind == u"cosign:noVerifier")
                    pin.remove(QStringLiteral("pinVerifier"));
                if (kind == u"cosign:shortVerifier")
                    pin.insert(QStringLiteral("pinVerifier"), QString::fromLatin1(QByteArray(16, 'v').toBase64()));
                extra.insert(QStringLiteral("encryptionKeyCosign"), pin);
            }
            if (kind == u"cosign:rsa")
                csr = csrFor(KeyPair::generate(KeyAlgorithm::Rsa2048).value());
        }
        const QString token = verifiedAccount();
        const HttpReply reply = apply(token, csr, extra);
        QCOMPARE(reply.status, status);
        QCOMPARE(reply.code(), code);
        const HttpReply list = m_server->get(QStringLiteral("/api/v1/certificates"), token);
        QCOMPARE(list.json.value(QStringLiteral("certificates")).toArray().size(), 0);
        // Nothing half-made: no escrow row and no server share either.
        QCOMPARE(m_server->scalar(QStringLiteral("SELECT COUNT(*) FROM kmc_escrow")).toInt(), m_escrowed);
        QCOMPARE(m_server->scalar(QStringLiteral("SELECT COUNT(*) FROM cosign_keys")).toInt(), m_shares);
    }

    // A device keeping two-party keys gets its encryption key split: the envelope holds only
    // the device share, the server keeps the other under the PIN record the device chose, the
    // shares make exactly the certified key, and the KMC's escrow copy is still the whole key.
    void twoPartyEncryptionKeyIsSplit()
    {
        const QString token = verifiedAccount();
        auto signingKey = KeyPair::generate(KeyAlgorithm::Sm2);
        QVERIFY(signingKey);
        const QByteArray salt = Random::bytes(16);
        const HttpReply reply = apply(token, csrFor(signingKey.value()),
                                      {{QStringLiteral("encryptionKeyCosign"), twoPartyPin(salt)}});
        QCOMPARE(reply.status, 201);
        const QJsonObject cosign = reply.json.value(QStringLiteral("encryptionKeyCosign")).toObject();
        const QString keyId = cosign.value(QStringLiteral("keyId")).toString();
        QVERIFY(!keyId.isEmpty());
        const auto cert = Certificate::parse(fromBase64(certificateOf(reply, "encryptionCertificate").value(QStringLiteral("der"))));
        QVERIFY(cert);
        const Sm2 sm2;
        const auto certKey = PublicKey::fromDer(cert.value().publicKeyDer);
        const QByteArray certPoint = sm2.pointBytes(sm2.publicPoint(certKey.value().get()).get());

        const QByteArray envelope = fromBase64(reply.json.value(QStringLiteral("encryptionKeyEnvelope")));
        // The envelope alone no longer holds a key that matches the certificate.
        QVERIFY(!EnvelopedKey::open(envelope, signingKey.value()));
        auto opened = EnvelopedKey::openShare(envelope, [&](QByteArrayView c) { return signingKey.value().decrypt(c); });
        QVERIFY(opened);
        QCOMPARE(opened.value().jointPublicKey, certPoint);
        auto d1 = sm2.scalar(opened.value().share.view());
        auto joint = twoparty::combinedPublicKey(sm2, d1.get(), fromBase64(cosign.value(QStringLiteral("publicShare"))));
        QVERIFY(joint);
        QCOMPARE(joint.value(), certPoint);

        // Bid data encrypted to the certificate opens with the two shares together...
        const auto ciphertext = certKey.value().encrypt("bid document key");
        auto device = twoparty::DeviceDecryption::start(sm2, ciphertext.value());
        QVERIFY(device);
        const QByteArray session = Random::bytes(16);
        const HttpReply half = m_server->postAs(
            token, QStringLiteral("/api/v1/cosign/keys/%1/decrypt").arg(keyId),
            m_server->withPinProof(token,
                                   {{QStringLiteral("sessionId"), QString::fromLatin1(session.toBase64())},
                                    {QStringLiteral("t1"), QString::fromLatin1(device.value().request().toBase64())}},
                                   SecureBytes(QByteArray("123456")), keyId, "decrypt",
                                   twoparty::pinRequestDigest({session, device.value().request()})));
        QCOMPARE(half.status, 200);
        auto plain = device.value().finish(d1.get(), fromBase64(half.json.value(QStringLiteral("t2"))));
        QVERIFY(plain);
        QCOMPARE(plain.value().view(), QByteArrayView("bid document key"));
        // ...and with the escrow copy (reissue on a new device).
        const QString encryptionId = encryptionIdOf(reply);
        auto escrowed = openEscrow(escrowRowOf(encryptionId), encryptionId);
        QVERIFY(escrowed);
        QCOMPARE(escrowed.value().publicKeyDer(), cert.value().publicKeyDer);
        QCOMPARE(escrowed.value().decrypt(ciphertext.value()).value().view(), QByteArrayView("bid document key"));

        // The share is the account's and answers to the PIN the device chose.
        const HttpReply described = m_server->get(QStringLiteral("/api/v1/cosign/keys/") + keyId, token);
        QCOMPARE(described.status, 200);
        QCOMPARE(described.json.value(QStringLiteral("attemptsLeft")).toInt(), 6);
        QCOMPARE(fromBase64(described.json.value(QStringLiteral("pinSalt"))), salt);
        QCOMPARE(m_server->get(QStringLiteral("/api/v1/cosign/keys/") + keyId, verifiedAccount(QStringLiteral("13700009999"))).status, 404);
    }

    // Issue 14: a certificate pins the account's identity, and a two-party key unlocks only for
    // the person its certificate names, even if the account's record says someone else.
    void aCertifiedTwoPartyKeyUnlocksOnlyForItsCertifiedPerson()
    {
        const QString token = verifiedAccount();
        auto signingKey = KeyPair::generate(KeyAlgorithm::Sm2);
        QVERIFY(signingKey);
        const HttpReply reply = apply(token, csrFor(signingKey.value()),
                                      {{QStringLiteral("encryptionKeyCosign"), twoPartyPin(Random::bytes(16))}});
        QCOMPARE(reply.status, 201);
        const QString keyId =
            reply.json.value(QStringLiteral("encryptionKeyCosign")).toObject().value(QStringLiteral("keyId")).toString();
        QVERIFY(!keyId.isEmpty());
        const QString otherNumber = QStringLiteral("110105198001010016");
        const HttpReply swapped = m_server->verifyIdentity(token, QStringLiteral("李四"), otherNumber);
        QCOMPARE(swapped.status, 409);
        QCOMPARE(swapped.code(), QStringLiteral("identity_locked"));

        // As if the account's record had changed some other way (an operator's change, old data).
        m_server->scalar(QStringLiteral("UPDATE identities SET name = '李四'"));
        QCOMPARE(m_server->scalar(QStringLiteral("SELECT name FROM identities")).toString(), QStringLiteral("李四"));
        const QByteArray newSalt = Random::bytes(16);
        QJsonObject unlock{{QStringLiteral("name"), QStringLiteral("李四")},
                           {QStringLiteral("idNumber"), TestIdNumber},
                           {QStringLiteral("newPinSalt"), QString::fromLatin1(newSalt.toBase64())},
                           {QStringLiteral("newPinVerifier"), pinVerifierOf(newSalt)}};
        const QString path = QStringLiteral("/api/v1/cosign/keys/%1/unlock").arg(keyId);
        QCOMPARE(m_server->postAs(token, path, unlock).code(), QStringLiteral("identity_mismatch"));
        unlock.insert(QStringLiteral("name"), TestName);
        QCOMPARE(m_server->postAs(token, path, unlock).status, 204);
    }

    void acceptsTheValidityLimits()
    {
        const auto key = KeyPair::generate(KeyAlgorithm::EcdsaP256);
        QVERIFY(key);
        const QString token = verifiedAccount();
        for (int days : {1, 1095}) {
            const HttpReply reply = apply(token, csrFor(key.value()), {{QStringLiteral("validityDays"), days}});
            QCOMPARE(reply.status, 201);
            const auto cert = Certificate::parse(fromBase64(certificateOf(reply).value(QStringLiteral("der"))));
            QVERIFY(cert);
            QCOMPARE(cert.value().notBefore.daysTo(cert.value().notAfter), days);
        }
    }

    void listsAndShowsOnlyTheAccountsCertificates()
    {
        const Applied applied = applySm2();
        QCOMPARE(applied.reply.status, 201);

        const HttpReply list = m_server->get(QStringLiteral("/api/v1/certificates"), applied.token);
        QCOMPARE(list.status, 200);
        const QJsonArray certificates = list.json.value(QStringLiteral("certificates")).toArray();
        QCOMPARE(certificates.size(), 2);
        QStringList usages;
        for (const QJsonValue &c : certificates) {
            usages << c.toObject().value(QStringLiteral("usage")).toString();
            QCOMPARE(c.toObject().value(QStringLiteral("status")).toString(), QStringLiteral("valid"));
        }
        usages.sort();
        QCOMPARE(usages, QStringList({QStringLiteral("encryption"), QStringLiteral("signing")}));

        const HttpReply one = m_server->get(QStringLiteral("/api/v1/certificates/") + applied.id, applied.token);
        QCOMPARE(one.status, 200);
        QCOMPARE(certificateOf(one), certificateOf(applied.reply));

        const QString other = verifiedAccount(QStringLiteral("13900139000"));
        QVERIFY(!other.isEmpty());
        const HttpReply foreign = m_server->get(QStringLiteral("/api/v1/certificates/") + applied.id, other);
        QCOMPARE(foreign.status, 404);
        QCOMPARE(foreign.code(), QStringLiteral("certificate_not_found"));
        QCOMPARE(m_server->get(QStringLiteral("/api/v1/certificates"), other)
                     .json.value(QStringLiteral("certificates"))
                     .toArray()
                     .size(),
                 0);
        QCOMPARE(m_server
                     ->postAs(other,
                              QStringLiteral("/api/v1/certificates/") + applied.id + QStringLiteral("/revocation"), {})
                     .status,
                 404);
        QCOMPARE(m_server->get(QStringLiteral("/api/v1/certificates")).status, 401);
    }

    void revocationIsPublishedInTheCrl()
    {
        const Applied applied = applySm2();
        QCOMPARE(applied.reply.status, 201);
        const QString serial = certificateOf(applied.reply).value(QStringLiteral("serial")).toString();
        const QString encryptionSerial =
            certificateOf(applied.reply, "encryptionCertificate").value(QStringLiteral("serial")).toString();
        const auto issuing =
            Certificate::parse(fromBase64(applied.reply.json.value(QStringLiteral("chain")).toArray().at(0)));
        QVERIFY(issuing);

        const HttpReply before = m_server->get(QStringLiteral("/api/v1/ca/010001/crl"));
        QCOMPARE(before.status, 200);
        QCOMPARE(before.contentType, QByteArrayLiteral("application/pkix-crl"));
        QVERIFY(crlSignedBy(before.body, issuing.value()));
        QVERIFY(!crlText(before.body).contains(serial));

        const QString path = QStringLiteral("/api/v1/certificates/") + applied.id + QStringLiteral("/revocation");
        HttpReply bad = m_server->postAs(applied.token, path, {{QStringLiteral("reason"), QStringLiteral("bored")}});
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.code(), QStringLiteral("invalid_request"));
        const HttpReply revoked =
            m_server->postAs(applied.token, path, {{QStringLiteral("reason"), QStringLiteral("keyCompromise")}});
        QCOMPARE(revoked.status, 200);
        const QJsonArray pair = revoked.json.value(QStringLiteral("certificates")).toArray();
        QCOMPARE(pair.size(), 2);
        for (const QJsonValue &c : pair) {
            QCOMPARE(c.toObject().value(QStringLiteral("status")).toString(), QStringLiteral("revoked"));
            QCOMPARE(c.toObject().value(QStringLiteral("revocationReason")).toString(),
                     QStringLiteral("keyCompromise"));
        }
        const HttpReply again = m_server->postAs(applied.token, path, {});
        QCOMPARE(again.status, 409);
        QCOMPARE(again.code(), QStringLiteral("already_revoked"));
        QCOMPARE(certificateOf(m_server->get(QStringLiteral("/api/v1/certificates/") + applied.id, applied.token))
                     .value(QStringLiteral("status"))
                     .toString(),
                 QStringLiteral("revoked"));

        const HttpReply after = m_server->get(QStringLiteral("/api/v1/ca/010001/crl"));
        QCOMPARE(after.status, 200);
        QVERIFY(crlSignedBy(after.body, issuing.value()));
        QVERIFY(!crlSignedBy(
            after.body,
            Certificate::parse(fromBase64(applied.reply.json.value(QStringLiteral("chain")).toArray().at(1))).value()));
        const QString text = crlText(after.body);
        QVERIFY2(text.contains(QStringLiteral("Serial Number: ") + serial), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Serial Number: ") + encryptionSerial), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Key Compromise")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("X509v3 CRL Number")), qPrintable(text));
        QVERIFY2(text.contains(
                     QStringLiteral("Issuer: C = CN, O = Tongqian Sandbox CA, CN = Tongqian Sandbox CA Issuing CA")),
                 qPrintable(text));
        QCOMPARE(m_server->get(QStringLiteral("/api/v1/ca/999999/crl")).code(), QStringLiteral("ca_not_found"));
    }

    void caKeysAreSealedAndCreatedOnce()
    {
        const QByteArray rootBefore =
            fromBase64(m_server->get(QStringLiteral("/api/v1/ca/010001/chain")).json.value(QStringLiteral("root")));
        QVERIFY(!rootBefore.isEmpty());
        QCOMPARE(applySm2().reply.status, 201);

        // The sealed columns are AES-GCM output: neither a PKCS#8 key nor its base64 is in the file.
        const QByteArray bytes = m_server->stopAndDumpDatabase();
        QVERIFY(!bytes.isEmpty());
        QVERIFY(bytes.contains(rootBefore.toBase64().left(64))); // the scan sees the CA rows
        // Every PKCS#8 SM2 key starts with the same version/algorithm prefix; look for it raw and in base64.
        const auto probe = KeyPair::generate(KeyAlgorithm::Sm2);
        QVERIFY(probe);
        const auto pkcs8 = probe.value().privateKeyDer();
        QVERIFY(pkcs8);
        const QByteArray prefix = pkcs8.value().view().first(24).toByteArray();
        QVERIFY(!bytes.contains(prefix));
        QVERIFY(!bytes.contains(prefix.toBase64().left(28)));

        QVERIFY(m_server->server().start());
        const QByteArray rootAfter =
            fromBase64(m_server->get(QStringLiteral("/api/v1/ca/010001/chain")).json.value(QStringLiteral("root")));
        QCOMPARE(rootAfter, rootBefore);
        QCOMPARE(m_server->scalar(QStringLiteral("SELECT COUNT(*) FROM ca_institutions")).toInt(), 1);
    }

    // A database writer who swaps two escrow rows does not get one certificate's key handed
    // out for the other: each row opens only as the key of its own certificate.
    void swappedEscrowRowDoesNotOpen()
    {
        const auto [first, second] = twoSm2Pairs();
        const QString a = encryptionIdOf(first);
        const QString b = encryptionIdOf(second);
        QVERIFY2(!a.isEmpty() && !b.isEmpty(), "two SM2 applications did not both get an encryption certificate");
        const QString rowA = escrowRowOf(a);
        const QString rowB = escrowRowOf(b);
        QVERIFY(!rowA.isEmpty() && !rowB.isEmpty());
        const auto certA = Certificate::parse(fromBase64(certificateOf(first, "encryptionCertificate").value(u"der"_s)));
        QVERIFY(certA);
        auto own = openEscrow(rowA, a);
        QVERIFY(own);
        QCOMPARE(own.value().publicKeyDer(), certA.value().publicKeyDer);

        QVERIFY(writeDatabase(u"UPDATE kmc_escrow SET key_sealed = ? WHERE certificate_id = ?"_s, {rowB, a}));
        QVERIFY(writeDatabase(u"UPDATE kmc_escrow SET key_sealed = ? WHERE certificate_id = ?"_s, {rowA, b}));
        QVERIFY2(!openEscrow(escrowRowOf(a), a), "certificate A's escrow row opened with certificate B's key");
        QVERIFY(!openEscrow(escrowRowOf(b), b));
    }

    // Rows sealed before the binding (one purpose for all) are re-sealed for their certificate
    // when the server starts, but only where the row holds that certificate's key: a legacy
    // row already swapped stays unopenable, and nothing opens under the old purpose afterwards.
    void legacyEscrowRowsAreResealedForTheirCertificate()
    {
        const auto [first, second] = twoSm2Pairs();
        const QString a = encryptionIdOf(first);
        const QString b = encryptionIdOf(second);
        QVERIFY2(!a.isEmpty() && !b.isEmpty(), "two SM2 applications did not both get an encryption certificate");
        auto keyA = openEscrow(escrowRowOf(a), a);
        QVERIFY(keyA);
        const auto pkcs8 = keyA.value().privateKeyDer();
        QVERIFY(pkcs8);
        // Both rows as the old code wrote them; b's row holds a's key (a swap made back then).
        auto masterKey = server::MasterKey::load(m_server->config().masterKeyPath);
        QVERIFY(masterKey);
        const QString legacy = masterKey.value().seal(pkcs8.value().view(), server::Kmc::LegacyEscrowPurpose).value();
        for (const QString &id : {a, b})
            QVERIFY(writeDatabase(u"UPDATE kmc_escrow SET key_sealed = ?, sealing = 1 WHERE certificate_id = ?"_s,
                                  {legacy, id}));
        QVERIFY(!openEscrow(escrowRowOf(a), a));

        m_server->server().stop();
        QTest::ignoreMessage(QtWarningMsg, qPrintable(u"escrow row of certificate %1 does not hold that "
                                                      "certificate's key; left unopenable"_s.arg(b)));
        QTest::ignoreMessage(QtInfoMsg, "re-sealed 1 escrow rows for their certificates");
        QVERIFY(m_server->start());
        auto reopened = openEscrow(escrowRowOf(a), a);
        QVERIFY(reopened);
        QCOMPARE(reopened.value().publicKeyDer(), keyA.value().publicKeyDer());
        QCOMPARE(m_server->scalar(u"SELECT sealing FROM kmc_escrow WHERE certificate_id = '%1'"_s.arg(a)).toInt(), 2);
        QVERIFY(!openEscrow(escrowRowOf(b), b));
        QVERIFY(!openEscrow(escrowRowOf(b), a));
        QCOMPARE(m_server->scalar(u"SELECT sealing FROM kmc_escrow WHERE certificate_id = '%1'"_s.arg(b)).toInt(), 1);
        // A second start finds nothing left to re-seal.
        m_server->server().stop();
        QVERIFY(m_server->start());
        QVERIFY(openEscrow(escrowRowOf(a), a));
    }

    /// The operator reads the fingerprint platforms pin (docs/qr-protocol.md §13.1) in the start log.
    void startLogsTheRootFingerprint()
    {
        const QByteArray root =
            fromBase64(m_server->get(QStringLiteral("/api/v1/ca/010001/chain")).json.value(QStringLiteral("root")));
        QVERIFY(!root.isEmpty());
        const QString fingerprint =
            QString::fromLatin1(QCryptographicHash::hash(root, QCryptographicHash::Sha256).toHex(':').toUpper());
        m_server->server().stop();
        QTest::ignoreMessage(QtInfoMsg, QRegularExpression(QStringLiteral("^CA 010001 root certificate SHA-256 %1$")
                                                               .arg(QRegularExpression::escape(fingerprint))));
        QVERIFY(m_server->server().start());
    }

private:
    /// `openssl crl -text` of a DER CRL.
    QString crlText(const QByteArray &der)
    {
        const QString path = m_files.filePath(QStringLiteral("crl.der"));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(der) != der.size())
            return {};
        file.close();
        return openssl({QStringLiteral("crl"), QStringLiteral("-inform"), QStringLiteral("DER"),
                        QStringLiteral("-noout"), QStringLiteral("-text"), QStringLiteral("-in"), path});
    }

    static bool crlSignedBy(const QByteArray &der, const Certificate &issuer)
    {
        const auto crl = Crl::parse(der);
        return crl && crl.value().isSignedBy(issuer);
    }
};

QTEST_GUILESS_MAIN(TestCa)
#include "tst_ca.moc"
