#pragma once

#include "core/crypto/securebytes.h"

#include <QDeadlineTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <map>
#include <optional>

namespace tq {

/// Remember-PIN: after a PIN has worked, it may be kept for a bounded time so the
/// next operations with the same certificate need no typing. Kept in memory only (SecureBytes,
/// wiped on expiry, on forget and on destruction), never written anywhere; off by default.
/// The time counts from when the PIN was typed and is not extended by using it.
///
/// Keys are caller-chosen names, e.g. a certificate pair id. GUI thread only.
class PinMemory : public QObject {
    Q_OBJECT
public:
    /// The longest a PIN may be kept.
    static constexpr std::chrono::minutes MaxLifetime{30};

    explicit PinMemory(QObject *parent = nullptr);
    ~PinMemory() override;

    /// How long a PIN is kept from now on; zero turns remembering off and forgets every PIN.
    /// Clamped to [0, MaxLifetime]. PINs already kept keep their deadline unless it is later
    /// than the new lifetime allows.
    void setLifetime(std::chrono::milliseconds lifetime);
    std::chrono::milliseconds lifetime() const { return m_lifetime; }
    bool isEnabled() const { return m_lifetime.count() > 0; }

    /// Keeps a copy of `pin` under `key` for lifetime(); does nothing when remembering is off.
    void remember(const QString &key, const SecureBytes &pin);
    /// A copy of the PIN kept under `key`, or nullopt when none is (or it expired).
    std::optional<SecureBytes> recall(const QString &key) const;
    /// Whole seconds until the PIN under `key` is forgotten; 0 when none is kept.
    int secondsLeft(const QString &key) const;
    void forget(const QString &key);
    void forgetAll();

Q_SIGNALS:
    /// A PIN was remembered or forgotten, or the lifetime changed.
    void changed();

private:
    struct Entry {
        SecureBytes pin;
        QDeadlineTimer deadline;
    };
    void expire();
    void schedule();

    std::chrono::milliseconds m_lifetime{0};
    std::map<QString, Entry> m_pins;
    QTimer m_timer;
};

} // namespace tq
