#include "core/common/clock.h"
#include "server/accounts/accountservice.h"
#include "server/accounts/sessionstore.h"
#include "tests/server/testserver.h"

#include <QJsonDocument>
#include <QTest>

using namespace tq;
using namespace tq::server;
using namespace tq::server::test;
using namespace Qt::StringLiterals;

namespace {

const QString WrongPassword = u"Wrong1Horse"_s;
const QString NewPassword = u"Fresh2Pony"_s;

} // namespace

class TestAccounts : public ServerTestCase {
    Q_OBJECT

    HttpReply me(const QString &accessToken) { return m_server->get(u"/api/v1/accounts/me"_s, accessToken); }

    HttpReply refresh(const QString &refreshToken)
    {
        return m_server->post(u"/api/v1/sessions/refresh"_s, {{u"refreshToken"_s, refreshToken}});
    }

    HttpReply smsLogIn(const QString &phone = TestPhone)
    {
        Clock::advanceForTesting(61); // past the resend interval of any earlier code
        const QString code = m_server->codeFor(phone, u"login"_s);
        return m_server->post(u"/api/v1/sessions"_s, {{u"phone"_s, phone}, {u"smsCode"_s, code}});
    }

    HttpReply resetPassword(const QString &newPassword)
    {
        Clock::advanceForTesting(61);
        const QString code = m_server->codeFor(TestPhone, u"reset_password"_s);
        return m_server->post(u"/api/v1/password-resets"_s,
                              {{u"phone"_s, TestPhone}, {u"smsCode"_s, code}, {u"newPassword"_s, newPassword}});
    }

    /// Registers TestPhone and fails the test unless that worked.
    HttpReply registered()
    {
        HttpReply reply = m_server->registerAccount(TestPhone, TestPassword);
        if (reply.status != 201)
            qWarning("registration failed with %d %s", reply.status, reply.body.constData());
        return reply;
    }

    /// Enters the wrong password until the account locks; returns the locking reply.
    HttpReply lockOut()
    {
        HttpReply reply;
        for (int i = 0; i < AccountService::MaxFailedLogins; ++i)
            reply = m_server->logIn(TestPhone, WrongPassword);
        return reply;
    }

    static void verifyLocked(const HttpReply &reply, qint64 retryAfter)
    {
        QCOMPARE(reply.status, 423);
        QCOMPARE(reply.code(), u"account_locked"_s);
        QCOMPARE(reply.details().value(u"retryAfter"_s).toInteger(), retryAfter);
    }

private Q_SLOTS:
    void registrationReturnsAccountAndSession()
    {
        const HttpReply reply = registered();
        QCOMPARE(reply.status, 201);
        const QJsonObject account = reply.json.value(u"account"_s).toObject();
        QVERIFY(!account.value(u"id"_s).toString().isEmpty());
        QCOMPARE(account.value(u"phone"_s).toString(), TestPhone);
        QCOMPARE(account.value(u"identityVerified"_s), QJsonValue(false));
        const QDateTime createdAt = QDateTime::fromString(account.value(u"createdAt"_s).toString(), Qt::ISODate);
        QVERIFY(createdAt.isValid());
        QCOMPARE(createdAt.timeSpec(), Qt::UTC);
        QVERIFY(qAbs(createdAt.secsTo(Clock::now())) < 60);
        QCOMPARE(account.keys().size(), 4);

        const QJsonObject session = reply.json.value(u"session"_s).toObject();
        QCOMPARE(session.value(u"accessExpiresIn"_s).toInt(), 7200);
        QCOMPARE(session.value(u"refreshExpiresIn"_s).toInt(), 2592000);
        QVERIFY(accessTokenOf(reply).size() >= 43); // 32 random bytes, base64url
        QVERIFY(refreshTokenOf(reply).size() >= 43);
        QVERIFY(accessTokenOf(reply) != refreshTokenOf(reply));

        const HttpReply mine = me(accessTokenOf(reply));
        QCOMPARE(mine.status, 200);
        QCOMPARE(mine.json.value(u"account"_s).toObject(), account);
    }

