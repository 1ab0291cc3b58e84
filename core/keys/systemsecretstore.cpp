#include "core/keys/systemsecretstore.h"

#include "core/common/apierrors.h"
#include "core/common/logging.h"
#include "core/common/privatefile.h"
#include "core/crypto/random.h"

#include <QDir>
#include <QMutexLocker>

namespace tq {

namespace {
const QString KeychainMarker = QStringLiteral("keychain");
const QString FileMarker = QStringLiteral("file");
} // namespace

SystemSecretStore::SystemSecretStore(QString directory, std::unique_ptr<SecretStore> keychain, Preference preference,
                                     std::unique_ptr<SecretStore> probe)
    : m_directory(std::move(directory)), m_keychain(std::move(keychain)), m_probe(std::move(probe)),
      m_preference(preference), m_file(QDir(m_directory).filePath(QStringLiteral("secrets")))
{
}

bool SystemSecretStore::keychainCanStore()
{
    // Answering is not enough: GNOME Keyring without a usable login collection answers reads
    // with "not found" and refuses every write, so the probe stores and reads back a secret.
    SecretStore &probe = m_probe ? *m_probe : *m_keychain;
    const QString name = QStringLiteral("tongqian-probe");
    const SecureBytes value(Random::bytes(16));
    if (!probe.write(name, value))
        return false;
    const auto back = probe.read(name);
    const bool stored = back && back.value().view() == value.view();
    return probe.remove(name) && stored;
}

Result<SystemSecretStore::Backend> SystemSecretStore::backend()
{
    QMutexLocker lock(&m_mutex);
    const auto refuse = [](const QString &why) { return Error(ApiError::Storage, why); };
    if (m_preference == Preference::Keychain && !m_keychain)
        return refuse(QStringLiteral("This build has no OS keychain support."));
    if (!m_backend) {
        const QString markerPath = QDir(m_directory).filePath(QStringLiteral("backend"));
        if (auto marker = PrivateFile::read(markerPath)) {
            m_backend = (marker.value().trimmed() == KeychainMarker.toLatin1() && m_keychain) ? Backend::Keychain
                                                                                             : Backend::File;
        } else {
            if (m_preference == Preference::Keychain)
                m_backend = Backend::Keychain;
            else if (m_preference == Preference::Auto && m_keychain && keychainCanStore())
                m_backend = Backend::Keychain;
            else
                m_backend = Backend::File;
            if (*m_backend == Backend::File && m_preference == Preference::Auto)
                qCWarning(lcCoreCrypto) << "no OS secret store can keep secrets; device keys are kept in owner-only "
                                           "files under"
                                        << m_directory;
            if (auto dir = PrivateFile::ensureDirectory(m_directory); dir)
                PrivateFile::write(markerPath,
                                   (*m_backend == Backend::Keychain ? KeychainMarker : FileMarker).toLatin1());
        }
    }
    if ((m_preference == Preference::Keychain && *m_backend != Backend::Keychain)
        || (m_preference == Preference::File && *m_backend != Backend::File))
        return refuse(QStringLiteral("This data directory keeps its secrets in the %1, not where the secret-store "
                                     "preference asks.")
                          .arg(*m_backend == Backend::Keychain ? QStringLiteral("OS keychain")
                                                               : QStringLiteral("owner-only files")));
    return *m_backend;
}

Result<SecretStore *> SystemSecretStore::store()
{
    const auto chosen = backend();
    if (!chosen)
        return chosen.error();
    return chosen.value() == Backend::Keychain ? m_keychain.get() : static_cast<SecretStore *>(&m_file);
}

Result<SecureBytes> SystemSecretStore::read(const QString &name)
{
    const auto s = store();
    return s ? s.value()->read(name) : Result<SecureBytes>(s.error());
}

Result<void> SystemSecretStore::write(const QString &name, const SecureBytes &secret)
{
    const auto s = store();
    return s ? s.value()->write(name, secret) : Result<void>(s.error());
}

Result<void> SystemSecretStore::remove(const QString &name)
{
    const auto s = store();
    return s ? s.value()->remove(name) : Result<void>(s.error());
}

} // namespace tq
