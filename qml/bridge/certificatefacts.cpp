#include "certificatefacts.h"

#include "core/crypto/x509.h"

namespace tq {

namespace {

QString usageText(const QString &usage)
{
    if (usage == u"signing")
        return CertificateText::tr("Signing certificate");
    if (usage == u"encryption")
        return CertificateText::tr("Encryption certificate");
    return usage;
}

QString statusText(const QString &status)
{
    if (status == u"valid")
        return CertificateText::tr("Valid");
    if (status == u"expired")
        return CertificateText::tr("Expired");
    if (status == u"revoked")
        return CertificateText::tr("Revoked");
    return status;
}

QString keyUsageText(const QString &name)
{
    if (name == u"digitalSignature")
        return CertificateText::tr("Digital signature");
    if (name == u"nonRepudiation" || name == u"contentCommitment")
        return CertificateText::tr("Non-repudiation");
    if (name == u"keyEncipherment")
        return CertificateText::tr("Key encipherment");
    if (name == u"dataEncipherment")
        return CertificateText::tr("Data encipherment");
    if (name == u"keyAgreement")
        return CertificateText::tr("Key agreement");
    return name;
}

QString algorithmText(const std::optional<KeyAlgorithm> &algorithm)
{
    if (!algorithm)
        return CertificateText::tr("Unknown");
    switch (*algorithm) {
    case KeyAlgorithm::Sm2:
        return QStringLiteral("SM2");
    case KeyAlgorithm::EcdsaP256:
        return QStringLiteral("ECDSA P-256");
    case KeyAlgorithm::Rsa2048:
        return QStringLiteral("RSA-2048");
    }
    return {};
}

QString shownTime(const QDateTime &utc)
{
    return utc.isValid() ? utc.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QString();
}

} // namespace

QString commonNameOf(const QString &rfc2253)
{
    // RFC 2253 escapes separators inside values with a backslash.
    QString part;
    QStringList parts;
    for (qsizetype i = 0; i < rfc2253.size(); ++i) {
        const QChar c = rfc2253.at(i);
        if (c == u'\\' && i + 1 < rfc2253.size()) {
            part += rfc2253.at(++i);
        } else if (c == u',' || c == u'+') {
            parts.append(part.trimmed());
            part.clear();
        } else {
            part += c;
        }
    }
    parts.append(part.trimmed());
    for (const QString &p : std::as_const(parts)) {
        if (p.startsWith(u"CN=", Qt::CaseInsensitive))
            return p.mid(3);
    }
    return rfc2253;
}

QVariantMap certificateFacts(const CertificateRecord &record, const QDateTime &now)
{
    const auto parsed = Certificate::parse(record.der);
    const Certificate cert = parsed ? parsed.value() : Certificate();
    const QString subject = cert.subject.isEmpty() ? record.subject : cert.subject;
    const QString issuer = cert.issuer.isEmpty() ? record.issuer : cert.issuer;
    const QString status = record.statusAt(now);
    QStringList usages;
    for (const QString &u : cert.keyUsage)
        usages.append(keyUsageText(u));
    const QString notBefore = shownTime(record.notBefore.isValid() ? record.notBefore : cert.notBefore);
    const QString notAfter = shownTime(record.notAfter.isValid() ? record.notAfter : cert.notAfter);
    return {
        {QStringLiteral("id"), record.id},
        {QStringLiteral("pairId"), record.pairId},
        {QStringLiteral("caOrg"), record.caOrg},
        {QStringLiteral("usage"), record.usage},
        {QStringLiteral("usageText"), usageText(record.usage)},
        {QStringLiteral("status"), status},
        {QStringLiteral("statusText"), statusText(status)},
        {QStringLiteral("commonName"), commonNameOf(subject)},
        {QStringLiteral("subject"), subject},
        {QStringLiteral("serial"), record.serial.isEmpty() ? cert.serialHex : record.serial.toUpper()},
        {QStringLiteral("issuer"), commonNameOf(issuer)},
        {QStringLiteral("issuerSubject"), issuer},
        {QStringLiteral("notBefore"), notBefore},
        {QStringLiteral("notAfter"), notAfter},
        {QStringLiteral("validity"), CertificateText::tr("%1 to %2").arg(notBefore, notAfter)},
        {QStringLiteral("fingerprint"), cert.fingerprintText()},
        {QStringLiteral("keyUsage"), usages},
        {QStringLiteral("algorithm"), algorithmText(cert.keyAlgorithm)},
    };
}

} // namespace tq
