#include "core/common/apierrors.h"
#include "core/common/clock.h"
#include "core/crypto/passwordhash.h"
#include "server/db/database.h"
#include "server/keys/masterkey.h"
#include "server/sms/smscodes.h"
#include "tests/server/testserver.h"

#include <QTest>

using namespace tq;
using namespace tq::server;
using namespace tq::server::test;
using namespace Qt::StringLiterals;

namespace {

/// Seconds from `now` to the next midnight in Asia/Shanghai (UTC+8).
qint64 secondsToShanghaiMidnight(qint64 now)
{
    const qint64 local = now + 8 * 3600;
    return 86400 - local % 86400;
}

} // namespace

class TestSmsCodes : public ServerTestCase {
    Q_OBJECT

    HttpReply smsLogIn(const QString &code)
    {
        return m_server->post(u"/api/v1/sessions"_s, {{u"phone"_s, TestPhone}, {u"smsCode"_s, code}});
    }

    HttpReply registerWith(const QString &code)
    {
        return m_server->post(u"/api/v1/accounts"_s,
                              {{u"phone"_s, TestPhone}, {u"smsCode"_s, code}, {u"password"_s, TestPassword}});
    }

    /// A code of the same length that is certainly not `code`.
    static QString otherCode(const QString &code)
    {
        QString wrong = code;
        wrong[0] = code.at(0) == u'0' ? u'1' : u'0';
        return wrong;
    }

private Q_SLOTS:
    void sendingWritesSixDigitsToTheOutbox()
    {
        const HttpReply reply = m_server->requestCode(TestPhone, u"register"_s);
        QCOMPARE(reply.status, 202);
        QCOMPARE(reply.json, (QJsonObject{{u"expiresIn"_s, 300}, {u"resendAfter"_s, 60}}));
        const QList<QJsonObject> outbox = m_server->outbox(TestPhone);
        QCOMPARE(outbox.size(), 1);
        QCOMPARE(outbox.first().value(u"purpose"_s).toString(), u"register"_s);
        QVERIFY(QRegularExpression(u"^\\d{6}$"_s).match(outbox.first().value(u"code"_s).toString()).hasMatch());
    }

    // Issue 14: the stored hash was an unkeyed SHA-256 of phone, purpose and code, so reading the
    // database gave a live code after at most a million hashes. It is keyed with the master key.
    void storedCodeHashIsKeyed()
    {
        const QString code = m_server->codeFor(TestPhone, u"register"_s);
        QCOMPARE(code.size(), 6);
        const QByteArray stored = m_server->scalar(u"SELECT code_hash FROM sms_codes"_s).toString().toLatin1();
        QCOMPARE(stored.size(), 64); // hex of 32 bytes
        const QByteArray unkeyed = sha256((TestPhone + u"|register|"_s + code).toUtf8()).toHex();
        QVERIFY(stored != unkeyed);
        QVERIFY(stored != sha256(code.toUtf8()).toHex());
        // And the code still works.
        QCOMPARE(m_server->post(u"/api/v1/accounts"_s,
                                {{u"phone"_s, TestPhone}, {u"smsCode"_s, code}, {u"password"_s, TestPassword}})
                     .status,
                 201);
    }

    void badSendRequestsChangeNothing_data()
    {
        QTest::addColumn<QString>("phone");
        QTest::addColumn<QString>("purpose");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("10 digits") << u"1380013800"_s << u"register"_s << 400 << u"invalid_phone"_s;
        QTest::newRow("12 digits") << u"138001380001"_s << u"register"_s << 400 << u"invalid_phone"_s;
        QTest::newRow("starts with 12") << u"12800138000"_s << u"register"_s << 400 << u"invalid_phone"_s;
        QTest::newRow("with +86") << u"+8613800138000"_s << u"register"_s << 400 << u"invalid_phone"_s;
        QTest::newRow("letters") << u"1380013800a"_s << u"register"_s << 400 << u"invalid_phone"_s;
        QTest::newRow("empty phone") << QString() << u"register"_s << 400 << u"invalid_phone"_s;
        QTest::newRow("unknown purpose") << TestPhone << u"signup"_s << 400 << u"invalid_purpose"_s;
        QTest::newRow("purpose case") << TestPhone << u"Register"_s << 400 << u"invalid_purpose"_s;
        QTest::newRow("empty purpose") << TestPhone << QString() << 400 << u"invalid_purpose"_s;
        QTest::newRow("login unregistered") << TestPhone << u"login"_s << 404 << u"account_not_found"_s;
        QTest::newRow("reset unregistered") << TestPhone << u"reset_password"_s << 404 << u"account_not_found"_s;
    }

