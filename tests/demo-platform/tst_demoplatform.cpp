// The demo trading platform's input parsing and helpers, without a server.
#include "demo-platform/forms.h"
#include "demo-platform/pages.h"

#include <QTest>

using namespace tq;
using namespace tq::demo;

class TestDemoPlatform : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void urlencoded()
    {
        const auto form = parseForm("application/x-www-form-urlencoded", "message=%E4%BD%A0%E5%A5%BD+world&x=1", 1024);
        QVERIFY(form);
        QCOMPARE(QString::fromUtf8(form.value().value(QStringLiteral("message")).value), QStringLiteral("你好 world"));
        QCOMPARE(form.value().value(QStringLiteral("x")).value, QByteArray("1"));
    }

    void multipart()
    {
        const QByteArray body = "--XyZ\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nhello\r\n"
                                "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a b.txt\"\r\n"
                                "Content-Type: text/plain\r\n\r\nline1\r\nline2\r\n--XyZ--\r\n";
        const auto form = parseForm("multipart/form-data; boundary=XyZ", body, 1024);
        QVERIFY(form);
        QCOMPARE(form.value().value(QStringLiteral("text")).value, QByteArray("hello"));
        QCOMPARE(form.value().value(QStringLiteral("file")).value, QByteArray("line1\r\nline2"));
        QCOMPARE(form.value().value(QStringLiteral("file")).fileName, QStringLiteral("a b.txt"));
    }

    void rejects_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("code");
        QTest::newRow("too large") << QByteArray("application/x-www-form-urlencoded") << QByteArray(65, 'a')
                                   << QStringLiteral("payload_too_large");
        QTest::newRow("json") << QByteArray("application/json") << QByteArray("{}") << QStringLiteral("invalid_request");
        QTest::newRow("no boundary") << QByteArray("multipart/form-data") << QByteArray("--\r\n")
                                     << QStringLiteral("invalid_request");
        QTest::newRow("unterminated") << QByteArray("multipart/form-data; boundary=b")
                                      << QByteArray("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx")
                                      << QStringLiteral("invalid_request");
        QTest::newRow("repeated") << QByteArray("application/x-www-form-urlencoded") << QByteArray("a=1&a=2")
                                  << QStringLiteral("invalid_request");
        QTest::newRow("nameless part") << QByteArray("multipart/form-data; boundary=b")
                                       << QByteArray("--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--")
                                       << QStringLiteral("invalid_request");
    }

    void rejects()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(QString, code);
        const auto form = parseForm(contentType, body, 64);
        QVERIFY(!form);
        QCOMPARE(form.error().code, code);
        QVERIFY(!form.error().message.isEmpty());
    }

    void staticFilesComeFromTheResources()
    {
        const auto css = pages::staticFile(QStringLiteral("style.css"));
        QVERIFY(css);
        QCOMPARE(css->contentType, QByteArray("text/css; charset=utf-8"));
        QVERIFY(css->content.contains("[data-status=verified] .state"));
        const auto script = pages::staticFile(QStringLiteral("status.js"));
        QVERIFY(script);
        QVERIFY(script->content.contains("'/status'"));
        QVERIFY(pages::staticFile(QStringLiteral("pending.js")));
        QVERIFY(!pages::staticFile(QStringLiteral("page.html"))); // a template, not served
        QVERIFY(!pages::staticFile(QStringLiteral("../demoplatform.cpp")));
    }

    void pagesUseTheFrameAndEscape()
    {
        const QString page = QString::fromUtf8(pages::document(QStringLiteral("<Bid> & co"), QStringLiteral("<p>body</p>"),
                                                               {QStringLiteral("status.js")}));
        QVERIFY(page.startsWith(QStringLiteral("<!DOCTYPE html>")));
        QVERIFY(page.contains(QStringLiteral("<title>&lt;Bid&gt; &amp; co</title>")));
        QVERIFY(page.contains(QStringLiteral("<h1>&lt;Bid&gt; &amp; co</h1><p>body</p>")));
        QVERIFY(page.contains(QStringLiteral("<link rel=\"stylesheet\" href=\"/static/style.css\">")));
        QVERIFY(page.contains(QStringLiteral("<script src=\"/static/status.js\"></script></body></html>")));
        QVERIFY(!page.contains(QStringLiteral("<style>")));

        TransactionRecord t;
        t.tId = QStringLiteral("C11000055530123456789abcdef0123456789abcdef");
        t.status = QStringLiteral("failed");
        t.reason = QStringLiteral("The binding signature does not verify <here>.");
        const QString failed = QString::fromUtf8(pages::transaction(t));
        QVERIFY(failed.contains(QStringLiteral("data-status=\"failed\"")));
        QVERIFY(failed.contains(QStringLiteral("does not verify &lt;here&gt;.")));
        QVERIFY(!failed.contains(QStringLiteral("<script"))); // a final state does not reload
        t.status = QStringLiteral("scanned");
        QVERIFY(pages::transaction(t).contains("<script src=\"/static/status.js\">"));
    }

    void commonNames()
    {
        QCOMPARE(pages::commonName(QStringLiteral("CN=张三,O=Example,C=CN")), QStringLiteral("张三"));
        QCOMPARE(pages::commonName(QStringLiteral("O=Example")), QStringLiteral("O=Example"));
    }
};

QTEST_GUILESS_MAIN(TestDemoPlatform)
#include "tst_demoplatform.moc"
