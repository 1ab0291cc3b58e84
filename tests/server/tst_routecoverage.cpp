// Every route the running server answers, checked against docs/openapi.yaml and an authorisation
// matrix. Both are generated from Server::routes(), so a new route is covered without anyone
// remembering to add it here: it fails until it is documented and its credential class decided.

#include "core/common/encoding.h"
#include "core/crypto/random.h"
#include "core/crypto/sm2.h"
#include "core/crypto/twoparty.h"
#include "core/protocol/platformauth.h"
#include "core/protocol/routes.h"
#include "platformfixture.h"
#include "server/keys/masterkey.h"

#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <algorithm>

using namespace tq;
using namespace tq::server;
using namespace tq::server::test;
using namespace Qt::StringLiterals;

namespace {

using Headers = QList<std::pair<QByteArray, QByteArray>>;

/// "METHOD /path/{}": a route and an OpenAPI operation compare equal under this key, whatever
/// their argument is called (`<arg>` in the router, `{id}` or `{tId}` in the document).
QString routeKey(const QString &method, QString path)
{
    static const QRegularExpression argument(QStringLiteral("<arg>|\\{[^}/]*\\}"));
    return method.toUpper() + u' ' + path.replace(argument, QStringLiteral("{}"));
}

QString routeKey(const RouteInfo &route)
{
    return routeKey(route.methodName(), route.path);
}

/// The operations of an OpenAPI document's `paths:` and the security scheme names each declares
/// (empty: none). A line reader for the layout docs/openapi.yaml keeps: paths two spaces deep,
/// methods four, an operation's `security: [{scheme: []}]` six.
struct OpenApi {
    QHash<QString, QStringList> security; ///< by routeKey()
    QHash<QString, QString> spelled;      ///< by routeKey(): "POST /api/v1/…/{id}" as written
    QString error;

    static OpenApi read(const QString &fileName)
    {
        OpenApi api;
        QFile file(fileName);
        if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
            api.error = QStringLiteral("cannot read %1: %2").arg(fileName, file.errorString());
            return api;
        }
        static const QRegularExpression pathLine(QStringLiteral("^  (/\\S*):\\s*$"));
        static const QRegularExpression methodLine(
            QStringLiteral("^    (get|put|post|delete|patch|head|options):\\s*$"));
        static const QRegularExpression securityLine(QStringLiteral("^      security:\\s*\\[(.*)\\]\\s*$"));
        static const QRegularExpression schemeName(QStringLiteral("\\{\\s*([A-Za-z0-9_]+)\\s*:"));
        bool inPaths = false;
        QString path;
        QString operation;
        while (!file.atEnd()) {
            QString line = QString::fromUtf8(file.readLine());
            if (line.endsWith(u'\n'))
                line.chop(1);
            if (!line.isEmpty() && !line.front().isSpace()) { // a top-level key
                inPaths = line == u"paths:";
                continue;
            }
            if (!inPaths)
                continue;
            if (const auto m = pathLine.match(line); m.hasMatch()) {
                path = m.captured(1);
                operation.clear();
            } else if (const auto m = methodLine.match(line); m.hasMatch() && !path.isEmpty()) {
                operation = routeKey(m.captured(1), path);
                api.security.insert(operation, {});
                api.spelled.insert(operation, m.captured(1).toUpper() + u' ' + path);
            } else if (const auto m = securityLine.match(line); m.hasMatch() && !operation.isEmpty()) {
                QStringList schemes;
                for (auto it = schemeName.globalMatch(m.captured(1)); it.hasNext();)
                    schemes.append(it.next().captured(1));
                api.security[operation] = schemes;
            }
        }
        if (api.security.isEmpty())
            api.error = QStringLiteral("no operations under paths: in %1").arg(fileName);
        return api;
    }
};

