#pragma once

#include <QStringList>

namespace tq::cli {

/// `tongqian-cli account register|login|logout|show`: the account session the app keeps,
/// sealed in the data directory (see docs/cli.md).
int runAccount(const QStringList &arguments);

/// `tongqian-cli identity verify`: real-name verification of the logged-in account.
int runIdentity(const QStringList &arguments);

} // namespace tq::cli
