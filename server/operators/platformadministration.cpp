#include "server/operators/platformadministration.h"

#include "core/common/apierrors.h"
#include "core/protocol/operatorerrors.h"
#include "server/db/database.h"
#include "server/operators/auditlog.h"

namespace tq::server {

namespace {

/// Runs `change` and then `record` in one transaction; the change's result if both succeed.
template <typename T, typename Change, typename Record>
Result<T> audited(Database &db, Change change, Record record)
{
    Transaction tx(db);
    if (!tx.isActive())
        return Error(ApiError::Internal, QStringLiteral("Could not begin a transaction."));
    Result<T> result = change();
    if (!result)
        return result;
    if (auto recorded = record(result.value()); !recorded)
        return recorded.error();
    return tx.commitIf(std::move(result));
}

} // namespace

Result<void> PlatformAdministration::require(const Operator &op, Permission permission)
{
    if (allows(op.role, permission))
        return {};
    return Error(OperatorError::Forbidden, QStringLiteral("The operator's role does not allow this action."),
                 {{QStringLiteral("role"), roleName(op.role)}});
}

Result<QString> PlatformAdministration::registerPlatform(const Operator &by, const PlatformRegistration &r)
{
    if (auto allowed = require(by, Permission::ManagePlatforms); !allowed)
        return allowed.error();
    return audited<QString>(
        m_db, [&] { return m_platforms.registerPlatform(r); },
        [&](const QString &) {
            return m_audit.append(by.name, QStringLiteral("platform.register"), r.code,
                                  {{QStringLiteral("name"), r.name.trimmed()},
                                   {QStringLiteral("callbackUrl"), r.callbackUrl}});
        });
}

Result<QString> PlatformAdministration::rotateSecret(const Operator &by, const QString &code)
{
    if (auto allowed = require(by, Permission::ManagePlatforms); !allowed)
        return allowed.error();
    return audited<QString>(
        m_db, [&] { return m_platforms.rotateSecret(code); },
        [&](const QString &) { return m_audit.append(by.name, QStringLiteral("platform.rotate_secret"), code); });
}

Result<Platform> PlatformAdministration::changeCallbackUrl(const Operator &by, const QString &code,
                                                           const QString &callbackUrl)
{
    if (auto allowed = require(by, Permission::ManagePlatforms); !allowed)
        return allowed.error();
    const auto changed = audited<QUrl>(
        m_db, [&] { return m_platforms.setCallbackUrl(code, callbackUrl); },
        [&](const QUrl &previous) {
            return m_audit.append(by.name, QStringLiteral("platform.callback_url"), code,
                                  {{QStringLiteral("from"), previous.toString(QUrl::FullyEncoded)},
                                   {QStringLiteral("to"), QUrl(callbackUrl).toString(QUrl::FullyEncoded)}});
        });
    if (!changed)
        return changed.error();
    const auto platform = m_platforms.find(code);
    if (!platform)
        return platform.error();
    if (!platform.value())
        return Error(ApiError::NotFound, QStringLiteral("There is no platform with this code."));
    return *platform.value();
}

} // namespace tq::server