/// Public by design: no credential, and docs/openapi.yaml declares no security for them. A new
/// route that answers without a credential fails noCredentialIsRefused() until it is added here
/// (with its reason) or made to check one.
const QHash<QString, QString> &publicRoutes()
{
    static const QHash<QString, QString> list{
        {routeKey(QStringLiteral("GET"), routes::serverRoute(routes::Health)), QStringLiteral("load balancer probe")},
        {routeKey(QStringLiteral("POST"), routes::serverRoute(routes::SmsCodes)), QStringLiteral("before an account")},
        {routeKey(QStringLiteral("POST"), routes::serverRoute(routes::Accounts)), QStringLiteral("registration")},
        {routeKey(QStringLiteral("POST"), routes::serverRoute(routes::Sessions)), QStringLiteral("login")},
        {routeKey(QStringLiteral("POST"), routes::serverRoute(routes::SessionRefresh)),
         QStringLiteral("the refresh token is in the body")},
        {routeKey(QStringLiteral("POST"), routes::serverRoute(routes::PasswordResets)),
         QStringLiteral("the SMS code is the credential")},
        {routeKey(QStringLiteral("GET"), routes::serverRoute(routes::CaCrl)), QStringLiteral("RFC 5280 CRL")},
        {routeKey(QStringLiteral("GET"), routes::serverRoute(routes::CaRootCrl)), QStringLiteral("RFC 5280 CRL")},
        {routeKey(QStringLiteral("GET"), routes::serverRoute(routes::CaChain)), QStringLiteral("trust anchor")},
        {routeKey(QStringLiteral("GET"), routes::serverRoute(routes::SandboxSmsOutbox)),
         QStringLiteral("sandbox only")},
        {routeKey(QStringLiteral("POST"), routes::serverRoute(routes::SandboxPlatforms)),
         QStringLiteral("sandbox only")},
        {routeKey(QStringLiteral("POST"), routes::serverRoute(routes::OperatorSessions)),
         QStringLiteral("operator login: name, password and TOTP code are the credential")},
        {routeKey(QStringLiteral("GET"), QStringLiteral("/sandbox/outbox")), QStringLiteral("sandbox only")},
        {routeKey(QStringLiteral("POST"), QStringLiteral("/console/login")),
         QStringLiteral("the password and TOTP code in the form are the credential")},
    };
    return list;
}

/// Routes that exist only in sandbox mode: a server with sandbox off answers them 404.
bool isSandboxOnly(const RouteInfo &route)
{
    return route.path.startsWith(routes::serverRoute(QLatin1String("/sandbox/")))
        || route.path.startsWith(QLatin1String("/sandbox/"));
}

const QString Bearer = QStringLiteral("bearer");
const QString PlatformHmac = QStringLiteral("platformHmac");
const QString OperatorBearer = QStringLiteral("operatorBearer");
const QString ConsoleSession = QStringLiteral("consoleSession");

/// The security schemes of docs/openapi.yaml this test knows, and the error code of a request
/// without their credential. A route with another scheme fails until its scheme is added here.
const QHash<QString, QString> &unauthorizedCodes()
{
    static const QHash<QString, QString> codes{{Bearer, QStringLiteral("unauthorized")},
                                               {PlatformHmac, QStringLiteral("platform_unauthorized")},
                                               {OperatorBearer, QStringLiteral("unauthorized")},
                                               {ConsoleSession, QStringLiteral("(login form)")}};
    return codes;
}

/// One request on account A's (or platform A's) resources: the path with A's id, a body that
/// names A's resources, and extra headers (e.g. A's poll token).
struct Probe {
    QString path;
    QByteArray body;
    Headers headers;
};

} // namespace

class TestRouteCoverage : public PlatformTestCase {
    Q_OBJECT

    /// The running (sandbox) server's routes.
    QList<RouteInfo> servedRoutes() { return m_server->server().routes(); }

    static OpenApi openApi() { return OpenApi::read(QStringLiteral(TONGQIAN_OPENAPI_FILE)); }

    /// The credential scheme docs/openapi.yaml declares for `route`: bearer, platformHmac, or empty.
    static QString schemeOf(const OpenApi &api, const RouteInfo &route)
    {
        const QStringList schemes = api.security.value(routeKey(route));
        return schemes.size() == 1 ? schemes.first() : QString();
    }

    static QByteArray bodyFor(const RouteInfo &route)
    {
        return route.method == QHttpServerRequest::Method::Post ? QByteArrayLiteral("{}") : QByteArray();
    }

    static QString withArg(const RouteInfo &route, const QString &arg)
    {
        return QString(route.path).replace(QLatin1String("<arg>"), arg);
    }

