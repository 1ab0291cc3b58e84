// The server half of two-party SM2 keys (/api/v1/cosign), driven over HTTP by a device made of
// the pure protocol math (core/crypto/twoparty.h).

#include "core/common/clock.h"
#include "core/crypto/digest.h"
#include "core/crypto/envelopedkey.h"
#include "core/crypto/keypair.h"
#include "core/crypto/random.h"
#include "core/crypto/sm2.h"
#include "core/crypto/twoparty.h"
#include "core/crypto/x509.h"
#include "server/db/database.h"
#include "server/keys/masterkey.h"
#include "testserver.h"

#include <QJsonArray>
#include <QTest>

#include <openssl/ec.h>

using namespace tq;
using namespace tq::server;
using namespace tq::server::test;
using namespace tq::twoparty;

namespace {

QString b64(QByteArrayView bytes)
{
    return QString::fromLatin1(bytes.toByteArray().toBase64());
}

QByteArray unb64(const QJsonValue &v)
{
    return QByteArray::fromBase64(v.toString().toLatin1());
}

const SecureBytes &pin()
{
    static const SecureBytes p(QByteArray("123456"));
    return p;
}

} // namespace

class TestCosign : public ServerTestCase {
    Q_OBJECT

    const Sm2 m_sm2;

    // What the device keeps for one key.
    struct DeviceKey {
        QString id;
        ossl::BnSecretPtr d1;
        QByteArray publicKey;
        QByteArray pinSalt;           ///< of the account's PIN record when the key was made
        QByteArray serverPublicShare; ///< P2 = d2⁻¹·G
        QString bearer;               ///< of the account that made it
    };

    void prepare(ServerConfig &config) override
    {
        config.cosignDecryptionsPerHour = 3;
        config.cosignSignaturesPerHour = 3;
    }

    // The verifier of `p` at the test server's PIN cost.
    static SecureBytes verifierOf(const SecureBytes &p, const QByteArray &salt)
    {
        return pinVerifier(p, salt, FastPasswordParams);
    }

    struct Challenge {
        QByteArray challenge;
        bool registered = false;
        QByteArray salt;
        PinCost cost;
    };

    Challenge challengeFor(const QString &bearer)
    {
        const HttpReply reply = m_server->postAs(bearer, QStringLiteral("/api/v1/cosign/pin-challenges"), {});
        const QJsonObject cost = reply.json[QStringLiteral("pinCost")].toObject();
        return {unb64(reply.json[QStringLiteral("challenge")]), reply.json[QStringLiteral("registered")].toBool(),
                unb64(reply.json[QStringLiteral("pinSalt")]),
                PinCost{cost[QStringLiteral("logN")].toInt(), cost[QStringLiteral("r")].toInt(),
                        cost[QStringLiteral("p")].toInt()}};
    }

    // What a PIN proof for `operation` binds of `body` (docs/openapi.yaml).
    static QByteArray digestOf(const QJsonObject &body, QByteArrayView operation)
    {
        const auto field = [&body](const char *name) { return unb64(body.value(QLatin1String(name))); };
        if (operation == "sign")
            return pinRequestDigest({field("sessionId"), field("q1"), field("e"), field("commitment"), field("response")});
        if (operation == "decrypt")
            return pinRequestDigest({field("sessionId"), field("t1")});
        if (operation == "keygen")
            return pinRequestDigest({field("sessionId"), field("publicShare")});
        if (operation == "pin")
            return pinRequestDigest({field("newPinSalt"), field("newPinVerifier"), pinCostText(FastPasswordParams)});
        return pinRequestDigest({});
    }

    // `body` with a fresh challenge and the proof of PIN `p` for `operation` on `key`.
    QJsonObject withPin(QJsonObject body, const SecureBytes &p, const DeviceKey &key, QByteArrayView operation)
    {
        return m_server->withPinProof(key.bearer, body, p, key.id, operation, digestOf(body, operation));
    }

    static QString freshSession() { return b64(Random::bytes(16)); }

    DeviceKey createKey(const QString &bearer)
    {
        const QByteArray session = Random::bytes(16);
        auto share = generateShare(m_sm2, Party::Device, session);
        DeviceKey key;
        key.bearer = bearer;
        QJsonObject body{{QStringLiteral("sessionId"), b64(session)},
                         {QStringLiteral("publicShare"), b64(share.value().message.publicShare)},
                         {QStringLiteral("commitment"), b64(share.value().message.proof.commitment)},
                         {QStringLiteral("response"), b64(share.value().message.proof.response)}};
        // The account's first key registers its PIN; every further one proves it.
        const Challenge c = challengeFor(bearer);
        if (c.registered) {
            key.pinSalt = c.salt;
            body = withPin(body, pin(), key, "keygen");
        } else {
            key.pinSalt = Random::bytes(16);
            body.insert(QStringLiteral("pinSalt"), b64(key.pinSalt));
            body.insert(QStringLiteral("pinVerifier"), b64(verifierOf(pin(), key.pinSalt).view()));
        }
        const HttpReply reply = m_server->postAs(bearer, QStringLiteral("/api/v1/cosign/keys"), body);
        if (reply.status != 201)
            return key;
        const KeygenMessage server{unb64(reply.json[QStringLiteral("publicShare")]),
                                   {unb64(reply.json[QStringLiteral("commitment")]),
                                    unb64(reply.json[QStringLiteral("response")])}};
        auto joint = deviceJointPublicKey(m_sm2, session, reply.json[QStringLiteral("accountId")].toString().toUtf8(),
                                          share.value().secret.get(), server);
        if (!joint || joint.value() != unb64(reply.json[QStringLiteral("publicKey")]))
            return key;
        key.id = reply.json[QStringLiteral("keyId")].toString();
        key.d1 = std::move(share.value().secret);
        key.publicKey = joint.value();
        key.serverPublicShare = server.publicShare;
        return key;
    }

