// Two-party SM2 (core/crypto/twoparty.h): the math of both roles, checked against one-party SM2,
// the GM/T 0003.5 Annex A vector, OpenSSL's EVP and the `openssl` command-line tool.

#include "core/crypto/random.h"
#include "core/crypto/sm2.h"
#include "core/crypto/twoparty.h"
#include "core/crypto/x509.h"

#include <QFile>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace tq;
using namespace tq::twoparty;

namespace {

QByteArray hex(const char *h)
{
    return QByteArray::fromHex(h);
}

// GM/T 0003.5-2012 Annex A (the same vector as tst_vectors' sm2AnnexASignature).
const char AnnexPrivateKey[] = "3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8";
const char AnnexNonce[] = "59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21";

const QByteArray Session = "session-0001";
const QByteArray Account = "account-0001";

struct Keys {
    ossl::BnSecretPtr d1;
    ossl::BnSecretPtr d2;
    QByteArray publicKey;
};

} // namespace

class TestTwoParty : public QObject {
    Q_OBJECT

    const Sm2 m_sm2;
    QTemporaryDir m_dir;

    ossl::BnSecretPtr fixed(const char *h) const { return m_sm2.scalar(hex(h)); }

    // The whole key d = (d1·d2)⁻¹ − 1, which only a test may compute.
    ossl::BnSecretPtr combined(const Keys &keys) const
    {
        ossl::BnPtr one(BN_new());
        BN_one(one.get());
        auto inv = m_sm2.inverse(m_sm2.multiply(keys.d1.get(), keys.d2.get()).get());
        return m_sm2.subtract(inv.get(), one.get());
    }

    Keys keygen() const
    {
        auto device = generateShare(m_sm2, Party::Device, Session);
        auto server = device ? serverKeygen(m_sm2, Session, Account, device.value().message)
                             : Result<ServerKeygen>(failed());
        if (!device || !server)
            return {};
        auto p1 = deviceJointPublicKey(m_sm2, Session, Account, device.value().secret.get(), server.value().share.message);
        if (!p1 || p1.value() != server.value().jointPublicKey)
            return {};
        return Keys{std::move(device.value().secret), std::move(server.value().share.secret), p1.value()};
    }

    Result<Sm2::Signature> sign(const Keys &keys, const QByteArray &e) const
    {
        auto device = DeviceSigning::start(m_sm2, e);
        if (!device)
            return device.error();
        auto response = serverSign(m_sm2, keys.d2.get(), device.value().request());
        if (!response)
            return response.error();
        return device.value().finish(keys.d1.get(), keys.publicKey, response.value());
    }

    QByteArray digestFor(const Keys &keys, QByteArrayView message) const
    {
        return m_sm2.messageDigest(Sm2DefaultId, m_sm2.point(keys.publicKey).get(), message);
    }

    static void verifyGeneric(const Error &error)
    {
        QCOMPARE(error.code, failed().code);
        QCOMPARE(error.message, failed().message);
    }

    QByteArray openssl(const QStringList &args) const
    {
        QProcess p;
        p.setWorkingDirectory(m_dir.path());
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStandardPaths::findExecutable(QStringLiteral("openssl")), args);
        if (!p.waitForFinished(30000))
            return {};
        return p.readAll();
    }

    void write(const QString &name, const QByteArray &data) const
    {
        QFile f(m_dir.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(data), data.size());
    }

