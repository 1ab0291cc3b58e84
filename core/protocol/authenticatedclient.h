#pragma once

#include "core/protocol/apiclient.h"

#include <QObject>
#include <QPointer>

namespace tq {

/// Where an AuthenticatedClient gets the account's access token, and how it gets a new one.
/// Implemented by AccountSession; called on the client's thread.
class AccessTokenSource {
public:
    /// The current access token (empty when signed out). Never logged.
    virtual QString accessToken() const = 0;
    /// A job that ends once a new access token is in place, or fails (the source then decides
    /// whether the account is signed out). While one renewal is in flight, every caller gets
    /// that same job: callers connect to it and must not cancel it.
    virtual Job *renewAccessToken() = 0;

protected:
    ~AccessTokenSource() = default;
};

/// The API as the signed-in account sees it: every call carries the current access token, and
/// a call the server answers with 401 waits for one renewal (shared by all calls that hit 401
/// meanwhile) and is sent once more. If the renewal fails, the call fails with its 401 error
/// (or `network` when the server could not be reached).
///
/// Jobs are created, not started (see tq::Job for the rule). Does not own the ApiClient or the
/// token source, which must outlive it; jobs that outlive it fail their retry cleanly. GUI thread.
class AuthenticatedClient : public QObject {
    Q_OBJECT
public:
    AuthenticatedClient(ApiClient *api, AccessTokenSource *tokens, QObject *parent = nullptr);

    /// `path` is relative to /api/v1 (see core/protocol/routes.h).
    ApiJob *get(const QString &path);
    ApiJob *post(const QString &path, const QJsonObject &body);
    ApiJob *del(const QString &path);

    ApiClient *api() const { return m_api; }
    QString accessToken() const { return m_tokens->accessToken(); }
    Job *renewAccessToken() { return m_tokens->renewAccessToken(); }

private:
    ApiJob *bind(ApiJob *job);

    ApiClient *m_api;
    AccessTokenSource *m_tokens;
};

} // namespace tq
