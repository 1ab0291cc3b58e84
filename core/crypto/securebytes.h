#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <cstddef>

namespace tq {

/// A non-copyable owner of secret bytes (keys, PINs, tokens) that wipes its memory with
/// OPENSSL_cleanse when destroyed or reassigned. Movable. Not thread-safe.
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

    /// Overwrites a QByteArray's bytes in place (for secrets that had to pass through Qt types).
    static void wipe(QByteArray &bytes);
    static void wipe(QString &text);

private:
    unsigned char *m_data = nullptr;
    std::size_t m_size = 0;
};

} // namespace tq
