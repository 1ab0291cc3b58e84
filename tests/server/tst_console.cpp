// The operator console (issue 14): login required, a strict session cookie, CSRF tokens on every
// state-changing form, roles, the SANDBOX banner, audited platform actions and the audit page.
#include "core/common/clock.h"
#include "server/operators/totp.h"
#include "tests/server/testserver.h"

#include <QTest>

using namespace tq;
using namespace tq::server;
using namespace tq::server::test;
using namespace Qt::StringLiterals;

namespace {
const QString PlatformCode = u"C1100005553"_s;

QList<std::pair<QString, QString>> platformForm(const QString &csrf)
{
    return {{u"csrf"_s, csrf},
            {u"code"_s, PlatformCode},
            {u"name"_s, u"<b>平台</b>"_s},
            {u"callbackUrl"_s, u"https://rp.example.cn/cb"_s},
            {u"allowedOrigins"_s, u"https://rp.example.cn"_s}};
}
} // namespace

class TestConsole : public ServerTestCase {
    Q_OBJECT

    static void verifyHardened(const HttpReply &page)
    {
        QVERIFY(page.contentType.startsWith("text/html"));
        const QByteArray csp = page.header("Content-Security-Policy");
        QVERIFY2(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'") &&
                     csp.contains("form-action 'self'") && !csp.contains("script-src"),
                 csp.constData());
        QCOMPARE(page.header("X-Frame-Options"), QByteArray("DENY"));
        QCOMPARE(page.header("Cache-Control"), QByteArray("no-store"));
    }

private Q_SLOTS:
    void everyPageNeedsALogin()
    {
        QCOMPARE(m_server->requestCode(TestPhone, u"register"_s).status, 202);
        const QString code = m_server->latestCode(TestPhone);
        for (const QString &path : {u"/console"_s, u"/console/platforms"_s, u"/console/audit"_s,
                                    u"/console/operators"_s}) {
            const HttpReply page = m_server->consoleGet(path, {});
            QCOMPARE(page.status, 200);
            verifyHardened(page);
            QVERIFY(page.body.contains("action=\"/console/login\""));
            QVERIFY2(!page.body.contains(code.toLatin1()), "the outbox is shown without a login");
            QVERIFY(!page.body.contains(TestPhone.toLatin1()));
        }
        QCOMPARE(m_server->consoleGet(u"/console"_s, "tq_console=forged").body.contains("action=\"/console/login\""),
                 true);
        const HttpReply post = m_server->consolePost(u"/console/platforms"_s, platformForm(u"x"_s), {});
        QCOMPARE(post.status, 401);
        QCOMPARE(m_server->scalar(u"SELECT COUNT(*) FROM platforms"_s).toInt(), 0);
    }

    /// Someone trying the app against a sandbox server reads the SMS codes on a page of their
    /// own, without an operator account (what GET /api/v1/sandbox/sms-outbox serves anyway).
    void sandboxOutboxPageNeedsNoLogin()
    {
        QCOMPARE(m_server->requestCode(TestPhone, u"register"_s).status, 202);
        const QString code = m_server->latestCode(TestPhone);
        QVERIFY(!code.isEmpty());
        const HttpReply page = m_server->consoleGet(u"/sandbox/outbox"_s, {});
        QCOMPARE(page.status, 200);
        verifyHardened(page);
        QVERIFY(page.body.contains("SANDBOX"));
        QVERIFY(page.body.contains(code.toLatin1()));
        QVERIFY(page.body.contains(TestPhone.toLatin1()));
        QVERIFY(!page.body.contains("action=")); // nothing to submit on it
    }

