#pragma once

#include "core/common/error.h"
#include "core/crypto/keypair.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace tq {

/// A distinguished name as ordered (field, value) pairs with OpenSSL short names, e.g.
/// {"C","CN"}, {"O","某公司"}, {"CN","张三"}. Values are UTF-8.
using NameEntries = QList<std::pair<QString, QString>>;

/// PKCS#10 certificate requests. SM2 requests are signed SM2-with-SM3 using the SM2 ID.
/// Free functions, thread-safe.
namespace Csr {
/// What a verified request proves: this subject asked for this public key and holds its private key.
struct Info {
    QString subject; ///< RFC 2253 one-line form, UTF-8
    QByteArray publicKeyDer;
    KeyAlgorithm algorithm = KeyAlgorithm::Sm2;
};

/// A DER request for `key` with `subject`; fails with `crypto` for an unknown field name.
Result<QByteArray> create(const KeyPair &key, const NameEntries &subject, QByteArrayView sm2Id = Sm2DefaultId);

/// A request whose signature is made elsewhere (key custody, a two-party protocol): the key
/// never enters this code. Plain copyable value.
class Draft {
public:
    /// The DER CertificationRequestInfo; sign it as KeyPair::sign would (SM2 with the default ID).
    const QByteArray &toBeSigned() const { return m_toBeSigned; }
    /// The DER request; fails with `crypto` unless `signature` verifies under the request's key.
    Result<QByteArray> assemble(QByteArrayView signature) const;

private:
    friend Result<Draft> prepare(const PublicKey &key, const NameEntries &subject);
    QByteArray m_toBeSigned;
    KeyAlgorithm m_algorithm = KeyAlgorithm::Sm2;
};
/// Starts a request for `key` with `subject`; fails with `crypto` for an unknown field name.
Result<Draft> prepare(const PublicKey &key, const NameEntries &subject);
/// Parses a DER or PEM request and checks its self-signature (proof of possession); fails with
/// `crypto` if the encoding, key type or signature is not acceptable.
Result<Info> verify(QByteArrayView derOrPem, QByteArrayView sm2Id = Sm2DefaultId);
} // namespace Csr

/// The fields of an X.509 certificate Tongqian shows and checks, as a plain copyable value.
/// `der` keeps the original encoding for verification and storage.
struct Certificate {
    QString subject; ///< RFC 2253 one-line form, UTF-8
    QString issuer;
    QString serialHex;   ///< upper-case hex, no separators
    QDateTime notBefore; ///< UTC
    QDateTime notAfter;
    QStringList keyUsage; ///< RFC 5280 names, e.g. "digitalSignature", "keyEncipherment"; empty if absent
    QByteArray sha256Fingerprint;
    QString signatureAlgorithm;               ///< OpenSSL long name, e.g. "SM2-with-SM3", "sha256WithRSAEncryption"
    std::optional<KeyAlgorithm> keyAlgorithm; ///< nullopt for key types Tongqian does not use
    QByteArray publicKeyDer;
    QByteArray der;

    /// Parses one DER or PEM certificate; fails with `crypto` on anything else.
    static Result<Certificate> parse(QByteArrayView derOrPem);
    /// sha256Fingerprint as `openssl x509 -fingerprint -sha256` prints it ("AB:CD:…"): the form
    /// people compare and pin.
    QString fingerprintText() const;
    /// True if `pinned` names this certificate's SHA-256 fingerprint, in any case, with or
    /// without colons.
    bool matchesFingerprint(QStringView pinned) const;
    /// True if `issuer` issued this certificate: names match and the signature verifies under the
    /// issuer's key (with the SM2 ID attached for SM2). Says nothing about validity dates or chains.
    bool isSignedBy(const Certificate &issuer, QByteArrayView sm2Id = Sm2DefaultId) const;
};

/// An X.509 v2 certificate revocation list (RFC 5280 §5) as a plain copyable value: what a
/// relying party needs to decide whether a serial is revoked. `der` keeps the original encoding.
struct Crl {
    QString issuer; ///< RFC 2253 one-line form, UTF-8
    QDateTime thisUpdate; ///< UTC
    QDateTime nextUpdate; ///< invalid if the CRL names none
    QSet<QString> revokedSerials; ///< upper-case hex, no separators
    QByteArray der;

    /// Parses one DER CRL; fails with `crypto` on anything else.
    static Result<Crl> parse(QByteArrayView der);
    /// True if `issuer` signed this CRL: names match and the signature over the TBS bytes
    /// verifies under the issuer's key (SM2 with the default ID, which `openssl crl -verify`
    /// cannot pass). Says nothing about the update dates.
    bool isSignedBy(const Certificate &issuer) const;
    bool isRevoked(const QString &serialHex) const { return revokedSerials.contains(serialHex.toUpper()); }
};

/// PEM armour for DER bytes, e.g. pemEncode(der, "CERTIFICATE REQUEST").
QByteArray pemEncode(QByteArrayView der, const char *label);

} // namespace tq
