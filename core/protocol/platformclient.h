#pragma once

#include "core/protocol/apiclient.h"

#include <QJsonObject>

namespace tq {

/// A trading platform's side of the Tongqian platform API (docs/qr-protocol.md §4–§9): every
/// request signed with the platform's HMAC secret. Used by the demo trading platform, the
/// tests and the benches. Lives on the thread that created it.
class PlatformClient : public QObject {
    Q_OBJECT
public:
    PlatformClient(const QUrl &serverUrl, QString platformCode, QByteArray secret, QObject *parent = nullptr);

    QString platformCode() const { return m_code; }
    /// POST /platform/transactions; data() is {tId, qrContent, pollToken, expiresAt}. Not started.
    ApiJob *createTransaction(const QJsonObject &request);
    /// GET /platform/transactions/{tId} with the poll token. Not started.
    ApiJob *poll(const QString &tId, const QString &pollToken);
    /// POST /platform/access-tokens: the login result behind a one-time access token. Not started.
    ApiJob *exchangeAccessToken(const QString &accessToken);

private:
    ApiJob *signedRequest(const QByteArray &verb, const QString &path, const QByteArray &body,
                          QList<std::pair<QByteArray, QByteArray>> extraHeaders = {});

    ApiClient m_api;
    QString m_code;
    QByteArray m_secret;
};

} // namespace tq
