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

/// Real-name verification for mainland ID numbers. The ID number is stored only
/// sealed under the master key, beside a keyed hash for lookups; it is never logged.
/// Does not own its collaborators; use on the server thread.
class IdentityService {
public:
    IdentityService(Database &db, const MasterKey &masterKey, IdentityProvider &identity,
                    FaceLivenessProvider &liveness);

    /// Checks the number (invalid_id_number), asks the providers (identity_mismatch) and records
    /// the identity for the account, replacing an earlier one. Name: 1–64 characters, trimmed.
    Result<Identity> verify(const QString &accountId, const QString &name, const QString &idNumber,
                            const QString &livenessEvidence);
    /// Whether the person giving `name` and `idNumber` is the one the account was verified as,
    /// recording nothing (unlocking a two-party key must not re-verify the account). The
    /// comparison with the record comes first, so this is no oracle for arbitrary name/number
    /// pairs; then the providers check the person again. identity_required (never verified),
    /// invalid_request / invalid_id_number (malformed), identity_mismatch (one message for every
    /// difference), or a provider's error.
    Result<void> confirm(const QString &accountId, const QString &name, const QString &idNumber,
                         const QString &livenessEvidence);
    /// The account's verified identity, if any.
    Result<std::optional<Identity>> find(const QString &accountId);

private:
    QByteArray pseudonymOf(const QString &idNumber) const;
    /// Input rules and providers; the identity as it would be recorded.
    Result<Identity> check(const QString &name, const QString &idNumber, const QString &livenessEvidence);

    Database &m_db;
    const MasterKey &m_masterKey;
    IdentityProvider &m_identity;
    FaceLivenessProvider &m_liveness;
};

} // namespace tq::server
