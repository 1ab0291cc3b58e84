#pragma once

#include "core/common/error.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace tq::server {

class Database;

/// One step of the schema. Statements are portable between SQLite and PostgreSQL
/// (TEXT/INTEGER/BIGINT, epoch seconds as BIGINT, no engine-specific syntax).
struct Migration {
    int version;
    QString name;
    QStringList statements;
};

/// The schema history, oldest first. Append new steps; never edit an applied one.
const QList<Migration> &migrations();

/// Brings `db` to the newest schema: creates `schema_migrations` if needed, then applies
/// each missing migration in its own transaction and records it. Running it again is a no-op.
/// Call on the thread that uses `db`.
Result<void> migrate(Database &db);

} // namespace tq::server
