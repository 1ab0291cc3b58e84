#pragma once

#include <QStringList>

namespace tq::cli {

/// `tongqian-cli cert apply|list|show|export|revoke|change-pin`: the certificates installed on
/// this device, through the app's CertificateService (see docs/cli.md).
int runCert(const QStringList &arguments);

} // namespace tq::cli
