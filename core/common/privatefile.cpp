#include "core/common/privatefile.h"

#include "core/common/apierrors.h"
#include "core/common/logging.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

#include <atomic>

namespace tq::PrivateFile {

namespace {
std::atomic<int> g_faultSkip{-1};
std::atomic<qint64> g_faultBytes{0};

// True when this write is the one a test asked to break.
bool faultHere()
{
    int skip = g_faultSkip.load();
    while (skip >= 0) {
        if (g_faultSkip.compare_exchange_weak(skip, skip - 1))
            return skip == 0;
    }
    return false;
}

Error storageError(const QString &detail)
{
    qCWarning(lcCoreCrypto) << "key storage:" << detail;
    return Error(ApiError::Storage,
                 QStringLiteral("The key storage could not be read or written."));
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

void failWriteForTesting(int skip, qint64 bytes)
{
    g_faultBytes = bytes;
    g_faultSkip = skip;
}

Result<void> write(const QString &path, const QByteArray &data)
{
    QSaveFile file(path);
    if (faultHere()) {
        // QSaveFile discards the temporary file without commit(), as a crash would leave the target.
        if (file.open(QIODevice::WriteOnly))
            file.write(data.left(g_faultBytes.load()));
        return storageError(QStringLiteral("simulated failure"));
    }
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
        return Error(ApiError::NotFound, QStringLiteral("The key does not exist."));
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
