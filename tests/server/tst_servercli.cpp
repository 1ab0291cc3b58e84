// Runs the tongqian-server executable as a user would: flags, errors, exit codes, signals.
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestServerCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QString dbUrl() const { return u"sqlite:"_s + m_dir.filePath(u"cli.sqlite"_s); }

    static void start(QProcess &process, const QStringList &arguments)
    {
        process.setProgram(QStringLiteral(TONGQIAN_SERVER_EXECUTABLE));
        process.setArguments(arguments);
        process.start();
    }

    /// Runs the server to completion and returns its exit code (-1 if it did not finish).
    static int run(QProcess &process, const QStringList &arguments)
    {
        start(process, arguments);
        if (!process.waitForFinished(20000))
            return -1;
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    }

private Q_SLOTS:
    void helpDescribesTheFlags()
    {
        QProcess process;
        QCOMPARE(run(process, {u"--help"_s}), 0);
        const QString out = QString::fromUtf8(process.readAllStandardOutput());
        QVERIFY(out.contains(u"--listen"_s));
        QVERIFY(out.contains(u"--db"_s));
    }

    void badInvocationsExitWithOne_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        const QString db = dbUrl();
        QTest::newRow("unknown flag") << QStringList{u"--bogus"_s} << u"bogus"_s;
        QTest::newRow("stray argument") << QStringList{u"--db"_s, db, u"extra"_s} << u"extra"_s;
        QTest::newRow("listen without port")
            << QStringList{u"--listen"_s, u"127.0.0.1"_s, u"--db"_s, db} << u"--listen expects ADDR:PORT"_s;
        QTest::newRow("port out of range")
            << QStringList{u"--listen"_s, u"127.0.0.1:70000"_s, u"--db"_s, db} << u"--listen expects ADDR:PORT"_s;
        QTest::newRow("bad address") << QStringList{u"--listen"_s, u"nowhere:80"_s, u"--db"_s, db}
                                     << u"--listen expects ADDR:PORT"_s;
        QTest::newRow("bad url") << QStringList{u"--listen"_s, u"127.0.0.1:0"_s, u"--db"_s, u"mysql://h/db"_s}
                                 << u"Bad database URL"_s;
        QTest::newRow("unwritable db") << QStringList{u"--listen"_s, u"127.0.0.1:0"_s, u"--db"_s,
                                                      u"sqlite:"_s + m_dir.filePath(u"none/x.db"_s)}
                                       << u"Cannot write the database file"_s;
        QTest::newRow("non-sandbox") << QStringList{u"--listen"_s, u"127.0.0.1:0"_s, u"--db"_s, db, u"--no-sandbox"_s}
                                     << u"sandbox mode"_s;
    }

    void badInvocationsExitWithOne()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        QProcess process;
        QCOMPARE(run(process, arguments), 1);
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(err.contains(message), qPrintable(err));
    }

    void takenPortExitsWithOne()
    {
        QTcpServer holder;
        QVERIFY(holder.listen(QHostAddress::LocalHost));
        QProcess process;
        QCOMPARE(run(process, {u"--listen"_s, u"127.0.0.1:%1"_s.arg(holder.serverPort()), u"--db"_s, dbUrl()}), 1);
        QVERIFY(QString::fromUtf8(process.readAllStandardError()).contains(QString::number(holder.serverPort())));
    }

    void printsItsUrlAndStopsOnSigterm()
    {
        QProcess process;
        start(process, {u"--listen"_s, u"127.0.0.1:0"_s, u"--db"_s, dbUrl()});
        QVERIFY(process.waitForStarted(20000));
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += process.readAllStandardOutput()).contains("listening on http://127.0.0.1:") ||
                                     process.state() == QProcess::NotRunning,
                                 20000);
        QCOMPARE(process.state(), QProcess::Running);
        process.terminate(); // SIGTERM
        QVERIFY(process.waitForFinished(20000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        QVERIFY(process.readAllStandardOutput().contains("stopped"));
    }
};

QTEST_GUILESS_MAIN(TestServerCli)
#include "tst_servercli.moc"
