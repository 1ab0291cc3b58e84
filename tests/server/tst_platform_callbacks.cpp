// Callbacks to the platform (docs/qr-protocol.md §8): signed, retried with the same eventId,
// given up after the last attempt, and resumed after a restart.
#include "tests/server/platformfixture.h"

#include "core/common/clock.h"
#include "core/protocol/platformauth.h"

#include <QRegularExpression>
#include <QTest>

using namespace tq;
using namespace tq::server::test;

class TestPlatformCallbacks : public PlatformTestCase {
    Q_OBJECT

private Q_SLOTS:
    void forgedCallbackIsRejected()
    {
        const Rp rp = platform();
        const Device d = device();
        QCOMPARE(roundTrip(rp, d, hashesRequest()).status, 200);
        QVERIFY(m_receiver->waitFor(2));
        const ReceivedCallback c = m_receiver->ofType(QStringLiteral("03")).first();
        const qint64 now = Clock::nowSecs();
        QVERIFY(PlatformAuth::verify(rp.secret, c.headers, "POST", c.path, c.body, now));
        QByteArray forged = c.body;
        forged.replace("\"03\"", "\"02\"");
        QVERIFY(forged != c.body);
        QVERIFY(!PlatformAuth::verify(rp.secret, c.headers, "POST", c.path, forged, now));
        QVERIFY(!PlatformAuth::verify("another platform's secret", c.headers, "POST", c.path, c.body, now));
        const auto byAttacker = PlatformAuth::sign("guessed secret", "POST", c.path, rp.code, forged);
        QVERIFY(!PlatformAuth::verify(rp.secret, byAttacker, "POST", c.path, forged, now));
    }

    void callbackRetriedWithSameEventId()
    {
        const Rp rp = platform();
        const Device d = device();
        m_receiver->failNext(2); // the 01 notice fails twice, then gets through
        const HttpReply created = create(rp, {{QStringLiteral("action"), QStringLiteral("login")}});
        QCOMPARE(claim(d.token, created).status, 200);
        QVERIFY(m_receiver->waitFor(3));
        const QList<ReceivedCallback> scans = m_receiver->ofType(QStringLiteral("01"));
        QCOMPARE(scans.size(), 3);
        const QString eventId = scans.first().json.value(QStringLiteral("eventId")).toString();
        QVERIFY(!eventId.isEmpty());
        for (const ReceivedCallback &c : scans) {
            QCOMPARE(c.json.value(QStringLiteral("eventId")).toString(), eventId);
            QCOMPARE(c.body, scans.first().body);
            QVERIFY(PlatformAuth::verify(rp.secret, c.headers, "POST", c.path, c.body, Clock::nowSecs()));
        }
        QVERIFY(scans.at(0).headers.nonce != scans.at(1).headers.nonce);
        QVERIFY(QTest::qWaitFor([&] {
            return m_server
                       ->scalar(
                           QStringLiteral("SELECT COUNT(*) FROM platform_callbacks WHERE delivered_at IS NOT NULL"))
                       .toInt()
                   == 1;
        }));
        QCOMPARE(m_server->scalar(QStringLiteral("SELECT attempts FROM platform_callbacks")).toInt(), 3);
    }

