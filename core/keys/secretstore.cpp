#include "core/keys/secretstore.h"

#include "core/common/apierrors.h"
#include "core/common/logging.h"
#include "core/crypto/random.h"
#include "core/common/privatefile.h"

#include <QDir>
#include <QMutexLocker>
#include <QRegularExpression>

namespace tq {

bool isSafeName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"));
    return pattern.match(name).hasMatch();
}

namespace {
Error badName()
{
    return Error(ApiError::InvalidRequest, QStringLiteral("Invalid secret name."));
}
} // namespace

FileSecretStore::FileSecretStore(QString directory) : m_directory(std::move(directory)) {}

QString FileSecretStore::path(const QString &name) const
{
    return QDir(m_directory).filePath(name + QStringLiteral(".secret"));
}

Result<SecureBytes> FileSecretStore::read(const QString &name)
{
    if (!isSafeName(name))
        return badName();
    QMutexLocker lock(&m_mutex);
    auto data = PrivateFile::read(path(name));
    if (!data)
        return data.error();
    SecureBytes secret(data.value());
    SecureBytes::wipe(data.value());
    return secret;
}

Result<void> FileSecretStore::write(const QString &name, const SecureBytes &secret)
{
    if (!isSafeName(name))
        return badName();
    QMutexLocker lock(&m_mutex);
    if (auto dir = PrivateFile::ensureDirectory(m_directory); !dir)
        return dir;
    QByteArray data = secret.view().toByteArray();
    auto ok = PrivateFile::write(path(name), data);
    SecureBytes::wipe(data);
    return ok;
}

Result<void> FileSecretStore::remove(const QString &name)
{
    if (!isSafeName(name))
        return badName();
    QMutexLocker lock(&m_mutex);
    return PrivateFile::remove(path(name));
}

Result<SecureBytes> readOrCreateSecret(SecretStore &store, const QString &name, int size, bool createIfMissing)
{
    auto secret = store.read(name);
    if (secret || !secret.error().is(ApiError::NotFound) || !createIfMissing)
        return secret;
    QByteArray fresh = Random::bytes(size);
    SecureBytes created(fresh);
    SecureBytes::wipe(fresh);
    if (auto ok = store.write(name, created); !ok)
        return ok.error();
    qCInfo(lcCoreCrypto) << "created the secret" << name;
    return created;
}

} // namespace tq
