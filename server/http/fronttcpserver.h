#pragma once

#include "server/http/requestfront.h"

#include <QTcpServer>

namespace tq::server {

/// A QTcpServer to hand to QHttpServer::bind() that puts a RequestFront before every connection
/// it accepts. Qt 6.4's QHttpServer reads a request whole (and keeps it in a read transaction)
/// before any route sees it, so a size limit in a handler comes after the memory is spent; the
/// front reads each chunk of bytes first (its readyRead slot is connected before QHttpServer's)
/// and, on a refusal, takes the connection away from QHttpServer: it answers once with the
/// status and the API's JSON error body (`payload_too_large`, or `invalid_request` for 400),
/// discards what is still coming for a few seconds (so a reset cannot destroy the answer before
/// the client reads it), then closes. A refused connection holds at most one head line
/// and the bytes QHttpServer had already buffered, which the limits bound.
///
/// Thread affinity: lives on the thread of the QHttpServer it is bound to, as do its sockets.
class FrontTcpServer : public QTcpServer {
public:
    explicit FrontTcpServer(RequestLimits limits, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    RequestLimits m_limits;
};

} // namespace tq::server
