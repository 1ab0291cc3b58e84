#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QTcpSocket>

namespace tq::server::test {

/// One HTTP/1.1 response as read off the wire by RawConnection.
struct RawResponse {
    int status = 0;
    QByteArray head; ///< status line and header lines, as sent
    QByteArray body;
    QJsonObject json; ///< body parsed, if it was a JSON object

    QString code() const { return json.value(QStringLiteral("code")).toString(); }
};

/// A plain TCP connection to a server on 127.0.0.1 for what QNetworkAccessManager never sends:
/// pipelined requests, chunked bodies, bodies announced but not sent, oversized headers, and
/// bodies streamed for as long as the server keeps reading. Parses the responses that come back
/// (bodies framed by Content-Length). Lives on the test thread; everything happens while the
/// test spins the event loop (QTRY_*).
class RawConnection : public QObject {
public:
    explicit RawConnection(quint16 port, QObject *parent = nullptr);

    QTcpSocket &socket() { return m_socket; }
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    /// True once the server closed or reset the connection.
    bool closed() const { return m_closed; }
    void write(const QByteArray &bytes) { m_socket.write(bytes); }
    /// Writes `unit` `count` times, never more than about 1 MiB ahead of the socket, and stops
    /// early when a response arrives or the connection closes.
    void stream(const QByteArray &unit, qint64 count);
    /// Units of stream() written so far.
    qint64 streamed() const { return m_streamed; }
    /// The complete responses received so far, in order.
    const QList<RawResponse> &responses() const { return m_responses; }

private:
    void read();
    void refill();

    QTcpSocket m_socket;
    QByteArray m_received;
    QList<RawResponse> m_responses;
    QByteArray m_unit;
    qint64 m_remaining = 0;
    qint64 m_streamed = 0;
    bool m_closed = false;
};

} // namespace tq::server::test
