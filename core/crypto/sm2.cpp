#include "core/crypto/sm2.h"

#include "core/crypto/certificateerrors.h"
#include "core/crypto/digest.h"
#include "core/crypto/random.h"

#include <openssl/asn1t.h>
#include <openssl/core_names.h>
#include <openssl/obj_mac.h>

#include <algorithm>
#include <cstring>

namespace tq {

namespace {

ossl::BnSecretPtr newBn()
{
    return ossl::BnSecretPtr(BN_new());
}

ossl::BnCtxPtr newCtx()
{
    return ossl::BnCtxPtr(BN_CTX_secure_new());
}

ossl::BnSecretPtr fromBytes(QByteArrayView bytes)
{
    return ossl::BnSecretPtr(BN_bin2bn(ossl::in(bytes), int(bytes.size()), nullptr));
}

void freeSequence(ASN1_SEQUENCE_ANY *seq)
{
    sk_ASN1_TYPE_pop_free(seq, ASN1_TYPE_free);
}
using SequencePtr = std::unique_ptr<ASN1_SEQUENCE_ANY, ossl::Deleter<freeSequence>>;

bool appendInteger(ASN1_SEQUENCE_ANY *seq, QByteArrayView bigEndian)
{
    ASN1_TYPE *t = ASN1_TYPE_new();
    auto v = fromBytes(bigEndian);
    ASN1_INTEGER *i = v ? BN_to_ASN1_INTEGER(v.get(), nullptr) : nullptr;
    if (!t || !i || sk_ASN1_TYPE_push(seq, t) <= 0) {
        ASN1_INTEGER_free(i);
        ASN1_TYPE_free(t);
        return false;
    }
    ASN1_TYPE_set(t, V_ASN1_INTEGER, i);
    return true;
}

bool appendOctets(ASN1_SEQUENCE_ANY *seq, QByteArrayView bytes)
{
    ASN1_TYPE *t = ASN1_TYPE_new();
    ASN1_OCTET_STRING *o = ASN1_OCTET_STRING_new();
    if (!t || !o || ASN1_OCTET_STRING_set(o, ossl::in(bytes), int(bytes.size())) != 1
        || sk_ASN1_TYPE_push(seq, t) <= 0) {
        ASN1_OCTET_STRING_free(o);
        ASN1_TYPE_free(t);
        return false;
    }
    ASN1_TYPE_set(t, V_ASN1_OCTET_STRING, o);
    return true;
}

QByteArray encodeSequence(const ASN1_SEQUENCE_ANY *seq)
{
    unsigned char *der = nullptr;
    const int len = i2d_ASN1_SEQUENCE_ANY(seq, &der);
    QByteArray out = len > 0 ? QByteArray(reinterpret_cast<const char *>(der), len) : QByteArray();
    OPENSSL_free(der);
    return out;
}

// Parses a SEQUENCE of exactly `types.size()` primitives and insists on the canonical DER
// encoding, so one ciphertext or signature has exactly one accepted byte form.
SequencePtr decodeSequence(QByteArrayView der, std::initializer_list<int> types)
{
    const auto *p = ossl::in(der);
    SequencePtr seq(d2i_ASN1_SEQUENCE_ANY(nullptr, &p, long(der.size())));
    ossl::takeErrors();
    if (!seq || p != ossl::in(der) + der.size() || sk_ASN1_TYPE_num(seq.get()) != int(types.size())
        || encodeSequence(seq.get()) != der)
        return nullptr;
    int i = 0;
    for (int type : types)
        if (ASN1_TYPE_get(sk_ASN1_TYPE_value(seq.get(), i++)) != type)
            return nullptr;
    return seq;
}

// A non-negative INTEGER element as 32 big-endian bytes; empty if negative or too large.
QByteArray integerAt(const ASN1_SEQUENCE_ANY *seq, int index)
{
    const ASN1_INTEGER *i = sk_ASN1_TYPE_value(seq, index)->value.integer;
    ossl::BnPtr v(ASN1_INTEGER_to_BN(i, nullptr));
    QByteArray out(Sm2::ScalarSize, Qt::Uninitialized);
    if (!v || BN_is_negative(v.get())
        || BN_bn2binpad(v.get(), reinterpret_cast<unsigned char *>(out.data()), Sm2::ScalarSize) < 0)
        return {};
    return out;
}

QByteArray octetsAt(const ASN1_SEQUENCE_ANY *seq, int index)
{
    const ASN1_OCTET_STRING *o = sk_ASN1_TYPE_value(seq, index)->value.octet_string;
    return QByteArray(reinterpret_cast<const char *>(ASN1_STRING_get0_data(o)), ASN1_STRING_length(o));
}

Error rejectedNonce()
{
    return Error(CertificateError::Crypto,
                 QStringLiteral("This nonce cannot be used; choose another one."));
}

} // namespace

// ---- encodings

QByteArray Sm2::Signature::toDer() const
{
    SequencePtr seq(sk_ASN1_TYPE_new_null());
    return seq && appendInteger(seq.get(), r) && appendInteger(seq.get(), s) ? encodeSequence(seq.get()) : QByteArray();
}

std::optional<Sm2::Signature> Sm2::Signature::fromDer(QByteArrayView der)
{
    const auto seq = decodeSequence(der, {V_ASN1_INTEGER, V_ASN1_INTEGER});
    if (!seq)
        return std::nullopt;
    Signature sig{integerAt(seq.get(), 0), integerAt(seq.get(), 1)};
    if (sig.r.isEmpty() || sig.s.isEmpty())
        return std::nullopt;
    return sig;
}

QByteArray Sm2::Ciphertext::toDer() const
{
    SequencePtr seq(sk_ASN1_TYPE_new_null());
    if (c1.size() != PointSize || !seq || !appendInteger(seq.get(), QByteArrayView(c1).sliced(1, ScalarSize))
        || !appendInteger(seq.get(), QByteArrayView(c1).sliced(1 + ScalarSize)) || !appendOctets(seq.get(), c3)
        || !appendOctets(seq.get(), c2))
        return {};
    return encodeSequence(seq.get());
}

std::optional<Sm2::Ciphertext> Sm2::Ciphertext::fromDer(QByteArrayView der)
{
    const auto seq = decodeSequence(der, {V_ASN1_INTEGER, V_ASN1_INTEGER, V_ASN1_OCTET_STRING, V_ASN1_OCTET_STRING});
    if (!seq)
        return std::nullopt;
    const QByteArray x = integerAt(seq.get(), 0);
    const QByteArray y = integerAt(seq.get(), 1);
    Ciphertext c{QByteArray(1, '\x04') + x + y, octetsAt(seq.get(), 2), octetsAt(seq.get(), 3)};
    if (x.isEmpty() || y.isEmpty() || c.c3.size() != 32)
        return std::nullopt;
    return c;
}

std::optional<Sm2::Ciphertext> Sm2::Ciphertext::fromRaw(QByteArrayView raw)
{
    constexpr qsizetype HashSize = 32;
    if (raw.size() <= PointSize + HashSize || raw.front() != '\x04')
        return std::nullopt;
    return Ciphertext{raw.first(PointSize).toByteArray(), raw.sliced(PointSize, HashSize).toByteArray(),
                      raw.sliced(PointSize + HashSize).toByteArray()};
}

// ---- curve

Sm2::Sm2() : Sm2(ossl::EcGroupPtr(EC_GROUP_new_by_curve_name(NID_sm2))) {}

namespace {
QByteArray orderBytes(const EC_GROUP *group)
{
    QByteArray out(Sm2::ScalarSize, '\0');
    const BIGNUM *n = group ? EC_GROUP_get0_order(group) : nullptr;
    if (!n || BN_bn2binpad(n, reinterpret_cast<unsigned char *>(out.data()), Sm2::ScalarSize) < 0)
        return {};
    return out;
}
} // namespace

Sm2::Sm2(ossl::EcGroupPtr group)
    : m_group(std::move(group)), m_order(BN_new()), m_scalars(orderBytes(m_group.get()))
{
    auto ctx = newCtx();
    ossl::BnPtr p(BN_new()), a(BN_new()), b(BN_new()), gx(BN_new()), gy(BN_new());
    if (!m_group || !ctx || !EC_GROUP_get_curve(m_group.get(), p.get(), a.get(), b.get(), ctx.get())
        || !BN_copy(m_order.get(), EC_GROUP_get0_order(m_group.get()))
        || !affine(EC_GROUP_get0_generator(m_group.get()), gx.get(), gy.get()) || !m_scalars.isValid()) {
        qFatal("SM2 curve unavailable"); // a build without SM2 cannot do anything Tongqian needs
    }
    m_curveBytes = coordinate(a.get()) + coordinate(b.get()) + coordinate(gx.get()) + coordinate(gy.get());
}

Sm2::~Sm2() = default;

QByteArray Sm2::coordinate(const BIGNUM *v) const
{
    QByteArray out(ScalarSize, Qt::Uninitialized);
    BN_bn2binpad(v, reinterpret_cast<unsigned char *>(out.data()), ScalarSize);
    return out;
}

bool Sm2::affine(const EC_POINT *p, BIGNUM *x, BIGNUM *y) const
{
    auto ctx = newCtx();
    return p && ctx && EC_POINT_get_affine_coordinates(m_group.get(), p, x, y, ctx.get()) == 1;
}

// ---- scalars

ossl::BnSecretPtr Sm2::scalar(QByteArrayView bytes) const
{
    if (bytes.size() > ScalarSize)
        return nullptr;
    const Scalar x = ScalarField::fromBytes(bytes);
    return isScalar(x) ? store(x) : nullptr;
}

ossl::BnSecretPtr Sm2::randomScalar() const
{
    // Rejection sampling keeps the value uniform; n is so close to 2^256 that retries are rare.
    for (;;) {
        QByteArray bytes = Random::bytes(ScalarSize);
        auto x = scalar(bytes);
        SecureBytes::wipe(bytes);
        if (x)
            return x;
    }
}

SecureBytes Sm2::scalarBytes(const BIGNUM *x) const
{
    SecureBytes out(ScalarSize);
    if (BN_bn2binpad(x, out.data(), ScalarSize) < 0)
        return {};
    return out;
}

namespace {
// A non-negative BIGNUM of at most 256 bits as limbs, not reduced. BN_bn2binpad reads every word
// whatever the value (OpenSSL 3); it fails only for a value wider than 256 bits, which no scalar
// or coordinate is.
bool widen(const BIGNUM *x, Scalar &out)
{
    unsigned char bytes[Sm2::ScalarSize];
    if (!x || BN_is_negative(x) || BN_bn2binpad(x, bytes, Sm2::ScalarSize) != Sm2::ScalarSize)
        return false;
    out = ScalarField::fromBytes(QByteArrayView(bytes, Sm2::ScalarSize));
    OPENSSL_cleanse(bytes, sizeof bytes);
    return true;
}
} // namespace

bool Sm2::isScalar(const Scalar &x) const
{
    // Whether the value is a valid scalar is public (the caller refuses it); nothing else is.
    return (m_scalars.lessThanModulus(x) & ~ScalarField::isZero(x)) != 0;
}

bool Sm2::load(const BIGNUM *x, Scalar &out) const
{
    Scalar wide;
    if (!widen(x, wide))
        return false;
    out = m_scalars.reduce(wide);
    return true;
}

ossl::BnSecretPtr Sm2::store(const Scalar &x) const
{
    unsigned char bytes[ScalarSize];
    ScalarField::toBytes(x, bytes);
    ossl::BnSecretPtr r(BN_bin2bn(bytes, ScalarSize, nullptr));
    OPENSSL_cleanse(bytes, sizeof bytes);
    if (r)
        BN_set_flags(r.get(), BN_FLG_CONSTTIME);
    return r;
}

ossl::BnSecretPtr Sm2::inverse(const BIGNUM *a) const
{
    Scalar x;
    if (!load(a, x))
        return nullptr;
    const Scalar r = m_scalars.inverse(x);
    // a ≡ 0 has no inverse; that one bit is public (the operation fails).
    return ScalarField::isZero(r) ? nullptr : store(r);
}

ossl::BnSecretPtr Sm2::add(const BIGNUM *a, const BIGNUM *b) const
{
    Scalar x, y;
    return load(a, x) && load(b, y) ? store(m_scalars.add(x, y)) : nullptr;
}

ossl::BnSecretPtr Sm2::subtract(const BIGNUM *a, const BIGNUM *b) const
{
    Scalar x, y;
    return load(a, x) && load(b, y) ? store(m_scalars.subtract(x, y)) : nullptr;
}

ossl::BnSecretPtr Sm2::multiply(const BIGNUM *a, const BIGNUM *b) const
{
    Scalar x, y;
    return load(a, x) && load(b, y) ? store(m_scalars.multiply(x, y)) : nullptr;
}

// ---- points

bool Sm2::isValid(const EC_POINT *p) const
{
    auto ctx = newCtx();
    return p && ctx && !EC_POINT_is_at_infinity(m_group.get(), p)
        && EC_POINT_is_on_curve(m_group.get(), p, ctx.get()) == 1;
}

ossl::EcPointPtr Sm2::point(QByteArrayView uncompressed) const
{
    auto ctx = newCtx();
    ossl::EcPointPtr p(EC_POINT_new(m_group.get()));
    if (uncompressed.size() != PointSize || uncompressed.front() != '\x04' || !p || !ctx
        || EC_POINT_oct2point(m_group.get(), p.get(), ossl::in(uncompressed), std::size_t(uncompressed.size()),
                              ctx.get())
            != 1
        || !isValid(p.get())) {
        ossl::takeErrors();
        return nullptr;
    }
    return p;
}

QByteArray Sm2::pointBytes(const EC_POINT *p) const
{
    auto ctx = newCtx();
    QByteArray out(PointSize, Qt::Uninitialized);
    if (!p || !ctx || EC_POINT_is_at_infinity(m_group.get(), p)
        || EC_POINT_point2oct(m_group.get(), p, POINT_CONVERSION_UNCOMPRESSED,
                              reinterpret_cast<unsigned char *>(out.data()), PointSize, ctx.get())
            != PointSize)
        return {};
    return out;
}

ossl::EcPointPtr Sm2::multiply(const BIGNUM *g, const EC_POINT *p, const BIGNUM *k) const
{
    auto ctx = newCtx();
    ossl::EcPointPtr r(EC_POINT_new(m_group.get()));
    if (!r || !ctx || EC_POINT_mul(m_group.get(), r.get(), g, k ? p : nullptr, k, ctx.get()) != 1)
        return nullptr;
    return r;
}

ossl::EcPointPtr Sm2::add(const EC_POINT *p, const EC_POINT *q) const
{
    auto ctx = newCtx();
    ossl::EcPointPtr r(EC_POINT_new(m_group.get()));
    if (!r || !ctx || EC_POINT_add(m_group.get(), r.get(), p, q, ctx.get()) != 1)
        return nullptr;
    return r;
}

ossl::EcPointPtr Sm2::negate(const EC_POINT *p) const
{
    auto ctx = newCtx();
    ossl::EcPointPtr r(EC_POINT_dup(p, m_group.get()));
    if (!r || !ctx || EC_POINT_invert(m_group.get(), r.get(), ctx.get()) != 1)
        return nullptr;
    return r;
}

// ---- SM2 primitives

QByteArray Sm2::userHash(QByteArrayView id, const EC_POINT *publicKey) const
{
    const QByteArray pub = pointBytes(publicKey);
    if (id.size() > 8191 || pub.isEmpty())
        return {};
    const quint16 entl = quint16(id.size() * 8);
    const char entlBytes[2] = {char(entl >> 8), char(entl & 0xff)};
    return Hasher(DigestAlgorithm::Sm3)
        .add(QByteArrayView(entlBytes, 2))
        .add(id)
        .add(m_curveBytes)
        .add(QByteArrayView(pub).sliced(1))
        .result();
}

QByteArray Sm2::messageDigest(QByteArrayView id, const EC_POINT *publicKey, QByteArrayView message) const
{
    const QByteArray z = userHash(id, publicKey);
    return z.isEmpty() ? QByteArray() : Hasher(DigestAlgorithm::Sm3).add(z).add(message).result();
}

bool Sm2::inRange(const BIGNUM *x) const
{
    Scalar v;
    return widen(x, v) && isScalar(v);
}

Result<Sm2::Signature> Sm2::signDigest(const BIGNUM *d, QByteArrayView e, const BIGNUM *k) const
{
    if (!inRange(d) || !inRange(k))
        return ossl::failure("sm2 sign: scalar out of range");
    auto ctx = newCtx();
    auto eBn = fromBytes(e);
    auto x1 = newBn();
    auto one = newBn();
    auto kPoint = multiplyGenerator(k);
    if (!ctx || !eBn || !x1 || !one || !kPoint || !BN_one(one.get()) || !affine(kPoint.get(), x1.get(), nullptr))
        return ossl::failure("sm2 sign");
    auto r = add(eBn.get(), x1.get());
    auto rPlusK = r ? add(r.get(), k) : nullptr;
    if (!r || !rPlusK || BN_is_zero(r.get()) || BN_is_zero(rPlusK.get()))
        return rejectedNonce();
    // s = (1 + d)⁻¹ · (k − r·d) mod n
    auto inv = inverse(add(one.get(), d).get());
    auto rd = multiply(r.get(), d);
    auto diff = rd ? subtract(k, rd.get()) : nullptr;
    auto s = inv && diff ? multiply(inv.get(), diff.get()) : nullptr;
    if (!inv)
        return ossl::failure("sm2 sign: d = n - 1");
    if (!s || BN_is_zero(s.get()))
        return rejectedNonce();
    return Signature{coordinate(r.get()), coordinate(s.get())};
}

bool Sm2::verifyDigest(const EC_POINT *publicKey, QByteArrayView e, const Signature &signature) const
{
    auto r = scalar(signature.r);
    auto s = scalar(signature.s);
    auto eBn = fromBytes(e);
    if (!isValid(publicKey) || !r || !s || !eBn)
        return false;
    auto t = add(r.get(), s.get());
    if (!t || BN_is_zero(t.get()))
        return false;
    auto sum = multiply(s.get(), publicKey, t.get());
    auto x1 = newBn();
    if (!sum || EC_POINT_is_at_infinity(m_group.get(), sum.get()) || !affine(sum.get(), x1.get(), nullptr))
        return false;
    auto expected = add(eBn.get(), x1.get());
    return expected && BN_cmp(expected.get(), r.get()) == 0;
}

SecureBytes Sm2::kdf(QByteArrayView z, std::size_t length)
{
    SecureBytes out(length);
    Hasher h(DigestAlgorithm::Sm3);
    std::size_t done = 0;
    for (quint32 counter = 1; done < length; ++counter) {
        const char ct[4] = {char(counter >> 24), char(counter >> 16), char(counter >> 8), char(counter)};
        QByteArray block = h.add(z).add(QByteArrayView(ct, 4)).result();
        h.reset();
        const std::size_t n = std::min(length - done, std::size_t(block.size()));
        std::memcpy(out.data() + done, block.constData(), n);
        SecureBytes::wipe(block);
        done += n;
    }
    return out;
}

namespace {
bool allZero(const SecureBytes &t)
{
    return std::all_of(t.data(), t.data() + t.size(), [](unsigned char c) { return c == 0; });
}

void maskInPlace(unsigned char *data, const SecureBytes &mask)
{
    for (std::size_t i = 0; i < mask.size(); ++i)
        data[i] ^= mask.data()[i];
}

// C3 = SM3(x2 ‖ M ‖ y2); `shared` is the 64-byte x2 ‖ y2.
QByteArray checkHash(const SecureBytes &shared, QByteArrayView message)
{
    const QByteArrayView s = shared.view();
    return Hasher(DigestAlgorithm::Sm3).add(s.first(32)).add(message).add(s.sliced(32)).result();
}
} // namespace

SecureBytes Sm2::sharedSecret(const EC_POINT *p) const
{
    auto ctx = newCtx();
    SecureBytes encoded(PointSize);
    if (!p || !ctx || EC_POINT_is_at_infinity(m_group.get(), p)
        || EC_POINT_point2oct(m_group.get(), p, POINT_CONVERSION_UNCOMPRESSED, encoded.data(), PointSize, ctx.get())
            != PointSize)
        return {};
    return SecureBytes(encoded.constData() + 1, PointSize - 1);
}

Result<Sm2::Ciphertext> Sm2::encrypt(const EC_POINT *publicKey, QByteArrayView message, const BIGNUM *k) const
{
    if (!isValid(publicKey) || message.isEmpty() || !inRange(k))
        return ossl::failure("sm2 encrypt: bad key or empty message");
    auto c1 = multiplyGenerator(k);
    const SecureBytes sharedBytes = sharedSecret(multiply(nullptr, publicKey, k).get());
    if (!c1 || sharedBytes.isEmpty())
        return ossl::failure("sm2 encrypt");
    const SecureBytes t = kdf(sharedBytes.view(), std::size_t(message.size()));
    if (allZero(t))
        return rejectedNonce();
    QByteArray c2 = message.toByteArray();
    maskInPlace(reinterpret_cast<unsigned char *>(c2.data()), t);
    return Ciphertext{pointBytes(c1.get()), checkHash(sharedBytes, message), c2};
}

Result<SecureBytes> Sm2::decrypt(const BIGNUM *d, const Ciphertext &ciphertext) const
{
    auto c1 = inRange(d) ? point(ciphertext.c1) : nullptr;
    if (!c1)
        return ossl::undecryptable();
    return decryptWithSharedPoint(multiply(nullptr, c1.get(), d).get(), ciphertext);
}

Result<SecureBytes> Sm2::decryptWithSharedPoint(const EC_POINT *sharedPoint, const Ciphertext &ciphertext) const
{
    const SecureBytes sharedBytes = sharedSecret(sharedPoint);
    if (sharedBytes.isEmpty() || ciphertext.c2.isEmpty())
        return ossl::undecryptable();
    const SecureBytes t = kdf(sharedBytes.view(), std::size_t(ciphertext.c2.size()));
    if (allZero(t))
        return ossl::undecryptable();
    SecureBytes message(ciphertext.c2.constData(), std::size_t(ciphertext.c2.size()));
    maskInPlace(message.data(), t);
    const QByteArray u = checkHash(sharedBytes, message.view());
    if (u.size() != ciphertext.c3.size()
        || CRYPTO_memcmp(u.constData(), ciphertext.c3.constData(), std::size_t(u.size())) != 0)
        return ossl::undecryptable();
    return message;
}

// ---- bridges

Result<KeyPair> Sm2::keyPair(const BIGNUM *d) const
{
    auto pub = multiplyGenerator(d);
    QByteArray pubBytes = pointBytes(pub.get());
    SecureBytes priv(ScalarSize);
    char groupName[] = "SM2";
    ossl::EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "SM2", nullptr));
    if (pubBytes.isEmpty() || !ctx || BN_bn2nativepad(d, priv.data(), ScalarSize) < 0)
        return ossl::failure("sm2 key from scalar");
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, groupName, 0),
        OSSL_PARAM_construct_BN(OSSL_PKEY_PARAM_PRIV_KEY, priv.data(), priv.size()),
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, pubBytes.data(), std::size_t(pubBytes.size())),
        OSSL_PARAM_construct_end(),
    };
    EVP_PKEY *key = nullptr;
    if (EVP_PKEY_fromdata_init(ctx.get()) != 1 || EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_KEYPAIR, params) != 1)
        return ossl::failure("sm2 key from scalar");
    return KeyPair::adopt(ossl::EvpPkeyPtr(key));
}

