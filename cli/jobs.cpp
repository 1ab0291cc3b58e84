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

} // namespace tq::cli
