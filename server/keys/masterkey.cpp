#include "server/keys/masterkey.h"

#include "core/common/apierrors.h"
#include "core/crypto/ossl.h"
#include "core/crypto/random.h"
#include "core/crypto/symmetric.h"
#include "server/logging.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace tq::server {

namespace {

QByteArray hmacSha256(QByteArrayView key, QByteArrayView data)
{
    unsigned char out[32];
    std::size_t outLen = 0;
    if (!EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), std::size_t(key.size()), ossl::in(data),
                   std::size_t(data.size()), out, sizeof out, &outLen)) {
        ossl::takeErrors();
        qFatal("HMAC-SHA256 failed"); // never fall back to an unkeyed hash
    }
    return QByteArray(reinterpret_cast<const char *>(out), qsizetype(outLen));
}

SecureBytes derive(const SecureBytes &master, const char *label)
{
    QByteArray bytes = hmacSha256(master.view(), label);
    SecureBytes key(bytes);
    SecureBytes::wipe(bytes);
    return key;
}

Error keyFileError(const QString &path, const QString &why)
{
    return Error(ApiError::Internal, QStringLiteral("Master key file %1: %2").arg(path, why));
}

} // namespace

MasterKey::MasterKey(const SecureBytes &key)
    : m_sealKey(derive(key, "tongqian master key: seal")), m_hashKey(derive(key, "tongqian master key: hash"))
{
}

Result<MasterKey> MasterKey::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return keyFileError(path, file.errorString());
    QByteArray bytes = file.read(Size + 1);
    if (bytes.size() != Size) {
        SecureBytes::wipe(bytes);
        return keyFileError(path, QStringLiteral("it must hold exactly %1 bytes.").arg(Size));
    }
    const SecureBytes key(bytes);
    SecureBytes::wipe(bytes);
    return MasterKey(key);
}

Result<MasterKey> MasterKey::loadOrCreate(const QString &path)
{
    if (QFileInfo::exists(path))
        return load(path);
    QByteArray bytes = Random::bytes(Size);
    const SecureBytes key(bytes);
    QSaveFile file(path);
    const bool written = file.open(QIODevice::WriteOnly)
        && file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) && file.write(bytes) == Size
        && file.commit();
    SecureBytes::wipe(bytes);
    if (!written)
        return keyFileError(path, file.errorString());
    qCInfo(lcServer).noquote() << "created a new master key file" << path;
    return MasterKey(key);
}

Result<QString> MasterKey::seal(QByteArrayView plaintext, QByteArrayView purpose) const
{
    const auto sealed = Aead::seal(m_sealKey, plaintext, purpose);
    if (!sealed)
        return sealed.error();
    return QString::fromLatin1(sealed.value().toBase64());
}

Result<SecureBytes> MasterKey::open(const QString &sealed, QByteArrayView purpose) const
{
    return Aead::open(m_sealKey, QByteArray::fromBase64(sealed.toLatin1()), purpose);
}

QByteArray MasterKey::keyedHash(QByteArrayView purpose, QByteArrayView data) const
{
    const QByteArray message = purpose.toByteArray() + '\0' + data.toByteArray();
    return hmacSha256(m_hashKey.view(), message);
}

} // namespace tq::server
