#pragma once

#include "core/certificates/certificateservice.h"
#include "core/common/job.h"
#include "core/common/taskjob.h"
#include "core/crypto/securebytes.h"
#include "core/crypto/x509.h"
#include "core/device/deviceprofile.h"
#include "core/keys/keycustody.h"

#include <QCommandLineParser>
#include <QStringList>

#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>

namespace tq::cli {

/// Shared plumbing of the commands: the device profile (data directory, server), secrets read
/// from the terminal, files or descriptors, running core jobs and reporting errors.
/// Main thread only.

/// Exit codes shared by the commands (see docs/cli.md).
enum ExitCode { ExitOk = 0, ExitFailure = 1, ExitUsage = 2, ExitPin = 3 };

/// Error code of a usage error found after parsing (reportError() exits with ExitUsage).
inline constexpr char UsageErrorCode[] = "usage";
/// Error codes of a problem the CLI finds itself with what it was given: a file, a key or
/// certificate ID, a login it needs, a secret it cannot read (reportError() exits with
/// ExitFailure, or ExitPin for CliPinErrorCode). Unlike the errors of the services and the
/// server, whose `message` is developer detail, these three codes carry the CLI's own English
/// sentence for the person at the terminal in `message` (the CLI is not translated).
inline constexpr char CliErrorCode[] = "cli";
inline constexpr char CliPinErrorCode[] = "cli_pin";

/// A secret read like the PIN, never from argv: `--OPTION-stdin`, `--OPTION-file FILE` or
/// `--OPTION-fd N`; on a terminal it prompts `Name: ` on stderr with echo off.
struct SecretKind {
    const char *option;    ///< "pin", "new-pin", "password"
    const char *name;      ///< "PIN", "new PIN", "password", as used in sentences
    const char *errorCode; ///< the Error code of a missing or unreadable secret
};
inline constexpr SecretKind PinSecret{"pin", "PIN", CliPinErrorCode};
inline constexpr SecretKind NewPinSecret{"new-pin", "New PIN", CliPinErrorCode};
inline constexpr SecretKind PasswordSecret{"password", "Password", CliErrorCode};

/// Whether a secret being set is asked twice (only ever on a terminal; files and descriptors
/// give it once).
enum class Repeat { Once, OnTerminal };

/// Adds the options of `kind` to `parser`.
void addSecretOptions(QCommandLineParser &parser, const SecretKind &kind);
/// Reads the secret from the fd, file or stdin chosen on the command line (stdin when none).
/// Only the first line counts, so several secrets can follow each other on stdin; the bytes
/// never pass through a QString.
Result<SecureBytes> readSecret(const QCommandLineParser &parser, const SecretKind &kind, Repeat repeat = Repeat::Once);
/// readSecret() for the PIN.
Result<SecureBytes> readPin(const QCommandLineParser &parser, Repeat repeat = Repeat::Once);
/// Asks `question` on stderr and reads the answer from a line of stdin; only y or yes is yes.
bool askYesNo(const QString &question);
/// Whether readSecret() would prompt on a terminal (no file given; the descriptor or stdin is a tty).
bool secretFromTerminal(const QCommandLineParser &parser, const SecretKind &kind);

/// The key algorithm of an --alg value: sm2, p256 or rsa2048 (or a keyAlgorithmName()).
std::optional<KeyAlgorithm> algorithmFromOption(const QString &name);

/// The custody of a --custody value: two-party or local; nullopt for anything else.
std::optional<CustodyKind> custodyFromOption(const QString &name);
/// The --custody option, with `fallback` ("two-party" or "local") as its default.
QCommandLineOption custodyOption(const char *fallback);

/// Adds --data-dir and, if `withPin`, the PIN options to `parser`.
void addKeyOptions(QCommandLineParser &parser, bool withPin);
/// Adds --server URL (default: $TONGQIAN_SERVER).
void addServerOption(QCommandLineParser &parser);

/// One action of a command with actions ("key create", "cert list", ...).
struct Action {
    const char *name;
    const char *synopsis; ///< e.g. "list [--all] [--json]   List the certificates"
    int (*run)(const QStringList &arguments);
};
/// Runs the action named by the first argument; prints the actions' synopses on --help (ExitOk)
/// or for an unknown action (ExitUsage).
int runAction(const char *command, std::initializer_list<Action> actions, const QStringList &arguments);

/// Parses `arguments` for `command` ("key create", ...); on --help prints help and returns
/// ExitOk, on a usage error prints it and returns ExitUsage; otherwise returns -1.
int parseArguments(QCommandLineParser &parser, const char *command, const QStringList &arguments);

/// Whether a command talks to the server (then --server or $TONGQIAN_SERVER is required).
enum class Server { NotNeeded, Needed };

/// The app's device data under --data-dir (default: the app's data directory) and its client
/// services over --server. Fails with UsageErrorCode when a needed server URL is missing.
Result<std::unique_ptr<DeviceProfile>> openProfile(const QCommandLineParser &parser,
                                                   Server server = Server::NotNeeded);

/// The PIN (read first, see readPin) and the profile, for commands that unlock or create keys.
struct PinAndProfile {
    SecureBytes pin;
    std::unique_ptr<DeviceProfile> profile;
};
Result<PinAndProfile> openWithPin(const QCommandLineParser &parser, Server server = Server::NotNeeded,
                                  Repeat repeat = Repeat::Once);

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

/// Restores the session stored in `profile` and calls `handler`; fails with a sentence saying
/// to log in when there is none.
void whenLoggedIn(DeviceProfile &profile, std::function<void(const Result<void> &)> handler);

/// Prints "tongqian-cli COMMAND: MESSAGE" to stderr and returns ExitUsage.
int usageError(const char *command, const char *message);

/// What the person at the terminal reads for `error`: the CLI's own sentence for UsageErrorCode,
/// CliErrorCode and CliPinErrorCode, else the app's translated sentence (tq::userMessage());
/// never the developer detail of other errors.
QString errorSentence(const Error &error);

/// Prints "tongqian-cli COMMAND: SENTENCE" (errorSentence()) to stderr and returns the exit code
/// for `error` (ExitPin for a wrong, invalid or unreadable PIN, ExitUsage for UsageErrorCode,
/// ExitFailure otherwise).
int reportError(const char *command, const Error &error);

/// Calls `handler` once the key `keyId` can be used: at once for a local key; for a two-party
/// key after the session is restored (the server is needed).
void whenKeyUsable(DeviceProfile &profile, const QString &keyId, std::function<void(const Result<void> &)> handler);
/// Looks up key `id` in `custody` and calls `handler(Result<KeyInfo>)`; `not_found` if absent.
void findKey(DeviceProfile &profile, const QString &id, std::function<void(Result<KeyInfo>)> handler);

/// The --name and --id-number options of a person (real-name verification, unlocking a key).
struct PersonOptions {
    QCommandLineOption name;
    QCommandLineOption idNumber;
};
/// Adds them to `parser`; `whose` ends their help ("as on the ID card", "of the account holder").
PersonOptions addPersonOptions(QCommandLineParser &parser, const QString &whose);
/// The person they name, trimmed and checked against the input rules before anything is sent;
/// a usage error (UsageErrorCode) naming what is missing or wrong otherwise.
Result<IdentityProof> personFromOptions(const QCommandLineParser &parser, const PersonOptions &options);

/// One line per certificate, as `cert list` prints it: ID USAGE STATUS SERIAL NOT_AFTER SUBJECT.
QString certificateLine(const CertificateRecord &record, const QDateTime &now);

/// The installed certificate `id`; `certificate_not_found` with a sentence for the CLI if absent.
Result<CertificateRecord> installedCertificate(const DeviceProfile &profile, const QString &id);

/// Whole-file I/O for command inputs and outputs (an empty output path or "-" is stdout);
/// errors are ready to report.
Result<QByteArray> readInputFile(const QString &path);
Result<void> writeOutputFile(const QString &path, const QByteArray &data);
/// A PEM or DER certificate file.
Result<Certificate> readCertificateFile(const QString &path);

} // namespace tq::cli