    // An encryption key as the CA delivers it to a device with two-party keys: the KMC splits
    // it, the server keeps d2 (adopted), the device's d1 comes in the envelope to the signing key.
    DeviceKey encryptionKey(const QString &bearer)
    {
        DeviceKey key;
        key.bearer = bearer;
        auto signing = KeyPair::generate(KeyAlgorithm::Sm2);
        auto csr = signing ? Csr::create(signing.value(), {{QStringLiteral("CN"), QStringLiteral("device")}})
                           : Result<QByteArray>(failed());
        if (!csr)
            return key;
        key.pinSalt = Random::bytes(16);
        const HttpReply reply = m_server->applyCertificate(
            bearer, csr.value(),
            {{QStringLiteral("encryptionKeyCosign"),
              QJsonObject{{QStringLiteral("pinSalt"), b64(key.pinSalt)},
                          {QStringLiteral("pinVerifier"), b64(verifierOf(pin(), key.pinSalt).view())}}}});
        const QJsonObject cosign = reply.json.value(QStringLiteral("encryptionKeyCosign")).toObject();
        auto opened = EnvelopedKey::openShare(unb64(reply.json.value(QStringLiteral("encryptionKeyEnvelope"))),
                                              [&](QByteArrayView c) { return signing.value().decrypt(c); });
        if (reply.status != 201 || !opened)
            return key;
        key.id = cosign.value(QStringLiteral("keyId")).toString();
        key.d1 = m_sm2.scalar(opened.value().share.view());
        key.publicKey = opened.value().jointPublicKey;
        key.serverPublicShare = unb64(cosign.value(QStringLiteral("publicShare")));
        return key;
    }

    // The review's attack: /sign with Q1 = w·C1 of a ciphertext to `key`. From (r, s2, s3) the
    // device computes d2⁻¹·Q1 = s2⁻¹(R + r·G − s3·P2), R lifted from x(R) = r − e, and opens the
    // ciphertext with its own d1. The reply of /sign, and the plaintext if that worked.
    std::pair<HttpReply, std::optional<SecureBytes>> decryptThroughSign(const QString &bearer, const DeviceKey &key,
                                                                       const QByteArray &ciphertext)
    {
        auto w = m_sm2.randomScalar();
        const QByteArray q1 = DeviceDecryption::start(m_sm2, ciphertext, w.get()).value().request();
        const HttpReply reply = signAttempt(bearer, key, q1);
        if (reply.status != 200)
            return {reply, std::nullopt};
        auto r = m_sm2.scalar(unb64(reply.json[QStringLiteral("r")]));
        auto s2 = m_sm2.scalar(unb64(reply.json[QStringLiteral("s2")]));
        auto s3 = m_sm2.scalar(unb64(reply.json[QStringLiteral("s3")]));
        auto e = m_sm2.scalar(QByteArray(32, 'e'));
        auto xR = m_sm2.subtract(r.get(), e.get());
        auto p2 = m_sm2.point(key.serverPublicShare);
        auto s3P2 = m_sm2.multiply(nullptr, p2.get(), s3.get());
        auto rG = m_sm2.multiplyGenerator(r.get());
        auto s2Inv = m_sm2.inverse(s2.get());
        for (int yBit : {0, 1}) {
            ossl::EcPointPtr lifted(EC_POINT_new(m_sm2.group()));
            if (EC_POINT_set_compressed_coordinates(m_sm2.group(), lifted.get(), xR.get(), yBit, nullptr) != 1)
                continue;
            auto sum = m_sm2.add(m_sm2.add(lifted.get(), rG.get()).get(), m_sm2.negate(s3P2.get()).get());
            auto t2 = m_sm2.multiply(nullptr, sum.get(), s2Inv.get());
            auto plain = DeviceDecryption::start(m_sm2, ciphertext, w.get()).value().finish(key.d1.get(),
                                                                                            m_sm2.pointBytes(t2.get()));
            if (plain)
                return {reply, std::move(plain).value()};
        }
        return {reply, std::nullopt};
    }

    // A /sign request whose Q1 the device chose without knowing its discrete logarithm.
    HttpReply signAttempt(const QString &bearer, const DeviceKey &key, const QByteArray &q1)
    {
        return signRequest(bearer, key, {q1, QByteArray(32, 'e')}, junkProof(key), pin());
    }

    QString path(const DeviceKey &key, const char *op = nullptr) const
    {
        return QStringLiteral("/api/v1/cosign/keys/") + key.id + (op ? QLatin1Char('/') + QLatin1String(op) : QString());
    }

    HttpReply signRequest(const QString &bearer, const DeviceKey &key, const SignRequest &request, const Proof &proof,
                          const SecureBytes &p, const QString &session = freshSession())
    {
        return m_server->postAs(bearer, path(key, "sign"),
                                withPin({{QStringLiteral("sessionId"), session},
                                         {QStringLiteral("q1"), b64(request.q1)},
                                         {QStringLiteral("e"), b64(request.e)},
                                         {QStringLiteral("commitment"), b64(proof.commitment)},
                                         {QStringLiteral("response"), b64(proof.response)}},
                                        p, key, "sign"));
    }

    // The device's request with its proof of knowledge of k1 for this key and session.
    HttpReply signRequest(const QString &bearer, const DeviceKey &key, const DeviceSigning &device,
                          const SecureBytes &p, const QString &session = freshSession())
    {
        auto proof = device.prove(key.id.toLatin1(), unb64(session));
        return signRequest(bearer, key, device.request(), proof ? proof.value() : Proof{}, p, session);
    }

    // Well-formed proof fields that prove nothing.
    static Proof junkProof(const DeviceKey &key) { return {key.publicKey, QByteArray(32, '\1')}; }

    Result<Sm2::Signature> sign(const QString &bearer, const DeviceKey &key, QByteArrayView message,
                                const SecureBytes &p = pin())
    {
        const QByteArray e = m_sm2.messageDigest(Sm2DefaultId, m_sm2.point(key.publicKey).get(), message);
        auto device = DeviceSigning::start(m_sm2, e);
        const HttpReply reply = signRequest(bearer, key, device.value(), p);
        if (reply.status != 200)
            return Error(reply.code(), QString::fromUtf8(reply.body), reply.details().toVariantMap());
        return device.value().finish(key.d1.get(), key.publicKey,
                                     {unb64(reply.json[QStringLiteral("r")]), unb64(reply.json[QStringLiteral("s2")]),
                                      unb64(reply.json[QStringLiteral("s3")])});
    }

    HttpReply decryptRequest(const QString &bearer, const DeviceKey &key, const QByteArray &t1,
                             const QString &session = freshSession(), const SecureBytes &p = pin())
    {
        return m_server->postAs(bearer, path(key, "decrypt"),
                                withPin({{QStringLiteral("sessionId"), session}, {QStringLiteral("t1"), b64(t1)}},
                                        p, key, "decrypt"));
    }

