#include "core/common/apierrors.h"
#include "core/scan/qrdecoder.h"
#include "scanfixtures.h"

#include <QElapsedTimer>
#include <QPainter>
#include <QStringEncoder>
#include <QTest>
#include <QTransform>

using namespace tq;
using namespace tq::scantest;

namespace {
QStringList textsOf(const Result<QrDecoder::Codes> &result)
{
    QStringList texts;
    if (result) {
        for (const DecodedCode &code : result.value())
            texts.append(code.text);
    }
    return texts;
}

QList<Photo> loadPhotos()
{
    const QList<Photo> photos = loadPhotoSet(QStringLiteral(TONGQIAN_SHARED_DIR "/data/qr-photos"));
    if (photos.isEmpty())
        qWarning("The photo set is not beside the project (TONGQIAN_SHARED_DIR/data/qr-photos)");
    return photos;
}

QByteArray encoded(const char *charset, const QString &text)
{
    QStringEncoder encoder(charset);
    const QByteArray bytes = encoder.encode(text);
    return bytes;
}

QByteArray gb18030(const QString &text)
{
    return encoded("GB18030", text);
}
} // namespace

class TestQrDecoder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<QString>("expected");
        const QString chinese = QStringLiteral("招标编号：ZB2024-001 项目名称：电子招标投标平台");
        QTest::newRow("ascii url") << QByteArray("https://ebid.example.cn/sign?t=8f3a") << QStringLiteral("https://ebid.example.cn/sign?t=8f3a");
        QTest::newRow("utf-8 chinese") << chinese.toUtf8() << chinese;
        QTest::newRow("gb18030 chinese") << gb18030(chinese) << chinese;
        QTest::newRow("gb18030 short") << gb18030(QStringLiteral("投标")) << QStringLiteral("投标");
        QTest::newRow("gb18030 euro") << gb18030(QStringLiteral("票据 €")) << QStringLiteral("票据 €");
        QTest::newRow("shift_jis japanese") << encoded("Shift_JIS", QStringLiteral("日本語のテキスト"))
                                            << QStringLiteral("日本語のテキスト");
        QTest::newRow("shift_jis half-width katakana") << encoded("Shift_JIS", QStringLiteral("ﾃﾞｻﾞｲﾝQR"))
                                                       << QStringLiteral("ﾃﾞｻﾞｲﾝQR");
        QTest::newRow("latin-1 stays latin-1") << QByteArray("caf\xe9 M\xfcller") << QStringLiteral("café Müller");
        QTest::newRow("900 bytes") << QByteArray(900, 'x') << QString(900, u'x');
    }
    void roundTrip()
    {
        QFETCH(QByteArray, payload);
        QFETCH(QString, expected);
        const QImage image = qrImage(payload);
        QVERIFY(!image.isNull());
        QCOMPARE(textsOf(QrDecoder::decode(image)), QStringList{expected});
    }

    void eciDesignatesTheCharset_data()
    {
        QTest::addColumn<int>("eci");
        QTest::addColumn<QByteArray>("charset");
        QTest::newRow("ECI 26 UTF-8") << 26 << QByteArray("UTF-8");
        QTest::newRow("ECI 20 Shift_JIS") << 20 << QByteArray("Shift_JIS");
        QTest::newRow("ECI 29 GB2312") << 29 << QByteArray("GB18030");
        QTest::newRow("ECI 32 GB18030") << 32 << QByteArray("GB18030");
    }
    void eciDesignatesTheCharset()
    {
        QFETCH(int, eci);
        QFETCH(QByteArray, charset);
        const QString text = QStringLiteral("投標 漢字");
        const QImage image = qrImageWithEci(eci, encoded(charset.constData(), text));
        QVERIFY(!image.isNull());
        QCOMPARE(textsOf(QrDecoder::decode(image)), QStringList{text});
    }

    void transformedSymbols_data()
    {
        QTest::addColumn<QImage>("image");
        const QImage qr = qrImage("TONGQIAN-transform-test");
        QImage inverted = qr;
        inverted.invertPixels();
        QTest::newRow("inverted") << inverted;
        QTest::newRow("rotated 90") << qr.transformed(QTransform().rotate(90));
        QImage tilted = qr.convertToFormat(QImage::Format_RGB32).transformed(QTransform().rotate(30), Qt::SmoothTransformation);
        QTest::newRow("rotated 30") << tilted;
        QTest::newRow("1 px modules") << qrImage("TONGQIAN-transform-test", 2);
        QTest::newRow("large 3000 px") << qr.scaled(3000, 3000);
        QImage transparent(qr.size(), QImage::Format_ARGB32);
        transparent.fill(Qt::transparent);
        for (int y = 0; y < qr.height(); ++y) {
            for (int x = 0; x < qr.width(); ++x) {
                if (qGray(qr.pixel(x, y)) < 128)
                    transparent.setPixel(x, y, qRgba(0, 0, 0, 255));
            }
        }
        QTest::newRow("dark modules on transparent") << transparent;
        QTest::newRow("in a camera frame") << cameraFrame(QSize(1280, 720), qrImage("TONGQIAN-transform-test", 8), 7);
    }
    void transformedSymbols()
    {
        QFETCH(QImage, image);
        QCOMPARE(textsOf(QrDecoder::decode(image)), QStringList{QStringLiteral("TONGQIAN-transform-test")});
    }

    void noCodeAndBadInput()
    {
        const auto blank = QrDecoder::decode(cameraFrame(QSize(640, 480), QImage(), 3));
        QVERIFY(blank.ok());
        QVERIFY(blank.value().isEmpty());
        QVERIFY(!QrDecoder::decode(QImage()).ok());
        const auto missing = QrDecoder::decodeFile(QStringLiteral("no-such-file.png"));
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().is(ApiError::Storage));
    }

    void everyStrategyReadsAPlainSymbol()
    {
        const QImage qr = qrImage("strategy", 6);
        for (int i = 0; i < QrDecoder::strategyCount(); ++i) {
            const auto codes = QrDecoder::decodeStep(LumaView::of(qr), i);
            const bool read = codes.size() == 1 && codes.first().text == u"strategy";
            // The inverted strategy must not read dark-on-light codes; all others must.
            QVERIFY2(read != (QrDecoder::strategyName(i) == u"inverted"), qPrintable(QrDecoder::strategyName(i)));
        }
    }

    void structuredAppend()
    {
        const QByteArray message = QByteArray("Part of a long bidding document. ").repeated(8);
        const QList<QImage> parts = structuredQrImages(message, 5);
        QVERIFY(parts.size() > 1);
        // Alone, each symbol comes back as a part of the message.
        const auto first = QrDecoder::decode(parts.first());
        QVERIFY(first.ok());
        QCOMPARE(first.value().size(), 1);
        QVERIFY(first.value().first().isSequencePart());
        QCOMPARE(first.value().first().sequenceSize, parts.size());
        QVERIFY(message.startsWith(first.value().first().text.toLatin1()));
        // All in one image: one merged message.
        QImage sheet(parts.first().width() * int(parts.size()), parts.first().height(), QImage::Format_Grayscale8);
        sheet.fill(255);
        {
            QPainter p(&sheet);
            for (int i = 0; i < parts.size(); ++i)
                p.drawImage(i * parts.first().width(), 0, parts[parts.size() - 1 - i]);
        }
        QCOMPARE(textsOf(QrDecoder::decode(sheet)), QStringList{QString::fromLatin1(message)});
    }

    // The camera pipeline may read a code with any single strategy, so none may misread.
    void noStrategyMisreadsAPhoto()
    {
        const QList<Photo> photos = loadPhotos();
        QCOMPARE(photos.size(), 87);
        for (int i = 0; i < QrDecoder::strategyCount(); ++i) {
            const PhotoScore score = scorePhotos(photos, [i](const Photo &photo) {
                const QImage gray = Luma::fromImage(QImage(photo.path));
                QStringList texts;
                for (const DecodedCode &code : QrDecoder::decodeStep(LumaView::of(gray), i))
                    texts.append(code.text);
                return texts;
            });
            qInfo("strategy %-16s alone: %d/%d", qPrintable(QrDecoder::strategyName(i)), score.correct, score.total);
            QVERIFY2(score.wrong.isEmpty(), qPrintable(QrDecoder::strategyName(i) + u": " + score.wrong.join(u", ")));
        }
    }

    void sequenceAssemblerNeverMixesMessages()
    {
        auto part = [](const char *text, int index) {
            DecodedCode c;
            c.text = QString::fromLatin1(text);
            c.bytes = text;
            c.sequenceIndex = index;
            c.sequenceSize = 2;
            // Parity of "B1B2": 'B' ^ '1' ^ 'B' ^ '2' = 0x31 ^ 0x32 = 3.
            c.sequenceId = QStringLiteral("3");
            return c;
        };
        SequenceAssembler assembler;
        QVERIFY(!assembler.add(part("A1", 0)));
        QVERIFY(!assembler.add(part("A1", 0)));
        QCOMPARE(assembler.partsSeen(QStringLiteral("3")), 1);
        // Another message with the same id: its first part replaces message A's.
        QVERIFY(!assembler.add(part("B1", 0)));
        const auto merged = assembler.add(part("B2", 1));
        QVERIFY(merged);
        QCOMPARE(merged->text, QStringLiteral("B1B2"));
        QCOMPARE(assembler.partsSeen(QStringLiteral("3")), 0);
        // Parts that do not add up to the id's parity are never merged.
        QVERIFY(!assembler.add(part("A1", 0)));
        QVERIFY(!assembler.add(part("B2", 1)));
        DecodedCode single;
        single.text = QStringLiteral("alone");
        QCOMPARE(assembler.add(single)->text, QStringLiteral("alone"));
    }

    void resolveEciTextSegments()
    {
        const QByteArray gb = gb18030(QStringLiteral("投标"));
        QCOMPARE(resolveEciText("]Q2\\000032a\\\\b" + gb + "\\000026\xe2\x82\xac"),
                 std::optional<QString>(QStringLiteral("a\\b投标€")));
        // ECIs zxing-cpp reads itself, unknown ECIs and broken designators: keep its text.
        QCOMPARE(resolveEciText("]Q2\\000026abc"), std::nullopt);
        QCOMPARE(resolveEciText("]Q2\\000032ab\\000899cd"), std::nullopt);
        QCOMPARE(resolveEciText("]Q2\\0000x2ab"), std::nullopt);
    }

    void resolveUnmarkedTextKeepsNonChinese()
    {
        QCOMPARE(resolveUnmarkedText("plain", QStringLiteral("plain")), QStringLiteral("plain"));
        // Latin-1 letters followed by ASCII are not GB2312 pairs.
        QCOMPARE(resolveUnmarkedText("caf\xe9", QStringLiteral("café")), QStringLiteral("café"));
        const QByteArray gb = gb18030(QStringLiteral("中国"));
        QCOMPARE(resolveUnmarkedText(gb, QString::fromLatin1(gb)), QStringLiteral("中国"));
    }

    void photoSet()
    {
        const QList<Photo> photos = loadPhotos();
        QCOMPARE(photos.size(), 87);
        QElapsedTimer timer;
        timer.start();
        QStringList unreadable;
        const PhotoScore score = scorePhotos(photos, [&](const Photo &photo) {
            const auto result = QrDecoder::decodeFile(photo.path);
            if (!result.ok())
                unreadable.append(result.error().message);
            return textsOf(result);
        });
        QVERIFY2(unreadable.isEmpty(), qPrintable(unreadable.join(u'\n')));
        qInfo("photo set: %d/%d read in %lld ms; missed: %s", score.correct, score.total, timer.elapsed(),
              qPrintable(score.missed.join(QStringLiteral(", "))));
        QVERIFY2(score.wrong.isEmpty(), qPrintable(QStringLiteral("wrong decodes: ") + score.wrong.join(u", ")));
        QVERIFY2(score.correct >= 80, qPrintable(QStringLiteral("read %1 of 87, need 80").arg(score.correct)));
    }
};

QTEST_GUILESS_MAIN(TestQrDecoder)
#include "tst_qrdecoder.moc"
