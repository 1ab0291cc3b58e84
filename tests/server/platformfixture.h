#pragma once

// The fixture shared by the scan-protocol tests (tst_platform_*): a real server on loopback,
// devices with certificates from its CA, registered platforms and a receiver for their
// callbacks. The device side is done with core (KeyPair, SignedData, Binding), as the app does it.
#include "tests/server/testserver.h"

#include "core/crypto/keypair.h"
#include "core/crypto/x509.h"
#include "core/protocol/platformauth.h"

#include <QHttpServer>
#include <QTcpServer>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>

namespace tq::server::test {

inline const QString PlatformA = QStringLiteral("C1100005553");
inline const QString PlatformB = QStringLiteral("E3308010416");
inline const QString DocsOrigin = QStringLiteral("https://docs.example.cn");
inline const QString OtherPhone = QStringLiteral("13900139000");

/// Lenient base64 of a JSON string (what a test reads back; malformed input gives garbage).
QByteArray unbase64(const QJsonValue &value);
/// Compact JSON bytes of `object`.
QByteArray compact(const QJsonObject &object);

/// One callback as the platform's receiver saw it.
struct ReceivedCallback {
    QByteArray path;
    QByteArray body;
    QJsonObject json;
    PlatformAuth::SignedHeaders headers;
    bool headersOk = false;
    QByteArray host; ///< the Host header
};

/// The platform's callback endpoint on a free loopback port: records every POST and answers
/// with the next queued status (200 once the queue is empty). Main thread.
class CallbackReceiver {
public:
    CallbackReceiver();

    QString url() const { return QStringLiteral("http://127.0.0.1:%1/callback").arg(m_tcp->serverPort()); }
    void failNext(int times) { m_statuses = QList<int>(times, 500); }
    const QList<ReceivedCallback> &received() const { return m_received; }
    /// Waits until `count` callbacks arrived; false on time-out.
    bool waitFor(qsizetype count);
    /// Callbacks of `type`, in arrival order.
    QList<ReceivedCallback> ofType(const QString &type) const;

private:
    QHttpServer m_http;
    QTcpServer *m_tcp = nullptr;
    QList<ReceivedCallback> m_received;
    QList<int> m_statuses;
};

/// Counts the log messages that contain `text` while it lives (from any thread), and passes
/// every message on to the handler installed before it, so QTest::ignoreMessage still applies.
/// One at a time.
class LogWatcher {
public:
    explicit LogWatcher(QString text);
    ~LogWatcher();
    LogWatcher(const LogWatcher &) = delete;
    LogWatcher &operator=(const LogWatcher &) = delete;
    int count() const { return m_count.load(); }

private:
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message);

    QString m_text;
    std::atomic<int> m_count{0};
    QtMessageHandler m_previous = nullptr;
};

/// The base of each tst_platform_* test: a fresh server (ServerTestCase) and callback receiver
/// per test function, and the parties of a scan. Main thread.
class PlatformTestCase : public ServerTestCase {
protected:
    /// A verified account with an SM2 signing key, its certificate and the KMC's encryption key.
    struct Device {
        QString token;
        std::optional<KeyPair> key;
        std::optional<KeyPair> encryptionKey;
        Certificate certificate;
        Certificate encryptionCertificate;
        QString certificateId;
        bool ok = false; ///< the signing certificate was issued
    };

    /// A registered platform: code, secret and its SM2 key for decrypt results.
    struct Rp {
        QString code;
        QByteArray secret;
        std::optional<KeyPair> key;
    };

    /// The platforms' callback endpoint; a fresh one for each test function (see prepare()).
    std::unique_ptr<CallbackReceiver> m_receiver;
    /// A new verified account `phone` with a certificate for a fresh `algorithm` key.
    Device device(const QString &phone = TestPhone, KeyAlgorithm algorithm = KeyAlgorithm::Sm2);
    /// Registers the platform `code` (with an SM2 encryption key if `withKey`), calling back m_receiver.
    Rp platform(const QString &code = PlatformA, bool withKey = true);
    /// The platform API and the device's scan routes, as their callers send them.
    HttpReply create(const Rp &rp, const QJsonObject &body);
    HttpReply poll(const Rp &rp, const QString &tId, const QString &pollToken);
    HttpReply claim(const QString &token, const HttpReply &created);
    HttpReply submit(const Device &d, const QString &tId, const QJsonObject &body);

    /// What the app does after the user confirmed: the binding signature over the view, one
    /// SignedData per item (over `digestOverride` instead of a declared digest if given), and
    /// every envelope re-encrypted to the platform key.
    static QJsonObject deviceResult(const Device &d, const QJsonObject &view, const QByteArray &digestOverride = {});

    /// create → claim → result; the result reply.
    HttpReply roundTrip(const Rp &rp, const Device &d, const QJsonObject &request, HttpReply *created = nullptr);
    /// Transaction requests: sign one SM3 hash (key h1), sign or seal a document at DocsOrigin
    /// (key bid-1), decrypt session keys enveloped to `d`'s encryption certificate (keys AH-n).
    static QJsonObject hashesRequest(const QByteArray &digest = QByteArray(32, '\x11'));
    static QJsonObject documentRequest(const QString &action, const QByteArray &document);
    QJsonObject decryptRequest(const Device &d, const QList<QByteArray> &sessionKeys);

    /// Rows in the server's database.
    qint64 transactionCount();

    /// Fast callback retries, several HTTP threads, a fresh callback receiver.
    void prepare(server::ServerConfig &config) override;

    /// A claim or a result as a request for TestServer::sendConcurrently().
    HttpRequest claimRequest(const QString &token, const HttpReply &created) const;

    HttpRequest resultRequest(const Device &d, const QString &tId, const QJsonObject &body) const;

    qint64 undeliveredCallbacks();
};

} // namespace tq::server::test