    void badSendRequestsChangeNothing()
    {
        QFETCH(QString, phone);
        QFETCH(QString, purpose);
        QFETCH(int, status);
        QFETCH(QString, code);
        const HttpReply reply = m_server->requestCode(phone, purpose);
        QCOMPARE(reply.status, status);
        QCOMPARE(reply.code(), code);
        QVERIFY(m_server->outbox(phone).isEmpty());
        // A refused request does not count against the resend interval.
        QCOMPARE(m_server->requestCode(TestPhone, u"register"_s).status, 202);
    }

    void registerCodeForARegisteredPhoneIs409()
    {
        QCOMPARE(m_server->registerAccount(TestPhone, TestPassword).status, 201);
        Clock::advanceForTesting(61);
        const HttpReply reply = m_server->requestCode(TestPhone, u"register"_s);
        QCOMPARE(reply.status, 409);
        QCOMPARE(reply.code(), u"phone_registered"_s);
        QCOMPARE(m_server->outbox(TestPhone).size(), 1);
        QCOMPARE(m_server->requestCode(TestPhone, u"login"_s).status, 202);
        Clock::advanceForTesting(61);
        QCOMPARE(m_server->requestCode(TestPhone, u"reset_password"_s).status, 202);
    }

    void resendWaitsSixtySeconds()
    {
        waitForFreshSecond();
        QCOMPARE(m_server->requestCode(TestPhone, u"register"_s).status, 202);
        Clock::advanceForTesting(20);
        HttpReply reply = m_server->requestCode(TestPhone, u"register"_s);
        QCOMPARE(reply.status, 429);
        QCOMPARE(reply.code(), u"sms_too_soon"_s);
        QCOMPARE(reply.details().value(u"retryAfter"_s).toInt(), 40);
        // The limit is per number, whatever the purpose; other numbers are not affected.
        QCOMPARE(m_server->requestCode(TestPhone, u"login"_s).status, 404);
        QCOMPARE(m_server->requestCode(u"13900139000"_s, u"register"_s).status, 202);
        Clock::advanceForTesting(39);
        QCOMPARE(m_server->requestCode(TestPhone, u"register"_s).details().value(u"retryAfter"_s).toInt(), 1);
        QCOMPARE(m_server->outbox(TestPhone).size(), 1);
        Clock::advanceForTesting(1);
        QCOMPARE(m_server->requestCode(TestPhone, u"register"_s).status, 202);
        QCOMPARE(m_server->outbox(TestPhone).size(), 2);
    }

    void tenSendsPerShanghaiDay()
    {
        // Start just after a Shanghai midnight so all sends fall on one calendar day.
        Clock::advanceForTesting(secondsToShanghaiMidnight(Clock::nowSecs()) + 1);
        for (int i = 0; i < SmsCodeService::DailyLimit; ++i) {
            QCOMPARE(m_server->requestCode(TestPhone, u"register"_s).status, 202);
            Clock::advanceForTesting(SmsCodeService::ResendInterval);
        }
        waitForFreshSecond();
        const HttpReply reply = m_server->requestCode(TestPhone, u"register"_s);
        QCOMPARE(reply.status, 429);
        QCOMPARE(reply.code(), u"sms_daily_limit"_s);
        const qint64 untilMidnight = secondsToShanghaiMidnight(Clock::nowSecs());
        QCOMPARE(reply.details().value(u"retryAfter"_s).toInteger(), untilMidnight);
        QCOMPARE(m_server->outbox(TestPhone).size(), SmsCodeService::DailyLimit);

        Clock::advanceForTesting(untilMidnight - 1);
        QCOMPARE(m_server->requestCode(TestPhone, u"register"_s).code(), u"sms_daily_limit"_s);
        Clock::advanceForTesting(1); // a new day in Shanghai
        QCOMPARE(m_server->requestCode(TestPhone, u"register"_s).status, 202);
    }

    void earlierDaysAreForgotten()
    {
        QCOMPARE(m_server->requestCode(TestPhone, u"register"_s).status, 202);
        QCOMPARE(m_server->requestCode(u"13900139000"_s, u"register"_s).status, 202);
        Clock::advanceForTesting(2 * 86400);
        QCOMPARE(m_server->requestCode(TestPhone, u"register"_s).status, 202);
        QCOMPARE(m_server->scalar(u"SELECT COUNT(*) FROM sms_codes WHERE phone = '13800138000'"_s).toInt(), 1);
        QCOMPARE(m_server->scalar(u"SELECT COUNT(*) FROM sms_codes"_s).toInt(), 2); // other numbers untouched
    }

