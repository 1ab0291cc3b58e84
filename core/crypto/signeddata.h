#pragma once

#include "core/common/error.h"
#include "core/crypto/digest.h"
#include "core/crypto/keypair.h"
#include "core/crypto/x509.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QList>

#include <functional>

namespace tq {

/// Detached signed-data messages: the signature, the signing certificate and signed attributes,
/// without the content itself.
///
/// Two encodings of the same ASN.1 (PKCS#7 v1.5 / RFC 5652 §5 SignedData with
/// issuerAndSerialNumber), chosen by the signer's key:
///
/// - RSA-2048 and ECDSA P-256: CMS/PKCS#7 (signedData 1.2.840.113549.1.7.2, data
///   1.2.840.113549.1.7.1), digest SHA-256, signature rsaEncryption (PKCS#1 v1.5) or
///   ecdsa-with-SHA256. Verifies with `openssl cms -verify -binary -content FILE`.
/// - SM2: GM/T 0010-2012 "SM2 cryptography message syntax" §8 SignedData (signedData
///   1.2.156.10197.6.1.4.2.2, data 1.2.156.10197.6.1.4.2.1), digest SM3 (1.2.156.10197.1.401),
///   signature sm2sign (1.2.156.10197.1.301.1) computed SM2-with-SM3 with the GM/T 0009 default ID
///   "1234567812345678". OpenSSL 3.0's CMS code cannot make this, so it is written as DER here.
///
/// ```
/// ContentInfo ::= SEQUENCE { contentType signedData, content [0] EXPLICIT SignedData }
/// SignedData ::= SEQUENCE {
///   version 1, digestAlgorithms SET { SM3 | SHA-256 },
///   contentInfo SEQUENCE { contentType data },                -- content absent: detached
///   certificates [0] IMPLICIT SET OF Certificate,             -- signer first in the input list
///   signerInfos SET { SignerInfo } }
/// SignerInfo ::= SEQUENCE {
///   version 1, issuerAndSerialNumber SEQUENCE { Name, INTEGER }, digestAlgorithm,
///   authenticatedAttributes [0] IMPLICIT SET OF Attribute,    -- contentType, messageDigest, signingTime
///   digestEncryptionAlgorithm, encryptedDigest OCTET STRING } -- signature over the attributes' DER SET
/// ```
///
/// Signing is split so private keys never enter the builder: prepare() gives the bytes to sign,
/// any signer (a KeyPair, key custody, later a two-party protocol) signs them, and
/// Draft::assemble() finishes the message after checking the signature against the certificate.
/// Chain and validity checks are the caller's (Certificate::isSignedBy, dates, key usage).
/// Free functions and value types; thread-safe.
namespace SignedData {

/// Signs `toBeSigned` exactly as KeyPair::sign does for the certificate's key algorithm
/// (SM2: SM2-with-SM3 and the default ID; P-256: ECDSA-SHA256, DER; RSA: PKCS#1 v1.5 SHA-256).
using Signer = std::function<Result<QByteArray>(QByteArrayView toBeSigned)>;

/// A message waiting for its signature. Plain copyable value.
class Draft {
public:
    /// The DER SET OF authenticated attributes the signer must sign.
    const QByteArray &toBeSigned() const { return m_toBeSigned; }
    /// The DER ContentInfo; fails with `crypto` if `signature` does not verify under the
    /// signing certificate's key.
    Result<QByteArray> assemble(QByteArrayView signature) const;

private:
    friend Result<Draft> prepareDigest(const Certificate &, QByteArrayView, const QList<Certificate> &,
                                       const QDateTime &);
    Certificate m_signer;
    QByteArray m_toBeSigned;
    QByteArray m_beforeSignature; ///< SignerInfo fields up to digestEncryptionAlgorithm
    QByteArray m_outerPrefix;     ///< SignedData fields up to certificates
};

/// The digest SignedData uses for a signer with `algorithm`: SM3 for SM2, SHA-256 otherwise.
DigestAlgorithm digestAlgorithmFor(KeyAlgorithm algorithm);

/// Starts a message over a precomputed `digest` of the content (see digestAlgorithmFor).
/// `chain` certificates are included after the signer's. `signingTime` defaults to now.
/// Fails with `crypto` for an unsupported certificate key or a digest of the wrong length.
Result<Draft> prepareDigest(const Certificate &signer, QByteArrayView digest, const QList<Certificate> &chain = {},
                            const QDateTime &signingTime = {});
/// As prepareDigest(), hashing `content` first.
Result<Draft> prepare(const Certificate &signer, QByteArrayView content, const QList<Certificate> &chain = {},
                      const QDateTime &signingTime = {});

/// prepare() + `sign` + assemble(): the DER of a detached message over `content`.
Result<QByteArray> signDetached(const Signer &sign, const Certificate &signer, QByteArrayView content,
                                const QList<Certificate> &chain = {});
/// As signDetached() over a precomputed digest.
Result<QByteArray> signDetachedDigest(const Signer &sign, const Certificate &signer, QByteArrayView digest,
                                      const QList<Certificate> &chain = {});
/// A Signer over `key`, which must outlive it.
Signer keySigner(const KeyPair &key);

/// Parses a detached message (CMS/PKCS#7 or GM/T 0010 OIDs, exactly one signer whose certificate
/// is included), checks its messageDigest against `content` and its signature (SM2 with the
/// default ID), and returns the signing certificate. Fails with `crypto` on any mismatch or
/// malformed input.
Result<Certificate> verifyDetached(QByteArrayView der, QByteArrayView content);
/// As verifyDetached() with a precomputed digest (see digestAlgorithmFor).
Result<Certificate> verifyDetachedDigest(QByteArrayView der, QByteArrayView digest);

} // namespace SignedData

} // namespace tq
