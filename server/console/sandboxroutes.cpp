#include "server/console/sandboxroutes.h"

#include "core/protocol/routes.h"
#include "server/http/apirouter.h"

#include <QJsonArray>

namespace tq::server {

void addSandboxRoutes(ApiRouter &router, SandboxSmsProvider &outbox)
{
    router.get(routes::serverRoute(routes::SandboxSmsOutbox), [&outbox](const QHttpServerRequest &request) {
        const auto messages = outbox.outbox(request.query().queryItemValue(QStringLiteral("phone")));
        if (!messages)
            return errorResponse(messages.error());
        QJsonArray list;
        QJsonArray notices; // apart, so "messages" stays the list of codes clients read
        for (const OutboxMessage &m : messages.value()) {
            if (!m.text.isEmpty()) {
                notices.append(QJsonObject{{QStringLiteral("phone"), m.phone},
                                           {QStringLiteral("purpose"), m.purpose},
                                           {QStringLiteral("text"), m.text},
                                           {QStringLiteral("createdAt"), m.createdAt.toUTC().toString(Qt::ISODateWithMs)}});
                continue;
            }
            list.append(QJsonObject{{QStringLiteral("phone"), m.phone},
                                    {QStringLiteral("purpose"), m.purpose},
                                    {QStringLiteral("code"), m.code},
                                    {QStringLiteral("createdAt"), m.createdAt.toUTC().toString(Qt::ISODateWithMs)}});
        }
        return jsonResponse({{QStringLiteral("messages"), list}, {QStringLiteral("notices"), notices}});
    });
}

} // namespace tq::server
