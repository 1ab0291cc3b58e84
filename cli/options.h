#pragma once

#include "core/common/error.h"
#include "core/crypto/keypair.h"
#include "core/keys/keycustody.h"

#include <QCommandLineParser>
#include <QStringList>

#include <initializer_list>
#include <optional>

namespace tq::cli {

/// The shape of a command line: actions, help and usage errors, and the options several
/// commands share (key algorithm, custody, a person). Main thread only.

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

/// The key algorithm of an --alg value: sm2, p256 or rsa2048 (or a keyAlgorithmName()).
std::optional<KeyAlgorithm> algorithmFromOption(const QString &name);

/// The custody of a --custody value: two-party or local; nullopt for anything else.
std::optional<CustodyKind> custodyFromOption(const QString &name);
/// The --custody option, with `fallback` ("two-party" or "local") as its default.
QCommandLineOption custodyOption(const char *fallback);

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

} // namespace tq::cli