    PublicKey publicKey(const DeviceKey &key) const
    {
        return m_sm2.publicKey(m_sm2.point(key.publicKey).get()).value();
    }

private Q_SLOTS:
    void keygenSignAndDecryptEndToEnd()
    {
        const QString bearer = m_server->accessTokenFor(TestPhone);
        const DeviceKey key = createKey(bearer);
        QVERIFY(!key.id.isEmpty());

        auto sig = sign(bearer, key, "投标文件");
        QVERIFY2(sig, qPrintable(sig ? QString() : sig.error().message));
        QVERIFY(publicKey(key).verify("投标文件", sig.value().toDer()));

        const QByteArray ciphertext = publicKey(key).encrypt("bid key").value();
        auto device = DeviceDecryption::start(m_sm2, ciphertext);
        const HttpReply reply = decryptRequest(bearer, key, device.value().request());
        QCOMPARE(reply.status, 200);
        auto plain = device.value().finish(key.d1.get(), unb64(reply.json[QStringLiteral("t2")]));
        QVERIFY(plain);
        QCOMPARE(plain.value().view(), QByteArrayView("bid key"));

        QCOMPARE(m_server->scalar(QStringLiteral("SELECT COUNT(*) FROM cosign_audit WHERE operation = 'sign' AND "
                                                 "outcome = 'ok'"))
                     .toInt(),
                 1);
        QCOMPARE(m_server->scalar(QStringLiteral("SELECT COUNT(*) FROM cosign_audit WHERE operation = 'decrypt' AND "
                                                 "outcome = 'ok'"))
                     .toInt(),
                 1);
    }

    void keygenRejectsABadProofAndAReusedSession()
    {
        const QString bearer = m_server->accessTokenFor(TestPhone);
        const QByteArray session = Random::bytes(16);
        auto share = generateShare(m_sm2, Party::Device, session);
        QJsonObject body{{QStringLiteral("sessionId"), b64(session)},
                         {QStringLiteral("publicShare"), b64(share.value().message.publicShare)},
                         {QStringLiteral("commitment"), b64(share.value().message.proof.commitment)},
                         {QStringLiteral("response"), b64(share.value().message.proof.response)},
                         {QStringLiteral("pinSalt"), b64(Random::bytes(16))},
                         {QStringLiteral("pinVerifier"), b64(Random::bytes(32))}};
        QJsonObject bad = body;
        bad.insert(QStringLiteral("sessionId"), b64(Random::bytes(16))); // the proof names another session
        HttpReply reply = m_server->postAs(bearer, QStringLiteral("/api/v1/cosign/keys"), bad);
        QCOMPARE(reply.status, 422);
        QCOMPARE(reply.code(), QStringLiteral("crypto"));
        bad = body;
        bad.insert(QStringLiteral("sessionId"), b64(Random::bytes(16)));
        bad.insert(QStringLiteral("publicShare"), b64(QByteArray(QByteArray(1, '\x04') + QByteArray(64, '\0'))));
        reply = m_server->postAs(bearer, QStringLiteral("/api/v1/cosign/keys"), bad);
        QCOMPARE(reply.code(), QStringLiteral("crypto"));

        QCOMPARE(m_server->postAs(bearer, QStringLiteral("/api/v1/cosign/keys"), body).status, 201);
        reply = m_server->postAs(bearer, QStringLiteral("/api/v1/cosign/keys"), body);
        QCOMPARE(reply.status, 409);
        QCOMPARE(reply.code(), QStringLiteral("replayed"));
    }

    void replayedSessionsQ1AndT1AreRefused()
    {
        const QString bearer = m_server->accessTokenFor(TestPhone);
        const DeviceKey key = createKey(bearer);
        const QByteArray e = m_sm2.messageDigest(Sm2DefaultId, m_sm2.point(key.publicKey).get(), "m");
        auto device = DeviceSigning::start(m_sm2, e);
        const QString session = freshSession();
        QCOMPARE(signRequest(bearer, key, device.value(), pin(), session).status, 200);
        HttpReply reply = signRequest(bearer, key, device.value(), pin(), session);
        QCOMPARE(reply.status, 409);
        QCOMPARE(reply.code(), QStringLiteral("replayed"));
        // The same Q1 under a new session id: a reused device nonce would hand d1 to the server.
        reply = signRequest(bearer, key, device.value(), pin());
        QCOMPARE(reply.code(), QStringLiteral("replayed"));

        const QByteArray ciphertext = publicKey(key).encrypt("x").value();
        auto decryption = DeviceDecryption::start(m_sm2, ciphertext);
        QCOMPARE(decryptRequest(bearer, key, decryption.value().request()).status, 200);
        reply = decryptRequest(bearer, key, decryption.value().request());
        QCOMPARE(reply.code(), QStringLiteral("replayed"));
    }

    void badPointsGetOneGenericError()
    {
        const QString bearer = m_server->accessTokenFor(TestPhone);
        const DeviceKey key = createKey(bearer);
        QByteArray offCurve = key.publicKey;
        offCurve[64] = char(offCurve.at(64) ^ 1);
        const QByteArray infinity = QByteArray(1, '\x04') + QByteArray(64, '\0');
        for (const QByteArray &point : {offCurve, infinity}) {
            HttpReply reply = signRequest(bearer, key, {point, QByteArray(32, 'e')}, junkProof(key), pin());
            QCOMPARE(reply.status, 422);
            QCOMPARE(reply.code(), QStringLiteral("crypto"));
            reply = decryptRequest(bearer, key, point);
            QCOMPARE(reply.status, 422);
            QCOMPARE(reply.code(), QStringLiteral("crypto"));
        }
        const HttpReply reply = signRequest(bearer, key, {key.publicKey, QByteArray(31, 'e')}, junkProof(key), pin());
        QCOMPARE(reply.code(), QStringLiteral("invalid_request"));
    }

    void wrongPinsCountAndLockTheKey()
    {
        const QString bearer = m_server->accessTokenFor(TestPhone);
        const DeviceKey key = createKey(bearer);
        const SecureBytes wrong(QByteArray("654321"));
        QVERIFY(!sign(bearer, key, "m", wrong));
        QVERIFY(sign(bearer, key, "m")); // a right PIN resets the count
        for (int left = 5; left >= 1; --left) {
            auto result = sign(bearer, key, "m", wrong);
            QCOMPARE(result.error().code, QStringLiteral("wrong_pin"));
            QCOMPARE(result.error().details.value(QStringLiteral("attemptsLeft")).toInt(), left);
        }
        auto result = sign(bearer, key, "m", wrong);
        QCOMPARE(result.error().code, QStringLiteral("pin_locked"));
        // Locked: the right PIN no longer helps, for signing or decrypting.
        QCOMPARE(sign(bearer, key, "m").error().code, QStringLiteral("pin_locked"));
        auto decryption = DeviceDecryption::start(m_sm2, publicKey(key).encrypt("x").value());
        const HttpReply reply = decryptRequest(bearer, key, decryption.value().request());
        QCOMPARE(reply.status, 423);
        QCOMPARE(reply.code(), QStringLiteral("pin_locked"));
        const HttpReply info = m_server->get(path(key), bearer);
        QCOMPARE(info.json[QStringLiteral("locked")].toBool(), true);
        QCOMPARE(info.json[QStringLiteral("attemptsLeft")].toInt(), 0);
    }

