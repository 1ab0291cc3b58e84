#include "core/crypto/securebytes.h"

#include <QString>

#include <openssl/crypto.h>

#include <cstring>
#include <utility>

namespace tq {

SecureBytes::SecureBytes(std::size_t size)
    : m_data(size ? static_cast<unsigned char *>(OPENSSL_zalloc(size)) : nullptr), m_size(m_data ? size : 0)
{
}

SecureBytes::SecureBytes(const QByteArray &data) : SecureBytes(data.constData(), std::size_t(data.size())) {}

SecureBytes::SecureBytes(const char *data, std::size_t size) : SecureBytes(size)
{
    if (m_data)
        std::memcpy(m_data, data, size);
}

SecureBytes::~SecureBytes()
{
    clear();
}

SecureBytes::SecureBytes(SecureBytes &&other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0))
{
}

SecureBytes &SecureBytes::operator=(SecureBytes &&other) noexcept
{
    if (this != &other) {
        clear();
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

bool SecureBytes::equals(const SecureBytes &other) const
{
    if (m_size != other.m_size)
        return false;
    return m_size == 0 || CRYPTO_memcmp(m_data, other.m_data, m_size) == 0;
}

void SecureBytes::clear()
{
    if (m_data)
        OPENSSL_clear_free(m_data, m_size);
    m_data = nullptr;
    m_size = 0;
}

void SecureBytes::wipe(QByteArray &bytes)
{
    if (!bytes.isEmpty())
        OPENSSL_cleanse(bytes.data(), std::size_t(bytes.size()));
    bytes.clear();
}

void SecureBytes::wipe(QString &text)
{
    if (!text.isEmpty())
        OPENSSL_cleanse(text.data(), std::size_t(text.size()) * sizeof(QChar));
    text.clear();
}

} // namespace tq
