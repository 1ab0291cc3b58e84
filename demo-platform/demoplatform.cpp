#include "demo-platform/demoplatform.h"

#include "demo-platform/forms.h"
#include "demo-platform/pages.h"
#include "demo-platform/qrsvg.h"
#include "demo-platform/resultverifier.h"

#include "core/protocol/apiclient.h"
#include "core/common/clock.h"
#include "core/crypto/digest.h"
#include "core/crypto/random.h"
#include "core/crypto/symmetric.h"
#include "core/common/privatefile.h"
#include "core/protocol/platformauth.h"
#include "core/protocol/platformclient.h"

#include <QDir>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTimer>

#include <utility>

Q_LOGGING_CATEGORY(lcDemo, "tongqian.demo", QtInfoMsg)

namespace tq::demo {

using Method = QHttpServerRequest::Method;
using Status = QHttpServerResponse::StatusCode;

struct DemoPlatform::Transaction {
    QString ref; ///< ours, known before the server answers
    Kind kind = Kind::Login;
    ScanContent content;
    QString bidId;
    QString what; ///< one line on what is asked
    QString tId, qrContent, pollToken;
    QDateTime expiresAt;
    QString status = QStringLiteral("creating");
    QString reason;
    QJsonObject result;
    QString accessToken; ///< login via callback 02: one-time, exchanged after verification
    bool tokenUsed = false;
    bool resultSeen = false;
    bool polling = false;
    QStringList checks;
    QString subject, certSn, caOrgType, encCertSn;
    QString hashMatch; ///< bid opening: "true" / "false"
    QString originalHash, recoveredHash;
};

struct DemoPlatform::Bid {
    QString id;
    QString fileName;
    QByteArray plaintext; ///< until sealed, then wiped
    QByteArray sm3;
    QByteArray iv, ciphertext;
    std::optional<ScanEnvelope> envelope;
    std::optional<Certificate> signer;
};

namespace {

constexpr char RegistrationFile[] = "registration.json";
constexpr char SecretFile[] = "platform-secret";
constexpr char KeyFile[] = "encryption-key.p8";

QString kindName(DemoPlatform::Kind kind)
{
    static const char *names[] = {"登录 Login", "签名 Sign", "签章 Seal", "消息签名 Message signature",
                                  "授权加密 Encrypt", "投标 Bid submission", "开标 Bid opening"};
    return QString::fromUtf8(names[int(kind)]);
}

QHttpServerResponse html(const QByteArray &page, Status status = Status::Ok)
{
    QHttpServerResponse r(QByteArrayLiteral("text/html; charset=utf-8"), page, status);
    r.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    return r;
}

QHttpServerResponse json(const QJsonObject &o, Status status = Status::Ok)
{
    return QHttpServerResponse(QByteArrayLiteral("application/json"), QJsonDocument(o).toJson(QJsonDocument::Compact),
                               status);
}

QHttpServerResponse redirect(const QString &to)
{
    QHttpServerResponse r(Status::SeeOther);
    r.setHeader(QByteArrayLiteral("Location"), to.toUtf8());
    return r;
}

QHttpServerResponse badInput(const Error &e)
{
    return html(pages::error(QStringLiteral("Invalid input"), e.message),
                e.is(ErrorCode::PayloadTooLarge) ? Status::PayloadTooLarge : Status::BadRequest);
}

QString hex(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toHex());
}

QString fileNameOf(const FormField &field, const QString &fallback)
{
    QString name = field.fileName.section(QLatin1Char('/'), -1).section(QLatin1Char('\\'), -1).trimmed();
    name.truncate(ScanContent::MaxNameLength);
    return name.isEmpty() ? fallback : name;
}

void wipe(QByteArray &bytes)
{
    bytes.fill('\0');
    bytes.clear();
}

} // namespace

