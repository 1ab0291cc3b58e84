// The shared text forms of bytes and times (core/common/encoding.h).
#include "core/common/encoding.h"

#include <QJsonValue>
#include <QTest>

using namespace tq;

class TestEncoding : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void base64RoundTrips()
    {
        const QByteArray bytes("\x00\xff\x10 tongqian", 12);
        const QString text = toBase64Text(bytes);
        QCOMPARE(text, QStringLiteral("AP8QIHRvbmdxaWFu"));
        QCOMPARE(fromBase64Text(QJsonValue(text)), std::optional<QByteArray>(bytes));
    }

    void base64IsStrict_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("not a string") << QJsonValue(42);
        QTest::newRow("null") << QJsonValue();
        QTest::newRow("empty") << QJsonValue(QString());
        QTest::newRow("not base64") << QJsonValue(QStringLiteral("not base64!"));
        QTest::newRow("base64url") << QJsonValue(QStringLiteral("AP8Q-A__"));
        QTest::newRow("non-Latin-1") << QJsonValue(QStringLiteral("AP8Q通签"));
    }

    void base64IsStrict()
    {
        QFETCH(QJsonValue, value);
        QVERIFY(!fromBase64Text(value));
    }

    void hexIsLowerCase()
    {
        QCOMPARE(toHexText(QByteArray("\x0a\xbc\xff", 3)), QStringLiteral("0abcff"));
        QCOMPARE(toHexText(QByteArray()), QString());
    }

    void timesAreUtcToTheSecond()
    {
        const QDateTime beijing(QDate(2026, 12, 7), QTime(19, 55, 45, 123), Qt::OffsetFromUTC, 8 * 3600);
        QCOMPARE(utcText(beijing), QStringLiteral("2026-12-07T11:55:45Z"));
        QCOMPARE(utcTextFromSecs(beijing.toSecsSinceEpoch()), QStringLiteral("2026-12-07T11:55:45Z"));
        QCOMPARE(utcText(QDateTime()), QString());
        QCOMPARE(timeFromText(QJsonValue(QStringLiteral("2026-12-07T11:55:45Z"))), beijing.addMSecs(-123));
        QVERIFY(!timeFromText(QJsonValue(QStringLiteral("yesterday"))).isValid());
        QVERIFY(!timeFromText(QJsonValue(7)).isValid());
    }
};

QTEST_GUILESS_MAIN(TestEncoding)
#include "tst_encoding.moc"
