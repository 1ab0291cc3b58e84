#pragma once

#include "core/common/error.h"
#include "core/crypto/sm2.h"
#include "core/crypto/twoparty.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace tq::server {

class Database;
class IdentityService;
class MasterKey;
struct Identity;

/// Limits of the server half of two-party keys.
struct CosignLimits {
    int maxPinAttempts = 6;        ///< wrong PINs in a row that lock every key of the account
    int decryptionsPerHour = 120;  ///< per key; the decryption half is a static-DH oracle
    int signaturesPerHour = 1000;  ///< per key; far above a bidder's needs, bounds an abused key
    int failedUnlocksPerDay = 3;   ///< per key (twice that per account): unlock bypasses the PIN lock
    twoparty::PinCost pinCost = twoparty::DefaultPinCost; ///< the least scrypt cost of a new PIN record
    int pinChallengeSeconds = 120; ///< how long a PIN challenge can be used
    int openPinChallenges = 20;    ///< unexpired challenges an account may hold at once
};

/// The server's share d2 of two-party SM2 keys (docs/key-custody.md) and the PIN check in front
/// of it. d2 is sealed under the master key, bound to its key id. One PIN record per account
/// (`cosign_pins`) covers all its keys: the verifier (sealed under the master key, bound to the
/// account id), its salt and scrypt cost, and one counter of wrong PINs — after maxPinAttempts
/// every key of the account is locked (`pin_locked`) until unlocked after real-name
/// verification. The counter and lock are MACed with a master-key-derived key over the account
/// id and the record; a row whose MAC does not verify counts as locked, and so does a key whose
/// MAC over its id and account (written once, when it is made) does not. Every use of a key
/// proves the PIN with twoparty::pinProof over a single-use challenge (pinChallenge()), which
/// is consumed whether or not the proof is right; counters and challenges live in the database
/// alone, so several instances share them. Each session id and each Q1/T1 is accepted once per
/// key (`replayed`). Decryptions and signatures are rate-limited per
/// key (`rate_limited`, details.retryAfter); every sign and decrypt attempt is written to the
/// audit table, a sign attempt with SM3 of its e.
///
/// Each share has one usage (issue 15): keys made by keygen() sign, keys adopted from the KMC
/// decrypt; anything else is `wrong_key_usage`. A signing key may decrypt once, to open the KMC
/// envelope of its certificate's encryption key when the device installs it; the allowance is
/// counted down in the database. /sign needs the device's proof of knowledge of k1
/// (twoparty::checkSignRequest), so that Q1 cannot be w·C1 of a ciphertext.
///
/// Errors: `not_found` (no such key for this account), `wrong_pin` (details.attemptsLeft),
/// `pin_locked`, `replayed` (also a PIN challenge used or expired), `rate_limited`,
/// `invalid_request`, `crypto` (one generic error for every protocol failure), `internal`.
/// Uses the caller's thread's database connection.
class CosignService {
public:
    CosignService(Database &db, const MasterKey &masterKey, IdentityService &identities, CosignLimits limits = {});

