// Each route's JSON body, through the whole server: one real Server (sandbox, SQLite in a
// temporary folder) is started once, with a verified account, a registered platform and a claimed
// scan transaction; every input is then sent over loopback HTTP as the body of one POST route,
// picked by the first byte (see Routes), with the credential that route needs, so the input gets
// past authentication to the body's validation and the service behind it.
//
// Design choice: a real server instead of calling handlers, because the body limits, the JSON
// parsing (JsonBody), each route's validation and the database all run as in production, and new
// routes join by one line in Routes. It is slower per input (one HTTP exchange) than the
// in-process targets. Invariant checked: every request gets an HTTP answer below 500.

#include "fuzzsupport.h"

#include "core/common/encoding.h"
#include "core/crypto/digest.h"
#include "core/crypto/twoparty.h"
#include "core/protocol/qrpayload.h"
#include "core/protocol/routes.h"
#include "tests/server/testserver.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QStandardPaths>

#include <cstdio>
#include <memory>

namespace {

using namespace tq;
using namespace tq::server::test;

enum class Credential { None, Account, Platform };

struct Route {
    QLatin1String path; ///< routes.h; <arg> is replaced by the fixture's id for it
    Credential credential;
};

// The index of a route is the first byte of the input modulo the size; keep the order when adding
// (the seeds in the corpus start with these indices).
const Route Routes[] = {
    {routes::SmsCodes, Credential::None},
    {routes::Accounts, Credential::None},
    {routes::Sessions, Credential::None},
    {routes::SessionRefresh, Credential::None},
    {routes::PasswordResets, Credential::None},
    {routes::IdentityVerifications, Credential::Account},
    {routes::Certificates, Credential::Account},
    {routes::CertificateRevocation, Credential::Account},
    {routes::CosignKeys, Credential::Account},
    {routes::CosignSign, Credential::Account},
    {routes::CosignDecrypt, Credential::Account},
    {routes::CosignPin, Credential::Account},
    {routes::CosignUnlock, Credential::Account},
    {routes::ScanClaims, Credential::Account},
    {routes::ScanResult, Credential::Account},
    {routes::ScanRejection, Credential::Account},
    {routes::PlatformTransactions, Credential::Platform},
    {routes::PlatformAccessTokens, Credential::Platform},
    {routes::SandboxPlatforms, Credential::None},
    {routes::CertificateChallenges, Credential::Account},
};

const QString PlatformCode = QStringLiteral("C1100005553");

class Fixture {
public:
    bool start()
    {
        m_server.config().databaseUrl =
            QStringLiteral("sqlite:") + QFileInfo(m_server.config().masterKeyPath).dir().filePath(QStringLiteral("fuzz.sqlite"));
        if (!m_server.start()) {
            std::fprintf(stderr, "server: %s\n", qPrintable(m_server.startError()));
            return false;
        }
        m_token = m_server.verifiedAccount();
        const HttpReply platform = m_server.registerPlatform(
            {{QStringLiteral("code"), PlatformCode},
             {QStringLiteral("name"), QStringLiteral("Fuzz platform")},
             {QStringLiteral("callbackUrl"), QStringLiteral("http://127.0.0.1:9/callback")},
             {QStringLiteral("allowedOrigins"), QJsonArray{QStringLiteral("https://docs.example.cn")}}});
        m_secret = platform.json.value(QStringLiteral("secret")).toString().toLatin1();
        if (m_token.isEmpty() || m_secret.isEmpty()) {
            std::fprintf(stderr, "fixture: account or platform registration failed (%d)\n", platform.status);
            return false;
        }
        return createKey() && claimTransaction();
    }

    /// A two-party key of the account (PIN from fuzzsupport.h) for the cosign routes.
    bool createKey()
    {
        const QByteArray session("fuzz-keygen-session");
        const auto device = twoparty::generateShare(fuzz::sm2(), twoparty::Party::Device, session);
        if (!device)
            return false;
        const HttpReply created = m_server.postAs(
            m_token, routes::serverRoute(routes::CosignKeys),
            {{QStringLiteral("sessionId"), toBase64Text(session)},
             {QStringLiteral("publicShare"), toBase64Text(device.value().message.publicShare)},
             {QStringLiteral("commitment"), toBase64Text(device.value().message.proof.commitment)},
             {QStringLiteral("response"), toBase64Text(device.value().message.proof.response)},
             {QStringLiteral("pinSalt"), toBase64Text(fuzz::pinSalt())},
             {QStringLiteral("pinVerifier"), toBase64Text(fuzz::pinVerifier())}});
        m_keyId = created.json.value(QStringLiteral("keyId")).toString();
        if (m_keyId.isEmpty())
            std::fprintf(stderr, "fixture: two-party key not created (%d %s)\n", created.status, created.body.constData());
        return !m_keyId.isEmpty();
    }

