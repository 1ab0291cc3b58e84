#pragma once

#include "core/crypto/securebytes.h"

#include <QString>

namespace tq {

/// A certificate PIN typed into a form: moved into SecureBytes as soon as it arrives from QML,
/// the transient Qt copies wiped. Checked against the default PinPolicy.
class PinEntry {
public:
    /// Takes `text` over and wipes it.
    void set(QString text);
    const SecureBytes &value() const { return m_pin; }
    bool isEmpty() const { return m_pin.isEmpty(); }
    /// A translated sentence when the PIN does not meet the policy, else empty.
    QString problem() const;
    bool matches(const PinEntry &other) const { return m_pin.equals(other.m_pin); }
    void clear() { m_pin.clear(); }

private:
    SecureBytes m_pin;
};

} // namespace tq
