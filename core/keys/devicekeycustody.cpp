#include "core/keys/devicekeycustody.h"

#include "core/keys/keyfiles.h"

namespace tq {

DeviceKeyCustody::DeviceKeyCustody(std::shared_ptr<LocalKeyCustody> local, std::shared_ptr<TwoPartyKeyCustody> twoParty)
    : m_local(std::move(local)), m_twoParty(std::move(twoParty))
{
}

void DeviceKeyCustody::use(std::shared_ptr<LocalKeyCustody> local, std::shared_ptr<TwoPartyKeyCustody> twoParty)
{
    m_local = std::move(local);
    m_twoParty = std::move(twoParty);
}

CustodyKind DeviceKeyCustody::preferred() const
{
    return m_twoParty ? m_preferred : CustodyKind::Local;
}

CustodyKind DeviceKeyCustody::kindOf(const QString &id)
{
    return TwoPartyKeyCustody::isOwnId(id) ? CustodyKind::TwoParty : CustodyKind::Local;
}

KeyCustody &DeviceKeyCustody::of(const QString &id) const
{
    // Without a two-party custody its ids reach the local one, which answers not_found.
    if (m_twoParty && kindOf(id) == CustodyKind::TwoParty)
        return *m_twoParty;
    return *m_local;
}

TaskJob<KeyInfo> *DeviceKeyCustody::createKey(KeyAlgorithm algorithm, const SecureBytes &pin, CustodyKind kind)
{
    if (kind == CustodyKind::Local)
        return m_local->createKey(algorithm, pin);
    if (!m_twoParty) // never a silent switch to the weaker custody
        return new TaskJob<KeyInfo>([]() -> Result<KeyInfo> { return keyfiles::otherCustody(); });
    return m_twoParty->createKey(algorithm, pin);
}

TaskJob<KeyInfo> *DeviceKeyCustody::createKey(KeyAlgorithm algorithm, const SecureBytes &pin)
{
    // Two-party keys are SM2 only; a platform that needs RSA or P-256 gets a local key.
    return createKey(algorithm, pin, algorithm == KeyAlgorithm::Sm2 ? preferred() : CustodyKind::Local);
}

TaskJob<KeyInfo> *DeviceKeyCustody::importKey(const SecureBytes &pkcs8, const SecureBytes &pin)
{
    return m_local->importKey(pkcs8, pin);
}

TaskJob<QByteArray> *DeviceKeyCustody::sign(const QString &id, const SecureBytes &pin, const QByteArray &data)
{
    return of(id).sign(id, pin, data);
}

TaskJob<QByteArray> *DeviceKeyCustody::signDigest(const QString &id, const SecureBytes &pin, const QByteArray &digest)
{
    return of(id).signDigest(id, pin, digest);
}

TaskJob<QList<QByteArray>> *DeviceKeyCustody::signEach(const QString &id, const SecureBytes &pin,
                                                       const QList<QByteArray> &data)
{
    return of(id).signEach(id, pin, data);
}

TaskJob<SecureBytes> *DeviceKeyCustody::decrypt(const QString &id, const SecureBytes &pin, const QByteArray &ciphertext)
{
    return of(id).decrypt(id, pin, ciphertext);
}

TaskJob<std::vector<SecureBytes>> *DeviceKeyCustody::decryptEach(const QString &id, const SecureBytes &pin,
                                                                 const QList<QByteArray> &ciphertexts)
{
    return of(id).decryptEach(id, pin, ciphertexts);
}

TaskJob<Done> *DeviceKeyCustody::changePin(const QString &id, const SecureBytes &oldPin, const SecureBytes &newPin)
{
    return of(id).changePin(id, oldPin, newPin);
}

TaskJob<Done> *DeviceKeyCustody::deleteKey(const QString &id, const SecureBytes &pin)
{
    return of(id).deleteKey(id, pin);
}

TaskJob<QList<KeyInfo>> *DeviceKeyCustody::keys()
{
    auto local = m_local->lister();
    auto twoParty = m_twoParty ? m_twoParty->lister() : std::function<Result<QList<KeyInfo>>()>();
    return new TaskJob<QList<KeyInfo>>([local, twoParty]() -> Result<QList<KeyInfo>> {
        auto all = local();
        if (!all || !twoParty)
            return all;
        auto shared = twoParty();
        if (!shared)
            return shared.error();
        all.value().append(shared.value());
        return all;
    });
}

TaskJob<QJsonObject> *DeviceKeyCustody::encryptionKeyRequest(const QString &signingKeyId, const SecureBytes &pin)
{
    return of(signingKeyId).encryptionKeyRequest(signingKeyId, pin);
}

TaskJob<KeyInfo> *DeviceKeyCustody::installEncryptionKey(const QString &signingKeyId, const SecureBytes &pin,
                                                         const EncryptionKeyDelivery &delivery)
{
    return of(signingKeyId).installEncryptionKey(signingKeyId, pin, delivery);
}

TaskJob<PinStatus> *DeviceKeyCustody::pinStatus(const QString &id)
{
    return of(id).pinStatus(id);
}

TaskJob<Done> *DeviceKeyCustody::resetPin(const QString &id, const IdentityProof &proof, const SecureBytes &newPin)
{
    return of(id).resetPin(id, proof, newPin);
}

} // namespace tq
