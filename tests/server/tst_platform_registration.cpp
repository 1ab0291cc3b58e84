// Registering platforms and authenticating their requests (docs/qr-protocol.md §4, §9, §10):
// the HMAC checks, who may poll a result, and that no secret reaches a log or the database in clear.
#include "tests/server/platformfixture.h"

#include "core/common/clock.h"
#include "core/protocol/platformauth.h"
#include "core/protocol/qrpayload.h"
#include "server/platform/platformregistry.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QTest>

using namespace tq;
using namespace tq::server::test;

class TestPlatformRegistration : public PlatformTestCase {
    Q_OBJECT

private Q_SLOTS:
    void registrationIsValidated()
    {
        QCOMPARE(m_server
                     ->registerPlatform({{QStringLiteral("code"), QStringLiteral("c1100005553")},
                                         {QStringLiteral("name"), QStringLiteral("x")},
                                         {QStringLiteral("callbackUrl"), m_receiver->url()}})
                     .status,
                 400);
        QCOMPARE(m_server
                     ->registerPlatform({{QStringLiteral("code"), PlatformA},
                                         {QStringLiteral("name"), QStringLiteral("x")},
                                         {QStringLiteral("callbackUrl"), QStringLiteral("ftp://x/")}})
                     .status,
                 400);
        QCOMPARE(m_server
                     ->registerPlatform(
                         {{QStringLiteral("code"), PlatformA},
                          {QStringLiteral("name"), QStringLiteral("x")},
                          {QStringLiteral("callbackUrl"), m_receiver->url()},
                          {QStringLiteral("allowedOrigins"), QJsonArray{QStringLiteral("https://a.cn/path")}}})
                     .status,
                 400);
        QVERIFY(!platform().secret.isEmpty());
        const HttpReply again = m_server->registerPlatform({{QStringLiteral("code"), PlatformA},
                                                            {QStringLiteral("name"), QStringLiteral("x")},
                                                            {QStringLiteral("callbackUrl"), m_receiver->url()}});
        QCOMPARE(again.status, 409);
        QCOMPARE(again.code(), QStringLiteral("platform_exists"));
        // The console now needs an operator's login (issue 14).
        const HttpReply console = m_server->consoleGet(QStringLiteral("/console"), m_server->consoleAdminCookie());
        QVERIFY(console.body.contains(PlatformA.toLatin1()));
    }

