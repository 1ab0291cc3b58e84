// Published known-answer vectors for SM3, SM4 and SM2 (signature and encryption).
#include "core/crypto/digest.h"
#include "core/crypto/sm2.h"
#include "core/crypto/symmetric.h"

#include <QTest>

using namespace tq;

namespace {
QByteArray hex(const char *h)
{
    return QByteArray::fromHex(h);
}

// GB/T 32918.5-2017 / GM/T 0003.5-2012 Annex A and C, recommended curve sm2p256v1. The
// values are as quoted in OpenSSL's test/sm2_internal_test.c (which cites both annexes);
// the expected C1/C3/C2 are that file's GM/T 0009 DER encoding of the Annex C result.
// The 256-bit test curve of GB/T 32918.2–4 Annex A/C (also draft-shen-sm2-ecdsa-02), not sm2p256v1.
ossl::EcGroupPtr testCurve()
{
    const auto bn = [](const char *h) { return ossl::BnPtr(BN_bin2bn(ossl::in(hex(h)), 32, nullptr)); };
    const auto p = bn("8542D69E4C044F18E8B92435BF6FF7DE457283915C45517D722EDB8B08F1DFC3");
    const auto a = bn("787968B4FA32C3FD2417842E73BBFEFF2F3C848B6831D7E0EC65228B3937E498");
    const auto b = bn("63E4C6D3B23B0C849CF84241484BFE48F61D59A5B16BA06E6E12D1DA27C5249A");
    const auto gx = bn("421DEBD61B62EAB6746434EBC3CC315E32220B3BADD50BDC4C4E6C147FEDD43D");
    const auto gy = bn("0680512BCBB42C07D47349D2153B70C4E5D7FDFCBFA36EA1A85841B9E46E09A2");
    const auto n = bn("8542D69E4C044F18E8B92435BF6FF7DD297720630485628D5AE74EE7C32E79B7");
    ossl::EcGroupPtr group(EC_GROUP_new_curve_GFp(p.get(), a.get(), b.get(), nullptr));
    ossl::EcPointPtr g(group ? EC_POINT_new(group.get()) : nullptr);
    if (!g || EC_POINT_set_affine_coordinates(group.get(), g.get(), gx.get(), gy.get(), nullptr) != 1
        || EC_GROUP_set_generator(group.get(), g.get(), n.get(), BN_value_one()) != 1)
        return nullptr;
    return group;
}

const char AnnexPrivateKey[] = "3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8";
const char AnnexNonce[] = "59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21";
} // namespace

