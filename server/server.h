#pragma once

#include "core/common/error.h"
#include "core/crypto/passwordhash.h"
#include "core/crypto/twoparty.h"
#include "server/http/routeinfo.h"
#include "server/operators/operatorservice.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QUrl>

#include <memory>

namespace tq::server {

/// How to run the back-end.
struct ServerConfig {
    QString databaseUrl; ///< sqlite:PATH or postgresql://user:pass@host:port/dbname
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 0; ///< 0 picks a free port
    /// Sandbox mode: sandbox providers (SMS outbox, every identity matches), the sandbox routes
    /// (/api/v1/sandbox/*) and a SANDBOX banner on the console. Production (false): the webhook
    /// providers below, no sandbox routes, platforms registered only by operators.
    bool sandbox = true;
    /// Sandbox mode serves every SMS code without a credential, so it listens only on a
    /// loopback address unless this is set (tongqian-server --sandbox-on-network).
    bool sandboxOnNetwork = false;
    /// Production providers (WebhookClient): the SMS gateway endpoint, the identity endpoint
    /// (name ↔ ID number and face liveness) and the file holding their shared HMAC secret.
    QUrl smsWebhookUrl;
    QUrl identityWebhookUrl;
    QString providerSecretPath;
    PasswordHash::Params passwordParams; ///< scrypt cost for new password hashes
    /// 32-byte master key file sealing ID numbers and CA/escrow keys. Empty: in sandbox mode,
    /// `<database file>.masterkey` beside a SQLite database, created (0600) if missing.
    QString masterKeyPath;
    /// Public URL prefix written into certificates' CRL distribution points and scan QR codes;
    /// empty: baseUrl().
    QUrl publicUrl;
    /// Scan protocol: seconds a QR code can be claimed (default and maximum of expiresIn), and
    /// seconds from claim to result.
    qint64 scanTicketLifetime = 120;
    qint64 scanResultLifetime = 300;
    /// Platform callbacks: first retry delay (doubling each time) and the number of attempts.
    int callbackRetryBaseMs = 1000;
    int callbackMaxAttempts = 6;
    /// Whether platform callback URLs may point at loopback, private (RFC 1918, fc00::/7),
    /// link-local, CGNAT (100.64/10), unspecified, multicast or reserved addresses (also in their
    /// IPv4-mapped forms). Allowed in the sandbox, where platforms run on the same machine;
    /// production sets false (tongqian-server does): then such a URL is refused at registration, and at each delivery
    /// the host is resolved once, every address checked, and the checked address connected to.
    bool privateCallbackTargets = true;
    /// Two-party keys: successful decryptions allowed per key and hour (the decryption half is an
    /// oracle for the server share, docs/key-custody.md).
    int cosignDecryptionsPerHour = 120;
    /// Two-party keys: successful signatures allowed per key and hour (CosignLimits).
    int cosignSignaturesPerHour = 1000;
    /// Two-party keys: the least scrypt cost of a new PIN record's verifier, named to devices with
    /// each PIN challenge (docs/key-custody.md); existing records keep theirs until the PIN changes.
    PasswordHash::Params cosignPinCost = twoparty::DefaultPinCost;
    /// Valid signing pairs one person may hold per CA institution (CaLimits; docs/server.md).
    int activeSigningPairsPerPerson = 2;
    /// Threads that accept connections and run request handlers; 0: twice the number of CPUs,
    /// at least 2.
    int httpThreads = 0;
};

/// The reference back-end: opens and migrates the database, then serves the JSON API under
/// /api/v1, the operator console under /console and, in sandbox mode only, the sandbox routes
/// (/api/v1/sandbox/…) over HTTP.
///
/// Thread affinity: create, start, stop and destroy it on one thread with an event loop; that
/// thread delivers the platform callbacks. Requests are handled on `httpThreads` threads of the
/// server's own, each with its own listening socket on the port (SO_REUSEPORT): the scan protocol's
/// routes (platform transactions, claims, results) and the health check run concurrently; every
/// other route runs one request at a time, as on a single thread. stop() lets each thread finish
/// the request it is handling and send its answer. Owns its database and listener.
class Server : public QObject {
    Q_OBJECT
public:
    explicit Server(ServerConfig config, QObject *parent = nullptr);
    ~Server() override;

    /// Opens the database, applies migrations and starts listening. Errors say what failed
    /// (bad URL, database cannot open, port taken, sandbox mode on a non-loopback address
    /// without sandboxOnNetwork, production mode without its provider endpoints and secret).
    /// Calling it while running does nothing.
    Result<void> start();
    /// Stops listening and closes the database; start() may be called again.
    void stop();

    /// The routes the running server answers (empty when stopped), in registration order: what
    /// the route-coverage and authorisation tests compare with docs/openapi.yaml.
    QList<RouteInfo> routes() const;

    bool isRunning() const;
    /// The listening port (0 when stopped).
    quint16 port() const;
    /// e.g. http://127.0.0.1:PORT (empty when stopped); a wildcard listen address gives the
    /// loopback address, so the URL is always one this machine can connect to.
    QUrl baseUrl() const;
    /// "sandbox" or "production", as /api/v1/health reports it.
    QString modeName() const;

    /// Bootstraps an operator without a running server (`tongqian-server operator add`): opens
    /// and migrates `config`'s database, loads its master key as start() would and adds the
    /// operator (audited with the actor "server"). The enrolment holds the TOTP secret, to be
    /// shown once.
    static Result<OperatorEnrolment> addOperator(const ServerConfig &config, const QString &name, OperatorRole role,
                                                 const QString &password);

private:
    struct Running;
    ServerConfig m_config;
    std::unique_ptr<Running> m_running;
};

} // namespace tq::server
