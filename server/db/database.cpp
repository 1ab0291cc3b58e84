#include "server/db/database.h"

#include "core/common/apierrors.h"
#include "server/logging.h"

#include <QAtomicInteger>
#include <QCache>
#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QThread>
#include <QUrl>
#include <QUrlQuery>

#include <cerrno>
#include <cstring>
#include <map>
#include <optional>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tq::server {

namespace {

/// Makes the SQLite database file at `path` owner-only (0600), creating it empty if missing,
/// and tightens the -wal and -shm files if they exist. SQLite creates those two with the mode of
/// the database file, so all three stay owner-only: they hold password hashes, sealed secrets
/// and, in the sandbox outbox, live SMS codes.
bool makeOwnerOnly(const QString &path)
{
    const QByteArray native = QFile::encodeName(path);
    // Created with 0600 at once, so there is no moment with a wider mode.
    const int fd = ::open(native.constData(), O_RDWR | O_CREAT | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd < 0)
        return false;
    const bool ok = ::fchmod(fd, S_IRUSR | S_IWUSR) == 0;
    const int error = errno;
    ::close(fd);
    if (!ok) {
        errno = error; // for the caller's message
        return false;
    }
    for (const char *suffix : {"-wal", "-shm"}) {
        const QByteArray companion = native + suffix;
        if (::chmod(companion.constData(), S_IRUSR | S_IWUSR) != 0 && errno != ENOENT)
            return false;
    }
    return true;
}

constexpr int BusyTimeoutMs = 5000;

/// Each thread's prepared statements, by connection name, then SQL. Cleared before the
/// connection closes, on the connection's own thread.
thread_local std::map<QString, std::unique_ptr<QCache<QString, QSqlQuery>>> t_statements;

void closeConnection(const QString &name)
{
    t_statements.erase(name);
    QSqlDatabase::database(name, false).close();
    QSqlDatabase::removeDatabase(name);
}

/// Waits up to the busy timeout for the writers' lock, as SQLite would for its own; true once
/// held (or if there is none to take).
bool takeTurn(QRecursiveMutex *writers)
{
    if (!writers || writers->tryLock(BusyTimeoutMs))
        return true;
    qCWarning(lcServerDb) << "another writer held the database for over" << BusyTimeoutMs << "ms";
    return false;
}

QString threadConnectionName(const QString &baseName)
{
    return baseName + u'-' + QString::number(reinterpret_cast<quintptr>(QThread::currentThread()), 16);
}

Error badUrl(const QString &why)
{
    return Error(ApiError::InvalidRequest, QStringLiteral("Bad database URL: %1").arg(why));
}

Result<DatabaseUrl> parsePostgreSql(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    DatabaseUrl out;
    out.kind = DatabaseUrl::Kind::PostgreSql;
    out.host = url.host();
    out.port = url.port(5432);
    out.user = url.userName(QUrl::FullyDecoded);
    out.password = url.password(QUrl::FullyDecoded);
    out.name = url.path().mid(1);
    // libpq's form for a unix socket: the folder holding it in the query's host.
    const QString socketDir = QUrlQuery(url).queryItemValue(QStringLiteral("host"), QUrl::FullyDecoded);
    if (!socketDir.isEmpty()) {
        if (!socketDir.startsWith(u'/'))
            return badUrl(QStringLiteral("?host= must name the absolute folder of a PostgreSQL unix socket."));
        out.host = socketDir;
    }
    if (!url.isValid() || out.host.isEmpty())
        return badUrl(QStringLiteral("expected postgresql://user:password@host:port/dbname."));
    if (out.name.isEmpty() || out.name.contains(u'/'))
        return badUrl(QStringLiteral("the PostgreSQL URL must end with /dbname."));
    return out;
}

} // namespace

Result<DatabaseUrl> DatabaseUrl::parse(const QString &url)
{
    static const QString sqlitePrefix = QStringLiteral("sqlite:");
    if (url.startsWith(sqlitePrefix)) {
        DatabaseUrl out;
        out.path = url.mid(sqlitePrefix.size());
        if (out.path.isEmpty())
            return badUrl(QStringLiteral("sqlite:PATH needs a file path."));
        // Each thread has its own connection, and each would see a different in-memory database.
        if (out.path == u":memory:" || out.path.startsWith(u"file:"))
            return badUrl(QStringLiteral("sqlite:PATH must name a file; in-memory and URI databases are not "
                                         "supported."));
        return out;
    }
    if (url.startsWith(u"postgresql://") || url.startsWith(u"postgres://"))
        return parsePostgreSql(url);
    return badUrl(QStringLiteral("use sqlite:PATH or postgresql://user:password@host:port/dbname."));
}

QString DatabaseUrl::kindName() const
{
    return kind == Kind::Sqlite ? QStringLiteral("sqlite") : QStringLiteral("postgresql");
}