Result<PublicKey> Sm2::publicKey(const EC_POINT *p) const
{
    QByteArray pubBytes = isValid(p) ? pointBytes(p) : QByteArray();
    char groupName[] = "SM2";
    ossl::EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "SM2", nullptr));
    if (pubBytes.isEmpty() || !ctx)
        return ossl::failure("sm2 public key from point");
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, groupName, 0),
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, pubBytes.data(), std::size_t(pubBytes.size())),
        OSSL_PARAM_construct_end(),
    };
    EVP_PKEY *key = nullptr;
    if (EVP_PKEY_fromdata_init(ctx.get()) != 1 || EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params) != 1)
        return ossl::failure("sm2 public key from point");
    return PublicKey::adopt(ossl::EvpPkeyPtr(key));
}

ossl::EcPointPtr Sm2::publicPoint(const EVP_PKEY *key) const
{
    unsigned char buf[PointSize];
    std::size_t len = 0;
    if (!key || !EVP_PKEY_is_a(key, "SM2")
        || EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, buf, sizeof buf, &len) != 1) {
        ossl::takeErrors();
        return nullptr;
    }
    return point(QByteArrayView(reinterpret_cast<const char *>(buf), qsizetype(len)));
}

ossl::BnSecretPtr Sm2::privateScalar(const KeyPair &key) const
{
    BIGNUM *d = nullptr;
    if (key.algorithm() != KeyAlgorithm::Sm2 || EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_PRIV_KEY, &d) != 1)
        return nullptr;
    return ossl::BnSecretPtr(d);
}

} // namespace tq