DemoPlatform::DemoPlatform(Options options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_http(std::make_unique<QHttpServer>()),
      m_api(std::make_unique<ApiClient>(m_options.serverUrl))
{
    addRoutes();
    m_pollTimer = new QTimer(this);
    m_pollTimer->setInterval(m_options.pollIntervalMs);
    connect(m_pollTimer, &QTimer::timeout, this, &DemoPlatform::pollAll);
}

DemoPlatform::~DemoPlatform()
{
    wipe(m_secret);
}

QUrl DemoPlatform::url() const
{
    QUrl u;
    u.setScheme(QStringLiteral("http"));
    u.setHost(m_options.address.toString());
    u.setPort(m_tcp ? m_tcp->serverPort() : m_options.port);
    return u;
}

QString DemoPlatform::status(const QString &tId) const
{
    const Transaction *t = byTId(tId);
    return t ? t->status : QString();
}

DemoPlatform::Transaction *DemoPlatform::byTId(const QString &tId)
{
    auto it = m_transactions.find(tId);
    return it == m_transactions.end() ? nullptr : it->get();
}

const DemoPlatform::Transaction *DemoPlatform::byTId(const QString &tId) const
{
    auto it = m_transactions.find(tId);
    return it == m_transactions.end() ? nullptr : it->get();
}

Job *DemoPlatform::start()
{
    auto *job = new ComposedJob(this);
    m_tcp = new QTcpServer(m_http.get());
    if (!m_tcp->listen(m_options.address, m_options.port)) {
        job->failLater(Error(ErrorCode::Internal, QStringLiteral("Cannot listen on %1 port %2: %3")
                                                      .arg(m_options.address.toString())
                                                      .arg(m_options.port)
                                                      .arg(m_tcp->errorString())));
        return job;
    }
    m_http->bind(m_tcp);
    if (auto ok = loadOrCreateKey(); !ok) {
        job->failLater(ok.error());
        return job;
    }
    const QDir dir(m_options.dataDir);
    const auto registration = PrivateFile::read(dir.filePath(QLatin1String(RegistrationFile)));
    const QJsonObject expected{{QStringLiteral("server"), m_options.serverUrl.toString()},
                               {QStringLiteral("code"), m_options.code},
                               {QStringLiteral("origin"), url().toString()}};
    auto secret = PrivateFile::read(dir.filePath(QLatin1String(SecretFile)));
    if (registration && secret && QJsonDocument::fromJson(registration.value()).object() == expected) {
        m_secret = secret.value();
        m_client = std::make_unique<PlatformClient>(m_options.serverUrl, m_options.code, m_secret);
        m_pollTimer->start();
        qCInfo(lcDemo).noquote() << "platform" << m_options.code << "already registered with" << m_options.serverUrl.toString();
        QTimer::singleShot(0, job, [job] { job->finish(); });
        return job;
    }
    if (secret)
        wipe(secret.value());
    registerPlatform(job);
    return job;
}

Result<void> DemoPlatform::loadOrCreateKey()
{
    if (auto ok = PrivateFile::ensureDirectory(m_options.dataDir); !ok)
        return ok.error();
    const QString path = QDir(m_options.dataDir).filePath(QLatin1String(KeyFile));
    auto stored = PrivateFile::read(path);
    if (stored) {
        auto key = KeyPair::fromPrivateDer(SecureBytes(stored.value()));
        wipe(stored.value());
        if (!key)
            return key.error();
        m_encryptionKey.emplace(std::move(key).value());
        return {};
    }
    if (!stored.error().is(ErrorCode::NotFound))
        return stored.error();
    auto key = KeyPair::generate(KeyAlgorithm::Sm2);
    if (!key)
        return key.error();
    const auto der = key.value().privateKeyDer();
    if (!der)
        return der.error();
    QByteArray bytes = der.value().view().toByteArray();
    const auto written = PrivateFile::write(path, bytes);
    wipe(bytes);
    if (!written)
        return written.error();
    m_encryptionKey.emplace(std::move(key).value());
    return {};
}

void DemoPlatform::registerPlatform(ComposedJob *job)
{
    const QString origin = url().toString();
    ApiJob *call = m_api->post(
        QStringLiteral("/sandbox/platforms"),
        {{QStringLiteral("code"), m_options.code},
         {QStringLiteral("name"), m_options.name},
         {QStringLiteral("callbackUrl"), QString(origin + QStringLiteral("/callback"))},
         {QStringLiteral("allowedOrigins"), QJsonArray{origin}},
         {QStringLiteral("encryptionKey"), QString::fromLatin1(m_encryptionKey->publicKeyDer().toBase64())}});
    connect(call, &Job::finished, job, [this, job, call, origin] {
        if (call->hasError()) {
            Error e = call->error();
            if (e.is(ErrorCode::PlatformExists))
                e.message = QStringLiteral("Platform %1 is already registered on %2 with another secret; start with "
                                           "another --code or the --data-dir that registered it.")
                                .arg(m_options.code, m_options.serverUrl.toString());
            return job->fail(e);
        }
        m_secret = call->data().value(u"secret").toString().toLatin1();
        if (m_secret.isEmpty())
            return job->fail(Error(ErrorCode::BadResponse, QStringLiteral("The server returned no platform secret.")));
        const QDir dir(m_options.dataDir);
        const QJsonObject registration{{QStringLiteral("server"), m_options.serverUrl.toString()},
                                       {QStringLiteral("code"), m_options.code},
                                       {QStringLiteral("origin"), origin}};
        if (auto ok = PrivateFile::write(dir.filePath(QLatin1String(SecretFile)), m_secret); !ok)
            return job->fail(ok.error());
        if (auto ok = PrivateFile::write(dir.filePath(QLatin1String(RegistrationFile)),
                                         QJsonDocument(registration).toJson());
            !ok)
            return job->fail(ok.error());
        m_client = std::make_unique<PlatformClient>(m_options.serverUrl, m_options.code, m_secret);
        m_pollTimer->start();
        qCInfo(lcDemo).noquote() << "registered platform" << m_options.code << "with" << m_options.serverUrl.toString();
        job->finish();
    });
    call->start();
}

void DemoPlatform::addRoutes()
{
    QHttpServer &s = *m_http;
    s.route(QStringLiteral("/"), Method::Get, [this] {
        return html(pages::index(m_options.name, m_options.code, m_options.serverUrl.toString()));
    });
    s.route(QStringLiteral("/login"), Method::Get, [this] {
        ScanContent c;
        c.action = ScanAction::Login;
        return startTransaction(Kind::Login, c, QStringLiteral("登录 Log in to this platform"));
    });
    s.route(QStringLiteral("/encrypt"), Method::Get, [this] {
        ScanContent c;
        c.action = ScanAction::Encrypt;
        return startTransaction(Kind::Encrypt, c, QStringLiteral("授权加密 Give this platform your encryption certificate"));
    });
    for (const char *kind : {"sign", "seal", "message", "bid"}) {
        const QString name = QString::fromLatin1(kind);
        s.route(QLatin1Char('/') + name, Method::Get, [name] { return html(pages::form(name)); });
    }
    s.route(QStringLiteral("/sign"), Method::Post,
            [this](const QHttpServerRequest &r) { return startFromForm(Kind::Sign, r); });
    s.route(QStringLiteral("/seal"), Method::Post,
            [this](const QHttpServerRequest &r) { return startFromForm(Kind::Seal, r); });
    s.route(QStringLiteral("/message"), Method::Post,
            [this](const QHttpServerRequest &r) { return startFromForm(Kind::MessageSign, r); });
    s.route(QStringLiteral("/bid"), Method::Post,
            [this](const QHttpServerRequest &r) { return startFromForm(Kind::BidSubmission, r); });
    s.route(QStringLiteral("/bids"), Method::Get, [this] {
        QString rows;
        for (const auto &bid : std::as_const(m_bids)) {
            rows += QStringLiteral("<tr><td>%1</td><td><code>%2</code></td><td>%3</td></tr>")
                        .arg(pages::esc(bid->fileName), hex(bid->sm3),
                             bid->envelope ? QStringLiteral("<form method=\"post\" action=\"/bids/%1/open\"><button "
                                                            "type=\"submit\">开标 Open</button></form>")
                                                 .arg(bid->id)
                                           : QStringLiteral("not sealed yet"));
        }
        return html(pages::document(QStringLiteral("开标 Bid opening"),
                                    QStringLiteral("<table><tr><th>File</th><th>SM3</th><th></th></tr>%1</table>")
                                        .arg(rows)));
    });
    s.route(QStringLiteral("/bids/<arg>/open"), Method::Post, [this](const QString &id) { return bidOpening(id); });
    s.route(QStringLiteral("/pending/<arg>"), Method::Get, [this](const QString &ref) {
        const Transaction *t = byTId(ref);
        if (!t)
            return html(pages::error(QStringLiteral("Not found"), QStringLiteral("No such transaction.")), Status::NotFound);
        if (!t->tId.isEmpty())
            return redirect(QStringLiteral("/tx/") + t->tId);
        if (t->status == u"error")
            return html(pages::error(QStringLiteral("The transaction could not be created"), t->reason), Status::BadGateway);
        return html(pages::document(QStringLiteral("Creating the transaction…"),
                                    QStringLiteral("<div id=\"result\" data-status=\"creating\">Please wait…</div>"),
                                    QStringLiteral("setTimeout(() => location.reload(), 500);")));
    });
    s.route(QStringLiteral("/tx/<arg>"), Method::Get, [this](const QString &tId) { return transactionPage(tId); });
    s.route(QStringLiteral("/tx/<arg>/status"), Method::Get, [this](const QString &tId) {
        const Transaction *t = byTId(tId);
        if (!t)
            return json({{QStringLiteral("code"), QStringLiteral("not_found")}}, Status::NotFound);
        return json({{QStringLiteral("status"), t->status}});
    });
    s.route(QStringLiteral("/tx/<arg>/verify"), Method::Post, [this](const QString &tId) {
        Transaction *t = byTId(tId);
        if (!t || t->result.isEmpty())
            return html(pages::error(QStringLiteral("Nothing to verify"), QStringLiteral("This transaction has no result yet.")),
                        Status::NotFound);
        // Checks again now (e.g. after a revocation), against a freshly fetched chain and CRL.
        t->resultSeen = false;
        t->checks.clear();
        t->reason.clear();
        onResult(tId, t->result, {});
        return redirect(QStringLiteral("/tx/") + tId);
    });
    s.route(QStringLiteral("/documents/<arg>"), Method::Get, [this](const QString &id) {
        if (!m_documents.contains(id))
            return QHttpServerResponse(Status::NotFound);
        return QHttpServerResponse(QByteArrayLiteral("application/octet-stream"), m_documents.value(id));
    });
    s.route(QStringLiteral("/callback"), Method::Post, [this](const QHttpServerRequest &r) { return callback(r); });
}

QHttpServerResponse DemoPlatform::startFromForm(Kind kind, const QHttpServerRequest &request)
{
    const auto form = parseForm(request.value(QByteArrayLiteral("Content-Type")), request.body(), MaxUploadBytes);
    if (!form)
        return badInput(form.error());
    if (m_documents.size() + m_bids.size() >= MaxStoredFiles)
        return html(pages::error(QStringLiteral("Storage full"),
                                 QStringLiteral("This demo keeps at most %1 files in memory; restart it.").arg(MaxStoredFiles)),
                    Status::ServiceUnavailable);
    const FormField text = form.value().value(QStringLiteral("text"));
    const FormField file = form.value().value(QStringLiteral("file"));
    const bool hasFile = !file.fileName.isEmpty() && !file.value.isEmpty();
    QJsonObject request_;
    QString what;
    QString bidId;
    switch (kind) {
    case Kind::Sign: {
        const QByteArray bytes = hasFile ? file.value : text.value;
        if (bytes.isEmpty())
            return badInput(Error(ErrorCode::InvalidRequest, QStringLiteral("Enter a text or choose a file to sign.")));
        const QByteArray hash = sm3(bytes);
        request_ = {{QStringLiteral("action"), QStringLiteral("sign")},
                    {QStringLiteral("hashes"),
                     QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("h1")},
                                            {QStringLiteral("algorithm"), QStringLiteral("sm3")},
                                            {QStringLiteral("value"), QString::fromLatin1(hash.toBase64())}}}}};
        what = QStringLiteral("SM3 of %1 (%2 bytes): %3")
                   .arg(hasFile ? fileNameOf(file, {}) : QStringLiteral("the text"))
                   .arg(bytes.size())
                   .arg(hex(hash));
        break;
    }
    case Kind::Seal: {
        const QByteArray bytes = hasFile ? file.value
                                         : QStringLiteral("招标文件（示例）\nTongqian demo tender document\n"
                                                          "项目：示例工程施工招标\nProject: sample construction tender\n")
                                               .toUtf8();
        const QString name = hasFile ? fileNameOf(file, QStringLiteral("document")) : QStringLiteral("招标文件-示例.txt");
        const QString id = Random::token(16);
        m_documents.insert(id, bytes);
        QUrl documentUrl = url();
        documentUrl.setPath(QStringLiteral("/documents/") + id);
        request_ = {{QStringLiteral("action"), QStringLiteral("seal")},
                    {QStringLiteral("documents"),
                     QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("doc1")},
                                            {QStringLiteral("name"), name},
                                            {QStringLiteral("size"), bytes.size()},
                                            {QStringLiteral("digestAlgorithm"), QStringLiteral("sm3")},
                                            {QStringLiteral("digest"), QString::fromLatin1(sm3(bytes).toBase64())},
                                            {QStringLiteral("url"), documentUrl.toString()}}}}};
        what = QStringLiteral("%1 (%2 bytes, SM3 %3) at %4")
                   .arg(name)
                   .arg(bytes.size())
                   .arg(hex(sm3(bytes)), documentUrl.toString());
        break;
    }
    case Kind::MessageSign: {
        const QString message = QString::fromUtf8(form.value().value(QStringLiteral("message")).value);
        request_ = {{QStringLiteral("action"), QStringLiteral("message_sign")}, {QStringLiteral("message"), message}};
        what = QStringLiteral("message: %1").arg(message);
        break;
    }
    default: { // bid submission
        if (!hasFile)
            return badInput(Error(ErrorCode::InvalidRequest, QStringLiteral("Choose the bid file to submit.")));
        auto bid = std::make_shared<Bid>();
        bid->id = hex(Random::bytes(8));
        bid->fileName = fileNameOf(file, QStringLiteral("bid"));
        bid->plaintext = file.value;
        bid->sm3 = sm3(file.value);
        m_bids.insert(bid->id, bid);
        bidId = bid->id;
        request_ = {{QStringLiteral("action"), QStringLiteral("encrypt")}};
        what = QStringLiteral("bid file %1 (%2 bytes, SM3 %3)").arg(bid->fileName).arg(file.value.size()).arg(hex(bid->sm3));
        break;
    }
    }
    const auto content = ScanContent::fromJson(request_);
    if (!content)
        return badInput(content.error());
    return startTransaction(kind, content.value(), what, bidId);
}

