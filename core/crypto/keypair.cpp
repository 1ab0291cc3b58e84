#include "core/crypto/keypair.h"
#include "core/crypto/certificateerrors.h"

#include <openssl/core_names.h>
#include <openssl/x509.h>

namespace tq {

namespace {

template <typename Fill>
Result<QByteArray> twoPassOutput(const char *context, Fill fill)
{
    std::size_t len = 0;
    if (fill(nullptr, &len) != 1)
        return ossl::failure(context);
    QByteArray out(qsizetype(len), Qt::Uninitialized);
    if (fill(reinterpret_cast<unsigned char *>(out.data()), &len) != 1)
        return ossl::failure(context);
    out.truncate(qsizetype(len));
    return out;
}

ossl::EvpPkeyCtxPtr keyContext(EVP_PKEY *key)
{
    return ossl::EvpPkeyCtxPtr(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
}

// EVP_PKEY_sign/verify on a digest need the hash named for ECDSA and RSA; SM2 takes e as is.
bool setDigestParams(EVP_PKEY_CTX *ctx, KeyAlgorithm algorithm)
{
    if (algorithm == KeyAlgorithm::Sm2)
        return true;
    return EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256()) == 1;
}

QByteArray publicDer(EVP_PKEY *key)
{
    const int len = i2d_PUBKEY(key, nullptr);
    if (len <= 0)
        return {};
    QByteArray out(len, Qt::Uninitialized);
    auto *p = reinterpret_cast<unsigned char *>(out.data());
    i2d_PUBKEY(key, &p);
    return out;
}

Error unsupportedKey()
{
    return Error(CertificateError::Crypto, QStringLiteral("This key type is not supported."));
}

// SM2 encryption and decryption share their set-up; the default SM2 cipher digest is SM3.
Result<ossl::EvpPkeyCtxPtr> sm2CipherContext(EVP_PKEY *key, KeyAlgorithm algorithm, int (*init)(EVP_PKEY_CTX *))
{
    if (algorithm != KeyAlgorithm::Sm2)
        return unsupportedKey();
    auto ctx = keyContext(key);
    if (!ctx || init(ctx.get()) != 1)
        return ossl::failure("sm2 cipher init");
    return ctx;
}

const char *signatureDigestName(KeyAlgorithm algorithm)
{
    return algorithm == KeyAlgorithm::Sm2 ? "SM3" : "SHA256";
}

} // namespace

QString keyAlgorithmName(KeyAlgorithm algorithm)
{
    switch (algorithm) {
    case KeyAlgorithm::Sm2:
        return QStringLiteral("sm2");
    case KeyAlgorithm::EcdsaP256:
        return QStringLiteral("ecdsa-p256");
    case KeyAlgorithm::Rsa2048:
        return QStringLiteral("rsa-2048");
    }
    return {};
}

std::optional<KeyAlgorithm> keyAlgorithmFromName(QStringView name)
{
    for (auto a : {KeyAlgorithm::Sm2, KeyAlgorithm::EcdsaP256, KeyAlgorithm::Rsa2048})
        if (name == keyAlgorithmName(a))
            return a;
    return std::nullopt;
}

std::optional<KeyAlgorithm> keyAlgorithmOf(const EVP_PKEY *key)
{
    if (!key)
        return std::nullopt;
    if (EVP_PKEY_is_a(key, "SM2"))
        return KeyAlgorithm::Sm2;
    if (EVP_PKEY_is_a(key, "RSA") && EVP_PKEY_get_bits(key) >= 2048)
        return KeyAlgorithm::Rsa2048;
    if (EVP_PKEY_is_a(key, "EC")) {
        char group[64] = {};
        if (EVP_PKEY_get_group_name(key, group, sizeof group, nullptr) == 1 && qstrcmp(group, "prime256v1") == 0)
            return KeyAlgorithm::EcdsaP256;
    }
    return std::nullopt;
}

bool initDigestSign(EVP_MD_CTX *ctx, EVP_PKEY *key, bool sign, QByteArrayView sm2Id)
{
    const auto algorithm = keyAlgorithmOf(key);
    if (!ctx || !algorithm)
        return false;
    EVP_PKEY_CTX *pctx = nullptr;
    const char *md = signatureDigestName(*algorithm);
    const int ok = sign ? EVP_DigestSignInit_ex(ctx, &pctx, md, nullptr, nullptr, key, nullptr)
                        : EVP_DigestVerifyInit_ex(ctx, &pctx, md, nullptr, nullptr, key, nullptr);
    if (ok != 1)
        return false;
    if (*algorithm == KeyAlgorithm::Sm2)
        return EVP_PKEY_CTX_set1_id(pctx, sm2Id.data(), std::size_t(sm2Id.size())) == 1;
    return true;
}

// ---- PublicKey

Result<PublicKey> PublicKey::adopt(ossl::EvpPkeyPtr key)
{
    const auto algorithm = keyAlgorithmOf(key.get());
    if (!algorithm)
        return unsupportedKey();
    return PublicKey(std::move(key), *algorithm);
}

Result<PublicKey> PublicKey::fromDer(QByteArrayView spki)
{
    const auto *p = ossl::in(spki);
    ossl::EvpPkeyPtr key(d2i_PUBKEY(nullptr, &p, long(spki.size())));
    if (!key || p != ossl::in(spki) + spki.size()) {
        ossl::takeErrors();
        return unsupportedKey();
    }
    return adopt(std::move(key));
}

QByteArray PublicKey::der() const
{
    return publicDer(m_key.get());
}

bool PublicKey::verify(QByteArrayView data, QByteArrayView signature, QByteArrayView sm2Id) const
{
    ossl::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    const bool ok = initDigestSign(ctx.get(), m_key.get(), false, sm2Id)
        && EVP_DigestVerify(ctx.get(), ossl::in(signature), std::size_t(signature.size()), ossl::in(data),
                            std::size_t(data.size()))
            == 1;
    ossl::takeErrors(); // a bad signature is an answer, not an error worth logging
    return ok;
}

bool PublicKey::verifyDigest(QByteArrayView digest, QByteArrayView signature) const
{
    auto ctx = keyContext(m_key.get());
    const bool ok = ctx && EVP_PKEY_verify_init(ctx.get()) == 1 && setDigestParams(ctx.get(), m_algorithm)
        && EVP_PKEY_verify(ctx.get(), ossl::in(signature), std::size_t(signature.size()), ossl::in(digest),
                           std::size_t(digest.size()))
            == 1;
    ossl::takeErrors();
    return ok;
}

Result<QByteArray> PublicKey::encrypt(QByteArrayView plaintext) const
{
    auto ctx = sm2CipherContext(m_key.get(), m_algorithm, EVP_PKEY_encrypt_init);
    if (!ctx)
        return ctx.error();
    return twoPassOutput("sm2 encrypt", [&](unsigned char *out, std::size_t *len) {
        return EVP_PKEY_encrypt(ctx.value().get(), out, len, ossl::in(plaintext), std::size_t(plaintext.size()));
    });
}

// ---- KeyPair

Result<KeyPair> KeyPair::adopt(ossl::EvpPkeyPtr key)
{
    const auto algorithm = keyAlgorithmOf(key.get());
    BIGNUM *probe = nullptr;
    const bool hasPrivate = EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_PRIV_KEY, &probe) == 1
        || EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_RSA_D, &probe) == 1;
    BN_clear_free(probe);
    ossl::takeErrors();
    if (!algorithm || !hasPrivate)
        return unsupportedKey();
    return KeyPair(std::move(key), *algorithm);
}

