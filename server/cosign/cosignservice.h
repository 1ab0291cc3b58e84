#pragma once

#include "core/common/error.h"
#include "core/crypto/sm2.h"
#include "core/crypto/twoparty.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace tq::server {

class Database;
class IdentityService;
class MasterKey;
struct Identity;

/// Limits of the server half of two-party keys.
struct CosignLimits {
    int maxPinAttempts = 6;        ///< wrong PINs in a row that lock a key
    int decryptionsPerHour = 120;  ///< per key; the decryption half is a static-DH oracle
    int signaturesPerHour = 1000;  ///< per key; far above a bidder's needs, bounds an abused key
    int failedUnlocksPerDay = 3;   ///< per key (twice that per account): unlock bypasses the PIN lock
};

/// The server's share d2 of two-party SM2 keys (docs/key-custody.md) and the PIN check in front
/// of it. d2 is sealed under the master key, bound to its key id. Every operation needs the
/// PIN verifier the device derives from the PIN and the key's salt; the server keeps only a
/// keyed hash of it and a counter of wrong PINs: after maxPinAttempts the key is locked
/// (`pin_locked`) until unlocked after real-name verification. Each session id and each Q1/T1
/// is accepted once per key (`replayed`). Decryptions and signatures are rate-limited per key
/// (`rate_limited`, details.retryAfter); every sign and decrypt attempt is written to the audit
/// table, a sign attempt with SM3 of its e.
///
/// Each share has one usage (issue 15): keys made by keygen() sign, keys adopted from the KMC
/// decrypt; anything else is `wrong_key_usage`. A signing key may decrypt once, to open the KMC
/// envelope of its certificate's encryption key when the device installs it; the allowance is
/// counted down in the database. /sign needs the device's proof of knowledge of k1
/// (twoparty::checkSignRequest), so that Q1 cannot be w·C1 of a ciphertext.
///
/// Errors: `not_found` (no such key for this account), `wrong_pin` (details.attemptsLeft),
/// `pin_locked`, `replayed`, `rate_limited`, `invalid_request`, `crypto` (one generic error
/// for every protocol failure), `internal`. Uses the caller's thread's database connection.
class CosignService {
public:
    CosignService(Database &db, const MasterKey &masterKey, IdentityService &identities, CosignLimits limits = {});

    /// Key generation, server side. `request`: sessionId, publicShare and proof (commitment,
    /// response) of the device, pinSalt and pinVerifier (base64). Answer: keyId, accountId, the
    /// server's publicShare and proof (bound to the session, the account, the device's share and
    /// the joint key: twoparty::serverKeygen), and the joint publicKey (base64 04‖x‖y).
    Result<QJsonObject> keygen(const QString &accountId, const QJsonObject &request);
    /// Takes in the server share of a key the KMC split (twoparty::splitKey) for the account:
    /// `jointPublicKey` 04‖x‖y, `pin`: pinSalt and pinVerifier (base64) chosen by the device.
    /// Answers the new key id. Runs inside the caller's database transaction.
    Result<QString> adopt(const QString &accountId, const twoparty::SplitKey &split, QByteArrayView jointPublicKey,
                          const QJsonObject &pin);
    /// One signature, server side, signing keys only. `request`: sessionId, pinVerifier, q1, e,
    /// and the proof of knowledge of k1 (commitment, response). Answer: r, s2, s3.
    Result<QJsonObject> sign(const QString &accountId, const QString &keyId, const QJsonObject &request);
    /// One decryption, server side: encryption keys, or a signing key's installation decryption.
    /// `request`: sessionId, pinVerifier, t1. Answer: t2.
    Result<QJsonObject> decrypt(const QString &accountId, const QString &keyId, const QJsonObject &request);
    /// `request`: pinVerifier (current), newPinSalt, newPinVerifier.
    Result<void> changePin(const QString &accountId, const QString &keyId, const QJsonObject &request);
    /// Unlocks a key (locked or not) with a new PIN after real-name verification again. `request`:
    /// name, idNumber, livenessToken (optional), newPinSalt, newPinVerifier. The person must be
    /// the one the key's certificate was issued to (certify()); for a key without a certificate,
    /// the one the account was verified as (`identity_required` if there was none).
    /// `identity_mismatch` otherwise (IdentityService::confirm); after failedUnlocksPerDay failed
    /// attempts on the key (twice that on the account) in a day, `rate_limited`.
    Result<void> unlock(const QString &accountId, const QString &keyId, const QJsonObject &request);
    /// keyId, publicKey, pinSalt, attemptsLeft, locked.
    Result<QJsonObject> describe(const QString &accountId, const QString &keyId);
    /// Deletes the share for good. `request`: pinVerifier, checked and counted as for signing
    /// (`wrong_pin`, `pin_locked`: a token alone deletes nothing).
    Result<void> remove(const QString &accountId, const QString &keyId, const QJsonObject &request);
    /// Records that a certificate naming `person` was issued for the account's two-party key with
    /// the joint public key `publicPoint` (04‖x‖y), if there is one; unlock() then compares with
    /// that person. Runs inside the caller's database transaction.
    Result<void> certify(const QString &accountId, QByteArrayView publicPoint, const Identity &person);

private:
    struct Key;
    Result<Key> load(const QString &accountId, const QString &keyId);
    Result<void> checkPin(const Key &key, const QJsonObject &request);
    Result<void> once(const QString &keyId, QByteArrayView kind, QByteArrayView value);
    Result<ossl::BnSecretPtr> share(const Key &key);
    void audit(const Key &key, const char *operation, const Error &outcome, const QByteArray &digest = {});
    Result<void> withinHourlyLimit(const Key &key, const char *operation, int limit);
    Result<void> useForDecryption(const Key &key);
    QByteArray pinHash(const QString &keyId, QByteArrayView verifier) const;

    Result<void> setPin(const Key &key, QByteArrayView salt, QByteArrayView verifier);
    Result<QString> store(const QString &accountId, const BIGNUM *share, QByteArrayView jointPublicKey,
                          QByteArrayView devicePublicShare, QByteArrayView pinSalt, QByteArrayView pinVerifier,
                          QLatin1String usage);

    Database &m_db;
    const MasterKey &m_masterKey;
    IdentityService &m_identities;
    CosignLimits m_limits;
    Sm2 m_sm2;
};

} // namespace tq::server