    void codeExpiresAfterFiveMinutes()
    {
        const QString first = m_server->codeFor(TestPhone, u"register"_s);
        Clock::advanceForTesting(SmsCodeService::CodeLifetime);
        const HttpReply expired = registerWith(first);
        QCOMPARE(expired.status, 400);
        QCOMPARE(expired.code(), u"invalid_sms_code"_s);

        waitForFreshSecond();
        const QString second = m_server->codeFor(TestPhone, u"register"_s);
        Clock::advanceForTesting(SmsCodeService::CodeLifetime - 1);
        QCOMPARE(registerWith(second).status, 201);
    }

    void codeIsSingleUse()
    {
        QCOMPARE(m_server->registerAccount(TestPhone, TestPassword).status, 201);
        Clock::advanceForTesting(61);
        const QString code = m_server->codeFor(TestPhone, u"login"_s);
        QCOMPARE(smsLogIn(code).status, 200);
        const HttpReply again = smsLogIn(code);
        QCOMPARE(again.status, 400);
        QCOMPARE(again.code(), u"invalid_sms_code"_s);
    }

    void newCodeReplacesTheOldOne()
    {
        const QString first = m_server->codeFor(TestPhone, u"register"_s);
        Clock::advanceForTesting(61);
        QString second = m_server->codeFor(TestPhone, u"register"_s);
        while (second == first) { // one chance in a million: ask again until they differ
            Clock::advanceForTesting(61);
            second = m_server->codeFor(TestPhone, u"register"_s);
        }
        QCOMPARE(registerWith(first).code(), u"invalid_sms_code"_s);
        QCOMPARE(registerWith(second).status, 201);
    }

    void codeOnlyServesItsPurpose()
    {
        QCOMPARE(m_server->registerAccount(TestPhone, TestPassword).status, 201);
        Clock::advanceForTesting(61);
        const QString resetCode = m_server->codeFor(TestPhone, u"reset_password"_s);
        QCOMPARE(smsLogIn(resetCode).code(), u"invalid_sms_code"_s);
        QCOMPARE(m_server
                     ->post(u"/api/v1/password-resets"_s,
                            {{u"phone"_s, TestPhone}, {u"smsCode"_s, resetCode}, {u"newPassword"_s, u"Another2Pass"_s}})
                     .status,
                 204);
    }

    void fiveWrongTriesKillTheCode()
    {
        QCOMPARE(m_server->registerAccount(TestPhone, TestPassword).status, 201);
        Clock::advanceForTesting(61);
        const QString code = m_server->codeFor(TestPhone, u"login"_s);
        for (int i = 0; i < SmsCodeService::MaxFailedAttempts; ++i) {
            const HttpReply wrong = smsLogIn(otherCode(code));
            QCOMPARE(wrong.status, 400);
            QCOMPARE(wrong.code(), u"invalid_sms_code"_s);
        }
        QCOMPARE(smsLogIn(code).code(), u"invalid_sms_code"_s); // dead even though right
        Clock::advanceForTesting(61);
        QCOMPARE(smsLogIn(m_server->codeFor(TestPhone, u"login"_s)).status, 200);
    }

    void providerFailureStoresNothing()
    {
        struct RefusingProvider final : SmsProvider {
            Result<void> send(const QString &, SmsPurpose, const QString &) override
            {
                return Error(ApiError::Internal, u"The SMS gateway is down."_s);
            }
            Result<void> notify(const QString &, SmsPurpose, const QString &) override
            {
                return Error(ApiError::Internal, u"The SMS gateway is down."_s);
            }
        } refusing;
        const QString first = m_server->codeFor(TestPhone, u"register"_s);
        Clock::advanceForTesting(61);

        auto db = Database::open(m_server->config().databaseUrl);
        QVERIFY(db);
        const auto masterKey = MasterKey::load(m_server->config().masterKeyPath);
        QVERIFY(masterKey);
        SmsCodeService codes(*db.value(), masterKey.value(), refusing);
        const auto issued = codes.issue(TestPhone, SmsPurpose::Register);
        QVERIFY(!issued);
        QCOMPARE(issued.error().message, u"The SMS gateway is down."_s);

        // The failed send neither stored a code nor replaced the previous one.
        QCOMPARE(m_server->scalar(u"SELECT COUNT(*) FROM sms_codes"_s).toInt(), 1);
        QCOMPARE(registerWith(first).status, 201);
    }

    void fourWrongTriesLeaveTheCodeAlive()
    {
        QCOMPARE(m_server->registerAccount(TestPhone, TestPassword).status, 201);
        Clock::advanceForTesting(61);
        const QString code = m_server->codeFor(TestPhone, u"login"_s);
        for (int i = 0; i < SmsCodeService::MaxFailedAttempts - 1; ++i)
            QCOMPARE(smsLogIn(otherCode(code)).status, 400);
        QCOMPARE(smsLogIn(code).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestSmsCodes)
#include "tst_smscodes.moc"
