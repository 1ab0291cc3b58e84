#include "cli/files.h"

#include <QFile>
#include <QSaveFile>

#include <cstdio>

namespace tq::cli {

Result<QByteArray> readInputFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(ErrorCode::Storage, QStringLiteral("Cannot read %1: %2.").arg(path, file.errorString()));
    return file.readAll();
}

Result<void> writeOutputFile(const QString &path, const QByteArray &data)
{
    if (path.isEmpty() || path == u"-") {
        if (std::fwrite(data.constData(), 1, std::size_t(data.size()), stdout) != std::size_t(data.size()))
            return Error(ErrorCode::Storage, QStringLiteral("Cannot write to stdout."));
        return {};
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit())
        return Error(ErrorCode::Storage, QStringLiteral("Cannot write %1: %2.").arg(path, file.errorString()));
    return {};
}

Result<Certificate> readCertificateFile(const QString &path)
{
    auto bytes = readInputFile(path);
    if (!bytes)
        return bytes.error();
    auto cert = Certificate::parse(bytes.value());
    if (!cert)
        return Error(ErrorCode::Crypto, QStringLiteral("%1 is not a certificate.").arg(path));
    return cert;
}

} // namespace tq::cli
