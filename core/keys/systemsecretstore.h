#pragma once

#include "core/keys/secretstore.h"

#include <QMutex>

#include <memory>
#include <optional>

namespace tq {

/// The device's secret store as the app uses it: the OS keychain when one answers, otherwise
/// the owner-only FileSecretStore, with a warning in the log that no OS secret store exists.
/// The choice is made once per device and remembered in `<directory>/backend`, so secrets
/// written under one backend are never looked for in the other, and a keychain that is locked
/// or gone later is an error, never a silent switch to files.
/// Thread-safe; call it from worker threads (the keychain needs its owner thread free).
class SystemSecretStore : public SecretStore {
public:
    enum class Backend { Keychain, File };

    /// `keychain` may be null (built without QtKeychain); `directory` holds the marker and the
    /// fallback files.
    SystemSecretStore(QString directory, std::unique_ptr<SecretStore> keychain);

    Result<SecureBytes> read(const QString &name) override;
    Result<void> write(const QString &name, const SecureBytes &secret) override;
    Result<void> remove(const QString &name) override;

    /// Which backend serves this device (decided on first use).
    Backend backend();

private:
    SecretStore &store();

    QString m_directory;
    std::unique_ptr<SecretStore> m_keychain;
    FileSecretStore m_file;
    QMutex m_mutex;
    std::optional<Backend> m_backend;
};

} // namespace tq
