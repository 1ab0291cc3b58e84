// HMAC request signatures between platforms and the server (docs/qr-protocol.md §4).
#include "core/protocol/platformauth.h"

#include <QTest>

using namespace tq;

namespace {
const QByteArray Secret = "q3Zb0vJxk9H1Yw9s3o3GJ1Xr6nq0Wc8tZt0eN4kQ2aA";
const QString Platform = QStringLiteral("C1100005553");
const QByteArray Path = "/api/v1/platform/transactions";
const QByteArray Body = R"({"action":"login"})";
constexpr qint64 Now = 1795000000;
} // namespace

class TestPlatformAuth : public QObject {
    Q_OBJECT
private Q_SLOTS:
    /// RFC 4231 §4.3, test case 2.
    void hmacVector()
    {
        QCOMPARE(PlatformAuth::hmacSha256("Jefe", "what do ya want for nothing?").toHex(),
                 QByteArray("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
    }

    void stringToSignLayout()
    {
        const QByteArray text =
            PlatformAuth::stringToSign("post", Path, Platform, Now, QStringLiteral("nonce-0123456789ab"), "");
        QCOMPARE(text, QByteArray("TQ-HMAC-SHA256\nPOST\n/api/v1/platform/transactions\nC1100005553\n1795000000\n"
                                  "nonce-0123456789ab\n"
                                  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    }

    void signThenVerify()
    {
        const auto headers = PlatformAuth::sign(Secret, "POST", Path, Platform, Body, Now);
        QCOMPARE(headers.signature.size(), 64);
        QVERIFY(PlatformAuth::isNonce(headers.nonce));
        QVERIFY(PlatformAuth::verify(Secret, headers, "POST", Path, Body, Now));
        QVERIFY(PlatformAuth::verify(Secret, headers, "POST", Path, Body, Now + PlatformAuth::MaxSkewSecs));
        // Two signatures of the same request differ by their nonce.
        QVERIFY(PlatformAuth::sign(Secret, "POST", Path, Platform, Body, Now).signature != headers.signature);
    }

    void tamperIsRejected_data()
    {
        QTest::addColumn<QByteArray>("secret");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<qint64>("now");
        QTest::addColumn<QByteArray>("reason");
        QTest::newRow("other secret") << QByteArray("x" + Secret.mid(1)) << QByteArray("POST") << Path << Body << Now
                                      << QByteArray("bad_signature");
        QTest::newRow("other method") << Secret << QByteArray("PUT") << Path << Body << Now
                                      << QByteArray("bad_signature");
        QTest::newRow("other path") << Secret << QByteArray("POST") << QByteArray(Path + "?x=1") << Body << Now
                                    << QByteArray("bad_signature");
        QTest::newRow("body changed") << Secret << QByteArray("POST") << Path << QByteArray(R"({"action":"sign"})")
                                      << Now << QByteArray("bad_signature");
        QTest::newRow("stale") << Secret << QByteArray("POST") << Path << Body
                               << qint64(Now + PlatformAuth::MaxSkewSecs + 1) << QByteArray("stale_timestamp");
        QTest::newRow("future") << Secret << QByteArray("POST") << Path << Body
                                << qint64(Now - PlatformAuth::MaxSkewSecs - 1) << QByteArray("stale_timestamp");
    }
    void tamperIsRejected()
    {
        QFETCH(QByteArray, secret);
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, body);
        QFETCH(qint64, now);
        QFETCH(QByteArray, reason);
        const auto headers = PlatformAuth::sign(Secret, "POST", Path, Platform, Body, Now);
        const auto verified = PlatformAuth::verify(secret, headers, method, path, body, now);
        QVERIFY(!verified);
        QCOMPARE(verified.error().code, QStringLiteral("platform_unauthorized"));
        QCOMPARE(verified.error().details.value(QStringLiteral("reason")).toString().toLatin1(), reason);
    }

    void headerFieldsAreSigned()
    {
        const auto headers = PlatformAuth::sign(Secret, "POST", Path, Platform, Body, Now);
        auto other = headers;
        other.platformCode = QStringLiteral("C1100005554");
        QVERIFY(!PlatformAuth::verify(Secret, other, "POST", Path, Body, Now));
        other = headers;
        other.nonce = QStringLiteral("another-nonce-123456");
        QVERIFY(!PlatformAuth::verify(Secret, other, "POST", Path, Body, Now));
        other = headers;
        other.timestamp += 1;
        QVERIFY(!PlatformAuth::verify(Secret, other, "POST", Path, Body, Now));
        other = headers;
        other.signature[0] = other.signature[0] == 'a' ? 'b' : 'a';
        QVERIFY(!PlatformAuth::verify(Secret, other, "POST", Path, Body, Now));
    }

    void rawHeadersRoundTrip()
    {
        const auto headers = PlatformAuth::sign(Secret, "GET", Path, Platform, {}, Now);
        const auto raw = headers.toRaw();
        QCOMPARE(raw.size(), 4);
        const auto parsed =
            PlatformAuth::SignedHeaders::fromRaw(raw[0].second, raw[1].second, raw[2].second, raw[3].second);
        QVERIFY(parsed);
        QVERIFY(PlatformAuth::verify(Secret, parsed.value(), "GET", Path, {}, Now));
    }

    void malformedHeaders_data()
    {
        QTest::addColumn<QByteArray>("platform");
        QTest::addColumn<QByteArray>("timestamp");
        QTest::addColumn<QByteArray>("nonce");
        QTest::addColumn<QByteArray>("signature");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("header");
        const QByteArray sig(64, 'a');
        const QByteArray nonce = "abcdefghijklmnop";
        const QString missing = QStringLiteral("missing_headers");
        const QString invalid = QStringLiteral("invalid_headers");
        const QString platform = QLatin1String(PlatformAuth::PlatformHeader);
        const QString time = QLatin1String(PlatformAuth::TimestampHeader);
        const QString nonceHeader = QLatin1String(PlatformAuth::NonceHeader);
        const QString signature = QLatin1String(PlatformAuth::SignatureHeader);
        QTest::newRow("no platform") << QByteArray() << QByteArray("1") << nonce << sig << missing << platform;
        QTest::newRow("bad platform") << QByteArray("c1100005553") << QByteArray("1") << nonce << sig << invalid
                                      << platform;
        QTest::newRow("no timestamp") << QByteArray("C1100005553") << QByteArray() << nonce << sig << missing << time;
        QTest::newRow("negative timestamp")
            << QByteArray("C1100005553") << QByteArray("-5") << nonce << sig << invalid << time;
        QTest::newRow("no nonce") << QByteArray("C1100005553") << QByteArray("1") << QByteArray() << sig << missing
                                  << nonceHeader;
        QTest::newRow("short nonce") << QByteArray("C1100005553") << QByteArray("1") << QByteArray("abc") << sig
                                     << invalid << nonceHeader;
        QTest::newRow("nonce with space") << QByteArray("C1100005553") << QByteArray("1")
                                          << QByteArray("abcdefgh ijklmnop") << sig << invalid << nonceHeader;
        QTest::newRow("no signature") << QByteArray("C1100005553") << QByteArray("1") << nonce << QByteArray()
                                      << missing << signature;
        QTest::newRow("upper-case hex") << QByteArray("C1100005553") << QByteArray("1") << nonce << QByteArray(64, 'A')
                                        << invalid << signature;
        QTest::newRow("short signature") << QByteArray("C1100005553") << QByteArray("1") << nonce << sig.left(63)
                                         << invalid << signature;
    }
    void malformedHeaders()
    {
        QFETCH(QByteArray, platform);
        QFETCH(QByteArray, timestamp);
        QFETCH(QByteArray, nonce);
        QFETCH(QByteArray, signature);
        QFETCH(QString, reason);
        QFETCH(QString, header);
        const auto parsed = PlatformAuth::SignedHeaders::fromRaw(platform, timestamp, nonce, signature);
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().details.value(QStringLiteral("reason")).toString(), reason);
        QCOMPARE(parsed.error().details.value(QStringLiteral("header")).toString(), header);
    }
};

QTEST_GUILESS_MAIN(TestPlatformAuth)
#include "tst_platformauth.moc"
