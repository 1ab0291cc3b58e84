#pragma once

#include "core/certificates/certificateservice.h"

#include <QDateTime>
#include <QStringList>

namespace tq::cli {

/// `tongqian-cli cert apply|list|show|export|revoke|change-pin`: the certificates installed on
/// this device, through the app's CertificateService (see docs/cli.md).
int runCert(const QStringList &arguments);

/// One line per certificate, as `cert list` prints it: ID USAGE STATUS SERIAL NOT_AFTER SUBJECT.
QString certificateLine(const CertificateRecord &record, const QDateTime &now);

} // namespace tq::cli
