#include "core/crypto/random.h"

#include <QString>

#include <openssl/rand.h>

#include <cstdlib>

namespace tq {

namespace {
Random::Source &testSource()
{
    static Random::Source source;
    return source;
}
} // namespace

QByteArray Random::bytes(qsizetype size)
{
    if (testSource())
        return testSource()(size);
    QByteArray out(size, Qt::Uninitialized);
    if (size > 0 && RAND_bytes(reinterpret_cast<unsigned char *>(out.data()), int(size)) != 1)
        std::abort(); // continuing with predictable bytes would be worse than stopping
    return out;
}

QByteArray Random::privateBytes(qsizetype size)
{
    if (testSource())
        return testSource()(size);
    QByteArray out(size, Qt::Uninitialized);
    if (size > 0 && RAND_priv_bytes(reinterpret_cast<unsigned char *>(out.data()), int(size)) != 1)
        std::abort();
    return out;
}

QString Random::token(qsizetype size)
{
    return QString::fromLatin1(bytes(size).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString Random::digits(int length)
{
    QString out;
    out.reserve(length);
    while (out.size() < length) {
        const auto b = static_cast<unsigned char>(bytes(1).at(0));
        if (b < 250) // rejection sampling keeps the digits uniform
            out.append(QChar(u'0' + b % 10));
    }
    return out;
}

void Random::setSourceForTesting(Source source)
{
    testSource() = std::move(source);
}

} // namespace tq
