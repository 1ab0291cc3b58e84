#pragma once

#include "core/common/error.h"

#include <QByteArray>
#include <QString>

namespace tq::PrivateFile {

/// Creates `directory` (and parents) if needed and restricts it to its owner (0700).
Result<void> ensureDirectory(const QString &directory);
/// Writes `data` atomically (QSaveFile: temp file, then rename) with owner-only permissions
/// (0600), so a crash never leaves a half-written key file. Thread-safe for distinct paths.
Result<void> write(const QString &path, const QByteArray &data);
/// The file's bytes; `not_found` if it does not exist, `storage` if it cannot be read.
/// Callers holding secrets wipe the returned array.
Result<QByteArray> read(const QString &path);
/// Removes the file; a missing file is not an error.
Result<void> remove(const QString &path);

/// Tests only: after `skip` more successful writes, the next write() stops once `bytes` bytes
/// reached the temporary file, as if the process died there, and fails with `storage`; the
/// target keeps its previous content. Fires once. `skip` < 0 turns it off.
void failWriteForTesting(int skip, qint64 bytes);

} // namespace tq::PrivateFile