QHttpServerResponse DemoPlatform::bidOpening(const QString &bidId)
{
    const auto bid = m_bids.value(bidId);
    if (!bid || !bid->envelope)
        return html(pages::error(QStringLiteral("No such bid"), QStringLiteral("This bid does not exist or is not sealed.")),
                    Status::NotFound);
    ScanContent c;
    c.action = ScanAction::Decrypt;
    c.envelopes = {*bid->envelope};
    return startTransaction(Kind::BidOpening, c,
                            QStringLiteral("open bid %1 (SM3 of the original %2)").arg(bid->fileName, hex(bid->sm3)),
                            bidId);
}

QHttpServerResponse DemoPlatform::startTransaction(Kind kind, ScanContent content, const QString &what,
                                                   const QString &bidId)
{
    if (!m_client)
        return html(pages::error(QStringLiteral("Not ready"), QStringLiteral("The platform is not registered yet.")),
                    Status::ServiceUnavailable);
    auto t = std::make_shared<Transaction>();
    t->ref = QStringLiteral("r") + hex(Random::bytes(12));
    t->kind = kind;
    t->content = std::move(content);
    t->what = what;
    t->bidId = bidId;
    m_transactions.insert(t->ref, t);
    ApiJob *call = m_client->createTransaction(t->content.toJson());
    connect(call, &Job::finished, this, [this, t, call] {
        if (call->hasError()) {
            t->status = QStringLiteral("error");
            t->reason = call->error().message;
            qCWarning(lcDemo).noquote() << "creating a transaction failed:" << call->error().code;
            return;
        }
        const QJsonObject d = call->data();
        t->tId = d.value(u"tId").toString();
        t->qrContent = d.value(u"qrContent").toString();
        t->pollToken = d.value(u"pollToken").toString();
        t->expiresAt = QDateTime::fromString(d.value(u"expiresAt").toString(), Qt::ISODate);
        if (t->tId.isEmpty() || t->qrContent.isEmpty() || m_transactions.contains(t->tId)) {
            t->status = QStringLiteral("error");
            t->reason = QStringLiteral("The server's answer was incomplete.");
            return;
        }
        t->status = QStringLiteral("pending");
        m_transactions.insert(t->tId, t);
    });
    call->start();
    return redirect(QStringLiteral("/pending/") + t->ref);
}

