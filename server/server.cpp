#include "server/server.h"

#include "server/accounts/accountroutes.h"
#include "server/accounts/accountservice.h"
#include "server/ca/caroutes.h"
#include "server/ca/certificateauthority.h"
#include "server/ca/ordergate.h"
#include "server/console/sandboxroutes.h"
#include "server/cosign/cosignroutes.h"
#include "server/cosign/cosignservice.h"
#include "server/db/database.h"
#include "server/db/migrations.h"
#include "server/http/apirouter.h"
#include "server/identity/identityroutes.h"
#include "server/identity/identityservice.h"
#include "server/keys/masterkey.h"
#include "server/logging.h"
#include "server/platform/callbackdispatcher.h"
#include "server/platform/platformregistry.h"
#include "server/platform/platformroutes.h"
#include "server/platform/scanservice.h"
#include "server/sms/sandboxsmsprovider.h"
#include "server/sms/smscodes.h"

#include <QHttpServer>
#include <QTcpServer>

namespace tq::server {

/// Everything that exists only while the server runs, in construction order: the HTTP
/// server is destroyed first, so no handler outlives the services it uses.
struct Server::Running {
    std::unique_ptr<Database> db;
    MasterKey masterKey;
    SandboxSmsProvider sms{*db};
    SmsCodeService codes{*db, sms};
    SessionStore sessions{*db};
    AccountService accounts;
    SandboxIdentityProvider identityProvider;
    SandboxFaceLivenessProvider livenessProvider;
    IdentityService identities{*db, masterKey, identityProvider, livenessProvider};
    SandboxOrderGate orderGate;
    CertificateAuthority ca{*db, masterKey, identities, orderGate};
    PlatformRegistry platforms{*db, masterKey};
    CosignService cosign;
    CallbackDispatcher callbacks;
    ScanService scans;
    QHttpServer http;
    ApiRouter router{http};
    quint16 port = 0;

    Running(std::unique_ptr<Database> database, MasterKey key, const ServerConfig &config)
        : db(std::move(database)), masterKey(std::move(key)), accounts(*db, codes, sessions, config.passwordParams),
          cosign(*db, masterKey, identities, CosignLimits{CosignLimits{}.maxPinAttempts, config.cosignDecryptionsPerHour}),
          callbacks(*db, masterKey, platforms, config.callbackRetryBaseMs, config.callbackMaxAttempts),
          scans(*db, platforms, ca, callbacks,
                ScanLimits{config.scanTicketLifetime, config.scanResultLifetime, ScanLimits{}.accessTokenLifetime})
    {
        ca.setCosign(&cosign);
    }
};

namespace {

Result<MasterKey> loadMasterKey(const ServerConfig &config, const DatabaseUrl &url)
{
    if (!config.masterKeyPath.isEmpty())
        return config.sandbox ? MasterKey::loadOrCreate(config.masterKeyPath) : MasterKey::load(config.masterKeyPath);
    if (url.kind != DatabaseUrl::Kind::Sqlite)
        return Error(ErrorCode::Internal,
                     QStringLiteral("A PostgreSQL database needs a master key file; pass --master-key FILE."));
    return MasterKey::loadOrCreate(url.path + QStringLiteral(".masterkey"));
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
    if (!m_config.sandbox)
        return Error(ErrorCode::Internal,
                     QStringLiteral("Non-sandbox mode needs real SMS and identity providers, and none is configured "
                                    "in this build. Start the server in sandbox mode."));
    auto db = Database::open(m_config.databaseUrl);
    if (!db)
        return db.error();
    if (auto migrated = migrate(*db.value()); !migrated)
        return migrated;
    auto masterKey = loadMasterKey(m_config, db.value()->url());
    if (!masterKey)
        return masterKey.error();

    auto running = std::make_unique<Running>(std::move(db).value(), std::move(masterKey).value(), m_config);
    const QString databaseKind = running->db->url().kindName();
    running->router.get(QStringLiteral("/api/v1/health"), [databaseKind](const QHttpServerRequest &) {
        return jsonResponse({{QStringLiteral("status"), QStringLiteral("ok")},
                             {QStringLiteral("version"), QStringLiteral(TONGQIAN_VERSION)},
                             {QStringLiteral("database"), databaseKind}});
    });
    addAccountRoutes(running->router, running->accounts, running->sessions);
    addIdentityRoutes(running->router, running->accounts, running->identities);
    addCaRoutes(running->router, running->accounts, running->ca);
    addCosignRoutes(running->router, running->accounts, running->cosign);
    addPlatformRoutes(running->router, running->accounts, running->platforms, running->scans);
    if (m_config.sandbox) {
        addSandboxRoutes(running->router, running->sms, running->platforms);
        addSandboxPlatformRoutes(running->router, running->platforms);
    }

    // Our own QTcpServer gives a readable reason when the port is taken.
    auto *tcp = new QTcpServer(&running->http);
    if (!tcp->listen(m_config.address, m_config.port))
        return Error(ErrorCode::Internal,
                     QStringLiteral("Cannot listen on %1 port %2: %3")
                         .arg(m_config.address.toString())
                         .arg(m_config.port)
                         .arg(tcp->errorString()));
    running->http.bind(tcp);
    running->port = tcp->serverPort();
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
    qCInfo(lcServer).noquote() << "listening on" << baseUrl().toString() << "with a" << m_running->db->url().kindName()
                               << "database";
    return {};
}

void Server::stop()
{
    if (!m_running)
        return;
    m_running.reset();
    qCInfo(lcServer) << "stopped";
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
