#pragma once

#include <QStringList>

namespace tq::cli {

/// `tongqian-cli verify --cert CERT --in FILE (--raw SIG | --cms SIG) [--ca CA]`: checks a raw
/// signature or a detached SignedData over FILE against CERT (a SignedData must be signed by
/// CERT); with --ca also that CA issued CERT and CERT is within its validity dates. Prints
/// "Verified OK" and exits 0, or explains on stderr and exits 1 (2 on a usage error).
int runVerify(const QStringList &arguments);

} // namespace tq::cli
