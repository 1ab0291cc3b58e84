#include "core/identity/identityservice.h"

#include "core/crypto/securebytes.h"
#include "core/protocol/routes.h"

#include <QJsonObject>

namespace tq {

IdentityStatus IdentityStatus::fromJson(const QJsonObject &o)
{
    IdentityStatus s;
    s.verified = o.value(u"verified").toBool();
    s.maskedName = o.value(u"name").toString();
    s.maskedIdNumber = o.value(u"idNumberMasked").toString();
    s.verifiedAt = QDateTime::fromString(o.value(u"verifiedAt").toString(), Qt::ISODate);
    return s;
}

IdentityService::IdentityService(AccountSession *session, QObject *parent) : QObject(parent), m_session(session)
{
    connect(session, &AccountSession::stateChanged, this, [this] {
        if (!m_session->isLoggedIn()) {
            m_status = {};
            Q_EMIT statusChanged();
        }
    });
}

ApiJob *IdentityService::verify(const QString &name, const QString &idNumber)
{
    QString number = idNumber.trimmed().toUpper();
    ApiJob *job = m_session->client()->post(
        routes::IdentityVerifications, {{QStringLiteral("name"), name.trimmed()}, {QStringLiteral("idNumber"), number}});
    SecureBytes::wipe(number);
    connect(job, &Job::finished, this, [this, job] {
        if (!job->hasError())
            m_session->refreshAccount();
    });
    track(job);
    return job;
}

ApiJob *IdentityService::fetchStatus()
{
    ApiJob *job = m_session->client()->get(routes::Identity);
    track(job);
    return job;
}

void IdentityService::track(ApiJob *job)
{
    connect(job, &Job::finished, this, [this, job] {
        if (job->hasError())
            return;
        m_status = IdentityStatus::fromJson(job->data().value(u"identity").toObject());
        Q_EMIT statusChanged();
    });
    job->start();
}

} // namespace tq
