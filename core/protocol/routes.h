#pragma once

#include <QLatin1String>
#include <QString>

/// The Tongqian API's route paths, defined once for the server (route registration) and the
/// device (ApiClient calls). Each is relative to `Prefix`; `<arg>` marks one path argument.
namespace tq::routes {

inline constexpr QLatin1String Prefix("/api/v1");

inline constexpr QLatin1String SmsCodes("/sms-codes");
inline constexpr QLatin1String Accounts("/accounts");
inline constexpr QLatin1String AccountMe("/accounts/me");
inline constexpr QLatin1String Sessions("/sessions");
inline constexpr QLatin1String SessionRefresh("/sessions/refresh");
inline constexpr QLatin1String SessionCurrent("/sessions/current");
inline constexpr QLatin1String PasswordResets("/password-resets");

inline constexpr QLatin1String Identity("/identity");
inline constexpr QLatin1String IdentityVerifications("/identity/verifications");

inline constexpr QLatin1String Certificates("/certificates");
inline constexpr QLatin1String Certificate("/certificates/<arg>");
inline constexpr QLatin1String CertificateRevocation("/certificates/<arg>/revocation");
inline constexpr QLatin1String CertificateChallenges("/certificate-challenges");

inline constexpr QLatin1String ScanClaims("/scan/claims");
inline constexpr QLatin1String ScanTransactions("/scan/transactions");
inline constexpr QLatin1String ScanResult("/scan/transactions/<arg>/result");
inline constexpr QLatin1String ScanRejection("/scan/transactions/<arg>/rejection");

inline constexpr QLatin1String CosignKeys("/cosign/keys");
inline constexpr QLatin1String CosignKey("/cosign/keys/<arg>");
inline constexpr QLatin1String CosignSign("/cosign/keys/<arg>/sign");
inline constexpr QLatin1String CosignDecrypt("/cosign/keys/<arg>/decrypt");
inline constexpr QLatin1String CosignPin("/cosign/keys/<arg>/pin");
inline constexpr QLatin1String CosignUnlock("/cosign/keys/<arg>/unlock");
inline constexpr QLatin1String CosignDeletion("/cosign/keys/<arg>/deletion");
inline constexpr QLatin1String CosignPinChallenges("/cosign/pin-challenges");

inline constexpr QLatin1String PlatformTransactions("/platform/transactions");
inline constexpr QLatin1String PlatformTransaction("/platform/transactions/<arg>");
inline constexpr QLatin1String PlatformAccessTokens("/platform/access-tokens");

inline constexpr QLatin1String CaCrl("/ca/<arg>/crl");
inline constexpr QLatin1String CaRootCrl("/ca/<arg>/root-crl");
inline constexpr QLatin1String CaChain("/ca/<arg>/chain");

/// The operator API (server/operators): bearer token from OperatorSessions.
inline constexpr QLatin1String OperatorSessions("/operator/sessions");
inline constexpr QLatin1String OperatorAccounts("/operator/operators");
inline constexpr QLatin1String OperatorPlatforms("/operator/platforms");
inline constexpr QLatin1String OperatorPlatformSecret("/operator/platforms/<arg>/secret");
inline constexpr QLatin1String OperatorPlatformCallbackUrl("/operator/platforms/<arg>/callback-url");
inline constexpr QLatin1String OperatorAudit("/operator/audit");

inline constexpr QLatin1String Health("/health");
inline constexpr QLatin1String SandboxSmsOutbox("/sandbox/sms-outbox");
inline constexpr QLatin1String SandboxPlatforms("/sandbox/platforms");

/// The full path a server registers for `route` (Prefix + route, `<arg>` kept).
inline QString serverRoute(QLatin1String route)
{
    return QString(Prefix) + route;
}

/// `route` relative to Prefix with its `<arg>` replaced by `arg` (an id), for a client.
inline QString withArg(QLatin1String route, const QString &arg)
{
    QString path = route;
    return path.replace(QLatin1String("<arg>"), arg);
}

} // namespace tq::routes
