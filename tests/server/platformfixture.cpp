#include "tests/server/platformfixture.h"

#include "core/common/encoding.h"
#include "core/crypto/digest.h"
#include "core/crypto/envelopedkey.h"
#include "core/crypto/signeddata.h"
#include "core/protocol/binding.h"
#include "core/protocol/qrpayload.h"
#include "server/platform/platformregistry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace tq::server::test {

QByteArray unbase64(const QJsonValue &value)
{
    return QByteArray::fromBase64(value.toString().toLatin1());
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

CallbackReceiver::CallbackReceiver()
{
    m_http.route(QStringLiteral("/callback"), QHttpServerRequest::Method::Post,
                 [this](const QHttpServerRequest &r) {
                     ReceivedCallback received{
                         tq::PlatformAuth::signedPathAndQuery(r.url()), r.body(), QJsonDocument::fromJson(r.body()).object(), {}, false, r.value("Host")};
                     const auto headers = PlatformAuth::SignedHeaders::fromRaw(
                         r.value(PlatformAuth::PlatformHeader), r.value(PlatformAuth::TimestampHeader),
                         r.value(PlatformAuth::NonceHeader), r.value(PlatformAuth::SignatureHeader));
                     if (headers) {
                         received.headers = headers.value();
                         received.headersOk = true;
                     }
                     m_received.append(received);
                     const int status = m_statuses.isEmpty() ? 200 : m_statuses.takeFirst();
                     return QHttpServerResponse(QJsonObject(), QHttpServerResponder::StatusCode(status));
                 });
    m_tcp = new QTcpServer(&m_http);
    if (m_tcp->listen(QHostAddress::LocalHost, 0))
        m_http.bind(m_tcp);
}

bool CallbackReceiver::waitFor(qsizetype count)
{
    return QTest::qWaitFor([&] { return m_received.size() >= count; }, 20000);
}

QList<ReceivedCallback> CallbackReceiver::ofType(const QString &type) const
{
    QList<ReceivedCallback> out;
    for (const ReceivedCallback &c : m_received) {
        if (c.json.value(QStringLiteral("type")).toString() == type)
            out.append(c);
    }
    return out;
}

namespace {
std::atomic<LogWatcher *> currentWatcher{nullptr};
}

LogWatcher::LogWatcher(QString text) : m_text(std::move(text))
{
    currentWatcher = this;
    m_previous = qInstallMessageHandler(&LogWatcher::handle);
}

LogWatcher::~LogWatcher()
{
    qInstallMessageHandler(m_previous);
    currentWatcher = nullptr;
}

void LogWatcher::handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    LogWatcher *watcher = currentWatcher.load();
    if (!watcher)
        return;
    if (message.contains(watcher->m_text))
        ++watcher->m_count;
    if (watcher->m_previous)
        watcher->m_previous(type, context, message);
}

PlatformTestCase::Device PlatformTestCase::device(const QString &phone, KeyAlgorithm algorithm)
{
    Device d;
    d.token = m_server->verifiedAccount(phone);
    auto key = KeyPair::generate(algorithm);
    if (d.token.isEmpty() || !key)
        return d;
    d.key.emplace(std::move(key).value());
    const auto csr = Csr::create(*d.key, {{QStringLiteral("CN"), QStringLiteral("device")}});
    if (!csr)
        return d;
    const HttpReply reply = m_server->applyCertificate(d.token, csr.value());
    const QJsonObject cert = reply.json.value(QStringLiteral("certificate")).toObject();
    d.certificateId = cert.value(QStringLiteral("id")).toString();
    if (auto parsed = Certificate::parse(unbase64(cert.value(QStringLiteral("der"))))) {
        d.certificate = std::move(parsed).value();
        d.ok = true;
    }
    // SM2 only: the KMC's encryption certificate and its key, enveloped to the signing key.
    const QJsonObject encryption = reply.json.value(QStringLiteral("encryptionCertificate")).toObject();
    if (auto parsed = Certificate::parse(unbase64(encryption.value(QStringLiteral("der")))))
        d.encryptionCertificate = std::move(parsed).value();
    auto opened = EnvelopedKey::open(unbase64(reply.json.value(QStringLiteral("encryptionKeyEnvelope"))), *d.key);
    if (opened)
        d.encryptionKey.emplace(std::move(opened).value());
    return d;
}

