#pragma once

#include "core/keys/secretstore.h"

#include <QMutex>

#include <memory>
#include <optional>

namespace tq {

/// The device's secret store as the app uses it: the OS keychain when one can store a secret,
/// otherwise the owner-only FileSecretStore, with a warning in the log that no OS secret store
/// exists. The choice is made once per device and remembered in `<directory>/backend`, so
/// secrets written under one backend are never looked for in the other, and a keychain that is
/// locked or gone later is an error, never a silent switch to files.
///
/// With Preference::Auto the first use probes the keychain by writing, reading and removing a
/// throw-away secret, each bounded by the keychain's own timeout (KeychainSecretStore::setTimeout;
/// give the probe a short one): a keychain that answers but cannot store, or does not answer in
/// time, is not chosen. Preference::File never asks the keychain; Preference::Keychain skips the
/// probe. A preference that contradicts the remembered choice fails every call with `storage`.
/// Thread-safe; call it from worker threads (the keychain needs its owner thread free).
class SystemSecretStore : public SecretStore {
public:
    enum class Backend { Keychain, File };
    enum class Preference { Auto, Keychain, File };

    /// `keychain` may be null (built without QtKeychain); `directory` holds the marker and the
    /// fallback files. `probe` (may be null: `keychain` is used) answers the first-use probe of
    /// Preference::Auto, typically the same keychain with a shorter timeout.
    SystemSecretStore(QString directory, std::unique_ptr<SecretStore> keychain, Preference preference = Preference::Auto,
                      std::unique_ptr<SecretStore> probe = nullptr);

    Result<SecureBytes> read(const QString &name) override;
    Result<void> write(const QString &name, const SecureBytes &secret) override;
    Result<void> remove(const QString &name) override;

    /// Which backend serves this device (decided on first use); `storage` if the preference
    /// contradicts the remembered choice or asks for a keychain where there is none.
    Result<Backend> backend();

private:
    Result<SecretStore *> store();
    bool keychainCanStore();

    QString m_directory;
    std::unique_ptr<SecretStore> m_keychain;
    std::unique_ptr<SecretStore> m_probe;
    Preference m_preference;
    FileSecretStore m_file;
    QMutex m_mutex;
    std::optional<Backend> m_backend;
};

} // namespace tq
