// The core API client and account session against the real server over loopback HTTP.
#include "core/account/accountsession.h"
#include "core/common/apierrors.h"
#include "core/common/clock.h"
#include "core/common/errortext.h"
#include "core/crypto/certificateerrors.h"
#include "core/keys/secretstore.h"
#include "core/protocol/routes.h"
#include "server/accounts/sessionstore.h"
#include "testbackend.h"
#include "core/protocol/accounterrors.h"
#include "core/validators/validationerrors.h"

#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <vector>

using namespace tq;

namespace {
const QString Password = QStringLiteral("Tongqian2026");
} // namespace

class TestAccountSession : public QObject {
    Q_OBJECT
private:
    test::TestBackend m_backend;
    QTemporaryDir m_dir;
    FileSecretStore m_secrets{m_dir.filePath(QStringLiteral("device"))};
    int m_phoneSeq = 0;

    QString nextPhone() { return QStringLiteral("1390000%1").arg(++m_phoneSeq, 4, 10, QLatin1Char('0')); }
    QString tokenPath() const { return m_dir.filePath(QStringLiteral("session.json")); }
    std::unique_ptr<AccountSession> makeSession(ApiClient *api)
    {
        return std::make_unique<AccountSession>(api, std::make_unique<FileTokenStore>(tokenPath(), m_secrets));
    }
    void registerAccount(AccountSession &s, const QString &phone)
    {
        const Error e = m_backend.registerAccount(s, phone, Password);
        QVERIFY2(e.isNull(), qPrintable(e.code));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_backend.start());
    }

    void cleanup()
    {
        QFile::remove(tokenPath());
        Clock::resetForTesting();
    }

    void registerPersistsAcrossRestart()
    {
        ApiClient api(m_backend.url());
        const QString phone = nextPhone();
        {
            auto first = makeSession(&api);
            QSignalSpy stateSpy(first.get(), &AccountSession::stateChanged);
            registerAccount(*first, phone);
            QVERIFY(first->isLoggedIn());
            QCOMPARE(first->account().phone, phone);
            QVERIFY(!first->account().id.isEmpty());
            QVERIFY(stateSpy.count() >= 1);
            QTRY_VERIFY(QFile::exists(tokenPath())); // saved on the store's thread
            QCOMPARE(QFile(tokenPath()).permissions() & (QFile::ReadOther | QFile::ReadGroup), QFile::Permissions());
            // Sealed: neither token appears in the file.
            QFile file(tokenPath());
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray sealed = file.readAll();
            QVERIFY(!sealed.contains(first->accessToken().toLatin1()));
            QVERIFY(!sealed.contains(phone.toLatin1()));
        }
        // A new session over the same store is what the next app start sees.
        auto second = makeSession(&api);
        QCOMPARE(second->state(), AccountSession::State::LoggedOut);
        QVERIFY(test::waitFor(second->restore()).isNull());
        QVERIFY(second->isLoggedIn());
        QCOMPARE(second->account().phone, phone);

        // Logging out forgets the tokens here and on the server.
        const QString oldAccess = second->accessToken();
        QVERIFY(test::waitFor(second->logout()).isNull());
        QVERIFY(!second->isLoggedIn());
        QTRY_VERIFY(!QFile::exists(tokenPath()));
        const Error me = test::waitFor(api.get(QStringLiteral("/accounts/me"), oldAccess));
        QVERIFY(me.is(AccountError::Unauthorized));
        auto third = makeSession(&api);
        QVERIFY(test::waitFor(third->restore()).isNull());
        QVERIFY(!third->isLoggedIn());
    }

    void passwordAndSmsLogin()
    {
        ApiClient api(m_backend.url());
        const QString phone = nextPhone();
        auto s = makeSession(&api);
        registerAccount(*s, phone);
        QVERIFY(test::waitFor(s->logout()).isNull());

        const Error wrong = test::waitFor(s->loginWithPassword(phone, QStringLiteral("Wrong12345")));
        QVERIFY(wrong.is(AccountError::InvalidCredentials));
        QCOMPARE(wrong.details.value(QStringLiteral("attemptsLeft")).toInt(), 4);
        QVERIFY(userMessage(wrong).contains(u'4'));
        QVERIFY(!s->isLoggedIn());

        QVERIFY(test::waitFor(s->loginWithPassword(phone, Password)).isNull());
        QVERIFY(s->isLoggedIn());
        QVERIFY(test::waitFor(s->logout()).isNull());

        Clock::advanceForTesting(61); // one SMS per number per minute
        QVERIFY(test::waitFor(s->sendSmsCode(phone, SmsPurpose::Login)).isNull());
        QVERIFY(test::waitFor(s->loginWithSmsCode(phone, m_backend.smsCode(phone))).isNull());
        QVERIFY(s->isLoggedIn());
        QCOMPARE(s->account().phone, phone);
    }

    void resetPasswordEndsTheSession()
    {
        ApiClient api(m_backend.url());
        const QString phone = nextPhone();
        auto s = makeSession(&api);
        registerAccount(*s, phone);
        const QString oldAccess = s->accessToken();

        Clock::advanceForTesting(61); // one SMS per number per minute
        QVERIFY(test::waitFor(s->sendSmsCode(phone, SmsPurpose::ResetPassword)).isNull());
        const QString newPassword = QStringLiteral("NewPass2026");
        QVERIFY(test::waitFor(s->resetPassword(phone, m_backend.smsCode(phone), newPassword)).isNull());
        QVERIFY(!s->isLoggedIn());
        QVERIFY(test::waitFor(api.get(QStringLiteral("/accounts/me"), oldAccess)).is(AccountError::Unauthorized));
        QVERIFY(test::waitFor(s->loginWithPassword(phone, Password)).is(AccountError::InvalidCredentials));
        QVERIFY(test::waitFor(s->loginWithPassword(phone, newPassword)).isNull());
    }

    void expiredAccessTokenIsRenewedOnceForConcurrentCalls()
    {
        ApiClient api(m_backend.url());
        auto s = makeSession(&api);
        registerAccount(*s, nextPhone());
        const QString firstAccess = s->accessToken();
        QVERIFY(test::waitFor(s->client()->get(routes::Identity)).isNull());

        // The access token's lifetime passes on the server's clock; the refresh token's does not.
        Clock::advanceForTesting(server::SessionStore::AccessLifetime + 1);
        QVERIFY(test::waitFor(api.get(routes::Identity, firstAccess)).is(AccountError::Unauthorized));

        // Three calls are refused together. The server accepts a refresh token once, so all three
        // succeed only if they wait for one renewal and are then sent again.
        std::vector<std::unique_ptr<ApiJob>> calls;
        for (int i = 0; i < 3; ++i) {
            calls.emplace_back(s->client()->get(routes::Identity));
            calls.back()->setAutoDelete(false);
            calls.back()->start();
        }
        QTRY_VERIFY(std::all_of(calls.begin(), calls.end(), [](const auto &c) { return c->isFinished(); }));
        for (const auto &call : calls) {
            QVERIFY2(!call->hasError(), qPrintable(call->error().code));
            QCOMPARE(call->httpStatus(), 200);
        }
        QVERIFY(s->isLoggedIn());
        QVERIFY(s->accessToken() != firstAccess);
        // The renewed session is what the next start restores (the destructor waits for the save).
        calls.clear();
        s.reset();
        auto next = makeSession(&api);
        QVERIFY(test::waitFor(next->restore()).isNull());
        QVERIFY(next->isLoggedIn());
    }

    void refusedRenewalSignsOut()
    {
        ApiClient api(m_backend.url());
        auto s = makeSession(&api);
        registerAccount(*s, nextPhone());
        QSignalSpy stateSpy(s.get(), &AccountSession::stateChanged);
        Clock::advanceForTesting(server::SessionStore::RefreshLifetime + 1);
        QVERIFY(test::waitFor(s->client()->get(routes::Identity)).is(AccountError::Unauthorized));
        QVERIFY(!s->isLoggedIn());
        QVERIFY(s->accessToken().isEmpty());
        QCOMPARE(stateSpy.count(), 1);
        QTRY_VERIFY(!QFile::exists(tokenPath()));
    }

    void serverErrorsArriveAsValues()
    {
        ApiClient api(m_backend.url());
        auto s = makeSession(&api);
        const Error badPhone = test::waitFor(s->sendSmsCode(QStringLiteral("12345"), SmsPurpose::Register));
        QVERIFY(badPhone.is(ValidationError::InvalidPhone));
        QCOMPARE(userMessage(badPhone), mobileNumberProblem(QString()));
        const Error weak = test::waitFor(s->registerAccount(nextPhone(), QStringLiteral("123456"), QStringLiteral("short")));
        QVERIFY(weak.is(ValidationError::InvalidPassword));
        QCOMPARE(userMessage(weak), passwordProblem(QStringLiteral("short")));
        QVERIFY(!s->isLoggedIn());
        QVERIFY(!QFile::exists(tokenPath()));
    }

    void sessionFileFromAnotherDeviceIsIgnored()
    {
        ApiClient api(m_backend.url());
        {
            auto s = makeSession(&api);
            registerAccount(*s, nextPhone());
        } // the destructor waits for the save
        QVERIFY(QFile::exists(tokenPath()));
        QTemporaryDir otherDevice;
        FileSecretStore otherSecrets(otherDevice.path());
        AccountSession other(&api, std::make_unique<FileTokenStore>(tokenPath(), otherSecrets));
        QVERIFY(test::waitFor(other.restore()).isNull());
        QVERIFY(!other.isLoggedIn());
        // The right device still restores it.
        auto same = makeSession(&api);
        QVERIFY(test::waitFor(same->restore()).isNull());
        QVERIFY(same->isLoggedIn());
    }

    void restoreWithRefusedTokensLogsOut()
    {
        FileTokenStore store(tokenPath(), m_secrets);
        SessionTokens bogus;
        bogus.accessToken = QStringLiteral("not-a-token");
        bogus.refreshToken = QStringLiteral("not-a-token-either");
        bogus.refreshExpiresAt = QDateTime::currentSecsSinceEpoch() + 3600;
        QVERIFY(store.save(bogus).ok());
        ApiClient api(m_backend.url());
        auto s = makeSession(&api);
        QVERIFY(test::waitFor(s->restore()).is(AccountError::Unauthorized));
        QVERIFY(!s->isLoggedIn());
        QTRY_VERIFY(!QFile::exists(tokenPath()));
    }

    void unreachableServerIsANetworkError()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close(); // nothing listens there now
        ApiClient api(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        const Error e = test::waitFor(api.get(QStringLiteral("/health")));
        QVERIFY(e.is(ApiError::Network));
        QCOMPARE(userMessage(e), userMessage(Error(ApiError::Network, {})));
    }

    void garbageAnswerIsABadResponse()
    {
        QTcpServer fake;
        QVERIFY(fake.listen(QHostAddress::LocalHost));
        connect(&fake, &QTcpServer::newConnection, this, [&fake] {
            QTcpSocket *socket = fake.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                socket->readAll();
                socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 6\r\n\r\n<html>");
                socket->disconnectFromHost();
            });
        });
        ApiClient api(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(fake.serverPort())));
        QVERIFY(test::waitFor(api.get(QStringLiteral("/health"))).is(ApiError::BadResponse));
    }

    void everyServerCodeHasItsOwnSentence_data()
    {
        QTest::addColumn<QString>("code");
        for (const char *c : {ValidationError::InvalidPhone, AccountError::InvalidSmsCode, AccountError::SmsTooSoon,
                              AccountError::SmsDailyLimit, AccountError::PhoneRegistered, AccountError::AccountNotFound,
                              AccountError::InvalidCredentials, AccountError::AccountLocked, AccountError::Unauthorized,
                              CertificateError::WrongPin, CertificateError::PinLocked, CertificateError::Replayed, CertificateError::RateLimited})
            QTest::newRow(c) << QString::fromLatin1(c);
    }
    void everyServerCodeHasItsOwnSentence()
    {
        QFETCH(QString, code);
        const QString generic = userMessage(Error(QStringLiteral("no_such_code"), {}));
        QVERIFY(userMessage(Error(code, {})) != generic);
    }

    void wrongPinMessageSaysAttemptsLeft()
    {
        const Error wrong(CertificateError::WrongPin, {}, {{QStringLiteral("attemptsLeft"), 3}});
        QVERIFY(userMessage(wrong).contains(u'3'));
        QVERIFY(userMessage(wrong) != userMessage(Error(CertificateError::WrongPin, {})));
    }

    void lockedMessageSaysMinutesLeft()
    {
        const Error locked(AccountError::AccountLocked, {}, {{QStringLiteral("retryAfter"), 14 * 60 + 5}});
        QVERIFY(userMessage(locked).contains(QStringLiteral("15")));
    }
};

QTEST_GUILESS_MAIN(TestAccountSession)
#include "tst_accountsession.moc"