Database::Database(DatabaseUrl url, QString baseName) : m_url(std::move(url)), m_baseName(std::move(baseName))
{
}

Database::~Database()
{
    const QString name = threadConnectionName(m_baseName);
    if (QSqlDatabase::contains(name))
        closeConnection(name);
}

Result<std::unique_ptr<Database>> Database::open(const QString &url)
{
    auto parsed = DatabaseUrl::parse(url);
    if (!parsed)
        return parsed.error();
    static QAtomicInteger<int> counter;
    std::unique_ptr<Database> db(
        new Database(std::move(parsed).value(), QStringLiteral("tq-db-%1").arg(counter.fetchAndAddRelaxed(1))));
    auto opened = db->openConnection(threadConnectionName(db->m_baseName));
    if (!opened)
        return opened.error();
    return db;
}

Result<void> Database::openConnection(const QString &name)
{
    const bool sqlite = m_url.kind == DatabaseUrl::Kind::Sqlite;
    const QString driver = sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL");
    if (!QSqlDatabase::isDriverAvailable(driver))
        return Error(ApiError::Internal,
                     QStringLiteral("The Qt SQL driver %1 is not installed, so the %2 database cannot be opened.")
                         .arg(driver, m_url.kindName()));
    if (sqlite) {
        const QFileInfo file(m_url.path);
        const QFileInfo dir(file.absolutePath());
        if (!dir.isDir() || !dir.isWritable() || (file.exists() && !file.isWritable()))
            return Error(ApiError::Internal,
                         QStringLiteral("Cannot write the database file %1: check that its folder exists and is "
                                        "writable.")
                             .arg(m_url.path));
        if (!makeOwnerOnly(m_url.path))
            return Error(ApiError::Internal,
                         QStringLiteral("Cannot make the database file %1 owner-only: %2")
                             .arg(m_url.path, QString::fromLocal8Bit(std::strerror(errno))));
    }

    QSqlDatabase db = QSqlDatabase::addDatabase(driver, name);
    if (sqlite) {
        db.setDatabaseName(m_url.path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(BusyTimeoutMs));
    } else {
        db.setHostName(m_url.host);
        db.setPort(m_url.port);
        db.setUserName(m_url.user);
        db.setPassword(m_url.password);
        db.setDatabaseName(m_url.name);
    }
    if (!db.open()) {
        const QString reason = db.lastError().text();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return Error(ApiError::Internal,
                     QStringLiteral("Cannot open the %1 database: %2").arg(m_url.kindName(), reason));
    }
    if (sqlite) {
        // WAL lets readers on other connections proceed while one connection writes.
        for (const auto *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"}) {
            QSqlQuery q(db);
            // Switching a fresh file to WAL needs a moment of exclusive access, and SQLite does
            // not always wait for it through the busy timeout when another process opens the
            // same new file at the same instant; take turns for up to the busy timeout.
            bool done = q.exec(QString::fromLatin1(pragma));
            for (int waited = 0; !done && waited < BusyTimeoutMs; waited += 20) {
                QThread::msleep(20);
                done = q.exec(QString::fromLatin1(pragma));
            }
            if (!done) {
                const QString reason = q.lastError().text();
                q = QSqlQuery();
                db.close();
                db = QSqlDatabase();
                QSqlDatabase::removeDatabase(name);
                return Error(ApiError::Internal,
                             QStringLiteral("Cannot configure the SQLite database %1: %2").arg(m_url.path, reason));
            }
        }
    }
    return {};
}

QSqlDatabase Database::connection()
{
    const QString name = threadConnectionName(m_baseName);
    if (QSqlDatabase::contains(name))
        return QSqlDatabase::database(name, false);
    if (auto opened = openConnection(name); !opened) {
        qCWarning(lcServerDb) << "cannot open a connection for this thread:" << opened.error().message;
        return {};
    }
    // The connection belongs to this thread; drop it when the thread ends.
    QObject::connect(
        QThread::currentThread(), &QThread::finished, QThread::currentThread(),
        [name] { closeConnection(name); },
        Qt::DirectConnection);
    return QSqlDatabase::database(name, false);
}

QRecursiveMutex *Database::writerLock()
{
    return m_url.kind == DatabaseUrl::Kind::Sqlite ? &m_writers : nullptr;
}

QSqlQuery *Database::prepared(const QString &sql)
{
    const QString name = threadConnectionName(m_baseName);
    auto &statements = t_statements[name];
    if (!statements)
        statements = std::make_unique<QCache<QString, QSqlQuery>>(StatementCacheSize);
    if (QSqlQuery *cached = statements->object(sql))
        return cached;
    auto query = std::make_unique<QSqlQuery>(connection());
    query->setForwardOnly(true);
    if (!query->prepare(sql)) {
        qCWarning(lcServerDb) << "prepare failed:" << query->lastError().text();
        return nullptr;
    }
    QSqlQuery *statement = query.get();
    statements->insert(sql, query.release());
    return statement;
}