QHttpServerResponse DemoPlatform::callback(const QHttpServerRequest &request)
{
    const auto reject = [this](Status status, const QString &reason) {
        ++m_rejectedCallbacks;
        qCWarning(lcDemo).noquote() << "callback rejected:" << reason;
        return json({{QStringLiteral("code"), QStringLiteral("rejected")}, {QStringLiteral("message"), reason}}, status);
    };
    if (!m_options.callbacks)
        return json({{QStringLiteral("code"), QStringLiteral("unavailable")}}, Status::ServiceUnavailable);
    const QByteArray body = request.body();
    if (body.size() > MaxCallbackBytes)
        return reject(Status::PayloadTooLarge, QStringLiteral("body too large"));
    const auto headers = PlatformAuth::SignedHeaders::fromRaw(
        request.value(PlatformAuth::PlatformHeader), request.value(PlatformAuth::TimestampHeader),
        request.value(PlatformAuth::NonceHeader), request.value(PlatformAuth::SignatureHeader));
    if (!headers)
        return reject(Status::Unauthorized, QStringLiteral("missing or malformed signature headers"));
    if (headers.value().platformCode != m_options.code)
        return reject(Status::Unauthorized, QStringLiteral("another platform's code"));
    QByteArray target = request.url().path(QUrl::FullyEncoded).toUtf8();
    if (request.url().hasQuery())
        target += '?' + request.url().query(QUrl::FullyEncoded).toUtf8();
    const qint64 now = Clock::nowSecs();
    if (auto ok = PlatformAuth::verify(m_secret, headers.value(), "POST", target, body, now); !ok)
        return reject(Status::Unauthorized, ok.error().details.value(QStringLiteral("reason")).toString());
    m_seenNonces.removeIf([now](const auto &it) { return it.value() < now - PlatformAuth::NonceLifetimeSecs; });
    if (m_seenNonces.contains(headers.value().nonce))
        return reject(Status::Unauthorized, QStringLiteral("replayed nonce"));
    m_seenNonces.insert(headers.value().nonce, now);

    const QJsonObject event = QJsonDocument::fromJson(body).object();
    static const QRegularExpression eventIdPattern(QStringLiteral("^[A-Za-z0-9{}-]{1,64}$"));
    const QString eventId = event.value(u"eventId").toString();
    const QString type = event.value(u"type").toString();
    const QString tId = event.value(u"tId").toString();
    const QJsonObject data = event.value(u"data").toObject();
    static const QStringList types{QStringLiteral("01"), QStringLiteral("02"), QStringLiteral("03"),
                                   QStringLiteral("05"), QStringLiteral("06")};
    if (!eventIdPattern.match(eventId).hasMatch() || !types.contains(type)
        || event.value(u"platformCode").toString() != m_options.code || data.isEmpty())
        return reject(Status::BadRequest, QStringLiteral("malformed event"));
    Transaction *t = byTId(tId);
    if (!t)
        return reject(Status::NotFound, QStringLiteral("unknown transaction"));
    if (m_seenEvents.contains(eventId))
        return json({{QStringLiteral("status"), QStringLiteral("duplicate")}});
    m_seenEvents.insert(eventId);
    ++m_acceptedCallbacks;
    if (type == u"01") {
        const QString status = data.value(u"status").toString();
        if (status == u"rejected")
            t->status = status;
        else if (t->status == u"pending")
            t->status = QStringLiteral("scanned");
    } else {
        onResult(tId, data, data.value(u"accessToken").toString());
    }
    return json({{QStringLiteral("status"), QStringLiteral("ok")}});
}

