#pragma once

#include "core/account/accountsession.h"

#include <QDateTime>

namespace tq {

/// The account's real-name status as the server reports it; never the full name or number.
struct IdentityStatus {
    bool verified = false;
    QString maskedName;     ///< e.g. "张*"
    QString maskedIdNumber; ///< e.g. "1101**********1234"
    QDateTime verifiedAt;

    static IdentityStatus fromJson(const QJsonObject &o);
};

/// Real-name verification of the logged-in account: name + mainland ID number,
/// checked by the server's identity provider. On success the session's account is refreshed
/// so `identityVerified` follows. Jobs follow AccountSession's rules (started, asynchronous).
/// GUI thread only; the session must outlive it.
class IdentityService : public QObject {
    Q_OBJECT
public:
    explicit IdentityService(AccountSession *session, QObject *parent = nullptr);

    const IdentityStatus &status() const { return m_status; }

    /// Sends name and ID number; the ID number is trimmed and its check letter upper-cased.
    ApiJob *verify(const QString &name, const QString &idNumber);
    /// Fetches the current status.
    ApiJob *fetchStatus();

Q_SIGNALS:
    void statusChanged();

private:
    void track(ApiJob *job);

    AccountSession *m_session;
    IdentityStatus m_status;
};

} // namespace tq