    void aLockedKeyUnlocksAfterRealNameVerificationWithANewPin()
    {
        const QString unverified = m_server->accessTokenFor(QStringLiteral("13900139000"));
        const DeviceKey other = createKey(unverified);
        const SecureBytes newPin(QByteArray("135790"));
        const QByteArray newSalt = Random::bytes(16);
        const QJsonObject unlock{{QStringLiteral("name"), TestName},
                                 {QStringLiteral("idNumber"), TestIdNumber},
                                 {QStringLiteral("newPinSalt"), b64(newSalt)},
                                 {QStringLiteral("newPinVerifier"), b64(verifierOf(newPin, newSalt).view())}};
        QCOMPARE(m_server->postAs(unverified, path(other, "unlock"), unlock).code(), QStringLiteral("identity_required"));

        QString bearer = m_server->verifiedAccount();
        QVERIFY(!bearer.isEmpty());
        DeviceKey key = createKey(bearer);
        const SecureBytes wrong(QByteArray("654321"));
        for (int i = 0; i < 6; ++i)
            QVERIFY(!sign(bearer, key, "m", wrong));
        QCOMPARE(sign(bearer, key, "m").error().code, QStringLiteral("pin_locked"));

        QJsonObject bad = unlock;
        bad.insert(QStringLiteral("idNumber"), QStringLiteral("110105194912310021"));
        QCOMPARE(m_server->postAs(bearer, path(key, "unlock"), bad).code(), QStringLiteral("invalid_id_number"));
        QCOMPARE(sign(bearer, key, "m").error().code, QStringLiteral("pin_locked"));

        // Someone else's real identity fails, with the same answer whatever differs, and the
        // attempt does not replace the identity the account was verified with.
        QJsonObject stranger = unlock;
        stranger.insert(QStringLiteral("name"), QStringLiteral("李四"));
        stranger.insert(QStringLiteral("idNumber"), QStringLiteral("110105198001010016"));
        const HttpReply strangerReply = m_server->postAs(bearer, path(key, "unlock"), stranger);
        QCOMPARE(strangerReply.code(), QStringLiteral("identity_mismatch"));
        QJsonObject otherName = unlock;
        otherName.insert(QStringLiteral("name"), QStringLiteral("李四"));
        const HttpReply otherNameReply = m_server->postAs(bearer, path(key, "unlock"), otherName);
        QCOMPARE(otherNameReply.code(), QStringLiteral("identity_mismatch"));
        QCOMPARE(otherNameReply.json.value(QStringLiteral("message")), strangerReply.json.value(QStringLiteral("message")));
        QCOMPARE(m_server->scalar(QStringLiteral("SELECT name FROM identities")).toString(), TestName);
        QCOMPARE(sign(bearer, key, "m").error().code, QStringLiteral("pin_locked"));

        // Three failed attempts a day: then even the right person waits, so unlocking is no
        // way to guess an ID number online.
        const HttpReply limited = m_server->postAs(bearer, path(key, "unlock"), unlock);
        QCOMPARE(limited.status, 429);
        QCOMPARE(limited.code(), QStringLiteral("rate_limited"));
        QCOMPARE(sign(bearer, key, "m").error().code, QStringLiteral("pin_locked"));
        Clock::advanceForTesting(86401);
        bearer = accessTokenOf(m_server->logIn(TestPhone, TestPassword)); // the old one expired meanwhile

        QCOMPARE(m_server->postAs(bearer, path(key, "unlock"), unlock).status, 204);
        key.pinSalt = newSalt;
        key.bearer = bearer;
        QCOMPARE(sign(bearer, key, "m").error().code, QStringLiteral("wrong_pin"));
        QVERIFY(sign(bearer, key, "m", newPin));
        QCOMPARE(m_server->scalar(QStringLiteral("SELECT COUNT(*) FROM cosign_audit WHERE operation = 'unlock'")).toInt(),
                 5);
    }

    // Review finding (issue 14): with only the access token, verifying another real person
    // replaced the account's identity, and unlock then accepted that person. Once the account
    // holds a key, its identity stays the person it was verified as.
    void aTokenAloneCannotSwapTheIdentityToUnlockAKey()
    {
        const QString bearer = m_server->verifiedAccount();
        QVERIFY(!bearer.isEmpty());
        const DeviceKey key = createKey(bearer);
        QVERIFY(!key.id.isEmpty());
        const SecureBytes wrong(QByteArray("654321"));
        for (int i = 0; i < 6; ++i)
            QVERIFY(!sign(bearer, key, "m", wrong));
        QCOMPARE(sign(bearer, key, "m").error().code, QStringLiteral("pin_locked"));

        const QString strangerName = QStringLiteral("李四");
        const QString strangerNumber = QStringLiteral("110105198001010016");
        const HttpReply swapped = m_server->verifyIdentity(bearer, strangerName, strangerNumber);
        QCOMPARE(swapped.status, 409);
        QCOMPARE(swapped.code(), QStringLiteral("identity_locked"));
        QCOMPARE(m_server->scalar(QStringLiteral("SELECT name FROM identities")).toString(), TestName);
        // The same person again is fine: that is how unlock proves who is asking.
        QCOMPARE(m_server->verifyIdentity(bearer, TestName, TestIdNumber).status, 200);

        const SecureBytes newPin(QByteArray("135790"));
        const QByteArray newSalt = Random::bytes(16);
        const QJsonObject unlock{{QStringLiteral("name"), strangerName},
                                 {QStringLiteral("idNumber"), strangerNumber},
                                 {QStringLiteral("newPinSalt"), b64(newSalt)},
                                 {QStringLiteral("newPinVerifier"), b64(verifierOf(newPin, newSalt).view())}};
        QCOMPARE(m_server->postAs(bearer, path(key, "unlock"), unlock).code(), QStringLiteral("identity_mismatch"));
        DeviceKey renewed{key.id, m_sm2.scalar(m_sm2.scalarBytes(key.d1.get()).view()), key.publicKey, newSalt,
                          key.serverPublicShare, bearer};
        const auto afterwards = sign(bearer, renewed, "m", newPin);
        QVERIFY(!afterwards);
        QCOMPARE(afterwards.error().code, QStringLiteral("pin_locked"));
    }

