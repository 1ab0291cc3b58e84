#include "server/db/migrations.h"

#include "core/common/apierrors.h"
#include "core/common/clock.h"
#include "server/db/database.h"
#include "server/logging.h"

#include <QSet>

namespace tq::server {

const QList<Migration> &migrations()
{
    static const QList<Migration> list{
        {1,
         QStringLiteral("accounts, sessions, SMS codes and the sandbox SMS outbox"),
         {
             QStringLiteral("CREATE TABLE accounts ("
                            " id TEXT PRIMARY KEY,"
                            " phone TEXT NOT NULL UNIQUE,"
                            " password_hash TEXT NOT NULL,"
                            " created_at BIGINT NOT NULL,"
                            " identity_verified INTEGER NOT NULL DEFAULT 0,"
                            " failed_logins INTEGER NOT NULL DEFAULT 0,"
                            " locked_until BIGINT NOT NULL DEFAULT 0)"),
             QStringLiteral("CREATE TABLE sessions ("
                            " id TEXT PRIMARY KEY,"
                            " account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
                            " access_hash TEXT NOT NULL UNIQUE,"
                            " access_expires_at BIGINT NOT NULL,"
                            " refresh_hash TEXT NOT NULL UNIQUE,"
                            " refresh_expires_at BIGINT NOT NULL,"
                            " created_at BIGINT NOT NULL)"),
             QStringLiteral("CREATE INDEX sessions_account ON sessions(account_id)"),
             QStringLiteral("CREATE TABLE sms_codes ("
                            " id TEXT PRIMARY KEY,"
                            " phone TEXT NOT NULL,"
                            " purpose TEXT NOT NULL,"
                            " code_hash TEXT NOT NULL,"
                            " created_at BIGINT NOT NULL,"
                            " expires_at BIGINT NOT NULL,"
                            " failed_attempts INTEGER NOT NULL DEFAULT 0,"
                            " consumed INTEGER NOT NULL DEFAULT 0)"),
             QStringLiteral("CREATE INDEX sms_codes_phone ON sms_codes(phone, created_at)"),
             QStringLiteral("CREATE TABLE sms_outbox ("
                            " id TEXT PRIMARY KEY,"
                            " phone TEXT NOT NULL,"
                            " purpose TEXT NOT NULL,"
                            " code TEXT NOT NULL,"
                            " created_at_ms BIGINT NOT NULL)"),
             QStringLiteral("CREATE INDEX sms_outbox_phone ON sms_outbox(phone, created_at_ms)"),
         }},
        // Secrets (ID numbers, CA and escrowed private keys) are sealed under the master key;
        // binary values are base64 text so one schema fits SQLite and PostgreSQL.
        {2,
         QStringLiteral("identities, CA institutions, certificates and the KMC escrow"),
         {
             QStringLiteral("CREATE TABLE identities ("
                            " account_id TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,"
                            " name TEXT NOT NULL,"
                            " id_number_sealed TEXT NOT NULL,"
                            " id_number_hash TEXT NOT NULL,"
                            " id_number_masked TEXT NOT NULL,"
                            " pseudonym TEXT NOT NULL,"
                            " verified_at BIGINT NOT NULL)"),
             QStringLiteral("CREATE INDEX identities_id_number ON identities(id_number_hash)"),
             QStringLiteral("CREATE TABLE ca_institutions ("
                            " code TEXT PRIMARY KEY,"
                            " name TEXT NOT NULL,"
                            " root_der TEXT NOT NULL,"
                            " root_key_sealed TEXT NOT NULL,"
                            " issuing_der TEXT NOT NULL,"
                            " issuing_key_sealed TEXT NOT NULL,"
                            " crl_number BIGINT NOT NULL DEFAULT 0,"
                            " crl_der TEXT,"
                            " created_at BIGINT NOT NULL)"),
             QStringLiteral("CREATE TABLE certificates ("
                            " id TEXT PRIMARY KEY,"
                            " account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
                            " ca_code TEXT NOT NULL REFERENCES ca_institutions(code),"
                            " pair_id TEXT NOT NULL,"
                            " usage TEXT NOT NULL,"
                            " serial TEXT NOT NULL UNIQUE,"
                            " der TEXT NOT NULL,"
                            " not_after BIGINT NOT NULL,"
                            " created_at BIGINT NOT NULL,"
                            " revoked_at BIGINT,"
                            " revocation_reason TEXT)"),
             QStringLiteral("CREATE INDEX certificates_account ON certificates(account_id)"),
             QStringLiteral("CREATE INDEX certificates_pair ON certificates(pair_id)"),
             QStringLiteral("CREATE TABLE kmc_escrow ("
                            " certificate_id TEXT PRIMARY KEY REFERENCES certificates(id) ON DELETE CASCADE,"
                            " key_sealed TEXT NOT NULL,"
                            " created_at BIGINT NOT NULL)"),
         }},
        // Scan protocol (docs/qr-protocol.md). Tickets, poll and access tokens are stored as
        // SHA-256 only; platform secrets are sealed under the master key. A transaction counts as
        // claimed by its claimed_at, so deleting the account cannot reopen its ticket.
        {3,
         QStringLiteral("trading platforms, scan transactions and callbacks"),
         {
             QStringLiteral("CREATE TABLE platforms ("
                            " code TEXT PRIMARY KEY,"
                            " name TEXT NOT NULL,"
                            " secret_sealed TEXT NOT NULL,"
                            " callback_url TEXT NOT NULL,"
                            " allowed_origins TEXT NOT NULL,"
                            " encryption_key TEXT,"
                            " created_at BIGINT NOT NULL)"),
             QStringLiteral("CREATE TABLE platform_nonces ("
                            " platform_code TEXT NOT NULL REFERENCES platforms(code) ON DELETE CASCADE,"
                            " nonce TEXT NOT NULL,"
                            " expires_at BIGINT NOT NULL,"
                            " PRIMARY KEY (platform_code, nonce))"),
             QStringLiteral("CREATE INDEX platform_nonces_expiry ON platform_nonces(expires_at)"),
             QStringLiteral("CREATE TABLE scan_transactions ("
                            " id TEXT PRIMARY KEY,"
                            " platform_code TEXT NOT NULL REFERENCES platforms(code),"
                            " action TEXT NOT NULL,"
                            " content TEXT NOT NULL,"
                            " challenge TEXT NOT NULL,"
                            " ticket_hash TEXT NOT NULL UNIQUE,"
                            " poll_token_hash TEXT NOT NULL,"
                            " status TEXT NOT NULL,"
                            " created_at BIGINT NOT NULL,"
                            " expires_at BIGINT NOT NULL,"
                            " account_id TEXT REFERENCES accounts(id) ON DELETE SET NULL,"
                            " claimed_at BIGINT,"
                            " result_deadline BIGINT,"
                            " completed_at BIGINT,"
                            " cert_serial TEXT,"
                            " result TEXT,"
                            " report_reason TEXT)"),
             QStringLiteral("CREATE INDEX scan_transactions_account ON scan_transactions(account_id, created_at)"),
             QStringLiteral("CREATE TABLE scan_access_tokens ("
                            " token_hash TEXT PRIMARY KEY,"
                            " transaction_id TEXT NOT NULL REFERENCES scan_transactions(id) ON DELETE CASCADE,"
                            " expires_at BIGINT NOT NULL,"
                            " used_at BIGINT)"),
             QStringLiteral("CREATE TABLE platform_callbacks ("
                            " event_id TEXT PRIMARY KEY,"
                            " transaction_id TEXT NOT NULL REFERENCES scan_transactions(id) ON DELETE CASCADE,"
                            " platform_code TEXT NOT NULL REFERENCES platforms(code),"
                            " type TEXT NOT NULL,"
                            " body TEXT NOT NULL,"
                            " attempts INTEGER NOT NULL DEFAULT 0,"
                            " created_at BIGINT NOT NULL,"
                            " delivered_at BIGINT)"),
             QStringLiteral("CREATE INDEX platform_callbacks_pending ON platform_callbacks(delivered_at)"),
         }},
        // Two-party keys (docs/key-custody.md): the server share d2 sealed under the master key,
        // a keyed hash of the PIN verifier, the wrong-PIN counter, single-use values and the audit.
        {4,
         QStringLiteral("two-party key shares, PIN counters, replay guard and audit"),
         {
             QStringLiteral("CREATE TABLE cosign_keys ("
                            " id TEXT PRIMARY KEY,"
                            " account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
                            " public_key TEXT NOT NULL,"
                            " device_share TEXT NOT NULL,"
                            " share_sealed TEXT NOT NULL,"
                            " pin_salt TEXT NOT NULL,"
                            " pin_hash TEXT NOT NULL,"
                            " failed_pins INTEGER NOT NULL DEFAULT 0,"
                            " locked INTEGER NOT NULL DEFAULT 0,"
                            " created_at BIGINT NOT NULL)"),
             QStringLiteral("CREATE INDEX cosign_keys_account ON cosign_keys(account_id)"),
             QStringLiteral("CREATE TABLE cosign_replay ("
                            " key_id TEXT NOT NULL,"
                            " value_hash TEXT NOT NULL,"
                            " created_at BIGINT NOT NULL,"
                            " PRIMARY KEY (key_id, value_hash))"),
             QStringLiteral("CREATE TABLE cosign_audit ("
                            " key_id TEXT NOT NULL,"
                            " account_id TEXT NOT NULL,"
                            " operation TEXT NOT NULL,"
                            " outcome TEXT NOT NULL,"
                            " created_at BIGINT NOT NULL)"),
             QStringLiteral("CREATE INDEX cosign_audit_key ON cosign_audit(key_id, operation, created_at)"),
         }},
        // Issue 14: identity verifications are counted per account and per ID number (keyed
        // hash, as identities.id_number_hash), and a two-party key remembers the person its
        // certificate names, so that unlocking compares with that person.
        {5,
         QStringLiteral("identity verification attempts; the certified person of two-party keys"),
         {
             QStringLiteral("CREATE TABLE identity_attempts ("
                            " id TEXT PRIMARY KEY,"
                            " account_id TEXT NOT NULL,"
                            " id_number_hash TEXT NOT NULL,"
                            " outcome TEXT NOT NULL,"
                            " created_at BIGINT NOT NULL)"),
             QStringLiteral("CREATE INDEX identity_attempts_account ON identity_attempts(account_id, created_at)"),
             QStringLiteral("CREATE INDEX identity_attempts_number ON identity_attempts(id_number_hash, created_at)"),
             QStringLiteral("ALTER TABLE cosign_keys ADD COLUMN identity_name TEXT"),
             QStringLiteral("ALTER TABLE cosign_keys ADD COLUMN identity_pseudonym TEXT"),
         }},
        // Operators of the console and operator API (server/operators): roles, passwords (scrypt),
        // TOTP secrets sealed under the master key with the last step used (each code once),
        // sessions as token hashes, login attempts for the rate limit, and the append-only audit.
        {6,
         QStringLiteral("operators, operator sessions, login attempts and the audit log"),
         {
             QStringLiteral("CREATE TABLE operators ("
                            " id TEXT PRIMARY KEY,"
                            " name TEXT NOT NULL UNIQUE,"
                            " role TEXT NOT NULL,"
                            " password_hash TEXT NOT NULL,"
                            " totp_sealed TEXT NOT NULL,"
                            " totp_last_step BIGINT NOT NULL DEFAULT 0,"
                            " created_at BIGINT NOT NULL)"),
             QStringLiteral("CREATE TABLE operator_sessions ("
                            " token_hash TEXT PRIMARY KEY,"
                            " operator_id TEXT NOT NULL REFERENCES operators(id) ON DELETE CASCADE,"
                            " created_at BIGINT NOT NULL,"
                            " last_seen_at BIGINT NOT NULL)"),
             QStringLiteral("CREATE INDEX operator_sessions_operator ON operator_sessions(operator_id)"),
             QStringLiteral("CREATE TABLE operator_login_attempts ("
                            " id TEXT PRIMARY KEY,"
                            " name TEXT NOT NULL,"
                            " failed INTEGER NOT NULL,"
                            " created_at BIGINT NOT NULL)"),
             QStringLiteral("CREATE INDEX operator_login_attempts_name ON operator_login_attempts(name, created_at)"),
             QStringLiteral("CREATE TABLE audit_log ("
                            " id TEXT PRIMARY KEY,"
                            " seq_ms BIGINT NOT NULL,"
                            " actor TEXT NOT NULL,"
                            " action TEXT NOT NULL,"
                            " subject TEXT NOT NULL,"
                            " details TEXT NOT NULL)"),
             QStringLiteral("CREATE INDEX audit_log_time ON audit_log(seq_ms)"),
         }},
        // Issue 15 (signproof): each two-party share has one usage, 'sign' (keygen) or 'decrypt'
        // (a KMC-split encryption key), and a signing key's decryptions for installing its
        // encryption key are counted down here. Existing keys: those that ever signed sign, the
        // others (the KMC's, and keys never certified) decrypt. Sign attempts record SM3(e).
        {7,
         QStringLiteral("usage of two-party shares, installation decryptions, digests in the cosign audit"),
         {
             QStringLiteral("ALTER TABLE cosign_keys ADD COLUMN usage TEXT NOT NULL DEFAULT 'sign'"),
             QStringLiteral("ALTER TABLE cosign_keys ADD COLUMN install_decryptions INTEGER NOT NULL DEFAULT 0"),
             QStringLiteral("UPDATE cosign_keys SET usage = 'decrypt' WHERE id NOT IN "
                            "(SELECT key_id FROM cosign_audit WHERE operation = 'sign')"),
             QStringLiteral("ALTER TABLE cosign_audit ADD COLUMN digest TEXT"),
         }},
        // Issue 15: one PIN record per account for all its two-party keys — the verifier sealed
        // under the master key, its salt and scrypt cost, one wrong-PIN counter and lock, all
        // MACed — single-use PIN challenges, and a MAC binding each key to its account. SQL
        // cannot compute MACs: accounts that had keys get a record without one (locked until a
        // real-name unlock sets a new PIN), and their keys none (refused: apply again).
        {8,
         QStringLiteral("one PIN record per account, single-use PIN challenges, keys bound to their account"),
         {
             QStringLiteral("CREATE TABLE cosign_pins ("
                            " account_id TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,"
                            " salt TEXT NOT NULL,"
                            " cost TEXT NOT NULL,"
                            " verifier_sealed TEXT NOT NULL,"
                            " failed_pins INTEGER NOT NULL DEFAULT 0,"
                            " locked INTEGER NOT NULL DEFAULT 0,"
                            " version BIGINT NOT NULL,"
                            " state_mac TEXT NOT NULL,"
                            " updated_at BIGINT NOT NULL)"),
             QStringLiteral("CREATE TABLE cosign_pin_challenges ("
                            " nonce_hash TEXT PRIMARY KEY,"
                            " account_id TEXT NOT NULL,"
                            " expires_at BIGINT NOT NULL)"),
             QStringLiteral("CREATE INDEX cosign_pin_challenges_account ON cosign_pin_challenges(account_id, expires_at)"),
             QStringLiteral("ALTER TABLE cosign_keys ADD COLUMN account_mac TEXT"),
             QStringLiteral("INSERT INTO cosign_pins (account_id, salt, cost, verifier_sealed, failed_pins, locked, "
                            "version, state_mac, updated_at) SELECT DISTINCT account_id, '', '', '', 0, 1, 0, '', 0 "
                            "FROM cosign_keys"),
         }},
        // Issue 15, a fresh proof for every certificate application: single-use challenges an
        // existing certificate signs (consumed in the issuing transaction), one row per person and
        // CA institution that issuing locks before it counts the person's active pairs, and
        // notices (no code) in the sandbox outbox.
        {9,
         QStringLiteral("certificate application challenges, holder rows and outbox notices"),
         {
             QStringLiteral("CREATE TABLE certificate_challenges ("
                            " challenge_hash TEXT PRIMARY KEY,"
                            " account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
                            " created_at BIGINT NOT NULL,"
                            " expires_at BIGINT NOT NULL,"
                            " used_at BIGINT)"),
             QStringLiteral("CREATE INDEX certificate_challenges_account ON certificate_challenges(account_id)"),
             QStringLiteral("CREATE TABLE certificate_holders ("
                            " pseudonym TEXT NOT NULL,"
                            " ca_code TEXT NOT NULL,"
                            " last_issue_at BIGINT NOT NULL,"
                            " PRIMARY KEY (pseudonym, ca_code))"),
             QStringLiteral("ALTER TABLE sms_outbox ADD COLUMN notice_text TEXT NOT NULL DEFAULT ''"),
         }},
        // Escrow rows sealed for their certificate (server/ca/kmc.h): existing rows are marked as
        // the legacy form (1); the server re-seals them for their certificates when it starts.
        {10,
         QStringLiteral("KMC escrow rows bound to their certificate"),
         {
             QStringLiteral("ALTER TABLE kmc_escrow ADD COLUMN sealing INTEGER NOT NULL DEFAULT 1"),
         }},
    };
    return list;
}

namespace {

/// Identifies Tongqian's migration lock among PostgreSQL advisory locks.
constexpr qint64 MigrationLockKey = 0x74716d6967; // "tqmig"

Result<QSet<int>> appliedVersions(Database &db)
{
    const auto created = db.run(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                               " version INTEGER PRIMARY KEY,"
                                               " name TEXT NOT NULL,"
                                               " applied_at BIGINT NOT NULL)"));
    if (!created)
        return created.error();
    auto query = db.exec(QStringLiteral("SELECT version FROM schema_migrations"));
    if (!query)
        return query.error();
    QSet<int> versions;
    while (query.value().next())
        versions.insert(query.value().value(0).toInt());
    return versions;
}

/// Applies `migration` unless another instance did meanwhile; true if this call applied it.
Result<bool> apply(Database &db, const Migration &migration)
{
    Transaction tx(db);
    if (!tx.isActive())
        return databaseError();
    // Taking the write lock first makes concurrent starts take turns, and the one that waited
    // then sees the version recorded and skips it. SQLite takes its write lock at the first
    // writing statement, even one that changes nothing.
    if (auto locked = db.run(QStringLiteral("DELETE FROM schema_migrations WHERE version < 0")); !locked)
        return locked.error();
    const auto recorded =
        db.scalar(QStringLiteral("SELECT COUNT(*) FROM schema_migrations WHERE version = ?"), {migration.version});
    if (!recorded)
        return recorded.error();
    if (recorded.value().toInt() > 0)
        return false;
    for (const QString &statement : migration.statements) {
        if (auto r = db.run(statement); !r)
            return r.error();
    }
    auto inserted = db.run(QStringLiteral("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"),
                           {migration.version, migration.name, Clock::nowSecs()});
    if (!inserted)
        return inserted.error();
    return tx.commitIf(Result<bool>(true));
}

Result<void> migrateLocked(Database &db)
{
    auto applied = appliedVersions(db);
    if (!applied)
        return Error(ApiError::Internal,
                     QStringLiteral("Could not read the database schema version: %1").arg(applied.error().message));
    for (const Migration &migration : migrations()) {
        if (applied.value().contains(migration.version))
            continue;
        const auto r = apply(db, migration);
        if (!r) {
            qCWarning(lcServerDb) << "migration" << migration.version << "failed";
            return Error(ApiError::Internal,
                         QStringLiteral("Could not upgrade the database schema to version %1 (%2).")
                             .arg(migration.version)
                             .arg(migration.name));
        }
        if (r.value())
            qCInfo(lcServerDb) << "applied migration" << migration.version << migration.name;
    }
    return {};
}

} // namespace

Result<void> migrate(Database &db)
{
    // Instances sharing one PostgreSQL database may start together; even CREATE TABLE IF NOT
    // EXISTS races there, so the whole run holds a server-wide advisory lock.
    const bool postgres = db.url().kind == DatabaseUrl::Kind::PostgreSql;
    const QString key = QString::number(MigrationLockKey);
    if (postgres) {
        if (auto locked = db.run(QStringLiteral("SELECT pg_advisory_lock(%1)").arg(key)); !locked)
            return Error(ApiError::Internal, QStringLiteral("Could not lock the database schema for migration."));
    }
    const auto migrated = migrateLocked(db);
    if (postgres) // if this fails, the lock still ends with the connection
        db.run(QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(key));
    return migrated;
}

} // namespace tq::server
