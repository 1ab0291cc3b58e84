#pragma once

#include "core/common/error.h"

#include <QList>
#include <QRecursiveMutex>
#include <QSqlDatabase>
#include <QString>
#include <QVariantList>

#include <memory>

class QSqlQuery;

namespace tq::server {

/// Where the data lives, parsed from a URL:
/// `sqlite:PATH` (QSQLITE) or `postgresql://user:pass@host:port/dbname` (QPSQL); as in libpq,
/// `postgresql://user@localhost/dbname?host=/socket/folder` connects through a unix socket.
struct DatabaseUrl {
    enum class Kind { Sqlite, PostgreSql };
    Kind kind = Kind::Sqlite;
    QString path; ///< SQLite file
    QString host; ///< PostgreSQL only, from here down; a unix socket's folder if it starts with '/'
    int port = 5432;
    QString user;
    QString password;
    QString name;

    /// Parses `url`; an invalid_request Error names what is wrong (never echoes the password).
    static Result<DatabaseUrl> parse(const QString &url);
    /// "sqlite" or "postgresql", as reported by the health endpoint.
    QString kindName() const;
};

/// The outcome of Database::exec(): every row of a SELECT, read at once (so holding it holds
/// no lock and no statement), and how many rows a write changed. Iterate like a QSqlQuery:
/// `while (rows.next()) rows.value(0)`.
class Rows {
public:
    /// Moves to the next row; false after the last.
    bool next() { return ++m_at < m_rows.size(); }
    /// Column `column` of the current row (an invalid QVariant outside the rows).
    QVariant value(int column) const
    {
        return m_at >= 0 && m_at < m_rows.size() ? m_rows.at(m_at).value(column) : QVariant();
    }
    int numRowsAffected() const { return m_affected; }
    /// How many columns the current row has (0 outside the rows).
    qsizetype columnCount() const { return m_at >= 0 && m_at < m_rows.size() ? m_rows.at(m_at).size() : 0; }

private:
    friend class Database;
    QList<QVariantList> m_rows;
    qsizetype m_at = -1;
    int m_affected = 0;
};

/// One logical database with one connection per thread (QSqlDatabase cannot cross threads).
///
/// open() connects on the calling thread and applies the SQLite pragmas (WAL, foreign keys,
/// busy timeout). connection() returns the calling thread's connection, opening a clone on
/// first use; clones opened on other threads close when their thread finishes.
/// Thread-safe: exec/run/update/scalar may be called from any thread, each on its own
/// connection, which keeps its prepared statements (the most recently used StatementCacheSize);
/// the threads must be QThreads, whose `finished` drops both. On SQLite, writers of this
/// process take turns on an in-process lock (see Transaction), waiting up to the busy timeout,
/// rather than in SQLite's busy handler, which sleeps and lets late comers overtake; other
/// processes still wait through the busy timeout. Not copyable; destroy it on the thread that
/// opened it, after the other threads that used it have finished.
class Database {
public:
    static constexpr int StatementCacheSize = 64;

    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    static Result<std::unique_ptr<Database>> open(const QString &url);

    const DatabaseUrl &url() const { return m_url; }
    /// This thread's open connection (invalid if it could not be opened; the error is logged).
    QSqlDatabase connection();

    /// Executes `sql` on this thread's connection, binding `values` positionally (`?`) to the
    /// statement prepared for `sql` the first time; without values it runs unprepared
    /// (PostgreSQL cannot prepare DDL). The error message is generic; the driver's text goes to
    /// the log only.
    Result<Rows> exec(const QString &sql, const QVariantList &values = {});
    /// exec() for statements whose rows are not needed (INSERT, UPDATE, DDL).
    Result<void> run(const QString &sql, const QVariantList &values = {});
    /// run() that returns how many rows the statement changed.
    Result<int> update(const QString &sql, const QVariantList &values = {});
    /// The first column of the first row, or a null QVariant if there is no row.
    Result<QVariant> scalar(const QString &sql, const QVariantList &values = {});

private:
    friend class Transaction;
    explicit Database(DatabaseUrl url, QString baseName);
    Result<void> openConnection(const QString &name);
    /// The statement prepared for `sql` on this thread's connection, or nullptr (logged).
    QSqlQuery *prepared(const QString &sql);
    /// The writers' lock, or nullptr where the database itself orders writers (PostgreSQL).
    QRecursiveMutex *writerLock();

    DatabaseUrl m_url;
    QString m_baseName;
    QRecursiveMutex m_writers;
};

/// A transaction on this thread's connection that rolls back unless commit() is called.
/// On SQLite it holds the process's writers' lock from begin to commit or rollback and takes
/// SQLite's write lock when it begins (BEGIN IMMEDIATE), so transactions of different threads
/// run one after the other.
class Transaction {
public:
    explicit Transaction(Database &db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    /// False if the transaction could not begin; do not use the transaction then.
    bool isActive() const { return m_active; }
    Result<void> commit();
    /// Commits if `result` succeeded and hands it back; otherwise (or if the commit fails)
    /// returns the error and the transaction rolls back.
    template <typename T>
    Result<T> commitIf(Result<T> result)
    {
        if (!result)
            return result;
        if (auto committed = commit(); !committed)
            return committed.error();
        return result;
    }

private:
    void finish();

    QSqlDatabase m_db;
    QRecursiveMutex *m_writers = nullptr;
    bool m_active = false;
};

/// The Error for an unexpected database failure (HTTP 500 "internal").
Error databaseError();

} // namespace tq::server
