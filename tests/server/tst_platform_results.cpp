// The server's verification of a device's result (docs/qr-protocol.md §6.2, §12): each way a
// result can be wrong (another transaction, tampered content, another or revoked certificate,
// envelopes for someone else) is refused and changes nothing.
#include "tests/server/platformfixture.h"

#include "core/common/encoding.h"
#include "core/crypto/digest.h"
#include "core/crypto/random.h"
#include "core/protocol/binding.h"
#include "core/protocol/qrpayload.h"

#include <QJsonArray>
#include <QTest>

using namespace tq;
using namespace tq::server::test;

class TestPlatformResults : public PlatformTestCase {
    Q_OBJECT

private Q_SLOTS:
    /// CMS (not GM/T 0010) SignedData from a P-256 certificate, which signs SHA-256 digests only.
    void p256CertificateSignsSha256Hashes()
    {
        const Rp rp = platform();
        const Device d = device(TestPhone, KeyAlgorithm::EcdsaP256);
        QVERIFY(d.ok);
        QJsonObject request = hashesRequest();
        QJsonArray hashes = request.value(QStringLiteral("hashes")).toArray();
        QJsonObject hash = hashes.first().toObject();
        hash[QStringLiteral("algorithm")] = QStringLiteral("sha256");
        hashes[0] = hash;
        request[QStringLiteral("hashes")] = hashes;
        QCOMPARE(roundTrip(rp, d, request).status, 200);

        const HttpReply created = create(rp, hashesRequest()); // an SM3 digest
        const HttpReply view = claim(d.token, created);
        const HttpReply reply = submit(d, created.json.value(QStringLiteral("tId")).toString(),
                                       deviceResult(d, view.json, QByteArray(32, '\x11')));
        QCOMPARE(reply.status, 422);
        QCOMPARE(reply.code(), QStringLiteral("invalid_signature"));
    }

    void ticketOfAnotherTransaction()
    {
        const Rp a = platform(PlatformA);
        const Rp b = platform(PlatformB);
        const Device d = device();
        const HttpReply createdA = create(a, hashesRequest());
        const HttpReply createdB = create(b, hashesRequest());
        const HttpReply viewA = claim(d.token, createdA);
        const HttpReply viewB = claim(d.token, createdB);
        QCOMPARE(viewA.status, 200);
        QCOMPARE(viewB.status, 200);
        // A result made for A's transaction (same hash) is refused for B's.
        const HttpReply crossed =
            submit(d, createdB.json.value(QStringLiteral("tId")).toString(), deviceResult(d, viewA.json));
        QCOMPARE(crossed.status, 422);
        QCOMPARE(crossed.code(), QStringLiteral("binding_mismatch"));
        // B's own result still goes through.
        QCOMPARE(submit(d, createdB.json.value(QStringLiteral("tId")).toString(), deviceResult(d, viewB.json)).status,
                 200);
    }

