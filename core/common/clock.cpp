#include "core/common/clock.h"

#include <atomic>

namespace tq {

namespace {
std::atomic<qint64> g_offsetSecs{0};
}

QDateTime Clock::now()
{
    return QDateTime::currentDateTimeUtc().addSecs(g_offsetSecs.load());
}

void Clock::advanceForTesting(qint64 seconds)
{
    g_offsetSecs += seconds;
}

void Clock::resetForTesting()
{
    g_offsetSecs = 0;
}

} // namespace tq
