#include "core/protocol/platformclient.h"

#include "core/protocol/platformauth.h"
#include "core/protocol/routes.h"

#include <QJsonDocument>

namespace tq {

PlatformClient::PlatformClient(const QUrl &serverUrl, QString platformCode, QByteArray secret, QObject *parent)
    : QObject(parent), m_api(serverUrl, nullptr, this), m_code(std::move(platformCode)), m_secret(std::move(secret))
{
}

ApiJob *PlatformClient::signedRequest(const QByteArray &verb, const QString &path, const QByteArray &body,
                                      QList<std::pair<QByteArray, QByteArray>> extraHeaders)
{
    const QUrl url = m_api.urlFor(path);
    QByteArray target = url.path(QUrl::FullyEncoded).toUtf8();
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toUtf8();
    const auto headers = PlatformAuth::sign(m_secret, verb, target, m_code, body);
    extraHeaders.append(headers.toRaw());
    return m_api.send(verb, path, body, extraHeaders);
}

ApiJob *PlatformClient::createTransaction(const QJsonObject &request)
{
    return signedRequest("POST", routes::PlatformTransactions,
                         QJsonDocument(request).toJson(QJsonDocument::Compact));
}

ApiJob *PlatformClient::poll(const QString &tId, const QString &pollToken)
{
    return signedRequest("GET", routes::withArg(routes::PlatformTransaction, tId), {},
                         {{QByteArray(PlatformAuth::PollTokenHeader), pollToken.toLatin1()}});
}

ApiJob *PlatformClient::exchangeAccessToken(const QString &accessToken)
{
    return signedRequest("POST", routes::PlatformAccessTokens,
                         QJsonDocument(QJsonObject{{QStringLiteral("accessToken"), accessToken}}).toJson(QJsonDocument::Compact));
}

} // namespace tq
