// SecureBytes: secrets in OpenSSL's secure heap when there is one, ordinary memory otherwise.
#include "core/crypto/securebytes.h"

#include <QTest>

#include <openssl/crypto.h>

using namespace tq;

class TestSecureBytes : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ordinaryMemoryBeforeTheHeapExists()
    {
        const SecureBytes before(QByteArray("123456"));
        QVERIFY(!before.isInSecureHeap());
        QCOMPARE(before.view(), QByteArrayView("123456"));
    }

    void secureHeapOnceInitialised()
    {
        QVERIFY(SecureBytes::initSecureHeap(1 << 16));
        QVERIFY(SecureBytes::initSecureHeap(1 << 16)); // a second call is harmless
        SecureBytes pin(QByteArray("654321"));
        QVERIFY(pin.isInSecureHeap());
        const SecureBytes copy = pin.copy();
        QVERIFY(copy.isInSecureHeap());
        QVERIFY(copy.equals(pin));
        SecureBytes moved = std::move(pin);
        QVERIFY(moved.isInSecureHeap());
        QVERIFY(pin.isEmpty());
        QVERIFY(!pin.isInSecureHeap());
    }

    void largeSecretsOverflowToOrdinaryMemory()
    {
        QVERIFY(SecureBytes::initSecureHeap(1 << 16));
        // Bigger than a key: ordinary memory, so one large secret cannot starve OpenSSL's keys.
        SecureBytes page(SecureBytes::SecureHeapLimit + 1);
        QVERIFY(!page.isInSecureHeap());
        QVERIFY(SecureBytes(SecureBytes::SecureHeapLimit).isInSecureHeap());
        // Bigger than the whole heap: still allocated, zeroed and usable.
        SecureBytes big(std::size_t(1) << 20);
        QCOMPARE(big.size(), std::size_t(1) << 20);
        QVERIFY(!big.isInSecureHeap());
        QCOMPARE(big.data()[12345], 0);
        big.data()[12345] = 7;
        QCOMPARE(big.copy().data()[12345], 7);
    }

    void memoryFreedEitherWay()
    {
        QVERIFY(SecureBytes::initSecureHeap(1 << 16));
        const std::size_t usedBefore = CRYPTO_secure_used();
        {
            SecureBytes a(QByteArray(100, 'a'));
            QVERIFY(CRYPTO_secure_used() > usedBefore);
        }
        QCOMPARE(CRYPTO_secure_used(), usedBefore);
    }
};

QTEST_GUILESS_MAIN(TestSecureBytes)
#include "tst_securebytes.moc"
