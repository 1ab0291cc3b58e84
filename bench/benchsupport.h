#pragma once

// What the benches share: stopping with a message, and running a job to its end during
// set-up (never inside a timed phase; nothing of this belongs in app code).
#include "core/common/job.h"

#include <QCoreApplication>
#include <QEventLoop>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace tq::bench {

/// Prints "BENCH: WHAT WHY" to stderr and exits with 1.
[[noreturn]] inline void die(const char *what, const QString &why = {})
{
    std::fprintf(stderr, "%s: %s %s\n", qPrintable(QCoreApplication::applicationName()), what, qPrintable(why));
    std::exit(1);
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