Result<KeyPair> KeyPair::generate(KeyAlgorithm algorithm)
{
    EVP_PKEY *key = nullptr;
    switch (algorithm) {
    case KeyAlgorithm::Sm2:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "SM2");
        break;
    case KeyAlgorithm::EcdsaP256:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
        break;
    case KeyAlgorithm::Rsa2048:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t(2048));
        break;
    }
    if (!key)
        return ossl::failure("keygen");
    return KeyPair(ossl::EvpPkeyPtr(key), algorithm);
}

Result<KeyPair> KeyPair::fromPrivateDer(const SecureBytes &pkcs8)
{
    const unsigned char *p = pkcs8.data();
    ossl::Pkcs8Ptr info(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, long(pkcs8.size())));
    ossl::EvpPkeyPtr key(info && p == pkcs8.data() + pkcs8.size() ? EVP_PKCS82PKEY(info.get()) : nullptr);
    if (!key) {
        ossl::takeErrors();
        return unsupportedKey();
    }
    // The encoding carries the public half (EC point, RSA modulus) beside the private one, and
    // OpenSSL uses both as given: a key whose halves disagree would make signatures that its own
    // public key (and certificate) never verifies, so it is refused here.
    const ossl::EvpPkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
    if (!check || EVP_PKEY_pairwise_check(check.get()) != 1) {
        ossl::takeErrors();
        return unsupportedKey();
    }
    return adopt(std::move(key));
}

