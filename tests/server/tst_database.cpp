#include "core/common/apierrors.h"
#include "server/db/database.h"
#include "server/db/migrations.h"
#include "tests/server/testserver.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>
#include <vector>

using namespace tq;
using namespace tq::server;
using namespace Qt::StringLiterals;

class TestDatabase : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    static constexpr QFileDevice::Permissions OthersAndGroup{
        QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther
        | QFileDevice::WriteOther | QFileDevice::ExeOther};

    QString sqliteUrl(const QString &file) const { return QStringLiteral("sqlite:") + m_dir.filePath(file); }

    /// An empty database for a test that holds on any backend: a new SQLite `file`, or the
    /// database of TONGQIAN_TEST_DATABASE_URL with its tables dropped.
    QString scratchUrl(const QString &file) const
    {
        const QString url = qEnvironmentVariable("TONGQIAN_TEST_DATABASE_URL");
        if (url.isEmpty())
            return sqliteUrl(file);
        auto db = Database::open(url);
        if (!db || !test::dropAllTables(*db.value()))
            qFatal("cannot empty the database of TONGQIAN_TEST_DATABASE_URL");
        return url;
    }

    static QVariant scalar(Database &db, const QString &sql)
    {
        const auto value = db.scalar(sql);
        return value ? value.value() : QVariant();
    }

