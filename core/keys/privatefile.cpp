#include "core/keys/privatefile.h"

#include "core/common/logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSaveFile>

namespace tq::PrivateFile {

namespace {
Error storageError(const QString &detail)
{
    qCWarning(lcCoreCrypto) << "key storage:" << detail;
    return Error(ErrorCode::Storage,
                 QCoreApplication::translate("tq::keys", "The key storage could not be read or written."));
}
} // namespace

Result<void> ensureDirectory(const QString &directory)
{
    if (!QDir().mkpath(directory))
        return storageError(QStringLiteral("cannot create directory"));
    if (!QFile::setPermissions(directory, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner))
        return storageError(QStringLiteral("cannot restrict directory"));
    return {};
}

Result<void> write(const QString &path, const QByteArray &data)
{
    QSaveFile file(path);
    // Permissions are set on the temporary file before any byte is written, so the content is
    // never readable by others, not even briefly.
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || file.write(data) != data.size() || !file.commit())
        return storageError(file.errorString());
    return {};
}

Result<QByteArray> read(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return Error(ErrorCode::NotFound, QCoreApplication::translate("tq::keys", "The key does not exist."));
    if (!file.open(QIODevice::ReadOnly))
        return storageError(file.errorString());
    QByteArray data = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return storageError(file.errorString());
    return data;
}

Result<void> remove(const QString &path)
{
    if (QFile::exists(path) && !QFile::remove(path))
        return storageError(QStringLiteral("cannot remove file"));
    return {};
}

} // namespace tq::PrivateFile
