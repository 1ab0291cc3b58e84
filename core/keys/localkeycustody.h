#pragma once

#include "core/crypto/passwordhash.h"
#include "core/keys/keycustody.h"
#include "core/keys/secretstore.h"

#include <functional>
#include <memory>
#include <optional>

namespace tq {

/// Keys kept in files on this device, one `<id>.tqkey` JSON file each (0600, written atomically).
///
/// The PKCS#8 private key is sealed twice with AES-256-GCM: first under a key derived from the
/// PIN with scrypt (parameters and salt stored with the blob), then under a random 256-bit
/// device key held in the SecretStore. The file alone therefore reveals nothing and cannot be
/// used to test PIN guesses offline; the device key alone cannot open it without the PIN.
/// Every header field is bound as associated data. Limiting PIN attempts is the server's job
/// (see security research §2.3); this class only tells a wrong PIN from a damaged file.
///
/// Thread affinity: create and call from one thread; jobs share an internal state object, so
/// they may outlive this object. The SecretStore must be thread-safe.
class LocalKeyCustody : public KeyCustody {
public:
    struct Options {
        QString directory; ///< where key files live
        PinPolicy pinPolicy;
        /// scrypt cost; nullopt → calibrated on this device to about kdfTargetMs on first use.
        std::optional<PasswordHash::Params> kdfParams;
        int kdfTargetMs = 250;
    };

    LocalKeyCustody(Options options, std::shared_ptr<SecretStore> secrets);
    ~LocalKeyCustody() override;

    CustodyKind preferred() const override { return CustodyKind::Local; }
    TaskJob<KeyInfo> *createKey(KeyAlgorithm algorithm, const SecureBytes &pin) override;
    TaskJob<KeyInfo> *createKey(KeyAlgorithm algorithm, const SecureBytes &pin, CustodyKind kind) override;
    TaskJob<KeyInfo> *importKey(const SecureBytes &pkcs8, const SecureBytes &pin) override;
    TaskJob<QByteArray> *sign(const QString &id, const SecureBytes &pin, const QByteArray &data) override;
    TaskJob<QByteArray> *signDigest(const QString &id, const SecureBytes &pin, const QByteArray &digest) override;
    TaskJob<QList<QByteArray>> *signEach(const QString &id, const SecureBytes &pin,
                                         const QList<QByteArray> &data) override;
    TaskJob<std::vector<SecureBytes>> *decryptEach(const QString &id, const SecureBytes &pin,
                                                   const QList<QByteArray> &ciphertexts) override;
    TaskJob<SecureBytes> *decrypt(const QString &id, const SecureBytes &pin, const QByteArray &ciphertext) override;
    TaskJob<Done> *changePin(const QString &id, const SecureBytes &oldPin, const SecureBytes &newPin) override;
    TaskJob<Done> *deleteKey(const QString &id, const SecureBytes &pin) override;
    TaskJob<QList<KeyInfo>> *keys() override;
    /// What keys() runs, for a job that lists several custodies at once (blocking; any thread;
    /// may outlive this object).
    std::function<Result<QList<KeyInfo>>()> lister() const;
    TaskJob<QJsonObject> *encryptionKeyRequest(const QString &signingKeyId, const SecureBytes &pin) override;
    TaskJob<KeyInfo> *installEncryptionKey(const QString &signingKeyId, const SecureBytes &pin,
                                           const EncryptionKeyDelivery &delivery) override;
    TaskJob<PinStatus> *pinStatus(const QString &id) override;
    TaskJob<Done> *resetPin(const QString &id, const IdentityProof &proof, const SecureBytes &newPin) override;

    /// scrypt parameters (r = 8, p = 1) whose cost on this machine is close to `targetMs`,
    /// with N between 2^14 and 2^17 (memory 16–128 MiB). Blocks for a short measurement.
    static PasswordHash::Params calibrate(int targetMs);

    /// The secret-store name of the device key.
    static QString deviceKeyName();

    struct State;

private:
    std::shared_ptr<State> m_state;
};

} // namespace tq
