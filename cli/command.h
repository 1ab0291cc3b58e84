#pragma once

#include <QStringList>

namespace tq::cli {

/// A subcommand of tongqian-cli. `run` gets the arguments after the subcommand name,
/// writes its output to stdout and its diagnostics to stderr, and returns the exit code.
/// Runs on the main thread inside a QCoreApplication.
struct Command {
    const char *name;
    const char *summary;
    int (*run)(const QStringList &arguments);
};

} // namespace tq::cli
