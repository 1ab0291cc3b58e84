#include "server/http/fronttcpserver.h"

#include "core/common/apierrors.h"
#include "server/http/response.h"
#include "server/logging.h"

#include <QTcpSocket>
#include <QTimer>

#include <sys/socket.h>
#include <unistd.h>

namespace tq::server {

namespace {

/// After a refusal: how long what the client still sends is read and thrown away before the
/// connection is reset. Closing at once would reset it while the client is still sending, and a
/// reset can destroy the answer before the client has read it; a client that has read the answer
/// stops sending and closes well before.
constexpr int LingerMs = 5000;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 413:
        return "Payload Too Large";
    case 431:
        return "Request Header Fields Too Large";
    default:
        return "Bad Request";
    }
}

/// Watches one connection through a RequestFront; a child of its socket.
class ConnectionFront : public QObject {
public:
    ConnectionFront(QTcpSocket *socket, RequestLimits limits) : QObject(socket), m_socket(socket), m_front(limits)
    {
        connect(socket, &QIODevice::readyRead, this, &ConnectionFront::inspect);
    }

private:
    void inspect()
    {
        // QHttpServer reads everything available on each readyRead, so what is unread here is
        // exactly what arrived since the last time.
        const QByteArray fresh = m_socket->peek(m_socket->bytesAvailable());
        if (m_front.feed(fresh) != RequestFront::Verdict::GoOn)
            refuse();
    }

    void refuse()
    {
        // QHttpServer reads nothing more of this connection; its other connections (clean-up
        // on disconnect) stay.
        disconnect(m_socket, &QIODevice::readyRead, nullptr, nullptr);
        connect(m_socket, &QIODevice::readyRead, this, &ConnectionFront::drain);
        if (m_socket->isTransactionStarted())
            m_socket->commitTransaction();

        const RequestFront::Verdict verdict = m_front.verdict();
        const int status = RequestFront::httpStatus(verdict);
        qCInfo(lcServerHttp).noquote() << "connection refused:" << status << m_front.reason();
        const QByteArray body =
            errorResponse(Error(verdict == RequestFront::Verdict::BadRequest ? ApiError::InvalidRequest
                                                                             : ApiError::PayloadTooLarge,
                                m_front.reason()))
                .data();
        m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status)
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
                        + "\r\nConnection: close\r\n\r\n" + body);
        // Half-close once the answer is out, so the client reads it and stops sending; a client
        // that goes on is reset after LingerMs.
        connect(m_socket, &QIODevice::bytesWritten, this, &ConnectionFront::shutdownWhenSent);
        shutdownWhenSent();
        drain();
        QTimer::singleShot(LingerMs, m_socket, &QAbstractSocket::abort);
    }

    void shutdownWhenSent()
    {
        if (m_socket->bytesToWrite() > 0 || m_shutDown)
            return;
        m_shutDown = true;
        ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
    }

    void drain() { m_socket->skip(m_socket->bytesAvailable()); }

    QTcpSocket *m_socket;
    RequestFront m_front;
    bool m_shutDown = false;
};

} // namespace

FrontTcpServer::FrontTcpServer(RequestLimits limits, QObject *parent) : QTcpServer(parent), m_limits(limits)
{
}

void FrontTcpServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        ::close(int(descriptor));
        return;
    }
    new ConnectionFront(socket, m_limits); // connected to readyRead before QHttpServer sees the socket
    addPendingConnection(socket);
}

} // namespace tq::server
