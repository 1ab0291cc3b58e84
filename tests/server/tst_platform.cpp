// The scan protocol over real HTTP on loopback (docs/qr-protocol.md, SPEC H2–H12, L1–L2): every
// action end to end with real certificates from the real CA, and each threat of security.md §3
// failing without its defence. The device side is done here with core (KeyPair, SignedData,
// Binding), as the app will do it; a small QHttpServer plays the platform's callback receiver.
#include "tests/server/testserver.h"

#include "core/common/clock.h"
#include "core/crypto/envelopedkey.h"
#include "core/crypto/random.h"
#include "core/crypto/signeddata.h"
#include "core/protocol/binding.h"
#include "core/protocol/platformauth.h"
#include "core/protocol/qrpayload.h"
#include "server/platform/platformregistry.h"

#include <QHttpServer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace tq;
using namespace tq::server::test;

namespace {

const QString PlatformA = QStringLiteral("C1100005553");
const QString PlatformB = QStringLiteral("E3308010416");
const QString DocsOrigin = QStringLiteral("https://docs.example.cn");
const QString OtherPhone = QStringLiteral("13900139000");

QByteArray unbase64(const QJsonValue &value)
{
    return QByteArray::fromBase64(value.toString().toLatin1());
}

QString b64(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toBase64());
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

/// One callback as the platform's receiver saw it.
struct ReceivedCallback {
    QByteArray path;
    QByteArray body;
    QJsonObject json;
    PlatformAuth::SignedHeaders headers;
    bool headersOk = false;
};

/// The platform's callback endpoint: records every POST and answers with the next queued
/// status (200 once the queue is empty).
class CallbackReceiver {
public:
    CallbackReceiver()
    {
        m_http.route(QStringLiteral("/callback"), QHttpServerRequest::Method::Post,
                     [this](const QHttpServerRequest &r) {
                         ReceivedCallback received{
                             signedPathAndQueryOf(r), r.body(), QJsonDocument::fromJson(r.body()).object(), {}, false};
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

    QString url() const { return QStringLiteral("http://127.0.0.1:%1/callback").arg(m_tcp->serverPort()); }
    void failNext(int times) { m_statuses = QList<int>(times, 500); }
    const QList<ReceivedCallback> &received() const { return m_received; }
    /// Waits until `count` callbacks arrived; false on time-out.
    bool waitFor(qsizetype count)
    {
        return QTest::qWaitFor([&] { return m_received.size() >= count; }, 20000);
    }
    /// Callbacks of `type`, in arrival order.
    QList<ReceivedCallback> ofType(const QString &type) const
    {
        QList<ReceivedCallback> out;
        for (const ReceivedCallback &c : m_received) {
            if (c.json.value(QStringLiteral("type")).toString() == type)
                out.append(c);
        }
        return out;
    }

private:
    static QByteArray signedPathAndQueryOf(const QHttpServerRequest &r)
    {
        return tq::server::signedPathAndQuery(r.url());
    }

    QHttpServer m_http;
    QTcpServer *m_tcp = nullptr;
    QList<ReceivedCallback> m_received;
    QList<int> m_statuses;
};

} // namespace

class TestPlatform : public ServerTestCase {
    Q_OBJECT

    /// A verified account with an SM2 signing key, its certificate and the KMC's encryption key.
    struct Device {
        QString token;
        std::optional<KeyPair> key;
        std::optional<KeyPair> encryptionKey;
        Certificate certificate;
        Certificate encryptionCertificate;
        QString certificateId;
        bool ok = false; ///< the signing certificate was issued
    };

    /// A registered platform: code, secret and its SM2 key for decrypt results.
    struct Rp {
        QString code;
        QByteArray secret;
        std::optional<KeyPair> key;
    };

    std::unique_ptr<CallbackReceiver> m_receiver;

    Device device(const QString &phone = TestPhone, KeyAlgorithm algorithm = KeyAlgorithm::Sm2)
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

    Rp platform(const QString &code = PlatformA, bool withKey = true)
    {
        Rp rp{code, {}, std::nullopt};
        QJsonObject registration{{QStringLiteral("code"), code},
                                 {QStringLiteral("name"), QString(QStringLiteral("Demo platform ") + code)},
                                 {QStringLiteral("callbackUrl"), m_receiver->url()},
                                 {QStringLiteral("allowedOrigins"), QJsonArray{QJsonValue(DocsOrigin)}}};
        if (withKey) {
            auto key = KeyPair::generate(KeyAlgorithm::Sm2);
            registration.insert(QStringLiteral("encryptionKey"), b64(key.value().publicKeyDer()));
            rp.key.emplace(std::move(key).value());
        }
        const HttpReply reply = m_server->registerPlatform(registration);
        rp.secret = reply.json.value(QStringLiteral("secret")).toString().toLatin1();
        return rp;
    }

    HttpReply create(const Rp &rp, const QJsonObject &body)
    {
        return m_server->sendAsPlatform(rp.code, rp.secret, "POST", QStringLiteral("/api/v1/platform/transactions"),
                                        compact(body));
    }

    HttpReply poll(const Rp &rp, const QString &tId, const QString &pollToken)
    {
        return m_server->sendAsPlatform(rp.code, rp.secret, "GET",
                                        QStringLiteral("/api/v1/platform/transactions/") + tId, {},
                                        {{PlatformAuth::PollTokenHeader, pollToken.toLatin1()}});
    }

    HttpReply claim(const QString &token, const HttpReply &created)
    {
        const auto payload = QrPayload::parse(created.json.value(QStringLiteral("qrContent")).toString());
        if (!payload)
            return {};
        return m_server->postAs(token, QStringLiteral("/api/v1/scan/claims"),
                                {{QStringLiteral("ticket"), payload.value().ticket}});
    }

    HttpReply submit(const Device &d, const QString &tId, const QJsonObject &body)
    {
        return m_server->postAs(d.token, QStringLiteral("/api/v1/scan/transactions/%1/result").arg(tId), body);
    }

    /// What the app does after the user confirmed: the binding signature over the view, one
    /// SignedData per item (over `digestOverride` instead of a declared digest if given), and
    /// every envelope re-encrypted to the platform key.
    static QJsonObject deviceResult(const Device &d, const QJsonObject &view, const QByteArray &digestOverride = {})
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
                         {QStringLiteral("bindingSignature"), b64(d.key->sign(statement.value()).value())}};
        QJsonArray signatures;
        const auto signer = SignedData::keySigner(*d.key);
        for (const ScanItem &item : content.value().signItems()) {
            const auto der = item.digestAlgorithm ? SignedData::signDetachedDigest(
                                 signer, d.certificate, digestOverride.isEmpty() ? item.digest : digestOverride)
                                                  : SignedData::signDetached(signer, d.certificate, item.content);
            signatures.append(
                QJsonObject{{QStringLiteral("key"), item.key}, {QStringLiteral("signatureValue"), b64(der.value())}});
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
                                         b64(platformKey.value().encrypt(sessionKey.value().view()).value())}});
            }
            body.insert(QStringLiteral("decryptList"), list);
        }
        return body;
    }

    /// create → claim → result; the result reply.
    HttpReply roundTrip(const Rp &rp, const Device &d, const QJsonObject &request, HttpReply *created = nullptr)
    {
        const HttpReply made = create(rp, request);
        if (created)
            *created = made;
        const HttpReply view = claim(d.token, made);
        if (view.status != 200)
            return view;
        return submit(d, made.json.value(QStringLiteral("tId")).toString(), deviceResult(d, view.json));
    }

    static QJsonObject hashesRequest(const QByteArray &digest = QByteArray(32, '\x11'))
    {
        return {{QStringLiteral("action"), QStringLiteral("sign")},
                {QStringLiteral("hashes"), QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("h1")},
                                                                  {QStringLiteral("algorithm"), QStringLiteral("sm3")},
                                                                  {QStringLiteral("value"), b64(digest)}}}}};
    }

    static QJsonObject documentRequest(const QString &action, const QByteArray &document)
    {
        return {{QStringLiteral("action"), action},
                {QStringLiteral("documents"),
                 QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("bid-1")},
                                        {QStringLiteral("name"), QStringLiteral("投标文件.pdf")},
                                        {QStringLiteral("size"), qint64(document.size())},
                                        {QStringLiteral("digestAlgorithm"), QStringLiteral("sm3")},
                                        {QStringLiteral("digest"), b64(sm3(document))},
                                        {QStringLiteral("url"), QString(DocsOrigin + QStringLiteral("/bid-1.pdf"))}}}}};
    }

    QJsonObject decryptRequest(const Device &d, const QList<QByteArray> &sessionKeys)
    {
        const auto encryptionKey = PublicKey::fromDer(d.encryptionCertificate.publicKeyDer);
        QJsonArray envelopes;
        for (qsizetype i = 0; i < sessionKeys.size(); ++i)
            envelopes.append(QJsonObject{
                {QStringLiteral("key"), QStringLiteral("AH-%1").arg(i + 1)},
                {QStringLiteral("caOrgType"), QStringLiteral("010001")},
                {QStringLiteral("encCertSn"), d.encryptionCertificate.serialHex},
                {QStringLiteral("encryptStr"), b64(encryptionKey.value().encrypt(sessionKeys.at(i)).value())}});
        return {{QStringLiteral("action"), QStringLiteral("decrypt")}, {QStringLiteral("encryptInfoList"), envelopes}};
    }

    qint64 transactionCount()
    {
        return m_server->scalar(QStringLiteral("SELECT COUNT(*) FROM scan_transactions")).toLongLong();
    }

    void prepare(server::ServerConfig &config) override
    {
        config.callbackRetryBaseMs = 50; // fast retries; the doubling is the same
        config.httpThreads = 4;          // more threads than this machine may have cores
        m_receiver = std::make_unique<CallbackReceiver>();
    }

    HttpRequest claimRequest(const QString &token, const HttpReply &created) const
    {
        const auto payload = QrPayload::parse(created.json.value(QStringLiteral("qrContent")).toString());
        return {"POST", QStringLiteral("/api/v1/scan/claims"),
                compact({{QStringLiteral("ticket"), payload ? payload.value().ticket : QString()}}),
                {{"Authorization", "Bearer " + token.toLatin1()}}};
    }

    HttpRequest resultRequest(const Device &d, const QString &tId, const QJsonObject &body) const
    {
        return {"POST", QStringLiteral("/api/v1/scan/transactions/%1/result").arg(tId), compact(body),
                {{"Authorization", "Bearer " + d.token.toLatin1()}}};
    }

    qint64 undeliveredCallbacks()
    {
        return m_server->scalar(QStringLiteral("SELECT COUNT(*) FROM platform_callbacks WHERE delivered_at IS NULL"))
            .toLongLong();
    }