    /// Account A's two-party key, made with the device half of the key generation.
    QString cosignKey(const QString &bearer)
    {
        const Sm2 sm2;
        const QByteArray session = Random::bytes(16);
        const auto share = twoparty::generateShare(sm2, twoparty::Party::Device, session);
        if (!share)
            return {};
        const QByteArray salt = Random::bytes(16);
        const SecureBytes pin(QByteArray("123456"));
        const HttpReply reply = m_server->postAs(
            bearer, routes::serverRoute(routes::CosignKeys),
            {{QStringLiteral("sessionId"), toBase64Text(session)},
             {QStringLiteral("publicShare"), toBase64Text(share.value().message.publicShare)},
             {QStringLiteral("commitment"), toBase64Text(share.value().message.proof.commitment)},
             {QStringLiteral("response"), toBase64Text(share.value().message.proof.response)},
             {QStringLiteral("pinSalt"), toBase64Text(salt)},
             {QStringLiteral("pinVerifier"), toBase64Text(twoparty::pinVerifier(pin, salt, FastPasswordParams).view())}});
        return reply.status == 201 ? reply.json.value(QStringLiteral("keyId")).toString() : QString();
    }

    /// Everything account A and platform A own, made through the API, and the other parties.
    struct World {
        Device a;
        QString b; ///< account B's access token (a verified account of another person)
        Rp platformA;
        Rp platformB;
        QString keyId;      ///< A's two-party key
        QString claimedTId; ///< claimed by A, not answered yet
        QString pendingTId; ///< created by platform A, not scanned
        QString pollToken;  ///< platform A's poll token for pendingTId
        QString accessToken; ///< the one-time token of A's scan login at platform A, not exchanged
        /// A's identifiers that must never appear in an answer to B.
        QStringList identifiersOfA() const
        {
            return {a.certificateId, a.certificate.serialHex, keyId, claimedTId, pendingTId, pollToken, accessToken,
                    TestPhone};
        }
    };

    World world()
    {
        World w;
        w.a = device(TestPhone);
        w.b = m_server->accessTokenFor(OtherPhone);
        // Another person, so B stays valid whatever the rule for one ID number on several accounts.
        if (m_server->verifyIdentity(w.b, QStringLiteral("李四"), QStringLiteral("110108198001010015")).status != 200)
            w.b.clear();
        w.platformA = platform(PlatformA);
        w.platformB = platform(PlatformB);
        w.keyId = cosignKey(w.a.token);

        const QJsonObject login{{QStringLiteral("action"), QStringLiteral("login")}};
        if (roundTrip(w.platformA, w.a, login).status == 200 && m_receiver->waitFor(2)) {
            const auto logins = m_receiver->ofType(QStringLiteral("02"));
            if (!logins.isEmpty())
                w.accessToken = logins.first()
                                    .json.value(QStringLiteral("data"))
                                    .toObject()
                                    .value(QStringLiteral("accessToken"))
                                    .toString();
        }
        const HttpReply claimed = create(w.platformA, login);
        if (claim(w.a.token, claimed).status == 200)
            w.claimedTId = claimed.json.value(QStringLiteral("tId")).toString();
        const HttpReply pending = create(w.platformA, login);
        w.pendingTId = pending.json.value(QStringLiteral("tId")).toString();
        w.pollToken = pending.json.value(QStringLiteral("pollToken")).toString();
        return w;
    }

    static bool complete(const World &w)
    {
        return w.a.ok && !w.b.isEmpty() && !w.platformA.secret.isEmpty() && !w.platformB.secret.isEmpty()
            && !w.keyId.isEmpty() && !w.claimedTId.isEmpty() && !w.pendingTId.isEmpty() && !w.pollToken.isEmpty()
            && !w.accessToken.isEmpty();
    }

    /// The request on A's resources for each route that names a resource (in its path or body).
    /// A route of that kind missing here fails otherAccountOrPlatformIsRefused(): add its probe.
    static QHash<QString, Probe> probes(const World &w)
    {
        QHash<QString, Probe> p;
        const auto add = [&p](const char *method, QLatin1String route, const QString &arg, QByteArray body = {},
                              Headers headers = {}) {
            const QString path = routes::serverRoute(route);
            p.insert(routeKey(QLatin1String(method), path),
                     {QString(path).replace(QLatin1String("<arg>"), arg), std::move(body), std::move(headers)});
        };
        add("GET", routes::Certificate, w.a.certificateId);
        add("POST", routes::CertificateRevocation, w.a.certificateId, "{}");
        add("GET", routes::CosignKey, w.keyId);
        for (const QLatin1String operation : {routes::CosignSign, routes::CosignDecrypt, routes::CosignPin,
                                              routes::CosignUnlock, routes::CosignDeletion})
            add("POST", operation, w.keyId, "{}");
        add("POST", routes::ScanResult, w.claimedTId, "{}");
        add("POST", routes::ScanRejection, w.claimedTId, "{}");
        add("GET", routes::PlatformTransaction, w.pendingTId, {},
            {{PlatformAuth::PollTokenHeader, w.pollToken.toLatin1()}});
        add("POST", routes::PlatformAccessTokens, {}, compact({{QStringLiteral("accessToken"), w.accessToken}}));
        return p;
    }

