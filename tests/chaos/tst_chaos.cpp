// Kills tongqian-server (a child process) with SIGKILL at seeded random moments while devices
// register, verify their identity, get two-party certificate pairs and sign scanned
// transactions, for Rounds rounds. After each restart: the database passes its integrity check,
// everything the client saw acknowledged (a 2xx) is there exactly once, and certificates and
// key shares come together. TONGQIAN_CHAOS_SEED replays a run; the seed is printed first.
#include "testbackend.h"
#include "testparties.h"

#include "core/crypto/x509.h"
#include "core/keys/keycustody.h"
#include "server/db/database.h"

#include <QJsonArray>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace tq;
using namespace tq::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int Rounds = 20;
constexpr int ReadyTimeoutMs = 60000;
const QByteArray Pin = "246810";

/// What the workload saw acknowledged, to be found in the database exactly once.
struct Ledger {
    QStringList phones;          ///< registered and identity verified
    QStringList platforms;       ///< registered platform codes
    QStringList serials;         ///< signing certificates issued (two-party keys)
    QStringList transactions;    ///< tIds created by a platform
    QStringList completed;       ///< tIds the device's signature completed
    int unfinishedApplications = 0; ///< applications started and not acknowledged
};

/// The base64 of an SM2 public key's uncompressed point, as cosign_keys stores it.
QString pointOf(const QByteArray &spkiDer)
{
    return QString::fromLatin1(spkiDer.right(65).toBase64());
}

} // namespace

