#pragma once

#include <QHttpServerRequest>
#include <QString>

namespace tq::server {

/// One registered route, as ApiRouter records it and Server::routes() lists it. A plain value.
struct RouteInfo {
    QHttpServerRequest::Method method = QHttpServerRequest::Method::Get;
    /// The pattern as registered, e.g. "/api/v1/certificates/<arg>" (at most one `<arg>`).
    QString path;
    /// Runs without the serial lock (registered through concurrent()).
    bool concurrent = false;

    /// "GET", "POST", "DELETE", …
    QString methodName() const;
    bool operator==(const RouteInfo &) const = default;
};

} // namespace tq::server
