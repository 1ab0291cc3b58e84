// The demo trading platform in a real browser: chromium renders each transaction page, the
// core's QR decoder reads the code from the screenshot, a test device approves it on the
// in-process Tongqian server, and the result page's DOM must show the platform's own verdict.
#include "demo-platform/demoplatform.h"

#include "core/crypto/digest.h"
#include "core/crypto/random.h"
#include "core/protocol/binding.h"
#include "core/protocol/platformauth.h"
#include "core/protocol/scanerrors.h"
#include "core/protocol/transactionerrors.h"
#include "core/scan/qrdecoder.h"

#include "testparties.h"

#include <QFile>
#include <QHttpMultiPart>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QScopeGuard>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

using namespace tq;
using namespace tq::test;

namespace {

constexpr char PlatformCode[] = "C1100005553";
const QByteArray Pin = QByteArrayLiteral("246810");

struct HttpAnswer {
    int status = 0;
    QByteArray location;
    QByteArray body;
};

// The attributes of <div id="result" …> in a dumped DOM.
QHash<QString, QString> resultAttributes(const QByteArray &dom)
{
    QHash<QString, QString> out;
    const QString text = QString::fromUtf8(dom);
    const auto div = QRegularExpression(QStringLiteral("<div id=\"result\"([^>]*)>")).match(text);
    if (!div.hasMatch())
        return out;
    auto it = QRegularExpression(QStringLiteral("([a-z-]+)=\"([^\"]*)\"")).globalMatch(div.captured(1));
    while (it.hasNext()) {
        const auto m = it.next();
        out.insert(m.captured(1), m.captured(2));
    }
    return out;
}

} // namespace

class TestDemoBrowser : public QObject {
    Q_OBJECT

private:
    TestBackend m_backend;
    QTemporaryDir m_dataDir;
    QTemporaryDir m_shots;
    std::unique_ptr<demo::DemoPlatform> m_platform;
    std::unique_ptr<TestDevice> m_device;
    CertificateRecord m_cert;
    QString m_chromium;
    QNetworkAccessManager m_nam;
    int m_shotCount = 0;

    demo::DemoPlatform *m_active = nullptr; ///< the platform the helpers talk to

    QUrl at(const QString &path) const { return m_active->url().resolved(QUrl(path)); }