void DemoPlatform::pollAll()
{
    for (const auto &t : std::as_const(m_transactions)) {
        if (t->tId.isEmpty() || t->polling || t->resultSeen
            || (t->status != u"pending" && t->status != u"scanned"))
            continue;
        t->polling = true;
        ApiJob *call = m_client->poll(t->tId, t->pollToken);
        connect(call, &Job::finished, this, [this, t, call] {
            t->polling = false;
            if (call->hasError())
                return;
            const QJsonObject d = call->data();
            const QString status = d.value(u"status").toString();
            if (status == u"completed" && !t->resultSeen)
                onResult(t->tId, d.value(u"result").toObject(), {});
            else if (status == u"scanned" || status == u"rejected" || status == u"expired")
                t->status = status;
        });
        call->start();
    }
}

void DemoPlatform::onResult(const QString &tId, const QJsonObject &result, const QString &accessToken)
{
    Transaction *t = byTId(tId);
    if (!t)
        return;
    if (t->resultSeen) {
        // A poll may deliver the result before callback 02, which alone carries the login token.
        if (t->kind == Kind::Login && !accessToken.isEmpty() && !t->tokenUsed) {
            t->accessToken = accessToken;
            if (t->status == u"verified")
                exchangeAccessToken(tId);
        }
        return;
    }
    t->resultSeen = true;
    t->result = result;
    t->accessToken = accessToken;
    t->status = QStringLiteral("verifying");
    static const QRegularExpression caOrgPattern(QStringLiteral("^[0-9]{6}$"));
    const QString caOrg = result.value(u"caOrgType").toString();
    if (!caOrgPattern.match(caOrg).hasMatch())
        return fail(tId, QStringLiteral("The result names no valid caOrgType."));
    ApiJob *chain = m_api->get(QStringLiteral("/ca/%1/chain").arg(caOrg));
    connect(chain, &Job::finished, this, [this, tId, result, caOrg, chain] {
        if (chain->hasError())
            return fail(tId, QStringLiteral("The CA chain could not be fetched: %1").arg(chain->error().message));
        const auto issuing = Certificate::parse(QByteArray::fromBase64(chain->data().value(u"issuing").toString().toLatin1()));
        const auto root = Certificate::parse(QByteArray::fromBase64(chain->data().value(u"root").toString().toLatin1()));
        if (!issuing || !root)
            return fail(tId, QStringLiteral("The server published an unreadable CA chain."));
        DownloadJob *crl = m_api->download(m_api->urlFor(QStringLiteral("/ca/%1/crl").arg(caOrg)), MaxUploadBytes);
        connect(crl, &Job::finished, this, [this, tId, result, crl, issuing, root] {
            if (crl->hasError())
                return fail(tId, QStringLiteral("The CRL could not be fetched: %1").arg(crl->error().message));
            const auto parsed = Crl::parse(crl->data());
            if (!parsed)
                return fail(tId, QStringLiteral("The server published an unreadable CRL."));
            finishVerification(tId, result, TrustAnchors{issuing.value(), root.value(), parsed.value()});
        });
        crl->start();
    });
    chain->start();
}

