#include "core/keys/keyfiles.h"

#include "core/common/apierrors.h"
#include "core/common/logging.h"
#include "core/crypto/certificateerrors.h"

#include <QDir>

#include <algorithm>

namespace tq::keyfiles {

Error corrupted()
{
    return Error(CertificateError::KeyCorrupted,
                 QStringLiteral("The stored key is damaged and cannot be used."));
}

Error notFound()
{
    return Error(ApiError::NotFound, QStringLiteral("The key does not exist."));
}

Error otherCustody()
{
    return Error(ApiError::InvalidRequest,
                 QStringLiteral("This kind of key cannot be kept here."));
}

Error notCertified()
{
    return Error(ApiError::BadResponse,
                 QStringLiteral("The delivered encryption key does not match its certificate. "
                                                         "Apply for the certificate again."));
}

std::shared_ptr<const SecureBytes> sharedCopy(const SecureBytes &secret)
{
    return std::make_shared<const SecureBytes>(secret.constData(), secret.size());
}

QList<KeyInfo> list(const QString &directory, const QString &suffix,
                    const std::function<Result<KeyInfo>(const QString &id)> &load)
{
    QList<KeyInfo> out;
    const QDir dir(directory);
    for (const QString &name : dir.entryList({QLatin1Char('*') + suffix}, QDir::Files, QDir::Name)) {
        auto info = load(name.chopped(suffix.size()));
        if (info)
            out << info.value();
        else
            qCWarning(lcCoreCrypto) << "skipping unreadable key file" << name;
    }
    std::sort(out.begin(), out.end(), [](const KeyInfo &a, const KeyInfo &b) { return a.created < b.created; });
    return out;
}

} // namespace tq::keyfiles
