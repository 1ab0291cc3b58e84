#include "server/http/request.h"
#include "core/common/apierrors.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace tq::server {

Result<JsonBody> JsonBody::parse(const QByteArray &bytes)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return Error(ApiError::InvalidRequest, QStringLiteral("The request body must be a JSON object."));
    return JsonBody(doc.object());
}

namespace {
Error fieldError(const QString &key, const char *sentence)
{
    return Error(ApiError::InvalidRequest, QString::fromLatin1(sentence).arg(key), {{QStringLiteral("field"), key}});
}
} // namespace

Result<QString> JsonBody::string(const QString &key) const
{
    const auto it = m_object.constFind(key);
    if (it == m_object.constEnd())
        return fieldError(key, "The field \"%1\" is missing.");
    if (!it->isString())
        return fieldError(key, "The field \"%1\" must be a string.");
    return it->toString();
}

Result<QString> JsonBody::optionalString(const QString &key, const QString &fallback) const
{
    return has(key) ? string(key) : Result<QString>(fallback);
}

Result<qint64> JsonBody::integer(const QString &key) const
{
    const auto it = m_object.constFind(key);
    if (it == m_object.constEnd())
        return fieldError(key, "The field \"%1\" is missing.");
    const double number = it->toDouble();
    if (!it->isDouble() || number != double(qint64(number)))
        return fieldError(key, "The field \"%1\" must be a whole number.");
    return qint64(number);
}

Result<QStringList> JsonBody::strings(std::initializer_list<QString> keys) const
{
    QStringList values;
    for (const QString &key : keys) {
        auto value = string(key);
        if (!value)
            return value.error();
        values.append(value.value());
    }
    return values;
}

std::optional<QString> bearerToken(const QHttpServerRequest &request)
{
    const QByteArray header = request.value(QByteArrayLiteral("Authorization")).trimmed();
    static const QByteArray scheme = QByteArrayLiteral("bearer ");
    if (header.size() <= scheme.size() || !header.left(scheme.size()).toLower().startsWith(scheme))
        return std::nullopt;
    const QByteArray token = header.mid(scheme.size()).trimmed();
    if (token.isEmpty() || token.contains(' '))
        return std::nullopt;
    return QString::fromLatin1(token);
}

} // namespace tq::server
