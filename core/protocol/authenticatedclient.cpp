#include "core/protocol/authenticatedclient.h"

namespace tq {

AuthenticatedClient::AuthenticatedClient(ApiClient *api, AccessTokenSource *tokens, QObject *parent)
    : QObject(parent), m_api(api), m_tokens(tokens)
{
}

ApiJob *AuthenticatedClient::get(const QString &path)
{
    return bind(m_api->get(path));
}

ApiJob *AuthenticatedClient::post(const QString &path, const QJsonObject &body)
{
    return bind(m_api->post(path, body));
}

ApiJob *AuthenticatedClient::del(const QString &path)
{
    return bind(m_api->del(path));
}

ApiJob *AuthenticatedClient::bind(ApiJob *job)
{
    job->m_auth = this; // the token is read when the request is sent, so a retry gets the new one
    return job;
}

} // namespace tq
