#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <cstddef>

namespace tq {

/// A non-copyable owner of secret bytes (keys, PINs, tokens) that wipes its memory with
/// OPENSSL_cleanse when destroyed or reassigned. The bytes live in OpenSSL's secure heap when
/// initSecureHeap() has set one up (locked in RAM, so never swapped, and left out of core
/// dumps) and they are at most SecureHeapLimit bytes, else — or when it is full — in ordinary
/// memory. Movable. Not thread-safe.
class SecureBytes {
public:
    SecureBytes() = default;
    explicit SecureBytes(std::size_t size);
    /// Takes a copy of `data`; the caller should wipe its own copy (see wipe()).
    explicit SecureBytes(const QByteArray &data);
    SecureBytes(const char *data, std::size_t size);
    ~SecureBytes();

    SecureBytes(const SecureBytes &) = delete;
    SecureBytes &operator=(const SecureBytes &) = delete;
    SecureBytes(SecureBytes &&other) noexcept;
    SecureBytes &operator=(SecureBytes &&other) noexcept;

    unsigned char *data() { return m_data; }
    const unsigned char *data() const { return m_data; }
    const char *constData() const { return reinterpret_cast<const char *>(m_data); }
    /// A view of the bytes, valid while this object lives and is not modified.
    QByteArrayView view() const { return QByteArrayView(constData(), qsizetype(m_size)); }
    std::size_t size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    /// An explicit deep copy (the type is deliberately not copyable by accident).
    SecureBytes copy() const { return SecureBytes(constData(), m_size); }
    /// Constant-time comparison.
    bool equals(const SecureBytes &other) const;
    void clear();

    /// Secrets up to this size go to the secure heap; larger ones to ordinary memory.
    static constexpr std::size_t SecureHeapLimit = 4096;

    /// Whether the bytes are in the secure heap (false when empty).
    bool isInSecureHeap() const;

    /// Sets up OpenSSL's secure heap of `bytes` (a power of two) for SecureBytes and for
    /// OpenSSL's own private keys. Call once at program start, before other threads use OpenSSL.
    /// False when the heap could not be made at all; a heap that could not be locked in RAM
    /// (RLIMIT_MEMLOCK) still works and is logged.
    static bool initSecureHeap(std::size_t bytes = std::size_t(1) << 20);

    /// Overwrites a QByteArray's bytes in place (for secrets that had to pass through Qt types).
    static void wipe(QByteArray &bytes);
    static void wipe(QString &text);

private:
    unsigned char *m_data = nullptr;
    std::size_t m_size = 0;
};

} // namespace tq
