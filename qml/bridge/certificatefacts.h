#pragma once

#include "core/certificates/certificateservice.h"

#include <QCoreApplication>
#include <QVariantMap>

namespace tq {

/// What the certificate pages show about one installed certificate, as display-ready values:
/// id, pairId, caOrg, usage ("signing"/"encryption") and usageText, status ("valid", "expired",
/// "revoked" at `now`) and statusText, commonName, subject, serial, issuer (its common name),
/// issuerSubject, notBefore, notAfter, validity (display strings), fingerprint (SHA-256, colon
/// hex), keyUsage (translated names), algorithm. Shared by the list and the detail view models.
QVariantMap certificateFacts(const CertificateRecord &record, const QDateTime &now);

/// The CN of an RFC 2253 name ("CN=Zhang San,O=…" → "Zhang San"); the whole name if it has none.
QString commonNameOf(const QString &rfc2253);

/// Translation context of the certificate facts.
class CertificateText {
    Q_DECLARE_TR_FUNCTIONS(CertificateText)
};

} // namespace tq
