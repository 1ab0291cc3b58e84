#pragma once

#include "core/common/error.h"

#include <QHttpServerRequest>
#include <QJsonObject>

#include <initializer_list>
#include <optional>

namespace tq::server {

/// A request body that is known to be a JSON object, with typed field access.
/// Every failure is an invalid_request Error with details.field naming the field.
class JsonBody {
public:
    /// Fails unless `bytes` is one JSON object.
    static Result<JsonBody> parse(const QByteArray &bytes);

    bool has(const QString &key) const { return m_object.contains(key); }
    /// The whole object, for validators that read nested structures themselves.
    const QJsonObject &object() const { return m_object; }
    /// The string field `key`; missing or another type is an error.
    Result<QString> string(const QString &key) const;
    /// The string fields `keys`, in order; the first missing or mistyped one is the error.
    Result<QStringList> strings(std::initializer_list<QString> keys) const;
    /// The string field `key`, or `fallback` when it is absent; another type is an error.
    Result<QString> optionalString(const QString &key, const QString &fallback = {}) const;
    /// The integer field `key` (a JSON number without a fraction); missing or another type is an error.
    Result<qint64> integer(const QString &key) const;

private:
    explicit JsonBody(QJsonObject object) : m_object(std::move(object)) { }
    QJsonObject m_object;
};

/// The token of an `Authorization: Bearer <token>` header, if there is a well-formed one.
std::optional<QString> bearerToken(const QHttpServerRequest &request);

} // namespace tq::server