private Q_SLOTS:
    void loginEndToEnd()
    {
        const Rp rp = platform();
        QVERIFY(!rp.secret.isEmpty());
        const Device d = device();
        QVERIFY(d.key);

        const HttpReply created = create(rp, {{QStringLiteral("action"), QStringLiteral("login")}});
        QCOMPARE(created.status, 201);
        const QString tId = created.json.value(QStringLiteral("tId")).toString();
        QVERIFY(isTransactionId(tId) && tId.startsWith(rp.code));
        const QString pollToken = created.json.value(QStringLiteral("pollToken")).toString();
        const auto payload = QrPayload::parse(created.json.value(QStringLiteral("qrContent")).toString());
        QVERIFY(payload);
        QCOMPARE(payload.value().serverUrl, m_server->server().baseUrl());
        QCOMPARE(poll(rp, tId, pollToken).json.value(QStringLiteral("status")).toString(), QStringLiteral("pending"));

        const HttpReply view = claim(d.token, created);
        QCOMPARE(view.status, 200);
        QCOMPARE(view.json.value(QStringLiteral("action")).toString(), QStringLiteral("login"));
        QCOMPARE(view.json.value(QStringLiteral("tId")).toString(), tId);
        QCOMPARE(view.json.value(QStringLiteral("platform")).toObject().value(QStringLiteral("code")).toString(),
                 rp.code);
        QCOMPARE(view.json.value(QStringLiteral("platform")).toObject().value(QStringLiteral("name")).toString(),
                 QString(QStringLiteral("Demo platform ") + rp.code));
        QCOMPARE(poll(rp, tId, pollToken).json.value(QStringLiteral("status")).toString(), QStringLiteral("scanned"));

        const HttpReply result = submit(d, tId, deviceResult(d, view.json));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));

        const HttpReply polled = poll(rp, tId, pollToken);
        QCOMPARE(polled.json.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
        const QJsonObject outcome = polled.json.value(QStringLiteral("result")).toObject();
        QCOMPARE(outcome.value(QStringLiteral("certSn")).toString(), d.certificate.serialHex);
        QVERIFY(!outcome.contains(QStringLiteral("accessToken")));

        // Callbacks 01 then 02, each signed with the platform secret.
        QVERIFY(m_receiver->waitFor(2));
        QCOMPARE(m_receiver->ofType(QStringLiteral("01")).size(), 1);
        const QList<ReceivedCallback> logins = m_receiver->ofType(QStringLiteral("02"));
        QCOMPARE(logins.size(), 1);
        for (const ReceivedCallback &c : m_receiver->received()) {
            QVERIFY(c.headersOk);
            QVERIFY(PlatformAuth::verify(rp.secret, c.headers, "POST", c.path, c.body, Clock::nowSecs()));
            QCOMPARE(c.json.value(QStringLiteral("tId")).toString(), tId);
        }
        // L2: the platform checks the binding itself: certificate from our CA, signature over the statement.
        const QJsonObject data = logins.first().json.value(QStringLiteral("data")).toObject();
        const auto pubCert = Certificate::parse(unbase64(data.value(QStringLiteral("pubCert"))));
        QVERIFY(pubCert);
        const QByteArray statement = unbase64(data.value(QStringLiteral("binding")));
        QVERIFY(statement.contains(QByteArray("tId=" + tId.toLatin1() + "\n")));
        QVERIFY(PublicKey::fromDer(pubCert.value().publicKeyDer)
                    .value()
                    .verify(statement, unbase64(data.value(QStringLiteral("bindingSignature")))));

        // The one-time access token.
        const QByteArray exchange =
            compact({{QStringLiteral("accessToken"), data.value(QStringLiteral("accessToken"))}});
        HttpReply user = m_server->sendAsPlatform(rp.code, rp.secret, "POST",
                                                  QStringLiteral("/api/v1/platform/access-tokens"), exchange);
        QCOMPARE(user.status, 200);
        QCOMPARE(user.json.value(QStringLiteral("certSn")).toString(), d.certificate.serialHex);
        QCOMPARE(user.json.value(QStringLiteral("tId")).toString(), tId);
        user = m_server->sendAsPlatform(rp.code, rp.secret, "POST", QStringLiteral("/api/v1/platform/access-tokens"),
                                        exchange);
        QCOMPARE(user.status, 404);
    }

    void everyAction_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("callbackType");
        QTest::newRow("bind") << QStringLiteral("bind") << QStringLiteral("02");
        QTest::newRow("sign data") << QStringLiteral("sign-data") << QStringLiteral("03");
        QTest::newRow("sign hashes") << QStringLiteral("sign") << QStringLiteral("03");
        QTest::newRow("sign documents") << QStringLiteral("sign-documents") << QStringLiteral("03");
        QTest::newRow("seal") << QStringLiteral("seal") << QStringLiteral("03");
        QTest::newRow("withdraw seal") << QStringLiteral("withdraw_seal") << QStringLiteral("03");
        QTest::newRow("message signature") << QStringLiteral("message_sign") << QStringLiteral("03");
        QTest::newRow("encrypt") << QStringLiteral("encrypt") << QStringLiteral("05");
        QTest::newRow("decrypt") << QStringLiteral("decrypt") << QStringLiteral("06");
    }
    void everyAction()
    {
        QFETCH(QString, action);
        QFETCH(QString, callbackType);
        const Rp rp = platform();
        const Device d = device();
        QVERIFY(d.ok && d.encryptionKey);
        const QByteArray document = "%PDF-1.7 bid document";
        const QList<QByteArray> sessionKeys{Random::bytes(16), Random::bytes(16)};
        QJsonObject request{{QStringLiteral("action"), action}};
        if (action == u"sign-data")
            request = {{QStringLiteral("action"), QStringLiteral("sign")},
                       {QStringLiteral("data"), b64("原文 to sign")}};
        else if (action == u"sign")
            request = hashesRequest();
        else if (action == u"sign-documents")
            request = documentRequest(QStringLiteral("sign"), document);
        else if (action == u"seal")
            request = documentRequest(action, document);
        else if (action == u"withdraw_seal") {
            request.insert(QStringLiteral("certSn"), d.certificate.serialHex);
            request.insert(QStringLiteral("signOriVal"), b64("TWSdSKoeJiXWM+C4cPNIHu5EuoU="));
        } else if (action == u"message_sign")
            request.insert(QStringLiteral("message"), QStringLiteral("同意开标"));
        else if (action == u"decrypt")
            request = decryptRequest(d, sessionKeys);

        HttpReply created;
        const HttpReply result = roundTrip(rp, d, request, &created);
        QCOMPARE(result.status, 200);
        const HttpReply polled = poll(rp, created.json.value(QStringLiteral("tId")).toString(),
                                      created.json.value(QStringLiteral("pollToken")).toString());
        QCOMPARE(polled.json.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
        const QJsonObject outcome = polled.json.value(QStringLiteral("result")).toObject();
        QCOMPARE(outcome.value(QStringLiteral("certSn")).toString(), d.certificate.serialHex);
        QCOMPARE(outcome.value(QStringLiteral("caOrgType")).toString(), QStringLiteral("010001"));

        QVERIFY(m_receiver->waitFor(2));
        const QList<ReceivedCallback> finals = m_receiver->ofType(callbackType);
        QCOMPARE(finals.size(), 1);
        QJsonObject callbackData = finals.first().json.value(QStringLiteral("data")).toObject();
        QCOMPARE(callbackData.contains(QStringLiteral("accessToken")), callbackType == u"02");
        callbackData.remove(QStringLiteral("accessToken")); // for the callback's receiver only
        QCOMPARE(callbackData, outcome);

        if (callbackType == u"03") {
            // The platform verifies each signature against what it asked to have signed.
            const QJsonArray list = outcome.value(QStringLiteral("signatureValueList")).toArray();
            QCOMPARE(list.size(), 1);
            const QByteArray der = unbase64(list.first().toObject().value(QStringLiteral("signatureValue")));
            const auto signer = action == u"sign" ? SignedData::verifyDetachedDigest(der, QByteArray(32, '\x11'))
                                : action.endsWith(u"documents") || action == u"seal"
                                    ? SignedData::verifyDetachedDigest(der, sm3(document))
                                : action == u"sign-data" ? SignedData::verifyDetached(der, QByteArray("原文 to sign"))
                                : action == u"message_sign"
                                    ? SignedData::verifyDetached(der, QStringLiteral("同意开标").toUtf8())
                                    : SignedData::verifyDetached(der, QByteArray("TWSdSKoeJiXWM+C4cPNIHu5EuoU="));
            QVERIFY(signer);
            QCOMPARE(signer.value().der, d.certificate.der);
        }
        if (action == u"encrypt") {
            QCOMPARE(outcome.value(QStringLiteral("encCertSn")).toString(), d.encryptionCertificate.serialHex);
            QCOMPARE(unbase64(outcome.value(QStringLiteral("encPubCert"))), d.encryptionCertificate.der);
        }
        if (action == u"decrypt") {
            // Only the platform's key opens the session keys; they match what it encrypted.
            const QJsonArray list = outcome.value(QStringLiteral("decryptList")).toArray();
            QCOMPARE(list.size(), sessionKeys.size());
            for (qsizetype i = 0; i < list.size(); ++i) {
                const QJsonObject entry = list.at(i).toObject();
                QCOMPARE(entry.value(QStringLiteral("decryptKey")).toString(), QStringLiteral("AH-%1").arg(i + 1));
                const auto opened = rp.key->decrypt(unbase64(entry.value(QStringLiteral("decryptStr"))));
                QVERIFY(opened);
                QCOMPARE(opened.value().view().toByteArray(), sessionKeys.at(i));
            }
        }
    }

    /// CMS (not GM/T 0010) SignedData from a P-256 certificate, which signs SHA-256 digests only.
    void p256CertificateSignsSha256Hashes()
    {
        const Rp rp = platform();
        const Device d = device(TestPhone, KeyAlgorithm::EcdsaP256);
        QVERIFY(d.ok);
        QJsonObject request = hashesRequest();
        QJsonArray hashes = request.value(QStringLiteral("hashes")).toArray();
        QJsonObject hash = hashes.first().toObject();
        hash[QStringLiteral("algorithm")] = QStringLiteral("sha256");
        hashes[0] = hash;
        request[QStringLiteral("hashes")] = hashes;
        QCOMPARE(roundTrip(rp, d, request).status, 200);

        const HttpReply created = create(rp, hashesRequest()); // an SM3 digest
        const HttpReply view = claim(d.token, created);
        const HttpReply reply = submit(d, created.json.value(QStringLiteral("tId")).toString(),
                                       deviceResult(d, view.json, QByteArray(32, '\x11')));
        QCOMPARE(reply.status, 422);
        QCOMPARE(reply.code(), QStringLiteral("invalid_signature"));
    }

    void expiredTicket()
    {
        const Rp rp = platform();
        const Device d = device();
        const HttpReply created = create(rp, {{QStringLiteral("action"), QStringLiteral("login")}});
        QCOMPARE(created.status, 201);
        Clock::advanceForTesting(121);
        const HttpReply claimed = claim(d.token, created);
        QCOMPARE(claimed.status, 410);
        QCOMPARE(claimed.code(), QStringLiteral("ticket_expired"));
        QCOMPARE(poll(rp, created.json.value(QStringLiteral("tId")).toString(),
                      created.json.value(QStringLiteral("pollToken")).toString())
                     .json.value(QStringLiteral("status"))
                     .toString(),
                 QStringLiteral("expired"));
    }

    void shorterExpiry()
    {
        const Rp rp = platform();
        const Device d = device();
        QCOMPARE(create(rp, {{QStringLiteral("action"), QStringLiteral("login")}, {QStringLiteral("expiresIn"), 600}})
                     .status,
                 400);
        const HttpReply created =
            create(rp, {{QStringLiteral("action"), QStringLiteral("login")}, {QStringLiteral("expiresIn"), 30}});
        QCOMPARE(created.status, 201);
        Clock::advanceForTesting(31);
        QCOMPARE(claim(d.token, created).status, 410);
    }

    void reusedTicket()
    {
        const Rp rp = platform();
        const Device d = device();
        const Device other = device(OtherPhone);
        const HttpReply created = create(rp, {{QStringLiteral("action"), QStringLiteral("login")}});
        QCOMPARE(claim(d.token, created).status, 200);
        for (const QString &token : {d.token, other.token}) {
            const HttpReply again = claim(token, created);
            QCOMPARE(again.status, 409);
            QCOMPARE(again.code(), QStringLiteral("ticket_used"));
        }
        // The other account cannot answer the transaction it could not claim.
        const QString tId = created.json.value(QStringLiteral("tId")).toString();
        QCOMPARE(submit(other, tId, {{QStringLiteral("certSn"), other.certificate.serialHex}}).status, 404);
    }

    void unknownOrMalformedTicket()
    {
        const Device d = device();
        HttpReply reply = m_server->postAs(d.token, QStringLiteral("/api/v1/scan/claims"),
                                           {{QStringLiteral("ticket"), QrPayload::newTicket()}});
        QCOMPARE(reply.status, 404);
        QCOMPARE(reply.code(), QStringLiteral("transaction_not_found"));
        reply = m_server->postAs(d.token, QStringLiteral("/api/v1/scan/claims"),
                                 {{QStringLiteral("ticket"), QStringLiteral("x")}});
        QCOMPARE(reply.status, 400);
        reply = m_server->postAs(QString(), QStringLiteral("/api/v1/scan/claims"),
                                 {{QStringLiteral("ticket"), QrPayload::newTicket()}});
        QCOMPARE(reply.status, 401);
    }

    void ticketOfAnotherTransaction()
    {
        const Rp a = platform(PlatformA);
        const Rp b = platform(PlatformB);
        const Device d = device();
        const HttpReply createdA = create(a, hashesRequest());
        const HttpReply createdB = create(b, hashesRequest());
        const HttpReply viewA = claim(d.token, createdA);
        const HttpReply viewB = claim(d.token, createdB);
        QCOMPARE(viewA.status, 200);
        QCOMPARE(viewB.status, 200);
        // A result made for A's transaction (same hash) is refused for B's.
        const HttpReply crossed =
            submit(d, createdB.json.value(QStringLiteral("tId")).toString(), deviceResult(d, viewA.json));
        QCOMPARE(crossed.status, 422);
        QCOMPARE(crossed.code(), QStringLiteral("binding_mismatch"));
        // B's own result still goes through.
        QCOMPARE(submit(d, createdB.json.value(QStringLiteral("tId")).toString(), deviceResult(d, viewB.json)).status,
                 200);
    }

    void tamperedTransaction()
    {
        const Rp rp = platform();
        const Device d = device();
        const HttpReply created = create(rp, hashesRequest());
        const HttpReply view = claim(d.token, created);
        const QString tId = created.json.value(QStringLiteral("tId")).toString();
        // The device was shown (or built its binding from) another hash than the platform created.
        QJsonObject tampered = view.json;
        tampered[QStringLiteral("hashes")] = hashesRequest(QByteArray(32, '\x22')).value(QStringLiteral("hashes"));
        HttpReply reply = submit(d, tId, deviceResult(d, tampered));
        QCOMPARE(reply.status, 422);
        QCOMPARE(reply.code(), QStringLiteral("binding_mismatch"));
        // Right binding, but the item signature covers another hash.
        reply = submit(d, tId, deviceResult(d, view.json, QByteArray(32, '\x22')));
        QCOMPARE(reply.status, 422);
        QCOMPARE(reply.code(), QStringLiteral("invalid_signature"));
        QCOMPARE(reply.details().value(QStringLiteral("key")).toString(), QStringLiteral("h1"));
        // Malformed answers are refused before anything is looked up.
        QJsonObject malformed = deviceResult(d, view.json);
        malformed[QStringLiteral("bindingSignature")] = QStringLiteral("not base64!");
        reply = submit(d, tId, malformed);
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.details().value(QStringLiteral("field")).toString(), QStringLiteral("bindingSignature"));
        malformed = deviceResult(d, view.json);
        malformed[QStringLiteral("certSn")] = QStringLiteral("5A1F\ncertSn=00");
        QCOMPARE(submit(d, tId, malformed).status, 400);
        // A missing signature.
        QJsonObject missing = deviceResult(d, view.json);
        missing.remove(QStringLiteral("signatures"));
        QCOMPARE(submit(d, tId, missing).code(), QStringLiteral("invalid_signature"));
        // Nothing was stored by the failures: the honest result is still accepted, once.
        QCOMPARE(submit(d, tId, deviceResult(d, view.json)).status, 200);
        reply = submit(d, tId, deviceResult(d, view.json));
        QCOMPARE(reply.status, 409);
        QCOMPARE(reply.code(), QStringLiteral("transaction_closed"));
    }

    void documentChangedAfterQrShown()
    {
        const Rp rp = platform();
        const Device d = device();
        const HttpReply created = create(rp, documentRequest(QStringLiteral("seal"), "the document as declared"));
        const HttpReply view = claim(d.token, created);
        QCOMPARE(view.status, 200);
        QCOMPARE(view.json.value(QStringLiteral("documents"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
                 QStringLiteral("投标文件.pdf"));
        // The device signs the digest of what it downloaded, which differs from the declared one.
        const HttpReply reply = submit(d, created.json.value(QStringLiteral("tId")).toString(),
                                       deviceResult(d, view.json, sm3("the document after a swap")));
        QCOMPARE(reply.status, 422);
        QCOMPARE(reply.code(), QStringLiteral("invalid_signature"));
    }

    void documentUrlMustBeOnAllowedOrigin()
    {
        const Rp rp = platform();
        QJsonObject request = documentRequest(QStringLiteral("seal"), "doc");
        QJsonArray documents = request.value(QStringLiteral("documents")).toArray();
        QJsonObject document = documents.first().toObject();
        document[QStringLiteral("url")] = QStringLiteral("https://evil.example.com/doc.pdf");
        documents[0] = document;
        request[QStringLiteral("documents")] = documents;
        const HttpReply reply = create(rp, request);
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.details().value(QStringLiteral("field")).toString(), QStringLiteral("documents[0].url"));
    }

    void unregisteredPlatform()
    {
        const Rp rp = platform();
        const HttpReply reply =
            m_server->sendAsPlatform(PlatformB, rp.secret, "POST", QStringLiteral("/api/v1/platform/transactions"),
                                     compact({{QStringLiteral("action"), QStringLiteral("login")}}));
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.details().value(QStringLiteral("reason")).toString(), QStringLiteral("unknown_platform"));
        QCOMPARE(transactionCount(), 0);
    }

    void badRequestSignatures()
    {
        const Rp rp = platform();
        const QString path = QStringLiteral("/api/v1/platform/transactions");
        const QByteArray body = compact({{QStringLiteral("action"), QStringLiteral("login")}});
        const QByteArray signedPath = tq::server::signedPathAndQuery(m_server->urlFor(path));

        HttpReply reply = m_server->sendAsPlatform(rp.code, "wrong" + rp.secret.mid(5), "POST", path, body);
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.details().value(QStringLiteral("reason")).toString(), QStringLiteral("bad_signature"));

        reply = m_server->sendWithHeaders("POST", path, body, {});
        QCOMPARE(reply.details().value(QStringLiteral("reason")).toString(), QStringLiteral("missing_headers"));

        const auto stale = PlatformAuth::sign(rp.secret, "POST", signedPath, rp.code, body,
                                              Clock::nowSecs() - PlatformAuth::MaxSkewSecs - 1);
        reply = m_server->sendWithHeaders("POST", path, body, stale.toRaw());
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.details().value(QStringLiteral("reason")).toString(), QStringLiteral("stale_timestamp"));

        // A signed request replayed as is, and with another body under the same signature.
        const auto headers = PlatformAuth::sign(rp.secret, "POST", signedPath, rp.code, body);
        QCOMPARE(m_server->sendWithHeaders("POST", path, body, headers.toRaw()).status, 201);
        reply = m_server->sendWithHeaders("POST", path, body, headers.toRaw());
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.details().value(QStringLiteral("reason")).toString(), QStringLiteral("replayed_nonce"));
        const auto fresh = PlatformAuth::sign(rp.secret, "POST", signedPath, rp.code, body);
        reply = m_server->sendWithHeaders("POST", path, compact(hashesRequest()), fresh.toRaw());
        QCOMPARE(reply.details().value(QStringLiteral("reason")).toString(), QStringLiteral("bad_signature"));
        QCOMPARE(transactionCount(), 1);
    }

    void resultOnlyForItsPollToken()
    {
        const Rp a = platform(PlatformA);
        const Rp b = platform(PlatformB);
        const Device d = device();
        HttpReply created;
        QCOMPARE(roundTrip(a, d, {{QStringLiteral("action"), QStringLiteral("login")}}, &created).status, 200);
        const QString tId = created.json.value(QStringLiteral("tId")).toString();
        const QString pollToken = created.json.value(QStringLiteral("pollToken")).toString();
        const QString secondToken = create(a, {{QStringLiteral("action"), QStringLiteral("login")}})
                                        .json.value(QStringLiteral("pollToken"))
                                        .toString();
        QCOMPARE(poll(a, tId, pollToken).status, 200);
        for (const HttpReply &reply : {poll(a, tId, secondToken), poll(a, tId, QString()), poll(b, tId, pollToken)}) {
            QCOMPARE(reply.status, 404);
            QCOMPARE(reply.code(), QStringLiteral("transaction_not_found"));
            QVERIFY(!reply.json.contains(QStringLiteral("result")));
        }
    }

    void forgedCallbackIsRejected()
    {
        const Rp rp = platform();
        const Device d = device();
        QCOMPARE(roundTrip(rp, d, hashesRequest()).status, 200);
        QVERIFY(m_receiver->waitFor(2));
        const ReceivedCallback c = m_receiver->ofType(QStringLiteral("03")).first();
        const qint64 now = Clock::nowSecs();
        QVERIFY(PlatformAuth::verify(rp.secret, c.headers, "POST", c.path, c.body, now));
        QByteArray forged = c.body;
        forged.replace("\"03\"", "\"02\"");
        QVERIFY(forged != c.body);
        QVERIFY(!PlatformAuth::verify(rp.secret, c.headers, "POST", c.path, forged, now));
        QVERIFY(!PlatformAuth::verify("another platform's secret", c.headers, "POST", c.path, c.body, now));
        const auto byAttacker = PlatformAuth::sign("guessed secret", "POST", c.path, rp.code, forged);
        QVERIFY(!PlatformAuth::verify(rp.secret, byAttacker, "POST", c.path, forged, now));
    }

    void callbackRetriedWithSameEventId()
    {
        const Rp rp = platform();
        const Device d = device();
        m_receiver->failNext(2); // the 01 notice fails twice, then gets through
        const HttpReply created = create(rp, {{QStringLiteral("action"), QStringLiteral("login")}});
        QCOMPARE(claim(d.token, created).status, 200);
        QVERIFY(m_receiver->waitFor(3));
        const QList<ReceivedCallback> scans = m_receiver->ofType(QStringLiteral("01"));
        QCOMPARE(scans.size(), 3);
        const QString eventId = scans.first().json.value(QStringLiteral("eventId")).toString();
        QVERIFY(!eventId.isEmpty());
        for (const ReceivedCallback &c : scans) {
            QCOMPARE(c.json.value(QStringLiteral("eventId")).toString(), eventId);
            QCOMPARE(c.body, scans.first().body);
            QVERIFY(PlatformAuth::verify(rp.secret, c.headers, "POST", c.path, c.body, Clock::nowSecs()));
        }
        QVERIFY(scans.at(0).headers.nonce != scans.at(1).headers.nonce);
        QVERIFY(QTest::qWaitFor([&] {
            return m_server
                       ->scalar(
                           QStringLiteral("SELECT COUNT(*) FROM platform_callbacks WHERE delivered_at IS NOT NULL"))
                       .toInt()
                   == 1;
        }));
        QCOMPARE(m_server->scalar(QStringLiteral("SELECT attempts FROM platform_callbacks")).toInt(), 3);
    }

    void callbackGivesUp()
    {
        m_server->config().callbackMaxAttempts = 2;
        QVERIFY(m_server->start()); // the same database, a server with the new setting
        const Rp rp = platform();
        const Device d = device();
        m_receiver->failNext(10);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("gave up after 2 attempts")));
        QCOMPARE(claim(d.token, create(rp, {{QStringLiteral("action"), QStringLiteral("login")}})).status, 200);
        QVERIFY(m_receiver->waitFor(2));
        QVERIFY(QTest::qWaitFor(
            [&] { return m_server->scalar(QStringLiteral("SELECT attempts FROM platform_callbacks")).toInt() == 2; }));
        QTest::qWait(300); // longer than any retry delay here: no third attempt comes
        QCOMPARE(m_receiver->received().size(), 2);
    }

    void callbackUnsentAtAStopIsSentAfterTheRestart()
    {
        const Rp rp = platform();
        const Device d = device();
        QCOMPARE(claim(d.token, create(rp, {{QStringLiteral("action"), QStringLiteral("login")}})).status, 200);
        QVERIFY(m_receiver->waitFor(1));
        const auto deliveredCount = [&] {
            return m_server->scalar(QStringLiteral("SELECT COUNT(*) FROM platform_callbacks WHERE delivered_at IS NOT NULL"))
                .toInt();
        };
        QVERIFY(QTest::qWaitFor([&] { return deliveredCount() == 1; }));
        QCOMPARE(m_server->scalar(QStringLiteral("SELECT attempts FROM platform_callbacks")).toInt(), 1);
        // As if the server stopped between committing the event and its first attempt: even
        // with a single attempt allowed, the restarted server still sends it.
        m_server->server().stop();
        m_server->scalar(QStringLiteral("UPDATE platform_callbacks SET delivered_at = NULL, attempts = 0"));
        m_server->config().callbackMaxAttempts = 1;
        QVERIFY(m_server->start());
        QVERIFY(m_receiver->waitFor(2));
        const QList<ReceivedCallback> scans = m_receiver->ofType(QStringLiteral("01"));
        QCOMPARE(scans.size(), 2);
        QCOMPARE(scans.at(1).body, scans.at(0).body);
        QVERIFY(QTest::qWaitFor([&] { return deliveredCount() == 1; }));
        QCOMPARE(m_server->scalar(QStringLiteral("SELECT attempts FROM platform_callbacks")).toInt(), 1);
    }

    void concurrentRequestsStillWinOnce()
    {
        // Requests at the same moment on separate connections, handled by several threads:
        // each single-use rule still lets exactly one of them through.
        const Rp rp = platform();
        const Device a = device();
        const Device b = device(OtherPhone);
        QVERIFY(a.ok && b.ok);

        // One signed request (one nonce) sent eight times at once creates one transaction.
        const QString path = QStringLiteral("/api/v1/platform/transactions");
        const QByteArray body = compact(hashesRequest());
        const QList<HttpRequest> replayed(
            8, HttpRequest{"POST", path, body, m_server->platformHeaders(rp.code, rp.secret, "POST", path, body)});
        int created = 0;
        for (const HttpReply &reply : m_server->sendConcurrently(replayed)) {
            if (reply.status == 201) {
                ++created;
                continue;
            }
            QCOMPARE(reply.status, 401);
            QCOMPARE(reply.details().value(QStringLiteral("reason")).toString(), QStringLiteral("replayed_nonce"));
        }
        QCOMPARE(created, 1);
        QCOMPARE(transactionCount(), 1);

        // Both devices claim every ticket at once: one claim per ticket wins.
        constexpr int Count = 12;
        QList<HttpReply> made;
        QList<HttpRequest> claims;
        for (int i = 0; i < Count; ++i) {
            made.append(create(rp, hashesRequest()));
            QCOMPARE(made.last().status, 201);
            claims << claimRequest(a.token, made.last()) << claimRequest(b.token, made.last());
        }
        const QList<HttpReply> claimed = m_server->sendConcurrently(claims);
        QList<HttpRequest> results;
        for (int i = 0; i < Count; ++i) {
            const HttpReply &byA = claimed.at(2 * i);
            const HttpReply &byB = claimed.at(2 * i + 1);
            QCOMPARE(int(byA.status == 200) + int(byB.status == 200), 1);
            QCOMPARE((byA.status == 200 ? byB : byA).code(), QStringLiteral("ticket_used"));
            const Device &winner = byA.status == 200 ? a : b;
            // The winner answers twice at once (a double tap): one answer completes it.
            const HttpRequest answer =
                resultRequest(winner, made.at(i).json.value(QStringLiteral("tId")).toString(),
                              deviceResult(winner, (byA.status == 200 ? byA : byB).json));
            results << answer << answer;
        }
        const QList<HttpReply> answered = m_server->sendConcurrently(results);
        for (int i = 0; i < Count; ++i) {
            const HttpReply &first = answered.at(2 * i);
            const HttpReply &second = answered.at(2 * i + 1);
            QCOMPARE(int(first.status == 200) + int(second.status == 200), 1);
            QCOMPARE((first.status == 200 ? second : first).code(), QStringLiteral("transaction_closed"));
        }
        QCOMPARE(m_server->scalar(QStringLiteral("SELECT COUNT(*) FROM scan_transactions WHERE status = 'completed'"))
                     .toInt(),
                 Count);

        // Every event reaches the platform once: a notice per claim, a result per completion.
        QVERIFY(m_receiver->waitFor(2 * Count));
        QVERIFY(QTest::qWaitFor([&] { return undeliveredCallbacks() == 0; }, 20000));
        QCOMPARE(m_receiver->ofType(QStringLiteral("01")).size(), Count);
        QCOMPARE(m_receiver->ofType(QStringLiteral("03")).size(), Count);
        QCOMPARE(m_receiver->received().size(), 2 * Count);
        QSet<QString> transactions;
        for (const ReceivedCallback &c : m_receiver->ofType(QStringLiteral("03")))
            transactions.insert(c.json.value(QStringLiteral("tId")).toString());
        QCOMPARE(transactions.size(), Count);
    }

    void stopWithResultsInFlight()
    {
        // Stopping while results are being handled: an answer the device received was stored,
        // and the server starts again on the same database.
        const Rp rp = platform();
        const Device d = device();
        QVERIFY(d.ok);
        constexpr int Count = 16;
        QList<HttpRequest> results;
        for (int i = 0; i < Count; ++i) {
            const HttpReply created = create(rp, hashesRequest());
            const HttpReply view = claim(d.token, created);
            QCOMPARE(view.status, 200);
            results << resultRequest(d, created.json.value(QStringLiteral("tId")).toString(),
                                     deviceResult(d, view.json));
        }
        const QList<HttpReply> replies = m_server->sendConcurrently(results, [&] { m_server->server().stop(); });
        int answered = 0;
        for (const HttpReply &reply : replies) {
            QVERIFY2(reply.status == 200 || reply.status == 0, qPrintable(QString::number(reply.status)));
            answered += reply.status == 200;
        }
        QVERIFY(answered > 0);
        QVERIFY(m_server->start());
        QVERIFY(m_server->scalar(QStringLiteral("SELECT COUNT(*) FROM scan_transactions WHERE status = 'completed'"))
                    .toInt()
                >= answered);
        QCOMPARE(m_server->get(QStringLiteral("/api/v1/health")).status, 200);
    }

    void revokedCertificateIsRefused()
    {
        const Rp rp = platform();
        const Device d = device();
        const HttpReply created = create(rp, {{QStringLiteral("action"), QStringLiteral("login")}});
        const HttpReply view = claim(d.token, created);
        QCOMPARE(m_server
                     ->postAs(d.token, QStringLiteral("/api/v1/certificates/%1/revocation").arg(d.certificateId),
                              {{QStringLiteral("reason"), QStringLiteral("keyCompromise")}})
                     .status,
                 200);
        const HttpReply reply =
            submit(d, created.json.value(QStringLiteral("tId")).toString(), deviceResult(d, view.json));
        QCOMPARE(reply.status, 422);
        QCOMPARE(reply.code(), QStringLiteral("certificate_unusable"));
        QCOMPARE(reply.details().value(QStringLiteral("reason")).toString(), QStringLiteral("revoked"));
    }

    void certificateOfAnotherAccountIsRefused()
    {
        const Rp rp = platform();
        const Device d = device();
        const Device other = device(OtherPhone);
        const HttpReply created = create(rp, {{QStringLiteral("action"), QStringLiteral("login")}});
        const HttpReply view = claim(d.token, created);
        // d's session answers with the other account's certificate (and, say, its stolen key).
        Device borrowed;
        borrowed.token = d.token;
        borrowed.key.emplace(KeyPair::fromPrivateDer(other.key->privateKeyDer().value()).value());
        borrowed.certificate = other.certificate;
        const HttpReply reply =
            submit(borrowed, created.json.value(QStringLiteral("tId")).toString(), deviceResult(borrowed, view.json));
        QCOMPARE(reply.status, 422);
        QCOMPARE(reply.code(), QStringLiteral("certificate_unusable"));
        QCOMPARE(reply.details().value(QStringLiteral("reason")).toString(), QStringLiteral("unknown"));
    }

    void decryptEnvelopeForAnotherCertificate()
    {
        const Rp rp = platform();
        const Device d = device();
        const Device other = device(OtherPhone);
        // The envelopes were made for the other account's encryption certificate; d answers with
        // its own certificate and a made-up session key.
        const HttpReply created = create(rp, decryptRequest(other, {Random::bytes(16)}));
        const QString tId = created.json.value(QStringLiteral("tId")).toString();
        const HttpReply view = claim(d.token, created);
        const QByteArray recipient =
            unbase64(view.json.value(QStringLiteral("platform")).toObject().value(QStringLiteral("encryptionKey")));
        const Binding binding{ScanContent::fromJson(view.json).value(),
                              rp.code,
                              tId,
                              view.json.value(QStringLiteral("challenge")).toString(),
                              d.certificate.serialHex,
                              recipient};
        const QJsonObject body{
            {QStringLiteral("certSn"), d.certificate.serialHex},
            {QStringLiteral("bindingSignature"), b64(d.key->sign(binding.statement().value()).value())},
            {QStringLiteral("decryptList"),
             QJsonArray{QJsonObject{{QStringLiteral("decryptKey"), QStringLiteral("AH-1")},
                                    {QStringLiteral("decryptStr"),
                                     b64(PublicKey::fromDer(recipient).value().encrypt(Random::bytes(16)).value())}}}}};
        const HttpReply reply = submit(d, tId, body);
        QCOMPARE(reply.status, 422);
        QCOMPARE(reply.code(), QStringLiteral("certificate_unusable"));
        QCOMPARE(reply.details().value(QStringLiteral("reason")).toString(), QStringLiteral("other_certificate"));
    }

    void decryptNeedsPlatformKey()
    {
        const Rp rp = platform(PlatformA, false);
        const Device d = device();
        const HttpReply reply = create(rp, decryptRequest(d, {Random::bytes(16)}));
        QCOMPARE(reply.status, 400);
        QCOMPARE(transactionCount(), 0);
    }

    void rejectionAndScanReport()
    {
        const Rp rp = platform();
        const Device d = device();
        const HttpReply created = create(rp, hashesRequest());
        const QString tId = created.json.value(QStringLiteral("tId")).toString();
        const HttpReply view = claim(d.token, created);
        QCOMPARE(view.status, 200);
        const HttpReply rejected =
            m_server->postAs(d.token, QStringLiteral("/api/v1/scan/transactions/%1/rejection").arg(tId),
                             {{QStringLiteral("reason"), QStringLiteral("This wasn't me")}});
        QCOMPARE(rejected.status, 200);
        QCOMPARE(submit(d, tId, deviceResult(d, view.json)).code(), QStringLiteral("transaction_closed"));
        QCOMPARE(poll(rp, tId, created.json.value(QStringLiteral("pollToken")).toString())
                     .json.value(QStringLiteral("status"))
                     .toString(),
                 QStringLiteral("rejected"));
        QVERIFY(m_receiver->waitFor(2));
        QCOMPARE(m_receiver->received()
                     .last()
                     .json.value(QStringLiteral("data"))
                     .toObject()
                     .value(QStringLiteral("status"))
                     .toString(),
                 QStringLiteral("rejected"));

        QCOMPARE(roundTrip(rp, d, {{QStringLiteral("action"), QStringLiteral("login")}}).status, 200);
        HttpReply report = m_server->get(QStringLiteral("/api/v1/scan/transactions"), d.token);
        QCOMPARE(report.status, 200);
        const QJsonArray list = report.json.value(QStringLiteral("transactions")).toArray();
        QCOMPARE(list.size(), 2);
        QJsonObject login;
        QJsonObject sign;
        for (const QJsonValue &entry : list)
            (entry.toObject().value(QStringLiteral("action")).toString() == u"login" ? login : sign) = entry.toObject();
        QCOMPARE(login.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
        QCOMPARE(login.value(QStringLiteral("certSn")).toString(), d.certificate.serialHex);
        QCOMPARE(login.value(QStringLiteral("platform")).toObject().value(QStringLiteral("name")).toString(),
                 QString(QStringLiteral("Demo platform ") + rp.code));
        QCOMPARE(sign.value(QStringLiteral("tId")).toString(), tId);
        QCOMPARE(sign.value(QStringLiteral("status")).toString(), QStringLiteral("rejected"));
        QCOMPARE(sign.value(QStringLiteral("reportReason")).toString(), QStringLiteral("This wasn't me"));

        report = m_server->get(QStringLiteral("/api/v1/scan/transactions?search=LOGIN"), d.token);
        QCOMPARE(report.json.value(QStringLiteral("transactions")).toArray().size(), 1);
        report = m_server->get(QStringLiteral("/api/v1/scan/transactions?search=demo%20platform"), d.token);
        QCOMPARE(report.json.value(QStringLiteral("transactions")).toArray().size(), 2);
        report = m_server->get(QStringLiteral("/api/v1/scan/transactions?search=%25"), d.token);
        QCOMPARE(report.json.value(QStringLiteral("transactions")).toArray().size(), 0);
        // Another account sees none of them.
        const QString other = m_server->accessTokenFor(OtherPhone);
        QCOMPARE(m_server->get(QStringLiteral("/api/v1/scan/transactions"), other)
                     .json.value(QStringLiteral("transactions"))
                     .toArray()
                     .size(),
                 0);
    }

    void registrationIsValidated()
    {
        QCOMPARE(m_server
                     ->registerPlatform({{QStringLiteral("code"), QStringLiteral("c1100005553")},
                                         {QStringLiteral("name"), QStringLiteral("x")},
                                         {QStringLiteral("callbackUrl"), m_receiver->url()}})
                     .status,
                 400);
        QCOMPARE(m_server
                     ->registerPlatform({{QStringLiteral("code"), PlatformA},
                                         {QStringLiteral("name"), QStringLiteral("x")},
                                         {QStringLiteral("callbackUrl"), QStringLiteral("ftp://x/")}})
                     .status,
                 400);
        QCOMPARE(m_server
                     ->registerPlatform(
                         {{QStringLiteral("code"), PlatformA},
                          {QStringLiteral("name"), QStringLiteral("x")},
                          {QStringLiteral("callbackUrl"), m_receiver->url()},
                          {QStringLiteral("allowedOrigins"), QJsonArray{QStringLiteral("https://a.cn/path")}}})
                     .status,
                 400);
        QVERIFY(!platform().secret.isEmpty());
        const HttpReply again = m_server->registerPlatform({{QStringLiteral("code"), PlatformA},
                                                            {QStringLiteral("name"), QStringLiteral("x")},
                                                            {QStringLiteral("callbackUrl"), m_receiver->url()}});
        QCOMPARE(again.status, 409);
        QCOMPARE(again.code(), QStringLiteral("platform_exists"));
        const HttpReply console = m_server->get(QStringLiteral("/console"));
        QVERIFY(console.body.contains(PlatformA.toLatin1()));
    }

    void secretsNeverLoggedOrStoredInClear()
    {
        static QStringList messages;
        messages.clear();
        QLoggingCategory::setFilterRules(QStringLiteral("*.debug=true"));
        const QtMessageHandler previous = qInstallMessageHandler(
            [](QtMsgType, const QMessageLogContext &, const QString &message) { messages.append(message); });
        const Rp rp = platform();
        const Device d = device();
        HttpReply created;
        const int status = roundTrip(rp, d, {{QStringLiteral("action"), QStringLiteral("login")}}, &created).status;
        const bool delivered = m_receiver->waitFor(2);
        qInstallMessageHandler(previous);
        QLoggingCategory::setFilterRules(QString());
        QCOMPARE(status, 200);
        QVERIFY(delivered);
        const QString ticket =
            QrPayload::parse(created.json.value(QStringLiteral("qrContent")).toString()).value().ticket;
        const QString pollToken = created.json.value(QStringLiteral("pollToken")).toString();
        const QString accessToken = m_receiver->ofType(QStringLiteral("02"))
                                        .first()
                                        .json.value(QStringLiteral("data"))
                                        .toObject()
                                        .value(QStringLiteral("accessToken"))
                                        .toString();
        QVERIFY(!accessToken.isEmpty());
        const QString all = messages.join(u'\n');
        QVERIFY2(all.contains(QStringLiteral("/api/v1/scan/claims")), qPrintable(all));
        for (const QString &secret : {QString::fromLatin1(rp.secret), ticket, pollToken, accessToken})
            QVERIFY2(!all.contains(secret), qPrintable(secret));

        const QByteArray bytes = m_server->stopAndReadDatabaseFile();
        if (bytes.isEmpty())
            QFAIL("This check reads the SQLite file; run it without TONGQIAN_TEST_DATABASE_URL.");
        QVERIFY(bytes.contains(rp.code.toLatin1()));
        for (const QString &secret : {QString::fromLatin1(rp.secret), ticket, pollToken, accessToken})
            QVERIFY2(!bytes.contains(secret.toLatin1()), qPrintable(secret));
    }
};

QTEST_GUILESS_MAIN(TestPlatform)
#include "tst_platform.moc"