class TestVectors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sm3_data()
    {
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QByteArray>("expected");
        // GB/T 32905-2016 Annex A, example 1 and example 2.
        QTest::newRow("abc") << QByteArray("abc")
                             << hex("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
        QTest::newRow("abcd x16") << QByteArray("abcd").repeated(16)
                                  << hex("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
    }
    void sm3()
    {
        QFETCH(QByteArray, message);
        QFETCH(QByteArray, expected);
        QCOMPARE(tq::sm3(message).toHex(), expected.toHex());
        // Incremental hashing in uneven pieces gives the same digest.
        Hasher h(DigestAlgorithm::Sm3);
        h.add(message.first(1)).add(message.sliced(1));
        QCOMPARE(h.result().toHex(), expected.toHex());
    }

    void sha256()
    {
        // FIPS 180-4 / NIST CSRC example "abc".
        QCOMPARE(digest(DigestAlgorithm::Sha256, "abc").toHex(),
                 QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }

    void sm4Example1()
    {
        // GB/T 32907-2016 Annex A, example 1: key = plaintext = 0123456789abcdeffedcba9876543210.
        const SecureBytes key(hex("0123456789abcdeffedcba9876543210"));
        const QByteArray plain = hex("0123456789abcdeffedcba9876543210");
        auto c = Sm4::encrypt(Sm4::Mode::Ecb, key, {}, plain, false);
        QVERIFY(c);
        QCOMPARE(c.value().toHex(), QByteArray("681edf34d206965e86b3e94f536e4246"));
        auto p = Sm4::decrypt(Sm4::Mode::Ecb, key, {}, c.value(), false);
        QVERIFY(p);
        QCOMPARE(p.value().view().toByteArray(), plain);
    }

    void sm4Example2MillionRounds()
    {
        // GB/T 32907-2016 Annex A, example 2: the same block encrypted 1 000 000 times.
        const SecureBytes key(hex("0123456789abcdeffedcba9876543210"));
        QByteArray block = hex("0123456789abcdeffedcba9876543210");
        for (int i = 0; i < 1000000; ++i)
            block = Sm4::encrypt(Sm4::Mode::Ecb, key, {}, block, false).value();
        QCOMPARE(block.toHex(), QByteArray("595298c7c6fd271f0402f804c33d3f66"));
    }

    void sm2AnnexASignature()
    {
        const Sm2 sm2;
        auto d = sm2.scalar(hex(AnnexPrivateKey));
        auto k = sm2.scalar(hex(AnnexNonce));
        QVERIFY(d && k);
        auto pub = sm2.multiplyGenerator(d.get());
        const QByteArray e = sm2.messageDigest(Sm2DefaultId, pub.get(), "message digest");
        auto sig = sm2.signDigest(d.get(), e, k.get());
        QVERIFY(sig);
        QCOMPARE(sig.value().r.toHex(), QByteArray("f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3"));
        QCOMPARE(sig.value().s.toHex(), QByteArray("b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa"));
        QVERIFY(sm2.verifyDigest(pub.get(), e, sig.value()));

        // Cross-check: stock OpenSSL EVP verifies the same signature with the same ID ...
        auto key = sm2.keyPair(d.get());
        QVERIFY(key);
        const QByteArray der = sig.value().toDer();
        QVERIFY(key.value().publicKey().verify("message digest", der));
        QVERIFY(key.value().publicKey().verifyDigest(e, der));
        // ... and rejects it under OpenSSL 3.0's empty default ID.
        QVERIFY(!key.value().publicKey().verify("message digest", der, QByteArrayView("")));
    }

    void sm2TestCurveSignature()
    {
        // GB/T 32918.2-2016 Annex A (= draft-shen-sm2-ecdsa-02 §A.2), ID "ALICE123@YAHOO.COM";
        // values as quoted in OpenSSL's test/sm2_internal_test.c.
        const Sm2 curve(testCurve());
        auto d = curve.scalar(hex("128B2FA8BD433C6C068C8D803DFF79792A519A55171B1B650C23661D15897263"));
        auto k = curve.scalar(hex("6CB28D99385C175C94F94E934817663FC176D925DD72B727260DBAAE1FB2F96F"));
        QVERIFY(d && k);
        auto pub = curve.multiplyGenerator(d.get());
        const QByteArray e = curve.messageDigest("ALICE123@YAHOO.COM", pub.get(), "message digest");
        auto sig = curve.signDigest(d.get(), e, k.get());
        QVERIFY(sig);
        QCOMPARE(sig.value().r.toHex(), QByteArray("40f1ec59f793d9f49e09dcef49130d4194f79fb1eed2caa55bacdb49c4e755d1"));
        QCOMPARE(sig.value().s.toHex(), QByteArray("6fc6dac32c5d5cf10c77dfb20f7c2eb667a457872fb09ec56327a67ec7deebe7"));
        QVERIFY(curve.verifyDigest(pub.get(), e, sig.value()));
        QVERIFY(!curve.verifyDigest(pub.get(), curve.messageDigest(Sm2DefaultId, pub.get(), "message digest"),
                                    sig.value()));
    }

    void sm2TestCurveEncryption()
    {
        // GB/T 32918.4-2016 Annex C (test curve), M = "encryption standard"; expected GM/T 0009
        // encoding as quoted in OpenSSL's test/sm2_internal_test.c.
        const Sm2 curve(testCurve());
        auto d = curve.scalar(hex("1649AB77A00637BD5E2EFE283FBF353534AA7F7CB89463F208DDBC2920BB0DA0"));
        auto k = curve.scalar(hex("4C62EEFD6ECFC2B95B92FD6C3D9575148AFA17425546D49018E5388D49DD7B4F"));
        auto pub = curve.multiplyGenerator(d.get());
        auto c = curve.encrypt(pub.get(), "encryption standard", k.get());
        QVERIFY(c);
        QCOMPARE(c.value().toDer().toHex(),
                 QByteArray("307b0220245c26fb68b1ddddb12c4b6bf9f2b6d5fe60a383b0d18d1c4144abf17f6252e7"
                            "022076cb9264c2a7e88e52b19903fdc47378f605e36811f5c07423a24b84400f01b8"
                            "04209c3d7360c30156fab7c80a0276712da9d8094a634b766d3a285e07480653426d"
                            "0413650053a89b41c418b0c3aad00d886c00286467"));
        QCOMPARE(curve.decrypt(d.get(), c.value()).value().view().toByteArray(), QByteArray("encryption standard"));
    }

    void sm2AnnexCEncryption()
    {
        const Sm2 sm2;
        auto d = sm2.scalar(hex(AnnexPrivateKey));
        auto k = sm2.scalar(hex(AnnexNonce));
        auto pub = sm2.multiplyGenerator(d.get());
        auto c = sm2.encrypt(pub.get(), "encryption standard", k.get());
        QVERIFY(c);
        QCOMPARE(c.value().c1.toHex(),
                 QByteArray("04"
                            "04ebfc718e8d1798620432268e77feb6415e2ede0e073c0f4f640ecd2e149a73"
                            "e858f9d81e5430a57b36daab8f950a3c64e6ee6a63094d99283aff767e124df0"));
        QCOMPARE(c.value().c3.toHex(), QByteArray("59983c18f809e262923c53aec295d30383b54e39d609d160afcb1908d0bd8766"));
        QCOMPARE(c.value().c2.toHex(), QByteArray("21886ca989ca9c7d58087307ca93092d651efa"));
        const QByteArray der = c.value().toDer();
        QCOMPARE(der.toHex(),
                 QByteArray("307c"
                            "022004ebfc718e8d1798620432268e77feb6415e2ede0e073c0f4f640ecd2e149a73"
                            "022100e858f9d81e5430a57b36daab8f950a3c64e6ee6a63094d99283aff767e124df0"
                            "042059983c18f809e262923c53aec295d30383b54e39d609d160afcb1908d0bd8766"
                            "041321886ca989ca9c7d58087307ca93092d651efa"));

        // Our EC layer decrypts it, and so does stock OpenSSL EVP from the DER form.
        auto plain = sm2.decrypt(d.get(), c.value());
        QVERIFY(plain);
        QCOMPARE(plain.value().view().toByteArray(), QByteArray("encryption standard"));
        auto key = sm2.keyPair(d.get());
        QVERIFY(key);
        auto evpPlain = key.value().decrypt(der);
        QVERIFY(evpPlain);
        QCOMPARE(evpPlain.value().view().toByteArray(), QByteArray("encryption standard"));
        const auto parsed = Sm2::Ciphertext::fromDer(der);
        QVERIFY(parsed);
        QCOMPARE(parsed->c1, c.value().c1);

        // The raw C1 ‖ C3 ‖ C2 form converts to the DER form OpenSSL reads, and back.
        const QByteArray raw = c.value().toRaw();
        QCOMPARE(raw.size(), 65 + 32 + 19);
        const auto fromRaw = Sm2::Ciphertext::fromRaw(raw);
        QVERIFY(fromRaw);
        QCOMPARE(fromRaw->toDer(), der);
        QVERIFY(!Sm2::Ciphertext::fromRaw(raw.left(65 + 32)));
    }
};

QTEST_GUILESS_MAIN(TestVectors)
#include "tst_vectors.moc"
