#pragma once

#include "core/common/error.h"

#include <QDateTime>
#include <QJsonObject>

namespace tq::server {

class Database;
class IdentityService;
class SmsCodeService;
class SmsProvider;
struct Identity;

/// The fresh proof of the person that comes with every certificate application (the request's
/// `proof` object; core/protocol/applicationproof.h names the methods).
struct ApplicationProof {
    enum class Method { Identity, Certificate };
    Method method = Method::Identity;
    // Method::Identity: the person again, with the face-liveness provider's evidence.
    QString name;
    QString idNumber;
    QString livenessEvidence;
    // Method::Certificate: an existing signing certificate's signature over the challenge, and
    // the SMS code sent with the challenge to the account's phone.
    QString certificateId;
    QByteArray challenge;
    QByteArray signature;
    QString smsCode;

    /// The `proof` object of a request; invalid_request (details.field) when it is not an
    /// object or a field is missing or mistyped.
    static Result<ApplicationProof> fromJson(const QJsonValue &proof);
    /// fresh_proof_required (details.reason "missing"): an application without a proof.
    static Error missing();
};

/// A single-use challenge for Method::Certificate (POST /api/v1/certificate-challenges).
struct ApplicationChallenge {
    QByteArray challenge; ///< 32 random bytes
    QDateTime expiresAt;
};

/// Checks and uses up application proofs, and tells the holder about every issue. Challenges
/// live in the database (only their SHA-256), expire after ChallengeLifetime seconds and are
/// consumed exactly once by consume() inside the issuing transaction, so several server
/// instances on one database agree. Identity proofs count against the IdentityLimits; SMS codes
/// are SmsCodeService codes of purpose certificate_application. Time from tq::Clock.
/// Does not own its collaborators; one caller at a time (the CA routes are serial).
class ApplicationProofs {
public:
    static constexpr int ChallengeLifetime = 300;

    ApplicationProofs(Database &db, IdentityService &identities, SmsCodeService &codes, SmsProvider &sms)
        : m_db(db), m_identities(identities), m_codes(codes), m_sms(sms)
    {
    }

    /// Stores a new challenge for the account and sends an SMS code to the account's phone.
    /// Errors: the SmsCodeService limits (sms_too_soon, sms_daily_limit), internal.
    Result<ApplicationChallenge> challenge(const QString &accountId);
    /// Checks `proof` for an application by `accountId`, whose verified identity is `person`,
    /// for the request `csrDer`. Uses up the SMS code (a wrong one counts against it) but not the
    /// challenge. Errors: fresh_proof_required (details.reason), identity_mismatch,
    /// too_many_verifications, invalid_sms_code, a provider's error.
    Result<void> check(const QString &accountId, const Identity &person, const ApplicationProof &proof,
                       const QByteArray &csrDer);
    /// Uses up the challenge of a Method::Certificate proof; call it inside the issuing
    /// transaction so a challenge gives at most one certificate. fresh_proof_required
    /// (reason "challenge") if it is unknown, expired or used.
    Result<void> consume(const QString &accountId, const ApplicationProof &proof);
    /// An SMS notice to the account's phone that `caName` issued a certificate at `issuedAt`,
    /// and how to revoke it if the holder did not apply. Failure is logged, never fatal: the
    /// certificate exists already.
    void notifyIssued(const QString &accountId, const QString &caName, const QDateTime &issuedAt);

private:
    Result<QString> phoneOf(const QString &accountId);
    /// The existing signing certificate of a Method::Certificate proof, checked: valid now and
    /// issued to the same person (any of that person's accounts).
    Result<QByteArray> signingCertificate(const QString &certificateId, const Identity &person);

    Database &m_db;
    IdentityService &m_identities;
    SmsCodeService &m_codes;
    SmsProvider &m_sms;
};

} // namespace tq::server
