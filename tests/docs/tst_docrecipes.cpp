// The integrator's tools of docs/qr-protocol.md §12–§13 on real artifacts: a sign transaction is
// answered end to end by the real server, the files a platform keeps are saved as §13 names
// them, and then (1) the OpenSSL recipes of §13 run exactly as written in the document and
// (2) `tongqian-cli verify-result` runs on the same files. Both must accept them and both must
// refuse them once the platform's copy of the request differs, so the document cannot rot.
#include "tests/server/platformfixture.h"

#include "core/common/encoding.h"
#include "core/crypto/random.h"
#include "core/crypto/x509.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace tq;
using namespace tq::server::test;

namespace {

bool save(const QDir &dir, const QString &name, const QByteArray &bytes)
{
    QFile file(dir.filePath(name));
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray jsonText(const QJsonObject &object)
{
    return QJsonDocument(object).toJson();
}

struct Run {
    int exitCode = -1;
    QString output;
};

Run run(const QString &program, const QStringList &arguments, const QString &workDir,
        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setWorkingDirectory(workDir);
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    // The server runs in this thread: wait with the event loop running, never blocked.
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(program, arguments);
    Run out;
    if (!process.waitForStarted() || !finished.wait(120000))
        return out;
    out.output = QString::fromUtf8(process.readAll());
    out.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return out;
}

} // namespace

class TestDocRecipes : public PlatformTestCase {
    Q_OBJECT

private:
    QTemporaryDir m_files;
    QByteArray m_rootDer;
    QString m_tId;

    /// Answers a transaction and saves what the platform keeps, under §13's names.
    bool saveArtifacts(const Rp &rp, const Device &d, const QJsonObject &request)
    {
        if (!d.ok)
            return false;
        HttpReply created;
        if (roundTrip(rp, d, request, &created).status != 200)
            return false;
        m_tId = created.json.value(QStringLiteral("tId")).toString();
        const HttpReply polled = poll(rp, m_tId, created.json.value(QStringLiteral("pollToken")).toString());
        if (polled.json.value(QStringLiteral("status")).toString() != u"completed")
            return false;
        const QString caOrg = polled.json.value(QStringLiteral("result")).toObject().value(QStringLiteral("caOrgType")).toString();
        const HttpReply chain = m_server->get(QStringLiteral("/api/v1/ca/%1/chain").arg(caOrg));
        const HttpReply crl = m_server->get(QStringLiteral("/api/v1/ca/%1/crl").arg(caOrg));
        if (chain.status != 200 || crl.status != 200)
            return false;
        m_rootDer = fromBase64Text(chain.json.value(QStringLiteral("root"))).value_or(QByteArray());
        const QDir dir(m_files.path());
        return save(dir, QStringLiteral("request.json"), jsonText(request))
               && save(dir, QStringLiteral("created.json"), created.body)
               && save(dir, QStringLiteral("poll.json"), polled.body) && save(dir, QStringLiteral("chain.json"), chain.body)
               && save(dir, QStringLiteral("crl.der"), crl.body);
    }

    /// The root's SHA-256 fingerprint as the operator publishes it (AA:BB:…), computed here
    /// independently of OpenSSL's command line.
    QString pinnedRoot() const
    {
        const QByteArray hex = QCryptographicHash::hash(m_rootDer, QCryptographicHash::Sha256).toHex(':').toUpper();
        return QString::fromLatin1(hex);
    }

    /// The §13 blocks tagged `tag` (none: the untagged ones), with `pin` as the pinned root.
    Run recipes(const QString &pin, const QString &tag = {})
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("PINNED_ROOT_SHA256"), pin);
        QStringList arguments{QStringLiteral(TONGQIAN_SOURCE_DIR "/tests/docs/run-recipes.sh"),
                              QStringLiteral(TONGQIAN_SOURCE_DIR "/docs/qr-protocol.md"), m_files.path()};
        if (!tag.isEmpty())
            arguments << tag;
        return run(QStringLiteral("sh"), arguments, m_files.path(), environment);
    }

    Run verifyResult(const QString &pin, const QStringList &extra = {})
    {
        return run(QStringLiteral(TONGQIAN_CLI_EXECUTABLE),
                   QStringList{QStringLiteral("verify-result"), QStringLiteral("--request"),
                               QStringLiteral("request.json"), QStringLiteral("--tid"), m_tId,
                               QStringLiteral("--result"), QStringLiteral("poll.json"), QStringLiteral("--chain"),
                               QStringLiteral("chain.json"), QStringLiteral("--crl"), QStringLiteral("crl.der"),
                               QStringLiteral("--pin-root"), pin}
                       + extra,
                   m_files.path());
    }

