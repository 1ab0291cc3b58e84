#include "cli/jobs.h"

#include "cli/errors.h"

#include <QCoreApplication>
#include <QThreadPool>
#include <QTimer>

namespace tq::cli {

int runEventLoop(const std::function<void(std::function<void(int)> finish)> &start)
{
    int exitCode = ExitFailure;
    // Started from inside exec(), so finish() always has a running loop to end.
    QTimer::singleShot(0, QCoreApplication::instance(), [&] {
        start([&exitCode](int code) {
            exitCode = code;
            QCoreApplication::exit(code);
        });
    });
    QCoreApplication::exec();
    // Clean-up the core started on its workers (e.g. a failed application's keys) must end.
    QThreadPool::globalInstance()->waitForDone();
    return exitCode;
}

void whenDone(Job *job, std::function<void(const Result<void> &)> handler)
{
    // Some jobs fail before they are returned (nothing to do); their finished() has been sent.
    if (job->isFinished()) {
        const Error error = job->error();
        QTimer::singleShot(0, QCoreApplication::instance(), [error, handler = std::move(handler)] {
            handler(error.isNull() ? Result<void>() : Result<void>(error));
        });
        return;
    }
    QObject::connect(job, &Job::finished, job, [handler = std::move(handler)](Job *done) {
        handler(done->hasError() ? Result<void>(done->error()) : Result<void>());
    });
    job->start();
}

} // namespace tq::cli
