// CallbackTarget on its own: which addresses a production callback may reach.
#include "server/platform/callbacktarget.h"

#include <QTest>

using namespace tq::server;

class TestCallbackTarget : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void classifiesAddresses_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<bool>("isPrivate");
        const QList<std::pair<const char *, bool>> rows{
            {"0.0.0.0", true},          {"0.255.255.255", true},   {"1.0.0.0", false},
            {"9.255.255.255", false},   {"10.0.0.0", true},        {"10.255.255.255", true},
            {"11.0.0.0", false},        {"100.63.255.255", false}, {"100.64.0.0", true},
            {"100.127.255.255", true},  {"100.128.0.0", false},    {"126.255.255.255", false},
            {"127.0.0.1", true},        {"127.255.255.254", true}, {"128.0.0.0", false},
            {"169.253.255.255", false}, {"169.254.169.254", true}, {"169.255.0.0", false},
            {"172.15.255.255", false},  {"172.16.0.0", true},      {"172.31.255.255", true},
            {"172.32.0.0", false},      {"192.0.0.1", true},       {"192.0.2.1", false},
            {"192.167.255.255", false}, {"192.168.0.1", true},     {"192.169.0.0", false},
            {"198.17.255.255", false},  {"198.18.0.1", true},      {"198.19.255.255", true},
            {"198.20.0.0", false},      {"203.0.113.7", false},    {"223.255.255.255", false},
            {"224.0.0.1", true},        {"239.255.255.255", true}, {"240.0.0.1", true},
            {"255.255.255.255", true},  {"::", true},              {"::1", true},
            {"::ffff:127.0.0.1", true}, {"::ffff:10.1.2.3", true}, {"::ffff:8.8.8.8", false},
            {"fc00::1", true},          {"fdff:ffff::1", true},    {"fe80::1", true},
            {"febf::1", true},          {"fec0::1", false},        {"ff02::1", true},
            {"2001:db8::1", false},     {"2400:3200::1", false},
        };
        for (const auto &[address, isPrivate] : rows)
            QTest::newRow(address) << QString::fromLatin1(address) << isPrivate;
    }
    void classifiesAddresses()
    {
        QFETCH(QString, address);
        QFETCH(bool, isPrivate);
        const QHostAddress parsed(address);
        QVERIFY(!parsed.isNull());
        QCOMPARE(CallbackTarget::isPrivate(parsed), isPrivate);
    }

    void nullAddressIsPrivate() { QVERIFY(CallbackTarget::isPrivate(QHostAddress())); }

    void oneWrongAddressRefusesTheHost()
    {
        QVERIFY(CallbackTarget::checkPublic(QStringLiteral("p.example.cn"),
                                            {QHostAddress(QStringLiteral("203.0.113.7"))}));
        const auto mixed = CallbackTarget::checkPublic(
            QStringLiteral("p.example.cn"),
            {QHostAddress(QStringLiteral("203.0.113.7")), QHostAddress(QStringLiteral("10.0.0.1"))});
        QVERIFY(!mixed);
        QCOMPARE(mixed.error().code, QStringLiteral("invalid_request"));
        QCOMPARE(mixed.error().details.value(QStringLiteral("field")).toString(), QStringLiteral("callbackUrl"));
        QVERIFY(!CallbackTarget::checkPublic(QStringLiteral("p.example.cn"), {})); // nothing resolved
        QVERIFY(!CallbackTarget::resolvePublic(QStringLiteral("127.0.0.1")));
        QVERIFY(CallbackTarget::resolvePublic(QStringLiteral("203.0.113.7")));
    }

    void ipv4ComesFirst()
    {
        const QList<QHostAddress> ordered = CallbackTarget::preferIpv4(
            {QHostAddress(QStringLiteral("2400:3200::1")), QHostAddress(QStringLiteral("203.0.113.7")),
             QHostAddress(QStringLiteral("2400:3200::2")), QHostAddress(QStringLiteral("203.0.113.8"))});
        QCOMPARE(ordered,
                 (QList<QHostAddress>{QHostAddress(QStringLiteral("203.0.113.7")),
                                      QHostAddress(QStringLiteral("203.0.113.8")),
                                      QHostAddress(QStringLiteral("2400:3200::1")),
                                      QHostAddress(QStringLiteral("2400:3200::2"))}));
    }
};

QTEST_GUILESS_MAIN(TestCallbackTarget)
#include "tst_callbacktarget.moc"