    void callbackGivesUp()
    {
        m_server->config().callbackMaxAttempts = 2;
        QVERIFY(m_server->start()); // the same database, a server with the new setting
        const Rp rp = platform();
        const Device d = device();
        m_receiver->failNext(10);
        const LogWatcher gaveUp(QStringLiteral("gave up after 2 attempts"));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("gave up after 2 attempts")));
        QCOMPARE(claim(d.token, create(rp, {{QStringLiteral("action"), QStringLiteral("login")}})).status, 200);
        QVERIFY(m_receiver->waitFor(2));
        QVERIFY(QTest::qWaitFor(
            [&] { return m_server->scalar(QStringLiteral("SELECT attempts FROM platform_callbacks")).toInt() == 2; }));
        // The dispatcher decides after the last failed attempt and schedules nothing more once it
        // says it gave up: from then on no third attempt can come.
        QVERIFY(QTest::qWaitFor([&] { return gaveUp.count() == 1; }, 20000));
        QCOMPARE(m_receiver->received().size(), 2);
    }

    // Issue 14: with private targets refused, a callback URL stored earlier (or by a server that
    // allowed it) is checked again at each delivery, on the address actually connected to.
    void callbackToAPrivateTargetIsNotSentWhenOff()
    {
        const Rp rp = platform(); // registered while allowed, as in a sandbox
        const Device d = device();
        m_server->server().stop();
        m_server->config().privateCallbackTargets = false;
        QVERIFY(m_server->start());
        LogWatcher refused(QStringLiteral("refused: private address"));
        QCOMPARE(claim(d.token, create(rp, {{QStringLiteral("action"), QStringLiteral("login")}})).status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(refused.count() >= 1, 20000);
        QTRY_VERIFY(m_server->scalar(QStringLiteral("SELECT attempts FROM platform_callbacks")).toInt() >= 1);
        QVERIFY(m_receiver->received().isEmpty());
        QCOMPARE(m_server->scalar(QStringLiteral("SELECT COUNT(*) FROM platform_callbacks WHERE delivered_at IS NOT NULL"))
                     .toInt(),
                 0);
    }

    void callbackByNameIsSentWithItsHostHeader()
    {
        // The dispatcher connects to the address it resolved, and names the host as registered.
        const QString url = m_receiver->url().replace(QStringLiteral("127.0.0.1"), QStringLiteral("localhost"));
        const HttpReply registered = m_server->registerPlatform({{QStringLiteral("code"), PlatformA},
                                                                {QStringLiteral("name"), QStringLiteral("x")},
                                                                {QStringLiteral("callbackUrl"), url}});
        QCOMPARE(registered.status, 201);
        const Rp rp{PlatformA, registered.json.value(QStringLiteral("secret")).toString().toLatin1(), std::nullopt};
        const Device d = device();
        QCOMPARE(claim(d.token, create(rp, {{QStringLiteral("action"), QStringLiteral("login")}})).status, 200);
        QVERIFY(m_receiver->waitFor(1));
        QCOMPARE(m_receiver->received().first().host, QUrl(url).authority().toLatin1());
        QVERIFY(m_receiver->received().first().headersOk);
    }

    void callbackUnsentAtAStopIsSentAfterTheRestart()
    {
        const Rp rp = platform();
        const Device d = device();
        QCOMPARE(claim(d.token, create(rp, {{QStringLiteral("action"), QStringLiteral("login")}})).status, 200);
        QVERIFY(m_receiver->waitFor(1));
        const auto deliveredCount = [&] {
            return m_server->scalar(QStringLiteral("SELECT COUNT(*) FROM platform_callbacks WHERE delivered_at IS NOT NULL"))
                .toInt();
        };
        QVERIFY(QTest::qWaitFor([&] { return deliveredCount() == 1; }));
        QCOMPARE(m_server->scalar(QStringLiteral("SELECT attempts FROM platform_callbacks")).toInt(), 1);
        // As if the server stopped between committing the event and its first attempt: even
        // with a single attempt allowed, the restarted server still sends it.
        m_server->server().stop();
        m_server->scalar(QStringLiteral("UPDATE platform_callbacks SET delivered_at = NULL, attempts = 0"));
        m_server->config().callbackMaxAttempts = 1;
        QVERIFY(m_server->start());
        QVERIFY(m_receiver->waitFor(2));
        const QList<ReceivedCallback> scans = m_receiver->ofType(QStringLiteral("01"));
        QCOMPARE(scans.size(), 2);
        QCOMPARE(scans.at(1).body, scans.at(0).body);
        QVERIFY(QTest::qWaitFor([&] { return deliveredCount() == 1; }));
        QCOMPARE(m_server->scalar(QStringLiteral("SELECT attempts FROM platform_callbacks")).toInt(), 1);
    }
};

QTEST_GUILESS_MAIN(TestPlatformCallbacks)
#include "tst_platform_callbacks.moc"