PlatformTestCase::Rp PlatformTestCase::platform(const QString &code, bool withKey)
{
    Rp rp{code, {}, std::nullopt};
    QJsonObject registration{{QStringLiteral("code"), code},
                             {QStringLiteral("name"), QString(QStringLiteral("Demo platform ") + code)},
                             {QStringLiteral("callbackUrl"), m_receiver->url()},
                             {QStringLiteral("allowedOrigins"), QJsonArray{QJsonValue(DocsOrigin)}}};
    if (withKey) {
        auto key = KeyPair::generate(KeyAlgorithm::Sm2);
        registration.insert(QStringLiteral("encryptionKey"), toBase64Text(key.value().publicKeyDer()));
        rp.key.emplace(std::move(key).value());
    }
    const HttpReply reply = m_server->registerPlatform(registration);
    rp.secret = reply.json.value(QStringLiteral("secret")).toString().toLatin1();
    return rp;
}

HttpReply PlatformTestCase::create(const Rp &rp, const QJsonObject &body)
{
    return m_server->sendAsPlatform(rp.code, rp.secret, "POST", QStringLiteral("/api/v1/platform/transactions"),
                                    compact(body));
}

HttpReply PlatformTestCase::poll(const Rp &rp, const QString &tId, const QString &pollToken)
{
    return m_server->sendAsPlatform(rp.code, rp.secret, "GET",
                                    QStringLiteral("/api/v1/platform/transactions/") + tId, {},
                                    {{PlatformAuth::PollTokenHeader, pollToken.toLatin1()}});
}

HttpReply PlatformTestCase::claim(const QString &token, const HttpReply &created)
{
    const auto payload = QrPayload::parse(created.json.value(QStringLiteral("qrContent")).toString());
    if (!payload)
        return {};
    return m_server->postAs(token, QStringLiteral("/api/v1/scan/claims"),
                            {{QStringLiteral("ticket"), payload.value().ticket}});
}

HttpReply PlatformTestCase::submit(const Device &d, const QString &tId, const QJsonObject &body)
{
    return m_server->postAs(d.token, QStringLiteral("/api/v1/scan/transactions/%1/result").arg(tId), body);
}

QJsonObject PlatformTestCase::deviceResult(const Device &d, const QJsonObject &view, const QByteArray &digestOverride)
{
    const auto content = ScanContent::fromJson(view);
    if (!content)
        return {};
    const QJsonObject platformJson = view.value(QStringLiteral("platform")).toObject();
    const QByteArray recipient = unbase64(platformJson.value(QStringLiteral("encryptionKey")));
    const Binding binding{content.value(),
                          platformJson.value(QStringLiteral("code")).toString(),
                          view.value(QStringLiteral("tId")).toString(),
                          view.value(QStringLiteral("challenge")).toString(),
                          d.certificate.serialHex,
                          recipient};
    const auto statement = binding.statement();
    if (!statement)
        return {};
    QJsonObject body{{QStringLiteral("certSn"), d.certificate.serialHex},
                     {QStringLiteral("bindingSignature"), toBase64Text(d.key->sign(statement.value()).value())}};
    QJsonArray signatures;
    const auto signer = SignedData::keySigner(*d.key);
    for (const ScanItem &item : content.value().signItems()) {
        const auto der = item.digestAlgorithm ? SignedData::signDetachedDigest(
                             signer, d.certificate, digestOverride.isEmpty() ? item.digest : digestOverride)
                                              : SignedData::signDetached(signer, d.certificate, item.content);
        signatures.append(
            QJsonObject{{QStringLiteral("key"), item.key}, {QStringLiteral("signatureValue"), toBase64Text(der.value())}});
    }
    if (!signatures.isEmpty())
        body.insert(QStringLiteral("signatures"), signatures);
    if (!content.value().envelopes.isEmpty()) {
        const auto platformKey = PublicKey::fromDer(recipient);
        QJsonArray list;
        for (const ScanEnvelope &envelope : content.value().envelopes) {
            const auto sessionKey = d.encryptionKey->decrypt(envelope.encryptStr);
            list.append(QJsonObject{{QStringLiteral("decryptKey"), envelope.key},
                                    {QStringLiteral("decryptStr"),
                                     toBase64Text(platformKey.value().encrypt(sessionKey.value().view()).value())}});
        }
        body.insert(QStringLiteral("decryptList"), list);
    }
    return body;
}