void DemoPlatform::finishVerification(const QString &tId, const QJsonObject &result, const TrustAnchors &anchors)
{
    Transaction *t = byTId(tId);
    if (!t)
        return;
    const auto bid = m_bids.value(t->bidId);
    ExpectedResult expected{t->content, m_options.code, t->tId, m_encryptionKey->publicKeyDer(), std::nullopt};
    if (t->kind == Kind::BidOpening) {
        if (!bid || !bid->signer)
            return fail(tId, QStringLiteral("The bid of this opening is unknown."));
        expected.knownSigner = bid->signer;
    }
    QStringList checks;
    const auto verified = verifyResult(expected, result, anchors, Clock::now(), &checks);
    t->checks = checks;
    if (!verified)
        return fail(tId, verified.error().message);
    const VerifiedResult &v = verified.value();
    t->subject = commonName(v.signer.subject);
    t->certSn = v.signer.serialHex;
    t->caOrgType = v.caOrgType;
    if (v.encryptionCertificate)
        t->encCertSn = v.encryptionCertificate->serialHex;

    if (t->kind == Kind::BidSubmission && bid && bid->envelope) {
        t->checks << QStringLiteral("bid sealed at submission to encryption certificate %1").arg(bid->envelope->encCertSn);
    } else if (t->kind == Kind::BidSubmission) {
        if (!bid)
            return fail(tId, QStringLiteral("The bid of this submission is unknown."));
        const SecureBytes sessionKey(Random::bytes(Sm4::KeySize));
        bid->iv = Random::bytes(Sm4::BlockSize);
        const auto ciphertext = Sm4::encrypt(Sm4::Mode::Cbc, sessionKey, bid->iv, bid->plaintext);
        const auto encKey = PublicKey::fromDer(v.encryptionCertificate->publicKeyDer);
        const auto wrapped = encKey ? encKey.value().encrypt(sessionKey.view()) : Result<QByteArray>(encKey.error());
        if (!ciphertext || !wrapped)
            return fail(tId, QStringLiteral("The bid could not be encrypted."));
        bid->ciphertext = ciphertext.value();
        bid->envelope = ScanEnvelope{QStringLiteral("bid-") + bid->id, v.caOrgType, t->encCertSn, wrapped.value()};
        bid->signer = v.signer;
        wipe(bid->plaintext);
        t->checks << QStringLiteral("bid encrypted with SM4-CBC under a fresh session key, wrapped to encryption "
                                    "certificate %1 (%2 bytes of ciphertext)")
                         .arg(t->encCertSn)
                         .arg(bid->ciphertext.size());
    } else if (t->kind == Kind::BidOpening) {
        const auto sessionKey = m_encryptionKey->decrypt(v.decryptStrs.value(0).second);
        if (!sessionKey)
            return fail(tId, QStringLiteral("The returned session key does not open with this platform's key."));
        const auto plaintext = Sm4::decrypt(Sm4::Mode::Cbc, sessionKey.value(), bid->iv, bid->ciphertext);
        if (!plaintext)
            return fail(tId, QStringLiteral("The bid file does not decrypt with the returned session key."));
        t->originalHash = hex(bid->sm3);
        t->recoveredHash = hex(sm3(plaintext.value().view()));
        t->hashMatch = t->originalHash == t->recoveredHash ? QStringLiteral("true") : QStringLiteral("false");
        if (t->hashMatch != u"true")
            return fail(tId, QStringLiteral("The recovered bid file differs from the one submitted."));
        t->checks << QStringLiteral("session key unwrapped with this platform's SM2 key; the decrypted file's SM3 "
                                    "equals the submitted file's");
    }
    if (t->kind == Kind::Login && !t->accessToken.isEmpty())
        return exchangeAccessToken(tId);
    t->status = QStringLiteral("verified");
    qCInfo(lcDemo).noquote() << "transaction" << tId << "verified, certificate" << t->certSn;
}

