// The real tongqian-cli binary end to end: keys in a temporary data directory (file secret
// store: no D-Bus, no display), CSRs checked by `openssl req -verify`, certificates from an
// openssl test CA, sign and verify, wrong PINs and tampered files.
#include "tests/core/cryptotesting.h"
#include "tests/support/opensslca.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace tq;
using namespace tq::testing;

namespace {

const QByteArray Pin = "271828";

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class TestCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    OpensslCa m_ca{m_dir.path()};

    QString dataDir() const { return m_dir.filePath(QStringLiteral("data")); }

    // Runs tongqian-cli with `stdinData` and the key store in the temporary data directory.
    Run cli(QStringList args, const QByteArray &stdinData = {}, bool withDataDir = true) const
    {
        if (withDataDir)
            args << QStringLiteral("--data-dir") << dataDir();
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        // No session bus and no display: the file secret store serves, as on a headless device.
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QString());
        env.insert(QStringLiteral("DISPLAY"), QString());
        p.setProcessEnvironment(env);
        p.setWorkingDirectory(m_dir.path());
        p.start(QStringLiteral(TONGQIAN_CLI_EXECUTABLE), args);
        if (!p.waitForStarted(10000))
            return {};
        p.write(stdinData);
        p.closeWriteChannel();
        if (!p.waitForFinished(120000))
            return {};
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
                p.readAllStandardError()};
    }

    static QStringList args(std::initializer_list<const char *> list)
    {
        QStringList out;
        for (const char *a : list)
            out << QString::fromUtf8(a);
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (!m_ca.available())
            QFAIL("the openssl command-line tool is required (package openssl)");
        for (KeyAlgorithm algorithm : {KeyAlgorithm::Sm2, KeyAlgorithm::EcdsaP256})
            QVERIFY2(m_ca.create(algorithm), m_ca.lastOutput.constData());
        QVERIFY(m_ca.write(QStringLiteral("pin.txt"), Pin + '\n'));
        QVERIFY(m_ca.write(QStringLiteral("wrong-pin.txt"), "000000\n"));
    }

    void keySignVerify_data()
    {
        QTest::addColumn<QString>("alg");
        QTest::addColumn<KeyAlgorithm>("algorithm");
        QTest::newRow("sm2") << QStringLiteral("sm2") << KeyAlgorithm::Sm2;
        QTest::newRow("p256") << QStringLiteral("p256") << KeyAlgorithm::EcdsaP256;
    }
    void keySignVerify()
    {
        QFETCH(QString, alg);
        QFETCH(KeyAlgorithm, algorithm);

        // key create: the PIN comes from stdin.
        const Run created = cli({QStringLiteral("key"), QStringLiteral("create"), QStringLiteral("--alg"), alg},
                                Pin + '\n');
        QVERIFY2(created.exitCode == 0, created.err.constData());
        static const QRegularExpression line(QStringLiteral(R"(^([0-9a-f]+) (\S+) SHA256:([0-9a-f]{2}:){31}[0-9a-f]{2}\n$)"));
        const auto m = line.match(QString::fromUtf8(created.out));
        QVERIFY2(m.hasMatch(), created.out.constData());
        const QString id = m.captured(1);
        QCOMPARE(m.captured(2), keyAlgorithmName(algorithm));
        QVERIFY(!created.out.contains(Pin) && !created.err.contains(Pin));

        const Run listed = cli(args({"key", "list"}));
        QCOMPARE(listed.exitCode, 0);
        QVERIFY(listed.out.contains(created.out));

        // csr, checked by openssl.
        const QString csrFile = alg + QStringLiteral(".csr");
        const Run csr = cli({QStringLiteral("csr"), QStringLiteral("--key"), id, QStringLiteral("--subject"),
                             QStringLiteral("CN=王五,O=同签测试,C=CN"), QStringLiteral("--out"), csrFile,
                             QStringLiteral("--pin-file"), QStringLiteral("pin.txt")});
        QVERIFY2(csr.exitCode == 0, csr.err.constData());
        QStringList reqVerify = args({"req", "-verify", "-noout", "-in"});
        reqVerify << csrFile;
        if (algorithm == KeyAlgorithm::Sm2)
            reqVerify << QStringLiteral("-vfyopt") << QStringLiteral("distid:1234567812345678");
        const QByteArray reqOut = m_ca.run(reqVerify);
        QVERIFY2(reqOut.contains("verify OK"), reqOut.constData());

        const QString certFile = alg + QStringLiteral("-leaf.pem");
        QVERIFY2(m_ca.issue(algorithm, m_ca.read(csrFile), certFile), m_ca.lastOutput.constData());
        const QString caFile = OpensslCa::caName(algorithm) + QStringLiteral(".pem");

        // sign: raw and detached SignedData in one go, PIN from a file.
        QVERIFY(m_ca.write(QStringLiteral("doc.txt"), "招标文件 v1\n"));
        const QString raw = alg + QStringLiteral(".sig");
        const QString cms = alg + QStringLiteral(".p7s");
        const Run signedRun = cli({QStringLiteral("sign"), QStringLiteral("--key"), id, QStringLiteral("--cert"),
                                   certFile, QStringLiteral("--in"), QStringLiteral("doc.txt"), QStringLiteral("--raw"),
                                   raw, QStringLiteral("--detached-cms"), cms, QStringLiteral("--pin-file"),
                                   QStringLiteral("pin.txt")});
        QVERIFY2(signedRun.exitCode == 0, signedRun.err.constData());

        const QStringList verifyRaw{QStringLiteral("verify"), QStringLiteral("--cert"), certFile, QStringLiteral("--in"),
                                    QStringLiteral("doc.txt"), QStringLiteral("--raw"), raw};
        const QStringList verifyCms{QStringLiteral("verify"), QStringLiteral("--cert"), certFile, QStringLiteral("--in"),
                                    QStringLiteral("doc.txt"), QStringLiteral("--cms"), cms, QStringLiteral("--ca"),
                                    caFile};
        for (const QStringList &verify : {verifyRaw, verifyCms}) {
            const Run ok = cli(verify, {}, false);
            QVERIFY2(ok.exitCode == 0 && ok.out == "Verified OK\n", ok.err.constData());
        }
        if (algorithm == KeyAlgorithm::EcdsaP256) {
            int exitCode = -1;
            const QByteArray out = m_ca.run({QStringLiteral("cms"), QStringLiteral("-verify"), QStringLiteral("-binary"),
                                             QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"), cms,
                                             QStringLiteral("-content"), QStringLiteral("doc.txt"),
                                             QStringLiteral("-CAfile"), caFile, QStringLiteral("-purpose"),
                                             QStringLiteral("any"), QStringLiteral("-out"), QStringLiteral("cms.out")},
                                            &exitCode);
            QVERIFY2(exitCode == 0 && out.contains("Verification successful"), out.constData());
        }

        // Wrong PIN: refused with exit code 3 and a clear sentence, nothing written.
        const Run wrong = cli({QStringLiteral("sign"), QStringLiteral("--key"), id, QStringLiteral("--cert"), certFile,
                               QStringLiteral("--in"), QStringLiteral("doc.txt"), QStringLiteral("--raw"),
                               QStringLiteral("wrong.sig"), QStringLiteral("--pin-file"),
                               QStringLiteral("wrong-pin.txt")});
        QCOMPARE(wrong.exitCode, 3);
        QVERIFY2(wrong.err.contains("tongqian-cli sign: The PIN is wrong."), wrong.err.constData());
        QVERIFY(!QFile::exists(m_ca.path(QStringLiteral("wrong.sig"))));

        // A tampered file fails both checks with exit code 1.
        QVERIFY(m_ca.write(QStringLiteral("doc.txt"), "招标文件 v2\n"));
        for (const QStringList &verify : {verifyRaw, verifyCms}) {
            const Run bad = cli(verify, {}, false);
            QCOMPARE(bad.exitCode, 1);
            QVERIFY2(bad.err.contains("verification failed"), bad.err.constData());
            QVERIFY(bad.out.isEmpty());
        }

        const Run deleted = cli({QStringLiteral("key"), QStringLiteral("delete"), id});
        QVERIFY2(deleted.exitCode == 0, deleted.err.constData());
        QVERIFY(!cli(args({"key", "list"})).out.contains(id.toUtf8()));
    }

    void usageErrors()
    {
        QCOMPARE(cli(args({"key", "create", "--alg", "dsa"}), Pin + '\n').exitCode, 2);
        QCOMPARE(cli(args({"key", "frobnicate"})).exitCode, 2);
        QCOMPARE(cli(args({"sign", "--key", "x"})).exitCode, 2);
        QCOMPARE(cli(args({"verify", "--cert", "a", "--in", "b"}), {}, false).exitCode, 2);
        const Run help = cli(args({"--help"}), {}, false);
        QCOMPARE(help.exitCode, 0);
        for (const char *command : {"key", "csr", "sign", "verify"})
            QVERIFY(help.out.contains(command));
    }

    void pinProblems()
    {
        const Run empty = cli(args({"key", "create", "--alg", "sm2"}), "\n");
        QCOMPARE(empty.exitCode, 3);
        QVERIFY2(empty.err.contains("No PIN was given"), empty.err.constData());
        const Run weak = cli(args({"key", "create", "--alg", "sm2"}), "12ab\n");
        QCOMPARE(weak.exitCode, 3);
        const Run unknown = cli(args({"sign", "--key", "0000", "--cert", "ca-sm2.pem", "--in", "pin.txt", "--raw",
                                      "x.sig", "--pin-file", "pin.txt"}));
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY2(unknown.err.contains("There is no key 0000"), unknown.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
