#include "tests/server/rawhttp.h"

#include <QHostAddress>
#include <QJsonDocument>

namespace tq::server::test {

RawConnection::RawConnection(quint16 port, QObject *parent) : QObject(parent)
{
    connect(&m_socket, &QTcpSocket::readyRead, this, &RawConnection::read);
    connect(&m_socket, &QTcpSocket::bytesWritten, this, &RawConnection::refill);
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] { m_closed = true; });
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this] {
        read(); // what arrived before a reset still counts
        m_closed = true;
    });
    m_socket.connectToHost(QHostAddress::LocalHost, port);
}

void RawConnection::stream(const QByteArray &unit, qint64 count)
{
    m_unit = unit;
    m_remaining = count;
    refill();
}

void RawConnection::refill()
{
    constexpr qint64 ahead = 1024 * 1024;
    while (m_remaining > 0 && m_responses.isEmpty() && !m_closed && m_socket.bytesToWrite() < ahead) {
        m_socket.write(m_unit);
        --m_remaining;
        ++m_streamed;
    }
}

void RawConnection::read()
{
    m_received += m_socket.readAll();
    for (;;) {
        const qsizetype headEnd = m_received.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return;
        RawResponse response;
        response.head = m_received.left(headEnd);
        qsizetype length = 0;
        for (const QByteArray &line : response.head.split('\n')) {
            const QByteArray trimmed = line.trimmed();
            if (trimmed.startsWith("HTTP/"))
                response.status = trimmed.mid(9, 3).toInt();
            else if (trimmed.toLower().startsWith("content-length:"))
                length = trimmed.mid(15).trimmed().toLongLong();
        }
        if (m_received.size() < headEnd + 4 + length)
            return;
        response.body = m_received.mid(headEnd + 4, length);
        response.json = QJsonDocument::fromJson(response.body).object();
        m_received.remove(0, headEnd + 4 + length);
        m_responses.append(response);
    }
}

} // namespace tq::server::test