void DemoPlatform::exchangeAccessToken(const QString &tId)
{
    Transaction *t = byTId(tId);
    t->tokenUsed = true;
    ApiJob *call = m_client->exchangeAccessToken(std::exchange(t->accessToken, QString()));
    connect(call, &Job::finished, this, [this, tId, call] {
        Transaction *t = byTId(tId);
        if (!t)
            return;
        if (call->hasError())
            return fail(tId, QStringLiteral("The login access token could not be exchanged: %1").arg(call->error().message));
        const QJsonObject d = call->data();
        if (d.value(u"tId").toString() != tId || d.value(u"certSn").toString().toUpper() != t->certSn)
            return fail(tId, QStringLiteral("The server's login record names another transaction or certificate."));
        t->checks << QStringLiteral("one-time access token exchanged: the server confirms this login by certificate %1")
                         .arg(t->certSn);
        t->status = QStringLiteral("verified");
        qCInfo(lcDemo).noquote() << "transaction" << tId << "verified, certificate" << t->certSn;
    });
    call->start();
}

void DemoPlatform::fail(const QString &tId, const QString &reason)
{
    if (Transaction *t = byTId(tId)) {
        t->status = QStringLiteral("failed");
        t->reason = reason;
    }
    qCWarning(lcDemo).noquote() << "transaction" << tId << "failed verification:" << reason;
}