    /// Routes that act only on the caller's own data, so there is nothing of A's to name; each
    /// with why. GET answers to B are still searched for A's identifiers.
    static const QHash<QString, QString> &callerScoped()
    {
        static const QHash<QString, QString> list{
            {routeKey(QStringLiteral("GET"), routes::serverRoute(routes::AccountMe)), QStringLiteral("own account")},
            {routeKey(QStringLiteral("DELETE"), routes::serverRoute(routes::SessionCurrent)),
             QStringLiteral("the bearer's own session")},
            {routeKey(QStringLiteral("GET"), routes::serverRoute(routes::Identity)), QStringLiteral("own identity")},
            {routeKey(QStringLiteral("POST"), routes::serverRoute(routes::IdentityVerifications)),
             QStringLiteral("verifies the caller")},
            {routeKey(QStringLiteral("GET"), routes::serverRoute(routes::Certificates)), QStringLiteral("own list")},
            {routeKey(QStringLiteral("POST"), routes::serverRoute(routes::Certificates)),
             QStringLiteral("issues to the caller")},
            {routeKey(QStringLiteral("POST"), routes::serverRoute(routes::CertificateChallenges)),
             QStringLiteral("a challenge for the caller, its code to the caller's phone")},
            {routeKey(QStringLiteral("POST"), routes::serverRoute(routes::CosignKeys)),
             QStringLiteral("creates the caller's key")},
            {routeKey(QStringLiteral("POST"), routes::serverRoute(routes::CosignPinChallenges)),
             QStringLiteral("a challenge for the caller's own PIN record")},
            {routeKey(QStringLiteral("GET"), routes::serverRoute(routes::ScanTransactions)),
             QStringLiteral("own list")},
            {routeKey(QStringLiteral("POST"), routes::serverRoute(routes::ScanClaims)),
             QStringLiteral("the QR code's ticket is the capability; whoever scans it claims it")},
            {routeKey(QStringLiteral("POST"), routes::serverRoute(routes::PlatformTransactions)),
             QStringLiteral("creates the calling platform's transaction")},
        };
        return list;
    }

    HttpReply sendAs(const World &w, const QString &scheme, const RouteInfo &route, const Probe &probe,
                     bool asA = false)
    {
        const QByteArray verb = route.methodName().toLatin1();
        if (scheme == PlatformHmac) {
            const Rp &rp = asA ? w.platformA : w.platformB;
            return m_server->sendAsPlatform(rp.code, rp.secret, verb, probe.path, probe.body, probe.headers);
        }
        Headers headers = probe.headers;
        headers.prepend({QByteArrayLiteral("Authorization"), "Bearer " + (asA ? w.a.token : w.b).toLatin1()});
        return m_server->sendWithHeaders(verb, probe.path, probe.body, headers);
    }

private Q_SLOTS:
    void theServerListsItsRoutes()
    {
        const QList<RouteInfo> table = servedRoutes();
        QVERIFY(!table.isEmpty());
        // The scan protocol and the health check run concurrently, the rest one at a time (server.h).
        for (const RouteInfo &route : table) {
            const bool concurrent = route.path.startsWith(routes::serverRoute(QLatin1String("/platform/")))
                || route.path.startsWith(routes::serverRoute(QLatin1String("/scan/")))
                || route.path == routes::serverRoute(routes::Health);
            QVERIFY2(route.concurrent == concurrent, qPrintable(routeKey(route)));
        }
        // Each route once.
        QSet<QString> keys;
        for (const RouteInfo &route : table)
            keys.insert(routeKey(route));
        QCOMPARE(keys.size(), table.size());
    }

