// Runs the tongqian-server executable as a user would: flags, errors, exit codes, signals.
#include <QFile>
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

    /// A 31-byte file: not a master key.
    QString shortKeyFile() const
    {
        const QString path = m_dir.filePath(u"short.key"_s);
        QFile file(path);
        if (file.open(QIODevice::WriteOnly))
            file.write(QByteArray(31, 'k'));
        return path;
    }

    /// Starts the server with `arguments`, waits until it listens, then stops it with SIGTERM.
    static void runUntilListening(QProcess &process, const QStringList &arguments)
    {
        start(process, arguments);
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
    }

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
        QTest::newRow("master key of the wrong size")
            << QStringList{u"--listen"_s, u"127.0.0.1:0"_s, u"--db"_s, db, u"--master-key"_s, shortKeyFile()}
            << u"exactly 32 bytes"_s;
        QTest::newRow("relative public URL")
            << QStringList{u"--listen"_s, u"127.0.0.1:0"_s, u"--db"_s, db, u"--public-url"_s, u"/ca"_s}
            << u"--public-url expects an absolute URL"_s;
        // Production now starts, but only with its providers' endpoints and secret.
        QTest::newRow("production without providers")
            << QStringList{u"--listen"_s, u"127.0.0.1:0"_s, u"--db"_s, db, u"--production"_s}
            << u"--provider-secret-file"_s;
        QTest::newRow("sandbox on a network address")
            << QStringList{u"--listen"_s, u"0.0.0.0:0"_s, u"--db"_s, db} << u"--sandbox-on-network"_s;
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

    void operatorAddReadsThePasswordFromStdinAndPrintsTheTotpSecretOnce()
    {
        QTemporaryDir dir;
        const QStringList arguments{u"operator"_s, u"add"_s, u"--name"_s, u"root"_s, u"--role"_s, u"admin"_s,
                                    u"--db"_s, u"sqlite:"_s + dir.filePath(u"ops.sqlite"_s)};
        const QByteArray password = "a long operator password";
        QProcess process;
        start(process, arguments);
        process.write(password + '\n');
        process.closeWriteChannel();
        QVERIFY(process.waitForFinished(20000));
        QCOMPARE(process.exitCode(), 0);
        const QByteArray out = process.readAllStandardOutput() + process.readAllStandardError();
        QVERIFY2(out.contains("otpauth://totp/Tongqian:root?secret="), out.constData());
        QVERIFY(!out.contains(password));
        // The name is taken now; a bad role or a short password is refused.
        QProcess again;
        start(again, arguments);
        again.write(password + '\n');
        again.closeWriteChannel();
        QVERIFY(again.waitForFinished(20000));
        QCOMPARE(again.exitCode(), 1);
        QVERIFY(again.readAllStandardError().contains("exists already"));
        QProcess badRole;
        QCOMPARE(run(badRole, {u"operator"_s, u"add"_s, u"--name"_s, u"x"_s, u"--role"_s, u"root"_s}), 1);
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
        runUntilListening(process, {u"--listen"_s, u"127.0.0.1:0"_s, u"--db"_s, dbUrl()});
        if (QTest::currentTestFailed())
            return;
        QVERIFY(process.readAllStandardOutput().contains("stopped"));
    }

    void createsAnOwnerOnlyMasterKeyOnce_data()
    {
        QTest::addColumn<bool>("explicitPath");
        QTest::newRow("beside the database") << false;
        QTest::newRow("--master-key") << true;
    }
    void createsAnOwnerOnlyMasterKeyOnce()
    {
        QFETCH(bool, explicitPath);
        QTemporaryDir dir;
        const QString db = dir.filePath(u"keyed.sqlite"_s);
        const QString keyPath = explicitPath ? dir.filePath(u"master.key"_s) : db + u".masterkey"_s;
        QStringList arguments{u"--listen"_s, u"127.0.0.1:0"_s, u"--db"_s, u"sqlite:"_s + db};
        if (explicitPath)
            arguments << u"--master-key"_s << keyPath;
        QProcess first;
        runUntilListening(first, arguments);
        if (QTest::currentTestFailed())
            return;
        QFile key(keyPath);
        QVERIFY(key.open(QIODevice::ReadOnly));
        const QByteArray bytes = key.readAll();
        QCOMPARE(bytes.size(), 32);
        QCOMPARE(key.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup
                                      | QFileDevice::WriteOther),
                 QFileDevice::Permissions());
        key.close();
        QProcess second; // the same key opens the CA keys sealed by the first run
        runUntilListening(second, arguments);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(key.open(QIODevice::ReadOnly));
        QCOMPARE(key.readAll(), bytes);
    }

    void refusesAnotherMasterKeyForTheSameDatabase()
    {
        QTemporaryDir dir;
        const QString db = u"sqlite:"_s + dir.filePath(u"keyed.sqlite"_s);
        QProcess first;
        runUntilListening(first, {u"--listen"_s, u"127.0.0.1:0"_s, u"--db"_s, db});
        if (QTest::currentTestFailed())
            return;
        QProcess second;
        QCOMPARE(run(second, {u"--listen"_s, u"127.0.0.1:0"_s, u"--db"_s, db, u"--master-key"_s,
                              dir.filePath(u"other.key"_s)}),
                 1);
        const QString err = QString::fromUtf8(second.readAllStandardError());
        QVERIFY2(err.contains(u"master key"_s), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestServerCli)
#include "tst_servercli.moc"
