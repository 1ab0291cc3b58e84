// The real tongqian-cli binary end to end: keys in a temporary data directory (file secret
// store: no D-Bus, no display), CSRs checked by `openssl req -verify`, certificates from an
// openssl test CA, sign and verify, wrong PINs and tampered files; and the account and
// certificate lifecycle against a real in-process server (TestBackend), checked by openssl;
// scan codes of a registered test platform answered with `scan`, checked by the platform's poll.
#include "core/common/errortext.h"
#include "core/crypto/certificateerrors.h"
#include "core/crypto/keypair.h"
#include "core/crypto/x509.h"
#include "core/protocol/identityerrors.h"
#include "core/protocol/scanerrors.h"
#include "core/protocol/transactionerrors.h"
#include "scanfixtures.h"
#include "tests/core/cryptotesting.h"
#include "tests/support/opensslca.h"
#include "tests/support/testbackend.h"
#include "tests/support/testparties.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QScopeGuard>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
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

// A device set up through the CLI for the scan tests, with one SM2 certificate pair.
struct ScanDevice {
    QString dir;
    QString signingId;
    QString signingSerial;
    QString encryptionId;
    QString encryptionSerial;
};

} // namespace

class TestCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    OpensslCa m_ca{m_dir.path()};
    test::TestBackend m_backend;
    std::optional<ScanDevice> m_scanDevice;
    std::unique_ptr<test::TestPlatform> m_platform;

    QString dataDir() const { return m_dir.filePath(QStringLiteral("data")); }

    // Runs tongqian-cli with `stdinData` and the key store in the temporary data directory.
    Run cli(QStringList args, const QByteArray &stdinData = {}, bool withDataDir = true)
    {
        if (withDataDir)
            args << QStringLiteral("--data-dir") << dataDir();
        return run(args, stdinData, true);
    }

    // Runs tongqian-cli on the device data in `dir`; TONGQIAN_SERVER names the test server
    // unless `withServer` is false.
    Run cliIn(const QString &dir, QStringList args, const QByteArray &stdinData = {}, bool withServer = true)
    {
        args << QStringLiteral("--data-dir") << m_dir.filePath(dir);
        return run(args, stdinData, withServer);
    }

    Run run(const QStringList &args, const QByteArray &stdinData, bool withServer,
            const QString &program = QStringLiteral(TONGQIAN_CLI_EXECUTABLE))
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        // No session bus and no display: the file secret store serves, as on a headless device.
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QString());
        env.insert(QStringLiteral("DISPLAY"), QString());
        if (withServer)
            env.insert(QStringLiteral("TONGQIAN_SERVER"), m_backend.url().toString());
        else
            env.remove(QStringLiteral("TONGQIAN_SERVER"));
        p.setProcessEnvironment(env);
        p.setWorkingDirectory(m_dir.path());
        // The server runs in this thread: wait with the event loop running, never blocked.
        QSignalSpy finished(&p, &QProcess::finished);
        p.start(program, args);
        if (!p.waitForStarted(10000))
            return {};
        p.write(stdinData);
        p.closeWriteChannel();
        if (!finished.wait(120000))
            return {};
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
                p.readAllStandardError()};
    }

    // GET `path` on the test server (raw bytes; empty on failure).
    QByteArray fetch(const QString &path)
    {
        QNetworkAccessManager nam;
        std::unique_ptr<QNetworkReply> reply(nam.get(QNetworkRequest(m_backend.url().resolved(QUrl(path)))));
        QSignalSpy done(reply.get(), &QNetworkReply::finished);
        if (!done.wait(15000) || reply->error() != QNetworkReply::NoError)
            return {};
        return reply->readAll();
    }

    // Openssl's hex of a serial: upper case, no leading zeros.
    static QByteArray serialHex(const QString &serial)
    {
        QByteArray hex = serial.toUpper().toLatin1();
        while (hex.size() > 2 && hex.startsWith('0'))
            hex.remove(0, 1);
        return hex;
    }

    static QStringList args(std::initializer_list<const char *> list)
    {
        QStringList out;
        for (const char *a : list)
            out << QString::fromUtf8(a);
        return out;
    }


    // The scan device (registered, verified, one SM2 pair applied for through the CLI) and the
    // test platform, made on first use; nullptr (with a warning) when setting up failed.
    const ScanDevice *scanDevice()
    {
        if (m_scanDevice)
            return &*m_scanDevice;
        ScanDevice d{QStringLiteral("scanner"), {}, {}, {}, {}};
        const QList<QStringList> steps{
            args({"account", "register", "--phone", "13900000077", "--sandbox-sms", "--password-file", "password.txt"}),
            args({"identity", "verify", "--name", "张三", "--id-number", "11010519491231002X"})};
        for (const QStringList &step : steps) {
            if (const Run r = cliIn(d.dir, step); r.exitCode != 0) {
                qWarning("%s failed: %s", qPrintable(step.join(u' ')), r.err.constData());
                return nullptr;
            }
        }
        const Run applied = cliIn(d.dir, args({"cert", "apply", "--alg", "sm2", "--pin-file", "pin.txt", "--name", "张三",
                                               "--id-number", "11010519491231002X"}));
        for (const QString &line : QString::fromUtf8(applied.out).split(u'\n', Qt::SkipEmptyParts)) {
            const QStringList fields = line.split(u' ');
            const bool signing = fields.value(1) == u"signing";
            (signing ? d.signingId : d.encryptionId) = fields.value(0);
            (signing ? d.signingSerial : d.encryptionSerial) = fields.value(2);
        }
        m_platform = test::TestPlatform::create(m_backend, QStringLiteral("C1100000777"));
        if (applied.exitCode != 0 || d.signingId.isEmpty() || d.encryptionId.isEmpty() || !m_platform) {
            qWarning("cert apply or the platform failed: %s", applied.err.constData());
            return nullptr;
        }
        m_scanDevice = d;
        return &*m_scanDevice;
    }

    // Runs tongqian-cli on the device data in `dir` on a pseudo-terminal (script(1), util-linux),
    // typing `typed`; stdout and stderr both arrive in `out`.
    Run cliOnTerminal(const QString &dir, QStringList args, const QByteArray &typed)
    {
        args.prepend(QStringLiteral(TONGQIAN_CLI_EXECUTABLE));
        args << QStringLiteral("--data-dir") << m_dir.filePath(dir);
        for (QString &a : args)
            a = QLatin1Char('\'') + a + QLatin1Char('\'');
        return run({QStringLiteral("-qec"), args.join(u' '), QStringLiteral("/dev/null")}, typed, true,
                   QStringLiteral("script"));
    }

    // A transaction of the test platform: {tId, qrContent, pollToken, expiresAt}.
    QJsonObject createTransaction(const QJsonObject &request)
    {
        return m_platform->createTransaction(request);
    }

    QString pollStatus(const QJsonObject &created)
    {
        return m_platform->poll(created).value(u"status").toString();
    }

    Run scan(const char *action, const QJsonObject &created, QStringList more = {})
    {
        QStringList list{QStringLiteral("scan"), QLatin1String(action), QStringLiteral("--qr"),
                         created.value(u"qrContent").toString()};
        return cliIn(m_scanDevice->dir, list + more);
    }

    static QByteArray sentence(const char *command, const char *code)
    {
        return QString(QStringLiteral("tongqian-cli ") + QLatin1String(command) + QStringLiteral(": ")
                       + userMessage(Error(code, QString())))
            .toUtf8();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(m_backend.start());
        if (!m_ca.available())
            QFAIL("the openssl command-line tool is required (package openssl)");
        for (KeyAlgorithm algorithm : {KeyAlgorithm::Sm2, KeyAlgorithm::EcdsaP256})
            QVERIFY2(m_ca.create(algorithm), m_ca.lastOutput.constData());
        QVERIFY(m_ca.write(QStringLiteral("pin.txt"), Pin + '\n'));
        QVERIFY(m_ca.write(QStringLiteral("wrong-pin.txt"), "000000\n"));
        QVERIFY(m_ca.write(QStringLiteral("new-pin.txt"), "314159\n"));
        QVERIFY(m_ca.write(QStringLiteral("password.txt"), "Tongqian2026\n"));
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
        QVERIFY2(wrong.err.contains(sentence("sign", CertificateError::WrongPin)), wrong.err.constData());
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

    // register → verify real name → apply → list → export and check with openssl against the
    // CA's chain → sign → change PIN → revoke → the CRL lists both serials → log out.
    void certificateLifecycle()
    {
        const QString device = QStringLiteral("lifecycle");
        const QString phone = QStringLiteral("13900000001");
        auto in = [&](std::initializer_list<const char *> list, const QByteArray &stdinData = {}) {
            return cliIn(device, args(list), stdinData);
        };
        auto with = [](QStringList list, std::initializer_list<QString> more) {
            for (const QString &m : more)
                list << m;
            return list;
        };

        const Run registered = cliIn(device, with(args({"account", "register", "--sandbox-sms", "--password-file",
                                                        "password.txt", "--phone"}),
                                                  {phone}));
        QVERIFY2(registered.exitCode == 0, registered.err.constData());
        QVERIFY(registered.out.contains("identity: not verified"));
        QVERIFY(!registered.out.contains("Tongqian2026") && !registered.err.contains("Tongqian2026"));

        // Without real-name verification no certificate, and no key left behind.
        const Run early = in({"cert", "apply", "--pin-file", "pin.txt"});
        QCOMPARE(early.exitCode, 1);
        const QString identityRequired = userMessage(Error(IdentityError::IdentityRequired, QString()));
        QVERIFY2(early.err.contains(QString(u"tongqian-cli cert apply: " + identityRequired).toUtf8()), early.err.constData());
        const Run noKeys = in({"key", "list"});
        QVERIFY2(noKeys.exitCode == 0 && noKeys.out.isEmpty(), noKeys.out.constData());

        const Run verified = in({"identity", "verify", "--name", "张三", "--id-number", "11010519491231002X"});
        QVERIFY2(verified.exitCode == 0, verified.err.constData());
        QVERIFY(verified.out.contains("identity: verified") && !verified.out.contains("11010519491231002X"));
        QVERIFY(in({"account", "show"}).out.contains("identity: verified"));

        // An invalid PIN is refused before anything is made.
        const Run weak = in({"cert", "apply"}, "12ab\n");
        QCOMPARE(weak.exitCode, 3);

        const Run applied = in({"cert", "apply", "--alg", "sm2", "--days", "30", "--pin-file", "pin.txt", "--name", "张三",
                                "--id-number", "11010519491231002X"});
        QVERIFY2(applied.exitCode == 0, applied.err.constData());
        QVERIFY2(applied.err.contains("[1/5]") && applied.err.contains("[5/5]"), applied.err.constData());
        const QStringList lines = QString::fromUtf8(applied.out).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QString signingId, encryptionId;
        QStringList serials;
        for (const QString &line : lines) {
            const QStringList fields = line.split(u' ');
            QCOMPARE(fields.size(), 3);
            (fields.at(1) == u"signing" ? signingId : encryptionId) = fields.at(0);
            serials << fields.at(2);
        }
        QVERIFY(!signingId.isEmpty() && !encryptionId.isEmpty());

        const Run listed = in({"cert", "list", "--json"});
        QVERIFY2(listed.exitCode == 0, listed.err.constData());
        const QJsonArray records = QJsonDocument::fromJson(listed.out).array();
        QCOMPARE(records.size(), 2);
        for (const QJsonValue &r : records)
            QCOMPARE(r.toObject().value(u"status").toString(), QStringLiteral("valid"));
        QVERIFY(cliIn(device, with(args({"cert", "show"}), {signingId})).out.contains("usage: signing"));

        // The exported .cer chains to the CA's root, link by link, under openssl with the SM2 ID.
        const Run exported = cliIn(device, with(args({"cert", "export", "--out", "me.cer"}), {signingId}));
        QVERIFY2(exported.exitCode == 0, exported.err.constData());
        const QJsonObject chain = QJsonDocument::fromJson(fetch(QStringLiteral("/api/v1/ca/010001/chain"))).object();
        for (const char *name : {"issuing", "root"}) {
            const QByteArray der = QByteArray::fromBase64(chain.value(QLatin1String(name)).toString().toLatin1());
            QVERIFY2(!der.isEmpty(), name);
            QVERIFY(m_ca.write(QLatin1String(name) + QStringLiteral(".pem"), pemEncode(der, "CERTIFICATE")));
        }
        int exitCode = -1;
        m_ca.run(args({"x509", "-inform", "DER", "-in", "me.cer", "-out", "me.pem"}), &exitCode);
        QCOMPARE(exitCode, 0);
        const QByteArray rootOk =
            m_ca.run(args({"verify", "-vfyopt", "distid:1234567812345678", "-CAfile", "root.pem", "issuing.pem"}));
        QVERIFY2(rootOk.contains("issuing.pem: OK"), rootOk.constData());
        // OpenSSL 3.0 gives the SM2 ID only to the certificate it verifies, so each link on its own.
        const QByteArray leafOk = m_ca.run(args({"verify", "-vfyopt", "distid:1234567812345678", "-partial_chain",
                                                 "-CAfile", "issuing.pem", "me.pem"}));
        QVERIFY2(leafOk.contains("me.pem: OK"), leafOk.constData());
        QVERIFY(cliIn(device, with(args({"cert", "export", "--format", "pem-chain", "--out", "chain.pem"}), {signingId}))
                    .exitCode == 0);
        QCOMPARE(m_ca.read(QStringLiteral("chain.pem")).count("BEGIN CERTIFICATE"), 3);

        // sign --cert ID: the key comes from the index; a wrong PIN writes nothing.
        QVERIFY(m_ca.write(QStringLiteral("tender.txt"), "投标文件\n"));
        const QStringList sign = with(args({"sign", "--in", "tender.txt", "--raw", "tender.sig", "--detached-cms",
                                            "tender.p7s", "--cert"}),
                                      {signingId});
        const Run wrongSign = cliIn(device, sign + args({"--pin-file", "wrong-pin.txt"}));
        QCOMPARE(wrongSign.exitCode, 3);
        QVERIFY(!QFile::exists(m_ca.path(QStringLiteral("tender.sig"))));
        const Run signedRun = cliIn(device, sign + args({"--pin-file", "pin.txt"}));
        QVERIFY2(signedRun.exitCode == 0, signedRun.err.constData());
        for (const QStringList &verify :
             {args({"verify", "--cert", "me.pem", "--in", "tender.txt", "--raw", "tender.sig"}),
              args({"verify", "--cert", "me.pem", "--in", "tender.txt", "--cms", "tender.p7s", "--ca", "issuing.pem"})}) {
            const Run ok = run(verify, {}, false);
            QVERIFY2(ok.exitCode == 0 && ok.out == "Verified OK\n", ok.err.constData());
        }

        // change-pin: a wrong old PIN changes nothing; then the new PIN opens the pair, the old does not.
        const QStringList changePin = with(args({"cert", "change-pin", "--new-pin-file", "new-pin.txt"}), {encryptionId});
        const Run wrongChange = cliIn(device, changePin + args({"--pin-file", "wrong-pin.txt"}));
        QCOMPARE(wrongChange.exitCode, 3);
        QVERIFY(cliIn(device, sign + args({"--pin-file", "pin.txt"})).exitCode == 0);
        const Run changed = cliIn(device, changePin + args({"--pin-file", "pin.txt"}));
        QVERIFY2(changed.exitCode == 0, changed.err.constData());
        QCOMPARE(cliIn(device, sign + args({"--pin-file", "pin.txt"})).exitCode, 3);
        QVERIFY(cliIn(device, sign + args({"--pin-file", "new-pin.txt"})).exitCode == 0);
        // Both PINs on stdin, old then new: changed back.
        QVERIFY(cliIn(device, with(args({"cert", "change-pin"}), {signingId}), "314159\n271828\n").exitCode == 0);
        QVERIFY(cliIn(device, sign + args({"--pin-file", "pin.txt"})).exitCode == 0);

        // The pair is two-party (the default): the server counts wrong PINs and locks after 6,
        // after which the right PIN is refused too; only the account holder's identity again
        // and a new PIN open it (a stranger's identity does not).
        const QStringList status = with(args({"cert", "pin-status"}), {signingId});
        const QStringList wrongPin = sign + args({"--pin-file", "wrong-pin.txt"});
        const Run fresh = cliIn(device, status);
        QVERIFY2(fresh.exitCode == 0 && fresh.out == "attempts left: 6\n", fresh.out.constData());
        for (int i = 0; i < 5; ++i)
            QCOMPARE(cliIn(device, wrongPin).exitCode, 3);
        QCOMPARE(cliIn(device, status).out, QByteArray("attempts left: 1\n"));
        QCOMPARE(cliIn(device, wrongPin).exitCode, 3);
        QVERIFY(cliIn(device, status).out.startsWith("locked"));
        const Run lockedSign = cliIn(device, sign + args({"--pin-file", "pin.txt"}));
        QCOMPARE(lockedSign.exitCode, 3);
        auto unlockAs = [&](const char *name, const char *newPinFile, const char *idNumber = "11010519491231002X") {
            return cliIn(device, with(args({"cert", "unlock", "--id-number", idNumber, "--new-pin-file", newPinFile,
                                            "--name", name}),
                                      {signingId}));
        };
        const Run stranger = unlockAs("李四", "new-pin.txt");
        QCOMPARE(stranger.exitCode, 1);
        QVERIFY(cliIn(device, status).out.startsWith("locked"));
        // A malformed ID number is refused before it reaches the server, so it costs none of
        // the day's 3 unlocks: the holder still gets through below.
        for (int i = 0; i < 3; ++i)
            QCOMPARE(unlockAs("张三", "new-pin.txt", "110105194912310021").exitCode, 2);
        const Run unlocked = unlockAs("张三", "new-pin.txt");
        QVERIFY2(unlocked.exitCode == 0 && unlocked.out.count("PIN reset: ") == 2, unlocked.err.constData());
        QCOMPARE(cliIn(device, status).out, QByteArray("attempts left: 6\n"));
        QCOMPARE(cliIn(device, sign + args({"--pin-file", "pin.txt"})).exitCode, 3);
        QVERIFY(cliIn(device, sign + args({"--pin-file", "new-pin.txt"})).exitCode == 0);
        QVERIFY(unlockAs("张三", "pin.txt").exitCode == 0); // back to the PIN the steps below use

        // revoke refuses without --yes and changes nothing.
        const Run refused = cliIn(device, with(args({"cert", "revoke"}), {signingId}));
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("--yes"), refused.err.constData());
        QCOMPARE(QString::fromUtf8(in({"cert", "list"}).out).count(QStringLiteral(" valid ")), 2);

        const Run revoked =
            cliIn(device, with(args({"cert", "revoke", "--reason", "keyCompromise", "--yes"}), {signingId}));
        QVERIFY2(revoked.exitCode == 0, revoked.err.constData());
        const Run valid = in({"cert", "list"});
        QVERIFY2(valid.exitCode == 0 && valid.out.isEmpty(), valid.out.constData());
        const Run all = in({"cert", "list", "--all"});
        QCOMPARE(QString::fromUtf8(all.out).count(QStringLiteral(" revoked ")), 2);
        QCOMPARE(cliIn(device, sign + args({"--pin-file", "pin.txt"})).exitCode, 1);

        const QByteArray crl = fetch(QStringLiteral("/api/v1/ca/010001/crl"));
        QVERIFY(!crl.isEmpty() && m_ca.write(QStringLiteral("ca.crl"), crl));
        const QByteArray crlText = m_ca.run(args({"crl", "-inform", "DER", "-in", "ca.crl", "-noout", "-text"}));
        for (const QString &serial : std::as_const(serials))
            QVERIFY2(crlText.contains(QByteArray(QByteArray("Serial Number: ") + serialHex(serial))), crlText.constData());

        // Log out, then in again with the password and with a sandbox SMS code.
        QCOMPARE(in({"account", "logout"}).exitCode, 0);
        const Run loggedOut = in({"account", "show"});
        QCOMPARE(loggedOut.exitCode, 1);
        QVERIFY(loggedOut.err.contains("Not logged in"));
        const Run wrongPassword = cliIn(device, with(args({"account", "login", "--phone"}), {phone}), "Wrong2026x\n");
        QCOMPARE(wrongPassword.exitCode, 1);
        QVERIFY(cliIn(device, with(args({"account", "login", "--password-file", "password.txt", "--phone"}), {phone}))
                    .exitCode == 0);
        QCOMPARE(in({"account", "logout"}).exitCode, 0);
        m_backend.advanceClock(120); // past the SMS resend interval of the registration code
        const Run bySms = cliIn(device, with(args({"account", "login", "--sms", "--sandbox-sms", "--phone"}), {phone}));
        QVERIFY2(bySms.exitCode == 0, bySms.err.constData());
        QVERIFY(bySms.out.contains("identity: verified"));

        // key delete: a two-party key's server share goes only with its PIN (issue 14).
        const Run created = in({"key", "create", "--custody", "two-party", "--pin-file", "pin.txt"});
        QVERIFY2(created.exitCode == 0, created.err.constData());
        const QString keyId = QString::fromUtf8(created.out).section(u' ', 0, 0);
        const QStringList remove = with(args({"key", "delete"}), {keyId});
        QCOMPARE(cliIn(device, remove + args({"--pin-file", "wrong-pin.txt"})).exitCode, 3);
        QVERIFY(in({"key", "list"}).out.contains(keyId.toUtf8()));
        const Run removed = cliIn(device, remove + args({"--pin-file", "pin.txt"}));
        QVERIFY2(removed.exitCode == 0, removed.err.constData());
        QVERIFY(!in({"key", "list"}).out.contains(keyId.toUtf8()));
    }

    // Two accounts on one device: each sees only its own certificates and keys, also offline
    // (the CLI reads the logged-in account's folder of the data directory).
    void accountsKeepTheirOwn()
    {
        const QString device = QStringLiteral("two-accounts");
        auto in = [&](QStringList list) {
            const Run r = cliIn(device, list);
            if (r.exitCode != 0)
                qWarning("%s", r.err.constData());
            return r;
        };
        const QStringList registration = args({"account", "register", "--sandbox-sms", "--password-file", "password.txt",
                                               "--phone"});
        QCOMPARE(in(registration + QStringList{QStringLiteral("13900000031")}).exitCode, 0);
        QCOMPARE(in(args({"identity", "verify", "--name", "张三", "--id-number", "11010519491231002X"})).exitCode, 0);
        QCOMPARE(in(args({"cert", "apply", "--alg", "sm2", "--pin-file", "pin.txt", "--name", "张三", "--id-number",
                          "11010519491231002X"}))
                     .exitCode,
                 0);
        const QByteArray certificatesA = in(args({"cert", "list", "--offline"})).out;
        const QByteArray keysA = in(args({"key", "list"})).out;
        QCOMPARE(certificatesA.count('\n'), 2);
        QCOMPARE(keysA.count('\n'), 2);

        QCOMPARE(in(args({"account", "logout"})).exitCode, 0);
        QCOMPARE(in(args({"cert", "list", "--offline"})).out, QByteArray());
        QCOMPARE(in(args({"key", "list"})).out, QByteArray());

        QCOMPARE(in(registration + QStringList{QStringLiteral("13900000032")}).exitCode, 0);
        QCOMPARE(in(args({"cert", "list"})).out, QByteArray());
        QCOMPARE(in(args({"key", "list"})).out, QByteArray());

        QCOMPARE(in(args({"account", "logout"})).exitCode, 0);
        QCOMPARE(in(args({"account", "login", "--password-file", "password.txt", "--phone", "13900000031"})).exitCode, 0);
        QCOMPARE(in(args({"cert", "list", "--offline"})).out, certificatesA);
        QCOMPARE(in(args({"key", "list"})).out, keysA);
    }

    // A key made by openssl is taken into custody (the file untouched) and signs; openssl
    // verifies the signature with the SM2 default ID.
    void importedKeySigns()
    {
        int exitCode = -1;
        m_ca.run(args({"genpkey", "-algorithm", "SM2", "-out", "imported.pem"}), &exitCode);
        QCOMPARE(exitCode, 0);
        m_ca.run(args({"pkey", "-in", "imported.pem", "-pubout", "-out", "imported-pub.pem"}), &exitCode);
        QCOMPARE(exitCode, 0);
        const QByteArray before = m_ca.read(QStringLiteral("imported.pem"));

        const Run imported = cliIn(QStringLiteral("import"), args({"key", "import", "imported.pem", "--pin-file", "pin.txt"}),
                                   {}, false);
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
        QCOMPARE(m_ca.read(QStringLiteral("imported.pem")), before);
        QVERIFY2(imported.err.contains("delete it"), imported.err.constData());
        static const QRegularExpression line(QStringLiteral(R"(^([0-9a-f]+) sm2 SHA256:)"));
        const auto m = line.match(QString::fromUtf8(imported.out));
        QVERIFY2(m.hasMatch(), imported.out.constData());
        const QString id = m.captured(1);

        const Run csr = cliIn(QStringLiteral("import"),
                              QStringList{QStringLiteral("csr"), QStringLiteral("--key"), id, QStringLiteral("--subject"),
                                          QStringLiteral("CN=赵六,C=CN"), QStringLiteral("--out"),
                                          QStringLiteral("imported.csr"), QStringLiteral("--pin-file"),
                                          QStringLiteral("pin.txt")},
                              {}, false);
        QVERIFY2(csr.exitCode == 0, csr.err.constData());
        QVERIFY2(m_ca.issue(KeyAlgorithm::Sm2, m_ca.read(QStringLiteral("imported.csr")), QStringLiteral("imported-leaf.pem")),
                 m_ca.lastOutput.constData());
        QVERIFY(m_ca.write(QStringLiteral("imported-doc.txt"), "合同 2026-001\n"));
        const Run signedRun = cliIn(QStringLiteral("import"),
                                    QStringList{QStringLiteral("sign"), QStringLiteral("--key"), id, QStringLiteral("--cert"),
                                                QStringLiteral("imported-leaf.pem"), QStringLiteral("--in"),
                                                QStringLiteral("imported-doc.txt"), QStringLiteral("--raw"),
                                                QStringLiteral("imported.sig")},
                                    Pin + '\n', false);
        QVERIFY2(signedRun.exitCode == 0, signedRun.err.constData());
        const QByteArray verified = m_ca.run(args({"pkeyutl", "-verify", "-pubin", "-inkey", "imported-pub.pem", "-rawin",
                                                   "-digest", "sm3", "-pkeyopt", "distid:1234567812345678", "-in",
                                                   "imported-doc.txt", "-sigfile", "imported.sig"}),
                                             &exitCode);
        QVERIFY2(exitCode == 0 && verified.contains("Signature Verified Successfully"), verified.constData());

        // A traditional (SEC1) P-256 key file is taken too; a file that is no key is refused.
        m_ca.run(args({"ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "p256-sec1.pem"}), &exitCode);
        QVERIFY(m_ca.read(QStringLiteral("p256-sec1.pem")).contains("BEGIN EC PRIVATE KEY"));
        const Run sec1 = cliIn(QStringLiteral("import"), args({"key", "import", "p256-sec1.pem"}), Pin + '\n', false);
        QVERIFY2(sec1.exitCode == 0 && sec1.out.contains(" ecdsa-p256 "), sec1.err.constData());
        const Run notAKey = cliIn(QStringLiteral("import"), args({"key", "import", "tender.txt"}), Pin + '\n', false);
        QCOMPARE(notAKey.exitCode, 1);
        QVERIFY2(notAKey.err.startsWith("tongqian-cli key import: "), notAKey.err.constData());
    }

    void serverIsRequired()
    {
        const Run noServer = cliIn(QStringLiteral("noserver"), args({"account", "show"}), {}, false);
        QCOMPARE(noServer.exitCode, 2);
        QVERIFY2(noServer.err.contains("TONGQIAN_SERVER"), noServer.err.constData());
        QCOMPARE(cliIn(QStringLiteral("noserver"), args({"account", "show", "--server", "ftp://x"})).exitCode, 2);
        // Offline listing needs none.
        QCOMPARE(cliIn(QStringLiteral("noserver"), args({"cert", "list", "--offline"}), {}, false).exitCode, 0);
        // Without --sms-code or --sandbox-sms a code is sent and the user is told to come back with it.
        const Run sent = cliIn(QStringLiteral("noserver"), args({"account", "register", "--phone", "13900000002"}));
        QVERIFY2(sent.exitCode == 0 && sent.err.contains("--sms-code"), sent.err.constData());
        QCOMPARE(cliIn(QStringLiteral("noserver"), args({"account", "register", "--phone", "123"})).exitCode, 2);
    }

    void usageErrors()
    {
        QCOMPARE(cli(args({"key", "create", "--alg", "dsa"}), Pin + '\n').exitCode, 2);
        QCOMPARE(cli(args({"key", "frobnicate"})).exitCode, 2);
        QCOMPARE(cli(args({"sign", "--key", "x"})).exitCode, 2);
        QCOMPARE(cli(args({"verify", "--cert", "a", "--in", "b"}), {}, false).exitCode, 2);
        QCOMPARE(cli(args({"verify-result", "--request", "request.json"}), {}, false).exitCode, 2);
        QCOMPARE(cli(args({"verify-result", "--request", "r", "--tid", "t", "--result", "r", "--chain", "c", "--crl", "c",
                           "--at", "yesterday"}),
                     {}, false)
                     .exitCode,
                 2);
        QCOMPARE(cli(args({"ca", "fingerprint", "--ca-org", "12"}), {}, false).exitCode, 2);
        const Run help = cli(args({"--help"}), {}, false);
        QCOMPARE(help.exitCode, 0);
        for (const char *command : {"account", "identity", "cert", "key", "csr", "sign", "verify", "verify-result", "scan"})
            QVERIFY(help.out.contains(command));
    }

    /// --secret-store: files never asks the keychain; the first choice of a data directory is
    /// kept, and a contradicting one fails instead of looking for the secrets elsewhere.
    void secretStoreChoice()
    {
        const QString dir = QStringLiteral("store");
        const Run created = cliIn(dir, args({"key", "create", "--alg", "sm2", "--secret-store", "files"}), Pin + '\n');
        QVERIFY2(created.exitCode == 0, created.err.constData());
        QFile marker(m_dir.filePath(dir + QStringLiteral("/device/backend")));
        QVERIFY(marker.open(QIODevice::ReadOnly));
        QCOMPARE(marker.readAll().trimmed(), QByteArray("file"));
        const Run other = cliIn(dir, args({"key", "create", "--alg", "sm2", "--secret-store", "keychain"}), Pin + '\n');
        QCOMPARE(other.exitCode, 1);
        QCOMPARE(cliIn(dir, args({"key", "list", "--secret-store", "vault"})).exitCode, 2);
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

    // Login from the code's text; the code cannot be used twice; a code of another server is
    // never sent; without a terminal and without --yes nothing is claimed.
    void scanCompletesLogin()
    {
        const ScanDevice *device = scanDevice();
        QVERIFY(device);
        const QJsonObject login = createTransaction({{QStringLiteral("action"), QStringLiteral("login")}});
        QVERIFY(!login.isEmpty());

        const Run unconfirmed = scan("complete", login, args({"--pin-file", "pin.txt"}));
        QCOMPARE(unconfirmed.exitCode, 2);
        QVERIFY2(unconfirmed.err.contains("--yes"), unconfirmed.err.constData());
        QCOMPARE(pollStatus(login), QStringLiteral("pending"));

        const Run done = scan("complete", login, args({"--yes", "--pin-file", "pin.txt"}));
        QVERIFY2(done.exitCode == 0, done.err.constData());
        QCOMPARE(done.out, login.value(u"tId").toString().toUtf8() + " completed\n");
        QVERIFY2(done.err.contains("action: 登录 (log in)") && done.err.contains("(C1100000777)")
                     && done.err.contains(device->signingId.toUtf8()),
                 done.err.constData());
        QVERIFY(!done.err.contains(Pin) && !done.out.contains(Pin));
        const QJsonObject polled = m_platform->poll(login);
        QCOMPARE(polled.value(u"status").toString(), QStringLiteral("completed"));
        QCOMPARE(polled.value(u"result").toObject().value(u"certSn").toString(), device->signingSerial);

        const Run again = scan("complete", login, args({"--yes", "--pin-file", "pin.txt"}));
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains(sentence("scan complete", TransactionError::TicketUsed)), again.err.constData());

        const QString foreign = QStringLiteral("http://127.0.0.2:9/qr/v1/") + QString(43, u'A');
        const Run wrongServer = cliIn(device->dir, QStringList{QStringLiteral("scan"), QStringLiteral("complete"),
                                                               QStringLiteral("--qr"), foreign, QStringLiteral("--yes"),
                                                               QStringLiteral("--pin-file"), QStringLiteral("pin.txt")});
        QCOMPARE(wrongServer.exitCode, 1);
        QVERIFY2(wrongServer.err.contains(sentence("scan complete", TransactionError::WrongServer)), wrongServer.err.constData());

        const Run notACode = cliIn(device->dir, args({"scan", "show", "--qr", "https://example.cn/"}));
        QCOMPARE(notACode.exitCode, 1);
        QVERIFY2(notACode.err.contains(sentence("scan show", ScanError::InvalidQr)), notACode.err.constData());
        QCOMPARE(cliIn(device->dir, args({"scan", "show"})).exitCode, 2);
    }

    // `show` from an image tells what will be signed and uses the code up; a fresh code of the
    // same request is signed from an image written as a PNG.
    void scanSignsHashesFromImage()
    {
        const ScanDevice *device = scanDevice();
        QVERIFY(device);
        const QByteArray hash = QByteArray::fromHex("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
        const QJsonObject request{{QStringLiteral("action"), QStringLiteral("sign")},
                                  {QStringLiteral("hashes"),
                                   QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("h1")},
                                                          {QStringLiteral("algorithm"), QStringLiteral("sm3")},
                                                          {QStringLiteral("value"), QString::fromLatin1(hash.toBase64())}}}}};
        auto image = [&](const QJsonObject &created, const QString &name) {
            return scantest::qrImage(created.value(u"qrContent").toString().toUtf8(), 6).save(m_dir.filePath(name));
        };

        const QJsonObject shown = createTransaction(request);
        QVERIFY(image(shown, QStringLiteral("shown.png")));
        const Run show = cliIn(device->dir, args({"scan", "show", "--image", "shown.png"}));
        QVERIFY2(show.exitCode == 0, show.err.constData());
        const QList<QByteArray> expectedLines{
            "action: 签名 (sign)", "tId: " + shown.value(u"tId").toString().toUtf8(), "hash: h1 sm3 " + hash.toHex(),
            "answer before: ", "certificate: " + device->signingId.toUtf8() + " signing valid "};
        for (const QByteArray &expected : expectedLines)
            QVERIFY2(show.out.contains(expected), show.out.constData());
        QVERIFY2(show.err.contains("used up"), show.err.constData());
        QCOMPARE(pollStatus(shown), QStringLiteral("scanned"));
        const Run used = cliIn(device->dir, args({"scan", "complete", "--image", "shown.png", "--yes", "--pin-file", "pin.txt"}));
        QCOMPARE(used.exitCode, 1);
        QVERIFY2(used.err.contains(sentence("scan complete", TransactionError::TicketUsed)), used.err.constData());

        const QJsonObject fresh = createTransaction(request);
        QVERIFY(image(fresh, QStringLiteral("fresh.png")));
        const Run done = cliIn(device->dir, args({"scan", "complete", "--image", "fresh.png", "--yes", "--pin-file", "pin.txt"}));
        QVERIFY2(done.exitCode == 0, done.err.constData());
        QVERIFY2(done.err.contains("[1/3]") && done.err.contains("[3/3]"), done.err.constData());
        const QJsonObject polled = m_platform->poll(fresh);
        QCOMPARE(polled.value(u"status").toString(), QStringLiteral("completed"));
        const QJsonObject result = polled.value(u"result").toObject();
        QCOMPARE(result.value(u"certSn").toString(), device->signingSerial);
        QCOMPARE(result.value(u"signatureValueList").toArray().size(), 1);

        QImage blankImage(64, 64, QImage::Format_Grayscale8);
        blankImage.fill(255);
        QVERIFY(blankImage.save(m_dir.filePath(QStringLiteral("blank.png"))));
        const Run blank = cliIn(device->dir, args({"scan", "show", "--image", "blank.png"}));
        QCOMPARE(blank.exitCode, 1);
    }

    // Decrypt an envelope made to the device's encryption certificate: the platform opens the
    // session key it gets back. A wrong PIN first: exit 3, the request stays claimed.
    void scanDecryptsEnvelope()
    {
        const ScanDevice *device = scanDevice();
        QVERIFY(device);
        QVERIFY(cliIn(device->dir, QStringList{QStringLiteral("cert"), QStringLiteral("export"), device->encryptionId,
                                               QStringLiteral("--out"), QStringLiteral("enc.cer")})
                    .exitCode
                == 0);
        const auto certificate = Certificate::parse(m_ca.read(QStringLiteral("enc.cer")));
        QVERIFY(certificate);
        const auto key = PublicKey::fromDer(certificate.value().publicKeyDer);
        QVERIFY(key);
        const QByteArray sessionKey = QByteArray::fromHex("00112233445566778899aabbccddeeff");
        const auto envelope = key.value().encrypt(sessionKey);
        QVERIFY(envelope);
        const QJsonObject request{
            {QStringLiteral("action"), QStringLiteral("decrypt")},
            {QStringLiteral("encryptInfoList"),
             QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("env-1")},
                                    {QStringLiteral("caOrgType"), QStringLiteral("010001")},
                                    {QStringLiteral("encCertSn"), device->encryptionSerial},
                                    {QStringLiteral("encryptStr"), QString::fromLatin1(envelope.value().toBase64())}}}}};

        const QJsonObject wrongPin = createTransaction(request);
        const Run wrong = scan("complete", wrongPin, args({"--yes", "--pin-file", "wrong-pin.txt"}));
        QCOMPARE(wrong.exitCode, 3);
        QVERIFY2(wrong.err.contains("tongqian-cli scan complete: "), wrong.err.constData());
        QCOMPARE(pollStatus(wrongPin), QStringLiteral("scanned"));

        const QJsonObject created = createTransaction(request);
        const Run done = scan("complete", created, args({"--yes", "--cert", qPrintable(device->signingId), "--pin-file",
                                                         "pin.txt"}));
        QVERIFY2(done.exitCode == 0, done.err.constData());
        QVERIFY2(done.err.contains("envelopes: 1"), done.err.constData());
        const QJsonObject polled = m_platform->poll(created);
        QCOMPARE(polled.value(u"status").toString(), QStringLiteral("completed"));
        const QJsonArray list = polled.value(u"result").toObject().value(u"decryptList").toArray();
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.at(0).toObject().value(u"decryptKey").toString(), QStringLiteral("env-1"));
        const auto opened = m_platform->encryptionKey->decrypt(
            QByteArray::fromBase64(list.at(0).toObject().value(u"decryptStr").toString().toLatin1()));
        QVERIFY(opened);
        QCOMPARE(QByteArray(opened.value().constData(), qsizetype(opened.value().size())), sessionKey);
    }

    // Without --yes, on a terminal: "y" approves, anything else declines (rejected, exit 1).
    void scanAsksOnTerminal()
    {
        const ScanDevice *device = scanDevice();
        QVERIFY(device);
        if (QStandardPaths::findExecutable(QStringLiteral("script")).isEmpty())
            QFAIL("script(1) is required (package bsdutils)");
        for (const bool approve : {true, false}) {
            const QJsonObject created = createTransaction({{QStringLiteral("action"), QStringLiteral("login")}});
            const Run r = cliOnTerminal(device->dir,
                                        {QStringLiteral("scan"), QStringLiteral("complete"), QStringLiteral("--qr"),
                                         created.value(u"qrContent").toString(), QStringLiteral("--cert"),
                                         device->signingId, QStringLiteral("--pin-file"), QStringLiteral("pin.txt")},
                                        approve ? "y\n" : "n\n");
            QVERIFY2(r.out.contains("Approve this request? [y/N]"), r.out.constData());
            QCOMPARE(r.exitCode, approve ? 0 : 1);
            QVERIFY2(r.out.contains(approve ? " completed" : "declined; nothing was signed"), r.out.constData());
            QCOMPARE(pollStatus(created), approve ? QStringLiteral("completed") : QStringLiteral("rejected"));
        }
    }

    // "This wasn't me", then the reports; with two pairs, --cert is required.
    void scanRejectsAndReports()
    {
        const ScanDevice *device = scanDevice();
        QVERIFY(device);
        const QJsonObject created = createTransaction({{QStringLiteral("action"), QStringLiteral("login")}});
        const Run rejected = scan("reject", created, args({"--reason", "不是我"}));
        QVERIFY2(rejected.exitCode == 0, rejected.err.constData());
        QCOMPARE(rejected.out, created.value(u"tId").toString().toUtf8() + " rejected\n");
        QCOMPARE(pollStatus(created), QStringLiteral("rejected"));

        const Run reports = cliIn(device->dir, args({"scan", "reports", "--json"}));
        QVERIFY2(reports.exitCode == 0, reports.err.constData());
        QHash<QString, QJsonObject> byTId;
        for (const QJsonValue &v : QJsonDocument::fromJson(reports.out).array())
            byTId.insert(v.toObject().value(u"tId").toString(), v.toObject());
        QVERIFY2(byTId.size() >= 2, reports.out.constData());
        const QJsonObject rejectedReport = byTId.value(created.value(u"tId").toString());
        QCOMPARE(rejectedReport.value(u"status").toString(), QStringLiteral("rejected"));
        QCOMPARE(rejectedReport.value(u"reason").toString(), QStringLiteral("不是我"));
        QCOMPARE(rejectedReport.value(u"platformCode").toString(), QStringLiteral("C1100000777"));
        int completed = 0;
        for (const QJsonObject &r : std::as_const(byTId))
            completed += r.value(u"status").toString() == u"completed" && r.value(u"certSn").toString() == device->signingSerial;
        QVERIFY2(completed >= 1, reports.out.constData());
        const Run lines = cliIn(device->dir, args({"scan", "reports", "--search", "decrypt"}));
        QVERIFY2(lines.exitCode == 0 && lines.out.contains(" decrypt completed C1100000777 ")
                     && !lines.out.contains(" login "),
                 lines.out.constData());

        // The second pair is proven with the first: its signature over a challenge, plus the SMS code.
        m_backend.advanceClock(61); // past the SMS resend interval of the registration code
        const Run challenge = cliIn(device->dir, args({"cert", "challenge"}));
        QVERIFY2(challenge.exitCode == 0, challenge.err.constData());
        const QString code = m_backend.smsCode(QStringLiteral("13900000077"));
        const Run second = cliIn(device->dir, args({"cert", "apply", "--alg", "sm2", "--pin-file", "pin.txt"})
                                                  + QStringList{QStringLiteral("--with-certificate"), device->signingId,
                                                                QStringLiteral("--challenge"),
                                                                QString::fromLatin1(challenge.out.trimmed()),
                                                                QStringLiteral("--sms-code"), code});
        QVERIFY2(second.exitCode == 0, second.err.constData());
        const QJsonObject login = createTransaction({{QStringLiteral("action"), QStringLiteral("login")}});
        const Run ambiguous = scan("complete", login, args({"--yes", "--pin-file", "pin.txt"}));
        QCOMPARE(ambiguous.exitCode, 2);
        QVERIFY2(ambiguous.err.contains("--cert") && ambiguous.err.contains(device->signingId.toUtf8()),
                 ambiguous.err.constData());
        const QJsonObject chosen = createTransaction({{QStringLiteral("action"), QStringLiteral("login")}});
        const Run done = scan("complete", chosen, args({"--yes", "--cert", qPrintable(device->signingId), "--pin-file",
                                                        "pin.txt"}));
        QVERIFY2(done.exitCode == 0, done.err.constData());
        QCOMPARE(m_platform->poll(chosen).value(u"result").toObject().value(u"certSn").toString(), device->signingSerial);
    }

    void operatorCommandsRunThePlatformActions()
    {
        // Without a session token: a usage error before anything is sent.
        qunsetenv("TONGQIAN_OPERATOR_TOKEN");
        Run r = run({QStringLiteral("operator"), QStringLiteral("platforms")}, {}, true);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("operator login"), r.err.constData());

        const QByteArray password = "operator password 1";
        const QString secret = m_backend.addOperator(QStringLiteral("cli-admin"), QStringLiteral("admin"),
                                                     QString::fromLatin1(password));
        QVERIFY(!secret.isEmpty());
        r = run({QStringLiteral("operator"), QStringLiteral("login"), QStringLiteral("--name"), QStringLiteral("cli-admin"),
                 QStringLiteral("--totp"), test::TestBackend::totpCode(secret)},
                password + '\n', true);
        QCOMPARE(r.exitCode, 0);
        const QByteArray token = r.out.trimmed();
        QVERIFY(!token.isEmpty());
        qputenv("TONGQIAN_OPERATOR_TOKEN", token);
        const auto cleanup = qScopeGuard([] { qunsetenv("TONGQIAN_OPERATOR_TOKEN"); });

        r = run({QStringLiteral("operator"), QStringLiteral("register"), QStringLiteral("--code"),
                 QStringLiteral("E3308010416"), QStringLiteral("--name"), QStringLiteral("CLI platform"),
                 QStringLiteral("--callback-url"), QStringLiteral("https://cli.example.cn/cb")},
                {}, true);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("\"secret\""), r.out.constData());
        r = run({QStringLiteral("operator"), QStringLiteral("rotate"), QStringLiteral("E3308010416")}, {}, true);
        QCOMPARE(r.exitCode, 0);
        r = run({QStringLiteral("operator"), QStringLiteral("callback-url"), QStringLiteral("E3308010416"),
                 QStringLiteral("https://cli.example.cn/v2")},
                {}, true);
        QCOMPARE(r.exitCode, 0);
        r = run({QStringLiteral("operator"), QStringLiteral("audit")}, {}, true);
        QCOMPARE(r.exitCode, 0);
        for (const char *action : {"platform.register", "platform.rotate_secret", "platform.callback_url"})
            QVERIFY2(r.out.contains(action), r.out.constData());
        QVERIFY(r.out.contains("https://cli.example.cn/v2"));
        r = run({QStringLiteral("operator"), QStringLiteral("list")}, {}, true);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("cli-admin admin\n"), r.out.constData());
        r = run({QStringLiteral("operator"), QStringLiteral("logout")}, {}, true);
        QCOMPARE(r.exitCode, 0);
        r = run({QStringLiteral("operator"), QStringLiteral("platforms")}, {}, true);
        QCOMPARE(r.exitCode, 1);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
