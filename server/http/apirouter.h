#pragma once

#include "server/http/request.h"
#include "server/http/response.h"
#include "server/http/routeinfo.h"

#include <QHttpServer>
#include <QMutex>

#include <functional>
#include <memory>

namespace tq::server {

/// Registers routes on a QHttpServer with the rules every endpoint shares: bodies over
/// MaxBodySize get 413 payload_too_large, POST bodies must be JSON objects (400
/// invalid_request otherwise), unknown routes get a JSON 404 not_found, and each request is
/// logged to `tongqian.server.http` as method, path (no query), status and duration — never
/// headers or bodies.
///
/// Concurrency: a server may run several QHttpServers, one per thread, each with its own
/// ApiRouter. Routes added through a router made with `serial` run one at a time under that
/// lock, whichever thread receives them, as if the server had one thread; use concurrent() for
/// routes whose services are safe to run from several threads at once.
///
/// Does not own the QHttpServer or the lock; the handlers run on the QHttpServer's thread.
class ApiRouter {
public:
    static constexpr qsizetype MaxBodySize = 64 * 1024;

    using Handler = std::function<QHttpServerResponse(const QHttpServerRequest &)>;
    using JsonHandler = std::function<QHttpServerResponse(const JsonBody &, const QHttpServerRequest &)>;
    /// For paths with one `<arg>` segment, e.g. "/api/v1/certificates/<arg>"; gets the segment.
    using ArgHandler = std::function<QHttpServerResponse(const QString &arg, const QHttpServerRequest &)>;
    using ArgJsonHandler =
        std::function<QHttpServerResponse(const QString &arg, const JsonBody &, const QHttpServerRequest &)>;

    /// Installs the JSON 404 handler on `server`; routes added here hold `serial` while they run.
    ApiRouter(QHttpServer &server, QMutex &serial);

    /// A router on the same QHttpServer whose routes run without the serial lock, concurrently
    /// with any other route; their handlers must be thread-safe.
    ApiRouter concurrent() const;

    /// Every route added through this router and the routers made from it by concurrent(), in
    /// the order they were added.
    QList<RouteInfo> routes() const;

    void get(const QString &path, Handler handler);
    void del(const QString &path, Handler handler);
    void post(const QString &path, JsonHandler handler);
    /// A POST whose handler reads the body itself (the console's HTML forms); the size limit,
    /// lock and log still apply.
    void postForm(const QString &path, Handler handler);
    void getWithArg(const QString &path, ArgHandler handler);
    void delWithArg(const QString &path, ArgHandler handler);
    void postWithArg(const QString &path, ArgJsonHandler handler);

private:
    ApiRouter(QHttpServer &server, QMutex *serial, std::shared_ptr<QList<RouteInfo>> table)
        : m_server(server), m_serial(serial), m_table(std::move(table))
    {
    }
    void add(const QString &path, QHttpServerRequest::Method method, Handler handler);
    void addWithArg(const QString &path, QHttpServerRequest::Method method, ArgHandler handler);
    QHttpServer &m_server;
    QMutex *m_serial; ///< null for concurrent routes
    /// Shared with the concurrent() sibling; the router is used on one thread only.
    std::shared_ptr<QList<RouteInfo>> m_table;
};

} // namespace tq::server
