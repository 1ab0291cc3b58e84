#pragma once

#include "core/common/error.h"
#include "core/crypto/securebytes.h"

#include <QByteArray>
#include <QString>

namespace tq::server {

/// The server master key: 32 random bytes in an owner-only file. Two keys are derived from it
/// (HMAC-SHA256 with fixed labels), one for AES-256-GCM sealing of data at rest (ID numbers, CA
/// and escrowed private keys) and one for keyed hashes (ID-number lookups and pseudonyms), so a
/// ciphertext never shares a key with a hash. Each use passes a purpose label that is bound into
/// the result, so a value sealed for one column cannot be opened as another.
/// Movable, not copyable; the key material lives in SecureBytes. Const methods are thread-safe.
class MasterKey {
public:
    static constexpr int Size = 32;

    /// Reads an existing key file (exactly 32 bytes).
    static Result<MasterKey> load(const QString &path);
    /// load(), or, if the file does not exist, writes a new random key there with 0600 permissions.
    static Result<MasterKey> loadOrCreate(const QString &path);

    /// AES-256-GCM under the sealing key, with `purpose` as associated data; base64 out.
    Result<QString> seal(QByteArrayView plaintext, QByteArrayView purpose) const;
    /// Opens seal()'s output; `crypto` error if anything does not match.
    Result<SecureBytes> open(const QString &sealed, QByteArrayView purpose) const;
    /// HMAC-SHA256(hash key, purpose ‖ 0 ‖ data), 32 bytes.
    QByteArray keyedHash(QByteArrayView purpose, QByteArrayView data) const;

private:
    explicit MasterKey(const SecureBytes &key);
    SecureBytes m_sealKey;
    SecureBytes m_hashKey;
};

} // namespace tq::server
