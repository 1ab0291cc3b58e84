#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>

namespace tq {

/// Memory-hard password hashing with scrypt (OpenSSL EVP_KDF "SCRYPT").
/// Encoded form: `scrypt$<logN>$<r>$<p>$<salt b64>$<hash b64>`; parameters travel with the
/// hash so the cost can be raised later without invalidating stored hashes. Thread-safe.
class PasswordHash {
public:
    struct Params {
        int logN = 15;  ///< N = 2^logN; 2^15 * r=8 uses 32 MiB
        int r = 8;
        int p = 1;
    };

    static QString hash(const QString &password, Params params);
    static QString hash(const QString &password) { return hash(password, Params{}); }
    /// Constant-time check of `password` against an encoded hash; false on any malformed input.
    static bool verify(const QString &password, const QString &encoded);

    /// Raw scrypt, for key derivation. Returns an empty array on failure.
    static QByteArray scrypt(const QByteArray &secret, const QByteArray &salt, Params params, int length);
};

/// SHA-256 of `data` (used e.g. to store tokens hashed).
QByteArray sha256(const QByteArray &data);

} // namespace tq
