#pragma once

#include "core/common/error.h"

#include <QString>

namespace tq::cli {

/// How tongqian-cli ends: exit codes and the one sentence on stderr. Main thread only.

/// Exit codes shared by the commands (see docs/cli.md).
enum ExitCode { ExitOk = 0, ExitFailure = 1, ExitUsage = 2, ExitPin = 3 };

/// Error code of a usage error found after parsing (reportError() exits with ExitUsage).
inline constexpr char UsageErrorCode[] = "usage";
/// Error codes of a problem the CLI finds itself with what it was given: a file, a key or
/// certificate ID, a login it needs, a secret it cannot read (reportError() exits with
/// ExitFailure, or ExitPin for CliPinErrorCode). Unlike the errors of the services and the
/// server, whose `message` is developer detail, these codes carry the CLI's own English
/// sentence for the person at the terminal in `message` (the CLI is not translated).
inline constexpr char CliErrorCode[] = "cli";
inline constexpr char CliPinErrorCode[] = "cli_pin";
/// A command needs a login and this device has none (a CliErrorCode-like sentence).
inline constexpr char NotLoggedInErrorCode[] = "not_logged_in";

/// Prints "tongqian-cli COMMAND: MESSAGE" to stderr and returns ExitUsage.
int usageError(const char *command, const char *message);

/// What the person at the terminal reads for `error`: the CLI's own sentence for its own codes
/// (usage, cli, cli_pin, not_logged_in), else the app's sentence (tq::userMessage()); never the
/// developer detail of other errors.
QString errorSentence(const Error &error);

/// Prints "tongqian-cli COMMAND: SENTENCE" (errorSentence()) to stderr and returns the exit code
/// for `error` (ExitPin for a wrong, invalid or unreadable PIN, ExitUsage for UsageErrorCode,
/// ExitFailure otherwise).
int reportError(const char *command, const Error &error);

} // namespace tq::cli
