#include "server/server.h"

#include "core/crypto/x509.h"
#include "core/protocol/routes.h"
#include "server/accounts/accountroutes.h"
#include "server/accounts/accountservice.h"
#include "server/ca/caroutes.h"
#include "server/ca/certificateauthority.h"
#include "server/ca/kmc.h"
#include "server/ca/ordergate.h"
#include "server/console/consoleroutes.h"
#include "server/console/sandboxroutes.h"
#include "server/cosign/cosignroutes.h"
#include "server/cosign/cosignservice.h"
#include "server/db/database.h"
#include "server/db/migrations.h"
#include "server/http/apirouter.h"
#include "server/http/fronttcpserver.h"
#include "server/identity/identityroutes.h"
#include "server/identity/identityservice.h"
#include "server/keys/masterkey.h"
#include "server/logging.h"
#include "server/operators/auditlog.h"
#include "server/operators/operatorroutes.h"
#include "server/operators/operatorservice.h"
#include "server/operators/platformadministration.h"
#include "server/platform/callbackdispatcher.h"
#include "server/platform/platformregistry.h"
#include "server/platform/platformroutes.h"
#include "server/platform/scanservice.h"
#include "server/providers/webhookproviders.h"
#include "server/sms/sandboxsmsprovider.h"
#include "server/sms/smscodes.h"
#include "core/common/apierrors.h"

#include <QFile>
#include <QHttpServer>
#include <QMutex>
#include <QScopeGuard>
#include <QSemaphore>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>
#include <optional>

#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace tq::server {

namespace {

/// One HTTP front: a QHttpServer with every route on a thread of its own, accepting from its
/// own listening socket of the server's group (see sharedListener()).
class HttpThread : public QThread {
public:
    using Routes = std::function<void(ApiRouter &)>;

    /// Takes ownership of `listener`, a listening socket descriptor.
    HttpThread(int listener, QMutex &serial, Routes routes)
        : m_listener(listener), m_serial(serial), m_routes(std::move(routes))
    {
        setObjectName(QStringLiteral("tongqian-http"));
    }
    ~HttpThread() override
    {
        quit();
        wait();
        if (m_listener >= 0) // run() never took it
            ::close(m_listener);
    }

    /// Starts the thread and waits until it accepts connections.
    Result<void> startServing()
    {
        start();
        m_ready.acquire();
        return m_error.isEmpty() ? Result<void>() : Error(ApiError::Internal, m_error);
    }

    /// The routes this thread registered; valid once startServing() has returned.
    const QList<RouteInfo> &routes() const { return m_table; }

protected:
    void run() override
    {
        QHttpServer http;
        ApiRouter router(http, m_serial);
        m_routes(router);
        m_table = router.routes();
        // Sizes and framing are judged as the bytes arrive, before QHttpServer buffers a request.
        auto *tcp = new FrontTcpServer(RequestLimits{.maxBodyBytes = ApiRouter::MaxBodySize}, &http);
        if (!tcp->setSocketDescriptor(m_listener)) {
            m_error = QStringLiteral("An HTTP thread cannot accept connections: %1").arg(tcp->errorString());
            m_ready.release();
            return;
        }
        m_listener = -1;
        http.bind(tcp);
        m_ready.release();
        exec();
        // Answers to the last requests may still sit in the sockets' buffers; send them before
        // the sockets close with the server.
        for (QTcpSocket *socket : http.findChildren<QTcpSocket *>())
            socket->flush();
    }

private:
    int m_listener;
    QMutex &m_serial;
    Routes m_routes;
    QList<RouteInfo> m_table; ///< written before m_ready is released, read after
    QSemaphore m_ready;
    QString m_error;
};

/// A listening socket on `address`:`port` (IPv4, IPv6, or both for QHostAddress::Any, as
/// QTcpServer binds them) in a SO_REUSEPORT group: the kernel spreads new connections evenly
/// over the group's sockets, one per HTTP thread. Only sockets of the same user can join a
/// group. -1 with errno set on failure.
int sharedListener(const QHostAddress &address, quint16 port)
{
    sockaddr_storage storage{};
    socklen_t length = 0;
    const bool dualStack = address == QHostAddress(QHostAddress::Any);
    const bool ipv6 = dualStack || address.protocol() == QAbstractSocket::IPv6Protocol;
    if (ipv6) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        if (!dualStack) {
            const Q_IPV6ADDR bytes = address.toIPv6Address();
            std::memcpy(&in6->sin6_addr, bytes.c, sizeof bytes.c);
            if (!address.scopeId().isEmpty())
                in6->sin6_scope_id = ::if_nametoindex(address.scopeId().toLatin1().constData());
        }
        length = sizeof(sockaddr_in6);
    } else {
        auto *in4 = reinterpret_cast<sockaddr_in *>(&storage);
        in4->sin_family = AF_INET;
        in4->sin_port = htons(port);
        in4->sin_addr.s_addr = htonl(address.toIPv4Address());
        length = sizeof(sockaddr_in);
    }
    const int fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    const int on = 1;
    const int v6only = dualStack ? 0 : 1;
    const bool ok = ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) == 0
        && ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) == 0
        && (!ipv6 || ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof v6only) == 0)
        && ::bind(fd, reinterpret_cast<const sockaddr *>(&storage), length) == 0 && ::listen(fd, SOMAXCONN) == 0;
    if (!ok) {
        const int error = errno;
        ::close(fd);
        errno = error;
        return -1;
    }
    return fd;
}

