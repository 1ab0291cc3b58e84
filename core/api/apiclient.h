#pragma once

#include "core/common/job.h"

#include <QJsonObject>
#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace tq {

/// One JSON request to the Tongqian API. Finishes with `data()` (the response object, empty
/// for 204) and `httpStatus()`, or with an Error: the server's `{code, message, details}`,
/// or ErrorCode::Network / ErrorCode::BadResponse when no usable answer came back.
class ApiJob : public Job {
    Q_OBJECT
public:
    const QJsonObject &data() const { return m_data; }
    int httpStatus() const { return m_status; }

protected:
    void run() override;

private:
    friend class ApiClient;
    ApiJob(QNetworkAccessManager *nam, QByteArray verb, QUrl url, QByteArray body, QString bearer,
           QObject *parent);
    void onReplyFinished();

    QPointer<QNetworkAccessManager> m_nam;
    QByteArray m_verb;
    QUrl m_url;
    QByteArray m_body;
    QString m_bearer;
    QNetworkReply *m_reply = nullptr;
    QJsonObject m_data;
    int m_status = 0;
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

    static constexpr int TransferTimeoutMs = 15000;

private:
    ApiJob *make(const QByteArray &verb, const QString &path, const QByteArray &body, const QString &bearer);

    QUrl m_baseUrl;
    QNetworkAccessManager *m_nam;
};

} // namespace tq
