#include "core/common/clock.h"
#include "server/console/consolepages.h"
#include "server/db/migrations.h"
#include "server/embeddedserver.h"
#include "server/http/apirouter.h"
#include "tests/server/rawhttp.h"
#include "tests/server/testserver.h"

#include <QMutex>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace tq;
using namespace tq::server;
using namespace tq::server::test;
using namespace Qt::StringLiterals;

namespace {

// Captures every log line while installed; passes nothing on, so the test output stays quiet.
struct LogCapture {
    static inline QMutex mutex;
    static inline QStringList lines;
    QtMessageHandler previous;

    LogCapture() { previous = qInstallMessageHandler(&LogCapture::handle); }
    ~LogCapture() { qInstallMessageHandler(previous); }

    static void handle(QtMsgType, const QMessageLogContext &context, const QString &message)
    {
        const QMutexLocker lock(&mutex);
        lines.append(QString::fromLatin1(context.category) + u": " + message);
    }
    static QStringList take()
    {
        const QMutexLocker lock(&mutex);
        return std::exchange(lines, {});
    }
};

} // namespace

class TestHttpApi : public ServerTestCase {
    Q_OBJECT

private Q_SLOTS:
    void healthReportsVersionAndDatabase()
    {
        const HttpReply reply = m_server->get(u"/api/v1/health"_s);
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.contentType, QByteArray("application/json"));
        const QString database =
            m_server->config().databaseUrl.startsWith(u"sqlite:"_s) ? u"sqlite"_s : u"postgresql"_s;
        QCOMPARE(reply.json, (QJsonObject{{u"status"_s, u"ok"_s},
                                          {u"version"_s, u"0.1.0"_s},
                                          {u"database"_s, database},
                                          {u"mode"_s, u"sandbox"_s}}));
    }

    void baseUrlIsLoopbackWithThePort()
    {
        QCOMPARE(m_server->server().baseUrl(), QUrl(u"http://127.0.0.1:%1"_s.arg(m_server->server().port())));
        QVERIFY(m_server->server().port() != 0);
    }

    void baseUrlOfAWildcardAddressIsLoopback()
    {
        ServerConfig config = m_server->config();
        config.address = QHostAddress::AnyIPv4;
        config.sandboxOnNetwork = true; // sandbox mode listens on a wildcard address only when forced
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"SANDBOX MODE ON A NETWORK ADDRESS"_s));
        Server server(config);
        QVERIFY(server.start());
        QCOMPARE(server.baseUrl().host(), u"127.0.0.1"_s);
        QCOMPARE(server.baseUrl().port(), int(server.port()));
    }

    void unknownRoutesGetJson404_data()
    {
        QTest::addColumn<QByteArray>("verb");
        QTest::addColumn<QString>("path");
        QTest::newRow("unknown path") << QByteArray("GET") << u"/api/v1/nothing-here"_s;
        QTest::newRow("root") << QByteArray("GET") << u"/"_s;
        QTest::newRow("wrong method") << QByteArray("PUT") << u"/api/v1/health"_s;
        QTest::newRow("trailing segment") << QByteArray("POST") << u"/api/v1/accounts/extra"_s;
    }

    void unknownRoutesGetJson404()
    {
        QFETCH(QByteArray, verb);
        QFETCH(QString, path);
        const HttpReply reply = m_server->send(verb, path, "{}", {});
        QCOMPARE(reply.status, 404);
        QCOMPARE(reply.code(), u"not_found"_s);
        QVERIFY(!reply.json.value(u"message"_s).toString().isEmpty());
    }

    void malformedBodiesAre400_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        QTest::newRow("not json") << QByteArray("phone=13800138000") << QString();
        QTest::newRow("empty") << QByteArray() << QString();
        QTest::newRow("truncated") << QByteArray(R"({"phone":"13800138000",)") << QString();
        QTest::newRow("array") << QByteArray(R"(["13800138000","register"])") << QString();
        QTest::newRow("string") << QByteArray(R"("13800138000")") << QString();
        QTest::newRow("missing purpose") << QByteArray(R"({"phone":"13800138000"})") << u"purpose"_s;
        QTest::newRow("phone is a number") << QByteArray(R"({"phone":13800138000,"purpose":"register"})") << u"phone"_s;
        QTest::newRow("purpose is null") << QByteArray(R"({"phone":"13800138000","purpose":null})") << u"purpose"_s;
    }

    void malformedBodiesAre400()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        const HttpReply reply = m_server->postRaw(u"/api/v1/sms-codes"_s, body);
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.code(), u"invalid_request"_s);
        QCOMPARE(reply.details().value(u"field"_s).toString(), field);
        QVERIFY(m_server->outbox(TestPhone).isEmpty());
    }

    void oversizeBodiesAre413()
    {
        // A valid body padded just past the limit is refused before it is read as JSON...
        QByteArray body = R"({"phone":"13800138000","purpose":"register"})";
        const QByteArray atLimit = body + QByteArray(ApiRouter::MaxBodySize - body.size(), ' ');
        const HttpReply tooBig = m_server->postRaw(u"/api/v1/sms-codes"_s, atLimit + ' ');
        QCOMPARE(tooBig.status, 413);
        QCOMPARE(tooBig.code(), u"payload_too_large"_s);
        QVERIFY(m_server->outbox(TestPhone).isEmpty());
        // ...while the same body exactly at the limit is accepted.
        QCOMPARE(m_server->postRaw(u"/api/v1/sms-codes"_s, atLimit).status, 202);
    }

    // The request front (server/http/requestfront.h) judges each request from its head and
    // framing as the bytes arrive, so what it refuses is never read whole.
    void announcedOversizeBodiesAre413BeforeTheyArrive()
    {
        RawConnection connection(m_server->server().port());
        connection.write("POST /api/v1/sms-codes HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                         "Content-Length: 104857600\r\n\r\n{\"phone\":");
        QTRY_COMPARE_WITH_TIMEOUT(connection.responses().size(), 1, 10000);
        QCOMPARE(connection.responses().first().status, 413);
        QCOMPARE(connection.responses().first().code(), u"payload_too_large"_s);
        QTRY_VERIFY(connection.closed());
        QVERIFY(m_server->outbox(TestPhone).isEmpty());
    }

    void chunkedBodiesPastTheLimitAre413()
    {
        RawConnection connection(m_server->server().port());
        connection.write("POST /api/v1/sms-codes HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                         "Transfer-Encoding: chunked\r\n\r\n");
        // 1 MiB in 16 KiB chunks, never terminated: only a refusal can answer it.
        connection.stream("4000\r\n" + QByteArray(0x4000, ' ') + "\r\n", 64);
        QTRY_COMPARE_WITH_TIMEOUT(connection.responses().size(), 1, 10000);
        QCOMPARE(connection.responses().first().status, 413);
        QCOMPARE(connection.responses().first().code(), u"payload_too_large"_s);
        QTRY_VERIFY(connection.closed());
    }

    void chunkedBodiesWithinTheLimitAreRead()
    {
        RawConnection connection(m_server->server().port());
        connection.write("POST /api/v1/sms-codes HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                         "Transfer-Encoding: chunked\r\n\r\n"
                         "e\r\n{\"phone\":\"1380\r\n1e;ext=1\r\n0138000\",\"purpose\":\"register\"}\r\n0\r\n\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(connection.responses().size(), 1, 10000);
        QCOMPARE(connection.responses().first().status, 202);
        QCOMPARE(m_server->outbox(TestPhone).size(), 1);
    }

    void pipelinedRequestsAreAnsweredInOrder()
    {
        RawConnection connection(m_server->server().port());
        const QByteArray body = R"({"phone":"13800138000","purpose":"register"})";
        connection.write("GET /api/v1/health HTTP/1.1\r\nHost: t\r\n\r\n"
                         "POST /api/v1/sms-codes HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                         "Content-Length: "
                         + QByteArray::number(body.size()) + "\r\n\r\n" + body
                         + "GET /api/v1/nothing-here HTTP/1.1\r\nHost: t\r\n\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(connection.responses().size(), 3, 10000);
        QCOMPARE(connection.responses().at(0).status, 200);
        QCOMPARE(connection.responses().at(1).status, 202);
        QCOMPARE(connection.responses().at(2).status, 404);
        QVERIFY(!connection.closed()); // kept alive
        connection.write("GET /api/v1/health HTTP/1.1\r\nHost: t\r\n\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(connection.responses().size(), 4, 10000);
        QCOMPARE(connection.responses().at(3).status, 200);
    }

    void oversizeHeadersAre431()
    {
        RawConnection connection(m_server->server().port());
        connection.write("GET /api/v1/health HTTP/1.1\r\nHost: t\r\nX-Padding: " + QByteArray(20 * 1024, 'a')
                         + "\r\n\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(connection.responses().size(), 1, 10000);
        QCOMPARE(connection.responses().first().status, 431);
        QCOMPARE(connection.responses().first().code(), u"payload_too_large"_s);
        QTRY_VERIFY(connection.closed());
    }

    void ambiguousFramingIs400_data()
    {
        QTest::addColumn<QByteArray>("framing");
        QTest::newRow("length and chunked") << QByteArray("Content-Length: 2\r\nTransfer-Encoding: chunked\r\n");
        QTest::newRow("two lengths") << QByteArray("Content-Length: 2\r\nContent-Length: 3\r\n");
        QTest::newRow("signed length") << QByteArray("Content-Length: +2\r\n");
        QTest::newRow("unknown coding") << QByteArray("Transfer-Encoding: gzip, chunked\r\n");
    }
    void ambiguousFramingIs400()
    {
        QFETCH(QByteArray, framing);
        RawConnection connection(m_server->server().port());
        connection.write("POST /api/v1/sms-codes HTTP/1.1\r\nHost: t\r\n" + framing + "\r\n{}\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(connection.responses().size(), 1, 10000);
        QCOMPARE(connection.responses().first().status, 400);
        QCOMPARE(connection.responses().first().code(), u"invalid_request"_s);
        QTRY_VERIFY(connection.closed());
    }

    void requestLogHasNoSecrets()
    {
        LogCapture capture;
        const HttpReply registered = m_server->registerAccount(TestPhone, TestPassword);
        QCOMPARE(registered.status, 201);
        const QString code = m_server->latestCode(TestPhone);
        const QString access = accessTokenOf(registered);
        QCOMPARE(m_server->get(u"/api/v1/accounts/me"_s, access).status, 200);
        QCOMPARE(m_server->logIn(TestPhone, u"Wrong1Password"_s).status, 401);
        QCOMPARE(
            m_server->post(u"/api/v1/sessions/refresh"_s, {{u"refreshToken"_s, refreshTokenOf(registered)}}).status,
            200);
        const QStringList lines = LogCapture::take();

        const auto logged = [&lines](const QString &request) {
            const QRegularExpression line(u"^tongqian.server.http: "_s + QRegularExpression::escape(request) +
                                          u" \\d+ ms$"_s);
            return !lines.filter(line).isEmpty();
        };
        QVERIFY(logged(u"POST /api/v1/accounts 201"_s));
        QVERIFY(logged(u"GET /api/v1/sandbox/sms-outbox 200"_s)); // without its ?phone= query
        QVERIFY(logged(u"GET /api/v1/accounts/me 200"_s));
        QVERIFY(logged(u"POST /api/v1/sessions 401"_s));
        const QString all = lines.join(u'\n');
        for (const QString &secret :
             {TestPassword, u"Wrong1Password"_s, code, access, refreshTokenOf(registered), TestPhone})
            QVERIFY2(!all.contains(secret), qPrintable(u"log leaks a secret: "_s + all));
    }

    void consolePageListsTheOutbox()
    {
        QCOMPARE(m_server->requestCode(TestPhone, u"register"_s).status, 202);
        // The console now needs an operator's login (issue 14).
        const HttpReply page = m_server->consoleGet(u"/console"_s, m_server->consoleAdminCookie());
        QCOMPARE(page.status, 200);
        QVERIFY(page.contentType.startsWith("text/html"));
        const QString html = QString::fromUtf8(page.body);
        QVERIFY(html.contains(m_server->latestCode(TestPhone)));
        QVERIFY(html.contains(TestPhone));
        QVERIFY(html.contains(u"http-equiv=\"refresh\""_s));
        // Self-contained: nothing is loaded from elsewhere; links (new: the console's navigation)
        // stay inside the console.
        for (const auto *external : {"src=", "@import", "url(", "http://", "https://"})
            QVERIFY(!html.contains(QLatin1String(external)));
        QVERIFY(html.contains(u"href="_s));
        QCOMPARE(html.count(u"href=\"/console"_s), html.count(u"href="_s));
    }

    void consolePageEscapesHtml()
    {
        const QString html = consolePage({{u"<script>alert(1)</script>"_s, u"login\" onmouseover=\"x"_s,
                                           u"<b>&amp;</b>"_s, QDateTime::fromSecsSinceEpoch(0, Qt::UTC)}});
        QVERIFY(!html.contains(u"<script>"_s));
        QVERIFY(html.contains(u"&lt;script&gt;alert(1)&lt;/script&gt;"_s));
        QVERIFY(html.contains(u"login&quot; onmouseover=&quot;x"_s));
        QVERIFY(html.contains(u"&lt;b&gt;&amp;amp;&lt;/b&gt;"_s));
        QVERIFY(consolePage({}).contains(u"No messages yet."_s));
    }

    void outboxIsNewestFirstAndFiltered()
    {
        const QString other = u"13900139000"_s;
        QCOMPARE(m_server->requestCode(TestPhone, u"register"_s).status, 202);
        QCOMPARE(m_server->requestCode(other, u"register"_s).status, 202);
        Clock::advanceForTesting(61);
        QCOMPARE(m_server->requestCode(TestPhone, u"register"_s).status, 202);
        const QList<QJsonObject> messages = m_server->outbox(TestPhone);
        QCOMPARE(messages.size(), 2);
        for (const QJsonObject &m : messages) {
            QCOMPARE(m.value(u"phone"_s).toString(), TestPhone);
            QCOMPARE(m.value(u"purpose"_s).toString(), u"register"_s);
            QVERIFY(QRegularExpression(u"^\\d{6}$"_s).match(m.value(u"code"_s).toString()).hasMatch());
        }
        const auto time = [](const QJsonObject &m) {
            return QDateTime::fromString(m.value(u"createdAt"_s).toString(), Qt::ISODateWithMs);
        };
        QVERIFY(time(messages.at(0)).isValid());
        QCOMPARE(time(messages.at(0)).timeSpec(), Qt::UTC);
        QVERIFY(time(messages.at(0)) > time(messages.at(1)));
    }

    void restartOnTheSameDatabaseKeepsData()
    {
        QCOMPARE(m_server->registerAccount(TestPhone, TestPassword).status, 201);
        m_server->server().stop();
        QVERIFY(!m_server->server().isRunning());
        QCOMPARE(m_server->server().port(), quint16(0));
        QVERIFY(m_server->server().start()); // migrations run again: a no-op
        QCOMPARE(m_server->logIn(TestPhone, TestPassword).status, 200);

        QCOMPARE(m_server->scalar(u"SELECT COUNT(*) FROM schema_migrations"_s).toInt(), int(migrations().size()));
    }

    void defaultConfigStoresScryptCost15()
    {
        TestServer server(ServerConfig{}.passwordParams);
        QVERIFY(server.start());
        QCOMPARE(server.registerAccount(TestPhone, TestPassword).status, 201);
        const QString stored = server.scalar(u"SELECT password_hash FROM accounts"_s).toString();
        QVERIFY2(stored.startsWith(u"scrypt$15$8$1$"_s), qPrintable(stored));
    }

    void startFailsClearly_data()
    {
        QTest::addColumn<QString>("databaseUrl");
        QTest::addColumn<bool>("sandbox");
        QTest::addColumn<QString>("expected");
        QTest::newRow("bad url") << u"mysql://x/y"_s << true << u"Bad database URL"_s;
        QTest::newRow("unwritable path") << u"sqlite:no-such-folder/db.sqlite"_s << true << u"no-such-folder"_s;
        // Production starts now, but not without its providers (tst_modes covers it with them).
        QTest::newRow("production without providers") << QString() << false << u"--provider-secret-file"_s;
    }

    void startFailsClearly()
    {
        QFETCH(QString, databaseUrl);
        QFETCH(bool, sandbox);
        QFETCH(QString, expected);
        ServerConfig config = m_server->config();
        if (!databaseUrl.isEmpty())
            config.databaseUrl = databaseUrl;
        config.sandbox = sandbox;
        Server server(config);
        const auto started = server.start();
        QVERIFY(!started);
        QVERIFY2(started.error().message.contains(expected), qPrintable(started.error().message));
        QVERIFY(!server.isRunning());
        QVERIFY(server.baseUrl().isEmpty());
    }

    void takenPortIsAClearError()
    {
        ServerConfig config = m_server->config();
        config.port = m_server->server().port();
        Server second(config);
        const auto started = second.start();
        QVERIFY(!started);
        QVERIFY2(started.error().message.contains(QString::number(config.port)), qPrintable(started.error().message));
        QCOMPARE(m_server->get(u"/api/v1/health"_s).status, 200); // the first one is unharmed
    }

    void embeddedServerRunsOnItsOwnThread()
    {
        QTemporaryDir dir;
        ServerConfig config = m_server->config();
        config.databaseUrl = u"sqlite:"_s + dir.filePath(u"embedded.sqlite"_s);
        EmbeddedServer embedded;
        const auto url = embedded.start(config);
        QVERIFY2(url, qPrintable(url.ok() ? QString() : url.error().message));
        QVERIFY(embedded.isRunning());
        QVERIFY(!embedded.start(config)); // only one at a time

        // The test thread only runs the client; the server answers from its thread.
        QNetworkAccessManager network;
        QUrl health = url.value();
        health.setPath(u"/api/v1/health"_s);
        std::unique_ptr<QNetworkReply> reply(network.get(QNetworkRequest(health)));
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);

        embedded.stop();
        QVERIFY(!embedded.isRunning());
        QTcpServer probe; // the port is free again after stop()
        QVERIFY(probe.listen(QHostAddress::LocalHost, quint16(url.value().port())));
        probe.close();
        QVERIFY(embedded.start(config)); // and it can start again
    }

    void embeddedServerReportsStartErrors()
    {
        ServerConfig config = m_server->config();
        config.port = m_server->server().port();
        EmbeddedServer embedded;
        const auto url = embedded.start(config);
        QVERIFY(!url);
        QVERIFY(url.error().message.contains(QString::number(config.port)));
        QVERIFY(!embedded.isRunning());
    }
};

QTEST_GUILESS_MAIN(TestHttpApi)
#include "tst_httpapi.moc"