int httpThreadCount(const ServerConfig &config)
{
    return config.httpThreads > 0 ? config.httpThreads : std::max(2, 2 * QThread::idealThreadCount());
}

} // namespace

/// The SMS and identity providers of the mode: the sandbox ones, or the operator's webhooks.
struct Providers {
    std::unique_ptr<SmsProvider> sms;
    SandboxSmsProvider *outbox = nullptr; ///< `sms` in sandbox mode, null in production
    std::unique_ptr<IdentityProvider> identity;
    std::unique_ptr<FaceLivenessProvider> liveness;
};

/// Everything that exists only while the server runs, in construction order: the HTTP
/// threads are stopped first, so no handler outlives the services it uses.
struct Server::Running {
    std::unique_ptr<Database> db;
    MasterKey masterKey;
    Providers providers;
    SmsCodeService codes{*db, masterKey, *providers.sms};
    SessionStore sessions{*db};
    AccountService accounts;
    IdentityService identities{*db, masterKey, *providers.identity, *providers.liveness};
    SandboxOrderGate orderGate;
    CosignService cosign;
    ApplicationProofs proofs{*db, identities, codes, *providers.sms};
    CertificateAuthority ca;
    PlatformRegistry platforms;
    AuditLog audit{*db};
    OperatorService operators;
    PlatformAdministration administration{*db, platforms, audit};
    CallbackDispatcher callbacks;
    ScanService scans;
    QMutex serialRoutes;
    quint16 port = 0;
    /// Last, so the HTTP threads stop before the services their handlers use go away.
    std::vector<std::unique_ptr<HttpThread>> httpThreads;

    Running(std::unique_ptr<Database> database, MasterKey key, Providers modeProviders, const ServerConfig &config)
        : db(std::move(database)), masterKey(std::move(key)), providers(std::move(modeProviders)), accounts(*db, codes, sessions, config.passwordParams),
          cosign(*db, masterKey, identities, CosignLimits{.decryptionsPerHour = config.cosignDecryptionsPerHour,
                                                          .signaturesPerHour = config.cosignSignaturesPerHour,
                                                          .pinCost = config.cosignPinCost}),
          ca(*db, masterKey, identities, orderGate, cosign, proofs,
             CaLimits{.activeSigningPairsPerPerson = config.activeSigningPairsPerPerson}),
          platforms(*db, masterKey, config.privateCallbackTargets),
          operators(*db, masterKey, audit, config.passwordParams),
          callbacks(*db, masterKey, platforms, config.callbackRetryBaseMs, config.callbackMaxAttempts,
                    config.privateCallbackTargets),
          scans(*db, ca, callbacks,
                ScanLimits{.ticketLifetime = config.scanTicketLifetime, .resultLifetime = config.scanResultLifetime})
    {
    }
};

