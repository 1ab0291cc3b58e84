#pragma once

#include "core/common/error.h"
#include "core/crypto/x509.h"
#include "core/protocol/scancontent.h"

#include <QByteArrayView>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <optional>
#include <utility>

namespace tq {

/// The one verifier of scan results (docs/qr-protocol.md §12), used by the server when a device
/// submits a result and by a relying party (the demo platform, an integrator) when the result
/// reaches it. Every check is a pure function of its arguments: no I/O, no clock of its own, no
/// state but a per-thread cache of parsed public keys. Thread-safe.
///
/// Failures are tq::Error values with the scan protocol's codes:
/// - `binding_mismatch`: the binding statement does not cover this transaction, or its signature
///   does not verify under the signing certificate;
/// - `invalid_signature` (details.key: the item or envelope, empty for the list as a whole): an
///   item signature or a decrypt answer is missing, extra, malformed, over other content or made
///   by another certificate;
/// - `certificate_unusable` (details.reason: `untrusted`, `expired`, `revoked`, `stale_crl`,
///   `other_certificate`, `no_encryption_certificate`): a certificate does not chain to the
///   published CA, is outside its validity, is revoked, or is not the one the transaction names;
/// - `invalid_request` (details.field): the result lacks a field or a field is malformed.
/// The message names the first failed check in English, for logs and integrators.

/// What the CA institution publishes: its issuing and root certificates (`GET /ca/{caOrg}/chain`)
/// and the issuing CA's current revocation list (`GET /ca/{caOrg}/crl`).
struct TrustAnchors {
    Certificate issuing;
    Certificate root;
    Crl crl;
};

/// The transaction a result must answer, as its creator stored it.
struct ExpectedResult {
    ScanContent content;
    QString platformCode;
    QString tId;
    QByteArray platformEncryptionKeyDer;    ///< decrypt: the platform's registered SM2 key (SPKI DER)
    std::optional<Certificate> knownSigner; ///< if set, the result must be signed by this certificate
                                            ///< (e.g. decrypt: the one of the earlier encrypt step)
                                            ///< instead of whichever its pubCert names
};

/// A result that passed every check of verifyResult().
struct VerifiedResult {
    Certificate signer;
    QString caOrgType;
    std::optional<Certificate> encryptionCertificate;  ///< encrypt
    QList<std::pair<QString, QByteArray>> decryptStrs; ///< decrypt: envelope key → SM2 ciphertext, in envelope order
};

namespace verify {

/// The binding statement rebuilt from `expected` with the server's `challenge` and the signer's
/// serial, after checking that `signature` verifies over it under `signer`'s key. If the result
/// carried the statement itself (`received`), it must equal the rebuilt one byte for byte.
Result<QByteArray> binding(const ExpectedResult &expected, const Certificate &signer, const QString &challenge,
                           QByteArrayView signature, const std::optional<QByteArray> &received = std::nullopt);

/// Exactly one detached SignedData per item of `content` (item key → DER), each verifying over
/// the item's content or digest, made by `signer`, with the digest algorithm of `signer`'s key.
/// `passed` (if given) gets one line per verified item.
Result<void> itemSignatures(const ScanContent &content, const Certificate &signer,
                            const QHash<QString, QByteArray> &signatures, QStringList *passed = nullptr);

/// Exactly one SM2 ciphertext per envelope of `content` (envelope key → DER), each envelope made
/// for the encryption certificate `encCertSn` of the CA institution `caOrg`. The answers in
/// envelope order.
Result<QList<std::pair<QString, QByteArray>>> decryptAnswers(const ScanContent &content, const QString &encCertSn,
                                                             const QString &caOrg,
                                                             const QHash<QString, QByteArray> &answers);

/// `certificate` chains to `anchors` (issuing CA, self-signed root), it and both CA
/// certificates are valid at `now`, and the CRL is signed by the issuing CA, current at `now`
/// and does not list it. `role` names the certificate in messages ("signing", "encryption").
Result<void> certificateTrust(const Certificate &certificate, const char *role, const TrustAnchors &anchors,
                              const QDateTime &now, QStringList *passed = nullptr);

} // namespace verify

/// The relying party's full check of one result as the server delivers it (`data` of a
/// callback, `result` of a poll): certSn names the signing certificate (`pubCert`, or
/// `expected.knownSigner`), which passes verify::certificateTrust(); verify::binding() over the
/// received `binding`; verify::itemSignatures() over `signatureValueList`; for encrypt, the
/// encryption certificate (`encPubCert`, named by `encCertSn`) is an SM2 certificate of the same
/// subject that passes certificateTrust(); for decrypt, verify::decryptAnswers() over
/// `decryptList`. `passed` (if given) is cleared and collects a line per passed check, for
/// display; after a failure it holds the checks that passed before it.
Result<VerifiedResult> verifyResult(const ExpectedResult &expected, const QJsonObject &result,
                                    const TrustAnchors &anchors, const QDateTime &now, QStringList *passed = nullptr);

} // namespace tq