    void badRegistrationsChangeNothing_data()
    {
        QTest::addColumn<QJsonObject>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("rule");
        const auto body = [](const QString &phone, const QJsonValue &code, const QJsonValue &password) {
            QJsonObject o{{u"phone"_s, phone}, {u"smsCode"_s, code}, {u"password"_s, password}};
            for (const QString &key : o.keys()) {
                if (o.value(key).isUndefined() || o.value(key).isNull())
                    o.remove(key);
            }
            return o;
        };
        // "CODE" stands for the code really sent to TestPhone.
        const QString code = u"CODE"_s;
        QTest::newRow("invalid phone") << body(u"2380013800"_s, code, TestPassword) << 400 << u"invalid_phone"_s
                                       << QString();
        QTest::newRow("too short") << body(TestPhone, code, u"Ab1cdef"_s) << 400 << u"invalid_password"_s
                                   << u"too_short"_s;
        QTest::newRow("too long") << body(TestPhone, code, u"Abcdefgh12345678X"_s) << 400 << u"invalid_password"_s
                                  << u"too_long"_s;
        QTest::newRow("space") << body(TestPhone, code, u"Abcdef 123"_s) << 400 << u"invalid_password"_s
                               << u"bad_character"_s;
        QTest::newRow("chinese") << body(TestPhone, code, u"Abcdef123\u5bc6"_s) << 400 << u"invalid_password"_s
                                 << u"bad_character"_s;
        QTest::newRow("no uppercase") << body(TestPhone, code, u"abcdef123"_s) << 400 << u"invalid_password"_s
                                      << u"no_uppercase"_s;
        QTest::newRow("no lowercase") << body(TestPhone, code, u"ABCDEF123"_s) << 400 << u"invalid_password"_s
                                      << u"no_lowercase"_s;
        QTest::newRow("no digit") << body(TestPhone, code, u"Abcdefghi"_s) << 400 << u"invalid_password"_s
                                  << u"no_digit"_s;
        QTest::newRow("code too short") << body(TestPhone, u"12345"_s, TestPassword) << 400 << u"invalid_sms_code"_s
                                        << QString();
        QTest::newRow("wrong code") << body(TestPhone, u"WRONG"_s, TestPassword) << 400 << u"invalid_sms_code"_s
                                    << QString();
        QTest::newRow("missing password")
            << body(TestPhone, code, QJsonValue()) << 400 << u"invalid_request"_s << QString();
        QTest::newRow("code is a number")
            << body(TestPhone, 123456, TestPassword) << 400 << u"invalid_request"_s << QString();
    }

    void badRegistrationsChangeNothing()
    {
        QFETCH(QJsonObject, body);
        QFETCH(int, status);
        QFETCH(QString, code);
        QFETCH(QString, rule);
        const QString sent = m_server->codeFor(TestPhone, u"register"_s);
        QVERIFY(!sent.isEmpty());
        if (body.value(u"smsCode"_s) == u"CODE"_s)
            body.insert(u"smsCode"_s, sent);
        else if (body.value(u"smsCode"_s) == u"WRONG"_s)
            body.insert(u"smsCode"_s, sent == u"000000"_s ? u"111111"_s : u"000000"_s);

        const HttpReply reply = m_server->post(u"/api/v1/accounts"_s, body);
        QCOMPARE(reply.status, status);
        QCOMPARE(reply.code(), code);
        QCOMPARE(reply.details().value(u"rule"_s).toString(), rule);
        QVERIFY(!reply.json.contains(u"session"_s));

        // No account was created and the code is still good.
        QCOMPARE(m_server->logIn(TestPhone, TestPassword).status, 401);
        const HttpReply retry = m_server->post(
            u"/api/v1/accounts"_s, {{u"phone"_s, TestPhone}, {u"smsCode"_s, sent}, {u"password"_s, TestPassword}});
        QCOMPARE(retry.status, 201);
    }

    void registeringTwiceIs409()
    {
        QCOMPARE(registered().status, 201);
        const HttpReply again =
            m_server->post(u"/api/v1/accounts"_s,
                           {{u"phone"_s, TestPhone}, {u"smsCode"_s, u"123456"_s}, {u"password"_s, NewPassword}});
        QCOMPARE(again.status, 409);
        QCOMPARE(again.code(), u"phone_registered"_s);
        QCOMPARE(m_server->logIn(TestPhone, TestPassword).status, 200); // the first password still holds
    }

