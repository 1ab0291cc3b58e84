#pragma once

#include "core/common/error.h"

#include <QHostAddress>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>

#include <utility>

namespace tq::server {

class Database;
class MasterKey;
class PlatformRegistry;
struct Platform;

/// Delivers scan callbacks to platforms (docs/qr-protocol.md §8): each event is stored first,
/// then POSTed as signed JSON with QNetworkAccessManager (never blocking the server thread),
/// and retried with exponential backoff until a 2xx answer or `maxAttempts`. Retries reuse
/// the eventId and body. Stored bodies are sealed under the master key (a login's body carries
/// its one-time access token). Each attempt looks the callback host up once and connects to the
/// address it found (the Host header and TLS name stay the registered host), so what was checked
/// is what is reached; unless private targets are allowed, an attempt whose host has any private
/// address (CallbackTarget::isPrivate) is refused and counted as a failed attempt. Lives on the
/// server thread, where it delivers; enqueue() and deliver() may be called from any thread. Owns
/// its network manager.
class CallbackDispatcher : public QObject {
    Q_OBJECT
public:
    static constexpr int TransferTimeoutMs = 10000;

    /// `privateCallbackTargets`: ServerConfig::privateCallbackTargets.
    CallbackDispatcher(Database &db, const MasterKey &masterKey, PlatformRegistry &platforms, int retryBaseMs,
                       int maxAttempts, bool privateCallbackTargets = true, QObject *parent = nullptr);

    /// Stores the event `type` ("01"…"06") for transaction `tId` on the calling thread's
    /// connection, inside the caller's transaction if there is one, and returns its eventId; pass
    /// that to deliver() once the event is committed. The body is
    /// `{"eventId","type","platformCode","tId","createdAt","data"}`.
    Result<QString> enqueue(const Platform &platform, const QString &tId, const QString &type, const QJsonObject &data);
    /// Starts delivering the committed event `eventId` on the dispatcher's thread.
    void deliver(const QString &eventId);
    /// Restarts delivery of stored events that are neither delivered nor out of attempts (after a restart).
    void resumePending();

Q_SIGNALS:
    /// An attempt finished; `delivered` is false for a failure that may be retried.
    void attempted(const QString &eventId, bool delivered);

private:
    /// When an attempt is added to the stored count: before sending (retries, resumed events),
    /// or with its outcome (a new event's first attempt).
    enum class Count { BeforeSending, AfterSending };
    void queueAttempt(const QString &eventId, Count count);
    void attempt(const QString &eventId, Count count);
    void finished(const QString &eventId, int attempts, Count count, bool delivered);
    void send(const QString &eventId, int attempts, Count count, const QUrl &url, const QHostAddress &address,
              const QByteArray &body, const QList<std::pair<QByteArray, QByteArray>> &headers);

    Database &m_db;
    const MasterKey &m_masterKey;
    PlatformRegistry &m_platforms;
    int m_retryBaseMs;
    int m_maxAttempts;
    bool m_privateCallbackTargets;
    QNetworkAccessManager m_network;
};

} // namespace tq::server
