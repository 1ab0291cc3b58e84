// Sandbox and production apart (issue 14): sandbox listens on loopback only unless forced and
// says so in /api/v1/health; production has no sandbox routes and reaches its SMS gateway and
// identity source through signed webhooks (tested against a receiver on loopback).
#include "core/common/clock.h"
#include "core/crypto/x509.h"
#include "server/keys/masterkey.h"
#include "server/providers/webhookclient.h"
#include "tests/server/testserver.h"

#include <QFile>
#include <QHttpServer>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTest>

using namespace tq;
using namespace tq::server;
using namespace tq::server::test;
using namespace Qt::StringLiterals;

namespace {

const QByteArray ProviderSecret = "a-shared-secret-of-the-provider";

/// The operator's SMS gateway and identity source on a free loopback port: records each POST
/// (path, JSON, whether its signature checks out) and answers identity checks with `match`.
class ProviderReceiver {
public:
    struct Call {
        QString path;
        QJsonObject json;
        bool signatureOk = false;
    };

    ProviderReceiver()
    {
        m_tcp = new QTcpServer(&m_http);
        m_tcp->listen(QHostAddress::LocalHost);
        m_http.bind(m_tcp);
        const auto record = [this](const QHttpServerRequest &request) {
            Call call;
            call.path = request.url().path();
            call.json = QJsonDocument::fromJson(request.body()).object();
            const qint64 timestamp = request.value("X-Tongqian-Timestamp").toLongLong();
            call.signatureOk = request.value("X-Tongqian-Signature") ==
                    WebhookClient::signature(ProviderSecret, timestamp, request.body()) &&
                qAbs(timestamp - Clock::nowSecs()) < 60;
            m_calls.append(call);
            return call;
        };
        m_http.route(u"/sms"_s, QHttpServerRequest::Method::Post, [record](const QHttpServerRequest &request) {
            record(request);
            return QHttpServerResponse(QJsonObject{}, QHttpServerResponse::StatusCode::Ok);
        });
        m_http.route(u"/identity"_s, QHttpServerRequest::Method::Post, [this, record](const QHttpServerRequest &request) {
            const Call call = record(request);
            const bool liveness = call.json.value(u"check"_s).toString() == u"liveness";
            return QHttpServerResponse(QJsonObject{{liveness ? u"pass"_s : u"match"_s, match}});
        });
    }

    QUrl url(const QString &path) const { return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_tcp->serverPort()).arg(path)); }
    const QList<Call> &calls() const { return m_calls; }
    bool match = true;

private:
    QHttpServer m_http;
    QTcpServer *m_tcp = nullptr;
    QList<Call> m_calls;
};

} // namespace

class TestModes : public QObject {
    Q_OBJECT

    /// A production configuration whose providers are `receiver`.
    static void makeProduction(TestServer &server, const ProviderReceiver &receiver, const QString &secretPath)
    {
        QFile secret(secretPath);
        QVERIFY(secret.open(QIODevice::WriteOnly));
        secret.write(ProviderSecret);
        secret.close();
        ServerConfig &config = server.config();
        // Production never creates a master key; the operator provides one.
        QVERIFY(MasterKey::loadOrCreate(config.masterKeyPath));
        config.sandbox = false;
        config.privateCallbackTargets = false;
        config.smsWebhookUrl = receiver.url(u"/sms"_s);
        config.identityWebhookUrl = receiver.url(u"/identity"_s);
        config.providerSecretPath = secretPath;
    }

private Q_SLOTS:
    void cleanup() { Clock::resetForTesting(); }

    void sandboxListensOnLoopbackOnly()
    {
        TestServer server;
        server.config().address = QHostAddress::AnyIPv4;
        QVERIFY(!server.start());
        QVERIFY2(server.startError().contains(u"--sandbox-on-network"_s), qPrintable(server.startError()));
    }