    void everyRouteIsDocumented()
    {
        const OpenApi api = openApi();
        QVERIFY2(api.error.isEmpty(), qPrintable(api.error));
        QHash<QString, QString> served; // routeKey() -> as registered
        for (const RouteInfo &route : servedRoutes())
            served.insert(routeKey(route), route.methodName() + u' ' + route.path);
        QStringList undocumented;
        for (auto it = served.cbegin(); it != served.cend(); ++it)
            if (!api.security.contains(it.key()))
                undocumented.append(it.value());
        QStringList notServed;
        for (auto it = api.spelled.cbegin(); it != api.spelled.cend(); ++it)
            if (!served.contains(it.key()))
                notServed.append(it.value());
        undocumented.sort();
        notServed.sort();
        QVERIFY2(undocumented.isEmpty(),
                 qPrintable(u"routes missing from docs/openapi.yaml: "_s + undocumented.join(QStringLiteral(", "))));
        QVERIFY2(notServed.isEmpty(),
                 qPrintable(u"docs/openapi.yaml documents routes the server does not serve: "_s
                            + notServed.join(QStringLiteral(", "))));
    }

    /// The public allow-list, docs/openapi.yaml's security and the server agree: a public route
    /// declares no security and answers without a credential; every other declares one scheme.
    void documentedSecurityMatchesTheAllowList()
    {
        const OpenApi api = openApi();
        QVERIFY2(api.error.isEmpty(), qPrintable(api.error));
        QVERIFY(!servedRoutes().isEmpty());
        for (const RouteInfo &route : servedRoutes()) {
            const QString key = routeKey(route);
            if (!api.security.contains(key))
                continue; // everyRouteIsDocumented() names it
            const QStringList schemes = api.security.value(key);
            if (publicRoutes().contains(key)) {
                QVERIFY2(schemes.isEmpty(),
                         qPrintable(key + u" is public here but declares security in openapi.yaml"_s));
                // The allow-list stays true: a route on it that came to want a credential leaves it.
                const HttpReply reply = m_server->send(route.methodName().toLatin1(),
                                                       withArg(route, QStringLiteral("010001")), bodyFor(route), {});
                // The console's login form is refused (403) without the CSRF pair its page sets:
                // that pair protects the form, it is no credential.
                const bool csrfOnly = key == routeKey(QStringLiteral("POST"), QStringLiteral("/console/login"))
                    && reply.status == 403 && reply.body.contains("name=\"totp\"");
                QVERIFY2(reply.status != 0 && reply.status != 401 && (reply.status != 403 || csrfOnly),
                         qPrintable(u"%1 is on the public allow-list but answers %2 without a credential"_s.arg(key)
                                        .arg(reply.status)));
            } else {
                QVERIFY2(schemes.size() == 1 && unauthorizedCodes().contains(schemes.first()),
                         qPrintable(key
                                    + u": openapi.yaml must declare exactly one scheme this test knows (%1), or the "
                                      u"route must be on this test's public allow-list; it declares [%2]"_s.arg(
                                        unauthorizedCodes().keys().join(u','), schemes.join(u','))));
            }
        }
    }

