#pragma once

#include "server/db/database.h"
#include "server/server.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QTemporaryDir>

#include <functional>

namespace tq::server::test {

/// What came back from the server over HTTP.
struct HttpReply {
    int status = 0; ///< 0 if there was no HTTP answer
    QByteArray body;
    QByteArray contentType;
    QJsonObject json; ///< body parsed, if it was a JSON object
    QList<std::pair<QByteArray, QByteArray>> headers; ///< as received

    /// The value of header `name` (case-insensitive), empty if absent.
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }

    QString code() const { return json.value(QStringLiteral("code")).toString(); }
    QJsonObject details() const { return json.value(QStringLiteral("details")).toObject(); }
};

/// One request of TestServer::sendConcurrently().
struct HttpRequest {
    QByteArray verb;
    QString path;
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers; ///< e.g. Authorization, platform signature
};

/// A valid mainland number and a password that meets the policy, for tests that need any.
inline const QString TestPhone = QStringLiteral("13800138000");
/// The worked example of GB 11643-1999: a checksum-valid ID number, and a name to go with it.
inline const QString TestIdNumber = QStringLiteral("11010519491231002X");
inline const QString TestName = QStringLiteral("张三丰");
inline const QString TestPassword = QStringLiteral("Correct1Horse");

/// Cheap scrypt cost so tests stay fast (the default cost is checked by its own test).
inline constexpr PasswordHash::Params FastPasswordParams{10, 8, 1};

/// An operator made for a test: its password and TOTP key, to log in with.
struct TestOperator {
    QString name;
    QString password;
    QByteArray totpKey;
    /// The TOTP code of the current step (each step logs in once; advance tq::Clock by
    /// Totp::StepSecs for another login).
    QString currentCode() const;
};

/// A real Server on a loopback port with a fresh SQLite file in a temporary directory,
/// plus an HTTP client for it. Lives on the test thread; requests spin the event loop.
///
/// If the environment variable TONGQIAN_TEST_DATABASE_URL is set (e.g. to a scratch
/// postgresql://… database), that database is used instead and emptied on the first start(),
/// so the same tests check that the schema and queries are portable.
class TestServer {
public:
    explicit TestServer(PasswordHash::Params params = FastPasswordParams);

    /// Starts the server; on failure the message is in startError().
    bool start();
    QString startError() const { return m_startError; }
    Server &server() { return *m_server; }
    ServerConfig &config() { return m_config; }
    /// The first column of the first row of `sql`, read through a separate connection.
    QVariant scalar(const QString &sql);

    HttpReply get(const QString &path, const QString &bearer = {});
    HttpReply del(const QString &path, const QString &bearer = {});
    HttpReply post(const QString &path, const QJsonObject &body);
    HttpReply postRaw(const QString &path, const QByteArray &body);
    HttpReply send(const QByteArray &verb, const QString &path, const QByteArray &body, const QString &bearer);
    /// Sends `authorization` verbatim as the Authorization header (none if empty).
    HttpReply sendWithAuthorization(const QByteArray &verb, const QString &path, const QByteArray &authorization);

    /// POST /api/v1/sms-codes.
    HttpReply requestCode(const QString &phone, const QString &purpose);
    /// Messages in the sandbox outbox for `phone`, newest first.
    QList<QJsonObject> outbox(const QString &phone);
    /// The newest code sent to `phone`, empty if none.
    QString latestCode(const QString &phone);
    /// Requests a code for `purpose` and returns it (empty if the request was refused).
    QString codeFor(const QString &phone, const QString &purpose);
    /// Registers `phone` with `password` through the API; the reply is 201 on success.
    HttpReply registerAccount(const QString &phone, const QString &password);
    /// POST /api/v1/sessions with a password.
    HttpReply logIn(const QString &phone, const QString &password);
    /// POST with a JSON body and a bearer token.
    HttpReply postAs(const QString &bearer, const QString &path, const QJsonObject &body);
    /// Registers `phone` and returns its access token (empty if registration failed).
    QString accessTokenFor(const QString &phone);
    /// POST /api/v1/identity/verifications for the bearer.
    HttpReply verifyIdentity(const QString &bearer, const QString &name, const QString &idNumber);
    /// Registers `phone`, verifies TestName/TestIdNumber for it and returns its access token
    /// (empty if either step failed).
    QString verifiedAccount(const QString &phone = TestPhone);
    /// `body` with the PIN fields of two-party key requests: a fresh challenge of the bearer's
    /// account (POST /api/v1/cosign/pin-challenges) and twoparty::pinProof of `pin` for
    /// `operation` on `keyId` over `requestDigest`, at the cost and salt the challenge names.
    QJsonObject withPinProof(const QString &bearer, QJsonObject body, const SecureBytes &pin, const QString &keyId,
                             QByteArrayView operation, QByteArrayView requestDigest);
    /// POST /api/v1/certificates with the base64 `csr` (DER), caOrg 010001 unless `extra` names
    /// one, and the identity proof of TestName/TestIdNumber unless `extra` has a "proof".
    HttpReply applyCertificate(const QString &bearer, const QByteArray &csr, QJsonObject extra = {});

