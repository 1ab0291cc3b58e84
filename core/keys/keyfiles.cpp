#include "core/keys/keyfiles.h"

#include "core/common/logging.h"

#include <QCoreApplication>
#include <QDir>

#include <algorithm>

namespace tq::keyfiles {

Error corrupted()
{
    return Error(ErrorCode::KeyCorrupted,
                 QCoreApplication::translate("tq::keys", "The stored key is damaged and cannot be used."));
}

Error notFound()
{
    return Error(ErrorCode::NotFound, QCoreApplication::translate("tq::keys", "The key does not exist."));
}

Error otherCustody()
{
    return Error(ErrorCode::InvalidRequest,
                 QCoreApplication::translate("tq::keys", "This kind of key cannot be kept here."));
}

Error notCertified()
{
    return Error(ErrorCode::BadResponse,
                 QCoreApplication::translate("tq::keys", "The delivered encryption key does not match its certificate. "
                                                         "Apply for the certificate again."));
}

std::shared_ptr<const SecureBytes> sharedCopy(const SecureBytes &secret)
{
    return std::make_shared<const SecureBytes>(secret.constData(), secret.size());
}

QByteArray base64(const QJsonValue &value)
{
    auto r = QByteArray::fromBase64Encoding(value.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    return r ? *r : QByteArray();
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
