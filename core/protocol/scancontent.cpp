#include "core/protocol/scancontent.h"
#include "core/common/apierrors.h"

#include "core/common/encoding.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>

namespace tq {

namespace {

constexpr qsizetype DigestSize = 32;

struct ActionName {
    ScanAction action;
    const char *name;
};
constexpr ActionName ActionNames[] = {
    {ScanAction::Login, "login"},
    {ScanAction::Bind, "bind"},
    {ScanAction::Sign, "sign"},
    {ScanAction::Seal, "seal"},
    {ScanAction::WithdrawSeal, "withdraw_seal"},
    {ScanAction::Encrypt, "encrypt"},
    {ScanAction::Decrypt, "decrypt"},
    {ScanAction::MessageSign, "message_sign"},
};

const QString Data = QStringLiteral("data");
const QString Message = QStringLiteral("message");
const QString CertSn = QStringLiteral("certSn");
const QString SignOriVal = QStringLiteral("signOriVal");
const QString Hashes = QStringLiteral("hashes");
const QString Documents = QStringLiteral("documents");
const QString Envelopes = QStringLiteral("encryptInfoList");

Error fieldError(const QString &field, const QString &message)
{
    return Error(ApiError::InvalidRequest, message, {{QStringLiteral("field"), field}});
}

Result<QString> stringField(const QJsonObject &json, const QString &key, const QString &path)
{
    const QJsonValue value = json.value(key);
    if (value.isUndefined())
        return fieldError(path, QStringLiteral("The field \"%1\" is missing.").arg(path));
    if (!value.isString())
        return fieldError(path, QStringLiteral("The field \"%1\" must be a string.").arg(path));
    return value.toString();
}

/// Standard base64 only, rejecting stray characters rather than skipping them.
Result<QByteArray> base64Field(const QJsonObject &json, const QString &key, const QString &path, qsizetype minBytes,
                               qsizetype maxBytes)
{
    const auto text = stringField(json, key, path);
    if (!text)
        return text.error();
    auto decoded = QByteArray::fromBase64Encoding(text.value().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || text.value().size() % 4 != 0)
        return fieldError(path, QStringLiteral("The field \"%1\" must be standard base64.").arg(path));
    if (decoded.decoded.size() < minBytes || decoded.decoded.size() > maxBytes)
        return fieldError(
            path,
            minBytes == maxBytes
                ? QStringLiteral("The field \"%1\" must hold %2 bytes.").arg(path).arg(minBytes)
                : QStringLiteral("The field \"%1\" must hold %2 to %3 bytes.").arg(path).arg(minBytes).arg(maxBytes));
    return decoded.decoded;
}

Result<QJsonArray> arrayField(const QJsonObject &json, const QString &key, qsizetype max)
{
    const QJsonValue value = json.value(key);
    if (!value.isArray())
        return fieldError(key, QStringLiteral("The field \"%1\" must be an array.").arg(key));
    const QJsonArray array = value.toArray();
    if (array.isEmpty() || array.size() > max)
        return fieldError(key, QStringLiteral("The field \"%1\" must have 1 to %2 entries.").arg(key).arg(max));
    for (const QJsonValue &entry : array) {
        if (!entry.isObject())
            return fieldError(key, QStringLiteral("Each entry of \"%1\" must be an object.").arg(key));
    }
    return array;
}

Result<QString> keyField(const QJsonObject &json, const QString &path, QSet<QString> &seen)
{
    auto key = stringField(json, QStringLiteral("key"), path);
    if (!key)
        return key;
    if (!isScanItemKey(key.value()))
        return fieldError(
            path, QStringLiteral("The field \"%1\" must be 1–64 characters A–Z, a–z, 0–9, '.', '_' or '-'.").arg(path));
    if (seen.contains(key.value()))
        return fieldError(path, QStringLiteral("The key \"%1\" appears twice.").arg(key.value()));
    seen.insert(key.value());
    return key;
}

Result<DigestAlgorithm> algorithmField(const QJsonObject &json, const QString &key, const QString &path)
{
    const auto name = stringField(json, key, path);
    if (!name)
        return name.error();
    const auto algorithm = digestAlgorithmFromWireName(name.value());
    if (!algorithm)
        return fieldError(path, QStringLiteral("The field \"%1\" must be \"sm3\" or \"sha256\".").arg(path));
    return *algorithm;
}

QString itemPath(const QString &array, qsizetype index, const char *field)
{
    return QStringLiteral("%1[%2].%3").arg(array).arg(index).arg(QLatin1String(field));
}

Result<QList<ScanHash>> readHashes(const QJsonObject &json)
{
    const auto array = arrayField(json, Hashes, ScanContent::MaxHashes);
    if (!array)
        return array.error();
    QList<ScanHash> out;
    QSet<QString> seen;
    for (qsizetype i = 0; i < array.value().size(); ++i) {
        const QJsonObject item = array.value().at(i).toObject();
        const auto key = keyField(item, itemPath(Hashes, i, "key"), seen);
        if (!key)
            return key.error();
        const auto algorithm = algorithmField(item, QStringLiteral("algorithm"), itemPath(Hashes, i, "algorithm"));
        if (!algorithm)
            return algorithm.error();
        const auto value =
            base64Field(item, QStringLiteral("value"), itemPath(Hashes, i, "value"), DigestSize, DigestSize);
        if (!value)
            return value.error();
        out.append({key.value(), algorithm.value(), value.value()});
    }
    return out;
}

Result<QList<ScanDocument>> readDocuments(const QJsonObject &json)
{
    const auto array = arrayField(json, Documents, ScanContent::MaxDocuments);
    if (!array)
        return array.error();
    QList<ScanDocument> out;
    QSet<QString> seen;
    for (qsizetype i = 0; i < array.value().size(); ++i) {
        const QJsonObject item = array.value().at(i).toObject();
        ScanDocument document;
        const auto key = keyField(item, itemPath(Documents, i, "key"), seen);
        if (!key)
            return key.error();
        document.key = key.value();
        const QString namePath = itemPath(Documents, i, "name");
        const auto name = stringField(item, QStringLiteral("name"), namePath);
        if (!name)
            return name.error();
        if (name.value().trimmed().isEmpty() || name.value().size() > ScanContent::MaxNameLength)
            return fieldError(namePath, QStringLiteral("The field \"%1\" must have 1 to %2 characters.")
                                            .arg(namePath)
                                            .arg(ScanContent::MaxNameLength));
        document.name = name.value();
        const QString sizePath = itemPath(Documents, i, "size");
        const QJsonValue size = item.value(QStringLiteral("size"));
        const double bytes = size.toDouble(-1);
        if (!size.isDouble() || bytes < 0 || bytes > 9007199254740991.0 || bytes != double(qint64(bytes)))
            return fieldError(sizePath,
                              QStringLiteral("The field \"%1\" must be a whole number of bytes.").arg(sizePath));
        document.size = qint64(bytes);
        const auto algorithm =
            algorithmField(item, QStringLiteral("digestAlgorithm"), itemPath(Documents, i, "digestAlgorithm"));
        if (!algorithm)
            return algorithm.error();
        document.digestAlgorithm = algorithm.value();
        const auto digest =
            base64Field(item, QStringLiteral("digest"), itemPath(Documents, i, "digest"), DigestSize, DigestSize);
        if (!digest)
            return digest.error();
        document.digest = digest.value();
        if (item.contains(QStringLiteral("url"))) {
            const QString urlPath = itemPath(Documents, i, "url");
            const auto text = stringField(item, QStringLiteral("url"), urlPath);
            if (!text)
                return text.error();
            const QUrl url(text.value(), QUrl::StrictMode);
            if (!url.isValid() || url.host().isEmpty() || !url.userInfo().isEmpty() || url.hasFragment()
                || (url.scheme() != u"https" && url.scheme() != u"http")
                || url.toString(QUrl::FullyEncoded).size() > ScanContent::MaxUrlLength)
                return fieldError(urlPath, QStringLiteral("The field \"%1\" must be an http(s) URL of at most %2 "
                                                          "characters once percent-encoded.")
                                               .arg(urlPath)
                                               .arg(ScanContent::MaxUrlLength));
            document.url = url;
        }
        out.append(document);
    }
    return out;
}

Result<QList<ScanEnvelope>> readEnvelopes(const QJsonObject &json)
{
    const auto array = arrayField(json, Envelopes, ScanContent::MaxEnvelopes);
    if (!array)
        return array.error();
    QList<ScanEnvelope> out;
    QSet<QString> seen;
    for (qsizetype i = 0; i < array.value().size(); ++i) {
        const QJsonObject item = array.value().at(i).toObject();
        const auto key = keyField(item, itemPath(Envelopes, i, "key"), seen);
        if (!key)
            return key.error();
        const QString caPath = itemPath(Envelopes, i, "caOrgType");
        const auto caOrgType = stringField(item, QStringLiteral("caOrgType"), caPath);
        if (!caOrgType)
            return caOrgType.error();
        if (caOrgType.value().size() != 6
            || !std::all_of(caOrgType.value().begin(), caOrgType.value().end(),
                            [](QChar c) { return c >= u'0' && c <= u'9'; }))
            return fieldError(caPath, QStringLiteral("The field \"%1\" must be 6 digits.").arg(caPath));
        const QString snPath = itemPath(Envelopes, i, "encCertSn");
        const auto encCertSn = stringField(item, QStringLiteral("encCertSn"), snPath);
        if (!encCertSn)
            return encCertSn.error();
        if (!isCanonicalSerial(encCertSn.value()))
            return fieldError(snPath, QStringLiteral("The field \"%1\" must be the certificate's serial number in "
                                                     "upper-case hex, as the server publishes it.")
                                          .arg(snPath));
        const auto encryptStr = base64Field(item, QStringLiteral("encryptStr"), itemPath(Envelopes, i, "encryptStr"), 1,
                                            ScanContent::MaxEnvelopeBytes);
        if (!encryptStr)
            return encryptStr.error();
        out.append({key.value(), caOrgType.value(), encCertSn.value(), encryptStr.value()});
    }
    return out;
}

/// The content fields each action may carry.
QStringList allowedFields(ScanAction action)
{
    switch (action) {
    case ScanAction::Sign:
        return {Data, Hashes, Documents};
    case ScanAction::Seal:
        return {Documents};
    case ScanAction::WithdrawSeal:
        return {CertSn, SignOriVal};
    case ScanAction::Decrypt:
        return {Envelopes};
    case ScanAction::MessageSign:
        return {Message};
    case ScanAction::Login:
    case ScanAction::Bind:
    case ScanAction::Encrypt:
        break;
    }
    return {};
}

} // namespace

QString scanActionName(ScanAction action)
{
    for (const ActionName &entry : ActionNames) {
        if (entry.action == action)
            return QString::fromLatin1(entry.name);
    }
    return {};
}

std::optional<ScanAction> scanActionFromName(QStringView name)
{
    for (const ActionName &entry : ActionNames) {
        if (name == QLatin1String(entry.name))
            return entry.action;
    }
    return std::nullopt;
}

QString digestAlgorithmWireName(DigestAlgorithm algorithm)
{
    return algorithm == DigestAlgorithm::Sm3 ? QStringLiteral("sm3") : QStringLiteral("sha256");
}

std::optional<DigestAlgorithm> digestAlgorithmFromWireName(QStringView name)
{
    if (name == u"sm3")
        return DigestAlgorithm::Sm3;
    if (name == u"sha256")
        return DigestAlgorithm::Sha256;
    return std::nullopt;
}

bool isScanItemKey(QStringView key)
{
    if (key.isEmpty() || key.size() > 64)
        return false;
    for (QChar c : key) {
        const bool ok = (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'.'
                        || c == u'_' || c == u'-';
        if (!ok)
            return false;
    }
    return true;
}

bool isSerialHex(QStringView serial)
{
    if (serial.isEmpty() || serial.size() > 64)
        return false;
    for (QChar c : serial) {
        if (!((c >= u'0' && c <= u'9') || (c >= u'A' && c <= u'F') || (c >= u'a' && c <= u'f')))
            return false;
    }
    return true;
}

bool isCanonicalSerial(QStringView serial)
{
    // Stored and echoed exactly as received, so a platform rebuilding the binding statement from
    // its own copy gets the server's bytes: one spelling is accepted instead of a silent upper-casing.
    return isSerialHex(serial) && std::none_of(serial.begin(), serial.end(), [](QChar c) { return c >= u'a'; });
}

Result<ScanContent> ScanContent::fromJson(const QJsonObject &json)
{
    const auto actionName = stringField(json, QStringLiteral("action"), QStringLiteral("action"));
    if (!actionName)
        return actionName.error();
    const auto action = scanActionFromName(actionName.value());
    if (!action)
        return fieldError(QStringLiteral("action"),
                          QStringLiteral("The action must be one of login, bind, sign, seal, withdraw_seal, encrypt, "
                                         "decrypt, message_sign."));
    ScanContent content;
    content.action = *action;
    const QStringList allowed = allowedFields(*action);
    for (const QString &field : {Data, Message, CertSn, SignOriVal, Hashes, Documents, Envelopes}) {
        if (json.contains(field) && !allowed.contains(field))
            return fieldError(
                field,
                QStringLiteral("The field \"%1\" is not allowed for the action %2.").arg(field, actionName.value()));
    }

    switch (*action) {
    case ScanAction::Sign: {
        const int present = int(json.contains(Data)) + int(json.contains(Hashes)) + int(json.contains(Documents));
        if (present != 1)
            return fieldError(Data, QStringLiteral("A sign action needs exactly one of data, hashes or documents."));
        if (json.contains(Data)) {
            auto data = base64Field(json, Data, Data, 1, MaxDataBytes);
            if (!data)
                return data.error();
            content.data = data.value();
        } else if (json.contains(Hashes)) {
            auto hashes = readHashes(json);
            if (!hashes)
                return hashes.error();
            content.hashes = hashes.value();
        } else {
            auto documents = readDocuments(json);
            if (!documents)
                return documents.error();
            content.documents = documents.value();
        }
        break;
    }
    case ScanAction::Seal: {
        auto documents = readDocuments(json);
        if (!documents)
            return documents.error();
        content.documents = documents.value();
        break;
    }
    case ScanAction::WithdrawSeal: {
        const auto certSn = stringField(json, CertSn, CertSn);
        if (!certSn)
            return certSn.error();
        if (!isCanonicalSerial(certSn.value()))
            return fieldError(CertSn, QStringLiteral("The field \"certSn\" must be the certificate's serial number in "
                                                     "upper-case hex, as the server publishes it."));
        content.certSn = certSn.value();
        auto original = base64Field(json, SignOriVal, SignOriVal, 1, MaxSignOriValBytes);
        if (!original)
            return original.error();
        content.signOriVal = original.value();
        break;
    }
    case ScanAction::Decrypt: {
        auto envelopes = readEnvelopes(json);
        if (!envelopes)
            return envelopes.error();
        content.envelopes = envelopes.value();
        break;
    }
    case ScanAction::MessageSign: {
        const auto message = stringField(json, Message, Message);
        if (!message)
            return message.error();
        if (message.value().trimmed().isEmpty() || message.value().size() > MaxMessageLength)
            return fieldError(Message,
                              QStringLiteral("The message must have 1 to %1 characters.").arg(MaxMessageLength));
        content.message = message.value();
        break;
    }
    case ScanAction::Login:
    case ScanAction::Bind:
    case ScanAction::Encrypt:
        break;
    }
    return content;
}

QJsonObject ScanContent::toJson() const
{
    QJsonObject json{{QStringLiteral("action"), scanActionName(action)}};
    if (!data.isEmpty())
        json.insert(Data, toBase64Text(data));
    if (!message.isEmpty())
        json.insert(Message, message);
    if (!certSn.isEmpty())
        json.insert(CertSn, certSn);
    if (!signOriVal.isEmpty())
        json.insert(SignOriVal, toBase64Text(signOriVal));
    if (!hashes.isEmpty()) {
        QJsonArray array;
        for (const ScanHash &h : hashes)
            array.append(QJsonObject{{QStringLiteral("key"), h.key},
                                     {QStringLiteral("algorithm"), digestAlgorithmWireName(h.algorithm)},
                                     {QStringLiteral("value"), toBase64Text(h.value)}});
        json.insert(Hashes, array);
    }
    if (!documents.isEmpty()) {
        QJsonArray array;
        for (const ScanDocument &d : documents) {
            QJsonObject item{{QStringLiteral("key"), d.key},
                             {QStringLiteral("name"), d.name},
                             {QStringLiteral("size"), double(d.size)},
                             {QStringLiteral("digestAlgorithm"), digestAlgorithmWireName(d.digestAlgorithm)},
                             {QStringLiteral("digest"), toBase64Text(d.digest)}};
            if (!d.url.isEmpty())
                item.insert(QStringLiteral("url"), d.url.toString(QUrl::FullyEncoded));
            array.append(item);
        }
        json.insert(Documents, array);
    }
    if (!envelopes.isEmpty()) {
        QJsonArray array;
        for (const ScanEnvelope &e : envelopes)
            array.append(QJsonObject{{QStringLiteral("key"), e.key},
                                     {QStringLiteral("caOrgType"), e.caOrgType},
                                     {QStringLiteral("encCertSn"), e.encCertSn},
                                     {QStringLiteral("encryptStr"), toBase64Text(e.encryptStr)}});
        json.insert(Envelopes, array);
    }
    return json;
}

QList<ScanItem> ScanContent::signItems() const
{
    QList<ScanItem> items;
    switch (action) {
    case ScanAction::Sign:
    case ScanAction::Seal:
        if (!data.isEmpty())
            items.append({Data, data, std::nullopt, {}});
        for (const ScanHash &h : hashes)
            items.append({h.key, {}, h.algorithm, h.value});
        for (const ScanDocument &d : documents)
            items.append({d.key, {}, d.digestAlgorithm, d.digest});
        break;
    case ScanAction::WithdrawSeal:
        items.append({SignOriVal, signOriVal, std::nullopt, {}});
        break;
    case ScanAction::MessageSign:
        items.append({Message, message.toUtf8(), std::nullopt, {}});
        break;
    case ScanAction::Login:
    case ScanAction::Bind:
    case ScanAction::Encrypt:
    case ScanAction::Decrypt:
        break;
    }
    return items;
}

} // namespace tq
