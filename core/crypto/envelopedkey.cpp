#include "core/crypto/envelopedkey.h"

#include "core/crypto/certificateerrors.h"
#include "core/crypto/random.h"
#include "core/crypto/sm2.h"
#include "core/crypto/symmetric.h"

#include <openssl/asn1.h>

#include <optional>
#include <openssl/core_names.h>

namespace tq {

namespace {

// AlgorithmIdentifier { sm4 } in DER; GM/T 0006 assigns 1.2.156.10197.1.104 to SM4.
constexpr char Sm4AlgorithmId[] = "\x30\x09\x06\x07\x2a\x81\x1c\xcf\x55\x01\x68";
const QByteArrayView sm4AlgorithmId()
{
    return QByteArrayView(Sm4AlgorithmId, sizeof Sm4AlgorithmId - 1);
}

QByteArray derLength(qsizetype length)
{
    if (length < 0x80)
        return QByteArray(1, char(length));
    QByteArray bytes;
    for (qsizetype l = length; l > 0; l >>= 8)
        bytes.prepend(char(l & 0xff));
    return char(0x80 | bytes.size()) + bytes;
}

QByteArray tlv(char tag, const QByteArray &content)
{
    return tag + derLength(content.size()) + content;
}

// A BIT STRING of whole bytes: the leading octet says no bits are unused.
QByteArray bitString(const QByteArray &bytes)
{
    return tlv(0x03, QByteArray(1, '\0') + bytes);
}

QByteArray publicPointOf(const EVP_PKEY *key)
{
    unsigned char buf[Sm2::PointSize];
    std::size_t len = 0;
    if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, buf, sizeof buf, &len) != 1)
        return {};
    return QByteArray(reinterpret_cast<const char *>(buf), qsizetype(len));
}

Error malformed()
{
    ossl::takeErrors(); // drop parser noise; the one generic error is deliberate
    return ossl::undecryptable();
}

void freeSequence(ASN1_SEQUENCE_ANY *s)
{
    sk_ASN1_TYPE_pop_free(s, ASN1_TYPE_free);
}
using SequencePtr = std::unique_ptr<ASN1_SEQUENCE_ANY, ossl::Deleter<freeSequence>>;

QByteArrayView contents(const ASN1_STRING *s)
{
    return QByteArrayView(reinterpret_cast<const char *>(ASN1_STRING_get0_data(s)), ASN1_STRING_length(s));
}

} // namespace

namespace {

Result<QByteArray> sealScalar(const SecureBytes &scalar, const QByteArray &point, const PublicKey &recipient)
{
    if (recipient.algorithm() != KeyAlgorithm::Sm2 || scalar.size() != std::size_t(Sm2::ScalarSize)
        || point.size() != Sm2::PointSize)
        return Error(CertificateError::Crypto, QStringLiteral("Only SM2 keys can be enveloped."));
    QByteArray randomKey = Random::bytes(Sm4::KeySize);
    const SecureBytes sm4Key(randomKey);
    SecureBytes::wipe(randomKey);
    const auto wrappedKey = recipient.encrypt(sm4Key.view());
    if (!wrappedKey)
        return wrappedKey.error();
    const auto encryptedScalar = Sm4::encrypt(Sm4::Mode::Ecb, sm4Key, {}, scalar.view(), false);
    if (!encryptedScalar)
        return encryptedScalar.error();
    const QByteArray content =
        sm4AlgorithmId().toByteArray() + wrappedKey.value() + bitString(point) + bitString(encryptedScalar.value());
    return tlv(0x30, content);
}

} // namespace

Result<QByteArray> EnvelopedKey::seal(const KeyPair &key, const PublicKey &recipient)
{
    if (key.algorithm() != KeyAlgorithm::Sm2)
        return Error(CertificateError::Crypto, QStringLiteral("Only SM2 keys can be enveloped."));
    const Sm2 sm2;
    const ossl::BnSecretPtr d = sm2.privateScalar(key);
    if (!d)
        return ossl::failure("envelope scalar");
    return sealScalar(sm2.scalarBytes(d.get()), publicPointOf(key.get()), recipient);
}

Result<QByteArray> EnvelopedKey::sealShare(const BIGNUM *share, QByteArrayView jointPublicKey,
                                           const PublicKey &recipient)
{
    const Sm2 sm2;
    if (!share || !sm2.point(jointPublicKey))
        return Error(CertificateError::Crypto, QStringLiteral("Only SM2 keys can be enveloped."));
    return sealScalar(sm2.scalarBytes(share), jointPublicKey.toByteArray(), recipient);
}

namespace {
struct Fields {
    SequencePtr all;
    const ASN1_TYPE *cipher = nullptr;
    const ASN1_TYPE *point = nullptr;
    const ASN1_TYPE *scalar = nullptr;
};

std::optional<Fields> parseFields(QByteArrayView der)
{
    Fields f;
    const auto *p = ossl::in(der);
    f.all.reset(d2i_ASN1_SEQUENCE_ANY(nullptr, &p, long(der.size())));
    if (!f.all || p != ossl::in(der) + der.size() || sk_ASN1_TYPE_num(f.all.get()) != 4)
        return std::nullopt;
    const ASN1_TYPE *algorithm = sk_ASN1_TYPE_value(f.all.get(), 0);
    f.cipher = sk_ASN1_TYPE_value(f.all.get(), 1);
    f.point = sk_ASN1_TYPE_value(f.all.get(), 2);
    f.scalar = sk_ASN1_TYPE_value(f.all.get(), 3);
    if (algorithm->type != V_ASN1_SEQUENCE || contents(algorithm->value.sequence) != sm4AlgorithmId()
        || f.cipher->type != V_ASN1_SEQUENCE || f.point->type != V_ASN1_BIT_STRING
        || f.scalar->type != V_ASN1_BIT_STRING)
        return std::nullopt;
    return f;
}
} // namespace

Result<KeyPair> EnvelopedKey::open(QByteArrayView der, const KeyPair &recipient)
{
    return open(der, Decryptor([&recipient](QByteArrayView cipher) { return recipient.decrypt(cipher); }));
}

Result<EnvelopedKey::OpenedShare> EnvelopedKey::openShare(QByteArrayView der, const Decryptor &decrypt)
{
    const auto f = parseFields(der);
    if (!f)
        return malformed();
    const auto sm4Key = decrypt(contents(f->cipher->value.sequence));
    if (!sm4Key || sm4Key.value().size() != std::size_t(Sm4::KeySize))
        return malformed();
    auto d = Sm4::decrypt(Sm4::Mode::Ecb, sm4Key.value(), {}, contents(f->scalar->value.bit_string), false);
    const Sm2 sm2;
    const QByteArray point = contents(f->point->value.bit_string).toByteArray();
    if (!d || d.value().size() != std::size_t(Sm2::ScalarSize) || !sm2.scalar(d.value().view()) || !sm2.point(point))
        return malformed();
    return OpenedShare{std::move(d).value(), point};
}

Result<KeyPair> EnvelopedKey::open(QByteArrayView der, const Decryptor &decrypt)
{
    auto opened = openShare(der, decrypt);
    if (!opened)
        return opened.error();
    const Sm2 sm2;
    auto key = sm2.keyPair(sm2.scalar(opened.value().share.view()).get());
    if (!key)
        return malformed();
    if (publicPointOf(key.value().get()) != opened.value().jointPublicKey)
        return malformed();
    return key;
}

} // namespace tq