private Q_SLOTS:
    void parsesUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("name");
        QTest::newRow("sqlite relative") << u"sqlite:data/tq.sqlite"_s << u"sqlite"_s << u""_s << 5432 << u""_s << u""_s
                                         << u""_s;
        QTest::newRow("postgresql full") << u"postgresql://tq:s%40cret@db.example:6543/tongqian"_s << u"postgresql"_s
                                         << u"db.example"_s << 6543 << u"tq"_s << u"s@cret"_s << u"tongqian"_s;
        QTest::newRow("postgres default port") << u"postgres://tq@localhost/tq"_s << u"postgresql"_s << u"localhost"_s
                                               << 5432 << u"tq"_s << u""_s << u"tq"_s;
        QTest::newRow("postgresql unix socket")
            << u"postgresql://tq@localhost/tq?host=%2Frun%2Ftq%20pg"_s << u"postgresql"_s << u"/run/tq pg"_s << 5432
            << u"tq"_s << u""_s << u"tq"_s;
    }

    void parsesUrls()
    {
        QFETCH(QString, url);
        const auto parsed = DatabaseUrl::parse(url);
        QVERIFY2(parsed, qPrintable(parsed.ok() ? QString() : parsed.error().message));
        QTEST(parsed.value().kindName(), "kind");
        QTEST(parsed.value().host, "host");
        QTEST(parsed.value().port, "port");
        QTEST(parsed.value().user, "user");
        QTEST(parsed.value().password, "password");
        QTEST(parsed.value().name, "name");
        if (parsed.value().kind == DatabaseUrl::Kind::Sqlite)
            QCOMPARE(parsed.value().path, QStringLiteral("data/tq.sqlite"));
    }

    void rejectsBadUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::newRow("empty") << u""_s;
        QTest::newRow("sqlite without path") << u"sqlite:"_s;
        QTest::newRow("sqlite in memory") << u"sqlite::memory:"_s;
        QTest::newRow("mysql") << u"mysql://u:p@h/db"_s;
        QTest::newRow("postgresql without db") << u"postgresql://u:p@host:5432"_s;
        QTest::newRow("postgresql without host") << u"postgresql:///db"_s;
        QTest::newRow("postgresql relative socket") << u"postgresql://u@localhost/db?host=run/pg"_s;
        QTest::newRow("plain path") << u"data/tq.sqlite"_s;
    }

    void rejectsBadUrls()
    {
        QFETCH(QString, url);
        const auto parsed = DatabaseUrl::parse(url);
        QVERIFY(!parsed);
        QVERIFY(parsed.error().is(ApiError::InvalidRequest));
        QVERIFY(!parsed.error().message.contains(u"p@h")); // never echo credentials
    }

    void sqliteIsConfiguredForConcurrency()
    {
        auto db = Database::open(sqliteUrl(QStringLiteral("pragmas.sqlite")));
        QVERIFY2(db, qPrintable(db.ok() ? QString() : db.error().message));
        QCOMPARE(scalar(*db.value(), QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
        QCOMPARE(scalar(*db.value(), QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
        QCOMPARE(scalar(*db.value(), QStringLiteral("PRAGMA busy_timeout")).toInt(), 5000);
    }

    // Issue 14: the database and its -wal/-shm files were created 0644, readable by every local
    // user. They are owner-only like the master key, also when an older version made them.
    void sqliteFilesAreOwnerOnly()
    {
        const QString path = m_dir.filePath(QStringLiteral("modes.sqlite"));
        const QStringList files{path, path + QStringLiteral("-wal"), path + QStringLiteral("-shm")};
        const auto openAndWrite = [&] {
            auto db = Database::open(QStringLiteral("sqlite:") + path);
            QVERIFY2(db, qPrintable(db.ok() ? QString() : db.error().message));
            QVERIFY(db.value()->run(QStringLiteral("CREATE TABLE IF NOT EXISTS t (v INTEGER)")));
            QVERIFY(db.value()->run(QStringLiteral("INSERT INTO t (v) VALUES (1)")));
            for (const QString &file : files) {
                QVERIFY2(QFileInfo::exists(file), qPrintable(file));
                QCOMPARE(QFile::permissions(file) & OthersAndGroup, QFileDevice::Permissions());
            }
        };
        openAndWrite();
        if (QTest::currentTestFailed())
            return;
        for (const QString &file : files) // as an older version left them (the -wal/-shm if still there)
            QFile::setPermissions(file, QFile::permissions(file) | QFileDevice::ReadGroup | QFileDevice::ReadOther);
        QVERIFY(QFile::permissions(path) & QFileDevice::ReadOther);
        openAndWrite();
    }

    void openFailsClearlyForAnUnwritablePath()
    {
        const auto db = Database::open(sqliteUrl(QStringLiteral("missing-folder/x.sqlite")));
        QVERIFY(!db);
        QVERIFY(db.error().message.contains(u"missing-folder"));
    }

    void migrationsAreIdempotent()
    {
        const QString url = scratchUrl(QStringLiteral("migrate.sqlite"));
        {
            auto db = Database::open(url);
            QVERIFY(db);
            QVERIFY(migrate(*db.value()));
            QVERIFY(db.value()->exec(QStringLiteral("INSERT INTO sms_outbox (id, phone, purpose, code, created_at_ms) "
                                                    "VALUES ('1', '13800138000', 'login', '123456', 1)")));
            QVERIFY(migrate(*db.value())); // same connection, nothing left to do
        }
        auto db = Database::open(url);
        QVERIFY(db);
        QVERIFY(migrate(*db.value()));
        QCOMPARE(scalar(*db.value(), QStringLiteral("SELECT COUNT(*) FROM schema_migrations")).toInt(),
                 int(migrations().size()));
        QCOMPARE(scalar(*db.value(), QStringLiteral("SELECT MAX(version) FROM schema_migrations")).toInt(),
                 migrations().last().version);
        QCOMPARE(scalar(*db.value(), QStringLiteral("SELECT COUNT(*) FROM sms_outbox")).toInt(), 1);
    }

    void concurrentMigrationsTakeTurns()
    {
        // Two instances starting on one fresh database at the same moment both succeed.
        const QString url = scratchUrl(QStringLiteral("race.sqlite"));
        std::atomic<int> succeeded{0};
        const auto instance = [&] {
            auto db = Database::open(url);
            if (!db)
                return qWarning("open failed: %s", qPrintable(db.error().message));
            if (auto migrated = migrate(*db.value()); !migrated)
                return qWarning("migration failed: %s", qPrintable(migrated.error().message));
            ++succeeded;
        };
        std::unique_ptr<QThread> first(QThread::create(instance));
        std::unique_ptr<QThread> second(QThread::create(instance));
        first->start();
        second->start();
        QVERIFY(first->wait(20000));
        QVERIFY(second->wait(20000));
        QCOMPARE(succeeded.load(), 2);
        auto db = Database::open(url);
        QVERIFY(db);
        QCOMPARE(scalar(*db.value(), QStringLiteral("SELECT COUNT(*) FROM schema_migrations")).toInt(),
                 int(migrations().size()));
    }

    // Migration 7 (issue 15) gives every two-party share a usage. Keys from before it: one that
    // ever signed keeps signing, any other (the KMC's encryption keys) decrypts only, and no
    // signing key has an installation decryption left.
    void existingTwoPartyKeysGetAUsage()
    {
        const QString url = scratchUrl(QStringLiteral("usage.sqlite"));
        auto db = Database::open(url);
        QVERIFY(db);
        Database &d = *db.value();
        QVERIFY(d.run(QStringLiteral("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                                     "applied_at BIGINT NOT NULL)")));
        for (const Migration &m : migrations()) {
            if (m.version >= 7)
                break;
            for (const QString &statement : m.statements)
                QVERIFY2(d.run(statement), qPrintable(statement));
            QVERIFY(d.run(QStringLiteral("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, 0)"),
                          {m.version, m.name}));
        }
        QVERIFY(d.run(QStringLiteral("INSERT INTO accounts (id, phone, password_hash, created_at) "
                                     "VALUES ('a', '13800138000', 'x', 0)")));
        for (const char *id : {"signing", "encryption"})
            QVERIFY(d.run(QStringLiteral("INSERT INTO cosign_keys (id, account_id, public_key, device_share, share_sealed, "
                                         "pin_salt, pin_hash, created_at) VALUES (?, 'a', 'p', 'd', 's', 'n', 'h', 0)"),
                          {QString::fromLatin1(id)}));
        QVERIFY(d.run(QStringLiteral("INSERT INTO cosign_audit (key_id, account_id, operation, outcome, created_at) "
                                     "VALUES ('signing', 'a', 'sign', 'ok', 0), ('encryption', 'a', 'decrypt', 'ok', 0)")));
        QVERIFY(migrate(d));
        QCOMPARE(scalar(d, QStringLiteral("SELECT usage FROM cosign_keys WHERE id = 'signing'")).toString(), u"sign"_s);
        QCOMPARE(scalar(d, QStringLiteral("SELECT usage FROM cosign_keys WHERE id = 'encryption'")).toString(),
                 u"decrypt"_s);
        QCOMPARE(scalar(d, QStringLiteral("SELECT SUM(install_decryptions) FROM cosign_keys")).toInt(), 0);
    }

    void migrationVersionsAscend()
    {
        int previous = 0;
        for (const Migration &m : migrations()) {
            QVERIFY(m.version > previous);
            QVERIFY(!m.statements.isEmpty());
            previous = m.version;
        }
    }

    void foreignKeysAreEnforced()
    {
        auto db = Database::open(scratchUrl(QStringLiteral("fk.sqlite")));
        QVERIFY(db && migrate(*db.value()));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^query failed")));
        const auto orphan = db.value()->exec(
            QStringLiteral("INSERT INTO sessions (id, account_id, access_hash, access_expires_at, refresh_hash, "
                           "refresh_expires_at, created_at) VALUES ('s', 'no-such-account', 'a', 1, 'r', 1, 1)"));
        QVERIFY(!orphan);
        QVERIFY(orphan.error().is(ApiError::Internal));
    }

    void eachThreadGetsItsOwnConnection()
    {
        auto opened = Database::open(scratchUrl(QStringLiteral("threads.sqlite")));
        QVERIFY(opened && migrate(*opened.value()));
        Database &db = *opened.value();
        const QString mainName = db.connection().connectionName();

        QString workerName;
        bool workerWrote = false;
        std::unique_ptr<QThread> worker(QThread::create([&] {
            workerName = db.connection().connectionName();
            workerWrote = bool(db.exec(QStringLiteral("INSERT INTO sms_outbox (id, phone, purpose, code, "
                                                      "created_at_ms) VALUES ('w', '13800138000', 'login', '1', 2)")));
        }));
        worker->start();
        QVERIFY(worker->wait(10000));
        QVERIFY(workerWrote);
        QVERIFY(!workerName.isEmpty());
        QVERIFY(workerName != mainName);
        QVERIFY(!QSqlDatabase::contains(workerName)); // closed when its thread finished
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM sms_outbox")).toInt(), 1);
    }

    void transactionRollsBackUnlessCommitted()
    {
        auto opened = Database::open(scratchUrl(QStringLiteral("tx.sqlite")));
        QVERIFY(opened && migrate(*opened.value()));
        Database &db = *opened.value();
        const QString insert = QStringLiteral("INSERT INTO sms_outbox (id, phone, purpose, code, created_at_ms) "
                                              "VALUES (?, '13800138000', 'login', '1', 1)");
        {
            Transaction tx(db);
            QVERIFY(tx.isActive());
            QVERIFY(db.exec(insert, {QStringLiteral("dropped")}));
        }
        {
            Transaction tx(db);
            QVERIFY(db.exec(insert, {QStringLiteral("kept")}));
            QVERIFY(tx.commit());
        }
        QCOMPARE(scalar(db, QStringLiteral("SELECT id FROM sms_outbox")).toString(), QStringLiteral("kept"));
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM sms_outbox")).toInt(), 1);
    }

    void preparedStatementsAreReusedWithTheirNewValues()
    {
        auto opened = Database::open(scratchUrl(QStringLiteral("prepared.sqlite")));
        QVERIFY(opened && migrate(*opened.value()));
        Database &db = *opened.value();
        const QString insert = QStringLiteral("INSERT INTO sms_outbox (id, phone, purpose, code, created_at_ms) "
                                              "VALUES (?, ?, 'login', '1', ?)");
        for (int i = 0; i < 3; ++i)
            QVERIFY(db.run(insert, {u"id%1"_s.arg(i), u"1380013800%1"_s.arg(i), i}));
        // The same statement failing (a taken id) leaves it usable.
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^query failed")));
        QVERIFY(!db.run(insert, {u"id0"_s, u"13800138009"_s, 9}));
        QVERIFY(db.run(insert, {u"id3"_s, u"13800138003"_s, 3}));
        // Too few values never run with the ones left from the last time.
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("takes 3 values, not 2")));
        QVERIFY(!db.run(insert, {u"id4"_s, u"13800138004"_s}));

        const QString byTime = QStringLiteral("SELECT id, phone FROM sms_outbox WHERE created_at_ms >= ? ORDER BY id");
        auto first = db.exec(byTime, {2});
        QVERIFY(first);
        // Rows stay as they were read while the same statement runs again.
        auto second = db.exec(byTime, {0});
        QVERIFY(second);
        QStringList firstIds, secondIds;
        while (first.value().next())
            firstIds.append(first.value().value(0).toString());
        while (second.value().next())
            secondIds.append(second.value().value(0).toString());
        QCOMPARE(firstIds, (QStringList{u"id2"_s, u"id3"_s}));
        QCOMPARE(secondIds, (QStringList{u"id0"_s, u"id1"_s, u"id2"_s, u"id3"_s})); // no id4
        QVERIFY(!first.value().value(0).isValid()); // past the last row
        QCOMPARE(db.update(QStringLiteral("UPDATE sms_outbox SET code = ? WHERE created_at_ms < ?"), {u"2"_s, 2}).value(),
                 2);
        QCOMPARE(db.update(QStringLiteral("UPDATE sms_outbox SET code = ? WHERE created_at_ms < ?"), {u"3"_s, 1}).value(),
                 1);

        // More distinct statements than the cache keeps: the evicted ones are prepared again.
        for (int round = 0; round < 2; ++round) {
            for (int i = 0; i < Database::StatementCacheSize + 8; ++i) {
                const auto sum = db.scalar(u"SELECT ? + %1"_s.arg(i), {round});
                QVERIFY(sum);
                QCOMPARE(sum.value().toInt(), i + round);
            }
        }
    }

    void writersOnSeveralThreadsAllLand()
    {
        auto opened = Database::open(scratchUrl(QStringLiteral("writers.sqlite")));
        QVERIFY(opened && migrate(*opened.value()));
        Database &db = *opened.value();
        constexpr int Threads = 4;
        constexpr int Rounds = 40;
        std::atomic<int> failures = 0;
        std::vector<std::unique_ptr<QThread>> threads;
        for (int t = 0; t < Threads; ++t) {
            threads.emplace_back(QThread::create([&db, &failures, t] {
                for (int i = 0; i < Rounds; ++i) {
                    const QString id = u"t%1-%2"_s.arg(t).arg(i);
                    // A read-then-write transaction and a lone write, as the services do.
                    Transaction tx(db);
                    const auto count = db.scalar(QStringLiteral("SELECT COUNT(*) FROM sms_outbox WHERE phone = ?"),
                                                 {u"1380013800%1"_s.arg(t)});
                    const bool wrote = tx.isActive() && count
                        && db.run(QStringLiteral("INSERT INTO sms_outbox (id, phone, purpose, code, created_at_ms) "
                                                 "VALUES (?, ?, 'login', '1', ?)"),
                                  {id, u"1380013800%1"_s.arg(t), count.value().toInt()})
                        && tx.commit();
                    const bool updated = bool(db.update(
                        QStringLiteral("UPDATE sms_outbox SET code = '2' WHERE id = ?"), {id}));
                    if (!wrote || !updated)
                        ++failures;
                }
            }));
        }
        for (auto &thread : threads)
            thread->start();
        for (auto &thread : threads)
            QVERIFY(thread->wait(60000));
        QCOMPARE(failures.load(), 0);
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM sms_outbox WHERE code = '2'")).toInt(),
                 Threads * Rounds);
        // Each thread saw its own earlier rows: created_at_ms counts 0 … Rounds-1 per phone.
        QCOMPARE(scalar(db, QStringLiteral("SELECT MAX(created_at_ms) FROM sms_outbox")).toInt(), Rounds - 1);
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(DISTINCT created_at_ms) FROM sms_outbox")).toInt(), Rounds);
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