    void sandboxOnTheNetworkWhenForced()
    {
        TestServer server;
        server.config().address = QHostAddress::AnyIPv4;
        server.config().sandboxOnNetwork = true;
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"SANDBOX MODE ON A NETWORK ADDRESS"_s));
        QVERIFY2(server.start(), qPrintable(server.startError()));
        QCOMPARE(server.get(u"/api/v1/health"_s).json.value(u"mode"_s).toString(), u"sandbox"_s);
    }

    void productionNeedsItsProviders()
    {
        TestServer server;
        server.config().sandbox = false;
        QVERIFY(MasterKey::loadOrCreate(server.config().masterKeyPath));
        QVERIFY(!server.start());
        QVERIFY2(server.startError().contains(u"--provider-secret-file"_s), qPrintable(server.startError()));
    }

    void productionHasNoSandboxRoutes()
    {
        ProviderReceiver receiver;
        QTemporaryDir dir;
        TestServer server;
        makeProduction(server, receiver, dir.filePath(u"provider.secret"_s));
        QVERIFY2(server.start(), qPrintable(server.startError()));
        QCOMPARE(server.get(u"/api/v1/health"_s).json.value(u"mode"_s).toString(), u"production"_s);
        const HttpReply outbox = server.get(u"/api/v1/sandbox/sms-outbox?phone="_s + TestPhone);
        QCOMPARE(outbox.status, 404);
        QCOMPARE(outbox.code(), u"not_found"_s);
        const HttpReply platforms = server.post(u"/api/v1/sandbox/platforms"_s,
                                                {{u"code"_s, u"C1100005553"_s},
                                                 {u"name"_s, u"x"_s},
                                                 {u"callbackUrl"_s, u"https://rp.example.cn/cb"_s}});
        QCOMPARE(platforms.status, 404);
        QCOMPARE(server.scalar(u"SELECT COUNT(*) FROM platforms"_s).toInt(), 0);
    }

    void productionSendsCodesThroughTheSignedWebhook()
    {
        ProviderReceiver receiver;
        QTemporaryDir dir;
        TestServer server;
        makeProduction(server, receiver, dir.filePath(u"provider.secret"_s));
        QVERIFY2(server.start(), qPrintable(server.startError()));
        QCOMPARE(server.requestCode(TestPhone, u"register"_s).status, 202);
        QCOMPARE(receiver.calls().size(), 1);
        const ProviderReceiver::Call sms = receiver.calls().first();
        QCOMPARE(sms.path, u"/sms"_s);
        QVERIFY(sms.signatureOk);
        QCOMPARE(sms.json.value(u"phone"_s).toString(), TestPhone);
        QCOMPARE(sms.json.value(u"purpose"_s).toString(), u"register"_s);
        // The code the gateway got registers the account.
        const HttpReply registered = server.post(u"/api/v1/accounts"_s, {{u"phone"_s, TestPhone},
                                                                        {u"smsCode"_s, sms.json.value(u"code"_s)},
                                                                        {u"password"_s, TestPassword}});
        QCOMPARE(registered.status, 201);

        // Identity: the source's answer decides, and liveness goes to the same endpoint.
        const QString token = accessTokenOf(registered);
        receiver.match = false;
        QCOMPARE(server.verifyIdentity(token, TestName, TestIdNumber).code(), u"identity_mismatch"_s);
        receiver.match = true;
        QCOMPARE(server.verifyIdentity(token, TestName, TestIdNumber).status, 200);
        QStringList checks;
        for (const auto &call : receiver.calls().mid(1)) {
            QVERIFY(call.signatureOk);
            QCOMPARE(call.json.value(u"idNumber"_s).toString(), TestIdNumber);
            checks << call.json.value(u"check"_s).toString();
        }
        QCOMPARE(checks, (QStringList{u"name_id"_s, u"name_id"_s, u"liveness"_s}));

        // Issue 15: every issue is told to the holder through the gateway, as a notice.
        const auto key = KeyPair::generate(KeyAlgorithm::EcdsaP256);
        QVERIFY(key);
        const auto csr = Csr::create(key.value(), {{u"CN"_s, u"device"_s}});
        QVERIFY(csr);
        QCOMPARE(server.applyCertificate(token, csr.value()).status, 201);
        const ProviderReceiver::Call notice = receiver.calls().constLast();
        QCOMPARE(notice.path, u"/sms"_s);
        QVERIFY(notice.signatureOk);
        QCOMPARE(notice.json.value(u"phone"_s).toString(), TestPhone);
        QCOMPARE(notice.json.value(u"purpose"_s).toString(), u"certificate_issued"_s);
        QVERIFY(!notice.json.contains(u"code"_s));
        const QString text = notice.json.value(u"text"_s).toString();
        QVERIFY2(text.contains(u"Tongqian Sandbox CA"_s) && text.contains(u"revoke"_s), qPrintable(text));
    }

    void productionConsoleHasNoSandboxAndOperatorsRegisterPlatforms()
    {
        ProviderReceiver receiver;
        QTemporaryDir dir;
        TestServer server;
        makeProduction(server, receiver, dir.filePath(u"provider.secret"_s));
        QVERIFY2(server.start(), qPrintable(server.startError()));
        QVERIFY(!server.consoleGet(u"/console"_s, {}).body.contains("SANDBOX"));
        const QByteArray cookie = server.consoleAdminCookie();
        const HttpReply home = server.consoleGet(u"/console"_s, cookie);
        QCOMPARE(home.status, 200);
        QVERIFY(!home.body.contains("SANDBOX"));
        QVERIFY(!home.body.contains("SMS outbox"));
        // The only way in for a platform: an operator.
        const QString token = server.operatorToken(server.addOperator(u"ops"_s, u"admin"_s));
        const HttpReply registered = server.postAs(token, u"/api/v1/operator/platforms"_s,
                                                   {{u"code"_s, u"C1100005553"_s},
                                                    {u"name"_s, u"x"_s},
                                                    // An IP literal: production resolves callback
                                                    // hosts, and this test needs no DNS.
                                                    {u"callbackUrl"_s, u"https://203.0.113.7/cb"_s}});
        QCOMPARE(registered.status, 201);
        QCOMPARE(server.scalar(u"SELECT COUNT(*) FROM platforms"_s).toInt(), 1);
    }

    void anUnreachableGatewayRefusesTheCode()
    {
        ProviderReceiver receiver;
        QTemporaryDir dir;
        TestServer server;
        makeProduction(server, receiver, dir.filePath(u"provider.secret"_s));
        QTcpServer closed; // a port nobody answers on once closed
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        server.config().smsWebhookUrl = QUrl(u"http://127.0.0.1:%1/sms"_s.arg(closed.serverPort()));
        closed.close();
        QVERIFY2(server.start(), qPrintable(server.startError()));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"provider at .* failed"_s));
        const HttpReply refused = server.requestCode(TestPhone, u"register"_s);
        QCOMPARE(refused.status, 500);
        QCOMPARE(refused.code(), u"internal"_s);
    }
};

QTEST_GUILESS_MAIN(TestModes)
#include "tst_modes.moc"