    // Review finding (issue 14): DELETE /cosign/keys/{id} destroyed the share, and with it the
    // certificate's key, with the access token alone.
    void deletingAShareNeedsThePin()
    {
        const QString bearer = m_server->accessTokenFor(TestPhone);
        const DeviceKey key = createKey(bearer);
        QVERIFY(!key.id.isEmpty());
        m_server->del(path(key), bearer);
        QCOMPARE(m_server->get(path(key), bearer).status, 200);

        HttpReply reply = m_server->postAs(bearer, path(key, "deletion"), {});
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.details().value(QStringLiteral("field")).toString(), QStringLiteral("pinChallenge"));
        reply = m_server->postAs(bearer, path(key, "deletion"), withPin({}, SecureBytes(QByteArray("654321")), key, "deletion"));
        QCOMPARE(reply.status, 403);
        QCOMPARE(reply.code(), QStringLiteral("wrong_pin"));
        QCOMPARE(reply.details().value(QStringLiteral("attemptsLeft")).toInt(), 5);
        // The wrong PIN counted towards the same lock as signing.
        QCOMPARE(sign(bearer, key, "m", SecureBytes(QByteArray("654321"))).error().details.value(
                     QStringLiteral("attemptsLeft")).toInt(),
                 4);
        QCOMPARE(m_server->get(path(key), bearer).status, 200);