namespace {

Result<MasterKey> loadMasterKey(const ServerConfig &config, const DatabaseUrl &url)
{
    if (!config.masterKeyPath.isEmpty())
        return config.sandbox ? MasterKey::loadOrCreate(config.masterKeyPath) : MasterKey::load(config.masterKeyPath);
    if (url.kind != DatabaseUrl::Kind::Sqlite)
        return Error(ApiError::Internal,
                     QStringLiteral("A PostgreSQL database needs a master key file; pass --master-key FILE."));
    return MasterKey::loadOrCreate(url.path + QStringLiteral(".masterkey"));
}

/// The sandbox providers, on `db`'s outbox.
Providers sandboxProviders(Database &db)
{
    Providers p;
    auto outbox = std::make_unique<SandboxSmsProvider>(db);
    p.outbox = outbox.get();
    p.sms = std::move(outbox);
    p.identity = std::make_unique<SandboxIdentityProvider>();
    p.liveness = std::make_unique<SandboxFaceLivenessProvider>();
    return p;
}

/// The webhook providers the operator configured for production.
Result<Providers> productionProviders(const ServerConfig &config)
{
    Providers p;
    if (config.providerSecretPath.isEmpty())
        return Error(ApiError::Internal, QStringLiteral("Production mode needs the providers' shared secret; pass "
                                                        "--provider-secret-file FILE."));
    QFile file(config.providerSecretPath);
    if (!file.open(QIODevice::ReadOnly))
        return Error(ApiError::Internal, QStringLiteral("Cannot read the provider secret file %1: %2")
                                              .arg(config.providerSecretPath, file.errorString()));
    QByteArray bytes = file.readAll().trimmed();
    const SecureBytes secret(bytes);
    SecureBytes::wipe(bytes);
    if (secret.size() < 16)
        return Error(ApiError::Internal,
                     QStringLiteral("The provider secret file must hold at least 16 bytes of secret."));
    WebhookClient sms(config.smsWebhookUrl, secret);
    WebhookClient identity(config.identityWebhookUrl, secret);
    if (!sms.valid() || !identity.valid())
        return Error(ApiError::Internal, QStringLiteral("Production mode needs an http(s) SMS gateway and identity "
                                                        "endpoint; pass --sms-webhook URL and --identity-webhook URL."));
    p.sms = std::make_unique<WebhookSmsProvider>(sms);
    p.identity = std::make_unique<WebhookIdentityProvider>(identity);
    p.liveness = std::make_unique<WebhookLivenessProvider>(identity);
    return p;
}

} // namespace

Server::Server(ServerConfig config, QObject *parent) : QObject(parent), m_config(std::move(config))
{
}

Server::~Server()
{
    stop();
}

Result<void> Server::start()
{
    if (m_running)
        return {};
    if (m_config.sandbox && !m_config.address.isLoopback()) {
        if (!m_config.sandboxOnNetwork)
            return Error(ApiError::Internal,
                         QStringLiteral("Sandbox mode shows every SMS code without a login, so it listens only on a "
                                        "loopback address such as 127.0.0.1. Listen on loopback, run in production "
                                        "mode, or pass --sandbox-on-network if this network is trusted."));
        qCWarning(lcServer).noquote()
            << "SANDBOX MODE ON A NETWORK ADDRESS: anyone who can reach" << m_config.address.toString()
            << "can read every SMS code and take over any account. Never do this outside a closed test network.";
    }
    // A configuration mistake is reported before the database is touched.
    std::optional<Providers> production;
    if (!m_config.sandbox) {
        auto providers = productionProviders(m_config);
        if (!providers)
            return providers.error();
        production = std::move(providers).value();
    }
    auto db = Database::open(m_config.databaseUrl);
    if (!db)
        return db.error();
    if (auto migrated = migrate(*db.value()); !migrated)
        return migrated;
    auto masterKey = loadMasterKey(m_config, db.value()->url());
    if (!masterKey)
        return masterKey.error();
    if (auto upgraded = Kmc(masterKey.value()).upgradeLegacyEscrow(*db.value()); !upgraded)
        return upgraded.error();
    else if (upgraded.value() > 0)
        qCInfo(lcServer) << "re-sealed" << upgraded.value() << "escrow rows for their certificates";
    Providers providers = production ? std::move(*production) : sandboxProviders(*db.value());

    auto running = std::make_unique<Running>(std::move(db).value(), std::move(masterKey).value(),
                                             std::move(providers), m_config);

    // A plain QTcpServer first: it gives a readable reason when the port is taken (also by
    // another server's SO_REUSEPORT group) and picks the port for port 0. The HTTP threads'
    // group then binds that port.
    {
        QTcpServer probe;
        if (!probe.listen(m_config.address, m_config.port))
            return Error(ApiError::Internal,
                         QStringLiteral("Cannot listen on %1 port %2: %3")
                             .arg(m_config.address.toString())
                             .arg(m_config.port)
                             .arg(probe.errorString()));
        running->port = probe.serverPort();
    }
    std::vector<int> listeners; // owned until the HTTP threads take them
    const auto closeListeners = qScopeGuard([&listeners] {
        for (const int fd : listeners)
            ::close(fd);
    });
    for (int i = 0; i < httpThreadCount(m_config); ++i) {
        const int fd = sharedListener(m_config.address, running->port);
        if (fd < 0)
            return Error(ApiError::Internal, QStringLiteral("Cannot listen on %1 port %2: %3")
                                                  .arg(m_config.address.toString())
                                                  .arg(running->port)
                                                  .arg(QString::fromLocal8Bit(std::strerror(errno))));
        listeners.push_back(fd);
    }
    m_running = std::move(running);
    // The CA needs the final URL for its CRL distribution points, so it starts after listening.
    const QUrl publicUrl = m_config.publicUrl.isEmpty() ? baseUrl() : m_config.publicUrl;
    m_running->ca.setBaseUrl(publicUrl);
    m_running->scans.setBaseUrl(publicUrl);
    m_running->callbacks.resumePending();
    if (auto ca = m_running->ca.ensureInstitution(QLatin1String(CertificateAuthority::SandboxCode),
                                                  QStringLiteral("Tongqian Sandbox CA"));
        !ca) {
        m_running.reset();
        return ca.error();
    }
    // Platforms pin the root out of band (docs/qr-protocol.md §13.1): the operator reads it here.
    if (auto chain = m_running->ca.chain(QLatin1String(CertificateAuthority::SandboxCode));
        chain && !chain.value().isEmpty()) {
        if (const auto root = Certificate::parse(chain.value().last()))
            qCInfo(lcServer).noquote() << "CA" << CertificateAuthority::SandboxCode << "root certificate SHA-256"
                                       << root.value().fingerprintText();
    }

    Running &r = *m_running;
    const QString databaseKind = r.db->url().kindName();
    const bool sandbox = m_config.sandbox;
    const QString mode = modeName();
    const ConsoleOptions console{.sandbox = sandbox, .secureCookies = publicUrl.scheme() == u"https"};
    const auto routes = [&r, databaseKind, sandbox, mode, console](ApiRouter &router) {
        // Concurrent: these handlers keep no state outside the database, their single-use
        // rules (nonces, tickets, results, access tokens) are single SQL statements or
        // transactions, and the services they call are safe from any thread.
        ApiRouter concurrent = router.concurrent();
        concurrent.get(routes::serverRoute(routes::Health), [databaseKind, mode](const QHttpServerRequest &) {
            return jsonResponse({{QStringLiteral("status"), QStringLiteral("ok")},
                                 {QStringLiteral("version"), QStringLiteral(TONGQIAN_VERSION)},
                                 {QStringLiteral("database"), databaseKind},
                                 {QStringLiteral("mode"), mode}});
        });
        addPlatformRoutes(concurrent, r.accounts, r.platforms, r.scans);
        // One at a time: their counters and limits (failed logins, SMS codes, PIN attempts,
        // decryptions per hour, CRL numbers) are read, then written.
        addAccountRoutes(router, r.accounts, r.sessions);
        addIdentityRoutes(router, r.accounts, r.identities);
        addCaRoutes(router, r.accounts, r.ca, r.proofs);
        addCosignRoutes(router, r.accounts, r.cosign);
        addOperatorRoutes(router, r.operators, r.administration, r.platforms, r.audit);
        addConsoleRoutes(router, console, r.operators, r.administration, r.platforms, r.audit, r.providers.outbox);
        if (sandbox) {
            addSandboxRoutes(router, *r.providers.outbox);
            addSandboxPlatformRoutes(router, r.platforms);
        }
    };
    while (!listeners.empty()) {
        r.httpThreads.push_back(std::make_unique<HttpThread>(listeners.back(), r.serialRoutes, routes));
        listeners.pop_back();
        if (auto serving = r.httpThreads.back()->startServing(); !serving) {
            m_running.reset();
            return serving.error();
        }
    }
    qCInfo(lcServer).noquote() << "listening on" << baseUrl().toString() << "in" << modeName() << "mode with a"
                               << m_running->db->url().kindName() << "database";
    return {};
}

