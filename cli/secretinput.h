#pragma once

#include "core/common/error.h"
#include "core/crypto/securebytes.h"

#include <QCommandLineParser>

namespace tq::cli {

/// Secrets (PIN, password) and confirmations read from the terminal, a file or a descriptor,
/// never from argv; the bytes never pass through a QString. Main thread only.

/// A secret read like the PIN, never from argv: `--OPTION-stdin`, `--OPTION-file FILE` or
/// `--OPTION-fd N`; on a terminal it prompts `Name: ` on stderr with echo off.
struct SecretKind {
    const char *option;    ///< "pin", "new-pin", "password"
    const char *name;      ///< "PIN", "new PIN", "password", as used in sentences
    const char *errorCode; ///< the Error code of a missing or unreadable secret
};
inline constexpr SecretKind PinSecret{"pin", "PIN", ErrorCode::InvalidPin};
inline constexpr SecretKind NewPinSecret{"new-pin", "New PIN", ErrorCode::InvalidPin};
inline constexpr SecretKind PasswordSecret{"password", "Password", "no_password"};

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

} // namespace tq::cli
