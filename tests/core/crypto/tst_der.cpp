// The small DER writer/reader behind SignedData: encodings cross-checked with OpenSSL's own
// encoder, and the reader's refusal of BER-only and malformed lengths.
#include "core/crypto/der.h"
#include "core/crypto/ossl.h"

#include <QTest>

#include <openssl/objects.h>

using namespace tq;

class TestDer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void oidMatchesOpenssl_data()
    {
        QTest::addColumn<QByteArray>("dotted");
        for (const char *oid : {"1.2.156.10197.6.1.4.2.2", "1.2.156.10197.1.301.1", "1.2.156.10197.1.401",
                                "1.2.840.113549.1.7.2", "2.16.840.1.101.3.4.2.1", "2.999.4294967296", "0.9"})
            QTest::newRow(oid) << QByteArray(oid);
    }
    void oidMatchesOpenssl()
    {
        QFETCH(QByteArray, dotted);
        std::unique_ptr<ASN1_OBJECT, ossl::Deleter<ASN1_OBJECT_free>> object(OBJ_txt2obj(dotted.constData(), 1));
        QVERIFY(object);
        unsigned char *encoded = nullptr;
        const int len = i2d_ASN1_OBJECT(object.get(), &encoded);
        QVERIFY(len > 0);
        const QByteArray expected(reinterpret_cast<const char *>(encoded), len);
        OPENSSL_free(encoded);
        QCOMPARE(der::oid(dotted.constData()).toHex(), expected.toHex());
    }

    void malformedOidIsEmpty()
    {
        QVERIFY(der::oid("").isEmpty());
        QVERIFY(der::oid("1").isEmpty());
        QVERIFY(der::oid("3.1").isEmpty());
        QVERIFY(der::oid("1.2.x").isEmpty());
    }

    void lengthsRoundTrip_data()
    {
        QTest::addColumn<int>("size");
        for (int size : {0, 1, 127, 128, 255, 256, 65535, 65536, 70000})
            QTest::newRow(qPrintable(QString::number(size))) << size;
    }
    void lengthsRoundTrip()
    {
        QFETCH(int, size);
        const QByteArray value(size, 'v');
        const QByteArray encoded = der::tlv(der::OctetString, value);
        const int header = size < 0x80 ? 2 : size < 0x100 ? 3 : size < 0x10000 ? 4 : 5;
        QCOMPARE(encoded.size(), size + header);
        der::Reader reader(encoded);
        const auto element = reader.next(der::OctetString);
        QVERIFY(element);
        QCOMPARE(element->value, QByteArrayView(value));
        QVERIFY(reader.atEnd());
        // One byte short is never accepted.
        QVERIFY(!der::Reader(QByteArrayView(encoded).chopped(1)).next());
    }

    void readerRejects_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("tag only") << QByteArray::fromHex("30");
        QTest::newRow("indefinite length") << QByteArray::fromHex("3080020101 0000");
        QTest::newRow("long form for a short length") << QByteArray::fromHex("30810100");
        QTest::newRow("leading zero length byte") << QByteArray::fromHex("3082000100");
        QTest::newRow("five length bytes") << QByteArray::fromHex("30850000000001 00");
        QTest::newRow("high tag number") << QByteArray::fromHex("1f8101 0100");
        QTest::newRow("length past the end") << QByteArray::fromHex("0405 01020304");
    }
    void readerRejects()
    {
        QFETCH(QByteArray, input);
        der::Reader reader(input);
        QVERIFY(!reader.next());
        QVERIFY(!der::only(input, der::Sequence));
    }

    void onlyWantsExactlyOneElement()
    {
        const QByteArray one = der::sequence({der::integer(1)});
        QVERIFY(der::only(one, der::Sequence));
        QVERIFY(!der::only(one, der::Set));
        QVERIFY(!der::only(QByteArray(one + one), der::Sequence));
        QVERIFY(!der::only(QByteArray(one + '\0'), der::Sequence));
    }

    void setOfIsSorted()
    {
        const QByteArray a = der::tlv(der::OctetString, "b");
        const QByteArray b = der::tlv(der::OctetString, "a");
        const QByteArray c = der::integer(300);
        QCOMPARE(der::setOf({a, b, c}).toHex(), QByteArray(der::tlv(der::Set, QByteArray(c + b + a))).toHex());
        QCOMPARE(quint8(der::setOf({a}, der::contextTag(0)).at(0)), quint8(0xA0));
    }

    void integersAndTimes()
    {
        QCOMPARE(der::integer(0).toHex(), QByteArray("020100"));
        QCOMPARE(der::integer(1).toHex(), QByteArray("020101"));
        QCOMPARE(der::integer(128).toHex(), QByteArray("02020080"));
        QCOMPARE(der::integer(300).toHex(), QByteArray("0202012c"));
        const QDateTime t(QDate(2026, 11, 23), QTime(7, 8, 9), Qt::UTC);
        QCOMPARE(der::time(t), der::tlv(der::UtcTime, "261123070809Z"));
        QCOMPARE(der::time(t.toOffsetFromUtc(8 * 3600)), der::tlv(der::UtcTime, "261123070809Z"));
        const QDateTime later(QDate(2051, 1, 2), QTime(3, 4, 5), Qt::UTC);
        QCOMPARE(der::time(later), der::tlv(der::GeneralizedTime, "20510102030405Z"));
    }
};

QTEST_GUILESS_MAIN(TestDer)
#include "tst_der.moc"
