// Runs the tongqian-server executable as a user would: flags, errors, exit codes, signals.
#include "tests/server/rawhttp.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using tq::server::test::RawConnection;

namespace {

/// The peak resident memory (VmHWM) of process `pid` in bytes, -1 if it cannot be read.
qint64 peakResidentBytes(qint64 pid)
{
    QFile status(u"/proc/%1/status"_s.arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong() * 1024;
    }
    return -1;
}

} // namespace

class TestServerCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    /// The suite's database: TONGQIAN_TEST_DATABASE_URL if set, else a SQLite file.
    QString dbUrl() const
    {
        return qEnvironmentVariable("TONGQIAN_TEST_DATABASE_URL", u"sqlite:"_s + m_dir.filePath(u"cli.sqlite"_s));
    }

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
    void runUntilListening(QProcess &process, const QStringList &arguments) const
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

    void start(QProcess &process, QStringList arguments) const
    {
        // A PostgreSQL database has no file to keep its master key beside: give the suite's.
        if (!dbUrl().startsWith(u"sqlite:"_s) && arguments.contains(dbUrl())
            && !arguments.contains(u"--master-key"_s))
            arguments << u"--master-key"_s << m_dir.filePath(u"master.key"_s);
        process.setProgram(QStringLiteral(TONGQIAN_SERVER_EXECUTABLE));
        process.setArguments(arguments);
        process.start();
    }

    /// Runs the server to completion and returns its exit code (-1 if it did not finish).
    int run(QProcess &process, const QStringList &arguments) const
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
        QTest::newRow("PIN cost too large for a phone")
            << QStringList{u"--listen"_s, u"127.0.0.1:0"_s, u"--db"_s, db, u"--pin-cost"_s, u"20,16,1"_s}
            << u"--pin-cost expects logN,r,p"_s;
        QTest::newRow("PIN cost not three numbers")
            << QStringList{u"--listen"_s, u"127.0.0.1:0"_s, u"--db"_s, db, u"--pin-cost"_s, u"16,8"_s}
            << u"--pin-cost expects logN,r,p"_s;
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

    // Finding of issue 14: a 100 MiB body was buffered whole (twice) before the 413. Twenty
    // connections stream 100 MiB each (half announced by Content-Length, half chunked) for as
    // long as the server reads; the server's peak memory may grow by less than 64 MiB over all.
    void concurrentHugeBodiesKeepMemoryBounded()
    {
        constexpr qint64 bound = 64 * 1024 * 1024;
        constexpr int connections = 20;
        constexpr qint64 announced = 100 * 1024 * 1024;
        const QByteArray unit(64 * 1024, ' ');
        QTemporaryDir dir;
        QProcess process;
        start(process, {u"--listen"_s, u"127.0.0.1:0"_s, u"--db"_s, u"sqlite:"_s + dir.filePath(u"flood.sqlite"_s)});
        QVERIFY(process.waitForStarted(20000));
        QByteArray out;
        const QRegularExpression listening(u"listening on http://127\\.0\\.0\\.1:(\\d+)"_s);
        QTRY_VERIFY_WITH_TIMEOUT(listening.match(QString::fromUtf8(out += process.readAllStandardOutput())).hasMatch(),
                                 20000);
        const auto port = quint16(listening.match(QString::fromUtf8(out)).captured(1).toUInt());
        const auto stop = qScopeGuard([&process] {
            process.kill();
            process.waitForFinished(20000);
        });
        const auto health = [port] {
            RawConnection connection(port);
            connection.write("GET /api/v1/health HTTP/1.1\r\nHost: t\r\n\r\n");
            QTRY_COMPARE_WITH_TIMEOUT(connection.responses().size(), 1, 10000);
            QCOMPARE(connection.responses().first().status, 200);
        };
        health();
        if (QTest::currentTestFailed())
            return;
        const qint64 before = peakResidentBytes(process.processId());
        QVERIFY(before > 0);

        // Every other connection streams the 100 MiB as 64 KiB chunks instead of announcing it.
        const QByteArray chunk = QByteArray::number(unit.size(), 16) + "\r\n" + unit + "\r\n";
        std::vector<std::unique_ptr<RawConnection>> flood;
        for (int i = 0; i < connections; ++i) {
            auto connection = std::make_unique<RawConnection>(port);
            const bool chunked = i % 2 == 1;
            connection->write("POST /api/v1/sms-codes HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                              + (chunked ? QByteArray("Transfer-Encoding: chunked")
                                         : "Content-Length: " + QByteArray::number(announced))
                              + "\r\n\r\n");
            connection->stream(chunked ? chunk : unit, announced / unit.size());
            flood.push_back(std::move(connection));
        }
        const auto settled = [&flood, &unit, announced] {
            return std::all_of(flood.begin(), flood.end(), [&](const auto &c) {
                return !c->responses().isEmpty() || c->closed() || c->streamed() * unit.size() == announced;
            });
        };
        // Stops as soon as the bound is broken, so an unbounded server is not pushed further.
        QTRY_VERIFY_WITH_TIMEOUT(settled() || peakResidentBytes(process.processId()) - before >= bound, 300000);
        const qint64 growth = peakResidentBytes(process.processId()) - before;
        qInfo("peak memory grew by %lld KiB (bound: %lld KiB)", growth / 1024, bound / 1024);
        QVERIFY2(growth < bound, qPrintable(u"peak memory grew by %1 MiB"_s.arg(growth / (1024 * 1024))));
        for (const auto &connection : flood) {
            QCOMPARE(connection->responses().size(), 1);
            QCOMPARE(connection->responses().first().status, 413);
            QCOMPARE(connection->responses().first().code(), u"payload_too_large"_s);
        }
        flood.clear();
        health(); // still serving
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
