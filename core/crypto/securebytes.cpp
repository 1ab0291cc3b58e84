#include "core/crypto/securebytes.h"

#include "core/common/logging.h"

#include <QString>

#include <openssl/crypto.h>
#include <openssl/err.h>

#include <cstring>
#include <utility>

namespace tq {

namespace {

unsigned char *allocate(std::size_t size)
{
    if (size == 0)
        return nullptr;
    // The secure heap is small and fixed, and OpenSSL's own private keys need it too: only
    // key-sized secrets go there; larger buffers (e.g. a decrypted file) and any that do not fit
    // take ordinary memory. OPENSSL_secure_clear_free() frees either kind.
    void *p = nullptr;
    if (size <= SecureBytes::SecureHeapLimit && CRYPTO_secure_malloc_initialized()) {
        ERR_set_mark(); // a full heap is not an error anyone should find later
        p = OPENSSL_secure_zalloc(size);
        ERR_pop_to_mark();
    }
    return static_cast<unsigned char *>(p ? p : OPENSSL_zalloc(size));
}

} // namespace

SecureBytes::SecureBytes(std::size_t size) : m_data(allocate(size)), m_size(m_data ? size : 0)
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
        OPENSSL_secure_clear_free(m_data, m_size);
    m_data = nullptr;
    m_size = 0;
}

bool SecureBytes::isInSecureHeap() const
{
    return m_data && CRYPTO_secure_allocated(m_data);
}

bool SecureBytes::initSecureHeap(std::size_t bytes)
{
    if (CRYPTO_secure_malloc_initialized())
        return true;
    const int made = CRYPTO_secure_malloc_init(bytes, 32);
    if (made == 2)
        qCWarning(lcCoreCrypto) << "the secure heap could not be locked in RAM (RLIMIT_MEMLOCK); secrets may be swapped";
    return made != 0;
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
