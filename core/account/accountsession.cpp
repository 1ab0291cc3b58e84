#include "core/account/accountsession.h"

#include "core/common/clock.h"
#include "core/common/taskjob.h"
#include "core/common/logging.h"
#include "core/crypto/securebytes.h"
#include "core/common/apierrors.h"

#include <QJsonObject>
#include <QTimer>

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
    : QObject(parent), m_api(api), m_store(std::move(store))
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
    ApiJob *job = m_api->post(QStringLiteral("/sms-codes"),
                              {{QStringLiteral("phone"), phone}, {QStringLiteral("purpose"), purposeName(purpose)}});
    job->start();
    return job;
}

ApiJob *AccountSession::registerAccount(const QString &phone, const QString &smsCode, const QString &password)
{
    return startLogin(QStringLiteral("/accounts"), {{QStringLiteral("phone"), phone},
                                                    {QStringLiteral("smsCode"), smsCode},
                                                    {QStringLiteral("password"), password}});
}

ApiJob *AccountSession::loginWithPassword(const QString &phone, const QString &password)
{
    return startLogin(QStringLiteral("/sessions"),
                      {{QStringLiteral("phone"), phone}, {QStringLiteral("password"), password}});
}

ApiJob *AccountSession::loginWithSmsCode(const QString &phone, const QString &smsCode)
{
    return startLogin(QStringLiteral("/sessions"),
                      {{QStringLiteral("phone"), phone}, {QStringLiteral("smsCode"), smsCode}});
}

ApiJob *AccountSession::resetPassword(const QString &phone, const QString &smsCode, const QString &newPassword)
{
    ApiJob *job = m_api->post(QStringLiteral("/password-resets"), {{QStringLiteral("phone"), phone},
                                                                   {QStringLiteral("smsCode"), smsCode},
                                                                   {QStringLiteral("newPassword"), newPassword}});
    connect(job, &Job::finished, this, [this, job, phone] {
        // The server ended every session of the account; if it was ours, follow suit.
        if (!job->hasError() && isLoggedIn() && m_tokens.phone == phone)
            forget();
    });
    job->start();
    return job;
}

ApiJob *AccountSession::startLogin(const QString &path, const QJsonObject &body)
{
    ApiJob *job = m_api->post(path, body);
    connect(job, &Job::finished, this, [this, job] {
        if (!job->hasError() && !adoptSession(job->data()))
            qCWarning(lcCoreAccount) << "login answer had no usable session";
    });
    job->start();
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
    ApiJob *job = m_api->del(QStringLiteral("/sessions/current"), m_tokens.accessToken);
    forget();
    job->start();
    return job;
}

Job *AccountSession::restore()
{
    auto *chain = new ComposedJob(this);
    auto *load = new TaskJob<std::optional<SessionTokens>>(
        [store = m_store.get()]() -> Result<std::optional<SessionTokens>> { return store->load(); }, this,
        &m_storePool);
    setState(State::Restoring);
    connect(load, &Job::finished, this, [this, chain, load] {
        std::optional<SessionTokens> stored = load->result();
        if (!stored || stored->refreshExpiresAt <= Clock::nowSecs()) {
            if (stored) {
                stored->wipe();
                inStoreThread([](TokenStore &store) { store.clear(); });
            }
            setState(State::LoggedOut);
            chain->finish();
            return;
        }
        m_tokens = *stored;
        stored->wipe();
        load->result()->wipe();
        refreshStored(chain);
    });
    load->start();
    return chain;
}

ApiJob *AccountSession::refreshAccount()
{
    ApiJob *job = m_api->get(QStringLiteral("/accounts/me"), m_tokens.accessToken);
    connect(job, &Job::finished, this, [this, job] {
        if (job->hasError() || !isLoggedIn())
            return;
        m_account = Account::fromJson(job->data().value(u"account").toObject());
        Q_EMIT accountChanged();
    });
    job->start();
    return job;
}

void AccountSession::refreshStored(Job *chainJob)
{
    auto *chain = static_cast<ComposedJob *>(chainJob);
    ApiJob *refresh = m_api->post(QStringLiteral("/sessions/refresh"),
                                  {{QStringLiteral("refreshToken"), m_tokens.refreshToken}});
    connect(refresh, &Job::finished, this, [this, chain, refresh] {
        if (refresh->hasError()) {
            // A refused token means the session is over; a network error keeps it for a retry.
            if (!refresh->error().is(ApiError::Network))
                forget();
            else
                setState(State::LoggedOut);
            chain->fail(refresh->error());
            return;
        }
        m_account.phone = m_tokens.phone;
        adoptSession(refresh->data());
        ApiJob *me = refreshAccount();
        connect(me, &Job::finished, chain, [chain, me] {
            if (me->hasError())
                chain->fail(me->error());
            else
                chain->finish();
        });
    });
    refresh->start();
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
