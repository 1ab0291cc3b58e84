#include "core/account/accountsession.h"

#include "core/common/clock.h"
#include "core/common/taskjob.h"
#include "core/common/logging.h"
#include "core/crypto/securebytes.h"
#include "core/protocol/routes.h"
#include "core/protocol/accounterrors.h"
#include "core/common/apierrors.h"

#include <QJsonObject>

namespace tq {

namespace {

QString purposeName(SmsPurpose purpose)
{
    switch (purpose) {
    case SmsPurpose::Register:
        return QStringLiteral("register");
    case SmsPurpose::Login:
        return QStringLiteral("login");
    case SmsPurpose::ResetPassword:
        return QStringLiteral("reset_password");
    }
    return {};
}


} // namespace

Account Account::fromJson(const QJsonObject &o)
{
    Account a;
    a.id = o.value(u"id").toString();
    a.phone = o.value(u"phone").toString();
    a.createdAt = QDateTime::fromString(o.value(u"createdAt").toString(), Qt::ISODate);
    a.identityVerified = o.value(u"identityVerified").toBool();
    return a;
}

AccountSession::AccountSession(ApiClient *api, std::unique_ptr<TokenStore> store, QObject *parent)
    : QObject(parent), m_api(api), m_client(new AuthenticatedClient(api, this, this)), m_store(std::move(store))
{
    m_storePool.setMaxThreadCount(1);
}

AccountSession::~AccountSession()
{
    m_storePool.waitForDone(); // pending saves finish before the store goes away
    m_tokens.wipe();
}

void AccountSession::inStoreThread(std::function<void(TokenStore &)> op)
{
    m_storePool.start([store = m_store.get(), op = std::move(op)] { op(*store); });
}

ApiJob *AccountSession::sendSmsCode(const QString &phone, SmsPurpose purpose)
{
    ApiJob *job = m_api->post(routes::SmsCodes,
                              {{QStringLiteral("phone"), phone}, {QStringLiteral("purpose"), purposeName(purpose)}});
    job->start();
    return job;
}

ApiJob *AccountSession::registerAccount(const QString &phone, const QString &smsCode, const QString &password)
{
    return startLogin(routes::Accounts, {{QStringLiteral("phone"), phone},
                                         {QStringLiteral("smsCode"), smsCode},
                                         {QStringLiteral("password"), password}});
}

ApiJob *AccountSession::loginWithPassword(const QString &phone, const QString &password)
{
    return startLogin(routes::Sessions, {{QStringLiteral("phone"), phone}, {QStringLiteral("password"), password}});
}

ApiJob *AccountSession::loginWithSmsCode(const QString &phone, const QString &smsCode)
{
    return startLogin(routes::Sessions, {{QStringLiteral("phone"), phone}, {QStringLiteral("smsCode"), smsCode}});
}

ApiJob *AccountSession::resetPassword(const QString &phone, const QString &smsCode, const QString &newPassword)
{
    ApiJob *job = m_api->post(routes::PasswordResets, {{QStringLiteral("phone"), phone},
                                                       {QStringLiteral("smsCode"), smsCode},
                                                       {QStringLiteral("newPassword"), newPassword}});
    job->then(this, [this, job, phone] {
        // The server ended every session of the account; if it was ours, follow suit.
        if (!job->hasError() && isLoggedIn() && m_tokens.phone == phone)
            forget();
    });
    return job;
}

ApiJob *AccountSession::startLogin(const QString &path, const QJsonObject &body)
{
    ApiJob *job = m_api->post(path, body);
    job->then(this, [this, job] {
        if (!job->hasError() && !adoptSession(job->data()))
            qCWarning(lcCoreAccount) << "login answer had no usable session";
    });
    return job;
}

bool AccountSession::adoptSession(const QJsonObject &data)
{
    const QJsonObject session = data.value(u"session").toObject();
    SessionTokens tokens;
    tokens.accessToken = session.value(u"accessToken").toString();
    tokens.refreshToken = session.value(u"refreshToken").toString();
    const qint64 now = Clock::nowSecs();
    tokens.accessExpiresAt = now + qint64(session.value(u"accessExpiresIn").toDouble());
    tokens.refreshExpiresAt = now + qint64(session.value(u"refreshExpiresIn").toDouble());
    if (!tokens.isValid())
        return false;
    if (data.contains(u"account"))
        m_account = Account::fromJson(data.value(u"account").toObject());
    tokens.phone = m_account.phone;
    m_tokens.wipe();
    m_tokens = tokens;
    inStoreThread([tokens](TokenStore &store) mutable {
        if (auto saved = store.save(tokens); !saved)
            qCWarning(lcCoreAccount) << "session kept for this run only:" << saved.error().message;
        tokens.wipe();
    });
    tokens.wipe();
    Q_EMIT accountChanged();
    setState(State::LoggedIn);
    return true;
}

ApiJob *AccountSession::logout()
{
    // Not through client(): a refused token needs no renewal to be given up.
    ApiJob *job = m_api->del(routes::SessionCurrent, m_tokens.accessToken);
    forget();
    job->start();
    return job;
}

Job *AccountSession::restore()
{
    auto *restoring = new ComposedJob(this);
    auto *load = new TaskJob<std::optional<SessionTokens>>(
        [store = m_store.get()]() -> Result<std::optional<SessionTokens>> { return store->load(); }, this,
        &m_storePool);
    setState(State::Restoring);
    restoring->step(load, this, [this, restoring, load] {
        std::optional<SessionTokens> stored = std::move(load->result());
        if (!stored || stored->refreshExpiresAt <= Clock::nowSecs()) {
            if (stored) {
                stored->wipe();
                inStoreThread([](TokenStore &store) { store.clear(); });
            }
            setState(State::LoggedOut);
            restoring->finish();
            return;
        }
        m_tokens = *stored;
        stored->wipe();
        restoring->step(renewAccessToken(), this, [this, restoring](Job *renewal) {
            if (renewal->hasError()) {
                // A refused token has signed the session out already; a network error keeps
                // the tokens for a later retry.
                setState(State::LoggedOut);
                restoring->fail(renewal->error());
                return;
            }
            ApiJob *me = refreshAccount();
            restoring->step(me, this, [restoring, me] {
                if (me->hasError())
                    restoring->fail(me->error());
                else
                    restoring->finish();
            });
        });
    });
    return restoring;
}

ApiJob *AccountSession::refreshAccount()
{
    ApiJob *job = m_client->get(routes::AccountMe);
    job->then(this, [this, job] {
        if (job->hasError() || !isLoggedIn())
            return;
        m_account = Account::fromJson(job->data().value(u"account").toObject());
        Q_EMIT accountChanged();
    });
    return job;
}

Job *AccountSession::renewAccessToken()
{
    if (m_renewal && !m_renewal->isCancelled())
        return m_renewal;
    auto *renewal = new ComposedJob(this);
    m_renewal = renewal;
    // Connected first, so that a call hitting 401 after this renewal starts a new one.
    connect(renewal, &Job::finished, this, [this] { m_renewal = nullptr; });
    if (m_tokens.refreshToken.isEmpty()) {
        renewal->fail(Error(AccountError::Unauthorized, QStringLiteral("no session to renew")));
        return renewal;
    }
    ApiJob *refresh = m_api->post(routes::SessionRefresh, {{QStringLiteral("refreshToken"), m_tokens.refreshToken}});
    renewal->step(refresh, this, [this, renewal, refresh] {
        if (refresh->hasError()) {
            // A refused token means the session is over; a network error keeps it for a retry.
            if (!refresh->error().is(ApiError::Network))
                forget();
            renewal->fail(refresh->error());
            return;
        }
        m_account.phone = m_tokens.phone;
        adoptSession(refresh->data());
        renewal->finish();
    });
    return renewal;
}

void AccountSession::forget()
{
    m_tokens.wipe();
    m_tokens = {};
    m_account = {};
    inStoreThread([](TokenStore &store) { store.clear(); });
    Q_EMIT accountChanged();
    setState(State::LoggedOut);
}

void AccountSession::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged();
}

} // namespace tq
