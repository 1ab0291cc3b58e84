#pragma once

#include "core/common/error.h"
#include "core/crypto/securebytes.h"

#include <QMutex>
#include <QString>

namespace tq {

/// Where Tongqian keeps the few secrets that must not sit beside the data they protect, such
/// as the random device key that wraps every stored private key. Implementations use the OS
/// secret store where there is one. Names are short ASCII identifiers ([A-Za-z0-9._-]).
/// Implementations are thread-safe: KeyCustody calls them from worker threads.
class SecretStore {
public:
    virtual ~SecretStore() = default;
    /// The secret, or an error with code `not_found` if there is none, `storage` if unreadable.
    virtual Result<SecureBytes> read(const QString &name) = 0;
    /// Stores or replaces the secret.
    virtual Result<void> write(const QString &name, const SecureBytes &secret) = 0;
    /// Removes the secret; removing a missing one succeeds.
    virtual Result<void> remove(const QString &name) = 0;
};

/// FALLBACK secret store for systems without an OS secret service (no keychain, no Android
/// Keystore): one owner-only (0600) file per secret in an owner-only (0700) directory, written
/// atomically. It protects against other local users, not against anyone who can read the
/// user's files; prefer an OS-backed store wherever one exists.
class FileSecretStore : public SecretStore {
public:
    explicit FileSecretStore(QString directory);

    Result<SecureBytes> read(const QString &name) override;
    Result<void> write(const QString &name, const SecureBytes &secret) override;
    Result<void> remove(const QString &name) override;

private:
    QString path(const QString &name) const;
    QString m_directory;
    QMutex m_mutex;
};

/// The secret `name` of `store`; if there is none and `createIfMissing`, a new random one of
/// `size` bytes is written first. Without `createIfMissing` a missing secret is `not_found`.
/// Callers serialise calls for one name (two racing creations would each keep their own).
Result<SecureBytes> readOrCreateSecret(SecretStore &store, const QString &name, int size, bool createIfMissing);

/// True if `name` is an acceptable secret or key identifier (also keeps it a safe file name).
bool isSafeName(const QString &name);

} // namespace tq