Result<Rows> Database::exec(const QString &sql, const QVariantList &values)
{
    // Anything but a SELECT may write; a thread inside a Transaction already holds the lock.
    QRecursiveMutex *writers = sql.startsWith(QLatin1String("SELECT"), Qt::CaseInsensitive) ? nullptr : writerLock();
    if (!takeTurn(writers))
        return databaseError();
    const auto done = qScopeGuard([writers] {
        if (writers)
            writers->unlock();
    });
    // PostgreSQL cannot PREPARE DDL, so statements without values run directly.
    std::optional<QSqlQuery> direct;
    if (values.isEmpty()) {
        direct.emplace(connection());
        direct->setForwardOnly(true);
    }
    QSqlQuery *query = direct ? &*direct : prepared(sql);
    if (!query)
        return databaseError();
    // A reused statement keeps the values of its last run (a fresh one has none, and the driver
    // checks the count itself); a short list must not run with them.
    if (!direct && !query->boundValues().isEmpty() && query->boundValues().size() != values.size()) {
        qCWarning(lcServerDb) << "the statement takes" << query->boundValues().size() << "values, not"
                              << values.size();
        return databaseError();
    }
    for (qsizetype i = 0; i < values.size(); ++i)
        query->bindValue(int(i), values.at(i));
    const auto failed = [&](const char *what) {
        qCWarning(lcServerDb) << what << query->lastError().text();
        if (!direct) // prepared afresh next time
            t_statements[threadConnectionName(m_baseName)]->remove(sql);
        return databaseError();
    };
    if (!(direct ? query->exec(sql) : query->exec()))
        return failed("query failed:");
    Rows rows;
    rows.m_affected = query->numRowsAffected();
    if (query->isSelect()) {
        const int columns = query->record().count();
        while (query->next()) {
            QVariantList row;
            row.reserve(columns);
            for (int column = 0; column < columns; ++column)
                row.append(query->value(column));
            rows.m_rows.append(std::move(row));
        }
        // Forward-only PostgreSQL results arrive row by row, and so can their errors.
        if (query->lastError().isValid())
            return failed("reading rows failed:");
    }
    // A statement that is not reset keeps its read snapshot open, and a write on the same
    // connection then fails at once ("database is locked", no busy wait) if another thread
    // committed meanwhile.
    query->finish();
    return rows;
}

Result<void> Database::run(const QString &sql, const QVariantList &values)
{
    if (auto query = exec(sql, values); !query)
        return query.error();
    return {};
}

Result<int> Database::update(const QString &sql, const QVariantList &values)
{
    auto query = exec(sql, values);
    if (!query)
        return query.error();
    return query.value().numRowsAffected();
}

Result<QVariant> Database::scalar(const QString &sql, const QVariantList &values)
{
    auto query = exec(sql, values);
    if (!query)
        return query.error();
    return query.value().next() ? query.value().value(0) : QVariant();
}

Transaction::Transaction(Database &db) : m_db(db.connection()), m_writers(db.writerLock())
{
    if (m_writers) {
        if (!takeTurn(m_writers)) {
            m_writers = nullptr;
            return;
        }
        // A deferred SQLite transaction that reads first and writes later fails at once with
        // SQLITE_BUSY (no busy wait) when another connection wrote in between; taking the
        // write lock at BEGIN makes concurrent transactions wait their turn instead. The
        // driver's commit and rollback are plain COMMIT and ROLLBACK, so they still apply.
        QSqlQuery begin(m_db);
        m_active = begin.exec(QStringLiteral("BEGIN IMMEDIATE"));
        if (!m_active) {
            qCWarning(lcServerDb) << "cannot begin a transaction:" << begin.lastError().text();
            finish();
        }
        return;
    }
    m_active = m_db.transaction();
    if (!m_active)
        qCWarning(lcServerDb) << "cannot begin a transaction:" << m_db.lastError().text();
}

Transaction::~Transaction()
{
    if (m_active)
        m_db.rollback();
    finish();
}

void Transaction::finish()
{
    if (m_writers)
        std::exchange(m_writers, nullptr)->unlock();
}

Result<void> Transaction::commit()
{
    if (!m_active)
        return databaseError();
    m_active = false;
    const auto done = qScopeGuard([this] { finish(); });
    if (!m_db.commit()) {
        qCWarning(lcServerDb) << "commit failed:" << m_db.lastError().text();
        m_db.rollback();
        return databaseError();
    }
    return {};
}

Error databaseError()
{
    return Error(ApiError::Internal, QStringLiteral("The server could not reach its database. Try again later."));
}

} // namespace tq::server
