#include "demo-platform/resultverifier.h"

#include "core/crypto/certificateerrors.h"
#include "core/crypto/keypair.h"
#include "core/crypto/signeddata.h"
#include "core/protocol/binding.h"

#include <QJsonArray>
#include <QSet>

namespace tq::demo {

namespace {

Error failed(const QString &why)
{
    return Error(CertificateError::Crypto, why);
}

// Strict base64: what does not round-trip is rejected rather than half-decoded.
std::optional<QByteArray> base64Field(const QJsonObject &o, const char *name)
{
    const QString text = o.value(QLatin1String(name)).toString();
    const auto decoded = QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (text.isEmpty() || !decoded || decoded.decoded.isEmpty())
        return std::nullopt;
    return decoded.decoded;
}

QString dateText(const QDateTime &t)
{
    return t.toString(Qt::ISODate);
}

// Both links of the chain, each certificate's dates, and the CRL (issuer, freshness, serial).
Result<void> checkCertificate(const Certificate &cert, const char *role, const TrustAnchors &anchors,
                              const QDateTime &now, QStringList &passed)
{
    const QString what = QString::fromLatin1(role);
    if (!cert.isSignedBy(anchors.issuing))
        return failed(QStringLiteral("The %1 certificate %2 was not issued by the server's issuing CA (%3).")
                          .arg(what, cert.serialHex, anchors.issuing.subject));
    if (!anchors.issuing.isSignedBy(anchors.root) || !anchors.root.isSignedBy(anchors.root))
        return failed(QStringLiteral("The issuing CA does not chain to the published root CA."));
    for (const Certificate *c : {&cert, &anchors.issuing, &anchors.root}) {
        if (now < c->notBefore || now > c->notAfter)
            return failed(QStringLiteral("The certificate %1 is not valid now (valid %2 to %3).")
                              .arg(c->subject, dateText(c->notBefore), dateText(c->notAfter)));
    }
    passed << QStringLiteral("%1 certificate %2 chains to %3 → %4; all valid now (until %5)")
                  .arg(what, cert.serialHex, anchors.issuing.subject, anchors.root.subject, dateText(cert.notAfter));
    if (!anchors.crl.isSignedBy(anchors.issuing))
        return failed(QStringLiteral("The revocation list is not signed by the issuing CA."));
    if (anchors.crl.nextUpdate.isValid() && now > anchors.crl.nextUpdate)
        return failed(QStringLiteral("The revocation list is out of date (next update was %1).")
                          .arg(dateText(anchors.crl.nextUpdate)));
    if (anchors.crl.isRevoked(cert.serialHex))
        return failed(QStringLiteral("The %1 certificate %2 is revoked (listed in the CRL of %3).")
                          .arg(what, cert.serialHex, dateText(anchors.crl.thisUpdate)));
    passed << QStringLiteral("%1 certificate %2 not in the CRL of %3 (%4 revoked serials)")
                  .arg(what, cert.serialHex, dateText(anchors.crl.thisUpdate))
                  .arg(anchors.crl.revokedSerials.size());
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
        const auto value = base64Field(entry, valueName);
        if (!isScanItemKey(key) || !value || byKey.contains(key))
            return failed(QStringLiteral("%1 has a malformed or repeated entry.").arg(QLatin1String(list)));
        byKey.insert(key, *value);
    }
    return byKey;
}

QString challengeOf(const QByteArray &statement)
{
    for (const QByteArray &line : statement.split('\n')) {
        if (line.startsWith("challenge="))
            return QString::fromLatin1(line.mid(10));
    }
    return {};
}

Result<void> checkBinding(const ExpectedResult &expected, const QJsonObject &result, const Certificate &signer,
                          QStringList &passed)
{
    const auto received = base64Field(result, "binding");
    const auto signature = base64Field(result, "bindingSignature");
    if (!received || !signature)
        return failed(QStringLiteral("The result carries no binding statement or binding signature."));
    Binding binding;
    binding.content = expected.content;
    binding.platformCode = expected.platformCode;
    binding.tId = expected.tId;
    binding.challenge = challengeOf(*received);
    binding.certSn = signer.serialHex;
    binding.recipientKeyDer = expected.platformEncryptionKeyDer;
    const auto statement = binding.statement();
    if (!statement)
        return failed(QStringLiteral("The binding statement cannot be rebuilt: %1").arg(statement.error().message));
    if (statement.value() != *received)
        return failed(QStringLiteral("The binding statement differs from the transaction this platform created."));
    const auto key = PublicKey::fromDer(signer.publicKeyDer);
    if (!key || !key.value().verify(statement.value(), *signature))
        return failed(QStringLiteral("The binding signature does not verify under certificate %1.").arg(signer.serialHex));
    passed << QStringLiteral("binding statement rebuilt from this platform's transaction (%1 lines) and its signature verified")
                  .arg(statement.value().count('\n'));
    return {};
}

Result<void> checkSignatures(const ExpectedResult &expected, const QJsonObject &result, const Certificate &signer,
                             QStringList &passed)
{
    const QList<ScanItem> items = expected.content.signItems();
    if (items.isEmpty())
        return {};
    const auto list = keyedList(result, "signatureValueList", "signKey", "signatureValue");
    if (!list)
        return list.error();
    const QHash<QString, QByteArray> &byKey = list.value();
    if (byKey.size() != items.size())
        return failed(QStringLiteral("Expected %1 signatures, got %2.").arg(items.size()).arg(byKey.size()));
    for (const ScanItem &item : items) {
        if (!byKey.contains(item.key))
            return failed(QStringLiteral("No signature for item %1.").arg(item.key));
        const QByteArray &der = byKey.value(item.key);
        const auto verified = item.digestAlgorithm ? SignedData::verifyDetachedDigest(der, item.digest)
                                                   : SignedData::verifyDetached(der, item.content);
        if (!verified)
            return failed(QStringLiteral("The signature of item %1 does not verify: %2").arg(item.key, verified.error().message));
        if (verified.value().der != signer.der)
            return failed(QStringLiteral("Item %1 was signed by another certificate (%2).").arg(item.key, verified.value().serialHex));
        passed << QStringLiteral("SignedData of item %1 verified over %2 by certificate %3")
                      .arg(item.key, item.digestAlgorithm ? QStringLiteral("the digest") : QStringLiteral("the content"),
                           signer.serialHex);
    }
    return {};
}

Result<Certificate> encryptionCertificate(const QJsonObject &result, const Certificate &signer,
                                          const TrustAnchors &anchors, const QDateTime &now, QStringList &passed)
{
    const auto der = base64Field(result, "encPubCert");
    const auto cert = der ? Certificate::parse(*der) : Result<Certificate>(failed({}));
    if (!cert)
        return failed(QStringLiteral("The result carries no readable encryption certificate."));
    if (cert.value().serialHex != result.value(u"encCertSn").toString().toUpper())
        return failed(QStringLiteral("encCertSn does not name the encryption certificate sent."));
    if (cert.value().keyAlgorithm != KeyAlgorithm::Sm2 || cert.value().subject != signer.subject)
        return failed(QStringLiteral("The encryption certificate is not an SM2 certificate of the signer."));
    if (auto ok = checkCertificate(cert.value(), "encryption", anchors, now, passed); !ok)
        return ok.error();
    return cert.value();
}

Result<QList<std::pair<QString, QByteArray>>> decryptAnswers(const ExpectedResult &expected, const QJsonObject &result,
                                                             QStringList &passed)
{
    auto list = keyedList(result, "decryptList", "decryptKey", "decryptStr");
    if (!list)
        return list.error();
    QHash<QString, QByteArray> &byKey = list.value();
    QList<std::pair<QString, QByteArray>> out;
    for (const ScanEnvelope &envelope : expected.content.envelopes) {
        if (!byKey.contains(envelope.key))
            return failed(QStringLiteral("No answer for envelope %1.").arg(envelope.key));
        if (result.value(u"encCertSn").toString().toUpper() != envelope.encCertSn.toUpper())
            return failed(QStringLiteral("The envelope %1 was opened with another encryption certificate.").arg(envelope.key));
        out.append({envelope.key, byKey.take(envelope.key)});
    }
    if (!byKey.isEmpty())
        return failed(QStringLiteral("The decrypt list answers envelopes this platform did not send."));
    passed << QStringLiteral("one re-wrapped session key per envelope (%1)").arg(out.size());
    return out;
}

} // namespace

