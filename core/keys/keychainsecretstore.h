#pragma once

#include "core/keys/secretstore.h"

#include <QObject>

#include <functional>

namespace QKeychain {
class Job;
}

namespace tq {

/// Secrets in the operating system's keychain through QtKeychain: GNOME Keyring/libsecret or
/// KWallet on Linux, the macOS/iOS Keychain, the Windows Credential Store, the Android Keystore.
/// The insecure plain-text fallback of QtKeychain is never enabled: without a keychain service
/// every call fails with `storage` (use FileSecretStore knowingly instead).
///
/// Thread affinity: QtKeychain jobs run in this object's thread, which must run an event loop.
/// read/write/remove post the job there and block the *calling* thread until it finishes, so
/// they must be called from a worker thread (as LocalKeyCustody does); called from the owner
/// thread they fail at once instead of deadlocking. No nested event loop is used.
class KeychainSecretStore : public QObject, public SecretStore {
    Q_OBJECT
public:
    /// `service` names the application's entries in the keychain, e.g. "Tongqian".
    explicit KeychainSecretStore(QString service, QObject *parent = nullptr);

    Result<SecureBytes> read(const QString &name) override;
    Result<void> write(const QString &name, const SecureBytes &secret) override;
    Result<void> remove(const QString &name) override;

    /// How long a call waits for the keychain (default 30 s; a desktop keychain may ask the user to unlock).
    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }

private:
    struct Outcome;
    Outcome run(const QString &name, const std::function<QKeychain::Job *()> &makeJob);

    QString m_service;
    int m_timeoutMs = 30000;
};

} // namespace tq