QHttpServerResponse DemoPlatform::transactionPage(const QString &tId) const
{
    const Transaction *t = byTId(tId);
    if (!t || t->tId != tId)
        return html(pages::error(QStringLiteral("Not found"), QStringLiteral("No such transaction.")), Status::NotFound);
    using pages::esc;
    QString body = QStringLiteral("<p>%1 · <code>%2</code></p>").arg(esc(t->what.isEmpty() ? kindName(t->kind) : t->what), t->tId);
    const bool open = t->status == u"pending" || t->status == u"scanned";
    if (t->status == u"pending") {
        const auto svg = qrSvg(t->qrContent);
        body += QStringLiteral("<div class=\"qr\">%1<div><p>Scan with the Tongqian app (通签) before %2.</p>"
                               "<p><code id=\"qr-text\">%3</code></p></div></div>")
                    .arg(svg ? svg.value() : esc(svg.error().message), t->expiresAt.toString(Qt::ISODate),
                         esc(t->qrContent));
    }
    static const QHash<QString, QString> labels{
        {QStringLiteral("pending"), QStringLiteral("等待扫码 Waiting for the scan")},
        {QStringLiteral("scanned"), QStringLiteral("已扫码 Scanned; waiting for the approval")},
        {QStringLiteral("verifying"), QStringLiteral("验证中 Verifying the result")},
        {QStringLiteral("verified"), QStringLiteral("验证通过 Verified")},
        {QStringLiteral("failed"), QStringLiteral("验证失败 Verification failed")},
        {QStringLiteral("rejected"), QStringLiteral("已拒绝 The user rejected it")},
        {QStringLiteral("expired"), QStringLiteral("已过期 Expired")},
    };
    QString attributes = QStringLiteral(" data-status=\"%1\" data-tid=\"%2\" data-action=\"%3\"")
                             .arg(esc(t->status), esc(t->tId), scanActionName(t->content.action));
    for (const auto &[name, value] : {std::pair{"cert-sn", t->certSn}, std::pair{"ca-org-type", t->caOrgType},
                                      std::pair{"subject", t->subject}, std::pair{"enc-cert-sn", t->encCertSn},
                                      std::pair{"hash-match", t->hashMatch}}) {
        if (!value.isEmpty())
            attributes += QStringLiteral(" data-%1=\"%2\"").arg(QLatin1String(name), esc(value));
    }
    body += QStringLiteral("<div id=\"result\"%1><h2 class=\"state\">%2</h2>")
                .arg(attributes, labels.value(t->status, esc(t->status)));
    if (!t->reason.isEmpty())
        body += QStringLiteral("<p id=\"reason\" class=\"state\">%1</p>").arg(esc(t->reason));
    if (!t->certSn.isEmpty()) {
        body += QStringLiteral("<dl><dt>Who 谁</dt><dd id=\"subject\">%1</dd><dt>Certificate 证书</dt><dd><code>%2</code> "
                               "(caOrgType %3)</dd>")
                    .arg(esc(t->subject), esc(t->certSn), esc(t->caOrgType));
        if (!t->encCertSn.isEmpty())
            body += QStringLiteral("<dt>Encryption certificate 加密证书</dt><dd><code>%1</code></dd>").arg(esc(t->encCertSn));
        if (!t->originalHash.isEmpty())
            body += QStringLiteral("<dt>SM3 submitted</dt><dd><code id=\"original-hash\">%1</code></dd><dt>SM3 recovered</dt>"
                                   "<dd><code id=\"recovered-hash\">%2</code></dd>")
                        .arg(t->originalHash, t->recoveredHash);
        body += QStringLiteral("</dl>");
    }
    if (!t->checks.isEmpty()) {
        body += QStringLiteral("<h3>Checks passed 已通过的检查</h3><ul id=\"checks\">");
        for (const QString &c : t->checks)
            body += QStringLiteral("<li>%1</li>").arg(esc(c));
        body += QStringLiteral("</ul>");
    }
    if (t->kind == Kind::BidSubmission && t->status == u"verified")
        body += QStringLiteral("<form method=\"post\" action=\"/bids/%1/open\"><button type=\"submit\">开标 Open this bid"
                               "</button></form>")
                    .arg(esc(t->bidId));
    if (!t->result.isEmpty() && !open)
        body += QStringLiteral("<form method=\"post\" action=\"/tx/%1/verify\"><button type=\"submit\">Verify again "
                               "(fresh chain and CRL)</button></form>")
                    .arg(esc(t->tId));
    body += QStringLiteral("</div><p><a href=\"/\">Back 返回</a></p>");
    const QString script = open || t->status == u"verifying"
        ? QStringLiteral("const s0=document.getElementById('result').dataset.status;"
                         "setInterval(async()=>{try{const r=await fetch(location.pathname+'/status');"
                         "const j=await r.json();if(j.status!==s0)location.reload();}catch(e){}},1500);")
        : QString();
    return html(pages::document(kindName(t->kind), body, script));
}

} // namespace tq::demo
