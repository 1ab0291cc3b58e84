#include "core/crypto/passwordhash.h"

#include "core/crypto/random.h"
#include "core/crypto/securebytes.h"

#include <QStringList>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

namespace tq {

QByteArray PasswordHash::scrypt(const QByteArray &secret, const QByteArray &salt, Params params, int length)
{
    if (params.logN < 10 || params.logN > 22 || params.r < 1 || params.r > 32 || params.p < 1 || params.p > 16
        || length <= 0)
        return {};
    EVP_KDF *kdf = EVP_KDF_fetch(nullptr, "SCRYPT", nullptr);
    if (!kdf)
        return {};
    EVP_KDF_CTX *ctx = EVP_KDF_CTX_new(kdf);
    EVP_KDF_free(kdf);
    if (!ctx)
        return {};
    uint64_t n = uint64_t(1) << params.logN;
    uint32_t r = uint32_t(params.r);
    uint32_t p = uint32_t(params.p);
    uint64_t maxmem = 128 * n * r * p + 1024 * 1024;
    OSSL_PARAM ps[] = {
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, const_cast<char *>(secret.constData()),
                                          std::size_t(secret.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char *>(salt.constData()),
                                          std::size_t(salt.size())),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem),
        OSSL_PARAM_construct_end(),
    };
    QByteArray out(length, Qt::Uninitialized);
    const bool ok = EVP_KDF_derive(ctx, reinterpret_cast<unsigned char *>(out.data()), std::size_t(length), ps) == 1;
    EVP_KDF_CTX_free(ctx);
    return ok ? out : QByteArray();
}

QString PasswordHash::hash(const QString &password, Params params)
{
    QByteArray secret = password.toUtf8();
    const QByteArray salt = Random::bytes(16);
    QByteArray derived = scrypt(secret, salt, params, 32);
    SecureBytes::wipe(secret);
    if (derived.isEmpty())
        return {};
    const QString encoded = QStringLiteral("scrypt$%1$%2$%3$%4$%5")
                                .arg(params.logN)
                                .arg(params.r)
                                .arg(params.p)
                                .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(derived.toBase64()));
    SecureBytes::wipe(derived);
    return encoded;
}

bool PasswordHash::verify(const QString &password, const QString &encoded)
{
    const QStringList parts = encoded.split(u'$');
    if (parts.size() != 6 || parts.at(0) != u"scrypt")
        return false;
    bool ok1 = false, ok2 = false, ok3 = false;
    const Params params{parts.at(1).toInt(&ok1), parts.at(2).toInt(&ok2), parts.at(3).toInt(&ok3)};
    const QByteArray salt = QByteArray::fromBase64(parts.at(4).toLatin1());
    const QByteArray expected = QByteArray::fromBase64(parts.at(5).toLatin1());
    if (!ok1 || !ok2 || !ok3 || salt.isEmpty() || expected.size() != 32)
        return false;
    QByteArray secret = password.toUtf8();
    QByteArray derived = scrypt(secret, salt, params, 32);
    SecureBytes::wipe(secret);
    const bool match = derived.size() == expected.size()
        && CRYPTO_memcmp(derived.constData(), expected.constData(), std::size_t(expected.size())) == 0;
    SecureBytes::wipe(derived);
    return match;
}

QByteArray sha256(const QByteArray &data)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(data.constData(), std::size_t(data.size()), md, &len, EVP_sha256(), nullptr) != 1)
        return {};
    return QByteArray(reinterpret_cast<const char *>(md), int(len));
}

} // namespace tq