    void tamperedTransaction()
    {
        const Rp rp = platform();
        const Device d = device();
        const HttpReply created = create(rp, hashesRequest());
        const HttpReply view = claim(d.token, created);
        const QString tId = created.json.value(QStringLiteral("tId")).toString();
        // The device was shown (or built its binding from) another hash than the platform created.
        QJsonObject tampered = view.json;
        tampered[QStringLiteral("hashes")] = hashesRequest(QByteArray(32, '\x22')).value(QStringLiteral("hashes"));
        HttpReply reply = submit(d, tId, deviceResult(d, tampered));
        QCOMPARE(reply.status, 422);
        QCOMPARE(reply.code(), QStringLiteral("binding_mismatch"));
        // Right binding, but the item signature covers another hash.
        reply = submit(d, tId, deviceResult(d, view.json, QByteArray(32, '\x22')));
        QCOMPARE(reply.status, 422);
        QCOMPARE(reply.code(), QStringLiteral("invalid_signature"));
        QCOMPARE(reply.details().value(QStringLiteral("key")).toString(), QStringLiteral("h1"));
        // Malformed answers are refused before anything is looked up.
        QJsonObject malformed = deviceResult(d, view.json);
        malformed[QStringLiteral("bindingSignature")] = QStringLiteral("not base64!");
        reply = submit(d, tId, malformed);
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.details().value(QStringLiteral("field")).toString(), QStringLiteral("bindingSignature"));
        malformed = deviceResult(d, view.json);
        malformed[QStringLiteral("certSn")] = QStringLiteral("5A1F\ncertSn=00");
        QCOMPARE(submit(d, tId, malformed).status, 400);
        // A missing signature.
        QJsonObject missing = deviceResult(d, view.json);
        missing.remove(QStringLiteral("signatures"));
        QCOMPARE(submit(d, tId, missing).code(), QStringLiteral("invalid_signature"));
        // Nothing was stored by the failures: the honest result is still accepted, once.
        QCOMPARE(submit(d, tId, deviceResult(d, view.json)).status, 200);
        reply = submit(d, tId, deviceResult(d, view.json));
        QCOMPARE(reply.status, 409);
        QCOMPARE(reply.code(), QStringLiteral("transaction_closed"));
    }

    void documentChangedAfterQrShown()
    {
        const Rp rp = platform();
        const Device d = device();
        const HttpReply created = create(rp, documentRequest(QStringLiteral("seal"), "the document as declared"));
        const HttpReply view = claim(d.token, created);
        QCOMPARE(view.status, 200);
        QCOMPARE(view.json.value(QStringLiteral("documents"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
                 QStringLiteral("投标文件.pdf"));
        // The device signs the digest of what it downloaded, which differs from the declared one.
        const HttpReply reply = submit(d, created.json.value(QStringLiteral("tId")).toString(),
                                       deviceResult(d, view.json, sm3("the document after a swap")));
        QCOMPARE(reply.status, 422);
        QCOMPARE(reply.code(), QStringLiteral("invalid_signature"));
    }

    void revokedCertificateIsRefused()
    {
        const Rp rp = platform();
        const Device d = device();
        const HttpReply created = create(rp, {{QStringLiteral("action"), QStringLiteral("login")}});
        const HttpReply view = claim(d.token, created);
        QCOMPARE(m_server
                     ->postAs(d.token, QStringLiteral("/api/v1/certificates/%1/revocation").arg(d.certificateId),
                              {{QStringLiteral("reason"), QStringLiteral("keyCompromise")}})
                     .status,
                 200);
        const HttpReply reply =
            submit(d, created.json.value(QStringLiteral("tId")).toString(), deviceResult(d, view.json));
        QCOMPARE(reply.status, 422);
        QCOMPARE(reply.code(), QStringLiteral("certificate_unusable"));
        QCOMPARE(reply.details().value(QStringLiteral("reason")).toString(), QStringLiteral("revoked"));
    }

    void certificateOfAnotherAccountIsRefused()
    {
        const Rp rp = platform();
        const Device d = device();
        const Device other = device(OtherPhone);
        const HttpReply created = create(rp, {{QStringLiteral("action"), QStringLiteral("login")}});
        const HttpReply view = claim(d.token, created);
        // d's session answers with the other account's certificate (and, say, its stolen key).
        Device borrowed;
        borrowed.token = d.token;
        borrowed.key.emplace(KeyPair::fromPrivateDer(other.key->privateKeyDer().value()).value());
        borrowed.certificate = other.certificate;
        const HttpReply reply =
            submit(borrowed, created.json.value(QStringLiteral("tId")).toString(), deviceResult(borrowed, view.json));
        QCOMPARE(reply.status, 422);
        QCOMPARE(reply.code(), QStringLiteral("certificate_unusable"));
        QCOMPARE(reply.details().value(QStringLiteral("reason")).toString(), QStringLiteral("unknown"));
    }

    void decryptEnvelopeForAnotherCertificate()
    {
        const Rp rp = platform();
        const Device d = device();
        const Device other = device(OtherPhone);
        // The envelopes were made for the other account's encryption certificate; d answers with
        // its own certificate and a made-up session key.
        const HttpReply created = create(rp, decryptRequest(other, {Random::bytes(16)}));
        const QString tId = created.json.value(QStringLiteral("tId")).toString();
        const HttpReply view = claim(d.token, created);
        const QByteArray recipient =
            unbase64(view.json.value(QStringLiteral("platform")).toObject().value(QStringLiteral("encryptionKey")));
        const Binding binding{ScanContent::fromJson(view.json).value(),
                              rp.code,
                              tId,
                              view.json.value(QStringLiteral("challenge")).toString(),
                              d.certificate.serialHex,
                              recipient};
        const QJsonObject body{
            {QStringLiteral("certSn"), d.certificate.serialHex},
            {QStringLiteral("bindingSignature"), toBase64Text(d.key->sign(binding.statement().value()).value())},
            {QStringLiteral("decryptList"),
             QJsonArray{QJsonObject{{QStringLiteral("decryptKey"), QStringLiteral("AH-1")},
                                    {QStringLiteral("decryptStr"),
                                     toBase64Text(PublicKey::fromDer(recipient).value().encrypt(Random::bytes(16)).value())}}}}};
        const HttpReply reply = submit(d, tId, body);
        QCOMPARE(reply.status, 422);
        QCOMPARE(reply.code(), QStringLiteral("certificate_unusable"));
        QCOMPARE(reply.details().value(QStringLiteral("reason")).toString(), QStringLiteral("other_certificate"));
    }
};

QTEST_GUILESS_MAIN(TestPlatformResults)
#include "tst_platform_results.moc"