class TestChaos : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_databaseUrl;
    quint16 m_port = 0;
    QProcess m_server;
    TestBackend m_backend;
    QRandomGenerator m_random;
    Ledger m_ledger;
    std::vector<std::unique_ptr<TestDevice>> m_devices;
    int m_platformSequence = 0;

    bool healthy()
    {
        ApiClient api(m_backend.url());
        return waitFor(api.get(QStringLiteral("/health")), 2000).isNull();
    }

    /// Starts the server on the suite's port and waits until its health route answers.
    void startServer()
    {
        m_server.setProgram(QStringLiteral(TONGQIAN_SERVER_EXECUTABLE));
        // Every device is the one test person, so the per-person limit of valid pairs is lifted; the
        // PIN verifier takes a test-sized scrypt so that applications finish between kills.
        m_server.setArguments({u"--listen"_s, u"127.0.0.1:%1"_s.arg(m_port), u"--db"_s, m_databaseUrl,
                               u"--master-key"_s, m_dir.filePath(u"master.key"_s), u"--valid-pairs-per-person"_s,
                               u"1000000"_s, u"--pin-cost"_s, u"10,8,1"_s});
        m_server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_server.start();
        QVERIFY(m_server.waitForStarted(ReadyTimeoutMs));
        QTRY_VERIFY_WITH_TIMEOUT(m_server.state() != QProcess::Running || healthy(), ReadyTimeoutMs);
        QCOMPARE(m_server.state(), QProcess::Running);
    }

    /// One device's life until something fails (the server died): register and verify,
    /// a two-party SM2 pair, then a platform's sign transaction scanned and approved.
    void work(TestPlatform &platform)
    {
        auto device = TestDevice::create(m_backend, true, CustodyKind::TwoParty);
        if (!device)
            return;
        m_ledger.phones.append(device->phone);
        TestDevice &d = *m_devices.emplace_back(std::move(device));
        ++m_ledger.unfinishedApplications;
        const auto certificate = d.applyFor(KeyAlgorithm::Sm2, Pin);
        if (!certificate)
            return;
        --m_ledger.unfinishedApplications;
        m_ledger.serials.append(certificate->serial);
        const QByteArray hash(32, char(m_ledger.serials.size()));
        const QJsonObject created = platform.createTransaction(
            {{u"action"_s, u"sign"_s},
             {u"hashes"_s, QJsonArray{QJsonObject{{u"key"_s, u"h1"_s},
                                                  {u"algorithm"_s, u"sm3"_s},
                                                  {u"value"_s, QString::fromLatin1(hash.toBase64())}}}}});
        const QString tId = created.value(u"tId").toString();
        if (tId.isEmpty())
            return;
        m_ledger.transactions.append(tId);
        auto *open = d.transactions->open(created.value(u"qrContent").toString());
        open->setAutoDelete(false);
        if (!waitFor(open).isNull()) {
            delete open;
            return;
        }
        const ScanTransaction transaction = open->result();
        delete open;
        if (waitFor(d.transactions->approve(transaction, certificate->id, SecureBytes(Pin))).isNull())
            m_ledger.completed.append(tId);
    }

    /// Runs the workload until the kill lands `killAfterMs` after the start of the round.
    void roundOfWork(int killAfterMs)
    {
        QTimer::singleShot(killAfterMs, &m_server, [this] { m_server.kill(); }); // SIGKILL
        const QString code = u"C99%1"_s.arg(++m_platformSequence, 8, 10, QLatin1Char('0'));
        if (auto platform = TestPlatform::create(m_backend, code)) {
            m_ledger.platforms.append(code);
            while (m_server.state() == QProcess::Running)
                work(*platform);
        }
        QTRY_VERIFY_WITH_TIMEOUT(m_server.state() == QProcess::NotRunning, ReadyTimeoutMs);
    }

    /// The database's own integrity check: SQLite's, or amcheck over every B-tree index.
    void checkIntegrity(server::Database &db)
    {
        if (db.url().kind == server::DatabaseUrl::Kind::Sqlite) {
            const auto verdict = db.scalar(u"PRAGMA integrity_check"_s);
            QVERIFY(verdict);
            QCOMPARE(verdict.value().toString(), u"ok"_s);
            return;
        }
        QVERIFY(db.run(u"CREATE EXTENSION IF NOT EXISTS amcheck"_s));
        // bt_index_check raises an error, failing the statement, on the first corrupt index.
        auto checked = db.exec(u"SELECT c.relname, bt_index_check(c.oid, true) FROM pg_index i JOIN pg_class c ON "
                               "c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'btree' AND "
                               "c.relnamespace = current_schema()::regnamespace"_s);
        QVERIFY(checked);
        int indexes = 0;
        while (checked.value().next())
            ++indexes;
        QVERIFY(indexes > 0);
    }

    int count(server::Database &db, const QString &sql, const QVariantList &values = {})
    {
        const auto n = db.scalar(sql, values);
        return n ? n.value().toInt() : -1;
    }

    /// Everything acknowledged is there exactly once; certificates and shares come together.
    void checkLedger(server::Database &db)
    {
        for (const QString &phone : std::as_const(m_ledger.phones)) {
            QVERIFY2(count(db, u"SELECT COUNT(*) FROM accounts WHERE phone = ?"_s, {phone}) == 1, qPrintable(phone));
            QVERIFY2(count(db, u"SELECT COUNT(*) FROM identities i JOIN accounts a ON a.id = i.account_id "
                               "WHERE a.phone = ?"_s, {phone}) == 1,
                     qPrintable(phone));
        }
        for (const QString &code : std::as_const(m_ledger.platforms))
            QVERIFY2(count(db, u"SELECT COUNT(*) FROM platforms WHERE code = ?"_s, {code}) == 1, qPrintable(code));
        for (const QString &serial : std::as_const(m_ledger.serials))
            QVERIFY2(count(db, u"SELECT COUNT(*) FROM certificates WHERE serial = ? AND usage = 'signing'"_s,
                           {serial}) == 1,
                     qPrintable(serial));
        for (const QString &tId : std::as_const(m_ledger.transactions))
            QVERIFY2(count(db, u"SELECT COUNT(*) FROM scan_transactions WHERE id = ?"_s, {tId}) == 1, qPrintable(tId));
        for (const QString &tId : std::as_const(m_ledger.completed))
            QVERIFY2(count(db, u"SELECT COUNT(*) FROM scan_transactions WHERE id = ? AND status = 'completed'"_s,
                           {tId}) == 1,
                     qPrintable(tId));
        // No account has more pairs than its device asked for (one application each).
        QCOMPARE(count(db, u"SELECT COUNT(*) FROM (SELECT account_id FROM certificates WHERE usage = 'signing' "
                           "GROUP BY account_id HAVING COUNT(*) > 1) doubled"_s),
                 0);

        // Every SM2 pair is whole, and its encryption key is escrowed at the KMC.
        QCOMPARE(count(db, u"SELECT COUNT(*) FROM (SELECT pair_id FROM certificates GROUP BY pair_id "
                           "HAVING COUNT(*) <> 2) broken"_s),
                 0);
        QCOMPARE(count(db, u"SELECT COUNT(*) FROM certificates c WHERE c.usage = 'encryption' AND NOT EXISTS "
                           "(SELECT 1 FROM kmc_escrow k WHERE k.certificate_id = c.id)"_s),
                 0);
        QCOMPARE(count(db, u"SELECT COUNT(*) FROM kmc_escrow k WHERE NOT EXISTS "
                           "(SELECT 1 FROM certificates c WHERE c.id = k.certificate_id)"_s),
                 0);

        // Two-party pairs: both keys are shares held by the server. A share that is no
        // certificate's key can only be a signing key whose application was not acknowledged.
        QSet<QString> shares;
        auto keys = db.exec(u"SELECT public_key FROM cosign_keys"_s);
        QVERIFY(keys);
        while (keys.value().next())
            shares.insert(keys.value().value(0).toString());
        QSet<QString> certified;
        auto certificates = db.exec(u"SELECT der FROM certificates"_s);
        QVERIFY(certificates);
        while (certificates.value().next()) {
            const auto parsed =
                Certificate::parse(QByteArray::fromBase64(certificates.value().value(0).toString().toLatin1()));
            QVERIFY(parsed);
            const QString point = pointOf(parsed.value().publicKeyDer);
            QVERIFY2(shares.contains(point), "a certificate without its key share");
            certified.insert(point);
        }
        const qsizetype uncertified = (shares - certified).size();
        QVERIFY2(uncertified <= m_ledger.unfinishedApplications,
                 qPrintable(u"%1 shares without a certificate, %2 applications unfinished"_s.arg(uncertified).arg(
                     m_ledger.unfinishedApplications)));
    }

    void checkDatabase()
    {
        auto db = server::Database::open(m_databaseUrl);
        QVERIFY2(db, qPrintable(db ? QString() : db.error().message));
        checkIntegrity(*db.value());
        if (QTest::currentTestFailed())
            return;
        checkLedger(*db.value());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_databaseUrl = qEnvironmentVariable("TONGQIAN_TEST_DATABASE_URL",
                                             u"sqlite:"_s + m_dir.filePath(u"chaos.sqlite"_s));
        const quint32 seed = qEnvironmentVariableIsSet("TONGQIAN_CHAOS_SEED")
            ? quint32(qEnvironmentVariableIntValue("TONGQIAN_CHAOS_SEED"))
            : QRandomGenerator::system()->generate();
        qInfo("chaos seed %u (replay with TONGQIAN_CHAOS_SEED=%u)", seed, seed);
        m_random.seed(seed);
        QTcpServer probe; // a free port, kept across restarts so the devices keep their server URL
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        m_port = probe.serverPort();
        probe.close();
        m_backend.attach(QUrl(u"http://127.0.0.1:%1"_s.arg(m_port)));
    }

    void killedServerKeepsEveryAcknowledgedOperation()
    {
        for (int round = 1; round <= Rounds; ++round) {
            startServer();
            if (QTest::currentTestFailed())
                return;
            checkDatabase();
            if (QTest::currentTestFailed())
                return qWarning("after %d kills", round - 1);
            const int killAfterMs = int(m_random.bounded(300, 3000));
            qInfo("round %d: kill after %d ms", round, killAfterMs);
            roundOfWork(killAfterMs);
            if (QTest::currentTestFailed())
                return;
        }
        startServer();
        checkDatabase();
        qInfo("acknowledged: %lld accounts, %lld certificate pairs, %lld transactions, %lld signed",
              qlonglong(m_ledger.phones.size()), qlonglong(m_ledger.serials.size()),
              qlonglong(m_ledger.transactions.size()), qlonglong(m_ledger.completed.size()));
        QVERIFY(!m_ledger.completed.isEmpty()); // the workload got somewhere between kills
    }

    void cleanupTestCase()
    {
        if (m_server.state() != QProcess::NotRunning) {
            m_server.terminate();
            m_server.waitForFinished(ReadyTimeoutMs);
        }
    }
};

QTEST_GUILESS_MAIN(TestChaos)
#include "tst_chaos.moc"
