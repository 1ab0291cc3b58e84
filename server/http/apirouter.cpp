#include "server/http/apirouter.h"

#include "core/common/apierrors.h"
#include "server/logging.h"

#include <QElapsedTimer>
#include <QMetaEnum>

namespace tq::server {

namespace {

QString methodName(QHttpServerRequest::Method method)
{
    const char *name = QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(int(method));
    return QString::fromLatin1(name ? name : "?").toUpper();
}

void logRequest(const QHttpServerRequest &request, HttpStatus status, qint64 elapsedMs)
{
    // The path only: query strings may carry phone numbers, and bodies or headers secrets.
    qCInfo(lcServerHttp).noquote() << methodName(request.method()) << request.url().path()
                                   << int(status) << QStringLiteral("%1 ms").arg(elapsedMs);
}

/// The rules every route shares: the body size limit, the serial lock (if any) and the
/// request log. The logged duration includes the wait for the lock.
QHttpServerResponse guarded(const QHttpServerRequest &request, QMutex *serial,
                            const std::function<QHttpServerResponse(const QHttpServerRequest &)> &handler)
{
    QElapsedTimer timer;
    timer.start();
    const auto handle = [&] {
        if (!serial)
            return handler(request);
        const QMutexLocker locker(serial);
        return handler(request);
    };
    QHttpServerResponse response = request.body().size() > ApiRouter::MaxBodySize
        ? errorResponse(Error(ApiError::PayloadTooLarge,
                              QStringLiteral("The request body is larger than %1 KiB.").arg(ApiRouter::MaxBodySize / 1024)))
        : handle();
    logRequest(request, response.statusCode(), timer.elapsed());
    return response;
}

QHttpServerResponse withJsonBody(const QHttpServerRequest &request,
                                 const std::function<QHttpServerResponse(const JsonBody &)> &handler)
{
    auto body = JsonBody::parse(request.body());
    if (!body)
        return errorResponse(body.error());
    return handler(body.value());
}

} // namespace

QString RouteInfo::methodName() const
{
    return tq::server::methodName(method);
}

ApiRouter::ApiRouter(QHttpServer &server, QMutex &serial)
    : m_server(server), m_serial(&serial), m_table(std::make_shared<QList<RouteInfo>>())
{
    m_server.setMissingHandler([](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        QHttpServerResponse response = errorResponse(
            Error(ApiError::NotFound,
                  QStringLiteral("There is no %1 endpoint; check the URL and method.").arg(request.url().path())));
        logRequest(request, response.statusCode(), 0);
        response.write(std::move(responder));
    });
}

ApiRouter ApiRouter::concurrent() const
{
    return ApiRouter(m_server, nullptr, m_table);
}

QList<RouteInfo> ApiRouter::routes() const
{
    return *m_table;
}

void ApiRouter::add(const QString &path, QHttpServerRequest::Method method, Handler handler)
{
    m_table->append({method, path, m_serial == nullptr});
    m_server.route(path, method, [serial = m_serial, handler = std::move(handler)](const QHttpServerRequest &request) {
        return guarded(request, serial, handler);
    });
}

void ApiRouter::addWithArg(const QString &path, QHttpServerRequest::Method method, ArgHandler handler)
{
    m_table->append({method, path, m_serial == nullptr});
    m_server.route(path, method,
                   [serial = m_serial, handler = std::move(handler)](const QString &arg,
                                                                      const QHttpServerRequest &request) {
                       return guarded(request, serial, [&](const QHttpServerRequest &r) { return handler(arg, r); });
                   });
}

void ApiRouter::getWithArg(const QString &path, ArgHandler handler)
{
    addWithArg(path, QHttpServerRequest::Method::Get, std::move(handler));
}

void ApiRouter::delWithArg(const QString &path, ArgHandler handler)
{
    addWithArg(path, QHttpServerRequest::Method::Delete, std::move(handler));
}

void ApiRouter::postWithArg(const QString &path, ArgJsonHandler handler)
{
    addWithArg(path, QHttpServerRequest::Method::Post,
               [handler = std::move(handler)](const QString &arg, const QHttpServerRequest &request) {
                   return withJsonBody(request, [&](const JsonBody &body) { return handler(arg, body, request); });
               });
}

void ApiRouter::get(const QString &path, Handler handler)
{
    add(path, QHttpServerRequest::Method::Get, std::move(handler));
}

void ApiRouter::del(const QString &path, Handler handler)
{
    add(path, QHttpServerRequest::Method::Delete, std::move(handler));
}

void ApiRouter::postForm(const QString &path, Handler handler)
{
    add(path, QHttpServerRequest::Method::Post, std::move(handler));
}

void ApiRouter::post(const QString &path, JsonHandler handler)
{
    add(path, QHttpServerRequest::Method::Post, [handler = std::move(handler)](const QHttpServerRequest &request) {
        return withJsonBody(request, [&](const JsonBody &body) { return handler(body, request); });
    });
}

} // namespace tq::server
