#include "core/protocol/apiclient.h"

#include "core/protocol/authenticatedclient.h"
#include "core/common/logging.h"
#include "core/common/apierrors.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace tq {

ApiJob::ApiJob(QNetworkAccessManager *nam, QByteArray verb, QUrl url, QByteArray body, QString bearer,
               QObject *parent)
    : Job(parent), m_nam(nam), m_verb(std::move(verb)), m_url(std::move(url)), m_body(std::move(body)),
      m_bearer(std::move(bearer))
{
}

void ApiJob::run()
{
    send();
}

void ApiJob::send()
{
    if (m_auth)
        m_bearer = m_auth->accessToken();
    if (!m_nam) {
        fail({ApiError::Network, QStringLiteral("network stack is gone")});
        return;
    }
    QNetworkRequest request(m_url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Accept", "application/json");
    if (!m_bearer.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_bearer.toLatin1());
    for (const auto &[name, value] : std::as_const(m_headers))
        request.setRawHeader(name, value);
    request.setTransferTimeout(ApiClient::TransferTimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    m_reply = m_nam->sendCustomRequest(request, m_verb, m_body);
    connect(m_reply, &QNetworkReply::finished, this, &ApiJob::onReplyFinished);
    qCDebug(lcCoreApi) << "->" << m_verb << m_url.path();
}

void ApiJob::abort()
{
    QObject::disconnect(m_renewal);
    if (QNetworkReply *reply = std::exchange(m_reply, nullptr)) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void ApiJob::retryWithRenewedToken(Error unauthorized)
{
    m_retried = true;
    // Another call may have renewed the token while this one was on the way.
    if (m_auth->accessToken() != m_bearer)
        return send();
    Job *renewal = m_auth->renewAccessToken();
    m_renewal = connect(renewal, &Job::finished, this, [this, unauthorized = std::move(unauthorized)](Job *renewed) {
        if (!renewed->hasError())
            return send();
        // Unreachable server: say so; a refused renewal: the call stays unauthorized.
        fail(renewed->error().is(ApiError::Network) ? renewed->error() : unauthorized);
    });
    renewal->start();
}

void ApiJob::onReplyFinished()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    m_status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray payload = reply->readAll();
    qCDebug(lcCoreApi) << "<-" << m_verb << m_url.path() << m_status;

    if (m_status == 0) {
        // No HTTP answer at all: refused, timed out, TLS failure.
        qCWarning(lcCoreApi) << "request failed:" << m_url.path() << reply->errorString();
        fail({ApiError::Network, reply->errorString()});
        return;
    }
    QJsonObject object;
    if (!payload.isEmpty()) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(payload, &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
            fail({ApiError::BadResponse, QStringLiteral("HTTP %1 with a body that is not a JSON object").arg(m_status)});
            return;
        }
        object = doc.object();
    }
    if (m_status >= 200 && m_status < 300) {
        m_data = object;
        finish();
        return;
    }
    const QString code = object.value(u"code").toString();
    if (code.isEmpty()) {
        fail({ApiError::BadResponse, QStringLiteral("HTTP %1 without an error code").arg(m_status)});
        return;
    }
    Error error(code, object.value(u"message").toString(), object.value(u"details").toObject().toVariantMap());
    if (m_status == 401 && m_auth && !m_retried)
        return retryWithRenewedToken(std::move(error));
    fail(std::move(error));
}

ApiClient::ApiClient(QUrl baseUrl, QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent), m_baseUrl(std::move(baseUrl)), m_nam(nam)
{
    if (!m_nam) {
        m_nam = new QNetworkAccessManager(this);
        m_nam->setStrictTransportSecurityEnabled(true);
        m_nam->setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
        m_nam->setTransferTimeout(TransferTimeoutMs);
    }
}

ApiJob *ApiClient::get(const QString &path, const QString &bearer)
{
    return make("GET", path, {}, bearer);
}

ApiJob *ApiClient::post(const QString &path, const QJsonObject &body, const QString &bearer)
{
    return make("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact), bearer);
}

ApiJob *ApiClient::del(const QString &path, const QString &bearer)
{
    return make("DELETE", path, {}, bearer);
}

DownloadJob *ApiClient::download(const QUrl &url, qint64 maxBytes)
{
    return new DownloadJob(m_nam, url, maxBytes, this);
}

DownloadJob::DownloadJob(QNetworkAccessManager *nam, QUrl url, qint64 maxBytes, QObject *parent)
    : Job(parent), m_nam(nam), m_url(std::move(url)), m_maxBytes(maxBytes)
{
}

void DownloadJob::run()
{
    if (!m_nam || !(m_url.scheme() == u"https" || m_url.scheme() == u"http"))
        // A document URL's query may carry a signed token: it stays out of logs and stderr.
        return fail({ApiError::Network, QStringLiteral("cannot download %1")
                                            .arg(m_url.toDisplayString(QUrl::RemoveQuery | QUrl::RemoveUserInfo))});
    QNetworkRequest request(m_url);
    request.setTransferTimeout(ApiClient::TransferTimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    QNetworkReply *reply = m_nam->get(request);
    m_reply = reply;
    connect(reply, &QNetworkReply::downloadProgress, this, &DownloadJob::progress);
    connect(reply, &QNetworkReply::readyRead, this, [this, reply] {
        m_data += reply->readAll();
        // Stop reading at once: a platform must not make the device hold more than it declared.
        if (m_data.size() > m_maxBytes) {
            reply->disconnect(this);
            reply->abort();
            reply->deleteLater();
            m_data.clear();
            fail({ApiError::PayloadTooLarge, QStringLiteral("the download is larger than declared")});
        }
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        m_data += reply->readAll();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() != QNetworkReply::NoError || status < 200 || status >= 300)
            return fail({ApiError::Network, reply->errorString()});
        if (m_data.size() > m_maxBytes)
            return fail({ApiError::PayloadTooLarge, QStringLiteral("the download is larger than declared")});
        finish();
    });
}

void DownloadJob::abort()
{
    if (QNetworkReply *reply = m_reply.data()) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

QUrl ApiClient::urlFor(const QString &path) const
{
    QUrl url = m_baseUrl;
    const QString base = url.path().endsWith(u'/') ? url.path().chopped(1) : url.path();
    const int query = path.indexOf(u'?');
    url.setPath(base + QStringLiteral("/api/v1") + (query < 0 ? path : path.left(query)));
    if (query >= 0)
        url.setQuery(path.mid(query + 1));
    return url;
}

ApiJob *ApiClient::make(const QByteArray &verb, const QString &path, const QByteArray &body, const QString &bearer)
{
    return new ApiJob(m_nam, verb, urlFor(path), body, bearer, this);
}

ApiJob *ApiClient::send(const QByteArray &verb, const QString &path, const QByteArray &body,
                        const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    auto *job = make(verb, path, body, {});
    job->m_headers = headers;
    return job;
}

} // namespace tq
