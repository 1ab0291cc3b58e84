#pragma once

#include "core/common/error.h"

namespace tq::cli {

/// How tongqian-cli ends: exit codes and the one sentence on stderr. Main thread only.

/// Exit codes shared by the commands (see docs/cli.md).
enum ExitCode { ExitOk = 0, ExitFailure = 1, ExitUsage = 2, ExitPin = 3 };

/// Error code of a usage error found after parsing (reportError() exits with ExitUsage).
inline constexpr char UsageErrorCode[] = "usage";

/// Prints "tongqian-cli COMMAND: MESSAGE" to stderr and returns ExitUsage.
int usageError(const char *command, const char *message);

/// Prints "tongqian-cli COMMAND: SENTENCE" to stderr and returns the exit code for `error`
/// (ExitPin for a wrong or invalid PIN, ExitUsage for UsageErrorCode, ExitFailure otherwise).
/// Server and network errors are told with the app's sentences (tq::userMessage).
int reportError(const char *command, const Error &error);

} // namespace tq::cli