    /// A fresh claimed transaction for the result and rejection routes, before the last one expires.
    bool claimTransaction()
    {
        const QJsonObject content{
            {QStringLiteral("action"), QStringLiteral("sign")},
            {QStringLiteral("hashes"), QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("h1")},
                                                              {QStringLiteral("algorithm"), QStringLiteral("sm3")},
                                                              {QStringLiteral("value"), toBase64Text(sm3("fuzz"))}}}}};
        const HttpReply created = m_server.sendAsPlatform(PlatformCode, m_secret, "POST",
                                                          routes::serverRoute(routes::PlatformTransactions),
                                                          QJsonDocument(content).toJson(QJsonDocument::Compact));
        const auto payload = QrPayload::parse(created.json.value(QStringLiteral("qrContent")).toString());
        if (!payload) {
            std::fprintf(stderr, "fixture: transaction not created (%d %s)\n", created.status, created.body.constData());
            return false;
        }
        const HttpReply claimed = m_server.postAs(m_token, routes::serverRoute(routes::ScanClaims),
                                                  {{QStringLiteral("ticket"), payload.value().ticket}});
        m_transactionId = created.json.value(QStringLiteral("tId")).toString();
        m_claimedAt.start();
        m_transactionClosed = false;
        return claimed.status == 200;
    }

    HttpReply send(const Route &route, const QByteArray &body)
    {
        // A result or rejection closes the transaction; the next input gets an open one.
        if (m_transactionClosed || m_claimedAt.elapsed() > 60 * 1000)
            claimTransaction();
        QString path = routes::serverRoute(route.path);
        path.replace(QStringLiteral("<arg>"), argumentFor(route.path));
        HttpReply reply;
        switch (route.credential) {
        case Credential::None:
            reply = m_server.send("POST", path, body, {});
            break;
        case Credential::Account:
            reply = m_server.send("POST", path, body, m_token);
            break;
        case Credential::Platform:
            reply = m_server.sendAsPlatform(PlatformCode, m_secret, "POST", path, body);
            break;
        }
        if (route.path.startsWith(QLatin1String("/scan/transactions/")))
            m_transactionClosed = reply.status < 300 || reply.code() == u"transaction_closed";
        return reply;
    }

private:
    QString argumentFor(QLatin1String route) const
    {
        if (route.startsWith(QLatin1String("/scan/")))
            return m_transactionId;
        if (route.startsWith(QLatin1String("/cosign/")))
            return m_keyId;
        return QStringLiteral("0123456789ABCDEF");
    }

    TestServer m_server;
    QString m_token;
    QByteArray m_secret;
    QString m_keyId;
    QString m_transactionId;
    QElapsedTimer m_claimedAt;
    bool m_transactionClosed = false;
};

Fixture *fixture = nullptr;

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    QStandardPaths::setTestModeEnabled(true);
    // The request log would print a line per input; warnings still show.
    QLoggingCategory::setFilterRules(QStringLiteral("tongqian.*.info=false\ntongqian.*.debug=false"));
    static QCoreApplication app(*argc, *argv);
    fixture = new Fixture; // lives until exit: the server keeps running between inputs
    if (!fixture->start())
        tq::fuzz::fail("the fixture did not start");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    const Route &route = Routes[data[0] % std::size(Routes)];
    const HttpReply reply = fixture->send(route, tq::fuzz::bytes(data + 1, size - 1).toByteArray());
    static const bool verbose = qEnvironmentVariableIsSet("TONGQIAN_FUZZ_VERBOSE");
    if (verbose)
        std::fprintf(stderr, "POST %s -> %d %s\n", route.path.data(), reply.status, qPrintable(reply.code()));
    if (reply.status == 0 || reply.status >= 500) {
        std::fprintf(stderr, "POST %s answered %d: %s\n", route.path.data(), reply.status, reply.body.constData());
        tq::fuzz::fail("a route answered 5xx or not at all");
    }
    return 0;
}
