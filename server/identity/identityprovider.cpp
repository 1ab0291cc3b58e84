#include "server/identity/identityprovider.h"

namespace tq::server {

Result<IdentityProvider::Match> SandboxIdentityProvider::verify(const QString &name, const QString &)
{
    if (name.contains(QStringLiteral("不一致")) || name.contains(QLatin1String("Mismatch"), Qt::CaseInsensitive))
        return Match::Mismatch;
    return Match::Match;
}

Result<void> SandboxFaceLivenessProvider::check(const QString &, const QString &, const QString &)
{
    return {};
}

} // namespace tq::server
