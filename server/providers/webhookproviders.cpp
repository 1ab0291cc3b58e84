#include "server/providers/webhookproviders.h"

#include "core/common/apierrors.h"
#include "core/protocol/identityerrors.h"
#include "server/logging.h"

namespace tq::server {

namespace {

/// The boolean `field` of a provider's answer; an internal Error if it is missing.
Result<bool> flag(const QJsonObject &answer, const QString &field)
{
    const QJsonValue value = answer.value(field);
    if (!value.isBool())
        return Error(ApiError::Internal, QStringLiteral("The identity provider's answer has no boolean \"%1\".").arg(field));
    return value.toBool();
}

} // namespace

Result<void> WebhookSmsProvider::deliver(const QString &phone, SmsPurpose purpose, const QString &field,
                                         const QString &value)
{
    const auto sent = m_client.post({{QStringLiteral("phone"), phone},
                                     {QStringLiteral("purpose"), smsPurposeName(purpose)},
                                     {field, value}});
    if (!sent) {
        qCWarning(lcServerSms).noquote() << sent.error().message;
        return sent.error();
    }
    qCInfo(lcServerSms).noquote() << "SMS" << field << "handed to the gateway for purpose" << smsPurposeName(purpose);
    return {};
}

Result<void> WebhookSmsProvider::send(const QString &phone, SmsPurpose purpose, const QString &code)
{
    return deliver(phone, purpose, QStringLiteral("code"), code);
}

Result<void> WebhookSmsProvider::notify(const QString &phone, SmsPurpose purpose, const QString &text)
{
    return deliver(phone, purpose, QStringLiteral("text"), text);
}

Result<IdentityProvider::Match> WebhookIdentityProvider::verify(const QString &name, const QString &idNumber)
{
    const auto answer = m_client.post({{QStringLiteral("check"), QStringLiteral("name_id")},
                                       {QStringLiteral("name"), name},
                                       {QStringLiteral("idNumber"), idNumber}});
    if (!answer)
        return answer.error();
    const auto match = flag(answer.value(), QStringLiteral("match"));
    if (!match)
        return match.error();
    return match.value() ? Match::Match : Match::Mismatch;
}

Result<void> WebhookLivenessProvider::check(const QString &name, const QString &idNumber, const QString &evidence)
{
    const auto answer = m_client.post({{QStringLiteral("check"), QStringLiteral("liveness")},
                                       {QStringLiteral("name"), name},
                                       {QStringLiteral("idNumber"), idNumber},
                                       {QStringLiteral("evidence"), evidence}});
    if (!answer)
        return answer.error();
    const auto pass = flag(answer.value(), QStringLiteral("pass"));
    if (!pass)
        return pass.error();
    if (!pass.value())
        return Error(IdentityError::IdentityMismatch, QStringLiteral("The face did not pass the liveness check."));
    return {};
}

} // namespace tq::server
