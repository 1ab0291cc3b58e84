// Operators (issue 14): password + TOTP logins with each code once, the login limit, sessions
// with time-outs, roles, and the audit rows of platform actions, through the operator JSON API.
#include "core/common/clock.h"
#include "server/operators/operatorservice.h"
#include "server/operators/totp.h"
#include "tests/server/testserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace tq;
using namespace tq::server;
using namespace tq::server::test;
using namespace Qt::StringLiterals;

namespace {

const QString PlatformCode = u"C1100005553"_s;

QJsonObject registration()
{
    return {{u"code"_s, PlatformCode}, {u"name"_s, u"示例交易平台"_s}, {u"callbackUrl"_s, u"https://rp.example.cn/cb"_s}};
}

} // namespace

class TestOperators : public ServerTestCase {
    Q_OBJECT

    HttpReply logIn(const TestOperator &op, const QString &password, const QString &code)
    {
        return m_server->post(u"/api/v1/operator/sessions"_s,
                              {{u"name"_s, op.name}, {u"password"_s, password}, {u"totp"_s, code}});
    }

    /// The audit entries as the API lists them, newest first.
    QList<QJsonObject> auditEntries(const QString &token)
    {
        QList<QJsonObject> out;
        for (const QJsonValue &entry : m_server->get(u"/api/v1/operator/audit"_s, token).json.value(u"entries"_s).toArray())
            out.append(entry.toObject());
        return out;
    }

private Q_SLOTS:
    void totpFollowsRfc6238()
    {
        // RFC 6238 Appendix B, SHA-1 rows (8 digits there; a 6-digit code is the last six).
        const QByteArray key = "12345678901234567890";
        QCOMPARE(Totp::code(key, Totp::stepAt(59)), u"287082"_s);
        QCOMPARE(Totp::code(key, Totp::stepAt(1111111109)), u"081804"_s);
        QCOMPARE(Totp::code(key, Totp::stepAt(1234567890)), u"005924"_s);
        QCOMPARE(Totp::code(key, Totp::stepAt(2000000000)), u"279037"_s);
        // RFC 4648 §10 vectors, and back.
        QCOMPARE(Totp::base32("foobar"), u"MZXW6YTBOI"_s);
        QCOMPARE(Totp::fromBase32(u"MZXW6YTBOI======"_s), QByteArray("foobar"));
        QVERIFY(Totp::provisioningUri(u"ops"_s, key).startsWith(u"otpauth://totp/Tongqian:ops?secret="_s));
    }

    void logInWithPasswordAndTotp()
    {
        const TestOperator admin = m_server->addOperator(u"alice"_s, u"admin"_s);
        QVERIFY(!admin.totpKey.isEmpty());
        const HttpReply reply = logIn(admin, admin.password, admin.currentCode());
        QCOMPARE(reply.status, 201);
        QCOMPARE(reply.json.value(u"operator"_s).toObject().value(u"role"_s).toString(), u"admin"_s);
        const QString token = reply.json.value(u"token"_s).toString();
        QCOMPARE(m_server->get(u"/api/v1/operator/platforms"_s, token).status, 200);
        // No password hash or TOTP secret in clear in the database.
        const QByteArray stored = m_server->stopAndDumpDatabase();
        QVERIFY(!stored.contains(Totp::base32(admin.totpKey).toLatin1()));
        QVERIFY(!stored.contains(admin.password.toUtf8()));
    }

