#pragma once

#include "core/common/error.h"
#include "core/crypto/keypair.h"
#include "core/crypto/x509.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>

#include <utility>

namespace tq::server {

/// What goes into a certificate. Extensions use OpenSSL's configuration syntax, in order, e.g.
/// {NID_basic_constraints, "critical,CA:TRUE"}; SKI/AKI/CRL DP are resolved against the subject
/// key and the issuer certificate.
struct CertificateSpec {
    NameEntries subject;
    QByteArray subjectPublicKeyDer; ///< SubjectPublicKeyInfo
    QByteArray serial;              ///< big-endian, positive
    QDateTime notBefore;
    QDateTime notAfter;
    QList<std::pair<int, QByteArray>> extensions;
};

/// A revoked certificate as a CRL entry.
struct RevokedEntry {
    QByteArray serial;
    QDateTime revokedAt;
    int reason = 0; ///< RFC 5280 CRLReason
};

/// Builds and signs X.509 v3 certificates and v2 CRLs with OpenSSL. SM2 issuers sign
/// SM2-with-SM3 with the default SM2 ID (GM/T 0009). Free functions, thread-safe.
namespace X509Builder {
/// 16 random bytes with the top bit clear: a positive serial of full length.
QByteArray randomSerial();
/// Signs `spec` with `issuerKey`; `issuerDer` empty means self-signed (the subject is the issuer).
Result<QByteArray> certificate(const CertificateSpec &spec, const KeyPair &issuerKey, const QByteArray &issuerDer);
/// A CRL over `revoked` with CRL number `number` and an AKI, signed by the issuer.
Result<QByteArray> crl(const QByteArray &issuerDer, const KeyPair &issuerKey, qint64 number,
                       const QDateTime &thisUpdate, const QDateTime &nextUpdate, const QList<RevokedEntry> &revoked);
} // namespace X509Builder

} // namespace tq::server
