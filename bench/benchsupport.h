#pragma once

// What the benches share: stopping with a message, and running a job to its end during
// set-up (never inside a timed phase; nothing of this belongs in app code).
#include "core/common/job.h"

#include <QCoreApplication>
#include <QEventLoop>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <memory>

namespace tq::bench {

/// Prints "BENCH: WHAT WHY" to stderr and exits with 1.
[[noreturn]] inline void die(const char *what, const QString &why = {})
{
    std::fprintf(stderr, "%s: %s %s\n", qPrintable(QCoreApplication::applicationName()), what, qPrintable(why));
    std::exit(1);
}

/// How many operations ran in how many CPU seconds.
struct Rate {
    int operations = 0;
    double seconds = 0;
    double perSecond() const { return seconds > 0 ? operations / seconds : 0; }
};

/// Process CPU time in ns (all threads), like `openssl speed` without -elapsed: the machine is
/// shared and wall time swings with other people's load.
inline qint64 cpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

/// CPU time of the calling thread in ns.
inline qint64 threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

/// Repeats `operation` for `seconds` of CPU time; dies if it fails once.
inline Rate measure(double seconds, const std::function<bool()> &operation)
{
    const qint64 start = cpuNs();
    Rate rate;
    do {
        if (!operation())
            die("operation failed");
        ++rate.operations;
    } while (cpuNs() - start < qint64(seconds * 1e9));
    rate.seconds = double(cpuNs() - start) / 1e9;
    return rate;
}

/// Runs `job` to its end in a nested event loop (servers in this thread answer meanwhile) and
/// hands it back for its result; dies with `what` if it failed.
template <typename J>
std::unique_ptr<J> finished(J *job, const char *what)
{
    job->setAutoDelete(false);
    std::unique_ptr<J> owned(job);
    if (!job->isFinished()) {
        QEventLoop loop;
        QObject::connect(job, &Job::finished, &loop, &QEventLoop::quit);
        job->start();
        if (!job->isFinished())
            loop.exec();
    }
    if (job->hasError())
        die(what, job->error().code + u' ' + job->error().message);
    return owned;
}

} // namespace tq::bench
