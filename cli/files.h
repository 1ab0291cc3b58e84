#pragma once

#include "core/common/error.h"
#include "core/crypto/x509.h"

#include <QByteArray>
#include <QString>

namespace tq::cli {

/// Whole-file inputs and outputs of commands. Main thread only.

/// Whole-file I/O for command inputs and outputs (an empty output path or "-" is stdout);
/// errors are ready to report.
Result<QByteArray> readInputFile(const QString &path);
Result<void> writeOutputFile(const QString &path, const QByteArray &data);
/// A PEM or DER certificate file.
Result<Certificate> readCertificateFile(const QString &path);

} // namespace tq::cli