        QCOMPARE(m_server->postAs(bearer, path(key, "deletion"), withPin({}, pin(), key, "deletion")).status, 204);
        QCOMPARE(m_server->get(path(key), bearer).status, 404);
    }

    void changePinNeedsTheOldPin()
    {
        const QString bearer = m_server->accessTokenFor(TestPhone);
        DeviceKey key = createKey(bearer);
        const SecureBytes newPin(QByteArray("246810"));
        const QByteArray newSalt = Random::bytes(16);
        QJsonObject body{{QStringLiteral("newPinSalt"), b64(newSalt)},
                         {QStringLiteral("newPinVerifier"), b64(verifierOf(newPin, newSalt).view())}};
        HttpReply reply = m_server->postAs(bearer, path(key, "pin"), withPin(body, newPin, key, "pin"));
        QCOMPARE(reply.code(), QStringLiteral("wrong_pin"));
        reply = m_server->postAs(bearer, path(key, "pin"), withPin(body, pin(), key, "pin"));
        QCOMPARE(reply.status, 204);
        key.pinSalt = unb64(m_server->get(path(key), bearer).json[QStringLiteral("pinSalt")]);
        QCOMPARE(key.pinSalt, newSalt);
        QCOMPARE(sign(bearer, key, "m").error().code, QStringLiteral("wrong_pin"));
        QVERIFY(sign(bearer, key, "m", newPin));
    }

    void decryptionsAreRateLimited()
    {
        const QString bearer = m_server->verifiedAccount();
        const DeviceKey key = encryptionKey(bearer); // a signing key decrypts once only (below)
        QVERIFY(!key.id.isEmpty());
        const QByteArray ciphertext = publicKey(key).encrypt("x").value();
        for (int i = 0; i < 3; ++i) {
            auto device = DeviceDecryption::start(m_sm2, ciphertext);
            QCOMPARE(decryptRequest(bearer, key, device.value().request()).status, 200);
        }
        auto device = DeviceDecryption::start(m_sm2, ciphertext);
        const HttpReply reply = decryptRequest(bearer, key, device.value().request());
        QCOMPARE(reply.status, 429);
        QCOMPARE(reply.code(), QStringLiteral("rate_limited"));
        QVERIFY(reply.details().value(QStringLiteral("retryAfter")).toInt() > 0);
        QCOMPARE(m_server->scalar(QStringLiteral("SELECT COUNT(*) FROM cosign_audit WHERE operation = 'decrypt'"))
                     .toInt(),
                 4);
    }

    // Review finding (issue 15, medium): /sign was a decryption oracle. After /decrypt answered
    // 429, an envelope still opened through /sign with Q1 = w·C1, audited as a signature.
    void signIsNoDecryptionOracle()
    {
        const QString bearer = m_server->verifiedAccount();
        QVERIFY(!bearer.isEmpty());
        const DeviceKey key = encryptionKey(bearer);
        QVERIFY(!key.id.isEmpty());
        const QByteArray ciphertext = publicKey(key).encrypt("bid key").value();
        for (int i = 0; i < 3; ++i) {
            auto device = DeviceDecryption::start(m_sm2, ciphertext);
            QCOMPARE(decryptRequest(bearer, key, device.value().request()).status, 200);
        }
        auto device = DeviceDecryption::start(m_sm2, ciphertext);
        QCOMPARE(decryptRequest(bearer, key, device.value().request()).status, 429);

        const auto [reply, plain] = decryptThroughSign(bearer, key, ciphertext);
        QVERIFY2(!plain, "the envelope opened through /sign after /decrypt answered 429");
        QVERIFY(reply.status != 200);
        // A signing key's /sign does not decrypt either (a ciphertext to it: the KMC envelope).
        const DeviceKey signing = createKey(bearer);
        const QByteArray toSigning = publicKey(signing).encrypt("share").value();
        const auto [signReply, signPlain] = decryptThroughSign(bearer, signing, toSigning);
        QVERIFY2(!signPlain, "a ciphertext to the signing key opened through /sign");
        QCOMPARE(signReply.status, 422);
        QCOMPARE(signReply.code(), QStringLiteral("crypto"));
    }

    // Review finding (issue 15): an encryption key's share answered /sign.
    void anEncryptionKeyRefusesToSign()
    {
        const QString bearer = m_server->verifiedAccount();
        const DeviceKey key = encryptionKey(bearer);
        QVERIFY(!key.id.isEmpty());
        auto signature = sign(bearer, key, "m");
        QVERIFY2(!signature, "an encryption key's share answered /sign");
        QCOMPARE(signature.error().code, QStringLiteral("wrong_key_usage"));
        // Refused before the PIN is looked at: a wrong one is not counted.
        QCOMPARE(sign(bearer, key, "m", SecureBytes(QByteArray("654321"))).error().code,
                 QStringLiteral("wrong_key_usage"));
        QCOMPARE(m_server->get(path(key), bearer).json[QStringLiteral("attemptsLeft")].toInt(), 6);
    }

    // Issue 15: the server uses d2 only for a Q1 whose k1 the device proves it knows, bound to
    // this key, this session and this e.
    void signNeedsAProofOfTheDeviceNonce()
    {
        const QString bearer = m_server->accessTokenFor(TestPhone);
        const DeviceKey key = createKey(bearer);
        const DeviceKey other = createKey(bearer);
        const QByteArray e = m_sm2.messageDigest(Sm2DefaultId, m_sm2.point(key.publicKey).get(), "m");
        const auto expectRefused = [&](const HttpReply &reply) {
            QCOMPARE(reply.status, 422);
            QCOMPARE(reply.code(), QStringLiteral("crypto"));
        };
        auto device = DeviceSigning::start(m_sm2, e);
        const QString session = freshSession();
        const QByteArray sessionBytes = unb64(session);
        // Without the proof fields the request is malformed.
        QJsonObject bare = withPin({{QStringLiteral("sessionId"), session},
                                    {QStringLiteral("q1"), b64(device.value().request().q1)},
                                    {QStringLiteral("e"), b64(e)}},
                                   pin(), key, "sign");
        HttpReply reply = m_server->postAs(bearer, path(key, "sign"), bare);
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.details().value(QStringLiteral("field")).toString(), QStringLiteral("commitment"));
        // A proof for another key, another session, or of another nonce.
        expectRefused(signRequest(bearer, key, device.value().request(),
                                  device.value().prove(other.id.toLatin1(), sessionBytes).value(), pin(), session));
        auto again = DeviceSigning::start(m_sm2, e);
        expectRefused(signRequest(bearer, key, again.value().request(),
                                  device.value().prove(key.id.toLatin1(), unb64(freshSession())).value(), pin()));
        auto third = DeviceSigning::start(m_sm2, e);
        const QString thirdSession = freshSession();
        expectRefused(signRequest(bearer, key, third.value().request(),
                                  again.value().prove(key.id.toLatin1(), unb64(thirdSession)).value(), pin(),
                                  thirdSession));
        // A proof for another e: the challenge binds the digest being signed.
        auto fourth = DeviceSigning::start(m_sm2, e);
        const QString fourthSession = freshSession();
        expectRefused(signRequest(bearer, key, {fourth.value().request().q1, QByteArray(32, 'x')},
                                  fourth.value().prove(key.id.toLatin1(), unb64(fourthSession)).value(), pin(),
                                  fourthSession));
        // The honest request still signs, so the refusals above are the proof's.
        QVERIFY(sign(bearer, key, "m"));
    }

    // Issue 15: a signing key decrypts once, for the KMC envelope of its encryption key; a wrong
    // PIN or a bad T1 does not use that up.
    void aSigningKeyDecryptsOnceToInstallItsEncryptionKey()
    {
        const QString bearer = m_server->accessTokenFor(TestPhone);
        DeviceKey key = createKey(bearer);
        const QByteArray ciphertext = publicKey(key).encrypt("share").value();
        auto device = DeviceDecryption::start(m_sm2, ciphertext);
        QCOMPARE(decryptRequest(bearer, key, device.value().request(), freshSession(), SecureBytes(QByteArray("654321")))
                     .code(),
                 QStringLiteral("wrong_pin"));
        QCOMPARE(decryptRequest(bearer, key, QByteArray(1, '\x04') + QByteArray(64, '\0')).code(),
                 QStringLiteral("crypto"));
        HttpReply reply = decryptRequest(bearer, key, device.value().request());
        QCOMPARE(reply.status, 200);
        auto plain = device.value().finish(key.d1.get(), unb64(reply.json[QStringLiteral("t2")]));
        QVERIFY(plain);
        QCOMPARE(plain.value().view(), QByteArrayView("share"));
        auto second = DeviceDecryption::start(m_sm2, ciphertext);
        reply = decryptRequest(bearer, key, second.value().request());
        QCOMPARE(reply.status, 409);
        QCOMPARE(reply.code(), QStringLiteral("wrong_key_usage"));
        QCOMPARE(m_server->scalar(QStringLiteral("SELECT install_decryptions FROM cosign_keys WHERE id = '%1'")
                                      .arg(key.id))
                     .toInt(),
                 0);
        QVERIFY(sign(bearer, key, "m")); // it still signs
    }

    // Issue 15: /sign is limited per key like /decrypt, and every attempt is audited with SM3(e).
    void signaturesAreRateLimitedAndAudited()
    {
        const QString bearer = m_server->accessTokenFor(TestPhone);
        const DeviceKey key = createKey(bearer);
        QVERIFY(!sign(bearer, key, "m", SecureBytes(QByteArray("654321")))); // failures do not count
        for (int i = 0; i < 3; ++i)
            QVERIFY(sign(bearer, key, QByteArray::number(i)));
        auto limited = sign(bearer, key, "3");
        QVERIFY(!limited);
        QCOMPARE(limited.error().code, QStringLiteral("rate_limited"));
        QVERIFY(limited.error().details.value(QStringLiteral("retryAfter")).toInt() > 0);
        QCOMPARE(m_server->scalar(QStringLiteral("SELECT COUNT(*) FROM cosign_audit WHERE operation = 'sign'")).toInt(),
                 5);
        const QByteArray e = m_sm2.messageDigest(Sm2DefaultId, m_sm2.point(key.publicKey).get(), "3");
        QCOMPARE(m_server->scalar(QStringLiteral("SELECT COUNT(*) FROM cosign_audit WHERE operation = 'sign' AND "
                                                 "outcome = 'rate_limited' AND digest = '%1'")
                                      .arg(QString::fromLatin1(sm3(e).toHex())))
                     .toInt(),
                 1);
        QCOMPARE(m_server->scalar(QStringLiteral("SELECT COUNT(*) FROM cosign_audit WHERE operation = 'sign' AND "
                                                 "digest IS NULL"))
                     .toInt(),
                 0);
        Clock::advanceForTesting(3601);
        const QString later = accessTokenOf(m_server->logIn(TestPhone, TestPassword));
        QVERIFY(sign(later, key, "4"));
    }

    void keysBelongToTheirAccount()
    {
        const QString alice = m_server->accessTokenFor(TestPhone);
        const QString bob = m_server->accessTokenFor(QStringLiteral("13900139000"));
        const DeviceKey key = createKey(alice);
        QCOMPARE(sign(bob, key, "m").error().code, QStringLiteral("not_found"));
        QCOMPARE(m_server->get(path(key), bob).status, 404);
        QCOMPARE(m_server->get(path(key), QString()).status, 401);
        QCOMPARE(m_server->postAs(bob, path(key, "deletion"), withPin({}, pin(), key, "deletion")).status, 404);
        QCOMPARE(m_server->postAs(alice, path(key, "deletion"), withPin({}, pin(), key, "deletion")).status, 204);
        QCOMPARE(sign(alice, key, "m").error().code, QStringLiteral("not_found"));
    }

    // Review finding (issue 15): the PIN verifier was the same on every call, so one captured
    // request body signed again with a new session and Q1.
    void aCapturedPinProofDoesNotSignAgain()
    {
        const QString bearer = m_server->accessTokenFor(TestPhone);
        const DeviceKey key = createKey(bearer);
        const QByteArray e = m_sm2.messageDigest(Sm2DefaultId, m_sm2.point(key.publicKey).get(), "m");
        // A well-formed request: the k1 proof fields, so that only the PIN proof decides.
        const auto signBody = [&](const DeviceSigning &device) {
            const QString session = freshSession();
            const Proof proof = device.prove(key.id.toLatin1(), unb64(session)).value();
            return QJsonObject{{QStringLiteral("sessionId"), session},
                               {QStringLiteral("q1"), b64(device.request().q1)},
                               {QStringLiteral("e"), b64(e)},
                               {QStringLiteral("commitment"), b64(proof.commitment)},
                               {QStringLiteral("response"), b64(proof.response)}};
        };
        auto first = DeviceSigning::start(m_sm2, e);
        QJsonObject captured = withPin(signBody(first.value()), pin(), key, "sign");
        QCOMPARE(m_server->postAs(bearer, path(key, "sign"), captured).status, 200);
        auto second = DeviceSigning::start(m_sm2, e);
        QJsonObject replayed = captured;
        replayed.insert(QStringLiteral("sessionId"), freshSession());
        replayed.insert(QStringLiteral("q1"), b64(second.value().request().q1));
        const HttpReply reply = m_server->postAs(bearer, path(key, "sign"), replayed);
        QVERIFY2(reply.status != 200, "a captured PIN proof signed a second request");
        QCOMPARE(reply.code(), QStringLiteral("replayed"));
        // Nor does it count under a fresh challenge: the proof binds its challenge and request.
        replayed.insert(QStringLiteral("pinChallenge"), b64(challengeFor(bearer).challenge));
        QCOMPARE(m_server->postAs(bearer, path(key, "sign"), replayed).code(), QStringLiteral("wrong_pin"));
        // A challenge is good for a short while only.
        QJsonObject late = withPin(signBody(DeviceSigning::start(m_sm2, e).value()), pin(), key, "sign");
        Clock::advanceForTesting(121);
        QCOMPARE(m_server->postAs(bearer, path(key, "sign"), late).code(), QStringLiteral("replayed"));
    }

    // Review finding (issue 15): six wrong PINs per key made twelve over a certificate pair's
    // two keys. The PIN record and its counter belong to the account: six in all lock both.
    void wrongPinsOverTwoKeysLockBothAfterSix()
    {
        const QString bearer = m_server->accessTokenFor(TestPhone);
        const DeviceKey signing = createKey(bearer);
        const DeviceKey encryption = createKey(bearer);
        QVERIFY(!signing.id.isEmpty());
        QVERIFY(!encryption.id.isEmpty());
        const SecureBytes wrong(QByteArray("654321"));
        int refusedAsWrong = 0;
        for (int i = 0; i < 13; ++i) {
            const auto result = sign(bearer, i % 2 ? encryption : signing, "m", wrong);
            QVERIFY(!result);
            if (result.error().code == QStringLiteral("wrong_pin"))
                ++refusedAsWrong;
        }
        QCOMPARE(refusedAsWrong, 5);
        QCOMPARE(sign(bearer, signing, "m").error().code, QStringLiteral("pin_locked"));
        QCOMPARE(sign(bearer, encryption, "m").error().code, QStringLiteral("pin_locked"));
        QCOMPARE(m_server->get(path(encryption), bearer).json[QStringLiteral("locked")].toBool(), true);
    }

    // Review finding (issue 15): whoever could write to the database unlocked a key by resetting
    // its counter. The PIN state is MACed with a master-key-derived key; a forged row is locked.
    void aCounterResetInTheDatabaseDoesNotUnlock()
    {
        const QString bearer = m_server->verifiedAccount();
        QVERIFY(!bearer.isEmpty());
        const DeviceKey key = createKey(bearer);
        const SecureBytes wrong(QByteArray("654321"));
        for (int i = 0; i < 6; ++i)
            QVERIFY(!sign(bearer, key, "m", wrong));
        QCOMPARE(sign(bearer, key, "m").error().code, QStringLiteral("pin_locked"));
        {
            auto db = Database::open(m_server->config().databaseUrl);
            QVERIFY(db);
            QVERIFY(db.value()->run(QStringLiteral("UPDATE cosign_keys SET failed_pins = 0, locked = 0")));
            QCOMPARE(db.value()->update(QStringLiteral("UPDATE cosign_pins SET failed_pins = 0, locked = 0")).value(), 1);
        }
        const auto afterReset = sign(bearer, key, "m");
        QVERIFY2(!afterReset, "a counter reset in the database unlocked the key");
        QCOMPARE(afterReset.error().code, QStringLiteral("pin_locked"));
        QCOMPARE(m_server->get(path(key), bearer).json[QStringLiteral("locked")].toBool(), true);
        // Failing closed is not for ever: the person unlocks with real-name verification.
        const QByteArray newSalt = Random::bytes(16);
        const SecureBytes newPin(QByteArray("135790"));
        QCOMPARE(m_server->postAs(bearer, path(key, "unlock"),
                                  {{QStringLiteral("name"), TestName},
                                   {QStringLiteral("idNumber"), TestIdNumber},
                                   {QStringLiteral("newPinSalt"), b64(newSalt)},
                                   {QStringLiteral("newPinVerifier"), b64(verifierOf(newPin, newSalt).view())}})
                     .status,
                 204);
        QVERIFY(sign(bearer, key, "m", newPin));
    }

    // Accounts from before one PIN per account (migration 8): their per-key PIN hashes cannot
    // become the account's verifier, so the account gets a record without a MAC, locked until the
    // person unlocks with real-name verification (migration 8's statement replayed). Their old
    // keys have no account binding and stay refused, unlock or not.
    void anAccountUpgradedFromPerKeyPinsIsLockedUntilUnlocked()
    {
        const QString bearer = m_server->verifiedAccount();
        QVERIFY(!bearer.isEmpty());
        DeviceKey key = createKey(bearer);
        {
            auto db = Database::open(m_server->config().databaseUrl);
            QVERIFY(db);
            QVERIFY(db.value()->run(QStringLiteral("DELETE FROM cosign_pins")));
            QVERIFY(db.value()->run(QStringLiteral(
                "INSERT INTO cosign_pins (account_id, salt, cost, verifier_sealed, failed_pins, locked, version, "
                "state_mac, updated_at) SELECT DISTINCT account_id, '', '', '', 0, 1, 0, '', 0 FROM cosign_keys")));
        }
        QCOMPARE(sign(bearer, key, "m").error().code, QStringLiteral("pin_locked"));
        QCOMPARE(challengeFor(bearer).registered, true);
        const QByteArray newSalt = Random::bytes(16);
        QCOMPARE(m_server->postAs(bearer, path(key, "unlock"),
                                  {{QStringLiteral("name"), TestName},
                                   {QStringLiteral("idNumber"), TestIdNumber},
                                   {QStringLiteral("newPinSalt"), b64(newSalt)},
                                   {QStringLiteral("newPinVerifier"), b64(verifierOf(pin(), newSalt).view())}})
                     .status,
                 204);
        QVERIFY(sign(bearer, key, "m"));
        {
            auto db = Database::open(m_server->config().databaseUrl);
            QVERIFY(db);
            QVERIFY(db.value()->run(QStringLiteral("UPDATE cosign_keys SET account_mac = NULL")));
        }
        QCOMPARE(sign(bearer, key, "m").error().code, QStringLiteral("pin_locked"));
    }

    // With one PIN per account, a key moved in the database to another account would answer to
    // that account's PIN. Each key carries a MAC over its id and account; a moved one is locked.
    void aKeyMovedToAnotherAccountInTheDatabaseIsLocked()
    {
        const QString victim = m_server->accessTokenFor(TestPhone);
        const DeviceKey key = createKey(victim);
        const QString thief = m_server->accessTokenFor(QStringLiteral("13900139000"));
        const DeviceKey own = createKey(thief); // the thief's account, with a PIN the thief knows
        QVERIFY(!key.id.isEmpty() && !own.id.isEmpty());
        {
            auto db = Database::open(m_server->config().databaseUrl);
            QVERIFY(db);
            QCOMPARE(db.value()
                         ->update(QStringLiteral("UPDATE cosign_keys SET account_id = (SELECT account_id FROM "
                                                 "cosign_keys WHERE id = ?) WHERE id = ?"),
                                  {own.id, key.id})
                         .value(),
                     1);
        }
        DeviceKey moved{key.id, m_sm2.scalar(m_sm2.scalarBytes(key.d1.get()).view()), key.publicKey, {}, {}, thief};
        const auto stolen = sign(thief, moved, "m");
        QVERIFY2(!stolen, "a key moved to another account signed under that account's PIN");
        QCOMPARE(stolen.error().code, QStringLiteral("pin_locked"));
        QCOMPARE(m_server->get(path(moved), thief).json[QStringLiteral("locked")].toBool(), true);
        QVERIFY(sign(thief, own, "m")); // the thief's own key is untouched
    }

    // With one PIN per account, a new key must prove it: otherwise the token alone could add a
    // key and, with its registration, replace the PIN of all the others.
    void aFurtherKeyNeedsTheAccountsPin()
    {
        const QString bearer = m_server->accessTokenFor(TestPhone);
        const DeviceKey first = createKey(bearer);
        QVERIFY(!first.id.isEmpty());
        const auto keygenBody = [this] {
            const QByteArray session = Random::bytes(16);
            auto share = generateShare(m_sm2, Party::Device, session);
            return QJsonObject{{QStringLiteral("sessionId"), b64(session)},
                               {QStringLiteral("publicShare"), b64(share.value().message.publicShare)},
                               {QStringLiteral("commitment"), b64(share.value().message.proof.commitment)},
                               {QStringLiteral("response"), b64(share.value().message.proof.response)}};
        };
        // A registration in place of the proof is refused...
        QJsonObject registration = keygenBody();
        const QByteArray salt = Random::bytes(16);
        registration.insert(QStringLiteral("pinSalt"), b64(salt));
        registration.insert(QStringLiteral("pinVerifier"), b64(verifierOf(SecureBytes(QByteArray("654321")), salt).view()));
        HttpReply reply = m_server->postAs(bearer, QStringLiteral("/api/v1/cosign/keys"), registration);
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.details().value(QStringLiteral("field")).toString(), QStringLiteral("pinChallenge"));
        // ...and a wrong PIN counts like any other.
        DeviceKey none;
        none.bearer = bearer;
        reply = m_server->postAs(bearer, QStringLiteral("/api/v1/cosign/keys"),
                                 withPin(keygenBody(), SecureBytes(QByteArray("654321")), none, "keygen"));
        QCOMPARE(reply.code(), QStringLiteral("wrong_pin"));
        QCOMPARE(reply.details().value(QStringLiteral("attemptsLeft")).toInt(), 5);
        QCOMPARE(m_server->scalar(QStringLiteral("SELECT COUNT(*) FROM cosign_keys")).toInt(), 1);
        QVERIFY(sign(bearer, first, "m"));
    }

    // The server's whole state (database file and master key) holds d2 and a keyed PIN hash, not
    // the key: what it can produce alone does not verify, and the PIN verifier is not in it.
    void stolenServerDatabaseCannotSign()
    {
        const QString bearer = m_server->accessTokenFor(TestPhone);
        const DeviceKey key = createKey(bearer);
        const QByteArray verifier = verifierOf(pin(), key.pinSalt).view().toByteArray();
        const QString sealed = m_server->scalar(QStringLiteral("SELECT share_sealed FROM cosign_keys")).toString();
        QVERIFY(!sealed.isEmpty());
        const QByteArray file = m_server->stopAndDumpDatabase();
        QVERIFY(!file.isEmpty());
        QVERIFY(!file.contains(verifier));
        QVERIFY(!file.contains(verifier.toBase64()));
        QVERIFY(!file.contains("123456"));

        // Even with the master key that seals it, the share d2 alone signs nothing valid under P:
        // not as if it were the whole key, and not with a made-up device half.
        auto masterKey = MasterKey::load(m_server->config().masterKeyPath);
        QVERIFY(masterKey);
        auto opened = masterKey.value().open(sealed, QByteArray("cosign-share:" + key.id.toLatin1()));
        QVERIFY(opened);
        auto d2 = m_sm2.scalar(opened.value().view());
        QVERIFY(d2);
        auto p = m_sm2.point(key.publicKey);
        const QByteArray e = m_sm2.messageDigest(Sm2DefaultId, p.get(), "m");
        auto alone = m_sm2.signDigest(d2.get(), e, m_sm2.randomScalar().get());
        QVERIFY(!m_sm2.verifyDigest(p.get(), e, alone.value()));
        auto device = DeviceSigning::start(m_sm2, e);
        auto half = serverSign(m_sm2, d2.get(), device.value().request());
        QVERIFY(!device.value().finish(m_sm2.randomScalar().get(), key.publicKey, half.value()));
        // The genuine pair still works, so the checks above are not vacuous.
        auto again = DeviceSigning::start(m_sm2, e);
        half = serverSign(m_sm2, d2.get(), again.value().request());
        QVERIFY(again.value().finish(key.d1.get(), key.publicKey, half.value()));
    }
};

QTEST_GUILESS_MAIN(TestCosign)
#include "tst_cosign.moc"
