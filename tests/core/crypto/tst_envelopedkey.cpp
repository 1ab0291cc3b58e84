// tq::EnvelopedKey: the GM/T 0009 SM2EnvelopedKey the KMC uses to deliver encryption keys.
#include "core/crypto/envelopedkey.h"
#include "core/crypto/sm2.h"

#include <QTest>

#include <openssl/asn1.h>

using namespace tq;

class TestEnvelopedKey : public QObject {
    Q_OBJECT

    std::optional<KeyPair> m_device;
    std::optional<KeyPair> m_key;
    QByteArray m_envelope;

private Q_SLOTS:
    void init()
    {
        auto device = KeyPair::generate(KeyAlgorithm::Sm2);
        auto key = KeyPair::generate(KeyAlgorithm::Sm2);
        QVERIFY(device && key);
        m_device.emplace(std::move(device).value());
        m_key.emplace(std::move(key).value());
        const auto envelope = EnvelopedKey::seal(*m_key, m_device->publicKey());
        QVERIFY(envelope);
        m_envelope = envelope.value();
    }

    void roundTrip()
    {
        const auto &device = *m_device;
        const auto &key = *m_key;
        const auto opened = EnvelopedKey::open(m_envelope, device);
        QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
        QCOMPARE(opened.value().publicKeyDer(), key.publicKeyDer());
        const auto signature = opened.value().sign("message");
        QVERIFY(signature);
        QVERIFY(key.publicKey().verify("message", signature.value()));
    }

    void hasTheGmt0009Structure()
    {
        // SEQUENCE { SEQUENCE { OID sm4 }, SEQUENCE (SM2Cipher), BIT STRING (65), BIT STRING (32) }
        const QByteArray &der = m_envelope;
        QCOMPARE(quint8(der.at(0)), quint8(0x30));
        QVERIFY(der.contains(QByteArray::fromHex("300906072a811ccf55016830")));
        QVERIFY(
            der.contains(QByteArray::fromHex("03420004"))); // BIT STRING, 66 octets, no unused bits, uncompressed point
        QCOMPARE(der.mid(der.size() - 35, 3), QByteArray::fromHex("032100")); // BIT STRING of the 32-byte encrypted d
    }

    void refusesOtherKeysAndDamage()
    {
        const auto other = KeyPair::generate(KeyAlgorithm::Sm2);
        const auto rsa = KeyPair::generate(KeyAlgorithm::Rsa2048);
        QVERIFY(other && rsa);
        QVERIFY(!EnvelopedKey::open(m_envelope, other.value()));
        for (qsizetype i : {qsizetype(5), m_envelope.size() / 2, m_envelope.size() - 1}) {
            QByteArray damaged = m_envelope;
            damaged[i] = char(damaged.at(i) ^ 0x01);
            QVERIFY2(!EnvelopedKey::open(damaged, *m_device), qPrintable(QString::number(i)));
        }
        QVERIFY(!EnvelopedKey::open(QByteArray(m_envelope + "x"), *m_device));
        QVERIFY(!EnvelopedKey::seal(rsa.value(), m_device->publicKey()));
        QVERIFY(!EnvelopedKey::seal(*m_key, rsa.value().publicKey()));
    }

    // A two-party share travels in the same structure with the joint key beside it; open()
    // refuses it (the share does not match the key), openShare() gives both back unchanged.
    void sharesRoundTrip()
    {
        const Sm2 sm2;
        auto share = sm2.randomScalar();
        const QByteArray joint = sm2.pointBytes(sm2.publicPoint(m_key->get()).get());
        const auto envelope = EnvelopedKey::sealShare(share.get(), joint, m_device->publicKey());
        QVERIFY(envelope);
        auto decrypt = [this](QByteArrayView c) { return m_device->decrypt(c); };
        const auto opened = EnvelopedKey::openShare(envelope.value(), decrypt);
        QVERIFY(opened);
        QCOMPARE(opened.value().share.view(), sm2.scalarBytes(share.get()).view());
        QCOMPARE(opened.value().jointPublicKey, joint);
        QVERIFY(!EnvelopedKey::open(envelope.value(), *m_device));
        QByteArray damaged = envelope.value();
        damaged[damaged.size() - 1] = char(damaged.at(damaged.size() - 1) ^ 0x01);
        // GM/T 0009 has no integrity check of its own (SM4-ECB): a damaged share opens as another
        // share, which the device's check against the certified key then refuses.
        const auto garbled = EnvelopedKey::openShare(damaged, decrypt);
        QVERIFY(garbled);
        QVERIFY(garbled.value().share.view() != opened.value().share.view());
        QVERIFY(!EnvelopedKey::openShare(envelope.value(), [&](QByteArrayView c) {
            return KeyPair::generate(KeyAlgorithm::Sm2).value().decrypt(c);
        }));
        QVERIFY(!EnvelopedKey::sealShare(share.get(), QByteArray(65, '\x04'), m_device->publicKey()));
        QVERIFY(!EnvelopedKey::sealShare(nullptr, joint, m_device->publicKey()));
    }
};

QTEST_GUILESS_MAIN(TestEnvelopedKey)
#include "tst_envelopedkey.moc"
