// tq::EnvelopedKey: the GM/T 0009 SM2EnvelopedKey the KMC uses to deliver encryption keys.
#include "core/crypto/envelopedkey.h"

#include <QTest>

#include <openssl/asn1.h>

using namespace tq;

class TestEnvelopedKey : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTrip()
    {
        const auto device = KeyPair::generate(KeyAlgorithm::Sm2);
        const auto key = KeyPair::generate(KeyAlgorithm::Sm2);
        QVERIFY(device && key);
        const auto envelope = EnvelopedKey::seal(key.value(), device.value().publicKey());
        QVERIFY(envelope);
        const auto opened = EnvelopedKey::open(envelope.value(), device.value());
        QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
        QCOMPARE(opened.value().publicKeyDer(), key.value().publicKeyDer());
        const auto signature = opened.value().sign("message");
        QVERIFY(signature);
        QVERIFY(key.value().publicKey().verify("message", signature.value()));
    }

    void hasTheGmt0009Structure()
    {
        const auto device = KeyPair::generate(KeyAlgorithm::Sm2);
        const auto key = KeyPair::generate(KeyAlgorithm::Sm2);
        QVERIFY(device && key);
        const auto envelope = EnvelopedKey::seal(key.value(), device.value().publicKey());
        QVERIFY(envelope);
        // SEQUENCE { SEQUENCE { OID sm4 }, SEQUENCE (SM2Cipher), BIT STRING (65), BIT STRING (32) }
        const QByteArray &der = envelope.value();
        QCOMPARE(quint8(der.at(0)), quint8(0x30));
        QVERIFY(der.contains(QByteArray::fromHex("300906072a811ccf55016830")));
        QVERIFY(der.contains(QByteArray::fromHex("03420004"))); // BIT STRING, 66 octets, no unused bits, uncompressed point
        QVERIFY(der.endsWith(der.right(32)) && der.contains(QByteArray::fromHex("032100")));
    }

    void refusesOtherKeysAndDamage()
    {
        const auto device = KeyPair::generate(KeyAlgorithm::Sm2);
        const auto other = KeyPair::generate(KeyAlgorithm::Sm2);
        const auto key = KeyPair::generate(KeyAlgorithm::Sm2);
        const auto rsa = KeyPair::generate(KeyAlgorithm::Rsa2048);
        QVERIFY(device && other && key && rsa);
        const auto envelope = EnvelopedKey::seal(key.value(), device.value().publicKey());
        QVERIFY(envelope);
        QVERIFY(!EnvelopedKey::open(envelope.value(), other.value()));
        for (qsizetype i : {qsizetype(5), envelope.value().size() / 2, envelope.value().size() - 1}) {
            QByteArray damaged = envelope.value();
            damaged[i] = char(damaged.at(i) ^ 0x01);
            QVERIFY2(!EnvelopedKey::open(damaged, device.value()), qPrintable(QString::number(i)));
        }
        QVERIFY(!EnvelopedKey::open(QByteArray(envelope.value() + "x"), device.value()));
        QVERIFY(!EnvelopedKey::seal(rsa.value(), device.value().publicKey()));
        QVERIFY(!EnvelopedKey::seal(key.value(), rsa.value().publicKey()));
    }
};

QTEST_GUILESS_MAIN(TestEnvelopedKey)
#include "tst_envelopedkey.moc"