    /// No credential, a forged one, a logged-out access token, and the other kind's valid
    /// credential (a live access token on a platform route, a platform's signature on an account
    /// route): 401 on every route not public by design.
    void noCredentialIsRefused()
    {
        const OpenApi api = openApi();
        QVERIFY2(api.error.isEmpty(), qPrintable(api.error));
        const Rp rp = platform(PlatformA);
        QVERIFY(!rp.secret.isEmpty());
        const QString live = m_server->accessTokenFor(TestPhone);
        const QString loggedOut = m_server->accessTokenFor(OtherPhone);
        QVERIFY(!live.isEmpty() && !loggedOut.isEmpty());
        QCOMPARE(m_server->del(routes::serverRoute(routes::SessionCurrent), loggedOut).status, 204);
        QStringList failures;
        QVERIFY(!servedRoutes().isEmpty());
        for (const RouteInfo &route : servedRoutes()) {
            const QString key = routeKey(route);
            if (publicRoutes().contains(key))
                continue;
            const QString scheme = schemeOf(api, route);
            const QString path = withArg(route, QStringLiteral("0123456789abcdef"));
            const QByteArray verb = route.methodName().toLatin1();
            const QByteArray body = bodyFor(route);
            const QString expectedCode = unauthorizedCodes().value(scheme, QStringLiteral("(undocumented scheme)"));
            const auto expect401 = [&](const char *attempt, const HttpReply &reply) {
                if (scheme == ConsoleSession) {
                    // A console page without a session is the login form and nothing else (200
                    // for a page, 401 for a form); never the page's data.
                    const bool loginForm = reply.body.contains("name=\"totp\"")
                        && reply.status == (route.method == QHttpServerRequest::Method::Get ? 200 : 401);
                    if (!loginForm)
                        failures.append(u"%1 %2: %3 without the login form"_s.arg(key, QLatin1String(attempt))
                                            .arg(reply.status));
                    return;
                }
                if (reply.status != 401 || reply.code() != expectedCode)
                    failures.append(
                        u"%1 %2: %3 %4"_s.arg(key, QLatin1String(attempt)).arg(reply.status).arg(reply.code()));
            };
            expect401("without a credential", m_server->sendWithHeaders(verb, path, body, {}));
            if (scheme == PlatformHmac) {
                expect401("signed with a wrong secret",
                          m_server->sendAsPlatform(rp.code, QByteArray(rp.secret).append('x'), verb, path, body));
                expect401("with an account's access token", m_server->send(verb, path, body, live));
            } else if (scheme == ConsoleSession) {
                expect401("with a made-up session cookie",
                          m_server->sendWithHeaders(verb, path, body,
                                                    {{QByteArrayLiteral("Cookie"),
                                                      "tq_console=" + toBase64Text(Random::bytes(32)).toLatin1()}}));
            } else if (scheme == OperatorBearer) {
                expect401("with a made-up token", m_server->send(verb, path, body, toBase64Text(Random::bytes(32))));
                expect401("with an account's access token", m_server->send(verb, path, body, live));
            } else if (scheme == Bearer) {
                expect401("with a made-up token", m_server->send(verb, path, body, toBase64Text(Random::bytes(32))));
                expect401("with a logged-out token", m_server->send(verb, path, body, loggedOut));
                expect401("signed by a platform", m_server->sendAsPlatform(rp.code, rp.secret, verb, path, body));
            }
        }
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
    }

