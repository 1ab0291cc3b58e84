// The scan QR text format (docs/qr-protocol.md §3): strict parsing with a reason for each
// rejection, and a fuzz pass of malformed and random input that must fail cleanly.
#include "core/common/errortext.h"
#include "core/crypto/random.h"
#include "core/protocol/qrpayload.h"
#include "core/protocol/scanerrors.h"
#include "core/protocol/transactionerrors.h"

#include <QRandomGenerator>
#include <QTest>

using namespace tq;

namespace {
// 32 bytes 0x00..0x1f in base64url: the last character '8' leaves the two spare bits zero.
const QString Ticket = QStringLiteral("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
} // namespace

class TestQrPayload : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<QString>("base");
        QTest::newRow("https") << QStringLiteral("https://ca.example.cn");
        QTest::newRow("http with port") << QStringLiteral("http://127.0.0.1:8080");
        QTest::newRow("path prefix") << QStringLiteral("https://example.cn/tongqian");
        QTest::newRow("IPv6") << QStringLiteral("http://[::1]:9000");
    }
    void roundTrip()
    {
        QFETCH(QString, base);
        const QString text = base + QStringLiteral("/qr/v1/") + Ticket;
        const auto parsed = QrPayload::parse(text);
        QVERIFY2(parsed, qPrintable(parsed.ok() ? QString() : parsed.error().message));
        QCOMPARE(parsed.value().ticket, Ticket);
        QCOMPARE(parsed.value().serverUrl.toString(), base);
        QCOMPARE(parsed.value().toText(), text);
    }

    void newTicketsParse()
    {
        for (int i = 0; i < 50; ++i) {
            QrPayload payload{QUrl(QStringLiteral("https://ca.example.cn")), QrPayload::newTicket()};
            QCOMPARE(payload.ticket.size(), QrPayload::TicketLength);
            const auto parsed = QrPayload::parse(payload.toText());
            QVERIFY2(parsed, qPrintable(payload.toText()));
            QCOMPARE(parsed.value().ticket, payload.ticket);
        }
    }

    void rejects_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QByteArray>("reason");
        const QString good = QStringLiteral("https://ca.example.cn/qr/v1/") + Ticket;
        QTest::newRow("empty") << QString() << QByteArray("not_tongqian");
        QTest::newRow("huge") << QString(good + QString(600, u'A')) << QByteArray("too_long");
        QTest::newRow("truncated ticket") << good.chopped(1) << QByteArray("bad_ticket");
        QTest::newRow("ticket cut to nothing")
            << QStringLiteral("https://ca.example.cn/qr/v1/") << QByteArray("bad_ticket");
        QTest::newRow("truncated before marker")
            << QStringLiteral("https://ca.example.cn/qr/v") << QByteArray("not_tongqian");
        QTest::newRow("trailing junk") << QString(good + QStringLiteral("A")) << QByteArray("bad_ticket");
        QTest::newRow("trailing slash") << QString(good + QStringLiteral("/")) << QByteArray("bad_ticket");
        QTest::newRow("trailing newline") << QString(good + QStringLiteral("\n")) << QByteArray("bad_character");
        QTest::newRow("leading space") << QString(QStringLiteral(" ") + good) << QByteArray("bad_character");
        QTest::newRow("non-canonical last char")
            << QString(good.chopped(1) + QStringLiteral("9")) << QByteArray("bad_ticket");
        QTest::newRow("standard base64 +")
            << QString(good.chopped(2) + QStringLiteral("+8")) << QByteArray("bad_ticket");
        QTest::newRow("padding") << QString(good + QStringLiteral("=")) << QByteArray("bad_ticket");
        QTest::newRow("CJK in ticket") << QString(good.chopped(1) + QStringLiteral("票"))
                                       << QByteArray("bad_character");
        QTest::newRow("full-width letter")
            << QString(good.chopped(1) + QStringLiteral("\uFF21")) << QByteArray("bad_character");
        QTest::newRow("query") << QString(good + QStringLiteral("?a=1")) << QByteArray("bad_ticket");
        QTest::newRow("query before path")
            << QString(QStringLiteral("https://ca.example.cn/?x/qr/v1/") + Ticket) << QByteArray("bad_url");
        QTest::newRow("fragment") << QString(good + QStringLiteral("#x")) << QByteArray("bad_ticket");
        QTest::newRow("userinfo") << QString(QStringLiteral("https://evil@ca.example.cn/qr/v1/") + Ticket)
                                  << QByteArray("bad_url");
        QTest::newRow("ftp") << QString(QStringLiteral("ftp://ca.example.cn/qr/v1/") + Ticket)
                             << QByteArray("bad_scheme");
        QTest::newRow("javascript") << QString(QStringLiteral("javascript://ca.example.cn/qr/v1/") + Ticket)
                                    << QByteArray("bad_scheme");
        QTest::newRow("no host") << QString(QStringLiteral("https:///qr/v1/") + Ticket) << QByteArray("bad_url");
        QTest::newRow("relative") << QString(QStringLiteral("/qr/v1/") + Ticket) << QByteArray("bad_url");
        // Found by fuzz_qrpayload: a base ending in '/' gave a serverUrl with a trailing slash, which
        // toText() then printed differently (so parse(toText()) changed the payload).
        QTest::newRow("empty segment before marker")
            << QString(QStringLiteral("https://ca.example.cn//qr/v1/") + Ticket) << QByteArray("bad_url");
        QTest::newRow("marker twice")
            << QString(QStringLiteral("http://127.0.0.1:8080/qr/v1//qr/v1/") + Ticket) << QByteArray("bad_url");
        QTest::newRow("national legacy") << QStringLiteral("http://x/app/app.html?UVJDb2RlVHlwZT0wNjtUSWQ9N2E0NGR")
                                         << QByteArray("not_tongqian");
        QTest::newRow("other version") << QString(QStringLiteral("https://ca.example.cn/qr/v2/") + Ticket)
                                       << QByteArray("not_tongqian");
    }
    void rejects()
    {
        QFETCH(QString, text);
        QFETCH(QByteArray, reason);
        const auto parsed = QrPayload::parse(text);
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().code, QStringLiteral("invalid_qr"));
        QCOMPARE(parsed.error().details.value(QStringLiteral("reason")).toString().toLatin1(), reason);
        QVERIFY(!parsed.error().message.isEmpty());
    }

    /// Every scan-protocol error code has its own sentence for people, not the generic fallback.
    void userMessagesAreSpecific()
    {
        const QString generic = userMessage(Error(QStringLiteral("no_such_code"), QString()));
        for (const char *code :
             {ScanError::InvalidQr, TransactionError::TransactionNotFound, TransactionError::TicketUsed, TransactionError::TicketExpired,
              TransactionError::TransactionClosed, TransactionError::CertificateUnusable, TransactionError::BindingMismatch,
              TransactionError::InvalidSignature, ScanError::PlatformUnauthorized}) {
            const QString message = userMessage(Error(code, QString()));
            QVERIFY2(!message.isEmpty() && message != generic, code);
        }
    }

    /// Random bytes, random printable strings and single-character mutations of a good code:
    /// each either parses to a payload that round-trips or fails with invalid_qr.
    void fuzz()
    {
        QRandomGenerator rng(20261123);
        const QString good = QStringLiteral("https://ca.example.cn/qr/v1/") + Ticket;
        const auto check = [](const QString &text) {
            const auto parsed = QrPayload::parse(text);
            if (parsed)
                return QrPayload::parse(parsed.value().toText()) && QrPayload::isTicket(parsed.value().ticket);
            return parsed.error().code == QLatin1String("invalid_qr") && !parsed.error().message.isEmpty();
        };
        for (int i = 0; i < 2000; ++i) {
            QByteArray bytes(int(rng.bounded(700)), Qt::Uninitialized);
            for (char &b : bytes)
                b = char(rng.bounded(256));
            QVERIFY(check(QString::fromUtf8(bytes)));
            QVERIFY(check(QString::fromLatin1(bytes)));

            QString mutated = good;
            const int at = int(rng.bounded(mutated.size()));
            switch (rng.bounded(3)) {
            case 0:
                mutated[at] = QChar(ushort(rng.bounded(0x80)));
                break;
            case 1:
                mutated.remove(at, 1);
                break;
            default:
                mutated.insert(at, QChar(ushort(rng.bounded(0x3000))));
            }
            QVERIFY2(check(mutated), qPrintable(mutated));
        }
    }
};

QTEST_GUILESS_MAIN(TestQrPayload)
#include "tst_qrpayload.moc"
