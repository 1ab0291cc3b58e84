#pragma once

#include "core/common/job.h"
#include "core/crypto/keypair.h"
#include "core/crypto/x509.h"
#include "core/protocol/scancontent.h"
#include "demo-platform/records.h"

#include <QDateTime>
#include <QHash>
#include <QHostAddress>
#include <QLoggingCategory>
#include <QObject>
#include <QSet>
#include <QUrl>

#include <memory>
#include <optional>

Q_DECLARE_LOGGING_CATEGORY(lcDemo)

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponse;
class QTcpServer;
class QTimer;

namespace tq {
class ApiClient;
class PlatformClient;
struct TrustAnchors;
}

namespace tq::demo {

/// Where the server delivers this platform's callbacks: registered as its callback URL and
/// routed here; the signature covers the path, so both must be this one.
inline constexpr char CallbackPath[] = "/callback";

/// The demo trading platform: a small web application that is a real
/// relying party of a Tongqian server. It registers itself in sandbox mode (secret and SM2
/// encryption key kept in owner-only files of the data directory), creates transactions for
/// login, sign, seal, message signature, encrypt, bid submission and bid opening through the
/// HMAC-signed platform API, shows their QR codes, learns results from verified callbacks and
/// by polling, and verifies every result itself with the shared verifier (core/verify: chain,
/// CRL, binding, SignedData, envelopes).
///
/// One concern per file: demoplatform.cpp is the platform-API side (registration, creating
/// transactions, callbacks, polling), routes.cpp the web side (routes, forms; HTML in pages.cpp
/// and web/), resultcheck.cpp what happens when a result arrives (trust anchors, verification,
/// bid sealing and opening, the login token exchange).
///
/// Lives on the thread that created it (its HTTP server and network calls run there); bids and
/// transactions are kept in memory for the life of the process.
class DemoPlatform : public QObject {
    Q_OBJECT
public:
    struct Options {
        QUrl serverUrl;                          ///< the Tongqian server's base URL
        QHostAddress address = QHostAddress::LocalHost;
        quint16 port = 8090;                     ///< 0 picks a free port
        QString dataDir;                         ///< where the secret and key files live
        QString code = QStringLiteral("C1100005553");
        QString name = QStringLiteral("通签演示交易平台 Tongqian demo trading platform");
        int pollIntervalMs = 2000;
        /// false: answer callbacks 503 and learn results by polling only, as a platform the
        /// server cannot reach would (the server retries, then gives up).
        bool callbacks = true;
    };
    using Kind = TransactionKind;

    explicit DemoPlatform(Options options, QObject *parent = nullptr);
    ~DemoPlatform() override;

    /// Listens, then registers with the server unless the data directory already holds a
    /// registration for this server, code and origin. Started; fails with the reason.
    Job *start();
    /// http://address:port of the running platform (its origin).
    QUrl url() const;
    /// The status of the transaction `tId` (pending, scanned, verifying, verified, failed,
    /// rejected, expired) or an empty string if unknown.
    QString status(const QString &tId) const;
    /// How many callbacks were rejected (bad signature, stale, replayed nonce, malformed).
    int rejectedCallbacks() const { return m_rejectedCallbacks; }
    /// How many callbacks passed the signature check and were taken (duplicates not counted).
    int acceptedCallbacks() const { return m_acceptedCallbacks; }

    static constexpr qsizetype MaxUploadBytes = 1024 * 1024;
    static constexpr qsizetype MaxCallbackBytes = 256 * 1024;
    /// Uploaded documents and bids kept in memory, at most.
    static constexpr qsizetype MaxStoredFiles = 200;

private:
    using Transaction = TransactionRecord;
    using Bid = BidRecord;

    Result<void> loadOrCreateKey();
    void registerPlatform(ComposedJob *job);
    void addRoutes();
    /// Creates the transaction on the server in the background; its local reference at once.
    QString createTransaction(Kind kind, ScanContent content, const QString &what, const QString &bidId);
    QHttpServerResponse startTransaction(Kind kind, ScanContent content, const QString &what,
                                         const QString &bidId = {});
    QHttpServerResponse startFromForm(Kind kind, const QHttpServerRequest &request);
    QHttpServerResponse bidOpening(const QString &bidId);
    QHttpServerResponse callback(const QHttpServerRequest &request);
    void pollAll();
    void onResult(const QString &tId, const QJsonObject &result, const QString &accessToken);
    void fetchChain(const QString &tId, const QJsonObject &result, const QString &caOrg);
    void fetchCrl(const QString &tId, const QJsonObject &result, const QString &caOrg, const Certificate &issuing,
                  const Certificate &root);
    void finishVerification(const QString &tId, const QJsonObject &result, const TrustAnchors &anchors);
    void exchangeAccessToken(const QString &tId);
    void fail(const QString &tId, const QString &reason);
    Transaction *byTId(const QString &tId);
    const Transaction *byTId(const QString &tId) const;

    Options m_options;
    std::unique_ptr<QHttpServer> m_http;
    QTcpServer *m_tcp = nullptr;
    std::unique_ptr<ApiClient> m_api;
    std::unique_ptr<PlatformClient> m_client;
    std::optional<KeyPair> m_encryptionKey;
    QByteArray m_secret;
    QTimer *m_pollTimer = nullptr;
    QHash<QString, std::shared_ptr<Transaction>> m_transactions; ///< by local reference and by tId
    QHash<QString, std::shared_ptr<Bid>> m_bids;
    QHash<QString, QByteArray> m_documents; ///< documents we host for sealing, by id
    QHash<QString, qint64> m_seenNonces;
    QSet<QString> m_seenEvents;
    int m_rejectedCallbacks = 0;
    int m_acceptedCallbacks = 0;
};

} // namespace tq::demo