    /// A fresh PIN challenge for the account. Answer: challenge (base64, 32 bytes), expiresIn,
    /// registered (whether the account has a PIN record), newPinCost {logN, r, p} (the cost a new
    /// or changed PIN must use) and, if registered, pinSalt and pinCost of the record,
    /// attemptsLeft and locked. `rate_limited` while openPinChallenges are unexpired.
    Result<QJsonObject> pinChallenge(const QString &accountId);
    /// Key generation, server side. `request`: sessionId, publicShare and proof (commitment,
    /// response) of the device; the PIN: pinChallenge and pinProof (operation "keygen", no key id,
    /// fields sessionId, publicShare) if the account has a PIN record, else pinSalt, pinVerifier
    /// and pinCost to register one. Answer: keyId, accountId, the server's publicShare and proof
    /// (bound to the session, the account, the device's share and the joint key:
    /// twoparty::serverKeygen), and the joint publicKey (base64 04‖x‖y).
    Result<QJsonObject> keygen(const QString &accountId, const QJsonObject &request);
    /// Takes in the server share of a key the KMC split (twoparty::splitKey) for the account:
    /// `jointPublicKey` 04‖x‖y. The key joins the account's PIN record; `pin` (pinSalt,
    /// pinVerifier, pinCost) registers one if the account has none and is ignored otherwise.
    /// Answers the new key id. Runs inside the caller's database transaction.
    Result<QString> adopt(const QString &accountId, const twoparty::SplitKey &split, QByteArrayView jointPublicKey,
                          const QJsonObject &pin);
    /// One signature, server side, signing keys only. `request`: sessionId, q1, e, the proof of
    /// knowledge of k1 (commitment, response), pinChallenge and pinProof (operation "sign",
    /// fields sessionId, q1, e, commitment, response). Answer: r, s2, s3.
    Result<QJsonObject> sign(const QString &accountId, const QString &keyId, const QJsonObject &request);
    /// One decryption, server side: encryption keys, or a signing key's installation decryption.
    /// `request`: sessionId, t1, pinChallenge and pinProof (operation "decrypt", fields sessionId,
    /// t1). Answer: t2.
    Result<QJsonObject> decrypt(const QString &accountId, const QString &keyId, const QJsonObject &request);
    /// Changes the account's PIN (for all its keys). `request`: pinChallenge and pinProof of the
    /// current PIN (operation "pin", fields newPinSalt, newPinVerifier, pinCostText(newPinCost)),
    /// newPinSalt, newPinVerifier, newPinCost (at least CosignLimits::pinCost).
    Result<void> changePin(const QString &accountId, const QString &keyId, const QJsonObject &request);
    /// Unlocks the account's keys (locked or not) with a new PIN after real-name verification
    /// again. `request`: name, idNumber, livenessToken (optional), newPinSalt, newPinVerifier,
    /// newPinCost. The person must be
    /// the one the key's certificate was issued to (certify()); for a key without a certificate,
    /// the one the account was verified as (`identity_required` if there was none).
    /// `identity_mismatch` otherwise (IdentityService::confirm); after failedUnlocksPerDay failed
    /// attempts on the key (twice that on the account) in a day, `rate_limited`.
    Result<void> unlock(const QString &accountId, const QString &keyId, const QJsonObject &request);
    /// keyId, publicKey, and of the account's PIN record pinSalt, attemptsLeft, locked.
    Result<QJsonObject> describe(const QString &accountId, const QString &keyId);
    /// Deletes the share for good. `request`: pinChallenge and pinProof (operation "deletion", no
    /// fields), checked and counted as for signing (`wrong_pin`, `pin_locked`: a token alone
    /// deletes nothing).
    Result<void> remove(const QString &accountId, const QString &keyId, const QJsonObject &request);
    /// Records that a certificate naming `person` was issued for the account's two-party key with
    /// the joint public key `publicPoint` (04‖x‖y), if there is one; unlock() then compares with
    /// that person. Runs inside the caller's database transaction.
    Result<void> certify(const QString &accountId, QByteArrayView publicPoint, const Identity &person);

private:
    struct Key;
    Result<Key> load(const QString &accountId, const QString &keyId);
    struct PinState;
    Result<std::optional<PinState>> loadPin(const QString &accountId);
    Result<PinState> checkPin(const QString &accountId, const Key *key, const QJsonObject &request,
                              QByteArrayView operation, QByteArrayView requestDigest);
    QByteArray keyAccountMac(const QString &keyId, const QString &accountId) const;
    Result<PinState> countPin(PinState state, bool right);
    Result<void> consumeChallenge(const QString &accountId, QByteArrayView challenge);
    Result<void> enrolPin(const QString &accountId, const QJsonObject &request, QByteArrayView digest);
    QByteArray pinStateMac(const PinState &state) const;
    Result<void> once(const QString &keyId, QByteArrayView kind, QByteArrayView value);
    Result<ossl::BnSecretPtr> share(const Key &key);
    void audit(const Key &key, const char *operation, const Error &outcome, const QByteArray &digest = {});
    Result<void> withinHourlyLimit(const Key &key, const char *operation, int limit);
    Result<void> useForDecryption(const Key &key);

    struct NewPin;
    Result<NewPin> newPin(const QJsonObject &request, const QString &prefix) const;
    Result<void> setPin(const QString &accountId, const std::optional<PinState> &current, const NewPin &pin);
    Result<QString> store(const QString &accountId, const BIGNUM *share, QByteArrayView jointPublicKey,
                          QByteArrayView devicePublicShare, QLatin1String usage);

    Database &m_db;
    const MasterKey &m_masterKey;
    IdentityService &m_identities;
    CosignLimits m_limits;
    Sm2 m_sm2;
};

} // namespace tq::server
