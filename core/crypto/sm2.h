#pragma once

#include "core/common/error.h"
#include "core/crypto/keypair.h"
#include "core/crypto/ossl.h"
#include "core/crypto/scalarfield.h"
#include "core/crypto/securebytes.h"

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace tq {

/// SM2 (GB/T 32918 / GM/T 0003) on the recommended curve sm2p256v1, written on OpenSSL's
/// EC_POINT/BIGNUM so that the nonce k can be chosen by the caller: known-answer tests inject
/// it, and the two-party protocols build on the scalar and point helpers. Production signing and
/// decryption of whole keys go through KeyPair (EVP) instead.
///
/// Conventions: scalars are BIGNUMs owned by ossl::BnSecretPtr (cleared when freed) or 32-byte
/// big-endian strings; points are uncompressed 65-byte strings 04‖x‖y or ossl::EcPointPtr.
/// Arithmetic mod n runs in constant time on fixed-width limbs (scalars(), ScalarField), never
/// through BN_mod_*; the BIGNUMs that carry scalars in and out (as EC_POINT_mul needs them) still
/// show their own length, i.e. how many leading zero bytes a value has, as every BIGNUM does.
/// Every point taken from outside passes point(), which rejects off-curve points and infinity.
/// Construction builds the group; const methods keep no shared mutable state and may be called
/// from several threads.
class Sm2 {
public:
    static constexpr int ScalarSize = 32;
    static constexpr int PointSize = 65;

    /// (r, s), each 32 bytes big-endian.
    struct Signature {
        QByteArray r;
        QByteArray s;
        /// DER SEQUENCE { INTEGER r, INTEGER s } as in GM/T 0009 and X.509.
        QByteArray toDer() const;
        /// Strict DER only (re-encodes and compares); nullopt on anything else.
        static std::optional<Signature> fromDer(QByteArrayView der);
    };

    /// SM2 ciphertext parts: C1 (65-byte point), C3 (SM3 hash), C2 (masked message).
    struct Ciphertext {
        QByteArray c1;
        QByteArray c3;
        QByteArray c2;
        /// GM/T 0009 §7.2: SEQUENCE { INTEGER x, INTEGER y, OCTET STRING C3, OCTET STRING C2 }.
        QByteArray toDer() const;
        static std::optional<Ciphertext> fromDer(QByteArrayView der);
        /// The raw concatenation C1 ‖ C3 ‖ C2 of GB/T 32918.4 (C1 uncompressed, with its 04 byte),
        /// as many non-OpenSSL SM2 libraries exchange it.
        QByteArray toRaw() const { return c1 + c3 + c2; }
        /// Splits a raw C1 ‖ C3 ‖ C2; nullopt if too short to hold a non-empty C2.
        static std::optional<Ciphertext> fromRaw(QByteArrayView raw);
    };

    /// sm2p256v1, the curve of GB/T 32918.5.
    Sm2();
    /// Another prime curve with cofactor 1, only for the standards' test-curve examples
    /// (GB/T 32918.2–4 annexes); ZA then hashes that curve's a, b and G.
    explicit Sm2(ossl::EcGroupPtr group);
    ~Sm2();
    Sm2(const Sm2 &) = delete;
    Sm2 &operator=(const Sm2 &) = delete;

    const EC_GROUP *group() const { return m_group.get(); }
    const BIGNUM *order() const { return m_order.get(); }
    /// Constant-time arithmetic mod n, for code that keeps its scalars in fixed width.
    const ScalarField &scalars() const { return m_scalars; }

    // ---- scalars mod n
    /// A scalar in [1, n−1] from at most 32 big-endian bytes; nullptr otherwise. Whether the
    /// value is in range is the only thing about it that decides a branch.
    ossl::BnSecretPtr scalar(QByteArrayView bytes) const;
    /// Uniform in [1, n−1], drawn from tq::Random (so tests can make it deterministic).
    ossl::BnSecretPtr randomScalar() const;
    SecureBytes scalarBytes(const BIGNUM *x) const;
    /// a⁻¹ mod n in constant time (Fermat: a^(n−2)); nullptr for a ≡ 0.
    /// The operands of inverse/add/subtract/multiply are any values in [0, 2²⁵⁶) (reduced mod n
    /// first); the result is in [0, n), or nullptr for a negative or wider operand.
    ossl::BnSecretPtr inverse(const BIGNUM *a) const;
    ossl::BnSecretPtr add(const BIGNUM *a, const BIGNUM *b) const;
    ossl::BnSecretPtr subtract(const BIGNUM *a, const BIGNUM *b) const;
    ossl::BnSecretPtr multiply(const BIGNUM *a, const BIGNUM *b) const;

    // ---- points
    /// Decodes an uncompressed point; nullptr unless it is on the curve and not infinity.
    ossl::EcPointPtr point(QByteArrayView uncompressed) const;
    bool isValid(const EC_POINT *p) const;
    /// 04‖x‖y; empty for infinity.
    QByteArray pointBytes(const EC_POINT *p) const;
    /// g·G + k·P (either scalar may be null, P is ignored when k is null). With a single scalar
    /// OpenSSL uses its constant-time ladder; with both it takes a variable-time path, so for
    /// two secret scalars multiply separately and add() the results.
    ossl::EcPointPtr multiply(const BIGNUM *g, const EC_POINT *p, const BIGNUM *k) const;
    ossl::EcPointPtr multiplyGenerator(const BIGNUM *g) const { return multiply(g, nullptr, nullptr); }
    ossl::EcPointPtr add(const EC_POINT *p, const EC_POINT *q) const;
    ossl::EcPointPtr negate(const EC_POINT *p) const;

    // ---- SM2 primitives (GB/T 32918.2 §6–7, .4 §6–7)
    /// Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA); empty if the ID is longer than 8191 bytes.
    QByteArray userHash(QByteArrayView id, const EC_POINT *publicKey) const;
    /// e = SM3(Z ‖ M), the value that is signed.
    QByteArray messageDigest(QByteArrayView id, const EC_POINT *publicKey, QByteArrayView message) const;
    /// Signs e with private scalar d and nonce k. Fails for d = n−1 or a k that gives r = 0,
    /// r + k = n or s = 0 (pick another k).
    Result<Signature> signDigest(const BIGNUM *d, QByteArrayView e, const BIGNUM *k) const;
    bool verifyDigest(const EC_POINT *publicKey, QByteArrayView e, const Signature &signature) const;
    /// Encrypts with nonce k (fails if the KDF output is all zero for this k).
    Result<Ciphertext> encrypt(const EC_POINT *publicKey, QByteArrayView message, const BIGNUM *k) const;
    /// Decrypts; one generic error for an invalid C1, a zero KDF output or a C3 mismatch.
    Result<SecureBytes> decrypt(const BIGNUM *d, const Ciphertext &ciphertext) const;
    /// The end of decrypt() once the shared point d·C1 is known by other means (two-party
    /// decryption): KDF, unmasking and the C3 check, with the same generic error.
    Result<SecureBytes> decryptWithSharedPoint(const EC_POINT *sharedPoint, const Ciphertext &ciphertext) const;
    /// The key derivation function of GB/T 32918.4 §5.4.3 with SM3.
    static SecureBytes kdf(QByteArrayView z, std::size_t length);

    // ---- bridges to EVP keys (sm2p256v1 only)
    Result<KeyPair> keyPair(const BIGNUM *d) const;
    ossl::EcPointPtr publicPoint(const EVP_PKEY *key) const;
    /// The EVP public key of a valid point (e.g. a two-party joint key, which has no KeyPair).
    Result<PublicKey> publicKey(const EC_POINT *p) const;
    ossl::BnSecretPtr privateScalar(const KeyPair &key) const;

private:
    QByteArray coordinate(const BIGNUM *v) const;
    /// A BIGNUM operand as a fixed-width residue mod n; false if negative or above 256 bits.
    bool load(const BIGNUM *x, Scalar &out) const;
    /// 1 ≤ x < n, in constant time up to the answer.
    bool isScalar(const Scalar &x) const;
    ossl::BnSecretPtr store(const Scalar &x) const;
    bool inRange(const BIGNUM *x) const; // 1 ≤ x < n, as isScalar()
    bool affine(const EC_POINT *p, BIGNUM *x, BIGNUM *y) const;
    /// x ‖ y of a shared point (64 bytes), empty for infinity.
    SecureBytes sharedSecret(const EC_POINT *p) const;

    ossl::EcGroupPtr m_group;
    ossl::BnPtr m_order;
    QByteArray m_curveBytes; // a ‖ b ‖ xG ‖ yG, the constant part of Z
    ScalarField m_scalars; // mod n
};

} // namespace tq
