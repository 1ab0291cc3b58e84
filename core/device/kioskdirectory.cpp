#include "core/device/kioskdirectory.h"

#include "core/common/logging.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace tq {

namespace {

constexpr QLatin1StringView Prefix("tongqian-kiosk-");
constexpr QLatin1StringView LockName("session.lock");

// A folder without a lock is either being created this instant or was left by a session killed
// between mkdir and locking; only the second kind is old.
constexpr qint64 UnlockedGraceSecs = 60;

QString folderPattern(const QString &base)
{
    return QDir(base).filePath(Prefix + QLatin1String("XXXXXX"));
}

} // namespace

KioskDirectory::KioskDirectory(const QString &base)
{
    const QString root = base.isEmpty() ? defaultBase() : base;
    removeStale(root);
    QDir().mkpath(root);
    // QTemporaryDir creates the folder with mkdtemp: owner-only, a name nobody can predict.
    m_dir = std::make_unique<QTemporaryDir>(folderPattern(root));
    if (!m_dir->isValid()) {
        qCWarning(lcCoreDevice) << "cannot create the kiosk session folder:" << m_dir->errorString();
        return;
    }
    m_lock = std::make_unique<QLockFile>(m_dir->filePath(LockName));
    // A living session's lock never goes stale by age: only a dead process releases it.
    m_lock->setStaleLockTime(0);
    if (!m_lock->tryLock(0))
        qCWarning(lcCoreDevice) << "cannot lock the kiosk session folder";
}

KioskDirectory::~KioskDirectory()
{
    if (m_lock)
        m_lock->unlock();
    m_lock.reset();
    m_dir.reset(); // removes the folder and everything in it
}

bool KioskDirectory::isValid() const
{
    return m_dir && m_dir->isValid() && m_lock && m_lock->isLocked();
}

QString KioskDirectory::path() const
{
    return m_dir ? m_dir->path() : QString();
}

QString KioskDirectory::filePath(const QString &name) const
{
    return m_dir ? m_dir->filePath(name) : QString();
}

QString KioskDirectory::defaultBase()
{
    const QString runtime = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    return runtime.isEmpty() ? QDir::tempPath() : runtime;
}

int KioskDirectory::removeStale(const QString &base)
{
    int removed = 0;
    const QFileInfoList folders = QDir(base).entryInfoList({Prefix + QLatin1Char('*')},
                                                           QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks);
    for (const QFileInfo &folder : folders) {
        const QString lockPath = QDir(folder.absoluteFilePath()).filePath(LockName);
        if (QFileInfo::exists(lockPath)) {
            QLockFile lock(lockPath);
            lock.setStaleLockTime(0);
            // Succeeds only when the owner is gone: QLockFile checks its pid and, on Unix, the
            // native lock a living owner holds.
            if (!lock.tryLock(0))
                continue;
            lock.unlock();
        } else if (folder.lastModified().secsTo(QDateTime::currentDateTime()) < UnlockedGraceSecs) {
            continue;
        }
        if (QDir(folder.absoluteFilePath()).removeRecursively())
            ++removed;
        else
            qCWarning(lcCoreDevice) << "cannot remove a stale kiosk session folder";
    }
    return removed;
}

} // namespace tq
