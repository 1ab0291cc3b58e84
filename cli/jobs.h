#pragma once

#include "core/common/error.h"
#include "core/common/job.h"

#include <QObject>

#include <functional>

namespace tq::cli {

/// Running core jobs from a command: the event loop and completion handlers. Main thread only.

/// Runs the application event loop: `start` is called once inside it and must eventually call
/// `finish(exitCode)`. Returns that exit code after background work has ended. Not re-entrant.
int runEventLoop(const std::function<void(std::function<void(int)> finish)> &start);

/// Starts `job` (a TaskJob<T> or ComposedValueJob<T>) and calls `handler(Result<T>)` in this
/// thread when it finishes.
template <template <typename> class JobType, typename T, typename Handler>
void whenFinished(JobType<T> *job, Handler handler)
{
    QObject::connect(job, &Job::finished, job, [job, handler = std::move(handler)](Job *) {
        if (job->hasError())
            handler(Result<T>(job->error()));
        else
            handler(Result<T>(std::move(job->result())));
    });
    job->start();
}

/// Starts `job` (if not yet) and calls `handler(Result<void>)` in this thread when it finishes.
void whenDone(Job *job, std::function<void(const Result<void> &)> handler);

} // namespace tq::cli
