#include "core/keys/pinmemory.h"

#include <algorithm>
#include <limits>

namespace tq {

PinMemory::PinMemory(QObject *parent) : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::CoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, &PinMemory::expire);
}

PinMemory::~PinMemory() = default;

void PinMemory::setLifetime(std::chrono::milliseconds lifetime)
{
    lifetime = std::clamp<std::chrono::milliseconds>(lifetime, std::chrono::milliseconds(0), MaxLifetime);
    if (lifetime == m_lifetime)
        return;
    m_lifetime = lifetime;
    if (!isEnabled())
        return forgetAll();
    // A shorter lifetime must also bound the PINs already kept: the user asked for less.
    const QDeadlineTimer latest(m_lifetime);
    for (auto &[key, entry] : m_pins) {
        if (latest < entry.deadline)
            entry.deadline = latest;
    }
    schedule();
    Q_EMIT changed();
}

void PinMemory::remember(const QString &key, const SecureBytes &pin)
{
    if (!isEnabled() || pin.isEmpty())
        return;
    m_pins.insert_or_assign(key, Entry{pin.copy(), QDeadlineTimer(m_lifetime)});
    schedule();
    Q_EMIT changed();
}

std::optional<SecureBytes> PinMemory::recall(const QString &key) const
{
    const auto it = m_pins.find(key);
    if (it == m_pins.end() || it->second.deadline.hasExpired())
        return std::nullopt;
    return it->second.pin.copy();
}

int PinMemory::secondsLeft(const QString &key) const
{
    const auto it = m_pins.find(key);
    if (it == m_pins.end() || it->second.deadline.hasExpired())
        return 0;
    // Rounded up, so "1 second left" is shown until the PIN is really gone.
    return int((it->second.deadline.remainingTime() + 999) / 1000);
}

void PinMemory::forget(const QString &key)
{
    if (m_pins.erase(key) > 0) {
        schedule();
        Q_EMIT changed();
    }
}

void PinMemory::forgetAll()
{
    if (m_pins.empty())
        return;
    m_pins.clear();
    m_timer.stop();
    Q_EMIT changed();
}

void PinMemory::expire()
{
    const bool removed = std::erase_if(m_pins, [](const auto &item) { return item.second.deadline.hasExpired(); }) > 0;
    schedule();
    if (removed)
        Q_EMIT changed();
}

void PinMemory::schedule()
{
    if (m_pins.empty()) {
        m_timer.stop();
        return;
    }
    qint64 soonest = std::numeric_limits<qint64>::max();
    for (const auto &[key, entry] : m_pins)
        soonest = std::min(soonest, entry.deadline.remainingTime());
    m_timer.start(int(std::max<qint64>(soonest, 0)));
}

} // namespace tq
