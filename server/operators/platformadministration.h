#pragma once

#include "server/operators/operatorservice.h"
#include "server/platform/platformregistry.h"

namespace tq::server {

class AuditLog;

/// The operator actions on trading platforms, shared by the console and the operator API:
/// each checks the operator's role (Permission::ManagePlatforms, else operator_forbidden) and
/// writes its audit row in the same transaction as the change, so no change goes unrecorded.
/// Secrets are returned once and never audited. Thread-safe; does not own its collaborators.
class PlatformAdministration {
public:
    PlatformAdministration(Database &db, PlatformRegistry &platforms, AuditLog &audit)
        : m_db(db), m_platforms(platforms), m_audit(audit)
    {
    }

    /// The new platform's secret ("platform.register").
    Result<QString> registerPlatform(const Operator &by, const PlatformRegistration &registration);
    /// The new secret ("platform.rotate_secret").
    Result<QString> rotateSecret(const Operator &by, const QString &code);
    /// The platform as it is now ("platform.callback_url", details from/to).
    Result<Platform> changeCallbackUrl(const Operator &by, const QString &code, const QString &callbackUrl);

    /// operator_forbidden unless `role` grants `permission`.
    static Result<void> require(const Operator &op, Permission permission);

private:
    Database &m_db;
    PlatformRegistry &m_platforms;
    AuditLog &m_audit;
};

} // namespace tq::server
