// RequestFront on its own: the verdict on whole streams, fed at once and byte by byte.
#include "server/http/requestfront.h"

#include <QTest>

using namespace tq::server;
using Verdict = RequestFront::Verdict;

Q_DECLARE_METATYPE(Verdict)

namespace {

const QByteArray Get = "GET /api/v1/health HTTP/1.1\r\nHost: t\r\n\r\n";

QByteArray post(const QByteArray &framing, const QByteArray &body)
{
    return "POST /api/v1/sms-codes HTTP/1.1\r\nHost: t\r\n" + framing + "\r\n" + body;
}

QByteArray withLength(const QByteArray &body)
{
    return post("Content-Length: " + QByteArray::number(body.size()) + "\r\n", body);
}

constexpr RequestLimits Small{.maxHeadBytes = 256, .maxBodyBytes = 100, .maxChunkFramingBytes = 64};

} // namespace

class TestRequestFront : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void verdicts_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<Verdict>("verdict");
        QTest::addColumn<qint64>("completed");

        QTest::newRow("one get") << Get << Verdict::GoOn << qint64(1);
        QTest::newRow("bare line feeds") << QByteArray("GET / HTTP/1.1\nHost: t\n\n") << Verdict::GoOn << qint64(1);
        QTest::newRow("pipelined") << Get + withLength("{}") + Get << Verdict::GoOn << qint64(3);
        QTest::newRow("half a request") << Get.first(20) << Verdict::GoOn << qint64(0);
        QTest::newRow("body at the limit") << withLength(QByteArray(100, ' ')) << Verdict::GoOn << qint64(1);
        QTest::newRow("body one past the limit")
            << post("Content-Length: 101\r\n", {}) << Verdict::PayloadTooLarge << qint64(0);
        QTest::newRow("huge length") << post("Content-Length: 99999999999999999999999\r\n", {})
                                     << Verdict::PayloadTooLarge << qint64(0);
        QTest::newRow("chunked")
            << post("Transfer-Encoding: chunked\r\n", "2\r\n{}\r\n3;x=y\r\n   \r\n0\r\nX-T: 1\r\n\r\n") + Get
            << Verdict::GoOn << qint64(2);
        QTest::newRow("chunked at the limit")
            << post("Transfer-Encoding: Chunked\r\n", "32\r\n" + QByteArray(50, 'a') + "\r\n32\r\n"
                                                          + QByteArray(50, 'a') + "\r\n0\r\n\r\n")
            << Verdict::GoOn << qint64(1);
        QTest::newRow("chunked past the limit")
            << post("Transfer-Encoding: chunked\r\n", "32\r\n" + QByteArray(50, 'a') + "\r\n33\r\n")
            << Verdict::PayloadTooLarge << qint64(0);
        QTest::newRow("huge chunk") << post("Transfer-Encoding: chunked\r\n", "fffffffffffffffffff\r\n")
                                    << Verdict::PayloadTooLarge << qint64(0);
        QTest::newRow("chunk framing past its limit")
            << post("Transfer-Encoding: chunked\r\n", "1;" + QByteArray(80, 'e') + "\r\n")
            << Verdict::PayloadTooLarge << qint64(0);
        QTest::newRow("chunk longer than its size")
            << post("Transfer-Encoding: chunked\r\n", "1\r\nab\r\n") << Verdict::BadRequest << qint64(0);
        QTest::newRow("chunk size not hex")
            << post("Transfer-Encoding: chunked\r\n", "x1\r\n") << Verdict::BadRequest << qint64(0);
        QTest::newRow("head past the limit")
            << "GET / HTTP/1.1\r\nX: " + QByteArray(300, 'a') << Verdict::HeadersTooLarge << qint64(0);
        QTest::newRow("endless empty lines") << QByteArray(300, '\n') << Verdict::HeadersTooLarge << qint64(0);
        QTest::newRow("trailers past the limit")
            << post("Transfer-Encoding: chunked\r\n", "0\r\nX: " + QByteArray(300, 'a'))
            << Verdict::HeadersTooLarge << qint64(0);
        QTest::newRow("length and chunked")
            << post("Content-Length: 2\r\nTransfer-Encoding: chunked\r\n", "{}") << Verdict::BadRequest << qint64(0);
        QTest::newRow("two different lengths")
            << post("Content-Length: 2\r\nContent-Length: 3\r\n", "{}") << Verdict::BadRequest << qint64(0);
        QTest::newRow("the same length twice")
            << post("Content-Length: 2\r\nContent-Length: 2\r\n", "{}") << Verdict::GoOn << qint64(1);
        QTest::newRow("length list") << post("Content-Length: 2, 2\r\n", "{}") << Verdict::BadRequest << qint64(0);
        QTest::newRow("signed length") << post("Content-Length: -1\r\n", {}) << Verdict::BadRequest << qint64(0);
        QTest::newRow("other coding")
            << post("Transfer-Encoding: gzip, chunked\r\n", {}) << Verdict::BadRequest << qint64(0);
        QTest::newRow("chunked twice") << post("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", {})
                                       << Verdict::BadRequest << qint64(0);
        QTest::newRow("folded header") << QByteArray("GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n") << Verdict::BadRequest
                                       << qint64(0);
        QTest::newRow("space before colon")
            << QByteArray("GET / HTTP/1.1\r\nContent-Length : 5\r\n\r\n") << Verdict::BadRequest << qint64(0);
        QTest::newRow("no colon") << QByteArray("GET / HTTP/1.1\r\nHost\r\n\r\n") << Verdict::BadRequest << qint64(0);
        QTest::newRow("bad request line") << QByteArray("GET /\r\n\r\n") << Verdict::BadRequest << qint64(0);
        QTest::newRow("http/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << Verdict::BadRequest
                                        << qint64(0);
        QTest::newRow("refusal after a good request")
            << Get + post("Content-Length: 500\r\n", {}) << Verdict::PayloadTooLarge << qint64(1);
    }

    void verdicts()
    {
        QFETCH(QByteArray, stream);
        QFETCH(Verdict, verdict);
        QFETCH(qint64, completed);

        RequestFront whole(Small);
        QCOMPARE(whole.feed(stream), verdict);
        QCOMPARE(whole.completedRequests(), completed);
        QCOMPARE(whole.reason().isEmpty(), verdict == Verdict::GoOn);

        RequestFront bytewise(Small);
        for (const char byte : stream)
            bytewise.feed(QByteArrayView(&byte, 1));
        QCOMPARE(bytewise.verdict(), verdict);
        QCOMPARE(bytewise.completedRequests(), completed);
    }

    void refusalIsFinal()
    {
        RequestFront front(Small);
        QCOMPARE(front.feed(post("Content-Length: 101\r\n", {})), Verdict::PayloadTooLarge);
        QCOMPARE(front.feed(Get), Verdict::PayloadTooLarge);
        QCOMPARE(front.completedRequests(), 0);
    }

    void boundaryBetweenRequests()
    {
        RequestFront front(Small);
        QVERIFY(front.atRequestBoundary());
        front.feed(Get.first(10));
        QVERIFY(!front.atRequestBoundary());
        front.feed(Get.sliced(10));
        QVERIFY(front.atRequestBoundary());
    }

    void statuses()
    {
        QCOMPARE(RequestFront::httpStatus(Verdict::GoOn), 0);
        QCOMPARE(RequestFront::httpStatus(Verdict::BadRequest), 400);
        QCOMPARE(RequestFront::httpStatus(Verdict::PayloadTooLarge), 413);
        QCOMPARE(RequestFront::httpStatus(Verdict::HeadersTooLarge), 431);
    }
};

QTEST_GUILESS_MAIN(TestRequestFront)
#include "tst_requestfront.moc"
