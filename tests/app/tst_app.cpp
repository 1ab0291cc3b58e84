// The real app executable: an offscreen smoke run over every page, and a true screenshot of
// the login page under Xvfb (kept in the build tree as a CI artifact). The same main.cpp built
// without the embedded server (TONGQIAN_EMBEDDED_SERVER off) runs against a real server.
#include "tests/server/testserver.h"

#include <QDir>
#include <QDirIterator>
#include <QImage>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

class TestApp : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_home;

    QProcessEnvironment isolatedEnv(const QString &platform) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.filePath(QStringLiteral("cache")));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), platform);
        // No session bus: the app must fall back to its owner-only secret files, quickly.
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent/tongqian-test-bus"));
        return env;
    }

    static void run(QProcess &p, const QString &program, const QStringList &args)
    {
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(program, args);
        QVERIFY2(p.waitForStarted(), qPrintable(program));
        QVERIFY2(p.waitForFinished(120000), "the app did not finish");
    }

private Q_SLOTS:
    void withoutEmbeddedServerRunsAgainstTheGivenServer()
    {
        // The server lives on this thread: wait with the event loop running so it can answer.
        tq::server::test::TestServer server;
        QVERIFY2(server.start(), qPrintable(server.startError()));
        QTemporaryDir home;
        QProcess p;
        QProcessEnvironment env = isolatedEnv(QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::MergedChannels);
        QSignalSpy finished(&p, &QProcess::finished);
        p.start(QStringLiteral(TONGQIAN_APP_WITHOUT_SERVER),
                {QStringLiteral("--server"), server.urlFor(QStringLiteral("/")).toString(), QStringLiteral("--self-test")});
        QVERIFY2(p.waitForStarted(), TONGQIAN_APP_WITHOUT_SERVER);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
        const QString out = QString::fromLocal8Bit(p.readAll());
        QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, qPrintable(out));
        QVERIFY2(out.contains(u"self-test: 0 QML warning(s)"), qPrintable(out));
        // No server of its own: no server database beside the app's data.
        QVERIFY(QDir(home.filePath(QStringLiteral("data/Tongqian/Tongqian"))).exists());
        QVERIFY(!QFile::exists(home.filePath(QStringLiteral("data/Tongqian/Tongqian/server.sqlite"))));
    }

    void withoutEmbeddedServerAsksForAServerUrl()
    {
        QProcess p;
        p.setProcessEnvironment(isolatedEnv(QStringLiteral("offscreen")));
        run(p, QStringLiteral(TONGQIAN_APP_WITHOUT_SERVER), {QStringLiteral("--self-test")});
        const QString out = QString::fromLocal8Bit(p.readAll());
        QCOMPARE(p.exitCode(), 2);
        QVERIFY2(out.contains(u"no built-in server") && out.contains(u"--server"), qPrintable(out));
    }

    void selfTestLoadsEveryPageWithoutWarnings()
    {
        QProcess p;
        p.setProcessEnvironment(isolatedEnv(QStringLiteral("offscreen")));
        run(p, QStringLiteral(TONGQIAN_APP), {QStringLiteral("--self-test")});
        const QString out = QString::fromLocal8Bit(p.readAll());
        QVERIFY2(p.exitCode() == 0, qPrintable(out));
        QVERIFY2(out.contains(u"self-test: 0 QML warning(s)"), qPrintable(out));
        // The embedded server kept its database in the app's data directory.
        QVERIFY(QFile::exists(m_home.filePath(QStringLiteral("data/Tongqian/Tongqian/server.sqlite"))));
    }

    void kioskKeepsNothingAfterExit()
    {
        // Its own home, and a runtime directory as a login session has one (owner-only).
        QTemporaryDir home;
        const QString runtime = home.filePath(QStringLiteral("runtime"));
        QVERIFY(QDir().mkpath(runtime));
        QVERIFY(QFile::setPermissions(runtime, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        QProcessEnvironment env = isolatedEnv(QStringLiteral("offscreen"));
        for (const char *name : {"XDG_DATA_HOME", "XDG_CONFIG_HOME"})
            env.insert(QString::fromLatin1(name), home.filePath(QString::fromLatin1(name)));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime);
        QProcess p;
        p.setProcessEnvironment(env);
        run(p, QStringLiteral(TONGQIAN_APP), {QStringLiteral("--kiosk"), QStringLiteral("--self-test")});
        const QString out = QString::fromLocal8Bit(p.readAll());
        QVERIFY2(p.exitCode() == 0, qPrintable(out));
        // The embedded server's database, the settings and the device key lived in the kiosk
        // session folder, which is gone with the app.
        // (Others may use the runtime directory too: PulseAudio makes pulse/ there.)
        QVERIFY(QDir(runtime).entryList({QStringLiteral("tongqian*")}, QDir::AllEntries | QDir::Hidden).isEmpty());
        for (const char *name : {"XDG_DATA_HOME", "XDG_CONFIG_HOME"}) {
            QDirIterator files(home.filePath(QString::fromLatin1(name)), QDir::Files | QDir::Hidden,
                               QDirIterator::Subdirectories);
            QVERIFY2(!files.hasNext(), qPrintable(files.hasNext() ? files.next() : QString()));
        }
    }

    void kioskStoppedBySigtermCleansUp()
    {
        QTemporaryDir home;
        const QString runtime = home.filePath(QStringLiteral("runtime"));
        QVERIFY(QDir().mkpath(runtime));
        QVERIFY(QFile::setPermissions(runtime, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        QProcessEnvironment env = isolatedEnv(QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime);
        QProcess p;
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral(TONGQIAN_APP), {QStringLiteral("--kiosk")});
        QVERIFY(p.waitForStarted());
        const QStringList kioskFolder{QStringLiteral("tongqian-kiosk-*")};
        // The embedded server's database is there once the app is running.
        QTRY_VERIFY_WITH_TIMEOUT(QDir(runtime).entryList(kioskFolder, QDir::Dirs).size() == 1
                                     && QFile::exists(QDir(runtime).filePath(
                                         QDir(runtime).entryList(kioskFolder, QDir::Dirs).value(0) + u"/server.sqlite")),
                                 60000);
        p.terminate(); // SIGTERM, as a service stop sends
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(QDir(runtime).entryList(kioskFolder, QDir::Dirs).isEmpty(), p.readAll().constData());
    }

    void screenshotUnderXvfbIsNotBlank_data()
    {
        QTest::addColumn<QString>("lang");
        QTest::newRow("zh_CN") << QStringLiteral("zh_CN");
        QTest::newRow("en") << QStringLiteral("en");
    }
    void screenshotUnderXvfbIsNotBlank()
    {
        QFETCH(QString, lang);
        const QString xvfb = QStandardPaths::findExecutable(QStringLiteral("xvfb-run"));
        QVERIFY2(!xvfb.isEmpty(), "xvfb-run is required (package xvfb)");
        QDir().mkpath(QStringLiteral(TONGQIAN_ARTIFACTS));
        const QString shot = QDir(QStringLiteral(TONGQIAN_ARTIFACTS)).filePath(QStringLiteral("login-%1.png").arg(lang));
        QFile::remove(shot);
        QProcess p;
        p.setProcessEnvironment(isolatedEnv(QStringLiteral("xcb")));
        run(p, xvfb, {QStringLiteral("-a"), QStringLiteral("-s"), QStringLiteral("-screen 0 1280x800x24"),
                      QStringLiteral(TONGQIAN_APP), QStringLiteral("--lang"), lang, QStringLiteral("--screenshot"),
                      shot});
        QVERIFY2(p.exitCode() == 0, p.readAll().constData());
        const QImage image(shot);
        QVERIFY2(!image.isNull(), qPrintable(shot));
        QVERIFY(image.width() >= 360 && image.height() >= 500);
        // A rendered form has text, fields and a coloured button: many distinct colours and
        // some dark pixels; a blank or failed window has one or two colours.
        QSet<QRgb> colours;
        int dark = 0;
        for (int y = 0; y < image.height(); y += 2) {
            for (int x = 0; x < image.width(); x += 2) {
                const QRgb px = image.pixel(x, y);
                colours.insert(px);
                dark += qGray(px) < 100;
            }
        }
        QVERIFY2(colours.size() > 20, qPrintable(QStringLiteral("only %1 colours").arg(colours.size())));
        QVERIFY2(dark > 200, qPrintable(QStringLiteral("only %1 dark pixels").arg(dark)));
    }
};

QTEST_GUILESS_MAIN(TestApp)
#include "tst_app.moc"
