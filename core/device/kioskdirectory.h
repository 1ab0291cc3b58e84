#pragma once

#include <QLockFile>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace tq {

/// The private directory of one kiosk session: everything the app writes while a person uses a
/// kiosk (keys, certificate index, device key, the embedded server's database) goes here and
/// nowhere else, and the whole directory is removed when this object is destroyed.
///
/// It is a fresh owner-only (0700) `tongqian-kiosk-XXXXXX` folder under `base`: by default the
/// runtime directory, which is RAM on most systems, else the temporary directory. A lock file
/// inside (QLockFile, held while this object lives) marks the session as alive. A session
/// ended by kill -9 or a power cut cannot remove its folder; the next kiosk start does, through
/// removeStale(), which only removes folders whose lock no living process holds.
///
/// Create it before anything writes into it. Any thread, but not shared between threads.
class KioskDirectory {
public:
    /// Removes stale sessions under `base` (empty: defaultBase()), then creates a new one;
    /// check isValid().
    explicit KioskDirectory(const QString &base = {});
    ~KioskDirectory();
    KioskDirectory(const KioskDirectory &) = delete;
    KioskDirectory &operator=(const KioskDirectory &) = delete;

    /// False if the folder or its lock could not be created (then nothing may be written).
    bool isValid() const;
    QString path() const;
    QString filePath(const QString &name) const;

    /// The runtime directory (QStandardPaths::RuntimeLocation) if there is one, else the
    /// temporary directory.
    static QString defaultBase();
    /// Removes the kiosk folders under `base` left by sessions whose process is gone; folders
    /// of living sessions stay. Returns how many were removed.
    static int removeStale(const QString &base);

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace tq
