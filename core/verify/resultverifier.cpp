#include "core/verify/resultverifier.h"

#include "core/common/encoding.h"
#include "core/crypto/keypair.h"
#include "core/crypto/signeddata.h"
#include "core/crypto/sm2.h"
#include "core/protocol/binding.h"
#include "core/protocol/transactionerrors.h"
#include "core/crypto/certificateerrors.h"
#include "core/common/apierrors.h"

#include <QCache>
#include <QJsonArray>

namespace tq {

namespace {

Error bindingMismatch(const QString &message)
{
    return Error(TransactionError::BindingMismatch, message);
}

Error badSignature(const QString &key, const QString &message)
{
    return Error(TransactionError::InvalidSignature, message, {{QStringLiteral("key"), key}});
}

Error unusable(const char *reason, const QString &message)
{
    return Error(TransactionError::CertificateUnusable, message, {{QStringLiteral("reason"), QString::fromLatin1(reason)}});
}

Error badField(const char *field, const QString &message)
{
    return Error(ApiError::InvalidRequest, message, {{QStringLiteral("field"), QString::fromLatin1(field)}});
}

/// PublicKey::fromDer(spki).verify(data, signature), with parsed keys remembered per thread:
/// parsing an SM2 key costs about a third of the verification, and keeping the cache per
/// thread keeps each OpenSSL key object on one thread.
Result<bool> verifiedBy(const QByteArray &spki, QByteArrayView data, QByteArrayView signature)
{
    thread_local QCache<QByteArray, PublicKey> keys(256);
    PublicKey *key = keys.object(spki);
    if (!key) {
        auto parsed = PublicKey::fromDer(spki);
        if (!parsed)
            return parsed.error();
        key = new PublicKey(std::move(parsed).value());
        keys.insert(spki, key);
    }
    return key->verify(data, signature);
}

QString challengeOf(const QByteArray &statement)
{
    for (const QByteArray &line : statement.split('\n')) {
        if (line.startsWith("challenge="))
            return QString::fromLatin1(line.mid(10));
    }
    return {};
}

// A JSON array of {keyName, valueName} objects as a map; fails on a malformed or repeated entry.
Result<QHash<QString, QByteArray>> keyedList(const QJsonObject &result, const char *list, const char *keyName,
                                            const char *valueName)
{
    QHash<QString, QByteArray> byKey;
    for (const QJsonValue &v : result.value(QLatin1String(list)).toArray()) {
        const QJsonObject entry = v.toObject();
        const QString key = entry.value(QLatin1String(keyName)).toString();
        const auto value = fromBase64Text(entry.value(QLatin1String(valueName)));
        if (!isScanItemKey(key) || !value || byKey.contains(key))
            return badSignature(key, QStringLiteral("%1 has a malformed or repeated entry.").arg(QLatin1String(list)));
        byKey.insert(key, *value);
    }
    return byKey;
}

Result<Certificate> certificateField(const QJsonObject &result, const char *field, const char *role)
{
    const auto der = fromBase64Text(result.value(QLatin1String(field)));
    auto cert = der ? Certificate::parse(*der) : Result<Certificate>(Error(CertificateError::Crypto, QString()));
    if (!cert)
        return badField(field, QStringLiteral("The result carries no readable %1 certificate.").arg(QLatin1String(role)));
    return cert;
}

Result<Certificate> encryptionCertificate(const QJsonObject &result, const Certificate &signer,
                                          const TrustAnchors &anchors, const QDateTime &now, QStringList *passed)
{
    auto cert = certificateField(result, "encPubCert", "encryption");
    if (!cert)
        return cert;
    if (cert.value().serialHex != result.value(u"encCertSn").toString().toUpper())
        return unusable("other_certificate", QStringLiteral("encCertSn does not name the encryption certificate sent."));
    if (cert.value().keyAlgorithm != KeyAlgorithm::Sm2 || cert.value().subject != signer.subject)
        return unusable("other_certificate",
                        QStringLiteral("The encryption certificate is not an SM2 certificate of the signer."));
    if (auto ok = verify::certificateTrust(cert.value(), "encryption", anchors, now, passed); !ok)
        return ok.error();
    return cert;
}

} // namespace

namespace verify {

Result<QByteArray> binding(const ExpectedResult &expected, const Certificate &signer, const QString &challenge,
                           QByteArrayView signature, const std::optional<QByteArray> &received)
{
    const Binding rebuilt{expected.content, expected.platformCode, expected.tId,
                          challenge,        signer.serialHex,      expected.platformEncryptionKeyDer};
    auto statement = rebuilt.statement();
    if (!statement)
        return statement.error();
    if (received && *received != statement.value())
        return bindingMismatch(QStringLiteral("The binding statement differs from the transaction this platform created."));
    const auto verified = verifiedBy(signer.publicKeyDer, statement.value(), signature);
    if (!verified)
        return verified.error();
    if (!verified.value())
        return bindingMismatch(
            QStringLiteral("The binding signature does not verify over this transaction with the certificate %1.")
                .arg(signer.serialHex));
    return statement;
}

Result<void> itemSignatures(const ScanContent &content, const Certificate &signer,
                            const QHash<QString, QByteArray> &signatures, QStringList *passed)
{
    const QList<ScanItem> items = content.signItems();
    if (signatures.size() != items.size())
        return badSignature(QString(),
                            QStringLiteral("Expected %1 signatures, got %2.").arg(items.size()).arg(signatures.size()));
    const DigestAlgorithm signerDigest = SignedData::digestAlgorithmFor(signer.keyAlgorithm.value_or(KeyAlgorithm::Sm2));
    for (const ScanItem &item : items) {
        const auto it = signatures.constFind(item.key);
        if (it == signatures.constEnd())
            return badSignature(item.key, QStringLiteral("The item %1 is not signed.").arg(item.key));
        if (item.digestAlgorithm && *item.digestAlgorithm != signerDigest)
            return badSignature(item.key, QStringLiteral("This certificate cannot sign %1 digests.")
                                              .arg(digestAlgorithmWireName(*item.digestAlgorithm)));
        const auto verified = item.digestAlgorithm ? SignedData::verifyDetachedDigest(*it, item.digest)
                                                   : SignedData::verifyDetached(*it, item.content);
        if (!verified)
            return badSignature(item.key, QStringLiteral("The signature of item %1 does not verify over the declared "
                                                         "content: %2")
                                              .arg(item.key, verified.error().message));
        if (verified.value().der != signer.der)
            return badSignature(item.key, QStringLiteral("The item %1 was signed by another certificate (%2).")
                                              .arg(item.key, verified.value().serialHex));
        if (passed)
            *passed << QStringLiteral("SignedData of item %1 verified over %2 by certificate %3")
                           .arg(item.key,
                                item.digestAlgorithm ? QStringLiteral("the digest") : QStringLiteral("the content"),
                                signer.serialHex);
    }
    return {};
}

Result<QList<std::pair<QString, QByteArray>>> decryptAnswers(const ScanContent &content, const QString &encCertSn,
                                                             const QString &caOrg,
                                                             const QHash<QString, QByteArray> &answers)
{
    QList<std::pair<QString, QByteArray>> out;
    for (const ScanEnvelope &envelope : content.envelopes) {
        if (envelope.encCertSn.toUpper() != encCertSn.toUpper() || envelope.caOrgType != caOrg)
            return unusable("other_certificate",
                            QStringLiteral("The envelope %1 was made for another encryption certificate.").arg(envelope.key));
        const auto it = answers.constFind(envelope.key);
        if (it == answers.constEnd())
            return badSignature(envelope.key, QStringLiteral("The envelope %1 has no answer.").arg(envelope.key));
        if (!Sm2::Ciphertext::fromDer(*it))
            return badSignature(envelope.key,
                                QStringLiteral("The answer for envelope %1 is not an SM2 ciphertext.").arg(envelope.key));
        out.append({envelope.key, *it});
    }
    if (answers.size() != out.size())
        return badSignature(QString(), QStringLiteral("Expected %1 decrypted envelopes, got %2.")
                                           .arg(content.envelopes.size())
                                           .arg(answers.size()));
    return out;
}

Result<void> certificateTrust(const Certificate &cert, const char *role, const TrustAnchors &anchors,
                              const QDateTime &now, QStringList *passed)
{
    const QString what = QString::fromLatin1(role);
    if (!cert.isSignedBy(anchors.issuing))
        return unusable("untrusted", QStringLiteral("The %1 certificate %2 was not issued by the server's issuing CA (%3).")
                                         .arg(what, cert.serialHex, anchors.issuing.subject));
    if (!anchors.issuing.isSignedBy(anchors.root) || !anchors.root.isSignedBy(anchors.root))
        return unusable("untrusted", QStringLiteral("The issuing CA does not chain to the published root CA."));
    for (const Certificate *c : {&cert, &anchors.issuing, &anchors.root}) {
        if (now < c->notBefore || now > c->notAfter)
            return unusable("expired", QStringLiteral("The certificate %1 is not valid now (valid %2 to %3).")
                                           .arg(c->subject, utcText(c->notBefore), utcText(c->notAfter)));
    }
    if (passed)
        *passed << QStringLiteral("%1 certificate %2 chains to %3 → %4; all valid now (until %5)")
                       .arg(what, cert.serialHex, anchors.issuing.subject, anchors.root.subject, utcText(cert.notAfter));
    if (!anchors.crl.isSignedBy(anchors.issuing))
        return unusable("untrusted", QStringLiteral("The revocation list is not signed by the issuing CA."));
    if (anchors.crl.nextUpdate.isValid() && now > anchors.crl.nextUpdate)
        return unusable("stale_crl", QStringLiteral("The revocation list is out of date (next update was %1).")
                                         .arg(utcText(anchors.crl.nextUpdate)));
    if (anchors.crl.isRevoked(cert.serialHex))
        return unusable("revoked", QStringLiteral("The %1 certificate %2 is revoked (listed in the CRL of %3).")
                                       .arg(what, cert.serialHex, utcText(anchors.crl.thisUpdate)));
    if (passed)
        *passed << QStringLiteral("%1 certificate %2 not in the CRL of %3 (%4 revoked serials)")
                       .arg(what, cert.serialHex, utcText(anchors.crl.thisUpdate))
                       .arg(anchors.crl.revokedSerials.size());
    return {};
}

} // namespace verify

Result<VerifiedResult> verifyResult(const ExpectedResult &expected, const QJsonObject &result,
                                    const TrustAnchors &anchors, const QDateTime &now, QStringList *passedOut)
{
    // Filled as the checks pass, so a caller shows what held before the first failure too.
    QStringList unused;
    QStringList &passed = passedOut ? *passedOut : unused;
    passed.clear();
    VerifiedResult out;
    const QString certSn = result.value(u"certSn").toString().toUpper();
    if (!isSerialHex(certSn))
        return badField("certSn", QStringLiteral("The result names no certificate serial."));
    if (expected.knownSigner) {
        out.signer = *expected.knownSigner;
    } else {
        auto cert = certificateField(result, "pubCert", "signing");
        if (!cert)
            return cert.error();
        out.signer = std::move(cert).value();
    }
    if (out.signer.serialHex != certSn)
        return unusable("other_certificate", QStringLiteral("certSn %1 is not the serial of the signing certificate (%2).")
                                                 .arg(certSn, out.signer.serialHex));
    out.caOrgType = result.value(u"caOrgType").toString();
    if (auto ok = verify::certificateTrust(out.signer, "signing", anchors, now, &passed); !ok)
        return ok.error();

    const auto statement = fromBase64Text(result.value(u"binding"));
    const auto signature = fromBase64Text(result.value(u"bindingSignature"));
    if (!statement || !signature)
        return bindingMismatch(QStringLiteral("The result carries no binding statement or binding signature."));
    const auto bound = verify::binding(expected, out.signer, challengeOf(*statement), *signature, statement);
    if (!bound)
        return bound.error();
    passed << QStringLiteral("binding statement rebuilt from this platform's transaction (%1 lines) and its signature "
                             "verified")
                  .arg(bound.value().count('\n'));

    if (!expected.content.signItems().isEmpty()) {
        const auto signatures = keyedList(result, "signatureValueList", "signKey", "signatureValue");
        if (!signatures)
            return signatures.error();
        if (auto ok = verify::itemSignatures(expected.content, out.signer, signatures.value(), &passed); !ok)
            return ok.error();
    }
    if (expected.content.action == ScanAction::Encrypt) {
        auto cert = encryptionCertificate(result, out.signer, anchors, now, &passed);
        if (!cert)
            return cert.error();
        out.encryptionCertificate = std::move(cert).value();
    }
    if (expected.content.action == ScanAction::Decrypt) {
        const auto answers = keyedList(result, "decryptList", "decryptKey", "decryptStr");
        if (!answers)
            return answers.error();
        auto opened = verify::decryptAnswers(expected.content, result.value(u"encCertSn").toString(), out.caOrgType,
                                             answers.value());
        if (!opened)
            return opened.error();
        out.decryptStrs = std::move(opened).value();
        passed << QStringLiteral("one re-wrapped session key per envelope (%1)").arg(out.decryptStrs.size());
    }
    return out;
}

} // namespace tq
