#include "scanfixtures.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringEncoder>
#include <QTemporaryDir>
#include <QTest>

using namespace tq::scantest;

namespace {
struct Run {
    int exitCode = -1;
    QList<QJsonObject> lines;
    QString errors;
};

Run runCli(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(TONGQIAN_CLI_PATH), arguments);
    Run run;
    if (!process.waitForFinished(60000))
        return run;
    run.exitCode = process.exitCode();
    run.errors = QString::fromUtf8(process.readAllStandardError());
    for (const QByteArray &line : process.readAllStandardOutput().split('\n')) {
        if (!line.isEmpty())
            run.lines.append(QJsonDocument::fromJson(line).object());
    }
    return run;
}
} // namespace

// tongqian-cli decode --json, run as a process the way scripts use it.
class TestDecodeCommand : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void decodesGeneratedImagesAsUtf8Json()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString chinese = QStringLiteral("电子招标投标平台 登录");
        QStringEncoder gb18030("GB18030");
        const QByteArray gbBytes = gb18030.encode(chinese);
        const QString gbPath = dir.filePath(QStringLiteral("gb18030.png"));
        const QString utf8Path = dir.filePath(QStringLiteral("utf8 name 中文.png"));
        const QString blankPath = dir.filePath(QStringLiteral("blank.png"));
        QVERIFY(qrImage(gbBytes).save(gbPath));
        QVERIFY(qrImage(chinese.toUtf8()).save(utf8Path));
        QVERIFY(cameraFrame(QSize(320, 240), QImage(), 1).save(blankPath));

        const Run run = runCli({QStringLiteral("decode"), QStringLiteral("--json"), gbPath, utf8Path, blankPath});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.lines.size(), 3);
        QCOMPARE(run.lines[0].value(u"file").toString(), gbPath);
        QCOMPARE(run.lines[0].value(u"texts").toArray(), QJsonArray{chinese});
        QCOMPARE(run.lines[1].value(u"file").toString(), utf8Path);
        QCOMPARE(run.lines[1].value(u"texts").toArray(), QJsonArray{chinese});
        QCOMPARE(run.lines[2].value(u"texts").toArray(), QJsonArray{});
    }

    // The whole photo set through the CLI: the same read rate as the decoder, 0 wrong.
    void photosAndAnUnreadableFile()
    {
        const QList<Photo> photos = loadPhotoSet(QStringLiteral(TONGQIAN_SHARED_DIR "/data/qr-photos"));
        if (photos.isEmpty())
            QFAIL("The photo set must be beside the project (TONGQIAN_SHARED_DIR/data/qr-photos)");
        QStringList args{QStringLiteral("decode"), QStringLiteral("--json")};
        for (const Photo &photo : photos)
            args.append(photo.path);
        const QString missing = QStringLiteral("does-not-exist.png");
        args.append(missing);

        const Run run = runCli(args);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.errors.contains(missing), qPrintable(run.errors));
        QCOMPARE(run.lines.size(), photos.size());
        QHash<QString, QStringList> texts;
        for (const QJsonObject &line : run.lines) {
            QStringList list;
            for (const QJsonValue &v : line.value(u"texts").toArray())
                list.append(v.toString());
            texts.insert(line.value(u"file").toString(), list);
        }
        QCOMPARE(texts.size(), photos.size());
        const PhotoScore score = scorePhotos(photos, [&](const Photo &photo) { return texts.value(photo.path); });
        QVERIFY2(score.wrong.isEmpty(), qPrintable(score.wrong.join(u", ")));
        QVERIFY2(score.correct >= 80, qPrintable(QStringLiteral("read %1 of 87").arg(score.correct)));
    }

    void usageErrors()
    {
        QCOMPARE(runCli({QStringLiteral("decode")}).exitCode, 2);
        QCOMPARE(runCli({QStringLiteral("no-such-command")}).exitCode, 2);
        QCOMPARE(runCli({QStringLiteral("decode"), QStringLiteral("--bogus"), QStringLiteral("x.png")}).exitCode, 2);
        QCOMPARE(runCli({QStringLiteral("--help")}).exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(TestDecodeCommand)
#include "tst_decodecommand.moc"