QByteArray KeyPair::publicKeyDer() const
{
    return publicDer(m_key.get());
}

PublicKey KeyPair::publicKey() const
{
    // Re-parsing the SPKI yields an object without any private component; it cannot fail for a
    // key that adopt() accepted.
    return PublicKey::fromDer(publicKeyDer()).value();
}

Result<SecureBytes> KeyPair::privateKeyDer() const
{
    ossl::Pkcs8Ptr info(EVP_PKEY2PKCS8(m_key.get()));
    const int len = info ? i2d_PKCS8_PRIV_KEY_INFO(info.get(), nullptr) : 0;
    if (len <= 0)
        return ossl::failure("pkcs8 export");
    SecureBytes out{std::size_t(len)};
    unsigned char *p = out.data();
    if (i2d_PKCS8_PRIV_KEY_INFO(info.get(), &p) != len)
        return ossl::failure("pkcs8 export");
    return out;
}

Result<QByteArray> KeyPair::sign(QByteArrayView data, QByteArrayView sm2Id) const
{
    ossl::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    if (!initDigestSign(ctx.get(), m_key.get(), true, sm2Id))
        return ossl::failure("sign init");
    return twoPassOutput("sign", [&](unsigned char *out, std::size_t *len) {
        return EVP_DigestSign(ctx.get(), out, len, ossl::in(data), std::size_t(data.size()));
    });
}

Result<QByteArray> KeyPair::signDigest(QByteArrayView digest) const
{
    auto ctx = keyContext(m_key.get());
    if (digest.size() != 32 || !ctx || EVP_PKEY_sign_init(ctx.get()) != 1 || !setDigestParams(ctx.get(), m_algorithm))
        return ossl::failure("sign digest init");
    return twoPassOutput("sign digest", [&](unsigned char *out, std::size_t *len) {
        return EVP_PKEY_sign(ctx.get(), out, len, ossl::in(digest), std::size_t(digest.size()));
    });
}

Result<SecureBytes> KeyPair::decrypt(QByteArrayView ciphertext) const
{
    auto ctx = sm2CipherContext(m_key.get(), m_algorithm, EVP_PKEY_decrypt_init);
    if (!ctx)
        return ctx.error();
    EVP_PKEY_CTX *pctx = ctx.value().get();
    const auto *in = ossl::in(ciphertext);
    std::size_t len = 0;
    SecureBytes out;
    if (EVP_PKEY_decrypt(pctx, nullptr, &len, in, std::size_t(ciphertext.size())) == 1)
        out = SecureBytes(len);
    if (out.isEmpty() || EVP_PKEY_decrypt(pctx, out.data(), &len, in, std::size_t(ciphertext.size())) != 1) {
        ossl::takeErrors();
        return ossl::undecryptable();
    }
    return SecureBytes(out.constData(), len);
}

} // namespace tq