    /// Account B's token on A's resources, and platform B's signature on platform A's: 404
    /// not_found (or the domain's not-found code), as if the resource did not exist. A's own
    /// requests afterwards show the ids are real and still there.
    void otherAccountOrPlatformIsRefused()
    {
        const OpenApi api = openApi();
        QVERIFY2(api.error.isEmpty(), qPrintable(api.error));
        const World w = world();
        QVERIFY(complete(w));
        const QHash<QString, Probe> onA = probes(w);
        QList<std::pair<RouteInfo, Probe>> ownerChecks;
        QStringList failures;
        QVERIFY(!servedRoutes().isEmpty());
        for (const RouteInfo &route : servedRoutes()) {
            const QString key = routeKey(route);
            if (publicRoutes().contains(key))
                continue;
            const QString scheme = schemeOf(api, route);
            // Operators act on the whole server, not on an owner's resources; what they may do is
            // their role's (auditorChangesNothing() below, tst_operators, tst_console).
            if (scheme == OperatorBearer || scheme == ConsoleSession)
                continue;
            if (callerScoped().contains(key)) {
                QVERIFY2(!route.path.contains(QLatin1String("<arg>")), qPrintable(key + u" names a resource"_s));
                if (route.method != QHttpServerRequest::Method::Get)
                    continue;
                const HttpReply reply = sendAs(w, scheme, route, {route.path, {}, {}});
                if (reply.status != 200)
                    failures.append(u"%1 as B: %2"_s.arg(key).arg(reply.status));
                const QStringList ofA = w.identifiersOfA();
                if (std::any_of(ofA.cbegin(), ofA.cend(),
                                [&reply](const QString &id) { return reply.body.contains(id.toUtf8()); }))
                    failures.append(u"%1 shows B an identifier of A's"_s.arg(key));
                continue;
            }
            if (!onA.contains(key)) {
                failures.append(key + u": add a probe on A's resources (or list it as caller-scoped, with why)"_s);
                continue;
            }
            const Probe &probe = onA[key];
            const HttpReply reply = sendAs(w, scheme, route, probe);
            static const QSet<QString> notFound{QStringLiteral("not_found"), QStringLiteral("certificate_not_found"),
                                                QStringLiteral("transaction_not_found")};
            if (reply.status != 404 || !notFound.contains(reply.code()))
                failures.append(u"%1 as %2 on A's: %3 %4"_s.arg(key, scheme == PlatformHmac ? u"platform B"_s : u"B"_s)
                                    .arg(reply.status)
                                    .arg(reply.code()));
            ownerChecks.append({route, probe});
        }
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));

        // The same requests by their owner find the resource (whatever else they answer, e.g. 400
        // for the empty body or 403 for a missing PIN), so B's 404 was not for a made-up id. Reads
        // first, deletions last, so no check removes what a later one needs.
        std::stable_sort(ownerChecks.begin(), ownerChecks.end(), [](const auto &x, const auto &y) {
            const auto rank = [](QHttpServerRequest::Method m) {
                return m == QHttpServerRequest::Method::Get ? 0 : m == QHttpServerRequest::Method::Delete ? 2 : 1;
            };
            return rank(x.first.method) < rank(y.first.method);
        });
        for (const auto &[route, probe] : ownerChecks) {
            const HttpReply reply = sendAs(w, schemeOf(api, route), route, probe, true);
            QVERIFY2(reply.status != 0 && reply.status != 404 && reply.status != 401,
                     qPrintable(u"%1 by its owner: %2 %3"_s.arg(routeKey(route)).arg(reply.status).arg(reply.code())));
        }
    }

    /// An auditor changes nothing: every operator route but a GET (and logging itself out)
    /// answers 403 operator_forbidden to an auditor's token.
    void auditorChangesNothing()
    {
        const OpenApi api = openApi();
        QVERIFY2(api.error.isEmpty(), qPrintable(api.error));
        const QString token = m_server->operatorToken(m_server->addOperator(u"audrey"_s, u"auditor"_s));
        QVERIFY(!token.isEmpty());
        QStringList failures;
        int checked = 0;
        for (const RouteInfo &route : servedRoutes()) {
            const QString key = routeKey(route);
            if (schemeOf(api, route) != OperatorBearer || route.method == QHttpServerRequest::Method::Get
                || route.path == routes::serverRoute(routes::OperatorSessions))
                continue;
            ++checked;
            const HttpReply reply = m_server->send(route.methodName().toLatin1(),
                                                   withArg(route, PlatformA), bodyFor(route), token);
            if (reply.status != 403 || reply.code() != u"operator_forbidden")
                failures.append(u"%1 as an auditor: %2 %3"_s.arg(key).arg(reply.status).arg(reply.code()));
        }
        QVERIFY(checked > 0);
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
    }

    /// With sandbox off the sandbox routes are not there: 404 not_found, and every other route
    /// of the sandbox server is still served.
    void sandboxOffHasNoSandboxRoutes()
    {
        const QList<RouteInfo> sandbox = servedRoutes();
        QVERIFY(!sandbox.isEmpty());
        QVERIFY(std::any_of(sandbox.cbegin(), sandbox.cend(), isSandboxOnly));
        m_server.reset(); // one server at a time on a shared TONGQIAN_TEST_DATABASE_URL

        TestServer production;
        ServerConfig &config = production.config();
        // Production's providers are webhooks (docs/server.md "Modes"); nothing here reaches them.
        const QString secretPath = config.masterKeyPath + u".provider"_s;
        QFile secret(secretPath);
        QVERIFY(secret.open(QIODevice::WriteOnly) && secret.write(Random::bytes(32).toHex()) == 64);
        secret.close();
        QVERIFY(MasterKey::loadOrCreate(config.masterKeyPath));
        config.sandbox = false;
        config.privateCallbackTargets = false;
        config.smsWebhookUrl = QUrl(u"https://sms.gateway.invalid/send"_s);
        config.identityWebhookUrl = QUrl(u"https://identity.gateway.invalid/check"_s);
        config.providerSecretPath = secretPath;
        QVERIFY2(production.start(), qPrintable(production.startError()));
        QSet<QString> served;
        for (const RouteInfo &route : production.server().routes())
            served.insert(routeKey(route));
        for (const RouteInfo &route : sandbox) {
            const QString key = routeKey(route);
            if (!isSandboxOnly(route)) {
                QVERIFY2(served.contains(key), qPrintable(key + u" is missing with sandbox off"_s));
                continue;
            }
            QVERIFY2(!served.contains(key), qPrintable(key + u" is served with sandbox off"_s));
            const HttpReply reply =
                production.send(route.methodName().toLatin1(), withArg(route, QStringLiteral("x")), bodyFor(route), {});
            QVERIFY2(reply.status == 404 && reply.code() == u"not_found",
                     qPrintable(u"%1 with sandbox off: %2"_s.arg(key).arg(reply.status)));
        }
    }
};

QTEST_GUILESS_MAIN(TestRouteCoverage)
#include "tst_routecoverage.moc"
