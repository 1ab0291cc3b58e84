#pragma once

#include "core/common/job.h"
#include "core/common/apierrors.h"

#include <QJsonObject>
#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace tq {

class AuthenticatedClient;

/// One JSON request to the Tongqian API. Finishes with `data()` (the response object, empty
/// for 204) and `httpStatus()`, or with an Error: the server's `{code, message, details}`,
/// or ApiError::Network / ApiError::BadResponse when no usable answer came back.
/// cancel() aborts the reply in flight.
class ApiJob : public Job {
    Q_OBJECT
public:
    const QJsonObject &data() const { return m_data; }
    int httpStatus() const { return m_status; }

protected:
    void run() override;
    void abort() override;

private:
    friend class ApiClient;
    friend class AuthenticatedClient;
    ApiJob(QNetworkAccessManager *nam, QByteArray verb, QUrl url, QByteArray body, QString bearer,
           QObject *parent);
    QList<std::pair<QByteArray, QByteArray>> m_headers;
    void send();
    void onReplyFinished();
    /// After a 401 on an authenticated call: retry once with a renewed access token.
    void retryWithRenewedToken(Error unauthorized);

    QPointer<QNetworkAccessManager> m_nam;
    QPointer<AuthenticatedClient> m_auth; ///< set for calls made through an AuthenticatedClient
    bool m_retried = false;
    QMetaObject::Connection m_renewal;
    QByteArray m_verb;
    QUrl m_url;
    QByteArray m_body;
    QString m_bearer;
    QNetworkReply *m_reply = nullptr;
    QJsonObject m_data;
    int m_status = 0;
};

/// A plain HTTP GET of a file outside the API (a document a platform offers for signing).
/// Fails with `network` when unreachable or not 2xx, and with `payload_too_large` as soon as
/// more than the allowed bytes arrive.
class DownloadJob : public Job {
    Q_OBJECT
public:
    const QByteArray &data() const { return m_data; }

Q_SIGNALS:
    void progress(qint64 received, qint64 total);

protected:
    void run() override;
    void abort() override;

private:
    friend class ApiClient;
    DownloadJob(QNetworkAccessManager *nam, QUrl url, qint64 maxBytes, QObject *parent);

    QPointer<QNetworkAccessManager> m_nam;
    QPointer<QNetworkReply> m_reply;
    QUrl m_url;
    qint64 m_maxBytes;
    QByteArray m_data;
};

/// Talks JSON to a Tongqian server under `<baseUrl>/api/v1`. Owns (or is given) one hardened
/// QNetworkAccessManager: no redirects to less safe schemes, HSTS honoured, transfer timeout,
/// TLS errors never ignored. Lives on the thread that created it.
class ApiClient : public QObject {
    Q_OBJECT
public:
    /// `nam` may be injected (tests); the client does not take ownership of an injected one.
    explicit ApiClient(QUrl baseUrl, QNetworkAccessManager *nam = nullptr, QObject *parent = nullptr);

    QUrl baseUrl() const { return m_baseUrl; }
    void setBaseUrl(const QUrl &url) { m_baseUrl = url; }

    /// Creates (does not start) a request. `path` is relative to /api/v1, e.g. "/sessions".
    /// `bearer` is the access token for authenticated calls (never logged).
    ApiJob *get(const QString &path, const QString &bearer = {});
    ApiJob *post(const QString &path, const QJsonObject &body, const QString &bearer = {});
    ApiJob *del(const QString &path, const QString &bearer = {});
    /// Creates (does not start) a download of `url` (absolute, http or https) of at most
    /// `maxBytes`, through the same hardened network stack.
    DownloadJob *download(const QUrl &url, qint64 maxBytes);
    /// The URL of `path` (relative to /api/v1, may carry a query), as make() builds it.
    QUrl urlFor(const QString &path) const;
    /// Creates (does not start) a request with extra raw headers (platform signatures).
    ApiJob *send(const QByteArray &verb, const QString &path, const QByteArray &body,
                 const QList<std::pair<QByteArray, QByteArray>> &headers);

    static constexpr int TransferTimeoutMs = 15000;

private:
    ApiJob *make(const QByteArray &verb, const QString &path, const QByteArray &body, const QString &bearer);

    QUrl m_baseUrl;
    QNetworkAccessManager *m_nam;
};

} // namespace tq