    void loginSetsAStrictCookieAndShowsTheSandbox()
    {
        const TestOperator admin = m_server->addOperator(u"alice"_s, u"admin"_s);
        const HttpReply wrong = m_server->consolePost(
            u"/console/login"_s, {{u"name"_s, admin.name}, {u"password"_s, u"nope nope nope"_s}, {u"totp"_s, u"123456"_s}},
            {}, true);
        QCOMPARE(wrong.status, 401);
        QVERIFY(!wrong.header("Set-Cookie").contains("tq_console="));
        // The login form is a form too: without its CSRF token (field and cookie) it is refused.
        const QList<std::pair<QString, QString>> credentials{
            {u"name"_s, admin.name}, {u"password"_s, admin.password}, {u"totp"_s, admin.currentCode()}};
        const HttpReply forged = m_server->consolePost(u"/console/login"_s, credentials, {});
        QCOMPARE(forged.status, 403);
        QVERIFY(!forged.header("Set-Cookie").contains("tq_console="));
        const HttpReply login = m_server->consolePost(u"/console/login"_s, credentials, {}, true);
        QCOMPARE(login.status, 303);
        QCOMPARE(login.header("Location"), QByteArray("/console"));
        const QByteArray cookie = login.header("Set-Cookie");
        QVERIFY2(cookie.startsWith("tq_console=") && cookie.contains("; HttpOnly") &&
                     cookie.contains("; SameSite=Strict") && cookie.contains("; Path=/console") &&
                     !cookie.contains("Secure"), // plain-HTTP loopback test server
                 cookie.constData());
        const HttpReply home = m_server->consoleGet(u"/console"_s, cookie.left(cookie.indexOf(';')));
        QCOMPARE(home.status, 200);
        verifyHardened(home);
        QVERIFY(home.body.contains("class=\"sandbox\">SANDBOX"));
        QVERIFY(home.body.contains("SMS outbox"));
        QVERIFY(m_server->consoleGet(u"/console"_s, {}).body.contains("class=\"sandbox\">SANDBOX"));
    }

    void formsWithoutTheirCsrfTokenAre403()
    {
        const QByteArray cookie = m_server->consoleAdminCookie();
        const HttpReply page = m_server->consoleGet(u"/console/platforms"_s, cookie);
        const QString csrf = TestServer::csrfOf(page);
        QVERIFY(!csrf.isEmpty());
        auto form = platformForm({});
        form.removeFirst();
        QCOMPARE(m_server->consolePost(u"/console/platforms"_s, form, cookie).status, 403);
        QCOMPARE(m_server->consolePost(u"/console/platforms"_s, platformForm(csrf + u"0"_s), cookie).status, 403);
        // Another session's token does not fit this one.
        const QByteArray other =
            m_server->consoleLogIn(m_server->addOperator(u"bob"_s, u"admin"_s));
        const QString otherCsrf = TestServer::csrfOf(m_server->consoleGet(u"/console/platforms"_s, other));
        QVERIFY(!otherCsrf.isEmpty() && otherCsrf != csrf);
        QCOMPARE(m_server->consolePost(u"/console/platforms"_s, platformForm(otherCsrf), cookie).status, 403);
        QCOMPARE(m_server->consolePost(u"/console/logout"_s, {}, cookie).status, 403);
        QCOMPARE(m_server->scalar(u"SELECT COUNT(*) FROM platforms"_s).toInt(), 0);

        const HttpReply done = m_server->consolePost(u"/console/platforms"_s, platformForm(csrf), cookie);
        QCOMPARE(done.status, 200);
        QVERIFY(done.body.contains("shown only now"));
        QVERIFY(done.body.contains("&lt;b&gt;平台&lt;/b&gt;") || done.body.contains("&lt;b&gt;\xe5\xb9\xb3\xe5\x8f\xb0"));
        QVERIFY(!done.body.contains("<b>"));
        QCOMPARE(m_server->scalar(u"SELECT COUNT(*) FROM platforms"_s).toInt(), 1);
    }

