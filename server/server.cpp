#include "server/server.h"

#include "server/accounts/accountroutes.h"
#include "server/accounts/accountservice.h"
#include "server/console/sandboxroutes.h"
#include "server/db/database.h"
#include "server/db/migrations.h"
#include "server/http/apirouter.h"
#include "server/logging.h"
#include "server/sms/sandboxsmsprovider.h"
#include "server/sms/smscodes.h"

#include <QHttpServer>
#include <QTcpServer>

namespace tq::server {

/// Everything that exists only while the server runs, in construction order: the HTTP
/// server is destroyed first, so no handler outlives the services it uses.
struct Server::Running {
    std::unique_ptr<Database> db;
    SandboxSmsProvider sms{*db};
    SmsCodeService codes{*db, sms};
    SessionStore sessions{*db};
    AccountService accounts;
    QHttpServer http;
    ApiRouter router{http};
    quint16 port = 0;

    Running(std::unique_ptr<Database> database, const ServerConfig &config)
        : db(std::move(database)), accounts(*db, codes, sessions, config.passwordParams)
    {
    }
};

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

    auto running = std::make_unique<Running>(std::move(db).value(), m_config);
    const QString databaseKind = running->db->url().kindName();
    running->router.get(QStringLiteral("/api/v1/health"), [databaseKind](const QHttpServerRequest &) {
        return jsonResponse({{QStringLiteral("status"), QStringLiteral("ok")},
                             {QStringLiteral("version"), QStringLiteral(TONGQIAN_VERSION)},
                             {QStringLiteral("database"), databaseKind}});
    });
    addAccountRoutes(running->router, running->accounts, running->sessions);
    if (m_config.sandbox)
        addSandboxRoutes(running->router, running->sms);

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
