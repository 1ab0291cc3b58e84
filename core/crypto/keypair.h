#pragma once

#include "core/common/error.h"
#include "core/crypto/ossl.h"
#include "core/crypto/securebytes.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace tq {

/// Asymmetric algorithms Tongqian keys can have. SM2 is the default for national use.
enum class KeyAlgorithm {
    Sm2,       ///< sm2p256v1, signatures SM2-with-SM3 and the SM2 distinguishing ID
    EcdsaP256, ///< prime256v1, ECDSA with SHA-256
    Rsa2048,   ///< RSA 2048, PKCS#1 v1.5 with SHA-256
};

/// Stable names used in files and APIs: "sm2", "ecdsa-p256", "rsa-2048".
QString keyAlgorithmName(KeyAlgorithm algorithm);
std::optional<KeyAlgorithm> keyAlgorithmFromName(QStringView name);

/// The default SM2 distinguishing ID of GM/T 0009-2012 §10. OpenSSL 3.0 defaults to an empty
/// ID, so every SM2 operation in Tongqian passes this one explicitly.
inline constexpr QByteArrayView Sm2DefaultId("1234567812345678");

/// A public key (SM2, P-256 or RSA-2048) wrapping an EVP_PKEY. Movable, not copyable; use
/// der() to pass it around. Const methods are safe to call from several threads.
class PublicKey {
public:
    /// Parses DER SubjectPublicKeyInfo; fails with `crypto` for other types or bad encodings.
    static Result<PublicKey> fromDer(QByteArrayView spki);

    KeyAlgorithm algorithm() const { return m_algorithm; }
    /// DER SubjectPublicKeyInfo.
    QByteArray der() const;
    /// Verifies a DER signature over `data` (SM2: SM3 with `sm2Id`; others: SHA-256).
    bool verify(QByteArrayView data, QByteArrayView signature, QByteArrayView sm2Id = Sm2DefaultId) const;
    /// Verifies a signature over a precomputed digest (SM2: e = SM3(Z ‖ M); others: SHA-256(M)).
    bool verifyDigest(QByteArrayView digest, QByteArrayView signature) const;
    /// SM2 public-key encryption (SM3 inside); output is the GM/T 0009 ASN.1 form C1, C3, C2.
    Result<QByteArray> encrypt(QByteArrayView plaintext) const;

    /// The underlying key, owned by this object.
    EVP_PKEY *get() const { return m_key.get(); }
    /// Takes ownership of `key` if its type is supported.
    static Result<PublicKey> adopt(ossl::EvpPkeyPtr key);

private:
    PublicKey(ossl::EvpPkeyPtr key, KeyAlgorithm algorithm) : m_key(std::move(key)), m_algorithm(algorithm) {}
    ossl::EvpPkeyPtr m_key;
    KeyAlgorithm m_algorithm;
};

/// A private key with its public half. The only owner of private key material outside
/// SecureBytes: non-copyable, movable; OpenSSL keeps the scalar in its own memory and frees it
/// with clearing. Signing uses fresh randomness from OpenSSL on every call. Const methods are
/// safe to call from several threads.
class KeyPair {
public:
    static Result<KeyPair> generate(KeyAlgorithm algorithm = KeyAlgorithm::Sm2);
    /// Imports an unencrypted PKCS#8 PrivateKeyInfo (DER).
    static Result<KeyPair> fromPrivateDer(const SecureBytes &pkcs8);
    /// Takes ownership of `key` if it is a private key of a supported type.
    static Result<KeyPair> adopt(ossl::EvpPkeyPtr key);

    KeyAlgorithm algorithm() const { return m_algorithm; }
    /// DER SubjectPublicKeyInfo.
    QByteArray publicKeyDer() const;
    PublicKey publicKey() const;
    /// Unencrypted PKCS#8 PrivateKeyInfo (DER), only ever into SecureBytes.
    Result<SecureBytes> privateKeyDer() const;

    /// Signs `data`: SM2 → SM2-with-SM3 using `sm2Id`; P-256 → ECDSA-SHA256; RSA → PKCS#1 v1.5
    /// SHA-256. Signatures are DER (SEQUENCE of r, s for the EC algorithms).
    Result<QByteArray> sign(QByteArrayView data, QByteArrayView sm2Id = Sm2DefaultId) const;
    /// Signs a precomputed 32-byte digest (SM2: e = SM3(Z ‖ M), see Sm2::messageDigest).
    Result<QByteArray> signDigest(QByteArrayView digest) const;
    /// SM2 decryption of the GM/T 0009 ASN.1 ciphertext; fails with `crypto` on any mismatch.
    Result<SecureBytes> decrypt(QByteArrayView ciphertext) const;

    /// The underlying key, owned by this object.
    EVP_PKEY *get() const { return m_key.get(); }

private:
    KeyPair(ossl::EvpPkeyPtr key, KeyAlgorithm algorithm) : m_key(std::move(key)), m_algorithm(algorithm) {}
    ossl::EvpPkeyPtr m_key;
    KeyAlgorithm m_algorithm;
};

/// The algorithm of an OpenSSL key, if Tongqian supports it (SM2, P-256, RSA-2048).
std::optional<KeyAlgorithm> keyAlgorithmOf(const EVP_PKEY *key);

/// Prepares `ctx` for signing or verifying with `key`: the digest of the key's algorithm and,
/// for SM2, the distinguishing ID. Shared by raw signatures, CSRs and certificates.
bool initDigestSign(EVP_MD_CTX *ctx, EVP_PKEY *key, bool sign, QByteArrayView sm2Id = Sm2DefaultId);

} // namespace tq
