#include "server/http/apirouter.h"

#include "server/logging.h"

#include <QElapsedTimer>
#include <QMetaEnum>

namespace tq::server {

namespace {

void logRequest(const QHttpServerRequest &request, HttpStatus status, qint64 elapsedMs)
{
    // The path only: query strings may carry phone numbers, and bodies or headers secrets.
    const char *method = QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(int(request.method()));
    qCInfo(lcServerHttp).noquote() << QString::fromLatin1(method ? method : "?").toUpper() << request.url().path()
                                   << int(status) << QStringLiteral("%1 ms").arg(elapsedMs);
}

} // namespace

ApiRouter::ApiRouter(QHttpServer &server) : m_server(server)
{
    m_server.setMissingHandler([](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        QHttpServerResponse response = errorResponse(
            Error(ErrorCode::NotFound,
                  QStringLiteral("There is no %1 endpoint; check the URL and method.").arg(request.url().path())));
        logRequest(request, response.statusCode(), 0);
        response.write(std::move(responder));
    });
}

void ApiRouter::add(const QString &path, QHttpServerRequest::Method method, Handler handler)
{
    m_server.route(path, method, [handler = std::move(handler)](const QHttpServerRequest &request) {
        QElapsedTimer timer;
        timer.start();
        QHttpServerResponse response = request.body().size() > MaxBodySize
            ? errorResponse(Error(ErrorCode::PayloadTooLarge,
                                  QStringLiteral("The request body is larger than %1 KiB.").arg(MaxBodySize / 1024)))
            : handler(request);
        logRequest(request, response.statusCode(), timer.elapsed());
        return response;
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

void ApiRouter::post(const QString &path, JsonHandler handler)
{
    add(path, QHttpServerRequest::Method::Post, [handler = std::move(handler)](const QHttpServerRequest &request) {
        auto body = JsonBody::parse(request.body());
        if (!body)
            return errorResponse(body.error());
        return handler(body.value(), request);
    });
}

} // namespace tq::server