    void passwordLogIn()
    {
        const HttpReply reg = registered();
        const HttpReply reply = m_server->logIn(TestPhone, TestPassword);
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json.value(u"account"_s), reg.json.value(u"account"_s));
        QVERIFY(accessTokenOf(reply) != accessTokenOf(reg)); // a new session each time
        QCOMPARE(me(accessTokenOf(reply)).status, 200);
        QCOMPARE(me(accessTokenOf(reg)).status, 200);
    }

    void wrongPasswordsCountDown()
    {
        registered();
        for (int left = AccountService::MaxFailedLogins - 1; left > 0; --left) {
            const HttpReply reply = m_server->logIn(TestPhone, WrongPassword);
            QCOMPARE(reply.status, 401);
            QCOMPARE(reply.code(), u"invalid_credentials"_s);
            QCOMPARE(reply.details().value(u"attemptsLeft"_s).toInt(), left);
        }
    }

    void concurrentWrongPasswordsStillLock()
    {
        // Guesses sent at once on separate connections are counted one by one, so parallel
        // requests get no more tries before the lock than sequential ones.
        registered();
        const QByteArray body = QJsonDocument(QJsonObject{{u"phone"_s, TestPhone}, {u"password"_s, WrongPassword}})
                                    .toJson(QJsonDocument::Compact);
        const QList<HttpRequest> guesses(2 * AccountService::MaxFailedLogins,
                                         HttpRequest{"POST", u"/api/v1/sessions"_s, body, {}});
        int wrong = 0;
        int locked = 0;
        for (const HttpReply &reply : m_server->sendConcurrently(guesses)) {
            wrong += reply.code() == u"invalid_credentials"_s;
            locked += reply.code() == u"account_locked"_s;
        }
        QCOMPARE(wrong, AccountService::MaxFailedLogins - 1);
        QCOMPARE(locked, AccountService::MaxFailedLogins + 1);
        QCOMPARE(m_server->logIn(TestPhone, TestPassword).code(), u"account_locked"_s);
    }

    void unknownPhoneIsInvalidCredentialsWithoutDetails()
    {
        const HttpReply reply = m_server->logIn(TestPhone, TestPassword);
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.code(), u"invalid_credentials"_s);
        QVERIFY(!reply.json.contains(u"details"_s));
    }

    void badLogInRequests_data()
    {
        QTest::addColumn<QJsonObject>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("both") << QJsonObject{{u"phone"_s, TestPhone},
                                             {u"password"_s, TestPassword},
                                             {u"smsCode"_s, u"123456"_s}}
                              << 400 << u"invalid_request"_s;
        QTest::newRow("neither") << QJsonObject{{u"phone"_s, TestPhone}} << 400 << u"invalid_request"_s;
        QTest::newRow("no phone") << QJsonObject{{u"password"_s, TestPassword}} << 400 << u"invalid_request"_s;
        QTest::newRow("password not a string")
            << QJsonObject{{u"phone"_s, TestPhone}, {u"password"_s, 12345678}} << 400 << u"invalid_request"_s;
        QTest::newRow("bad phone") << QJsonObject{{u"phone"_s, u"138"_s}, {u"password"_s, TestPassword}} << 400
                                   << u"invalid_phone"_s;
        QTest::newRow("bad phone, sms") << QJsonObject{{u"phone"_s, u"138"_s}, {u"smsCode"_s, u"123456"_s}} << 400
                                        << u"invalid_phone"_s;
        QTest::newRow("malformed code") << QJsonObject{{u"phone"_s, TestPhone}, {u"smsCode"_s, u"12a456"_s}} << 400
                                        << u"invalid_sms_code"_s;
        QTest::newRow("unregistered, sms") << QJsonObject{{u"phone"_s, u"13900139000"_s}, {u"smsCode"_s, u"123456"_s}}
                                           << 404 << u"account_not_found"_s;
    }

    void badLogInRequests()
    {
        QFETCH(QJsonObject, body);
        QFETCH(int, status);
        QFETCH(QString, code);
        QCOMPARE(registered().status, 201);
        const HttpReply reply = m_server->post(u"/api/v1/sessions"_s, body);
        QCOMPARE(reply.status, status);
        QCOMPARE(reply.code(), code);
        // None of them counts as a wrong password.
        for (int i = 0; i < AccountService::MaxFailedLogins - 1; ++i)
            QCOMPARE(m_server->logIn(TestPhone, WrongPassword).status, 401);
        QCOMPARE(m_server->logIn(TestPhone, TestPassword).status, 200);
    }

    void fiveWrongPasswordsLockFifteenMinutes()
    {
        registered();
        waitForFreshSecond();
        const HttpReply locked = lockOut();
        verifyLocked(locked, AccountService::LockDuration);
        QVERIFY(locked.json.value(u"message"_s).toString().contains(u"15 minutes or log in with an SMS code"_s));

        Clock::advanceForTesting(600);
        verifyLocked(m_server->logIn(TestPhone, TestPassword), 300); // even the right password
        QVERIFY(m_server->logIn(TestPhone, TestPassword)
                    .json.value(u"message"_s)
                    .toString()
                    .contains(u"try again in 5 min"_s, Qt::CaseInsensitive));
        Clock::advanceForTesting(299);
        verifyLocked(m_server->logIn(TestPhone, WrongPassword), 1);
        Clock::advanceForTesting(1);
        QCOMPARE(m_server->logIn(TestPhone, TestPassword).status, 200);
    }

    void lockCountsAgainAfterItLifts()
    {
        registered();
        lockOut();
        Clock::advanceForTesting(AccountService::LockDuration);
        const HttpReply wrong = m_server->logIn(TestPhone, WrongPassword);
        QCOMPARE(wrong.status, 401);
        QCOMPARE(wrong.details().value(u"attemptsLeft"_s).toInt(), AccountService::MaxFailedLogins - 1);
    }

    void correctLogInResetsTheCounter()
    {
        registered();
        for (int i = 0; i < AccountService::MaxFailedLogins - 1; ++i)
            m_server->logIn(TestPhone, WrongPassword);
        QCOMPARE(m_server->logIn(TestPhone, TestPassword).status, 200);
        const HttpReply wrong = m_server->logIn(TestPhone, WrongPassword);
        QCOMPARE(wrong.status, 401);
        QCOMPARE(wrong.details().value(u"attemptsLeft"_s).toInt(), AccountService::MaxFailedLogins - 1);
    }

    void smsLogInWorksWhileLockedAndLiftsTheLock()
    {
        const HttpReply reg = registered();
        lockOut();
        const HttpReply reply = smsLogIn();
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json.value(u"account"_s), reg.json.value(u"account"_s));
        QCOMPARE(me(accessTokenOf(reply)).status, 200);
        QCOMPARE(m_server->logIn(TestPhone, TestPassword).status, 200);
    }

    void smsLogInWithAWrongCode()
    {
        registered();
        Clock::advanceForTesting(61);
        const QString code = m_server->codeFor(TestPhone, u"login"_s);
        const HttpReply reply =
            m_server->post(u"/api/v1/sessions"_s,
                           {{u"phone"_s, TestPhone}, {u"smsCode"_s, code == u"000000"_s ? u"111111"_s : u"000000"_s}});
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.code(), u"invalid_sms_code"_s);
    }

    void accessTokenExpiresAfterTwoHours()
    {
        waitForFreshSecond();
        const HttpReply reg = registered();
        Clock::advanceForTesting(SessionStore::AccessLifetime - 1);
        QCOMPARE(me(accessTokenOf(reg)).status, 200);
        Clock::advanceForTesting(1);
        const HttpReply expired = me(accessTokenOf(reg));
        QCOMPARE(expired.status, 401);
        QCOMPARE(expired.code(), u"unauthorized"_s);
        const HttpReply refreshed = refresh(refreshTokenOf(reg));
        QCOMPARE(refreshed.status, 200);
        QCOMPARE(me(accessTokenOf(refreshed)).status, 200);
    }

    void refreshTokenExpiresAfterThirtyDays()
    {
        const HttpReply reg = registered();
        Clock::advanceForTesting(SessionStore::RefreshLifetime);
        QCOMPARE(refresh(refreshTokenOf(reg)).code(), u"unauthorized"_s);
    }

    void refreshRotatesBothTokens()
    {
        const HttpReply reg = registered();
        const HttpReply refreshed = refresh(refreshTokenOf(reg));
        QCOMPARE(refreshed.status, 200);
        QCOMPARE(refreshed.json.keys(), QStringList{u"session"_s});
        const QJsonObject session = refreshed.json.value(u"session"_s).toObject();
        QCOMPARE(session.value(u"accessExpiresIn"_s).toInt(), 7200);
        QCOMPARE(session.value(u"refreshExpiresIn"_s).toInt(), 2592000);
        QVERIFY(accessTokenOf(refreshed) != accessTokenOf(reg));
        QVERIFY(refreshTokenOf(refreshed) != refreshTokenOf(reg));

        QCOMPARE(refresh(refreshTokenOf(reg)).status, 401); // used once, gone
        QCOMPARE(me(accessTokenOf(reg)).status, 401); // its access token died with it
        QCOMPARE(me(accessTokenOf(refreshed)).status, 200);
        QCOMPARE(refresh(refreshTokenOf(refreshed)).status, 200);
    }

    void badRefreshRequests_data()
    {
        QTest::addColumn<QJsonObject>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("unknown token") << QJsonObject{{u"refreshToken"_s, u"bm90LWEtdG9rZW4"_s}} << 401
                                       << u"unauthorized"_s;
        QTest::newRow("empty token") << QJsonObject{{u"refreshToken"_s, QString()}} << 401 << u"unauthorized"_s;
        QTest::newRow("access token") << QJsonObject{{u"refreshToken"_s, u"ACCESS"_s}} << 401 << u"unauthorized"_s;
        QTest::newRow("missing") << QJsonObject{} << 400 << u"invalid_request"_s;
        QTest::newRow("not a string") << QJsonObject{{u"refreshToken"_s, 7}} << 400 << u"invalid_request"_s;
    }

    void badRefreshRequests()
    {
        QFETCH(QJsonObject, body);
        QFETCH(int, status);
        QFETCH(QString, code);
        const HttpReply reg = registered();
        if (body.value(u"refreshToken"_s) == u"ACCESS"_s)
            body.insert(u"refreshToken"_s, accessTokenOf(reg));
        const HttpReply reply = m_server->post(u"/api/v1/sessions/refresh"_s, body);
        QCOMPARE(reply.status, status);
        QCOMPARE(reply.code(), code);
        QCOMPARE(refresh(refreshTokenOf(reg)).status, 200); // the real session is untouched
    }

    void logOutKillsBothTokens()
    {
        const HttpReply reg = registered();
        const HttpReply other = m_server->logIn(TestPhone, TestPassword);
        QCOMPARE(m_server->del(u"/api/v1/sessions/current"_s, accessTokenOf(reg)).status, 204);
        QCOMPARE(me(accessTokenOf(reg)).status, 401);
        QCOMPARE(refresh(refreshTokenOf(reg)).status, 401);
        const HttpReply again = m_server->del(u"/api/v1/sessions/current"_s, accessTokenOf(reg));
        QCOMPARE(again.status, 401);
        QCOMPARE(again.code(), u"unauthorized"_s);
        QCOMPARE(me(accessTokenOf(other)).status, 200); // other sessions live on
    }

    void bearerIsRequired_data()
    {
        QTest::addColumn<QByteArray>("verb");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("authorization");
        const QString meUrl = u"/api/v1/accounts/me"_s;
        const QString current = u"/api/v1/sessions/current"_s;
        for (const auto &[verb, path] :
             {std::pair{QByteArray("GET"), meUrl}, std::pair{QByteArray("DELETE"), current}}) {
            QTest::addRow("%s none", verb.constData()) << verb << path << QByteArray();
            QTest::addRow("%s basic", verb.constData()) << verb << path << QByteArray("Basic dXNlcjpwYXNz");
            QTest::addRow("%s empty bearer", verb.constData()) << verb << path << QByteArray("Bearer ");
            QTest::addRow("%s unknown", verb.constData()) << verb << path << QByteArray("Bearer bm90LWEtdG9rZW4");
            QTest::addRow("%s refresh token", verb.constData()) << verb << path << QByteArray("REFRESH");
        }
    }

    void bearerIsRequired()
    {
        QFETCH(QByteArray, verb);
        QFETCH(QString, path);
        QFETCH(QByteArray, authorization);
        const HttpReply reg = registered();
        if (authorization == "REFRESH")
            authorization = "Bearer " + refreshTokenOf(reg).toLatin1();
        const HttpReply reply = m_server->sendWithAuthorization(verb, path, authorization);
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.code(), u"unauthorized"_s);
        QCOMPARE(me(accessTokenOf(reg)).status, 200);
    }

    void passwordResetEndsEverySessionAndLiftsTheLock()
    {
        const HttpReply reg = registered();
        const HttpReply second = m_server->logIn(TestPhone, TestPassword);
        lockOut();
        QCOMPARE(resetPassword(NewPassword).status, 204);
        for (const HttpReply *session : {&reg, &second}) {
            QCOMPARE(me(accessTokenOf(*session)).status, 401);
            QCOMPARE(refresh(refreshTokenOf(*session)).status, 401);
        }
        QCOMPARE(m_server->logIn(TestPhone, TestPassword).status, 401);
        const HttpReply fresh = m_server->logIn(TestPhone, NewPassword);
        QCOMPARE(fresh.status, 200);
        QCOMPARE(fresh.json.value(u"account"_s), reg.json.value(u"account"_s));
    }

    void badPasswordResetsChangeNothing_data()
    {
        QTest::addColumn<QString>("phone");
        QTest::addColumn<QString>("newPassword");
        QTest::addColumn<bool>("rightCode");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("rule");
        QTest::newRow("too short") << TestPhone << u"Ab1"_s << true << 400 << u"invalid_password"_s << u"too_short"_s;
        QTest::newRow("no digit") << TestPhone << u"Abcdefghij"_s << true << 400 << u"invalid_password"_s
                                  << u"no_digit"_s;
        QTest::newRow("bad phone") << u"1380013800"_s << NewPassword << true << 400 << u"invalid_phone"_s << QString();
        QTest::newRow("wrong code") << TestPhone << NewPassword << false << 400 << u"invalid_sms_code"_s << QString();
        QTest::newRow("unregistered") << u"13900139000"_s << NewPassword << true << 404 << u"account_not_found"_s
                                      << QString();
    }

    void badPasswordResetsChangeNothing()
    {
        QFETCH(QString, phone);
        QFETCH(QString, newPassword);
        QFETCH(bool, rightCode);
        QFETCH(int, status);
        QFETCH(QString, code);
        QFETCH(QString, rule);
        const HttpReply reg = registered();
        Clock::advanceForTesting(61);
        const QString sent = m_server->codeFor(TestPhone, u"reset_password"_s);
        const QString given = rightCode ? sent : (sent == u"000000"_s ? u"111111"_s : u"000000"_s);
        const HttpReply reply =
            m_server->post(u"/api/v1/password-resets"_s,
                           {{u"phone"_s, phone}, {u"smsCode"_s, given}, {u"newPassword"_s, newPassword}});
        QCOMPARE(reply.status, status);
        QCOMPARE(reply.code(), code);
        QCOMPARE(reply.details().value(u"rule"_s).toString(), rule);
        // The old password and session still work, and the code can still be used.
        QCOMPARE(me(accessTokenOf(reg)).status, 200);
        QCOMPARE(m_server->logIn(TestPhone, TestPassword).status, 200);
        QCOMPARE(m_server
                     ->post(u"/api/v1/password-resets"_s,
                            {{u"phone"_s, TestPhone}, {u"smsCode"_s, sent}, {u"newPassword"_s, NewPassword}})
                     .status,
                 204);
    }
};

QTEST_GUILESS_MAIN(TestAccounts)
#include "tst_accounts.moc"
