#pragma once

#include "server/identity/identityprovider.h"

#include <QDateTime>
#include <QJsonObject>

#include <optional>

namespace tq::server {

class Database;
class MasterKey;

/// A verified identity as the API and the CA see it. The ID number itself is never part of it.
struct Identity {
    QString name;
    QString idNumberMasked; ///< first 4 and last 4 characters, e.g. 1101**********1234
    QByteArray pseudonym; ///< keyed hash of the ID number for certificate subjects (32 bytes)
    QDateTime verifiedAt;

    /// `{"verified":true,"name":"张*","idNumberMasked","verifiedAt"}`; the name is masked too.
    QJsonObject toJson() const;
};

/// How often identity verification may be tried (each counted in the database, per day).
struct IdentityLimits {
    int attemptsPerAccount = 10;  ///< verifications of one account, whatever their outcome
    int failuresPerIdNumber = 5;  ///< failed verifications of one ID number, over all accounts
};

/// Real-name verification for mainland ID numbers. The ID number is stored only
/// sealed under the master key, beside a keyed hash for lookups; it is never logged.
/// Names are normalised and checked with rules::normalizedPersonName/checkPersonName.
/// Does not own its collaborators; any thread (each uses its own database connection).
class IdentityService {
public:
    IdentityService(Database &db, const MasterKey &masterKey, IdentityProvider &identity,
                    FaceLivenessProvider &liveness, IdentityLimits limits = {});

    /// Checks the name (invalid_request, details.field "name" and details.rule) and the number
    /// (invalid_id_number), counts the attempt (too_many_verifications with details.retryAfter
    /// past IdentityLimits), asks the providers (identity_mismatch) and records the identity for
    /// the account. An earlier identity is replaced only while the account holds no certificate
    /// (ever issued) and no two-party key; after that only the same person (same ID number and
    /// name) verifies again, anyone else gets identity_locked (a name change is SPEC B4).
    Result<Identity> verify(const QString &accountId, const QString &name, const QString &idNumber,
                            const QString &livenessEvidence);
    /// Whether the person giving `name` and `idNumber` is `expected` (the person a certificate
    /// names, or the account's identity), recording nothing (unlocking a two-party key must not
    /// re-verify the account). The comparison with `expected` comes first, so this is no oracle
    /// for arbitrary name/number pairs; then the providers check the person again.
    /// invalid_request / invalid_id_number (malformed), identity_mismatch (one message for every
    /// difference), or a provider's error.
    Result<void> confirm(const Identity &expected, const QString &name, const QString &idNumber,
                         const QString &livenessEvidence);
    /// confirm(), counted as a verification attempt of `accountId` and the number against the
    /// IdentityLimits (too_many_verifications with details.retryAfter past them), so repeating
    /// it is no oracle: a certificate application's fresh proof of the person.
    Result<void> confirmCounted(const QString &accountId, const Identity &expected, const QString &name,
                                const QString &idNumber, const QString &livenessEvidence);
    /// The account's verified identity, if any.
    Result<std::optional<Identity>> find(const QString &accountId);

private:
    /// Records an attempt for the account and number, then counts; refuses past the limits.
    Result<QString> countAttempt(const QString &accountId, const QString &idNumberHash);
    void settleAttempt(const QString &attemptId, bool succeeded);
    QByteArray pseudonymOf(const QString &idNumber) const;
    /// The keyed hash of the number that identity rows and attempts are looked up by.
    QString lookupOf(const QString &idNumber) const;
    /// Input rules and providers; the identity as it would be recorded.
    Result<Identity> check(const QString &name, const QString &idNumber, const QString &livenessEvidence);

    Database &m_db;
    const MasterKey &m_masterKey;
    IdentityProvider &m_identity;
    FaceLivenessProvider &m_liveness;
    IdentityLimits m_limits;
};

} // namespace tq::server
