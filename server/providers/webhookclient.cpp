#include "server/providers/webhookclient.h"

#include "core/common/apierrors.h"
#include "core/common/clock.h"
#include "core/protocol/platformauth.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QSslSocket>

namespace tq::server {

namespace {

Error failure(const QUrl &url, const QString &why)
{
    // The URL without user info or query: those may carry credentials.
    return Error(ApiError::Internal, QStringLiteral("The provider at %1 failed: %2")
                                         .arg(url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery), why));
}

/// The status and body of one HTTP/1.1 answer in `bytes`, once complete; nothing while more is
/// needed. A Content-Length answer is complete at its length, any other at the connection's end.
struct Answer {
    int status = 0;
    QByteArray body;
};

std::optional<Answer> parseAnswer(const QByteArray &bytes, bool closed)
{
    const qsizetype headerEnd = bytes.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return std::nullopt;
    const QList<QByteArray> lines = bytes.left(headerEnd).split('\n');
    const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
    Answer answer;
    answer.status = statusLine.size() >= 2 ? statusLine.at(1).toInt() : 0;
    qsizetype length = -1;
    for (const QByteArray &line : lines.mid(1)) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == "content-length")
            length = line.mid(colon + 1).trimmed().toLongLong();
    }
    const QByteArray rest = bytes.mid(headerEnd + 4);
    if (length >= 0) {
        if (rest.size() < length)
            return std::nullopt;
        answer.body = rest.left(length);
        return answer;
    }
    if (!closed)
        return std::nullopt;
    answer.body = rest;
    return answer;
}

} // namespace

WebhookClient::WebhookClient(QUrl url, const SecureBytes &secret)
    : m_url(std::move(url)), m_secret(std::make_shared<const SecureBytes>(secret.copy()))
{
}

bool WebhookClient::valid() const
{
    const QString scheme = m_url.scheme();
    return m_url.isValid() && !m_url.host().isEmpty() && (scheme == u"http" || scheme == u"https") &&
        !m_secret->isEmpty();
}

QByteArray WebhookClient::signature(QByteArrayView secret, qint64 timestamp, QByteArrayView body)
{
    const QByteArray message = QByteArray::number(timestamp) + '\n' + body.toByteArray();
    return PlatformAuth::hmacSha256(secret, message).toHex();
}

Result<QJsonObject> WebhookClient::post(const QJsonObject &body) const
{
    if (!valid())
        return failure(m_url, QStringLiteral("the provider URL or secret is not configured"));
    const QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
    const qint64 now = Clock::nowSecs();
    const bool tls = m_url.scheme() == u"https";
    const int port = m_url.port(tls ? 443 : 80);
    QByteArray path = m_url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
    if (path.isEmpty())
        path = "/";
    QByteArray host = m_url.host(QUrl::FullyEncoded).toUtf8();
    if (m_url.port() != -1)
        host += ':' + QByteArray::number(port);
    const QByteArray request = "POST " + path + " HTTP/1.1\r\nHost: " + host +
        "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(json.size()) +
        "\r\nConnection: close\r\nX-Tongqian-Timestamp: " + QByteArray::number(now) +
        "\r\nX-Tongqian-Signature: " + signature(m_secret->view(), now, json) + "\r\n\r\n" + json;

    const QDeadlineTimer deadline(TimeoutMs);
    const auto left = [&deadline] { return int(std::max<qint64>(1, deadline.remainingTime())); };
    QSslSocket socket;
    if (tls)
        socket.connectToHostEncrypted(m_url.host(), quint16(port));
    else
        socket.connectToHost(m_url.host(), quint16(port));
    // A TLS error (unknown issuer, wrong name) fails the handshake: it is never ignored.
    if (!(tls ? socket.waitForEncrypted(left()) : socket.waitForConnected(left())))
        return failure(m_url, socket.errorString());
    socket.write(request);
    while (socket.bytesToWrite() > 0) {
        if (!socket.waitForBytesWritten(left()))
            return failure(m_url, socket.errorString());
    }
    QByteArray received;
    std::optional<Answer> answer;
    while (!(answer = parseAnswer(received, socket.state() != QAbstractSocket::ConnectedState))) {
        if (received.size() > MaxAnswerSize + 8192)
            return failure(m_url, QStringLiteral("the answer is too large"));
        if (deadline.hasExpired())
            return failure(m_url, QStringLiteral("no answer within %1 ms").arg(TimeoutMs));
        if (socket.state() != QAbstractSocket::ConnectedState && socket.bytesAvailable() == 0)
            return failure(m_url, QStringLiteral("the connection closed before the answer was complete"));
        if (socket.bytesAvailable() == 0)
            socket.waitForReadyRead(left());
        received += socket.readAll();
    }
    if (answer->status < 200 || answer->status > 299)
        return failure(m_url, QStringLiteral("HTTP status %1").arg(answer->status));
    if (answer->body.trimmed().isEmpty())
        return QJsonObject();
    const QJsonDocument document = QJsonDocument::fromJson(answer->body);
    if (!document.isObject())
        return failure(m_url, QStringLiteral("the answer is not a JSON object"));
    return document.object();
}

} // namespace tq::server
