#include "tests/server/testserver.h"

#include "core/common/clock.h"
#include "core/protocol/platformauth.h"
#include "server/platform/platformregistry.h"
#include "server/db/database.h"
#include "server/keys/masterkey.h"
#include "server/operators/auditlog.h"
#include "server/operators/operatorservice.h"
#include "server/operators/totp.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkCookieJar>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QThread>
#include <QTest>
#include <QUrlQuery>

#include <algorithm>

namespace tq::server::test {

namespace {
constexpr int ReplyTimeoutMs = 10000;

/// Keeps no cookies: a test sends the console's session cookie itself, so "not logged in" is
/// never a leftover of an earlier request.
class NoCookieJar : public QNetworkCookieJar {
public:
    bool setCookiesFromUrl(const QList<QNetworkCookie> &, const QUrl &) override { return false; }
    QList<QNetworkCookie> cookiesForUrl(const QUrl &) const override { return {}; }
};

QString sessionField(const HttpReply &reply, const char *field)
{
    return reply.json.value(QStringLiteral("session")).toObject().value(QLatin1String(field)).toString();
}
} // namespace

QString accessTokenOf(const HttpReply &reply)
{
    return sessionField(reply, "accessToken");
}

QString refreshTokenOf(const HttpReply &reply)
{
    return sessionField(reply, "refreshToken");
}

void waitForFreshSecond()
{
    constexpr qint64 Budget = 600; // ms left in the second, far more than a few local requests take
    const qint64 intoSecond = QDateTime::currentMSecsSinceEpoch() % 1000;
    if (1000 - intoSecond < Budget)
        QThread::msleep(quint64(1000 - intoSecond + 5));
}

void ServerTestCase::init()
{
    m_server = std::make_unique<TestServer>();
    prepare(m_server->config());
    QVERIFY2(m_server->start(), qPrintable(m_server->startError()));
}

void ServerTestCase::cleanup()
{
    m_server.reset();
    Clock::resetForTesting();
}

TestServer::TestServer(PasswordHash::Params params)
{
    m_config.databaseUrl = qEnvironmentVariable(
        "TONGQIAN_TEST_DATABASE_URL", QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("server.sqlite")));
    m_config.passwordParams = params;
    m_config.cosignPinCost = params; // the PIN verifier's scrypt at the same test-sized cost
    m_config.masterKeyPath = m_dir.filePath(QStringLiteral("master.key"));
    m_network.setCookieJar(new NoCookieJar);
    // Console logins answer 303; the tests read that answer and its cookie themselves.
    m_network.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

QJsonObject TestServer::withPinProof(const QString &bearer, QJsonObject body, const SecureBytes &pin,
                                     const QString &keyId, QByteArrayView operation, QByteArrayView requestDigest)
{
    const HttpReply issued = postAs(bearer, QStringLiteral("/api/v1/cosign/pin-challenges"), {});
    const QByteArray challenge = QByteArray::fromBase64(issued.json.value(QStringLiteral("challenge")).toString().toLatin1());
    const QByteArray salt = QByteArray::fromBase64(issued.json.value(QStringLiteral("pinSalt")).toString().toLatin1());
    const QJsonObject cost = issued.json.value(QStringLiteral("pinCost")).toObject();
    const SecureBytes verifier = twoparty::pinVerifier(
        pin, salt,
        {cost.value(QStringLiteral("logN")).toInt(), cost.value(QStringLiteral("r")).toInt(),
         cost.value(QStringLiteral("p")).toInt()});
    const QByteArray proof = twoparty::pinProof(verifier.view(), challenge, keyId.toLatin1(), operation, requestDigest);
    body.insert(QStringLiteral("pinChallenge"), QString::fromLatin1(challenge.toBase64()));
    body.insert(QStringLiteral("pinProof"), QString::fromLatin1(proof.toBase64()));
    return body;
}

Result<QStringList> tableNames(Database &db)
{
    const bool sqlite = db.url().kind == DatabaseUrl::Kind::Sqlite;
    auto rows = db.exec(sqlite ? QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                                                "LIKE 'sqlite_%' ORDER BY name")
                               : QStringLiteral("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                                                "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"));
    if (!rows)
        return rows.error();
    QStringList names;
    while (rows.value().next())
        names.append(rows.value().value(0).toString());
    return names;
}

Result<void> dropAllTables(Database &db)
{
    auto names = tableNames(db);
    if (!names)
        return names.error();
    if (names.value().isEmpty())
        return {};
    // One statement with CASCADE, so foreign keys between them never block it.
    return db.run(QStringLiteral("DROP TABLE IF EXISTS ") + names.value().join(QStringLiteral(", "))
                  + QStringLiteral(" CASCADE"));
}

QVariant TestServer::scalar(const QString &sql)
{
    auto db = Database::open(m_config.databaseUrl);
    if (!db)
        return {};
    const auto value = db.value()->scalar(sql);
    return value ? value.value() : QVariant();
}

bool TestServer::start()
{
    // A restart keeps the data, as with the SQLite file.
    if (qEnvironmentVariableIsSet("TONGQIAN_TEST_DATABASE_URL") && !m_server) {
        auto db = Database::open(m_config.databaseUrl);
        if (!db) {
            m_startError = db.error().message;
            return false;
        }
        if (auto dropped = dropAllTables(*db.value()); !dropped) {
            m_startError = dropped.error().message;
            return false;
        }
    }
    m_server = std::make_unique<Server>(m_config);
    auto started = m_server->start();
    m_startError = started ? QString() : started.error().message;
    return bool(started);
}

HttpReply TestServer::send(const QByteArray &verb, const QString &path, const QByteArray &body, const QString &bearer)
{
    return exchange(verb, path, body, bearer.isEmpty() ? QByteArray() : "Bearer " + bearer.toLatin1());
}

HttpReply TestServer::sendWithAuthorization(const QByteArray &verb, const QString &path,
                                            const QByteArray &authorization)
{
    return exchange(verb, path, {}, authorization);
}

QUrl TestServer::urlFor(const QString &path) const
{
    QUrl url = m_server->baseUrl();
    const qsizetype query = path.indexOf(u'?');
    url.setPath(path.left(query));
    if (query >= 0)
        url.setQuery(path.mid(query + 1));
    return url;
}

QNetworkRequest TestServer::requestFor(const QString &path,
                                       const QList<std::pair<QByteArray, QByteArray>> &headers) const
{
    QNetworkRequest request(urlFor(path));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    return request;
}

HttpReply TestServer::replyOf(QNetworkReply &reply)
{
    HttpReply out;
    out.status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply.readAll();
    out.contentType = reply.header(QNetworkRequest::ContentTypeHeader).toByteArray();
    out.json = QJsonDocument::fromJson(out.body).object();
    out.headers = reply.rawHeaderPairs();
    return out;
}

HttpReply TestServer::exchange(const QByteArray &verb, const QString &path, const QByteArray &body,
                               const QByteArray &authorization, const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    QList<std::pair<QByteArray, QByteArray>> all = headers;
    if (!authorization.isEmpty())
        all.prepend({QByteArrayLiteral("Authorization"), authorization});
    std::unique_ptr<QNetworkReply> reply(m_network.sendCustomRequest(requestFor(path, all), verb, body));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(ReplyTimeoutMs);
    return replyOf(*reply);
}

QList<HttpReply> TestServer::sendConcurrently(const QList<HttpRequest> &requests,
                                              const std::function<void()> &whileInFlight)
{
    // One manager per request: a manager opens at most six connections to a host.
    std::vector<std::unique_ptr<QNetworkAccessManager>> managers;
    std::vector<std::unique_ptr<QNetworkReply>> replies;
    for (const HttpRequest &r : requests) {
        managers.push_back(std::make_unique<QNetworkAccessManager>());
        replies.emplace_back(managers.back()->sendCustomRequest(requestFor(r.path, r.headers), r.verb, r.body));
    }
    const auto finishedCount = [&] {
        return std::count_if(replies.begin(), replies.end(), [](const auto &reply) { return reply->isFinished(); });
    };
    if (whileInFlight && QTest::qWaitFor([&] { return finishedCount() > 0; }, ReplyTimeoutMs))
        whileInFlight();
    if (!QTest::qWaitFor([&] { return finishedCount() == qsizetype(replies.size()); }, ReplyTimeoutMs)) {
        for (const auto &reply : replies)
            reply->abort(); // the unanswered ones come back with status 0
    }
    QList<HttpReply> out;
    for (const auto &reply : replies)
        out.append(replyOf(*reply));
    return out;
}

QList<std::pair<QByteArray, QByteArray>> TestServer::platformHeaders(const QString &code, const QByteArray &secret,
                                                                     const QByteArray &verb, const QString &path,
                                                                     const QByteArray &body) const
{
    return PlatformAuth::sign(secret, verb, PlatformAuth::signedPathAndQuery(urlFor(path)), code, body).toRaw();
}

HttpReply TestServer::get(const QString &path, const QString &bearer)
{
    return send(QByteArrayLiteral("GET"), path, {}, bearer);
}

HttpReply TestServer::del(const QString &path, const QString &bearer)
{
    return send(QByteArrayLiteral("DELETE"), path, {}, bearer);
}

HttpReply TestServer::post(const QString &path, const QJsonObject &body)
{
    return postRaw(path, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

HttpReply TestServer::postRaw(const QString &path, const QByteArray &body)
{
    return send(QByteArrayLiteral("POST"), path, body, {});
}

HttpReply TestServer::requestCode(const QString &phone, const QString &purpose)
{
    return post(QStringLiteral("/api/v1/sms-codes"),
                {{QStringLiteral("phone"), phone}, {QStringLiteral("purpose"), purpose}});
}

QList<QJsonObject> TestServer::outbox(const QString &phone)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("phone"), phone);
    const HttpReply reply = get(QStringLiteral("/api/v1/sandbox/sms-outbox?") + query.toString());
    QList<QJsonObject> messages;
    for (const QJsonValue &message : reply.json.value(QStringLiteral("messages")).toArray())
        messages.append(message.toObject());
    return messages;
}

QString TestServer::latestCode(const QString &phone)
{
    const QList<QJsonObject> messages = outbox(phone);
    return messages.isEmpty() ? QString() : messages.first().value(QStringLiteral("code")).toString();
}

QString TestServer::codeFor(const QString &phone, const QString &purpose)
{
    if (requestCode(phone, purpose).status != 202)
        return {};
    return latestCode(phone);
}

HttpReply TestServer::registerAccount(const QString &phone, const QString &password)
{
    const QString code = codeFor(phone, QStringLiteral("register"));
    return post(
        QStringLiteral("/api/v1/accounts"),
        {{QStringLiteral("phone"), phone}, {QStringLiteral("smsCode"), code}, {QStringLiteral("password"), password}});
}

HttpReply TestServer::postAs(const QString &bearer, const QString &path, const QJsonObject &body)
{
    return send(QByteArrayLiteral("POST"), path, QJsonDocument(body).toJson(QJsonDocument::Compact), bearer);
}

QString TestServer::accessTokenFor(const QString &phone)
{
    return accessTokenOf(registerAccount(phone, TestPassword));
}

HttpReply TestServer::verifyIdentity(const QString &bearer, const QString &name, const QString &idNumber)
{
    return postAs(bearer, QStringLiteral("/api/v1/identity/verifications"),
                  {{QStringLiteral("name"), name}, {QStringLiteral("idNumber"), idNumber}});
}

QString TestServer::verifiedAccount(const QString &phone)
{
    const QString token = accessTokenFor(phone);
    if (token.isEmpty() || verifyIdentity(token, TestName, TestIdNumber).status != 200)
        return {};
    return token;
}

QJsonObject identityProof(const QString &name, const QString &idNumber)
{
    return {{QStringLiteral("method"), QStringLiteral("identity")},
            {QStringLiteral("name"), name},
            {QStringLiteral("idNumber"), idNumber}};
}

HttpReply TestServer::applyCertificate(const QString &bearer, const QByteArray &csr, QJsonObject extra)
{
    extra.insert(QStringLiteral("csr"), QString::fromLatin1(csr.toBase64()));
    if (!extra.contains(QStringLiteral("caOrg")))
        extra.insert(QStringLiteral("caOrg"), QStringLiteral("010001"));
    if (!extra.contains(QStringLiteral("proof")))
        extra.insert(QStringLiteral("proof"), identityProof());
    return postAs(bearer, QStringLiteral("/api/v1/certificates"), extra);
}

HttpReply TestServer::registerPlatform(const QJsonObject &registration)
{
    return post(QStringLiteral("/api/v1/sandbox/platforms"), registration);
}

HttpReply TestServer::sendWithHeaders(const QByteArray &verb, const QString &path, const QByteArray &body,
                                      const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    return exchange(verb, path, body, {}, headers);
}

HttpReply TestServer::sendAsPlatform(const QString &code, const QByteArray &secret, const QByteArray &verb,
                                     const QString &path, const QByteArray &body,
                                     const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    auto all = platformHeaders(code, secret, verb, path, body);
    all.append(headers);
    return sendWithHeaders(verb, path, body, all);
}

QByteArray TestServer::stopAndDumpDatabase()
{
    m_server->stop();
    QByteArray bytes;
    const QString prefix = QStringLiteral("sqlite:");
    if (m_config.databaseUrl.startsWith(prefix)) {
        const QString path = m_config.databaseUrl.mid(prefix.size());
        for (const QString &file : {path, QString(path + QStringLiteral("-wal"))}) {
            QFile f(file);
            if (f.open(QIODevice::ReadOnly))
                bytes += f.readAll();
        }
    }
    auto db = Database::open(m_config.databaseUrl);
    if (!db)
        return bytes;
    const auto names = tableNames(*db.value());
    for (const QString &table : names ? names.value() : QStringList()) {
        auto rows = db.value()->exec(QStringLiteral("SELECT * FROM ") + table);
        while (rows && rows.value().next()) {
            for (qsizetype column = 0; column < rows.value().columnCount(); ++column) {
                const QVariant value = rows.value().value(int(column));
                bytes += value.typeId() == QMetaType::QByteArray ? value.toByteArray() : value.toString().toUtf8();
                bytes += '\n';
            }
        }
    }
    return bytes;
}

HttpReply TestServer::logIn(const QString &phone, const QString &password)
{
    return post(QStringLiteral("/api/v1/sessions"),
                {{QStringLiteral("phone"), phone}, {QStringLiteral("password"), password}});
}

} // namespace tq::server::test

namespace tq::server::test {

QString TestOperator::currentCode() const
{
    return Totp::code(totpKey, Totp::stepAt(Clock::nowSecs()));
}

TestOperator TestServer::addOperator(const QString &name, const QString &role)
{
    TestOperator op{name, QStringLiteral("operator-password-") + name, {}};
    auto db = Database::open(m_config.databaseUrl);
    auto key = MasterKey::load(m_config.masterKeyPath);
    if (!db || !key)
        return op;
    AuditLog audit(*db.value());
    OperatorService operators(*db.value(), key.value(), audit, m_config.passwordParams);
    const auto added = operators.add(QStringLiteral("server"), name, roleFromName(role).value_or(OperatorRole::Auditor),
                                     op.password);
    if (added)
        op.totpKey = Totp::fromBase32(added.value().totpSecret);
    return op;
}

QByteArray TestServer::consoleLogIn(const TestOperator &op)
{
    const HttpReply reply = consolePost(QStringLiteral("/console/login"),
                                        {{QStringLiteral("name"), op.name},
                                         {QStringLiteral("password"), op.password},
                                         {QStringLiteral("totp"), op.currentCode()}},
                                        {}, true);
    const QByteArray setCookie = reply.header("Set-Cookie");
    return reply.status == 303 ? setCookie.left(setCookie.indexOf(';')) : QByteArray();
}

QByteArray TestServer::consoleAdminCookie()
{
    return consoleLogIn(addOperator(QStringLiteral("test-admin"), QStringLiteral("admin")));
}

HttpReply TestServer::consoleGet(const QString &path, const QByteArray &cookie)
{
    QList<std::pair<QByteArray, QByteArray>> headers;
    if (!cookie.isEmpty())
        headers.append({QByteArrayLiteral("Cookie"), cookie});
    return exchange(QByteArrayLiteral("GET"), path, {}, {}, headers);
}

HttpReply TestServer::consolePost(const QString &path, const QList<std::pair<QString, QString>> &form,
                                  const QByteArray &cookie, bool asLoginForm)
{
    QList<std::pair<QString, QString>> fields = form;
    QByteArray cookies = cookie;
    if (asLoginForm) {
        // The login form's CSRF token comes with the page, in a field and a cookie.
        const HttpReply page = consoleGet(QStringLiteral("/console"), {});
        const QByteArray loginCookie = page.header("Set-Cookie");
        fields.prepend({QStringLiteral("csrf"), csrfOf(page)});
        cookies = loginCookie.left(loginCookie.indexOf(';'));
    }
    QUrlQuery query;
    for (const auto &[name, value] : fields)
        query.addQueryItem(QString::fromLatin1(QUrl::toPercentEncoding(name)),
                           QString::fromLatin1(QUrl::toPercentEncoding(value)));
    QList<std::pair<QByteArray, QByteArray>> headers{
        {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-www-form-urlencoded")}};
    if (!cookies.isEmpty())
        headers.append({QByteArrayLiteral("Cookie"), cookies});
    return exchange(QByteArrayLiteral("POST"), path, query.toString(QUrl::FullyEncoded).toUtf8(), {}, headers);
}

QString TestServer::csrfOf(const HttpReply &page)
{
    static const QRegularExpression field(QStringLiteral("name=\"csrf\" value=\"([0-9A-Za-z_-]+)\""));
    return field.match(QString::fromUtf8(page.body)).captured(1);
}

QString TestServer::operatorToken(const TestOperator &op)
{
    const HttpReply reply = post(QStringLiteral("/api/v1/operator/sessions"),
                                 {{QStringLiteral("name"), op.name},
                                  {QStringLiteral("password"), op.password},
                                  {QStringLiteral("totp"), op.currentCode()}});
    return reply.json.value(QStringLiteral("token")).toString();
}

} // namespace tq::server::test
