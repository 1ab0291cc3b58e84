#include "demo-platform/demoplatform.h"

#include "demo-platform/forms.h"
#include "demo-platform/pages.h"

#include "core/common/clock.h"
#include "core/common/encoding.h"
#include "core/crypto/digest.h"
#include "core/crypto/random.h"
#include "core/protocol/platformauth.h"
#include "core/common/apierrors.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

// Everything that reaches the demo platform over HTTP: the pages and forms people use, and the
// server's signed callbacks.

namespace tq::demo {

using Method = QHttpServerRequest::Method;
using Status = QHttpServerResponse::StatusCode;

namespace {

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
                e.is(ApiError::PayloadTooLarge) ? Status::PayloadTooLarge : Status::BadRequest);
}

QString fileNameOf(const FormField &field, const QString &fallback)
{
    QString name = field.fileName.section(QLatin1Char('/'), -1).section(QLatin1Char('\\'), -1).trimmed();
    name.truncate(ScanContent::MaxNameLength);
    return name.isEmpty() ? fallback : name;
}

} // namespace

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
    s.route(QStringLiteral("/bids"), Method::Get, [this] { return html(pages::bids(m_bids.values())); });
    s.route(QStringLiteral("/bids/<arg>/open"), Method::Post, [this](const QString &id) { return bidOpening(id); });
    s.route(QStringLiteral("/pending/<arg>"), Method::Get, [this](const QString &ref) {
        const Transaction *t = byTId(ref);
        if (!t)
            return html(pages::error(QStringLiteral("Not found"), QStringLiteral("No such transaction.")), Status::NotFound);
        if (!t->tId.isEmpty())
            return redirect(QStringLiteral("/tx/") + t->tId);
        if (t->status == u"error")
            return html(pages::error(QStringLiteral("The transaction could not be created"), t->reason), Status::BadGateway);
        return html(pages::creating());
    });
    s.route(QStringLiteral("/tx/<arg>"), Method::Get, [this](const QString &tId) {
        const Transaction *t = byTId(tId);
        if (!t || t->tId != tId)
            return html(pages::error(QStringLiteral("Not found"), QStringLiteral("No such transaction.")), Status::NotFound);
        return html(pages::transaction(*t));
    });
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
    s.route(QStringLiteral("/static/<arg>"), Method::Get, [](const QString &name) {
        const auto file = pages::staticFile(name);
        if (!file)
            return QHttpServerResponse(Status::NotFound);
        return QHttpServerResponse(file->contentType, file->content);
    });
    s.route(QLatin1String(CallbackPath), Method::Post, [this](const QHttpServerRequest &r) { return callback(r); });
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
            return badInput(Error(ApiError::InvalidRequest, QStringLiteral("Enter a text or choose a file to sign.")));
        const QByteArray hash = sm3(bytes);
        request_ = {{QStringLiteral("action"), QStringLiteral("sign")},
                    {QStringLiteral("hashes"),
                     QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("h1")},
                                            {QStringLiteral("algorithm"), QStringLiteral("sm3")},
                                            {QStringLiteral("value"), toBase64Text(hash)}}}}};
        what = QStringLiteral("SM3 of %1 (%2 bytes): %3")
                   .arg(hasFile ? fileNameOf(file, {}) : QStringLiteral("the text"))
                   .arg(bytes.size())
                   .arg(toHexText(hash));
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
                                            {QStringLiteral("digest"), toBase64Text(sm3(bytes))},
                                            {QStringLiteral("url"), documentUrl.toString()}}}}};
        what = QStringLiteral("%1 (%2 bytes, SM3 %3) at %4")
                   .arg(name)
                   .arg(bytes.size())
                   .arg(toHexText(sm3(bytes)), documentUrl.toString());
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
            return badInput(Error(ApiError::InvalidRequest, QStringLiteral("Choose the bid file to submit.")));
        auto bid = std::make_shared<Bid>();
        bid->id = toHexText(Random::bytes(8));
        bid->fileName = fileNameOf(file, QStringLiteral("bid"));
        bid->plaintext = file.value;
        bid->sm3 = sm3(file.value);
        m_bids.insert(bid->id, bid);
        bidId = bid->id;
        request_ = {{QStringLiteral("action"), QStringLiteral("encrypt")}};
        what = QStringLiteral("bid file %1 (%2 bytes, SM3 %3)").arg(bid->fileName).arg(file.value.size()).arg(toHexText(bid->sm3));
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
                            QStringLiteral("open bid %1 (SM3 of the original %2)").arg(bid->fileName, toHexText(bid->sm3)),
                            bidId);
}

QHttpServerResponse DemoPlatform::startTransaction(Kind kind, ScanContent content, const QString &what,
                                                   const QString &bidId)
{
    if (!m_client)
        return html(pages::error(QStringLiteral("Not ready"), QStringLiteral("The platform is not registered yet.")),
                    Status::ServiceUnavailable);
    return redirect(QStringLiteral("/pending/") + createTransaction(kind, std::move(content), what, bidId));
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
    const QByteArray target = PlatformAuth::signedPathAndQuery(request.url());
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

} // namespace tq::demo