    /// POST /api/v1/sandbox/platforms; the reply carries the new secret.
    HttpReply registerPlatform(const QJsonObject &registration);
    /// A request with extra raw `headers` (e.g. signature headers made elsewhere).
    HttpReply sendWithHeaders(const QByteArray &verb, const QString &path, const QByteArray &body,
                              const QList<std::pair<QByteArray, QByteArray>> &headers);
    /// Sends every request at once, each on a connection of its own, and returns the replies in
    /// the same order. `whileInFlight`, if given, runs once the first reply has arrived, with
    /// the others possibly still being handled (e.g. to stop the server).
    QList<HttpReply> sendConcurrently(const QList<HttpRequest> &requests,
                                      const std::function<void()> &whileInFlight = {});
    /// The signature headers of platform `code` for one request (a fresh nonce each call).
    QList<std::pair<QByteArray, QByteArray>> platformHeaders(const QString &code, const QByteArray &secret,
                                                             const QByteArray &verb, const QString &path,
                                                             const QByteArray &body) const;
    /// The URL of `path` (with an optional query) on the running server.
    QUrl urlFor(const QString &path) const;
    /// A request signed as platform `code` with `secret` (docs/qr-protocol.md §4), plus `headers`.
    HttpReply sendAsPlatform(const QString &code, const QByteArray &secret, const QByteArray &verb, const QString &path,
                             const QByteArray &body, const QList<std::pair<QByteArray, QByteArray>> &headers = {});
    /// Adds an operator with `role` ("admin", "reviewer", "auditor") straight into the database,
    /// as `tongqian-server operator add` does; the server must have started once.
    TestOperator addOperator(const QString &name, const QString &role);
    /// Logs `op` in to the console with its current TOTP code; the `Cookie` header value of
    /// the session ("tq_console=…"), empty if the login failed.
    QByteArray consoleLogIn(const TestOperator &op);
    /// Adds an admin and logs it in to the console (see consoleLogIn).
    QByteArray consoleAdminCookie();
    /// GET of a console page with the session `cookie` (none if empty).
    HttpReply consoleGet(const QString &path, const QByteArray &cookie);
    /// POST of an HTML form (application/x-www-form-urlencoded) with the session `cookie`. With
    /// `asLoginForm`, the login page is fetched first and its CSRF field and cookie are sent
    /// instead of `cookie`.
    HttpReply consolePost(const QString &path, const QList<std::pair<QString, QString>> &form,
                          const QByteArray &cookie, bool asLoginForm = false);
    /// The CSRF token in a console page's forms, empty if none.
    static QString csrfOf(const HttpReply &page);
    /// POST /api/v1/operator/sessions for `op`; the bearer token, empty if refused.
    QString operatorToken(const TestOperator &op);


    /// Stops the server and returns what its database holds, for checks that secrets are not
    /// stored in clear: every row of every table read through SQL (text as UTF-8, blobs raw), on
    /// any backend, and on SQLite also the bytes of the file and its WAL (so freed pages count).
    QByteArray stopAndDumpDatabase();

private:
    QNetworkRequest requestFor(const QString &path, const QList<std::pair<QByteArray, QByteArray>> &headers) const;
    static HttpReply replyOf(QNetworkReply &reply);
    HttpReply exchange(const QByteArray &verb, const QString &path, const QByteArray &body,
                       const QByteArray &authorization, const QList<std::pair<QByteArray, QByteArray>> &headers = {});


    QTemporaryDir m_dir;
    ServerConfig m_config;
    std::unique_ptr<Server> m_server;
    QNetworkAccessManager m_network;
    QString m_startError;
};

/// The names of the tables of `db`'s schema (SQLite's own tables left out).
Result<QStringList> tableNames(Database &db);
/// Drops every table of `db`'s schema (PostgreSQL; a SQLite test starts on a new file instead),
/// so a scratch database starts empty whatever tables the migrations have added.
Result<void> dropAllTables(Database &db);

/// Base of the HTTP test cases: a fresh started TestServer in m_server before each test
/// function; after it, the server is gone and tq::Clock is back to real time.
class ServerTestCase : public QObject {
    Q_OBJECT
protected:
    std::unique_ptr<TestServer> m_server;
    /// Called before each test function with the configuration of its server, before it starts.
    virtual void prepare(ServerConfig &config) { Q_UNUSED(config); }

private Q_SLOTS:
    void init();
    void cleanup();
};

/// Returns early in a wall-clock second, sleeping into the next one if needed. tq::Clock cannot
/// be frozen, so a test that checks an exact number of seconds (retryAfter, "valid until the
/// last second") calls this first; its few requests then finish before the real clock ticks.
void waitForFreshSecond();

/// A certificate application's `proof` of method "identity" (sandbox liveness: no evidence).
QJsonObject identityProof(const QString &name = TestName, const QString &idNumber = TestIdNumber);

/// The access and refresh tokens of a `{"session": …}` reply.
QString accessTokenOf(const HttpReply &reply);
QString refreshTokenOf(const HttpReply &reply);

} // namespace tq::server::test