    // Issue 14: a platform made the server POST to a loopback address of its choice.
    void privateCallbackTargetsAreRefusedWhenOff_data()
    {
        QTest::addColumn<QString>("callbackUrl");
        QTest::newRow("loopback") << QStringLiteral("http://127.0.0.1:8080/callback");
        QTest::newRow("loopback by name") << QStringLiteral("http://localhost:8080/callback");
        QTest::newRow("loopback 127/8") << QStringLiteral("http://127.1.2.3/callback");
        QTest::newRow("ipv6 loopback") << QStringLiteral("http://[::1]:8080/callback");
        QTest::newRow("mapped loopback") << QStringLiteral("http://[::ffff:127.0.0.1]/callback");
        QTest::newRow("rfc 1918 10/8") << QStringLiteral("https://10.1.2.3/callback");
        QTest::newRow("rfc 1918 172.16/12") << QStringLiteral("https://172.31.255.1/callback");
        QTest::newRow("rfc 1918 192.168/16") << QStringLiteral("https://192.168.0.1/callback");
        QTest::newRow("mapped private") << QStringLiteral("https://[::ffff:10.0.0.1]/callback");
        QTest::newRow("cgnat") << QStringLiteral("https://100.64.0.1/callback");
        QTest::newRow("link-local") << QStringLiteral("https://169.254.169.254/latest/meta-data");
        QTest::newRow("ipv6 link-local") << QStringLiteral("https://[fe80::1]/callback");
        QTest::newRow("ula") << QStringLiteral("https://[fd12:3456::1]/callback");
        QTest::newRow("unspecified") << QStringLiteral("https://0.0.0.0/callback");
        QTest::newRow("ipv6 unspecified") << QStringLiteral("https://[::]/callback");
        QTest::newRow("multicast") << QStringLiteral("https://224.0.0.1/callback");
        QTest::newRow("ipv6 multicast") << QStringLiteral("https://[ff02::1]/callback");
        QTest::newRow("decimal loopback") << QStringLiteral("http://2130706433/callback");
    }
    void privateCallbackTargetsAreRefusedWhenOff()
    {
        QFETCH(QString, callbackUrl);
        m_server->server().stop();
        m_server->config().privateCallbackTargets = false;
        QVERIFY(m_server->start());
        const HttpReply reply = m_server->registerPlatform({{QStringLiteral("code"), PlatformA},
                                                           {QStringLiteral("name"), QStringLiteral("x")},
                                                           {QStringLiteral("callbackUrl"), callbackUrl}});
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.details().value(QStringLiteral("field")).toString(), QStringLiteral("callbackUrl"));
        QCOMPARE(m_server->scalar(QStringLiteral("SELECT COUNT(*) FROM platforms")).toInt(), 0);
    }

    void publicCallbackTargetsAreAcceptedWhenOff()
    {
        m_server->server().stop();
        m_server->config().privateCallbackTargets = false;
        QVERIFY(m_server->start());
        // An IP literal needs no DNS, so the test does not depend on the network.
        QCOMPARE(m_server
                     ->registerPlatform({{QStringLiteral("code"), PlatformA},
                                         {QStringLiteral("name"), QStringLiteral("x")},
                                         {QStringLiteral("callbackUrl"), QStringLiteral("https://203.0.113.7/cb")}})
                     .status,
                 201);
    }

    void unregisteredPlatform()
    {
        const Rp rp = platform();
        const HttpReply reply =
            m_server->sendAsPlatform(PlatformB, rp.secret, "POST", QStringLiteral("/api/v1/platform/transactions"),
                                     compact({{QStringLiteral("action"), QStringLiteral("login")}}));
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.details().value(QStringLiteral("reason")).toString(), QStringLiteral("unknown_platform"));
        QCOMPARE(transactionCount(), 0);
    }

    void badRequestSignatures()
    {
        const Rp rp = platform();
        const QString path = QStringLiteral("/api/v1/platform/transactions");
        const QByteArray body = compact({{QStringLiteral("action"), QStringLiteral("login")}});
        const QByteArray signedPath = tq::PlatformAuth::signedPathAndQuery(m_server->urlFor(path));

        HttpReply reply = m_server->sendAsPlatform(rp.code, "wrong" + rp.secret.mid(5), "POST", path, body);
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.details().value(QStringLiteral("reason")).toString(), QStringLiteral("bad_signature"));

        reply = m_server->sendWithHeaders("POST", path, body, {});
        QCOMPARE(reply.details().value(QStringLiteral("reason")).toString(), QStringLiteral("missing_headers"));

        // Present but malformed headers are told apart from absent ones, naming the header.
        auto shortNonce = PlatformAuth::sign(rp.secret, "POST", signedPath, rp.code, body, 0, QStringLiteral("abc"));
        reply = m_server->sendWithHeaders("POST", path, body, shortNonce.toRaw());
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.details().value(QStringLiteral("reason")).toString(), QStringLiteral("invalid_headers"));
        QCOMPARE(reply.details().value(QStringLiteral("header")).toString(), QStringLiteral("X-TQ-Nonce"));
        auto upperHex = PlatformAuth::sign(rp.secret, "POST", signedPath, rp.code, body);
        upperHex.signature = upperHex.signature.toUpper();
        reply = m_server->sendWithHeaders("POST", path, body, upperHex.toRaw());
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.details().value(QStringLiteral("reason")).toString(), QStringLiteral("invalid_headers"));
        QCOMPARE(reply.details().value(QStringLiteral("header")).toString(), QStringLiteral("X-TQ-Signature"));
        QCOMPARE(transactionCount(), 0);

        const auto stale = PlatformAuth::sign(rp.secret, "POST", signedPath, rp.code, body,
                                              Clock::nowSecs() - PlatformAuth::MaxSkewSecs - 1);
        reply = m_server->sendWithHeaders("POST", path, body, stale.toRaw());
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.details().value(QStringLiteral("reason")).toString(), QStringLiteral("stale_timestamp"));

        // A signed request replayed as is, and with another body under the same signature.
        const auto headers = PlatformAuth::sign(rp.secret, "POST", signedPath, rp.code, body);
        QCOMPARE(m_server->sendWithHeaders("POST", path, body, headers.toRaw()).status, 201);
        reply = m_server->sendWithHeaders("POST", path, body, headers.toRaw());
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.details().value(QStringLiteral("reason")).toString(), QStringLiteral("replayed_nonce"));
        const auto fresh = PlatformAuth::sign(rp.secret, "POST", signedPath, rp.code, body);
        reply = m_server->sendWithHeaders("POST", path, compact(hashesRequest()), fresh.toRaw());
        QCOMPARE(reply.details().value(QStringLiteral("reason")).toString(), QStringLiteral("bad_signature"));
        QCOMPARE(transactionCount(), 1);
    }

    void resultOnlyForItsPollToken()
    {
        const Rp a = platform(PlatformA);
        const Rp b = platform(PlatformB);
        const Device d = device();
        HttpReply created;
        QCOMPARE(roundTrip(a, d, {{QStringLiteral("action"), QStringLiteral("login")}}, &created).status, 200);
        const QString tId = created.json.value(QStringLiteral("tId")).toString();
        const QString pollToken = created.json.value(QStringLiteral("pollToken")).toString();
        const QString secondToken = create(a, {{QStringLiteral("action"), QStringLiteral("login")}})
                                        .json.value(QStringLiteral("pollToken"))
                                        .toString();
        QCOMPARE(poll(a, tId, pollToken).status, 200);
        for (const HttpReply &reply : {poll(a, tId, secondToken), poll(a, tId, QString()), poll(b, tId, pollToken)}) {
            QCOMPARE(reply.status, 404);
            QCOMPARE(reply.code(), QStringLiteral("transaction_not_found"));
            QVERIFY(!reply.json.contains(QStringLiteral("result")));
        }
    }

    void secretsNeverLoggedOrStoredInClear()
    {
        static QStringList messages;
        messages.clear();
        QLoggingCategory::setFilterRules(QStringLiteral("*.debug=true"));
        const QtMessageHandler previous = qInstallMessageHandler(
            [](QtMsgType, const QMessageLogContext &, const QString &message) { messages.append(message); });
        const Rp rp = platform();
        const Device d = device();
        HttpReply created;
        const int status = roundTrip(rp, d, {{QStringLiteral("action"), QStringLiteral("login")}}, &created).status;
        const bool delivered = m_receiver->waitFor(2);
        qInstallMessageHandler(previous);
        QLoggingCategory::setFilterRules(QString());
        QCOMPARE(status, 200);
        QVERIFY(delivered);
        const QString ticket =
            QrPayload::parse(created.json.value(QStringLiteral("qrContent")).toString()).value().ticket;
        const QString pollToken = created.json.value(QStringLiteral("pollToken")).toString();
        const QString accessToken = m_receiver->ofType(QStringLiteral("02"))
                                        .first()
                                        .json.value(QStringLiteral("data"))
                                        .toObject()
                                        .value(QStringLiteral("accessToken"))
                                        .toString();
        QVERIFY(!accessToken.isEmpty());
        const QString all = messages.join(u'\n');
        QVERIFY2(all.contains(QStringLiteral("/api/v1/scan/claims")), qPrintable(all));
        for (const QString &secret : {QString::fromLatin1(rp.secret), ticket, pollToken, accessToken})
            QVERIFY2(!all.contains(secret), qPrintable(secret));

        const QByteArray bytes = m_server->stopAndDumpDatabase();
        QVERIFY(!bytes.isEmpty());
        QVERIFY(bytes.contains(rp.code.toLatin1()));
        for (const QString &secret : {QString::fromLatin1(rp.secret), ticket, pollToken, accessToken})
            QVERIFY2(!bytes.contains(secret.toLatin1()), qPrintable(secret));
    }
};

QTEST_GUILESS_MAIN(TestPlatformRegistration)
#include "tst_platform_registration.moc"
