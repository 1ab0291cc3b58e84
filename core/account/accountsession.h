#pragma once

#include "core/protocol/apiclient.h"
#include "core/protocol/authenticatedclient.h"
#include "core/account/tokenstore.h"

#include <QDateTime>
#include <QObject>
#include <QThreadPool>

#include <functional>
#include <memory>

namespace tq {

/// The account as the server describes it.
struct Account {
    QString id;
    QString phone;
    QDateTime createdAt;
    bool identityVerified = false;

    static Account fromJson(const QJsonObject &o);
};

/// What an SMS code is for; sent to the server as register / login / reset_password.
enum class SmsPurpose { Register, Login, ResetPassword };

/// The logged-in state of this device and every account operation.
///
/// Each operation returns a started Job (see tq::Job for the rule); the session updates its
/// own state before the caller's continuations run. Other services call the API as this
/// account through client(), which renews the access token when the server refuses it; when
/// a renewal is refused the session signs out (state LoggedOut).
/// Owns the TokenStore and uses it only from its own one-thread pool, in call order, so a
/// keychain behind it never blocks the GUI thread. Lives on the GUI thread.
class AccountSession : public QObject, private AccessTokenSource {
    Q_OBJECT
public:
    enum class State { LoggedOut, Restoring, LoggedIn };
    Q_ENUM(State)

    AccountSession(ApiClient *api, std::unique_ptr<TokenStore> store, QObject *parent = nullptr);
    ~AccountSession() override;

    State state() const { return m_state; }
    bool isLoggedIn() const { return m_state == State::LoggedIn; }
    const Account &account() const { return m_account; }
    ApiClient *api() const { return m_api; }
    /// The API as this account: attaches and renews the access token. Owned by the session.
    AuthenticatedClient *client() const { return m_client; }
    /// The current access token (empty when logged out); prefer client().
    QString accessToken() const override { return m_tokens.accessToken; }

    ApiJob *sendSmsCode(const QString &phone, SmsPurpose purpose);
    ApiJob *registerAccount(const QString &phone, const QString &smsCode, const QString &password);
    ApiJob *loginWithPassword(const QString &phone, const QString &password);
    ApiJob *loginWithSmsCode(const QString &phone, const QString &smsCode);
    ApiJob *resetPassword(const QString &phone, const QString &smsCode, const QString &newPassword);
    /// Ends the session on the server and forgets the tokens here, even when the server
    /// cannot be reached (the job then reports the network error).
    ApiJob *logout();
    /// Picks up a stored session at start: refreshes the tokens and fetches the account.
    /// Ends LoggedIn, or LoggedOut when there is nothing stored or the server refuses it.
    Job *restore();
    /// Fetches the account again (e.g. after real-name verification changed it).
    ApiJob *refreshAccount();

Q_SIGNALS:
    void stateChanged();
    void accountChanged();

private:
    Job *renewAccessToken() override;
    ApiJob *startLogin(const QString &path, const QJsonObject &body);
    bool adoptSession(const QJsonObject &data);
    void forget();
    void setState(State state);
    /// Runs `op` on the store's thread after every earlier store operation.
    void inStoreThread(std::function<void(TokenStore &)> op);

    ApiClient *m_api;
    AuthenticatedClient *m_client;
    QPointer<ComposedJob> m_renewal; ///< the one renewal in flight
    std::unique_ptr<TokenStore> m_store;
    SessionTokens m_tokens;
    Account m_account;
    State m_state = State::LoggedOut;
    QThreadPool m_storePool;
};

} // namespace tq