    // One request to the demo platform, answered while this thread's event loop keeps serving it.
    HttpAnswer http(const QByteArray &verb, const QString &path, QHttpMultiPart *multipart = nullptr,
                    const QByteArray &body = {}, const QList<std::pair<QByteArray, QByteArray>> &headers = {})
    {
        QNetworkRequest request(at(path));
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
        QNetworkReply *reply = multipart ? m_nam.post(request, multipart)
                                         : m_nam.sendCustomRequest(request, verb, body);
        if (multipart)
            multipart->setParent(reply);
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 15000))
            qWarning("no answer from %s", qPrintable(path));
        HttpAnswer a{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->rawHeader("Location"),
                     reply->readAll()};
        reply->deleteLater();
        return a;
    }

    // Follows /pending/… until the platform has its tId; the /tx/… path.
    QString transactionPath(const HttpAnswer &started)
    {
        if (started.status != 303 || !started.location.startsWith("/pending/")) {
            qWarning("start answered %d: %s", started.status, started.body.constData());
            return {};
        }
        QString path;
        (void)QTest::qWaitFor([&] {
            const HttpAnswer a = http("GET", QString::fromUtf8(started.location));
            if (a.status == 303)
                path = QString::fromUtf8(a.location);
            return !path.isEmpty() || a.status != 200;
        }, 15000);
        return path;
    }

    // Runs chromium headless while the event loop serves the pages; its stdout.
    QByteArray chromium(const QStringList &extra, const QString &path)
    {
        QProcess p;
        p.setProgram(m_chromium);
        p.setArguments(QStringList{QStringLiteral("--headless=new"), QStringLiteral("--no-sandbox"),
                                   QStringLiteral("--disable-gpu"), QStringLiteral("--no-first-run"),
                                   QStringLiteral("--disable-dev-shm-usage"),
                                   QStringLiteral("--user-data-dir=") + m_shots.filePath(QStringLiteral("profile"))}
                       + extra + QStringList{at(path).toString()});
        p.start();
        if (!p.waitForStarted(10000) || !QTest::qWaitFor([&p] { return p.state() == QProcess::NotRunning; }, 60000)) {
            qWarning("chromium did not finish: %s", p.readAllStandardError().constData());
            p.kill();
            p.waitForFinished();
            return {};
        }
        return p.readAllStandardOutput();
    }

    QString scanScreen(const QString &path)
    {
        const QString png = m_shots.filePath(QStringLiteral("shot-%1.png").arg(++m_shotCount));
        chromium({QStringLiteral("--screenshot=") + png, QStringLiteral("--window-size=1280,1000"),
                  QStringLiteral("--hide-scrollbars")},
                 path);
        const auto codes = QrDecoder::decodeFile(png);
        if (!codes || codes.value().isEmpty()) {
            qWarning("no QR code in the screenshot %s", qPrintable(png));
            return {};
        }
        return codes.value().first().text;
    }

    QHash<QString, QString> resultOf(const QString &path)
    {
        return resultAttributes(chromium({QStringLiteral("--dump-dom")}, path));
    }

    Error approveFromScreen(const QString &txPath, const QString &certificateId)
    {
        const QString qrText = scanScreen(txPath);
        if (qrText.isEmpty())
            return Error(ScanError::InvalidQr, QStringLiteral("nothing decoded"));
        auto *open = m_device->transactions->open(qrText);
        open->setAutoDelete(false);
        if (Error e = waitFor(open); !e.isNull())
            return e;
        const ScanTransaction transaction = open->result();
        delete open;
        return waitFor(m_device->transactions->approve(transaction, certificateId, SecureBytes(Pin)));
    }

    // Scans, approves and waits for the platform's verdict; the result page's attributes.
    QHash<QString, QString> complete(const QString &txPath)
    {
        if (Error e = approveFromScreen(txPath, m_cert.id); !e.isNull()) {
            qWarning("approval failed: %s %s", qPrintable(e.code), qPrintable(e.message));
            return {};
        }
        const QString tId = txPath.section(QLatin1Char('/'), -1);
        (void)QTest::qWaitFor([&] {
            const QString s = m_active->status(tId);
            return s == u"verified" || s == u"failed";
        }, 15000);
        return resultOf(txPath);
    }

    QHttpMultiPart *fileForm(const QByteArray &name, const QByteArray &fileName, const QByteArray &content)
    {
        auto *multipart = new QHttpMultiPart(QHttpMultiPart::FormDataType);
        QHttpPart part;
        part.setHeader(QNetworkRequest::ContentDispositionHeader,
                       QByteArray("form-data; name=\"" + name + "\"; filename=\"" + fileName + "\""));
        part.setBody(content);
        multipart->append(part);
        return multipart;
    }

    QByteArray storedSecret() const
    {
        QFile f(m_dataDir.filePath(QStringLiteral("platform-secret")));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    HttpAnswer postCallback(const QByteArray &secret, const QByteArray &body, const QByteArray &sentBody)
    {
        const auto headers = PlatformAuth::sign(secret, "POST", "/callback", QString::fromLatin1(PlatformCode), body);
        auto raw = headers.toRaw();
        raw.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
        return http("POST", QStringLiteral("/callback"), nullptr, sentBody, raw);
    }

    QString m_bidTxPath;
    QString m_signTxPath;

private Q_SLOTS:
    void initTestCase()
    {
        m_chromium = QStandardPaths::findExecutable(QStringLiteral("chromium"));
        QVERIFY2(!m_chromium.isEmpty(),
                 "chromium is not installed; this browser test needs it: apt-get install chromium "
                 "(tongqian.sh lists it among the test packages)");
        QVERIFY(m_backend.start());
        demo::DemoPlatform::Options options;
        options.serverUrl = m_backend.url();
        options.port = 0;
        options.dataDir = m_dataDir.path();
        options.code = QString::fromLatin1(PlatformCode);
        options.pollIntervalMs = 500;
        m_platform = std::make_unique<demo::DemoPlatform>(options);
        const Error started = waitFor(m_platform->start());
        QVERIFY2(started.isNull(), qPrintable(started.message));
        m_active = m_platform.get();
        m_device = TestDevice::create(m_backend);
        QVERIFY(m_device);
        const auto cert = m_device->applyFor(KeyAlgorithm::Sm2, Pin);
        QVERIFY(cert);
        m_cert = *cert;
        QVERIFY(!m_cert.serial.isEmpty());
    }

    void indexShowsEveryAction()
    {
        const QByteArray dom = chromium({QStringLiteral("--dump-dom")}, QStringLiteral("/"));
        for (const char *href : {"/login", "/sign", "/seal", "/message", "/encrypt", "/bid", "/bids"})
            QVERIFY2(dom.contains(QByteArray(QByteArray("href=\"") + href + '"')), href);
    }

    void login()
    {
        const QString txPath = transactionPath(http("GET", QStringLiteral("/login")));
        QVERIFY(txPath.startsWith(u"/tx/"));
        QCOMPARE(resultOf(txPath).value(QStringLiteral("data-status")), QStringLiteral("pending"));
        const auto result = complete(txPath);
        QCOMPARE(result.value(QStringLiteral("data-status")), QStringLiteral("verified"));
        QCOMPARE(result.value(QStringLiteral("data-cert-sn")), m_cert.serial);
        QCOMPARE(result.value(QStringLiteral("data-ca-org-type")), m_cert.caOrg);
        QVERIFY(!result.value(QStringLiteral("data-subject")).isEmpty());
        QVERIFY2(m_platform->acceptedCallbacks() >= 2, "the server's signed callbacks (01 and 02) were not taken");
        QCOMPARE(m_platform->rejectedCallbacks(), 0);
        // The one-time login token of callback 02 is exchanged, whether a poll or the callback came first.
        QVERIFY(QTest::qWaitFor([&] { return http("GET", txPath).body.contains("one-time access token exchanged"); }, 15000));
    }

    void messageSignature()
    {
        const QString txPath = transactionPath(
            http("POST", QStringLiteral("/message"), nullptr,
                 "message=" + QUrl::toPercentEncoding(QStringLiteral("确认参加开标会议 I will attend the bid opening")),
                 {{"Content-Type", "application/x-www-form-urlencoded"}}));
        QVERIFY(txPath.startsWith(u"/tx/"));
        const auto result = complete(txPath);
        QCOMPARE(result.value(QStringLiteral("data-status")), QStringLiteral("verified"));
        QCOMPARE(result.value(QStringLiteral("data-action")), QStringLiteral("message_sign"));
        QCOMPARE(result.value(QStringLiteral("data-cert-sn")), m_cert.serial);
    }

    void signText()
    {
        auto *form = new QHttpMultiPart(QHttpMultiPart::FormDataType);
        QHttpPart text;
        text.setHeader(QNetworkRequest::ContentDispositionHeader, QByteArrayLiteral("form-data; name=\"text\""));
        text.setBody(QStringLiteral("同意投标承诺书 I accept the bid terms").toUtf8());
        form->append(text);
        m_signTxPath = transactionPath(http("POST", QStringLiteral("/sign"), form));
        QVERIFY(m_signTxPath.startsWith(u"/tx/"));
        const auto result = complete(m_signTxPath);
        QCOMPARE(result.value(QStringLiteral("data-status")), QStringLiteral("verified"));
        QCOMPARE(result.value(QStringLiteral("data-cert-sn")), m_cert.serial);
    }

    void sealHostedDocument()
    {
        const QString txPath = transactionPath(
            http("POST", QStringLiteral("/seal"), fileForm("file", "合同.txt", QByteArrayLiteral("contract text\n"))));
        QVERIFY(txPath.startsWith(u"/tx/"));
        const auto result = complete(txPath);
        QCOMPARE(result.value(QStringLiteral("data-status")), QStringLiteral("verified"));
        QCOMPARE(result.value(QStringLiteral("data-cert-sn")), m_cert.serial);
    }

    void bidSubmissionAndOpening()
    {
        QByteArray bidFile;
        for (int i = 0; i < 3000; ++i)
            bidFile += "报价 line " + QByteArray::number(i) + '\n';
        const QString submitPath = transactionPath(http("POST", QStringLiteral("/bid"), fileForm("file", "bid.txt", bidFile)));
        QVERIFY(submitPath.startsWith(u"/tx/"));
        const auto submitted = complete(submitPath);
        QCOMPARE(submitted.value(QStringLiteral("data-status")), QStringLiteral("verified"));
        QCOMPARE(submitted.value(QStringLiteral("data-action")), QStringLiteral("encrypt"));
        QCOMPARE(submitted.value(QStringLiteral("data-cert-sn")), m_cert.serial);
        QVERIFY(!submitted.value(QStringLiteral("data-enc-cert-sn")).isEmpty());

        const QByteArray dom = chromium({QStringLiteral("--dump-dom")}, submitPath);
        const auto open = QRegularExpression(QStringLiteral("action=\"(/bids/[0-9a-f]+/open)\"")).match(QString::fromUtf8(dom));
        QVERIFY2(open.hasMatch(), "the bid submission page offers no bid opening");
        const QString openPath = transactionPath(http("POST", open.captured(1)));
        QVERIFY(openPath.startsWith(u"/tx/"));
        const auto opened = complete(openPath);
        QCOMPARE(opened.value(QStringLiteral("data-status")), QStringLiteral("verified"));
        QCOMPARE(opened.value(QStringLiteral("data-action")), QStringLiteral("decrypt"));
        QCOMPARE(opened.value(QStringLiteral("data-cert-sn")), m_cert.serial);
        QCOMPARE(opened.value(QStringLiteral("data-hash-match")), QStringLiteral("true"));
        const QByteArray openedDom = chromium({QStringLiteral("--dump-dom")}, openPath);
        QVERIFY(openedDom.contains(sm3(bidFile).toHex()));

        // Checking the submission again keeps the sealed bid as it is.
        QCOMPARE(http("POST", submitPath + QStringLiteral("/verify")).status, 303);
        const QString submitTId = submitPath.section(QLatin1Char('/'), -1);
        QVERIFY(QTest::qWaitFor([&] { return m_platform->status(submitTId) != u"verifying"; }, 15000));
        QCOMPARE(resultOf(submitPath).value(QStringLiteral("data-status")), QStringLiteral("verified"));
    }

    void pollingAloneSuffices()
    {
        // A second platform that refuses every callback learns the result by polling.
        QTemporaryDir dir;
        demo::DemoPlatform::Options options;
        options.serverUrl = m_backend.url();
        options.port = 0;
        options.dataDir = dir.path();
        options.code = QStringLiteral("C1100005554");
        options.pollIntervalMs = 300;
        options.callbacks = false;
        demo::DemoPlatform pollOnly(options);
        QVERIFY(waitFor(pollOnly.start()).isNull());
        m_active = &pollOnly;
        const auto restore = qScopeGuard([this] { m_active = m_platform.get(); });
        const QString txPath = transactionPath(http("GET", QStringLiteral("/login")));
        QVERIFY(txPath.startsWith(u"/tx/"));
        const auto result = complete(txPath);
        QCOMPARE(result.value(QStringLiteral("data-status")), QStringLiteral("verified"));
        QCOMPARE(result.value(QStringLiteral("data-cert-sn")), m_cert.serial);
        QCOMPARE(pollOnly.acceptedCallbacks(), 0);
    }

    void invalidInputIsRefused()
    {
        QCOMPARE(http("POST", QStringLiteral("/sign"), nullptr, "text=", {{"Content-Type", "application/x-www-form-urlencoded"}}).status,
                 400);
        const QByteArray big(demo::DemoPlatform::MaxUploadBytes + 1, 'x');
        QCOMPARE(http("POST", QStringLiteral("/bid"), fileForm("file", "big.bin", big)).status, 413);
        QString tooLong(2001, QLatin1Char('m'));
        QCOMPARE(http("POST", QStringLiteral("/message"), nullptr, "message=" + tooLong.toLatin1(),
                      {{"Content-Type", "application/x-www-form-urlencoded"}})
                     .status,
                 400);
    }

    void forgedCallbacksAreRejected()
    {
        const QString tId = m_signTxPath.section(QLatin1Char('/'), -1);
        const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("eventId"), QStringLiteral("forged-1")},
                                                          {QStringLiteral("type"), QStringLiteral("01")},
                                                          {QStringLiteral("platformCode"), QString::fromLatin1(PlatformCode)},
                                                          {QStringLiteral("tId"), tId},
                                                          {QStringLiteral("data"), QJsonObject{{QStringLiteral("status"),
                                                                                                QStringLiteral("rejected")}}}})
                                    .toJson(QJsonDocument::Compact);
        const int before = m_platform->rejectedCallbacks();
        // Signed with a guessed secret.
        QCOMPARE(postCallback("not-the-platform-secret-not-the-platform-sec", body, body).status, 401);
        // Signed with the real secret, then altered in transit.
        QByteArray tampered = body;
        tampered.replace("rejected", "rejected ");
        QCOMPARE(postCallback(storedSecret(), body, tampered).status, 401);
        // No signature at all.
        QCOMPARE(http("POST", QStringLiteral("/callback"), nullptr, body).status, 401);
        QCOMPARE(m_platform->rejectedCallbacks(), before + 3);
        QCOMPARE(m_platform->status(tId), QStringLiteral("verified"));
    }

    void authenticCallbackWithForgedResultFails()
    {
        // Even a correctly signed callback (someone holding the secret, or a buggy server) cannot
        // make the platform show a success: the result itself must verify.
        const QString txPath = transactionPath(http("GET", QStringLiteral("/login")));
        QVERIFY(txPath.startsWith(u"/tx/"));
        const QString tId = txPath.section(QLatin1Char('/'), -1);
        Binding binding;
        binding.content.action = ScanAction::Login;
        binding.platformCode = QString::fromLatin1(PlatformCode);
        binding.tId = tId;
        binding.challenge = Random::token();
        binding.certSn = m_cert.serial;
        const auto statement = binding.statement();
        QVERIFY(statement);
        const QJsonObject data{{QStringLiteral("loginUserType"), QStringLiteral("01")},
                               {QStringLiteral("certSn"), m_cert.serial},
                               {QStringLiteral("caOrgType"), m_cert.caOrg},
                               {QStringLiteral("pubCert"), QString::fromLatin1(m_cert.der.toBase64())},
                               {QStringLiteral("algorithm"), QStringLiteral("SM2")},
                               {QStringLiteral("binding"), QString::fromLatin1(statement.value().toBase64())},
                               {QStringLiteral("bindingSignature"), QString::fromLatin1(QByteArray(70, 'A').toBase64())}};
        const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("eventId"), QStringLiteral("forged-2")},
                                                          {QStringLiteral("type"), QStringLiteral("02")},
                                                          {QStringLiteral("platformCode"), QString::fromLatin1(PlatformCode)},
                                                          {QStringLiteral("tId"), tId},
                                                          {QStringLiteral("data"), data}})
                                    .toJson(QJsonDocument::Compact);
        QCOMPARE(postCallback(storedSecret(), body, body).status, 200);
        QVERIFY(QTest::qWaitFor([&] { return m_platform->status(tId) == u"failed"; }, 15000));
        const QByteArray dom = chromium({QStringLiteral("--dump-dom")}, txPath);
        QVERIFY2(dom.contains("binding signature does not verify"), dom.constData());
        const auto result = resultAttributes(dom);
        QCOMPARE(result.value(QStringLiteral("data-status")), QStringLiteral("failed"));
        QVERIFY(result.value(QStringLiteral("data-cert-sn")).isEmpty());
        // The same event again is acknowledged and ignored.
        QCOMPARE(postCallback(storedSecret(), body, body).status, 200);
    }

    void revokedCertificate()
    {
        QVERIFY2(m_platform->status(m_signTxPath.section(QLatin1Char('/'), -1)) == u"verified",
                 "runs after signText, whose result it checks again");
        // Revoked on the server behind the device's back: its local list still says valid.
        QVERIFY(waitFor(m_device->api->post(QStringLiteral("/certificates/%1/revocation").arg(m_cert.id), {},
                                             m_device->session->accessToken()))
                    .isNull());
        // The platform checks a stored result again against the server's fresh CRL.
        const HttpAnswer again = http("POST", m_signTxPath + QStringLiteral("/verify"));
        QCOMPARE(again.status, 303);
        const QString tId = m_signTxPath.section(QLatin1Char('/'), -1);
        QVERIFY(QTest::qWaitFor([&] { return m_platform->status(tId) == u"failed"; }, 15000));
        const QByteArray dom = chromium({QStringLiteral("--dump-dom")}, m_signTxPath);
        QCOMPARE(resultAttributes(dom).value(QStringLiteral("data-status")), QStringLiteral("failed"));
        QVERIFY2(dom.contains("is revoked"), dom.constData());

        // A new transaction answered with the revoked certificate: the server refuses the result,
        // so the platform never sees one.
        const QString txPath = transactionPath(http("GET", QStringLiteral("/login")));
        QVERIFY(txPath.startsWith(u"/tx/"));
        const Error refused = approveFromScreen(txPath, m_cert.id);
        QCOMPARE(refused.code, QString::fromLatin1(TransactionError::CertificateUnusable));
        QCOMPARE(refused.details.value(QStringLiteral("reason")).toString(), QStringLiteral("revoked"));
        QCOMPARE(resultOf(txPath).value(QStringLiteral("data-status")), QStringLiteral("scanned"));

        // Once the device has refreshed its list, it does not even offer the certificate.
        QVERIFY(waitFor(m_device->certificates->refresh()).isNull());
        const QString nextPath = transactionPath(http("GET", QStringLiteral("/login")));
        QCOMPARE(approveFromScreen(nextPath, m_cert.id).code, QString::fromLatin1(TransactionError::NoUsableCertificate));
    }
};

QTEST_GUILESS_MAIN(TestDemoBrowser)
#include "tst_demo_browser.moc"
