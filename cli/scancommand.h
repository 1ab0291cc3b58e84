#pragma once

#include <QStringList>

namespace tq::cli {

/// `tongqian-cli scan show|complete|reject|reports`: answers a trading platform's QR code
/// (given as text or as an image decoded like `decode`) with the device's certificates,
/// through the app's TransactionService. See docs/cli.md.
int runScan(const QStringList &arguments);

} // namespace tq::cli
