#include "core/crypto/symmetric.h"

#include "core/crypto/ossl.h"
#include "core/crypto/random.h"

#include <cstring>

namespace tq {

namespace {

struct CipherCall {
    const char *name;
    bool encrypt;
    bool padding;
    const SecureBytes &key;
    QByteArrayView iv;
    QByteArrayView input;
    QByteArrayView aad;
    unsigned char *tag = nullptr; // GCM: written when encrypting, checked when decrypting
};

// One EVP pass shared by every mode; output goes into SecureBytes because it may be plaintext.
Result<SecureBytes> runCipher(const CipherCall &c)
{
    ossl::EvpCipherPtr cipher(EVP_CIPHER_fetch(nullptr, c.name, nullptr));
    ossl::EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!cipher || !ctx)
        return ossl::failure("cipher fetch");
    if (int(c.key.size()) != EVP_CIPHER_get_key_length(cipher.get()))
        return ossl::failure("cipher key length");
    const bool gcm = c.tag != nullptr;

    if (c.iv.size() != EVP_CIPHER_get_iv_length(cipher.get()))
        return ossl::failure("cipher iv length");
    const auto *iv = ossl::in(c.iv);
    if (EVP_CipherInit_ex2(ctx.get(), cipher.get(), c.key.data(), c.iv.isEmpty() ? nullptr : iv, c.encrypt ? 1 : 0,
                           nullptr)
            != 1
        || EVP_CIPHER_CTX_set_padding(ctx.get(), c.padding ? 1 : 0) != 1)
        return ossl::failure("cipher init");

    int len = 0;
    if (!c.aad.isEmpty() && EVP_CipherUpdate(ctx.get(), nullptr, &len, ossl::in(c.aad), int(c.aad.size())) != 1)
        return ossl::failure("cipher aad");

    SecureBytes out(std::size_t(c.input.size()) + 2 * Sm4::BlockSize);
    int total = 0;
    if (!c.input.isEmpty()
        && EVP_CipherUpdate(ctx.get(), out.data(), &len, ossl::in(c.input), int(c.input.size())) != 1)
        return c.encrypt ? ossl::failure("cipher update") : ossl::undecryptable();
    total += c.input.isEmpty() ? 0 : len;
    if (gcm && !c.encrypt && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, Aead::TagSize, c.tag) != 1)
        return ossl::failure("cipher set tag");
    if (EVP_CipherFinal_ex(ctx.get(), out.data() + total, &len) != 1) {
        ossl::takeErrors(); // a failed tag or padding check is an expected outcome, not a log event
        return c.encrypt ? ossl::failure("cipher final") : ossl::undecryptable();
    }
    total += len;
    if (gcm && c.encrypt && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, Aead::TagSize, c.tag) != 1)
        return ossl::failure("cipher get tag");
    return SecureBytes(out.constData(), std::size_t(total));
}

const char *sm4Name(Sm4::Mode mode)
{
    return mode == Sm4::Mode::Ecb ? "SM4-ECB" : "SM4-CBC";
}

} // namespace

Result<QByteArray> Aead::seal(const SecureBytes &key, QByteArrayView plaintext, QByteArrayView aad)
{
    const QByteArray nonce = Random::bytes(NonceSize);
    unsigned char tag[TagSize];
    auto out = runCipher({"AES-256-GCM", true, false, key, nonce, plaintext, aad, tag});
    if (!out)
        return out.error();
    return QByteArray(nonce + out.value().view().toByteArray()
                      + QByteArray(reinterpret_cast<const char *>(tag), TagSize));
}

Result<SecureBytes> Aead::open(const SecureBytes &key, QByteArrayView sealed, QByteArrayView aad)
{
    if (sealed.size() < NonceSize + TagSize)
        return ossl::undecryptable();
    unsigned char tag[TagSize];
    std::memcpy(tag, sealed.data() + sealed.size() - TagSize, TagSize);
    return runCipher({"AES-256-GCM", false, false, key, sealed.first(NonceSize),
                      sealed.sliced(NonceSize, sealed.size() - NonceSize - TagSize), aad, tag});
}

Result<QByteArray> Sm4::encrypt(Mode mode, const SecureBytes &key, QByteArrayView iv, QByteArrayView plaintext,
                                bool padding)
{
    auto out = runCipher({sm4Name(mode), true, padding, key, iv, plaintext, {}});
    if (!out)
        return out.error();
    return out.value().view().toByteArray();
}

Result<SecureBytes> Sm4::decrypt(Mode mode, const SecureBytes &key, QByteArrayView iv, QByteArrayView ciphertext,
                                 bool padding)
{
    return runCipher({sm4Name(mode), false, padding, key, iv, ciphertext, {}});
}

} // namespace tq
