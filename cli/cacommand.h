#pragma once

#include <QStringList>

namespace tq::cli {

/// `tongqian-cli ca fingerprint [--chain FILE | --server URL] [--ca-org CODE]`: the SHA-256
/// fingerprints of a CA institution's root and issuing certificates, from a saved answer of
/// `GET /api/v1/ca/{caOrg}/chain` or fetched from the server. The operator reads the root's
/// on the server's host and hands it to platforms out of band, to pin (docs/qr-protocol.md
/// §13.1). Exit 0, 1 on a failure, 2 on a usage error.
int runCa(const QStringList &arguments);

} // namespace tq::cli
