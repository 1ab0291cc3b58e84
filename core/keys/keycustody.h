#pragma once

#include "core/crypto/keypair.h"
#include "core/crypto/securebytes.h"
#include "core/common/taskjob.h"
#include "core/validators/rules.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <vector>

namespace tq {

/// Where a key lives (docs/key-custody.md).
enum class CustodyKind {
    Local,    ///< whole on this device, under the PIN; no retry limit against a copy of its files
    TwoParty, ///< split between this device and the server, which checks the PIN and locks after 6
};

/// The public facts about a key held in custody.
struct KeyInfo {
    QString id; ///< opaque handle, safe as a file name
    KeyAlgorithm algorithm = KeyAlgorithm::Sm2;
    QByteArray publicKeyDer; ///< SubjectPublicKeyInfo
    QDateTime created;       ///< UTC
    CustodyKind custody = CustodyKind::Local;
};

/// A key's PIN retry state. Local keys have no limit: attemptsLeft is -1.
struct PinStatus {
    int attemptsLeft = -1;
    bool locked = false;
};

/// The person's real-name data, given again to unlock a key (never stored by the device).
struct IdentityProof {
    QString name;
    QString idNumber;
    QString livenessToken; ///< from a face-liveness check, where the platform has one
};

/// An SM2 encryption key as the KMC delivers it in the answer to a certificate application
/// (dual-certificate scheme).
struct EncryptionKeyDelivery {
    QByteArray envelope;              ///< GM/T 0009 SM2EnvelopedKey to the signing key
    QByteArray certifiedPublicKeyDer; ///< the encryption certificate's key; what is installed must match it
    QJsonObject request;              ///< what encryptionKeyRequest() gave for this application
    QString cosignKeyId;              ///< two-party only: the server's key id of its share
    QByteArray serverPublicShare;     ///< two-party only: P2 = d2⁻¹·G
};

/// What a PIN must look like. Default: exactly 6 digits.
struct PinPolicy {
    int minLength = rules::PinLength;
    int maxLength = rules::PinLength;
    bool digitsOnly = true;

    /// Fails with `invalid_pin` whose details state the policy (minLength, maxLength, digitsOnly).
    Result<void> check(const SecureBytes &pin) const;
};

/// Custody of private keys that are unlocked with a PIN. Private keys never leave custody:
/// callers get signatures and plaintexts, and refer to keys by id.
///
/// Every operation returns a Job that is not yet started: connect to finished(), then call
/// start(). The key derivation and cryptography run on worker threads; results arrive in the
/// caller's thread. Errors: `wrong_pin`, `invalid_pin`, `not_found` (no such key),
/// `key_corrupted` (stored key damaged), `storage`, `crypto`. PINs are copied into the job and
/// wiped with it. Implementations must let jobs outlive the custody object.
class KeyCustody {
public:
    virtual ~KeyCustody() = default;

    /// The kind createKey() without a kind gives new SM2 keys.
    virtual CustodyKind preferred() const = 0;
    /// Generates a key of `algorithm` protected by `pin`, in this custody's default kind.
    virtual TaskJob<KeyInfo> *createKey(KeyAlgorithm algorithm, const SecureBytes &pin) = 0;
    /// The same in the custody `kind`; fails with `invalid_request` where this custody has no
    /// such kind (two-party keys are SM2 only).
    virtual TaskJob<KeyInfo> *createKey(KeyAlgorithm algorithm, const SecureBytes &pin, CustodyKind kind) = 0;
    /// Takes an existing private key (unencrypted PKCS#8 DER, e.g. from a PKCS#12 file) into
    /// custody under `pin`.
    virtual TaskJob<KeyInfo> *importKey(const SecureBytes &pkcs8, const SecureBytes &pin) = 0;
    /// Signs `data` (SM2: SM2-with-SM3 and the default ID; P-256: ECDSA-SHA256; RSA: PKCS#1 v1.5
    /// SHA-256). The signature is DER for EC keys.
    virtual TaskJob<QByteArray> *sign(const QString &id, const SecureBytes &pin, const QByteArray &data) = 0;
    /// Signs a precomputed 32-byte digest (SM2: e = SM3(Z ‖ M)).
    virtual TaskJob<QByteArray> *signDigest(const QString &id, const SecureBytes &pin, const QByteArray &digest) = 0;
    /// Signs each of `data` as sign() does, unlocking the key once (a transaction with many items).
    virtual TaskJob<QList<QByteArray>> *signEach(const QString &id, const SecureBytes &pin,
                                                 const QList<QByteArray> &data) = 0;
    /// SM2 decryption of a GM/T 0009 ciphertext.
    virtual TaskJob<SecureBytes> *decrypt(const QString &id, const SecureBytes &pin, const QByteArray &ciphertext) = 0;
    /// Decrypts each of `ciphertexts` as decrypt() does, unlocking the key once.
    virtual TaskJob<std::vector<SecureBytes>> *decryptEach(const QString &id, const SecureBytes &pin,
                                                           const QList<QByteArray> &ciphertexts) = 0;
    /// Re-wraps the same key under `newPin`; the key itself is never regenerated.
    virtual TaskJob<Done> *changePin(const QString &id, const SecureBytes &oldPin, const SecureBytes &newPin) = 0;
    /// Deletes the key for good. A two-party key's server share goes only with the right `pin`
    /// (a wrong one counts towards its lock, so the access token alone destroys nothing); local
    /// custody does not need it (whoever can delete the file can delete the file).
    virtual TaskJob<Done> *deleteKey(const QString &id, const SecureBytes &pin) = 0;
    /// All keys in custody.
    virtual TaskJob<QList<KeyInfo>> *keys() = 0;

    /// The fields a certificate application sends (as `encryptionKeyCosign`, when not empty) so
    /// that the KMC delivers the SM2 encryption key into this custody; checks the PIN policy.
    virtual TaskJob<QJsonObject> *encryptionKeyRequest(const QString &signingKeyId, const SecureBytes &pin) = 0;
    /// Takes the KMC's delivery into custody under `pin`, opening the envelope with the signing
    /// key `signingKeyId` (one unlock); fails with `bad_response` if the key is not the certified one.
    virtual TaskJob<KeyInfo> *installEncryptionKey(const QString &signingKeyId, const SecureBytes &pin,
                                                   const EncryptionKeyDelivery &delivery) = 0;
    /// The key's PIN retry state (asks the server for two-party keys).
    virtual TaskJob<PinStatus> *pinStatus(const QString &id) = 0;
    /// Sets `newPin` on a key, locked or not, after the server has checked `proof` against the
    /// account's verified identity. Two-party keys only; local keys fail with `invalid_request`.
    virtual TaskJob<Done> *resetPin(const QString &id, const IdentityProof &proof, const SecureBytes &newPin) = 0;
};

} // namespace tq