Result<VerifiedResult> verifyResult(const ExpectedResult &expected, const QJsonObject &result,
                                    const TrustAnchors &anchors, const QDateTime &now, QStringList *passedOut)
{
    QStringList passed;
    VerifiedResult out;
    const QString certSn = result.value(u"certSn").toString().toUpper();
    if (!isSerialHex(certSn))
        return failed(QStringLiteral("The result names no certificate serial."));
    if (expected.knownSigner) {
        out.signer = *expected.knownSigner;
    } else {
        const auto der = base64Field(result, "pubCert");
        const auto cert = der ? Certificate::parse(*der) : Result<Certificate>(failed({}));
        if (!cert)
            return failed(QStringLiteral("The result carries no readable signing certificate."));
        out.signer = cert.value();
    }
    if (out.signer.serialHex != certSn)
        return failed(QStringLiteral("certSn %1 is not the serial of the signing certificate (%2).")
                          .arg(certSn, out.signer.serialHex));
    out.caOrgType = result.value(u"caOrgType").toString();
    if (auto ok = checkCertificate(out.signer, "signing", anchors, now, passed); !ok)
        return ok.error();
    if (auto ok = checkBinding(expected, result, out.signer, passed); !ok)
        return ok.error();
    if (auto ok = checkSignatures(expected, result, out.signer, passed); !ok)
        return ok.error();
    if (expected.content.action == ScanAction::Encrypt) {
        auto cert = encryptionCertificate(result, out.signer, anchors, now, passed);
        if (!cert)
            return cert.error();
        out.encryptionCertificate = cert.value();
    }
    if (expected.content.action == ScanAction::Decrypt) {
        auto answers = decryptAnswers(expected, result, passed);
        if (!answers)
            return answers.error();
        out.decryptStrs = answers.value();
    }
    if (passedOut)
        *passedOut = passed;
    return out;
}

QString commonName(const QString &subject)
{
    for (const QString &part : subject.split(QLatin1Char(','))) {
        if (part.startsWith(u"CN="))
            return part.mid(3);
    }
    return subject;
}

} // namespace tq::demo
