#pragma once

#include "core/keys/keycustody.h"
#include "core/keys/secretstore.h"

#include <QJsonObject>
#include <QPointer>

#include <functional>
#include <memory>

namespace tq {

class AuthenticatedClient;

/// How TwoPartyKeyCustody reaches the server's half (/api/v1/cosign). Called from worker
/// threads; blocks that thread until the answer is there. Must be thread-safe.
class CosignTransport {
public:
    virtual ~CosignTransport() = default;
    /// `verb` is GET, POST or DELETE; `path` is relative to /api/v1. The server's error on failure.
    virtual Result<QJsonObject> call(const QByteArray &verb, const QString &path, const QJsonObject &body) = 0;
};

/// CosignTransport over the account's AuthenticatedClient (AccountSession::client()), so the
/// access token is attached and renewed as for every other call: each call is handed to the
/// client's thread (which must run an event loop and must not be the calling thread), and the
/// waiting worker gives its global-pool slot back meanwhile (core/common/poolwait.h). Calls
/// fail with `network` once the client is gone.
class ApiCosignTransport : public CosignTransport {
public:
    explicit ApiCosignTransport(AuthenticatedClient *client);
    Result<QJsonObject> call(const QByteArray &verb, const QString &path, const QJsonObject &body) override;

private:
    QPointer<AuthenticatedClient> m_client;
};

/// Two-party SM2 keys (docs/key-custody.md): the device keeps the share d1, the server the
/// share d2, and the private key exists nowhere. One `<id>.tq2p` JSON file per key (0600,
/// atomic), d1 sealed with AES-256-GCM under a random device key held in the SecretStore —
/// NOT under the PIN, so the file can never be used to test PIN guesses. The PIN only ever
/// becomes a verifier sent to the server, which counts wrong PINs and locks the key after 6.
/// Every signature and decryption is one round trip to the server; each signature is checked
/// with ordinary SM2 verification before it is returned.
///
/// SM2 only: createKey with another algorithm and importKey fail with `crypto` (imported keys
/// belong in LocalKeyCustody). The KMC delivers encryption keys split (installEncryptionKey);
/// a locked PIN is reset with resetPin after real-name verification. Server errors (`wrong_pin` with details.attemptsLeft,
/// `pin_locked`, `rate_limited`, `network`…) are passed through unchanged.
///
/// Thread affinity: create and call from one thread; jobs share an internal state object and
/// may outlive this object. The transport and the SecretStore must be thread-safe.
class TwoPartyKeyCustody : public KeyCustody {
public:
    struct Options {
        QString directory; ///< where key files live
        PinPolicy pinPolicy;
    };

    TwoPartyKeyCustody(Options options, std::shared_ptr<SecretStore> secrets,
                       std::shared_ptr<CosignTransport> transport);
    ~TwoPartyKeyCustody() override;

    CustodyKind preferred() const override { return CustodyKind::TwoParty; }
    TaskJob<KeyInfo> *createKey(KeyAlgorithm algorithm, const SecureBytes &pin) override;
    TaskJob<KeyInfo> *createKey(KeyAlgorithm algorithm, const SecureBytes &pin, CustodyKind kind) override;
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
    TaskJob<QList<KeyInfo>> *keys() override;
    /// What keys() runs, for a job that lists several custodies at once (blocking; any thread;
    /// may outlive this object).
    std::function<Result<QList<KeyInfo>>()> lister() const;
    TaskJob<QJsonObject> *encryptionKeyRequest(const QString &signingKeyId, const SecureBytes &pin) override;
    TaskJob<KeyInfo> *installEncryptionKey(const QString &signingKeyId, const SecureBytes &pin,
                                           const EncryptionKeyDelivery &delivery) override;
    TaskJob<PinStatus> *pinStatus(const QString &id) override;
    TaskJob<Done> *resetPin(const QString &id, const IdentityProof &proof, const SecureBytes &newPin) override;

    /// The secret-store name of the device key wrapping the device shares.
    static QString deviceKeyName();
    /// Whether `id` has the form of a two-party key id (a UUID the server chose).
    static bool isOwnId(const QString &id);

    struct State;

private:
    std::shared_ptr<State> m_state;
};

} // namespace tq
