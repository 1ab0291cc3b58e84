#include "core/protocol/binding.h"

#include "core/common/apierrors.h"
#include "core/protocol/qrpayload.h"
#include "core/validators/rules.h"

#include <QUrl>

namespace tq {

namespace {

Error invalid(const QString &field, const QString &message)
{
    return Error(ApiError::InvalidRequest, message, {{QStringLiteral("field"), field}});
}

QByteArray hex(const QByteArray &bytes)
{
    return bytes.toHex();
}

QByteArray sha256Hex(const QByteArray &bytes)
{
    return hex(digest(DigestAlgorithm::Sha256, bytes));
}

/// Every byte outside the RFC 3986 unreserved set becomes %XX, so ';', '=' and line breaks
/// never occur inside a value.
QByteArray percent(const QString &text)
{
    return QUrl::toPercentEncoding(text);
}

} // namespace

bool isTransactionId(QStringView tId)
{
    if (tId.size() != 43 || !rules::isPlatformCode(tId.left(11).toString()))
        return false;
    for (QChar c : tId.mid(11)) {
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f')))
            return false;
    }
    return true;
}

Result<QByteArray> Binding::statement() const
{
    if (!rules::isPlatformCode(platformCode))
        return invalid(QStringLiteral("platform"), QStringLiteral("The platform code must be a letter and 10 digits."));
    if (!isTransactionId(tId) || !tId.startsWith(platformCode))
        return invalid(QStringLiteral("tId"), QStringLiteral("The tId must be the platform code and 32 hex digits."));
    if (!QrPayload::isTicket(challenge))
        return invalid(QStringLiteral("challenge"), QStringLiteral("The challenge must be 43 base64url characters."));
    if (!isSerialHex(certSn))
        return invalid(QStringLiteral("certSn"), QStringLiteral("The certificate serial must be hex."));
    if (content.action == ScanAction::Decrypt && recipientKeyDer.isEmpty())
        return invalid(QStringLiteral("recipient"),
                       QStringLiteral("A decrypt binding needs the platform's encryption key."));

    QByteArray out;
    const auto line = [&out](const char *name, const QByteArray &value) {
        out += name;
        out += '=';
        out += value;
        out += '\n';
    };
    out += Version;
    out += '\n';
    line("action", scanActionName(content.action).toLatin1());
    line("platform", platformCode.toLatin1());
    line("tId", tId.toLatin1());
    line("challenge", challenge.toLatin1());
    line("certSn", certSn.toUpper().toLatin1());
    if (content.action == ScanAction::Decrypt)
        line("recipient", sha256Hex(recipientKeyDer));
    if (!content.data.isEmpty())
        line("data", "sha256:" + sha256Hex(content.data));
    if (!content.message.isEmpty())
        line("message", "sha256:" + sha256Hex(content.message.toUtf8()));
    if (!content.signOriVal.isEmpty())
        line("signOriVal", "sha256:" + sha256Hex(content.signOriVal));
    for (const ScanHash &h : content.hashes) {
        if (!isScanItemKey(h.key))
            return invalid(QStringLiteral("hashes"), QStringLiteral("A hash key is not valid."));
        line("hash", h.key.toLatin1() + ';' + digestAlgorithmWireName(h.algorithm).toLatin1() + ';' + hex(h.value));
    }
    for (const ScanDocument &d : content.documents) {
        if (!isScanItemKey(d.key))
            return invalid(QStringLiteral("documents"), QStringLiteral("A document key is not valid."));
        line("document", d.key.toLatin1() + ';' + percent(d.name) + ';' + QByteArray::number(d.size) + ';'
                             + digestAlgorithmWireName(d.digestAlgorithm).toLatin1() + ';' + hex(d.digest) + ';'
                             + (d.url.isEmpty() ? QByteArray() : percent(d.url.toString(QUrl::FullyEncoded))));
    }
    for (const ScanEnvelope &e : content.envelopes) {
        if (!isScanItemKey(e.key) || !isSerialHex(e.encCertSn) || !rules::isAllDigits(e.caOrgType))
            return invalid(QStringLiteral("encryptInfoList"), QStringLiteral("An envelope field is not valid."));
        line("envelope", e.key.toLatin1() + ';' + e.caOrgType.toLatin1() + ';' + e.encCertSn.toUpper().toLatin1() + ';'
                             + sha256Hex(e.encryptStr));
    }
    return out;
}

} // namespace tq
