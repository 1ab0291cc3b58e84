#pragma once

#include <QStringList>

namespace tq::cli {

/// `tongqian-cli csr --key ID --subject "CN=...,O=...,C=CN" [--out FILE] [--der]`: a PKCS#10
/// request for a key in custody, signed inside custody (the PIN is read as for `key create`).
/// PEM on stdout or into FILE (DER with --der). Exit codes as for `key`.
int runCsr(const QStringList &arguments);

} // namespace tq::cli
