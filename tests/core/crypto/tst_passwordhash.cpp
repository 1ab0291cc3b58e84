#include "core/crypto/passwordhash.h"
#include "core/crypto/random.h"
#include "core/crypto/securebytes.h"

#include <QTest>

using namespace tq;

class TestPasswordHash : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scryptRfc7914Vector()
    {
        // RFC 7914 §12, second vector: P="password", S="NaCl", N=1024, r=8, p=16, dkLen=64.
        const QByteArray dk = PasswordHash::scrypt("password", "NaCl", {10, 8, 16}, 64);
        QCOMPARE(dk.toHex(), QByteArray("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                                        "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"));
    }

    void hashVerifiesOnlyTheRightPassword()
    {
        const PasswordHash::Params fast{10, 8, 1};
        const QString encoded = PasswordHash::hash(QStringLiteral("Secret123"), fast);
        QVERIFY(encoded.startsWith(u"scrypt$10$8$1$"));
        QVERIFY(PasswordHash::verify(QStringLiteral("Secret123"), encoded));
        QVERIFY(!PasswordHash::verify(QStringLiteral("Secret124"), encoded));
        QVERIFY(!PasswordHash::verify(QString(), encoded));
        // Same password, fresh salt, different hash.
        QVERIFY(PasswordHash::hash(QStringLiteral("Secret123"), fast) != encoded);
    }

    void malformedHashesNeverVerify_data()
    {
        QTest::addColumn<QString>("encoded");
        QTest::newRow("empty") << QString();
        QTest::newRow("wrong scheme") << QStringLiteral("bcrypt$10$8$1$AAAA$AAAA");
        QTest::newRow("too few parts") << QStringLiteral("scrypt$10$8$1$AAAA");
        QTest::newRow("huge N") << QStringLiteral("scrypt$40$8$1$AAAAAAAAAAAAAAAAAAAAAA==$") + QString(44, u'A');
        QTest::newRow("short hash") << QStringLiteral("scrypt$10$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA");
    }
    void malformedHashesNeverVerify()
    {
        QFETCH(QString, encoded);
        QVERIFY(!PasswordHash::verify(QStringLiteral("Secret123"), encoded));
    }

    void randomDigitsAreDigits()
    {
        const QString code = Random::digits(6);
        QCOMPARE(code.size(), 6);
        for (QChar c : code)
            QVERIFY(c.isDigit());
        QVERIFY(Random::token().size() >= 43);
    }

    void secureBytesCompareAndMove()
    {
        SecureBytes a(QByteArray("abc"));
        SecureBytes b(QByteArray("abc"));
        QVERIFY(a.equals(b));
        SecureBytes c(std::move(a));
        QVERIFY(a.isEmpty());
        QVERIFY(c.equals(b));
        QByteArray loose("secret");
        SecureBytes::wipe(loose);
        QVERIFY(loose.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPasswordHash)
#include "tst_passwordhash.moc"
