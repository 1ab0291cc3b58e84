#pragma once

#include "core/common/error.h"
#include "core/crypto/securebytes.h"

#include <QByteArray>
#include <QByteArrayView>

namespace tq {

/// Authenticated encryption with AES-256-GCM (OpenSSL 3.0's default provider has no SM4-GCM,
/// so stored secrets use AES). The sealed form is nonce(12) ‖ ciphertext ‖ tag(16); the nonce
/// comes from tq::Random. `aad` is authenticated but not encrypted. Thread-safe (no shared state).
namespace Aead {
inline constexpr int KeySize = 32;
inline constexpr int NonceSize = 12;
inline constexpr int TagSize = 16;

/// Fails (code `crypto`) only for a key that is not 32 bytes or an OpenSSL failure.
Result<QByteArray> seal(const SecureBytes &key, QByteArrayView plaintext, QByteArrayView aad = {});
/// Fails with code `crypto` when the key, aad or sealed bytes do not match (tag check).
Result<SecureBytes> open(const SecureBytes &key, QByteArrayView sealed, QByteArrayView aad = {});
} // namespace Aead

/// SM4 (GB/T 32907) block cipher, 128-bit key. ECB exists for standard vectors and legacy
/// interoperability only; new formats use CBC with a fresh IV or Aead. With `padding` false
/// the input must be a multiple of 16 bytes. Thread-safe.
namespace Sm4 {
enum class Mode { Ecb, Cbc };
inline constexpr int KeySize = 16;
inline constexpr int BlockSize = 16;

Result<QByteArray> encrypt(Mode mode, const SecureBytes &key, QByteArrayView iv, QByteArrayView plaintext,
                           bool padding = true);
Result<SecureBytes> decrypt(Mode mode, const SecureBytes &key, QByteArrayView iv, QByteArrayView ciphertext,
                            bool padding = true);
} // namespace Sm4

} // namespace tq
