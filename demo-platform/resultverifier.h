#pragma once

#include "core/common/error.h"
#include "core/crypto/x509.h"
#include "core/protocol/scancontent.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <optional>

namespace tq::demo {

/// What the Tongqian server publishes for one CA institution: its issuing and root
/// certificates and the issuing CA's current revocation list.
struct TrustAnchors {
    Certificate issuing;
    Certificate root;
    Crl crl;
};

/// What the platform itself created and therefore expects a result to be bound to.
struct ExpectedResult {
    ScanContent content;
    QString platformCode;
    QString tId;
    QByteArray platformEncryptionKeyDer;      ///< decrypt: our registered SM2 key (SPKI DER)
    std::optional<Certificate> knownSigner;   ///< decrypt: results carry no pubCert, so the bidder's
                                              ///< certificate from the bid submission is used
};

/// A result that passed every check.
struct VerifiedResult {
    Certificate signer;
    QString caOrgType;
    std::optional<Certificate> encryptionCertificate; ///< encrypt
    QList<std::pair<QString, QByteArray>> decryptStrs; ///< decrypt: envelope key → SM2 ciphertext to us
};

/// The relying party's checks of one scan result (SPEC L2; docs/qr-protocol.md §7–§9): the
/// signing certificate chains to `anchors` (both links, validity dates at `now`), the CRL is
/// signed by the issuing CA, current and does not list the certificate; the binding statement
/// rebuilt from `expected` (only the server's challenge is taken from the result) equals the one
/// received and its signature verifies; every SignedData verifies over our content or digest and
/// was made by the same certificate; the encryption certificate (encrypt) chains the same way;
/// decrypt answers exactly our envelopes. `result` is the `data` of a callback or a poll's
/// `result`. Fails with `crypto` and a sentence naming the first failed check; `passed` (if
/// given) collects a line per passed check. Pure function; thread-safe.
Result<VerifiedResult> verifyResult(const ExpectedResult &expected, const QJsonObject &result,
                                    const TrustAnchors &anchors, const QDateTime &now, QStringList *passed = nullptr);

/// The CN of an RFC 2253 subject, or the whole subject when it has none.
QString commonName(const QString &subject);

} // namespace tq::demo
