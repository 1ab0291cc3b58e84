#include "server/console/sandboxroutes.h"

#include "core/protocol/routes.h"
#include "server/http/apirouter.h"

#include <QJsonArray>

namespace tq::server {

namespace {

constexpr int ConsoleRefreshSeconds = 5;

QString utcText(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace

QString consolePage(const QList<OutboxMessage> &messages, const QList<Platform> &platforms)
{
    QString platformRows;
    for (const Platform &p : platforms) {
        platformRows += QStringLiteral("<tr><td class=\"code\">%1</td><td>%2</td><td>%3</td><td>%4</td></tr>\n")
                            .arg(p.code.toHtmlEscaped(), p.name.toHtmlEscaped(),
                                 p.callbackUrl.toString().toHtmlEscaped(), p.allowedOrigins.join(u' ').toHtmlEscaped());
    }
    if (platforms.isEmpty())
        platformRows = QStringLiteral("<tr><td colspan=\"4\">No platforms registered; POST /api/v1/sandbox/platforms "
                                      "registers one.</td></tr>\n");
    QString rows;
    for (const OutboxMessage &m : messages) {
        rows += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td class=\"code\">%4</td></tr>\n")
                    .arg(utcText(m.createdAt).toHtmlEscaped(), m.phone.toHtmlEscaped(), m.purpose.toHtmlEscaped(),
                         m.code.toHtmlEscaped());
    }
    if (messages.isEmpty())
        rows = QStringLiteral("<tr><td colspan=\"4\">No messages yet.</td></tr>\n");
    return QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                          "<meta http-equiv=\"refresh\" content=\"%1\">"
                          "<title>Tongqian operator console</title><style>"
                          "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                          "td,th{border:1px solid #ccc;padding:.3em .8em;text-align:left}"
                          ".code{font-family:monospace;font-size:1.2em}"
                          "</style></head><body><h1>Tongqian operator console</h1>"
                          "<h2>SMS outbox (sandbox)</h2><p>Newest first; the page refreshes every %1 seconds.</p>"
                          "<table><thead><tr><th>Sent (UTC)</th><th>Phone</th><th>Purpose</th><th>Code</th></tr>"
                          "</thead><tbody>\n%2</tbody></table>"
                          "<h2>Trading platforms</h2><table><thead><tr><th>Code</th><th>Name</th><th>Callback URL</th>"
                          "<th>Allowed origins</th></tr></thead><tbody>\n%3</tbody></table></body></html>\n")
        .arg(ConsoleRefreshSeconds)
        .arg(rows, platformRows);
}

void addSandboxRoutes(ApiRouter &router, SandboxSmsProvider &outbox, PlatformRegistry &platforms)
{
    router.get(routes::serverRoute(routes::SandboxSmsOutbox), [&outbox](const QHttpServerRequest &request) {
        const auto messages = outbox.outbox(request.query().queryItemValue(QStringLiteral("phone")));
        if (!messages)
            return errorResponse(messages.error());
        QJsonArray list;
        for (const OutboxMessage &m : messages.value()) {
            list.append(QJsonObject{{QStringLiteral("phone"), m.phone},
                                    {QStringLiteral("purpose"), m.purpose},
                                    {QStringLiteral("code"), m.code},
                                    {QStringLiteral("createdAt"), utcText(m.createdAt)}});
        }
        return jsonResponse({{QStringLiteral("messages"), list}});
    });

    router.get(QStringLiteral("/console"), [&outbox, &platforms](const QHttpServerRequest &) {
        const auto messages = outbox.outbox();
        if (!messages)
            return errorResponse(messages.error());
        const auto registered = platforms.list();
        if (!registered)
            return errorResponse(registered.error());
        QHttpServerResponse response(QByteArrayLiteral("text/html; charset=utf-8"),
                                     consolePage(messages.value(), registered.value()).toUtf8());
        // The page is self-contained; forbid anything it does not need.
        response.setHeader(QByteArrayLiteral("Content-Security-Policy"),
                           QByteArrayLiteral("default-src 'none'; style-src 'unsafe-inline'"));
        return response;
    });
}

} // namespace tq::server
