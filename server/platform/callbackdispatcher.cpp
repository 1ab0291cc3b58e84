#include "server/platform/callbackdispatcher.h"

#include "core/common/clock.h"
#include "core/common/encoding.h"
#include "core/protocol/platformauth.h"
#include "server/db/database.h"
#include "server/keys/masterkey.h"
#include "server/logging.h"
#include "server/platform/callbacktarget.h"
#include "server/platform/platformregistry.h"

#include <QHostInfo>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QTimer>
#include <QUuid>

namespace tq::server {

namespace {
constexpr char BodyPurpose[] = "platform_callbacks.body";
} // namespace

CallbackDispatcher::CallbackDispatcher(Database &db, const MasterKey &masterKey, PlatformRegistry &platforms,
                                       int retryBaseMs, int maxAttempts, bool privateCallbackTargets,
                                       QObject *parent)
    : QObject(parent), m_db(db), m_masterKey(masterKey), m_platforms(platforms), m_retryBaseMs(retryBaseMs),
      m_maxAttempts(maxAttempts), m_privateCallbackTargets(privateCallbackTargets)
{
    m_network.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_network.setTransferTimeout(TransferTimeoutMs);
}

Result<QString> CallbackDispatcher::enqueue(const Platform &platform, const QString &tId, const QString &type,
                                            const QJsonObject &data)
{
    const QString eventId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const qint64 now = Clock::nowSecs();
    const QJsonObject body{
        {QStringLiteral("eventId"), eventId},
        {QStringLiteral("type"), type},
        {QStringLiteral("platformCode"), platform.code},
        {QStringLiteral("tId"), tId},
        {QStringLiteral("createdAt"), utcTextFromSecs(now)},
        {QStringLiteral("data"), data}};
    const auto sealed = m_masterKey.seal(QJsonDocument(body).toJson(QJsonDocument::Compact), BodyPurpose);
    if (!sealed)
        return sealed.error();
    const auto stored = m_db.run(
        QStringLiteral("INSERT INTO platform_callbacks (event_id, transaction_id, platform_code, type, body, attempts, "
                       "created_at) VALUES (?, ?, ?, ?, ?, 0, ?)"),
        {eventId, tId, platform.code, type, sealed.value(), now});
    if (!stored)
        return stored.error();
    return eventId;
}

void CallbackDispatcher::deliver(const QString &eventId)
{
    queueAttempt(eventId, Count::AfterSending);
}

void CallbackDispatcher::queueAttempt(const QString &eventId, Count count)
{
    // Queued even on this thread: delivery starts after the caller's response is on its way,
    // never inside the request handler.
    QMetaObject::invokeMethod(this, [this, eventId, count] { attempt(eventId, count); }, Qt::QueuedConnection);
}

void CallbackDispatcher::resumePending()
{
    auto query =
        m_db.exec(QStringLiteral("SELECT event_id FROM platform_callbacks WHERE delivered_at IS NULL AND attempts < ?"),
                  {m_maxAttempts});
    if (!query)
        return;
    while (query.value().next())
        queueAttempt(query.value().value(0).toString(), Count::BeforeSending);
}

void CallbackDispatcher::attempt(const QString &eventId, Count count)
{
    auto query =
        m_db.exec(QStringLiteral("SELECT c.body, c.attempts, c.delivered_at, p.callback_url, p.code, p.secret_sealed "
                                 "FROM platform_callbacks c JOIN platforms p ON p.code = c.platform_code "
                                 "WHERE c.event_id = ?"),
                  {eventId});
    if (!query || !query.value().next())
        return;
    const Rows &row = query.value();
    const auto opened = m_masterKey.open(row.value(0).toString(), BodyPurpose);
    if (!opened)
        return;
    const QByteArray body = opened.value().view().toByteArray();
    const int attempts = row.value(1).toInt() + 1;
    if (!row.value(2).isNull() || attempts > m_maxAttempts)
        return;
    const QUrl url(row.value(3).toString());
    const QString code = row.value(4).toString();
    const QString sealedSecret = row.value(5).toString();
    // Counted before sending, so a crash mid-delivery cannot retry forever; a new event's first
    // attempt is counted with its outcome instead, which spares it a write (a crash during it
    // costs one more attempt after the restart, counted before sending).
    if (count == Count::BeforeSending
        && !m_db.run(QStringLiteral("UPDATE platform_callbacks SET attempts = ? WHERE event_id = ?"),
                     {attempts, eventId}))
        return;
    const auto secret = m_platforms.openSecret(sealedSecret);
    if (!secret)
        return;

    const auto headers = PlatformAuth::sign(secret.value().view(), "POST", PlatformAuth::signedPathAndQuery(url), code, body);
    // One lookup per attempt, and the connection goes to an address of that lookup: a name that
    // resolves to a public address when checked and to a private one when connected (DNS
    // rebinding) cannot move the request.
    QHostInfo::lookupHost(url.host(), this,
                          [this, eventId, attempts, count, url, body, raw = headers.toRaw()](const QHostInfo &info) {
                              QList<QHostAddress> addresses = info.addresses();
                              if (!m_privateCallbackTargets) {
                                  if (auto checked = CallbackTarget::checkPublic(url.host(), addresses); !checked) {
                                      qCWarning(lcServer).noquote()
                                          << "callback" << eventId << "refused: private address, or none, for"
                                          << url.host();
                                      finished(eventId, attempts, count, false);
                                      return;
                                  }
                              }
                              addresses = CallbackTarget::preferIpv4(addresses);
                              if (addresses.isEmpty()) {
                                  finished(eventId, attempts, count, false);
                                  return;
                              }
                              send(eventId, attempts, count, url, addresses.first(), body, raw);
                          });
}

void CallbackDispatcher::send(const QString &eventId, int attempts, Count count, const QUrl &url,
                              const QHostAddress &address, const QByteArray &body,
                              const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    QUrl target = url;
    target.setHost(address.toString());
    QNetworkRequest request(target);
    request.setRawHeader("Host", url.authority(QUrl::FullyEncoded).toLatin1());
    request.setPeerVerifyName(url.host()); // the certificate is checked for (and SNI names) the registered host
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QNetworkReply *reply = m_network.post(request, body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, eventId, attempts, count] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        finished(eventId, attempts, count, status >= 200 && status < 300);
    });
}

void CallbackDispatcher::finished(const QString &eventId, int attempts, Count count, bool delivered)
{
    if (delivered) {
        m_db.run(QStringLiteral("UPDATE platform_callbacks SET delivered_at = ?, attempts = ? WHERE event_id = ?"),
                 {Clock::nowSecs(), attempts, eventId});
        Q_EMIT attempted(eventId, true);
        return;
    }
    if (count == Count::AfterSending)
        m_db.run(QStringLiteral("UPDATE platform_callbacks SET attempts = ? WHERE event_id = ?"), {attempts, eventId});
    if (attempts < m_maxAttempts) {
        const int delay = m_retryBaseMs * (1 << qMin(attempts - 1, 16));
        QTimer::singleShot(delay, this, [this, eventId] { attempt(eventId, Count::BeforeSending); });
    } else {
        qCWarning(lcServer).noquote() << "callback" << eventId << "gave up after" << attempts << "attempts";
    }
    Q_EMIT attempted(eventId, false);
}

} // namespace tq::server
