#include "core/crypto/digest.h"

#include "core/crypto/ossl.h"

namespace tq {

const char *digestName(DigestAlgorithm algorithm)
{
    switch (algorithm) {
    case DigestAlgorithm::Sm3:
        return "SM3";
    case DigestAlgorithm::Sha256:
        return "SHA256";
    }
    return "SHA256";
}

struct Hasher::Private {
    ossl::EvpMdPtr md;
    ossl::EvpMdCtxPtr ctx;
    bool ok = false;
};

Hasher::Hasher(DigestAlgorithm algorithm) : d(std::make_unique<Private>())
{
    d->md.reset(EVP_MD_fetch(nullptr, digestName(algorithm), nullptr));
    d->ctx.reset(EVP_MD_CTX_new());
    reset();
}

Hasher::~Hasher() = default;

void Hasher::reset()
{
    d->ok = d->md && d->ctx && EVP_DigestInit_ex2(d->ctx.get(), d->md.get(), nullptr) == 1;
}

Hasher &Hasher::add(QByteArrayView data)
{
    if (d->ok && !data.isEmpty())
        d->ok = EVP_DigestUpdate(d->ctx.get(), data.data(), std::size_t(data.size())) == 1;
    return *this;
}

QByteArray Hasher::result()
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    const bool ok = d->ok && EVP_DigestFinal_ex(d->ctx.get(), md, &len) == 1;
    d->ok = false;
    return ok ? QByteArray(reinterpret_cast<const char *>(md), qsizetype(len)) : QByteArray();
}

QByteArray digest(DigestAlgorithm algorithm, QByteArrayView data)
{
    Hasher h(algorithm);
    return h.add(data).result();
}

} // namespace tq