private Q_SLOTS:
    void keygenAgreesOnTheCombinedKey()
    {
        const Keys keys = keygen();
        QVERIFY(!keys.publicKey.isEmpty());
        auto d = combined(keys);
        QCOMPARE(m_sm2.pointBytes(m_sm2.multiplyGenerator(d.get()).get()), keys.publicKey);
        auto pair = m_sm2.keyPair(d.get());
        QVERIFY(pair);
        QCOMPARE(m_sm2.pointBytes(m_sm2.publicPoint(pair.value().get()).get()), keys.publicKey);
    }

    // Review finding (issue 15, low): the server's keygen proof named only the session, so its
    // answer to one device share verified at another device in the same session; it must bind
    // the device's share, the joint key and the account.
    void keygenAnswerIsBoundToTheDeviceShare()
    {
        auto device = generateShare(m_sm2, Party::Device, Session);
        auto stranger = generateShare(m_sm2, Party::Device, Session);
        auto server = serverKeygen(m_sm2, Session, Account, device.value().message);
        QVERIFY(server);
        QVERIFY(deviceJointPublicKey(m_sm2, Session, Account, device.value().secret.get(), server.value().share.message));
        auto transplanted =
            deviceJointPublicKey(m_sm2, Session, Account, stranger.value().secret.get(), server.value().share.message);
        QVERIFY2(!transplanted, "the server's answer for one device share verified for another");
        verifyGeneric(transplanted.error());
        // Another account, another session: the same answer does not verify either.
        verifyGeneric(deviceJointPublicKey(m_sm2, Session, "account-0002", device.value().secret.get(),
                                           server.value().share.message)
                          .error());
        verifyGeneric(deviceJointPublicKey(m_sm2, "session-0002", Account, device.value().secret.get(),
                                           server.value().share.message)
                          .error());
        // The server's check of the device's message stays bound to the session and the role.
        verifyGeneric(serverKeygen(m_sm2, "session-0002", Account, device.value().message).error());
        verifyGeneric(jointPublicKey(m_sm2, Party::Device, Session, device.value().secret.get(),
                                     server.value().share.message)
                          .error());
        // Deterministic with the explicit share and nonce (a known answer for the transcript).
        auto d2 = fixed(AnnexPrivateKey);
        auto t = fixed(AnnexNonce);
        auto a = serverKeygen(m_sm2, Session, Account, device.value().message, d2.get(), t.get());
        auto b = serverKeygen(m_sm2, Session, Account, device.value().message, d2.get(), t.get());
        QCOMPARE(a.value().share.message.proof.response, b.value().share.message.proof.response);
        QCOMPARE(a.value().jointPublicKey, combinedPublicKey(m_sm2, d2.get(), device.value().message.publicShare).value());
        QVERIFY(deviceJointPublicKey(m_sm2, Session, Account, device.value().secret.get(), a.value().share.message));
    }

    void keygenRejectsBadPeerMessages()
    {
        auto device = generateShare(m_sm2, Party::Device, Session);
        auto server = serverKeygen(m_sm2, Session, Account, device.value().message);
        QVERIFY(device && server);
        const BIGNUM *d1 = device.value().secret.get();
        const KeygenMessage good = server.value().share.message;
        QVERIFY(deviceJointPublicKey(m_sm2, Session, Account, d1, good));

        verifyGeneric(deviceJointPublicKey(m_sm2, "session-0002", Account, d1, good).error());
        // The device's own message reflected back: its proof names the wrong role.
        verifyGeneric(deviceJointPublicKey(m_sm2, Session, Account, d1, device.value().message).error());

        KeygenMessage bad = good;
        bad.publicShare = m_sm2.pointBytes(m_sm2.multiplyGenerator(m_sm2.randomScalar().get()).get());
        verifyGeneric(deviceJointPublicKey(m_sm2, Session, Account, d1, bad).error());
        bad = good;
        bad.publicShare[64] = char(bad.publicShare.at(64) ^ 1);
        verifyGeneric(deviceJointPublicKey(m_sm2, Session, Account, d1, bad).error());
        bad = good;
        bad.publicShare = QByteArray(1, '\x04') + QByteArray(64, '\0');
        verifyGeneric(deviceJointPublicKey(m_sm2, Session, Account, d1, bad).error());
        bad = good;
        bad.proof.response = m_sm2.scalarBytes(m_sm2.randomScalar().get()).view().toByteArray();
        verifyGeneric(deviceJointPublicKey(m_sm2, Session, Account, d1, bad).error());
        bad = good;
        bad.proof.commitment = QByteArray();
        verifyGeneric(deviceJointPublicKey(m_sm2, Session, Account, d1, bad).error());
    }

    // Shares whose product is (1 + d)⁻¹ for the Annex A key d, and nonces with k1·k3 + k2 equal to
    // the Annex A nonce, must give exactly the Annex A signature.
    void signatureMatchesGmt0003AnnexA()
    {
        auto d = fixed(AnnexPrivateKey);
        auto k = fixed(AnnexNonce);
        auto d1 = fixed("1111111111111111111111111111111111111111111111111111111111111111");
        auto k1 = fixed("2222222222222222222222222222222222222222222222222222222222222222");
        auto k3 = fixed("3333333333333333333333333333333333333333333333333333333333333333");
        ossl::BnPtr one(BN_new());
        BN_one(one.get());
        auto d2 = m_sm2.inverse(m_sm2.multiply(m_sm2.add(one.get(), d.get()).get(), d1.get()).get());
        auto k2 = m_sm2.subtract(k.get(), m_sm2.multiply(k1.get(), k3.get()).get());
        QVERIFY(d2 && k2);
        const QByteArray publicKey = m_sm2.pointBytes(m_sm2.multiplyGenerator(d.get()).get());
        const QByteArray e = m_sm2.messageDigest(Sm2DefaultId, m_sm2.point(publicKey).get(), "message digest");

        auto device = DeviceSigning::start(m_sm2, e, k1.get());
        QVERIFY(device);
        auto response = serverSign(m_sm2, d2.get(), device.value().request(), k2.get(), k3.get());
        QVERIFY(response);
        auto sig = device.value().finish(d1.get(), publicKey, response.value());
        QVERIFY(sig);
        QCOMPARE(sig.value().r.toHex(), QByteArray("f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3"));
        QCOMPARE(sig.value().s.toHex(), QByteArray("b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa"));

        auto pair = m_sm2.keyPair(d.get());
        QVERIFY(pair.value().publicKey().verify("message digest", sig.value().toDer()));
    }

    void signatureEqualsOnePartySignatureWithTheCombinedNonce()
    {
        const Keys keys = keygen();
        auto k1 = m_sm2.randomScalar();
        auto k2 = m_sm2.randomScalar();
        auto k3 = m_sm2.randomScalar();
        const QByteArray e = digestFor(keys, "two-party");
        auto device = DeviceSigning::start(m_sm2, e, k1.get());
        auto response = serverSign(m_sm2, keys.d2.get(), device.value().request(), k2.get(), k3.get());
        auto sig = device.value().finish(keys.d1.get(), keys.publicKey, response.value());
        QVERIFY(sig);
        auto k = m_sm2.add(m_sm2.multiply(k1.get(), k3.get()).get(), k2.get());
        auto expected = m_sm2.signDigest(combined(keys).get(), e, k.get());
        QVERIFY(expected);
        QCOMPARE(sig.value().r, expected.value().r);
        QCOMPARE(sig.value().s, expected.value().s);
    }

    void stockOpenSslVerifiesTwoPartySignatures()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty(),
                 "the openssl command-line tool is required (package openssl)");
        const Keys keys = keygen();
        auto pair = m_sm2.keyPair(combined(keys).get());
        const PublicKey publicKey = pair.value().publicKey();
        write(QStringLiteral("pub.pem"), pemEncode(publicKey.der(), "PUBLIC KEY"));
        for (const QByteArray &message : {QByteArray("签名原文"), QByteArray(), QByteArray(5000, 'x')}) {
            auto sig = sign(keys, digestFor(keys, message));
            QVERIFY(sig);
            const QByteArray der = sig.value().toDer();
            QVERIFY(publicKey.verify(message, der));
            QVERIFY(!publicKey.verify(QByteArray(message + "!"), der));
            write(QStringLiteral("data.bin"), message);
            write(QStringLiteral("sig.der"), der);
            const QStringList dgst
                = {QStringLiteral("dgst"),       QStringLiteral("-sm3"),    QStringLiteral("-verify"),
                   QStringLiteral("pub.pem"),    QStringLiteral("-sigopt"), QStringLiteral("distid:1234567812345678"),
                   QStringLiteral("-signature"), QStringLiteral("sig.der"), QStringLiteral("data.bin")};
            QVERIFY(openssl(dgst).contains("Verified OK"));
            write(QStringLiteral("data.bin"), message + "!");
            QVERIFY(!openssl(dgst).contains("Verified OK"));
        }
    }

    void serverRejectsBadRequests()
    {
        const Keys keys = keygen();
        auto device = DeviceSigning::start(m_sm2, digestFor(keys, "m"));
        SignRequest request = device.value().request();
        QVERIFY(serverSign(m_sm2, keys.d2.get(), request));

        SignRequest bad = request;
        bad.q1[64] = char(bad.q1.at(64) ^ 1); // off the curve
        verifyGeneric(serverSign(m_sm2, keys.d2.get(), bad).error());
        bad.q1 = QByteArray(1, '\x04') + QByteArray(64, '\0');
        verifyGeneric(serverSign(m_sm2, keys.d2.get(), bad).error());
        bad.q1 = QByteArray();
        verifyGeneric(serverSign(m_sm2, keys.d2.get(), bad).error());
        bad = request;
        bad.e.chop(1);
        verifyGeneric(serverSign(m_sm2, keys.d2.get(), bad).error());
        verifyGeneric(DeviceSigning::start(m_sm2, QByteArray(31, 'e')).error());
    }

    void deviceRejectsBadResponses()
    {
        const Keys keys = keygen();
        const QByteArray e = digestFor(keys, "m");
        const QByteArray zero(Sm2::ScalarSize, '\0');
        const QByteArray n = m_sm2.scalarBytes(m_sm2.order()).view().toByteArray();
        auto otherD2 = m_sm2.randomScalar();
        using Tamper = std::function<void(SignResponse &, const SignRequest &)>;
        const QList<Tamper> tampers = {
            [&](SignResponse &r, const SignRequest &) { r.r = zero; },
            [&](SignResponse &r, const SignRequest &) { r.s2 = zero; },
            [&](SignResponse &r, const SignRequest &) { r.s3 = zero; },
            [&](SignResponse &r, const SignRequest &) { r.s3 = n; },
            [&](SignResponse &r, const SignRequest &) { r.r.chop(1); },
            [&](SignResponse &r, const SignRequest &) { r.s3[31] = char(r.s3.at(31) ^ 1); },
            [&](SignResponse &r, const SignRequest &) { r.r[0] = char(r.r.at(0) ^ 0x40); },
            // A server answering with another share (a malicious or confused server).
            [&](SignResponse &r, const SignRequest &q) { r = serverSign(m_sm2, otherD2.get(), q).value(); },
        };
        for (const Tamper &tamper : tampers) {
            auto device = DeviceSigning::start(m_sm2, e);
            auto response = serverSign(m_sm2, keys.d2.get(), device.value().request());
            SignResponse r = response.value();
            tamper(r, device.value().request());
            verifyGeneric(device.value().finish(keys.d1.get(), keys.publicKey, r).error());
        }
        // s = 0: a response with r = d1·(k1·s2 + s3), which only a test knowing d1 can build.
        auto k1 = m_sm2.randomScalar();
        auto device = DeviceSigning::start(m_sm2, e, k1.get());
        SignResponse r = serverSign(m_sm2, keys.d2.get(), device.value().request()).value();
        auto s2 = m_sm2.scalar(r.s2);
        auto s3 = m_sm2.scalar(r.s3);
        auto forcedR = m_sm2.multiply(keys.d1.get(), m_sm2.add(m_sm2.multiply(k1.get(), s2.get()).get(), s3.get()).get());
        r.r = m_sm2.scalarBytes(forcedR.get()).view().toByteArray();
        verifyGeneric(device.value().finish(keys.d1.get(), keys.publicKey, r).error());
    }

    // Issue 15: the proof of knowledge of k1 binds the key id, the session, e and Q1; the server
    // half checks it with checkSignRequest. Deterministic with the explicit-nonce overloads.
    void signProofBindsKeySessionDigestAndNonce()
    {
        const Keys keys = keygen();
        const QByteArray e = digestFor(keys, "m");
        auto device = DeviceSigning::start(m_sm2, e, fixed(AnnexNonce).get());
        const SignRequest request = device.value().request();
        auto proof = device.value().prove("key-1", Session, fixed(AnnexPrivateKey).get());
        QVERIFY(proof);
        QCOMPARE(proof.value().commitment.size(), Sm2::PointSize);
        QCOMPARE(proof.value().response.size(), Sm2::ScalarSize);
        // Same inputs, same proof: the explicit-nonce overload is a known answer.
        QCOMPARE(device.value().prove("key-1", Session, fixed(AnnexPrivateKey).get()).value().response,
                 proof.value().response);
        QVERIFY(checkSignRequest(m_sm2, "key-1", Session, request, proof.value()));
        verifyGeneric(checkSignRequest(m_sm2, "key-2", Session, request, proof.value()).error());
        verifyGeneric(checkSignRequest(m_sm2, "key-1", "session-0002", request, proof.value()).error());
        verifyGeneric(checkSignRequest(m_sm2, "key-1", Session, {request.q1, digestFor(keys, "n")}, proof.value()).error());
        auto other = DeviceSigning::start(m_sm2, e);
        verifyGeneric(checkSignRequest(m_sm2, "key-1", Session, other.value().request(), proof.value()).error());
        Proof bad = proof.value();
        bad.response[31] = char(bad.response.at(31) ^ 1);
        verifyGeneric(checkSignRequest(m_sm2, "key-1", Session, request, bad).error());
        // Q1 = w·C1 with a proof for some other point does not pass: the proof names Q1.
        auto t1 = DeviceDecryption::start(m_sm2, m_sm2.publicKey(m_sm2.point(keys.publicKey).get()).value().encrypt("x").value());
        verifyGeneric(checkSignRequest(m_sm2, "key-1", Session, {t1.value().request(), e}, proof.value()).error());
        // The hedged proof verifies too, and the protocol still signs.
        auto hedged = device.value().prove("key-1", Session);
        QVERIFY(checkSignRequest(m_sm2, "key-1", Session, request, hedged.value()));
        auto response = serverSign(m_sm2, keys.d2.get(), request);
        QVERIFY(device.value().finish(keys.d1.get(), keys.publicKey, response.value()));
        verifyGeneric(device.value().prove("key-1", Session).error()); // k1 is gone
    }

    // Issue 15 (hedged nonces): with the random source stuck on one output, as after a restored
    // VM snapshot, two requests still get different k2, k3. With equal nonces s2 would repeat and
    // d2 = (s3 − s3')·(r − r')⁻¹.
    void aRepeatedRandomOutputDoesNotRepeatServerNonces()
    {
        const Keys keys = keygen();
        Random::setSourceForTesting([](qsizetype size) { return QByteArray(size, '\x5a'); });
        auto first = DeviceSigning::startHedged(m_sm2, digestFor(keys, "a"), keys.d1.get());
        auto second = DeviceSigning::startHedged(m_sm2, digestFor(keys, "b"), keys.d1.get());
        auto a = serverSign(m_sm2, keys.d2.get(), first.value().request());
        auto b = serverSign(m_sm2, keys.d2.get(), second.value().request());
        Random::setSourceForTesting({});
        QVERIFY(a && b);
        QVERIFY(first.value().request().q1 != second.value().request().q1); // k1 hedged on e
        QVERIFY(a.value().s2 != b.value().s2);
        auto ds3 = m_sm2.subtract(m_sm2.scalar(a.value().s3).get(), m_sm2.scalar(b.value().s3).get());
        auto dr = m_sm2.subtract(m_sm2.scalar(a.value().r).get(), m_sm2.scalar(b.value().r).get());
        auto solved = m_sm2.multiply(ds3.get(), m_sm2.inverse(dr.get()).get());
        QVERIFY(BN_cmp(solved.get(), keys.d2.get()) != 0);
        QVERIFY(first.value().finish(keys.d1.get(), keys.publicKey, a.value()));
        QVERIFY(second.value().finish(keys.d1.get(), keys.publicKey, b.value()));
        // The same request twice under the stuck source gets the same nonces, so the same answer,
        // which reveals nothing new; another secret or request gets another nonce.
        Random::setSourceForTesting([](qsizetype size) { return QByteArray(size, '\x5a'); });
        auto x = hedgedScalar(m_sm2, "label", keys.d2.get(), "request");
        auto y = hedgedScalar(m_sm2, "label", keys.d2.get(), "request");
        auto z = hedgedScalar(m_sm2, "label", keys.d1.get(), "request");
        Random::setSourceForTesting({});
        QCOMPARE(BN_cmp(x.get(), y.get()), 0);
        QVERIFY(BN_cmp(x.get(), z.get()) != 0);
        QVERIFY(!BN_is_zero(x.get()) && BN_cmp(x.get(), m_sm2.order()) < 0);
    }

    void aDeviceNonceServesOneSignatureOnly()
    {
        const Keys keys = keygen();
        auto device = DeviceSigning::start(m_sm2, digestFor(keys, "m"));
        const SignRequest request = device.value().request();
        auto first = serverSign(m_sm2, keys.d2.get(), request);
        QVERIFY(device.value().finish(keys.d1.get(), keys.publicKey, first.value()));
        // The same Q1 answered again: the nonce is gone, so nothing is signed with it twice.
        auto replay = serverSign(m_sm2, keys.d2.get(), request);
        verifyGeneric(device.value().finish(keys.d1.get(), keys.publicKey, replay.value()).error());
    }

    void noNonceRepeatsInTenThousandSignatures()
    {
        const Keys keys = keygen();
        auto d2Inv = m_sm2.inverse(keys.d2.get());
        const QByteArray e = digestFor(keys, "many");
        QSet<QByteArray> q1s, k2s, k3s, signatures;
        for (int i = 0; i < 10000; ++i) {
            auto device = DeviceSigning::start(m_sm2, e);
            auto response = serverSign(m_sm2, keys.d2.get(), device.value().request());
            QVERIFY(response);
            q1s.insert(device.value().request().q1);
            // The test knows d2, so it can read the server's nonces back: k3 = s2/d2, k2 = s3/d2 − r.
            const SignResponse &r = response.value();
            auto k3 = m_sm2.multiply(m_sm2.scalar(r.s2).get(), d2Inv.get());
            auto k2 = m_sm2.subtract(m_sm2.multiply(m_sm2.scalar(r.s3).get(), d2Inv.get()).get(),
                                     m_sm2.scalar(r.r).get());
            k3s.insert(m_sm2.scalarBytes(k3.get()).view().toByteArray());
            k2s.insert(m_sm2.scalarBytes(k2.get()).view().toByteArray());
            auto sig = device.value().finish(keys.d1.get(), keys.publicKey, r);
            QVERIFY(sig);
            signatures.insert(sig.value().r + sig.value().s);
        }
        QCOMPARE(q1s.size(), 10000);
        QCOMPARE(k2s.size(), 10000);
        QCOMPARE(k3s.size(), 10000);
        QCOMPARE(signatures.size(), 10000);
    }

    void decryptionEqualsPlainDecryption()
    {
        const Keys keys = keygen();
        auto d = combined(keys);
        auto pair = m_sm2.keyPair(d.get());
        for (const QByteArray &message : {QByteArray("投标文件密钥"), QByteArray(1, 'x'), QByteArray(1000, 'y')}) {
            const QByteArray ciphertext = pair.value().publicKey().encrypt(message).value();
            auto device = DeviceDecryption::start(m_sm2, ciphertext);
            QVERIFY(device);
            auto t2 = serverDecrypt(m_sm2, keys.d2.get(), device.value().request());
            QVERIFY(t2);
            auto plain = device.value().finish(keys.d1.get(), t2.value());
            QVERIFY(plain);
            QCOMPARE(plain.value().view(), QByteArrayView(message));
            QCOMPARE(m_sm2.decrypt(d.get(), *Sm2::Ciphertext::fromDer(ciphertext)).value().view(),
                     QByteArrayView(message));
            QCOMPARE(pair.value().decrypt(ciphertext).value().view(), QByteArrayView(message));
        }
    }

    // The KMC's split of a key it holds (GM/T 0003.5 Annex A's key here): the shares combine to
    // exactly that key, sign and decrypt like it, and the device can check its share against
    // the certified key with the server's public share alone.
    void splitKeyCombinesToTheWholeKey()
    {
        auto d = fixed(AnnexPrivateKey);
        auto whole = m_sm2.keyPair(d.get());
        QVERIFY(whole);
        const QByteArray point = m_sm2.pointBytes(m_sm2.publicPoint(whole.value().get()).get());
        QSet<QByteArray> serverShares;
        for (int i = 0; i < 20; ++i) {
            auto split = splitKey(m_sm2, d.get());
            QVERIFY(split);
            serverShares.insert(m_sm2.scalarBytes(split.value().serverShare.get()).view().toByteArray());
            Keys keys{std::move(split.value().deviceShare), std::move(split.value().serverShare), point};
            QCOMPARE(m_sm2.scalarBytes(combined(keys).get()).view(), m_sm2.scalarBytes(d.get()).view());
            auto checked = combinedPublicKey(m_sm2, keys.d1.get(), split.value().serverPublicShare);
            QVERIFY(checked);
            QCOMPARE(checked.value(), point);
            // P1 is the device share's public half: the server's record of it is right too.
            QCOMPARE(m_sm2.pointBytes(m_sm2.multiplyGenerator(m_sm2.inverse(keys.d1.get()).get()).get()),
                     split.value().devicePublicShare);
            const QByteArray e = digestFor(keys, "split");
            auto signature = sign(keys, e);
            QVERIFY(signature);
            QVERIFY(whole.value().publicKey().verify("split", signature.value().toDer()));
            const QByteArray ciphertext = whole.value().publicKey().encrypt("bid key").value();
            auto device = DeviceDecryption::start(m_sm2, ciphertext);
            auto t2 = serverDecrypt(m_sm2, keys.d2.get(), device.value().request());
            QCOMPARE(device.value().finish(keys.d1.get(), t2.value()).value().view(), QByteArrayView("bid key"));
            // A share checked against someone else's public share names another key.
            auto other = splitKey(m_sm2, d.get());
            auto wrong = combinedPublicKey(m_sm2, keys.d1.get(), other.value().serverPublicShare);
            QVERIFY(!wrong || wrong.value() != point);
        }
        QCOMPARE(serverShares.size(), 20); // a fresh split every time
        // d = n − 1 has no split ((1 + d) ≡ 0); bad points are refused.
        ossl::BnSecretPtr nMinus1(BN_dup(m_sm2.order()));
        BN_sub_word(nMinus1.get(), 1);
        verifyGeneric(splitKey(m_sm2, nMinus1.get()).error());
        verifyGeneric(splitKey(m_sm2, nullptr).error());
        QByteArray offCurve = point;
        offCurve[40] = char(offCurve.at(40) ^ 1);
        verifyGeneric(combinedPublicKey(m_sm2, d.get(), offCurve).error());
        verifyGeneric(combinedPublicKey(m_sm2, d.get(), QByteArray(65, '\0')).error());
    }

    void decryptionKnownAnswerWithFixedBlinding()
    {
        const Keys keys = keygen();
        auto d = combined(keys);
        auto k = fixed("4444444444444444444444444444444444444444444444444444444444444444");
        auto w = fixed("5555555555555555555555555555555555555555555555555555555555555555");
        auto c = m_sm2.encrypt(m_sm2.point(keys.publicKey).get(), "encryption standard", k.get());
        QVERIFY(c);
        auto device = DeviceDecryption::start(m_sm2, c.value().toDer(), w.get());
        QCOMPARE(device.value().request(),
                 m_sm2.pointBytes(m_sm2.multiply(nullptr, m_sm2.point(c.value().c1).get(), w.get()).get()));
        auto t2 = serverDecrypt(m_sm2, keys.d2.get(), device.value().request());
        QCOMPARE(device.value().finish(keys.d1.get(), t2.value()).value().view(), QByteArrayView("encryption standard"));
        QCOMPARE(m_sm2.decrypt(d.get(), c.value()).value().view(), QByteArrayView("encryption standard"));
    }

    void decryptionRejectsTamperingAndBadPoints()
    {
        const Keys keys = keygen();
        auto pair = m_sm2.keyPair(combined(keys).get());
        const QByteArray ciphertext = pair.value().publicKey().encrypt("secret").value();
        Sm2::Ciphertext parts = *Sm2::Ciphertext::fromDer(ciphertext);

        Sm2::Ciphertext tampered = parts;
        tampered.c3[0] = char(tampered.c3.at(0) ^ 1);
        auto device = DeviceDecryption::start(m_sm2, tampered.toDer());
        auto t2 = serverDecrypt(m_sm2, keys.d2.get(), device.value().request());
        verifyGeneric(device.value().finish(keys.d1.get(), t2.value()).error());

        tampered = parts;
        tampered.c2[0] = char(tampered.c2.at(0) ^ 1);
        device = DeviceDecryption::start(m_sm2, tampered.toDer());
        t2 = serverDecrypt(m_sm2, keys.d2.get(), device.value().request());
        verifyGeneric(device.value().finish(keys.d1.get(), t2.value()).error());

        tampered = parts;
        tampered.c1[64] = char(tampered.c1.at(64) ^ 1);
        verifyGeneric(DeviceDecryption::start(m_sm2, tampered.toDer()).error());
        verifyGeneric(DeviceDecryption::start(m_sm2, "not der").error());

        const QByteArray offCurve = [&] {
            QByteArray p = keys.publicKey;
            p[64] = char(p.at(64) ^ 1);
            return p;
        }();
        const QByteArray infinity = QByteArray(1, '\x04') + QByteArray(64, '\0');
        for (const QByteArray &t1 : {offCurve, infinity, QByteArray(), QByteArray(65, '\x04')})
            verifyGeneric(serverDecrypt(m_sm2, keys.d2.get(), t1).error());

        // A malicious server's T2: a valid point, but not d2⁻¹·T1; or junk.
        for (const QByteArray &badT2 : {keys.publicKey, offCurve, infinity}) {
            device = DeviceDecryption::start(m_sm2, ciphertext);
            verifyGeneric(device.value().finish(keys.d1.get(), badT2).error());
        }

        // The blinding factor serves one decryption: replaying T2 into a finished one fails.
        device = DeviceDecryption::start(m_sm2, ciphertext);
        t2 = serverDecrypt(m_sm2, keys.d2.get(), device.value().request());
        QVERIFY(device.value().finish(keys.d1.get(), t2.value()));
        verifyGeneric(device.value().finish(keys.d1.get(), t2.value()).error());

        // Fresh blinding: the server never sees the same T1 for the same ciphertext.
        auto a = DeviceDecryption::start(m_sm2, ciphertext);
        auto b = DeviceDecryption::start(m_sm2, ciphertext);
        QVERIFY(a.value().request() != b.value().request());
    }

    void eachShareAloneIsUseless()
    {
        // With one share, the best a party can do is use it as if it were the whole key; that
        // signature does not verify under P, and the device rejects the server's half for it.
        const Keys keys = keygen();
        const QByteArray e = digestFor(keys, "m");
        auto p = m_sm2.point(keys.publicKey);
        for (const BIGNUM *share : {keys.d1.get(), keys.d2.get()}) {
            auto sig = m_sm2.signDigest(share, e, m_sm2.randomScalar().get());
            QVERIFY(sig);
            QVERIFY(!m_sm2.verifyDigest(p.get(), e, sig.value()));
        }
        auto device = DeviceSigning::start(m_sm2, e);
        auto response = serverSign(m_sm2, keys.d2.get(), device.value().request());
        verifyGeneric(device.value().finish(keys.d2.get(), keys.publicKey, response.value()).error());
    }

    // The PIN verifier and proof (docs/key-custody.md "The PIN"), against an independent
    // computation with Python's hashlib/hmac over OpenSSL (scrypt, SM3, HMAC-SM3).
    void pinVerifierAndProofKnownAnswer()
    {
        const SecureBytes verifier = pinVerifier(SecureBytes(QByteArray("123456")), "0123456789abcdef", {10, 8, 1});
        QCOMPARE(verifier.view().toByteArray().toHex(),
                 QByteArray("132ec2a1f499d0ca16b9f2a3b18ce27adb0325f743d52f6baed56ebbfdc3df41"));
        const QByteArray digest = pinRequestDigest({"a", "bc"});
        QCOMPARE(digest.toHex(), QByteArray("b3ccda24e86bf7d7709450625cf4b91ae9e4628725767a7f899601fa4346346d"));
        const QByteArray challenge(32, '\x02');
        QCOMPARE(pinProof(verifier.view(), challenge, "key-1", "sign", digest).toHex(),
                 QByteArray("cf4c69705b5da1ff6ade5e20ff7bcc71184f1750b20e18c43395e346cd1968fc"));
        // Each part is bound, and fields cannot be re-split between parts.
        QVERIFY(pinRequestDigest({"ab", "c"}) != digest);
        QVERIFY(pinProof(verifier.view(), challenge, "key-1", "decrypt", digest)
                != pinProof(verifier.view(), challenge, "key-1", "sign", digest));
        QVERIFY(pinProof(verifier.view(), challenge, "key-2", "sign", digest)
                != pinProof(verifier.view(), challenge, "key-1", "sign", digest));
        // A cost a phone cannot afford (or scrypt refuses) gives no verifier.
        QVERIFY(acceptablePinCost(DefaultPinCost));
        QVERIFY(!acceptablePinCost({21, 8, 1}));
        QVERIFY(!acceptablePinCost({20, 16, 1}));
        QVERIFY(pinVerifier(SecureBytes(QByteArray("123456")), "0123456789abcdef", {21, 8, 1}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestTwoParty)
#include "tst_twoparty.moc"
