#pragma once

#include <QDateTime>

namespace tq {

/// The one source of wall-clock time for rules with deadlines (SMS expiry, lock-outs,
/// token lifetimes). Tests shift it with advanceForTesting() instead of sleeping.
/// Thread-safe.
class Clock {
public:
    /// Current UTC time plus any test offset.
    static QDateTime now();
    static qint64 nowSecs() { return now().toSecsSinceEpoch(); }
    /// Moves the clock forward by `seconds` (tests only).
    static void advanceForTesting(qint64 seconds);
    static void resetForTesting();
};

} // namespace tq
