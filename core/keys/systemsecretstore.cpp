#include "core/keys/systemsecretstore.h"

#include "core/common/apierrors.h"
#include "core/common/logging.h"
#include "core/common/privatefile.h"

#include <QDir>
#include <QMutexLocker>

namespace tq {

namespace {
const QString KeychainMarker = QStringLiteral("keychain");
const QString FileMarker = QStringLiteral("file");
} // namespace

SystemSecretStore::SystemSecretStore(QString directory, std::unique_ptr<SecretStore> keychain)
    : m_directory(std::move(directory)), m_keychain(std::move(keychain)),
      m_file(QDir(m_directory).filePath(QStringLiteral("secrets")))
{
}

SystemSecretStore::Backend SystemSecretStore::backend()
{
    QMutexLocker lock(&m_mutex);
    if (m_backend)
        return *m_backend;
    const QString markerPath = QDir(m_directory).filePath(QStringLiteral("backend"));
    if (auto marker = PrivateFile::read(markerPath)) {
        m_backend = (marker.value().trimmed() == KeychainMarker.toLatin1() && m_keychain) ? Backend::Keychain
                                                                                         : Backend::File;
        return *m_backend;
    }
    // First use on this device: the keychain serves if it answers at all ("not found" included).
    if (m_keychain) {
        auto probe = m_keychain->read(QStringLiteral("tongqian-probe"));
        if (probe || probe.error().is(ApiError::NotFound))
            m_backend = Backend::Keychain;
    }
    if (!m_backend) {
        m_backend = Backend::File;
        qCWarning(lcCoreCrypto) << "no OS secret store answers; device keys are kept in owner-only files under"
                                << m_directory;
    }
    if (auto dir = PrivateFile::ensureDirectory(m_directory); dir)
        PrivateFile::write(markerPath, (*m_backend == Backend::Keychain ? KeychainMarker : FileMarker).toLatin1());
    return *m_backend;
}

SecretStore &SystemSecretStore::store()
{
    return backend() == Backend::Keychain ? *m_keychain : static_cast<SecretStore &>(m_file);
}

Result<SecureBytes> SystemSecretStore::read(const QString &name)
{
    return store().read(name);
}

Result<void> SystemSecretStore::write(const QString &name, const SecureBytes &secret)
{
    return store().write(name, secret);
}

Result<void> SystemSecretStore::remove(const QString &name)
{
    return store().remove(name);
}

} // namespace tq
