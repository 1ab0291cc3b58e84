#pragma once

#include <QStringList>

namespace tq::cli {

/// `tongqian-cli key create --alg sm2|p256|rsa2048`, `key list`, `key delete ID`: keys in the
/// PIN-protected local custody under --data-dir. `create` reads the PIN (see readPin) and prints
/// the new key as `ID ALGORITHM SHA256-FINGERPRINT`; `list` prints one such line per key.
/// Exit codes: 0 done, 1 failure, 2 usage error, 3 PIN rejected.
int runKey(const QStringList &arguments);

} // namespace tq::cli
