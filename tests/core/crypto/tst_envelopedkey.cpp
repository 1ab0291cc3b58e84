// tq::EnvelopedKey: the GM/T 0009 SM2EnvelopedKey the KMC uses to deliver encryption keys.
#include "core/crypto/envelopedkey.h"

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
};

QTEST_GUILESS_MAIN(TestEnvelopedKey)
#include "tst_envelopedkey.moc"