    void platformActionsAreAuditedAndListed()
    {
        const QByteArray cookie = m_server->consoleAdminCookie();
        const QString csrf = TestServer::csrfOf(m_server->consoleGet(u"/console/platforms"_s, cookie));
        QCOMPARE(m_server->consolePost(u"/console/platforms"_s, platformForm(csrf), cookie).status, 200);
        const HttpReply rotated = m_server->consolePost(u"/console/platforms/rotate"_s,
                                                        {{u"csrf"_s, csrf}, {u"code"_s, PlatformCode}}, cookie);
        QCOMPARE(rotated.status, 200);
        QVERIFY(rotated.body.contains("New secret of platform"));
        const HttpReply moved = m_server->consolePost(
            u"/console/platforms/callback"_s,
            {{u"csrf"_s, csrf}, {u"code"_s, PlatformCode}, {u"callbackUrl"_s, u"https://rp.example.cn/v2/cb"_s}},
            cookie);
        QCOMPARE(moved.status, 200);
        QCOMPARE(m_server->scalar(u"SELECT callback_url FROM platforms"_s).toString(), u"https://rp.example.cn/v2/cb"_s);

        const HttpReply audit = m_server->consoleGet(u"/console/audit"_s, cookie);
        QCOMPARE(audit.status, 200);
        for (const char *action : {"platform.register", "platform.rotate_secret", "platform.callback_url",
                                   "operator.login"})
            QVERIFY2(audit.body.contains(action), action);
        QVERIFY(audit.body.contains("https://rp.example.cn/v2/cb"));
        QCOMPARE(m_server->scalar(u"SELECT COUNT(*) FROM audit_log WHERE action LIKE 'platform.%' AND actor = "
                                  u"'test-admin'"_s)
                     .toInt(),
                 3);
    }

    void rolesDecideWhatThePagesAllow()
    {
        const QByteArray auditor = m_server->consoleLogIn(m_server->addOperator(u"otto"_s, u"auditor"_s));
        const QByteArray reviewer = m_server->consoleLogIn(m_server->addOperator(u"rita"_s, u"reviewer"_s));
        QVERIFY(!auditor.isEmpty() && !reviewer.isEmpty());
        QCOMPARE(m_server->consoleGet(u"/console/operators"_s, auditor).status, 403);
        QCOMPARE(m_server->consoleGet(u"/console/audit"_s, auditor).status, 200);
        QCOMPARE(m_server->consoleGet(u"/console/audit"_s, reviewer).status, 403);
        const HttpReply platforms = m_server->consoleGet(u"/console/platforms"_s, reviewer);
        QCOMPARE(platforms.status, 200);
        QVERIFY(!platforms.body.contains("Register a platform"));
        const QString csrf = TestServer::csrfOf(platforms); // the logout form's
        QCOMPARE(m_server->consolePost(u"/console/platforms"_s, platformForm(csrf), reviewer).status, 403);
        QCOMPARE(m_server->consolePost(u"/console/operators"_s,
                                       {{u"csrf"_s, csrf}, {u"name"_s, u"mallory"_s}, {u"role"_s, u"admin"_s},
                                        {u"password"_s, u"long enough password"_s}},
                                       reviewer)
                     .status,
                 403);
        QCOMPARE(m_server->scalar(u"SELECT COUNT(*) FROM platforms"_s).toInt(), 0);
        QCOMPARE(m_server->scalar(u"SELECT COUNT(*) FROM operators"_s).toInt(), 2);
    }

    void adminsAddOperatorsAndLogOut()
    {
        const QByteArray cookie = m_server->consoleAdminCookie();
        const HttpReply page = m_server->consoleGet(u"/console/operators"_s, cookie);
        QCOMPARE(page.status, 200);
        const QString csrf = TestServer::csrfOf(page);
        const HttpReply added = m_server->consolePost(u"/console/operators"_s,
                                                      {{u"csrf"_s, csrf}, {u"name"_s, u"rita"_s},
                                                       {u"role"_s, u"reviewer"_s},
                                                       {u"password"_s, u"long enough password"_s}},
                                                      cookie);
        QCOMPARE(added.status, 200);
        QVERIFY(added.body.contains("otpauth://totp/Tongqian:rita"));
        QCOMPARE(m_server->consolePost(u"/console/logout"_s, {{u"csrf"_s, csrf}}, cookie).status, 303);
        QVERIFY(m_server->consoleGet(u"/console/operators"_s, cookie).body.contains("action=\"/console/login\""));
    }
};

QTEST_GUILESS_MAIN(TestConsole)
#include "tst_console.moc"
