#pragma once

#include "core/keys/localkeycustody.h"
#include "core/keys/twopartykeycustody.h"

#include <memory>

namespace tq {

/// All of a device's keys behind one KeyCustody: two-party keys (the default for new SM2 keys,
/// docs/key-custody.md) and keys kept whole on the device (imported keys, RSA and P-256, and
/// SM2 keys when the user chooses local custody). A key id names its custody by its form
/// (TwoPartyKeyCustody::isOwnId), so routing reads no file on the caller's thread.
///
/// Thread affinity: as the custodies it holds (create and call from one thread; jobs may
/// outlive this object).
class DeviceKeyCustody : public KeyCustody {
public:
    /// `twoParty` may be null (no server to share keys with): then every key is local.
    DeviceKeyCustody(std::shared_ptr<LocalKeyCustody> local, std::shared_ptr<TwoPartyKeyCustody> twoParty);

    /// Serves every later call from `local` and `twoParty` (as in the constructor), e.g. the key
    /// folders of another account. Jobs already returned finish on the custodies they came from.
    void use(std::shared_ptr<LocalKeyCustody> local, std::shared_ptr<TwoPartyKeyCustody> twoParty);

    /// TwoParty unless set otherwise (or unavailable).
    CustodyKind preferred() const override;
    void setPreferred(CustodyKind kind) { m_preferred = kind; }

    /// A new key in the custody `kind` (two-party keys are SM2 only).
    TaskJob<KeyInfo> *createKey(KeyAlgorithm algorithm, const SecureBytes &pin, CustodyKind kind) override;
    /// The custody of the key `id`.
    static CustodyKind kindOf(const QString &id);

    TaskJob<KeyInfo> *createKey(KeyAlgorithm algorithm, const SecureBytes &pin) override;
    TaskJob<KeyInfo> *importKey(const SecureBytes &pkcs8, const SecureBytes &pin) override;
    TaskJob<QByteArray> *sign(const QString &id, const SecureBytes &pin, const QByteArray &data) override;
    TaskJob<QByteArray> *signDigest(const QString &id, const SecureBytes &pin, const QByteArray &digest) override;
    TaskJob<QList<QByteArray>> *signEach(const QString &id, const SecureBytes &pin,
                                         const QList<QByteArray> &data) override;
    TaskJob<SecureBytes> *decrypt(const QString &id, const SecureBytes &pin, const QByteArray &ciphertext) override;
    TaskJob<std::vector<SecureBytes>> *decryptEach(const QString &id, const SecureBytes &pin,
                                                   const QList<QByteArray> &ciphertexts) override;
    TaskJob<Done> *changePin(const QString &id, const SecureBytes &oldPin, const SecureBytes &newPin) override;
    TaskJob<Done> *deleteKey(const QString &id, const SecureBytes &pin) override;
    /// Both custodies' keys, local ones first.
    TaskJob<QList<KeyInfo>> *keys() override;
    TaskJob<QJsonObject> *encryptionKeyRequest(const QString &signingKeyId, const SecureBytes &pin) override;
    TaskJob<KeyInfo> *installEncryptionKey(const QString &signingKeyId, const SecureBytes &pin,
                                           const EncryptionKeyDelivery &delivery) override;
    TaskJob<PinStatus> *pinStatus(const QString &id) override;
    TaskJob<Done> *resetPin(const QString &id, const IdentityProof &proof, const SecureBytes &newPin) override;

private:
    KeyCustody &of(const QString &id) const;

    std::shared_ptr<LocalKeyCustody> m_local;
    std::shared_ptr<TwoPartyKeyCustody> m_twoParty;
    CustodyKind m_preferred = CustodyKind::TwoParty;
};

} // namespace tq