HttpReply PlatformTestCase::roundTrip(const Rp &rp, const Device &d, const QJsonObject &request, HttpReply *created)
{
    const HttpReply made = create(rp, request);
    if (created)
        *created = made;
    const HttpReply view = claim(d.token, made);
    if (view.status != 200)
        return view;
    return submit(d, made.json.value(QStringLiteral("tId")).toString(), deviceResult(d, view.json));
}

QJsonObject PlatformTestCase::hashesRequest(const QByteArray &digest)
{
    return {{QStringLiteral("action"), QStringLiteral("sign")},
            {QStringLiteral("hashes"), QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("h1")},
                                                              {QStringLiteral("algorithm"), QStringLiteral("sm3")},
                                                              {QStringLiteral("value"), toBase64Text(digest)}}}}};
}

QJsonObject PlatformTestCase::documentRequest(const QString &action, const QByteArray &document)
{
    return {{QStringLiteral("action"), action},
            {QStringLiteral("documents"),
             QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("bid-1")},
                                    {QStringLiteral("name"), QStringLiteral("投标文件.pdf")},
                                    {QStringLiteral("size"), qint64(document.size())},
                                    {QStringLiteral("digestAlgorithm"), QStringLiteral("sm3")},
                                    {QStringLiteral("digest"), toBase64Text(sm3(document))},
                                    {QStringLiteral("url"), QString(DocsOrigin + QStringLiteral("/bid-1.pdf"))}}}}};
}

QJsonObject PlatformTestCase::decryptRequest(const Device &d, const QList<QByteArray> &sessionKeys)
{
    const auto encryptionKey = PublicKey::fromDer(d.encryptionCertificate.publicKeyDer);
    QJsonArray envelopes;
    for (qsizetype i = 0; i < sessionKeys.size(); ++i)
        envelopes.append(QJsonObject{
            {QStringLiteral("key"), QStringLiteral("AH-%1").arg(i + 1)},
            {QStringLiteral("caOrgType"), QStringLiteral("010001")},
            {QStringLiteral("encCertSn"), d.encryptionCertificate.serialHex},
            {QStringLiteral("encryptStr"), toBase64Text(encryptionKey.value().encrypt(sessionKeys.at(i)).value())}});
    return {{QStringLiteral("action"), QStringLiteral("decrypt")}, {QStringLiteral("encryptInfoList"), envelopes}};
}

qint64 PlatformTestCase::transactionCount()
{
    return m_server->scalar(QStringLiteral("SELECT COUNT(*) FROM scan_transactions")).toLongLong();
}

void PlatformTestCase::prepare(server::ServerConfig &config)
{
    config.callbackRetryBaseMs = 50; // fast retries; the doubling is the same
    config.httpThreads = 4;          // more threads than this machine may have cores
    // Every device() is the one person TestName, so their pairs would share the per-person
    // limit; tst_certificateproof tests that limit.
    config.activeSigningPairsPerPerson = 1 << 20;
    m_receiver = std::make_unique<CallbackReceiver>();
}

HttpRequest PlatformTestCase::claimRequest(const QString &token, const HttpReply &created) const
{
    const auto payload = QrPayload::parse(created.json.value(QStringLiteral("qrContent")).toString());
    return {"POST", QStringLiteral("/api/v1/scan/claims"),
            compact({{QStringLiteral("ticket"), payload ? payload.value().ticket : QString()}}),
            {{"Authorization", "Bearer " + token.toLatin1()}}};
}

HttpRequest PlatformTestCase::resultRequest(const Device &d, const QString &tId, const QJsonObject &body) const
{
    return {"POST", QStringLiteral("/api/v1/scan/transactions/%1/result").arg(tId), compact(body),
            {{"Authorization", "Bearer " + d.token.toLatin1()}}};
}

qint64 PlatformTestCase::undeliveredCallbacks()
{
    return m_server->scalar(QStringLiteral("SELECT COUNT(*) FROM platform_callbacks WHERE delivered_at IS NULL"))
        .toLongLong();
}

} // namespace tq::server::test
