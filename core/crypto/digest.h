#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <memory>

namespace tq {

enum class DigestAlgorithm { Sm3, Sha256 };

/// Incremental message digest over OpenSSL EVP (SM3 per GB/T 32905, SHA-256 per FIPS 180-4).
/// Non-copyable; one instance per thread. result() finishes the digest; add more only after reset().
class Hasher {
public:
    explicit Hasher(DigestAlgorithm algorithm);
    ~Hasher();
    Hasher(const Hasher &) = delete;
    Hasher &operator=(const Hasher &) = delete;

    Hasher &add(QByteArrayView data);
    /// The digest of everything added since construction or reset(); empty if OpenSSL failed.
    QByteArray result();
    void reset();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

/// One-shot digest; empty only if OpenSSL itself failed.
QByteArray digest(DigestAlgorithm algorithm, QByteArrayView data);
inline QByteArray sm3(QByteArrayView data)
{
    return digest(DigestAlgorithm::Sm3, data);
}

/// The OpenSSL name of `algorithm` ("SM3", "SHA256").
const char *digestName(DigestAlgorithm algorithm);

} // namespace tq