void Server::stop()
{
    if (!m_running)
        return;
    m_running.reset();
    qCInfo(lcServer) << "stopped";
}

QList<RouteInfo> Server::routes() const
{
    // Every HTTP thread registers the same routes.
    return m_running && !m_running->httpThreads.empty() ? m_running->httpThreads.front()->routes()
                                                        : QList<RouteInfo>();
}

Result<OperatorEnrolment> Server::addOperator(const ServerConfig &config, const QString &name, OperatorRole role,
                                             const QString &password)
{
    auto db = Database::open(config.databaseUrl);
    if (!db)
        return db.error();
    if (auto migrated = migrate(*db.value()); !migrated)
        return migrated.error();
    auto masterKey = loadMasterKey(config, db.value()->url());
    if (!masterKey)
        return masterKey.error();
    AuditLog audit(*db.value());
    OperatorService operators(*db.value(), masterKey.value(), audit, config.passwordParams);
    return operators.add(QStringLiteral("server"), name, role, password);
}

QString Server::modeName() const
{
    return m_config.sandbox ? QStringLiteral("sandbox") : QStringLiteral("production");
}

bool Server::isRunning() const
{
    return m_running != nullptr;
}

quint16 Server::port() const
{
    return m_running ? m_running->port : 0;
}

QUrl Server::baseUrl() const
{
    if (!m_running)
        return {};
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    QHostAddress host = m_config.address;
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        host = QHostAddress::LocalHost;
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress::LocalHostIPv6;
    url.setHost(host.toString());
    url.setPort(m_running->port);
    return url;
}

} // namespace tq::server
