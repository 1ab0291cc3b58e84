#pragma once

#include "core/common/error.h"
#include "core/crypto/keypair.h"

#include <QByteArray>

#include <functional>

namespace tq {

/// The GM/T 0009-2012 §7.4 SM2EnvelopedKey, used by the KMC to deliver an escrowed SM2
/// encryption key to the device holding the matching signing key:
///
///     SM2EnvelopedKey ::= SEQUENCE {
///         symAlgID               AlgorithmIdentifier, -- sm4 1.2.156.10197.1.104 (ECB, no padding)
///         symEncryptedKey        SM2Cipher,           -- a fresh 16-byte SM4 key, SM2-encrypted to the
///                                                     -- signing public key (C1, C3, C2 ASN.1 form)
///         sm2PublicKey           BIT STRING,          -- 04 ‖ x ‖ y of the enveloped key
///         sm2EncryptedPrivateKey BIT STRING }         -- SM4-ECB(key, d), d as 32 bytes big-endian
///
/// Free functions, thread-safe.
namespace EnvelopedKey {
/// Envelopes the SM2 private key `key` to the SM2 public key `recipient`; DER out.
Result<QByteArray> seal(const KeyPair &key, const PublicKey &recipient);
/// Decrypts the SM2Cipher holding the SM4 key (e.g. inside key custody, so the recipient's
/// private key never has to leave it).
using Decryptor = std::function<Result<SecureBytes>(QByteArrayView sm2Cipher)>;
/// Opens a DER SM2EnvelopedKey with the recipient's private key; fails with `crypto` if the
/// structure is malformed, does not decrypt, or the private key does not match sm2PublicKey.
Result<KeyPair> open(QByteArrayView der, const KeyPair &recipient);
/// The same with the SM4-key decryption done by `decrypt`.
Result<KeyPair> open(QByteArrayView der, const Decryptor &decrypt);
/// A two-party device share enveloped the same way: sm2EncryptedPrivateKey holds the share
/// d1 and sm2PublicKey the joint public key (which d1 alone does not match; the recipient
/// checks it with twoparty::combinedPublicKey).
Result<QByteArray> sealShare(const BIGNUM *share, QByteArrayView jointPublicKey, const PublicKey &recipient);
struct OpenedShare {
    SecureBytes share;          ///< d1, 32 bytes big-endian, in [1, n−1]
    QByteArray jointPublicKey;  ///< 04‖x‖y, on the curve
};
/// Opens a sealShare() envelope; fails with `crypto` if malformed or it does not decrypt. The
/// structure has no integrity check: the caller must check the share against the certified key.
Result<OpenedShare> openShare(QByteArrayView der, const Decryptor &decrypt);
} // namespace EnvelopedKey

} // namespace tq