private Q_SLOTS:
    void recipesAndVerifierAcceptARealResultAndRefuseAnother()
    {
        QVERIFY(m_files.isValid());
        const QJsonObject request{{QStringLiteral("action"), QStringLiteral("sign")},
                                  {QStringLiteral("data"), QString::fromLatin1(QByteArray("tender 2026-017").toBase64())}};
        QVERIFY(saveArtifacts(platform(), device(), request));

        Run recipe = recipes(pinnedRoot());
        QVERIFY2(recipe.exitCode == 0, qPrintable(recipe.output));
        // The self-signed root, the issuing CA, the signer, the CRL, the binding and the item.
        QCOMPARE(recipe.output.count(QStringLiteral("Verified OK")), 6);

        // The fingerprint the operator hands out, from the saved chain and from the server itself.
        const QString cliPath = QStringLiteral(TONGQIAN_CLI_EXECUTABLE);
        Run fingerprint = run(cliPath, {QStringLiteral("ca"), QStringLiteral("fingerprint"), QStringLiteral("--chain"),
                                        QStringLiteral("chain.json")},
                              m_files.path());
        QCOMPARE(fingerprint.exitCode, 0);
        QVERIFY2(fingerprint.output.startsWith(QStringLiteral("root    SHA256 ") + pinnedRoot()),
                 qPrintable(fingerprint.output));
        fingerprint = run(cliPath, {QStringLiteral("ca"), QStringLiteral("fingerprint"), QStringLiteral("--server"),
                                    m_server->server().baseUrl().toString()},
                          m_files.path());
        QCOMPARE(fingerprint.exitCode, 0);
        QVERIFY2(fingerprint.output.contains(pinnedRoot()), qPrintable(fingerprint.output));

        Run cli = verifyResult(pinnedRoot());
        QVERIFY2(cli.exitCode == 0, qPrintable(cli.output));
        QVERIFY2(cli.output.contains(QStringLiteral("Verdict: VALID")), qPrintable(cli.output));

        // A root other than the one the operator published: both stop before anything else.
        QString otherRoot = pinnedRoot();
        otherRoot[0] = otherRoot[0] == u'0' ? u'1' : u'0';
        recipe = recipes(otherRoot);
        QVERIFY2(recipe.exitCode != 0 && !recipe.output.contains(QStringLiteral("Verified OK")),
                 qPrintable(recipe.output));
        cli = verifyResult(otherRoot);
        QCOMPARE(cli.exitCode, 1);
        QVERIFY2(cli.output.contains(QStringLiteral("is not the pinned")), qPrintable(cli.output));

        // The platform's own copy says something else was to be signed: both must refuse.
        QJsonObject other = request;
        other[QStringLiteral("data")] = QString::fromLatin1(QByteArray("tender 2026-018").toBase64());
        QVERIFY(save(QDir(m_files.path()), QStringLiteral("request.json"), jsonText(other)));
        recipe = recipes(pinnedRoot());
        QVERIFY2(recipe.exitCode != 0, qPrintable(recipe.output));
        QVERIFY2(recipe.output.contains(QStringLiteral("differ")), qPrintable(recipe.output)); // cmp of the binding
        cli = verifyResult(pinnedRoot());
        QVERIFY2(cli.exitCode == 1, qPrintable(cli.output));
        QVERIFY2(cli.output.contains(QStringLiteral("FAILED  binding_mismatch")), qPrintable(cli.output));
        QVERIFY2(cli.output.contains(QStringLiteral("Verdict: INVALID")), qPrintable(cli.output));
    }

    /// §13.6: the envelope line hashes the decoded encryptStr, and the platform's own key opens
    /// the answer to the session key it enveloped.
    void decryptRecipeOpensTheAnswer()
    {
        const Rp rp = platform();
        const Device d = device();
        const QByteArray sessionKey = Random::bytes(16);
        const QJsonObject request = decryptRequest(d, {sessionKey});
        QVERIFY(saveArtifacts(rp, d, request));
        const QDir dir(m_files.path());
        const auto privateKey = rp.key->privateKeyDer();
        QVERIFY(privateKey);
        QVERIFY(save(dir, QStringLiteral("platform-key.pem"), pemEncode(privateKey.value().view(), "PRIVATE KEY")));
        QVERIFY(save(dir, QStringLiteral("platform-public.pem"), pemEncode(rp.key->publicKeyDer(), "PUBLIC KEY")));

        Run recipe = recipes(pinnedRoot(), QStringLiteral("decrypt"));
        QVERIFY2(recipe.exitCode == 0, qPrintable(recipe.output));
        QFile opened(dir.filePath(QStringLiteral("session.key")));
        QVERIFY(opened.open(QIODevice::ReadOnly));
        QCOMPARE(opened.readAll(), sessionKey);

        Run cli = verifyResult(pinnedRoot(), {QStringLiteral("--platform-key"), QStringLiteral("platform-public.pem")});
        QVERIFY2(cli.exitCode == 0 && cli.output.contains(QStringLiteral("Verdict: VALID")), qPrintable(cli.output));

        // The platform's copy holds another envelope: the envelope line no longer matches.
        QVERIFY(save(dir, QStringLiteral("request.json"), jsonText(decryptRequest(d, {Random::bytes(16)}))));
        recipe = recipes(pinnedRoot(), QStringLiteral("decrypt"));
        QVERIFY2(recipe.exitCode != 0, qPrintable(recipe.output));
        cli = verifyResult(pinnedRoot(), {QStringLiteral("--platform-key"), QStringLiteral("platform-public.pem")});
        QVERIFY2(cli.exitCode == 1 && cli.output.contains(QStringLiteral("FAILED  binding_mismatch")),
                 qPrintable(cli.output));
    }
};

QTEST_GUILESS_MAIN(TestDocRecipes)
#include "tst_docrecipes.moc"
