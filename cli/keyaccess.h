#pragma once

#include "core/common/taskjob.h"
#include "core/crypto/securebytes.h"
#include "core/crypto/x509.h"
#include "core/keys/keycustody.h"

#include <QCommandLineParser>
#include <QStringList>

#include <functional>
#include <memory>

namespace tq::cli {

/// Shared plumbing of the commands that use keys in custody (key, csr, sign): the data
/// directory, the PIN, the custody itself, running its jobs and reporting errors.
/// Main thread only.

/// Exit codes shared by these commands (see docs/cli.md).
enum ExitCode { ExitOk = 0, ExitFailure = 1, ExitUsage = 2, ExitPin = 3 };

/// Adds --data-dir and, if `withPin`, --pin-stdin, --pin-file and --pin-fd to `parser`.
void addKeyOptions(QCommandLineParser &parser, bool withPin);

/// Parses `arguments` for `command` ("key create", ...); on --help prints help and returns
/// ExitOk, on a usage error prints it and returns ExitUsage; otherwise returns -1.
int parseArguments(QCommandLineParser &parser, const char *command, const QStringList &arguments);

/// Reads the PIN from the fd, file or stdin chosen on the command line (stdin when none; no echo
/// on a terminal). Only the first line counts; the bytes never pass through a QString.
Result<SecureBytes> readPin(const QCommandLineParser &parser);

/// The custody of keys under --data-dir (default: the app's data directory), with the device
/// key in the OS keychain or owner-only files like the app. Owns its secret store.
std::unique_ptr<KeyCustody> openCustody(const QCommandLineParser &parser);

/// The PIN (read first, see readPin) and the custody, for commands that unlock or create keys.
struct PinAndCustody {
    SecureBytes pin;
    std::unique_ptr<KeyCustody> custody;
};
Result<PinAndCustody> openWithPin(const QCommandLineParser &parser);

/// Runs the application event loop: `start` is called once inside it and must eventually call
/// `finish(exitCode)`. Returns that exit code. Not re-entrant.
int runEventLoop(const std::function<void(std::function<void(int)> finish)> &start);

/// Starts `job` and calls `handler(Result<T>)` in this thread when it finishes.
template <typename T, typename Handler>
void whenFinished(TaskJob<T> *job, Handler handler)
{
    QObject::connect(job, &Job::finished, job, [job, handler = std::move(handler)](Job *) {
        if (job->hasError())
            handler(Result<T>(job->error()));
        else
            handler(Result<T>(std::move(job->result())));
    });
    job->start();
}

/// Prints "tongqian-cli COMMAND: MESSAGE" to stderr and returns ExitUsage.
int usageError(const char *command, const char *message);

/// Prints "tongqian-cli COMMAND: MESSAGE" to stderr and returns the exit code for `error`
/// (ExitPin for a wrong or invalid PIN, ExitFailure otherwise).
int reportError(const char *command, const Error &error);

/// Looks up key `id` in `custody` and calls `handler(Result<KeyInfo>)`; `not_found` if absent.
void findKey(KeyCustody &custody, const QString &id, std::function<void(Result<KeyInfo>)> handler);

/// Whole-file I/O for command inputs and outputs (an empty output path or "-" is stdout);
/// errors are ready to report.
Result<QByteArray> readInputFile(const QString &path);
Result<void> writeOutputFile(const QString &path, const QByteArray &data);
/// A PEM or DER certificate file.
Result<Certificate> readCertificateFile(const QString &path);

} // namespace tq::cli