    void wrongPasswordOrTotpIsRefused()
    {
        const TestOperator admin = m_server->addOperator(u"alice"_s, u"admin"_s);
        const QString right = admin.currentCode();
        const QString wrong = right == u"000000"_s ? u"111111"_s : u"000000"_s;
        HttpReply reply = logIn(admin, admin.password, wrong);
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.code(), u"invalid_credentials"_s);
        reply = logIn(admin, admin.password + u"x"_s, right);
        QCOMPARE(reply.status, 401);
        // A code of a step outside ±1 is refused too.
        reply = logIn(admin, admin.password, Totp::code(admin.totpKey, Totp::stepAt(Clock::nowSecs()) + 3));
        QCOMPARE(reply.status, 401);
        QCOMPARE(m_server->get(u"/api/v1/operator/platforms"_s, u"not-a-token"_s).status, 401);
    }

    void aTotpCodeWorksOnce()
    {
        const TestOperator admin = m_server->addOperator(u"alice"_s, u"admin"_s);
        const QString code = admin.currentCode();
        QCOMPARE(logIn(admin, admin.password, code).status, 201);
        const HttpReply replayed = logIn(admin, admin.password, code);
        QCOMPARE(replayed.status, 401);
        QCOMPARE(replayed.code(), u"invalid_credentials"_s);
        // An earlier step's code, still inside the window, is refused after a later one was used.
        Clock::advanceForTesting(Totp::StepSecs);
        const qint64 step = Totp::stepAt(Clock::nowSecs());
        QCOMPARE(logIn(admin, admin.password, Totp::code(admin.totpKey, step)).status, 201);
        QCOMPARE(logIn(admin, admin.password, Totp::code(admin.totpKey, step - 1)).status, 401);
        QCOMPARE(m_server->scalar(u"SELECT totp_last_step FROM operators"_s).toLongLong(), step);
    }

    void failedLoginsAreLimitedPerName()
    {
        const TestOperator admin = m_server->addOperator(u"alice"_s, u"admin"_s);
        for (int i = 0; i < OperatorService::MaxFailedLogins; ++i)
            QCOMPARE(logIn(admin, u"wrong password!"_s, admin.currentCode()).status, 401);
        const HttpReply limited = logIn(admin, admin.password, admin.currentCode());
        QCOMPARE(limited.status, 429);
        QCOMPARE(limited.code(), u"operator_login_limited"_s);
        QVERIFY(limited.details().value(u"retryAfter"_s).toInt() > 0);
        // Another operator is not affected; the limit ends with its window.
        const TestOperator bob = m_server->addOperator(u"bob"_s, u"auditor"_s);
        QCOMPARE(logIn(bob, bob.password, bob.currentCode()).status, 201);
        Clock::advanceForTesting(OperatorService::FailureWindowSecs + Totp::StepSecs);
        QCOMPARE(logIn(admin, admin.password, admin.currentCode()).status, 201);
    }

    void concurrentLoginsHoldTheLimits()
    {
        const TestOperator admin = m_server->addOperator(u"alice"_s, u"admin"_s);
        const auto loginRequest = [&](const QString &password, const QString &code) {
            return HttpRequest{"POST", u"/api/v1/operator/sessions"_s,
                               QJsonDocument(QJsonObject{{u"name"_s, admin.name},
                                                         {u"password"_s, password},
                                                         {u"totp"_s, code}})
                                   .toJson(QJsonDocument::Compact),
                               {}};
        };
        // 20 logins with the same valid code at once: exactly one session.
        QList<HttpRequest> same(20, loginRequest(admin.password, admin.currentCode()));
        QList<int> statuses;
        for (const HttpReply &reply : m_server->sendConcurrently(same))
            statuses << reply.status;
        QCOMPARE(statuses.count(201), 1);
        QCOMPARE(statuses.count(401) + statuses.count(429), 19); // replays count as failures too
        QCOMPARE(m_server->scalar(u"SELECT COUNT(*) FROM operator_sessions"_s).toInt(), 1);

        // 20 wrong passwords at once: the limit still counts each of them.
        Clock::advanceForTesting(OperatorService::FailureWindowSecs + 1);
        QList<HttpRequest> guesses(20, loginRequest(u"a wrong guess!"_s, admin.currentCode()));
        statuses.clear();
        for (const HttpReply &reply : m_server->sendConcurrently(guesses))
            statuses << reply.status;
        QCOMPARE(statuses.count(401), OperatorService::MaxFailedLogins);
        QCOMPARE(statuses.count(429), 20 - OperatorService::MaxFailedLogins);
    }

    void sessionsEndIdleAbsoluteAndOnLogout()
    {
        const TestOperator admin = m_server->addOperator(u"alice"_s, u"admin"_s);
        QString token = m_server->operatorToken(admin);
        QVERIFY(!token.isEmpty());
        Clock::advanceForTesting(OperatorService::IdleTimeoutSecs + 1);
        QCOMPARE(m_server->get(u"/api/v1/operator/platforms"_s, token).status, 401);

        token = m_server->operatorToken(admin);
        // Kept alive by use, but never past the absolute time-out.
        for (qint64 t = 0; t < OperatorService::AbsoluteTimeoutSecs; t += OperatorService::IdleTimeoutSecs - 60) {
            QCOMPARE(m_server->get(u"/api/v1/operator/platforms"_s, token).status, 200);
            Clock::advanceForTesting(OperatorService::IdleTimeoutSecs - 60);
        }
        QCOMPARE(m_server->get(u"/api/v1/operator/platforms"_s, token).status, 401);

        Clock::advanceForTesting(Totp::StepSecs);
        token = m_server->operatorToken(admin);
        QCOMPARE(m_server->del(u"/api/v1/operator/sessions"_s, token).status, 204);
        QCOMPARE(m_server->get(u"/api/v1/operator/platforms"_s, token).status, 401);
    }

    void rolesAreEnforced()
    {
        const QString admin = m_server->operatorToken(m_server->addOperator(u"alice"_s, u"admin"_s));
        const QString reviewer = m_server->operatorToken(m_server->addOperator(u"rita"_s, u"reviewer"_s));
        const QString auditor = m_server->operatorToken(m_server->addOperator(u"otto"_s, u"auditor"_s));
        for (const QString &token : {reviewer, auditor}) {
            const HttpReply refused = m_server->postAs(token, u"/api/v1/operator/platforms"_s, registration());
            QCOMPARE(refused.status, 403);
            QCOMPARE(refused.code(), u"operator_forbidden"_s);
            QCOMPARE(m_server->postAs(token, u"/api/v1/operator/operators"_s,
                                      {{u"name"_s, u"mallory"_s}, {u"role"_s, u"admin"_s},
                                       {u"password"_s, u"long enough password"_s}})
                         .status,
                     403);
            QCOMPARE(m_server->get(u"/api/v1/operator/platforms"_s, token).status, 200);
            QCOMPARE(m_server->get(u"/api/v1/operator/operators"_s, token).status, 403);
        }
        QCOMPARE(m_server->get(u"/api/v1/operator/audit"_s, reviewer).status, 403);
        QCOMPARE(m_server->get(u"/api/v1/operator/audit"_s, auditor).status, 200);
        QCOMPARE(m_server->scalar(u"SELECT COUNT(*) FROM platforms"_s).toInt(), 0);
        QCOMPARE(m_server->scalar(u"SELECT COUNT(*) FROM operators"_s).toInt(), 3);

        // An admin adds an operator; the TOTP secret comes back once.
        const HttpReply added = m_server->postAs(admin, u"/api/v1/operator/operators"_s,
                                                 {{u"name"_s, u"rick"_s}, {u"role"_s, u"reviewer"_s},
                                                  {u"password"_s, u"long enough password"_s}});
        QCOMPARE(added.status, 201);
        QVERIFY(added.json.value(u"otpauthUri"_s).toString().startsWith(u"otpauth://totp/"_s));
        QCOMPARE(m_server->get(u"/api/v1/operator/operators"_s, admin).json.value(u"operators"_s).toArray().size(), 4);
    }

    void platformActionsAreAudited()
    {
        const QString admin = m_server->operatorToken(m_server->addOperator(u"alice"_s, u"admin"_s));
        const HttpReply registered = m_server->postAs(admin, u"/api/v1/operator/platforms"_s, registration());
        QCOMPARE(registered.status, 201);
        const QString firstSecret = registered.json.value(u"secret"_s).toString();
        QVERIFY(!firstSecret.isEmpty());

        const HttpReply rotated =
            m_server->postAs(admin, u"/api/v1/operator/platforms/%1/secret"_s.arg(PlatformCode), {});
        QCOMPARE(rotated.status, 200);
        const QString secondSecret = rotated.json.value(u"secret"_s).toString();
        QVERIFY(!secondSecret.isEmpty() && secondSecret != firstSecret);
        // The old secret no longer signs; the new one does.
        const QByteArray body = R"({"action":"login"})";
        const HttpReply old = m_server->sendAsPlatform(PlatformCode, firstSecret.toLatin1(), "POST",
                                                       u"/api/v1/platform/transactions"_s, body);
        QCOMPARE(old.status, 401);
        QCOMPARE(old.details().value(u"reason"_s).toString(), u"bad_signature"_s);
        QVERIFY(m_server->sendAsPlatform(PlatformCode, secondSecret.toLatin1(), "POST",
                                         u"/api/v1/platform/transactions"_s, body)
                    .status != 401);

        const HttpReply moved = m_server->postAs(admin, u"/api/v1/operator/platforms/%1/callback-url"_s.arg(PlatformCode),
                                                 {{u"callbackUrl"_s, u"https://rp.example.cn/new-callback"_s}});
        QCOMPARE(moved.status, 200);
        QCOMPARE(moved.json.value(u"callbackUrl"_s).toString(), u"https://rp.example.cn/new-callback"_s);
        QCOMPARE(m_server->postAs(admin, u"/api/v1/operator/platforms/%1/callback-url"_s.arg(PlatformCode),
                                  {{u"callbackUrl"_s, u"ftp://x/"_s}})
                     .status,
                 400);
        QCOMPARE(m_server->postAs(admin, u"/api/v1/operator/platforms/E3308010416/secret"_s, {}).status, 404);

        const HttpReply auditReply = m_server->get(u"/api/v1/operator/audit"_s, admin);
        QVERIFY(!auditReply.body.contains(firstSecret.toLatin1()));
        QVERIFY(!auditReply.body.contains(secondSecret.toLatin1()));
        QHash<QString, QJsonObject> byAction;
        for (const QJsonObject &entry : auditEntries(admin)) {
            // alice herself was added from the command line ("server").
            const bool added = entry.value(u"action"_s).toString() == u"operator.add";
            QCOMPARE(entry.value(u"actor"_s).toString(), added ? u"server"_s : u"alice"_s);
            byAction.insert(entry.value(u"action"_s).toString(), entry);
        }
        for (const QString &action : {u"platform.register"_s, u"platform.rotate_secret"_s, u"platform.callback_url"_s})
            QCOMPARE(byAction.value(action).value(u"subject"_s).toString(), PlatformCode);
        const QJsonObject change = byAction.value(u"platform.callback_url"_s).value(u"details"_s).toObject();
        QCOMPARE(change.value(u"from"_s).toString(), u"https://rp.example.cn/cb"_s);
        QCOMPARE(change.value(u"to"_s).toString(), u"https://rp.example.cn/new-callback"_s);
        QVERIFY(byAction.contains(u"operator.login"_s));
        // Refused changes leave no row: three platform rows only.
        QCOMPARE(m_server->scalar(u"SELECT COUNT(*) FROM audit_log WHERE action LIKE 'platform.%'"_s).toInt(), 3);
    }
};

QTEST_GUILESS_MAIN(TestOperators)
#include "tst_operators.moc"
