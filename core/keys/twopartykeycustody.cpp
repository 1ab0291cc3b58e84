#include "core/keys/twopartykeycustody.h"

#include "core/protocol/authenticatedclient.h"
#include "core/common/encoding.h"
#include "core/common/poolwait.h"
#include "core/crypto/envelopedkey.h"
#include "core/crypto/random.h"
#include "core/crypto/sm2.h"
#include "core/crypto/symmetric.h"
#include "core/crypto/twoparty.h"
#include "core/keys/keyfiles.h"
#include "core/common/privatefile.h"
#include "core/protocol/routes.h"
#include "core/crypto/certificateerrors.h"
#include "core/common/apierrors.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QMutex>
#include <QMutexLocker>
#include <QSemaphore>
#include <QThread>
#include <QUuid>


namespace tq {

namespace {

constexpr char Format[] = "tongqian-2p-key/1";
constexpr char Suffix[] = ".tq2p";
constexpr int SaltSize = 16;
constexpr int SessionSize = 16;

QString keyPath(const QString &id, QLatin1String route = routes::CosignKey)
{
    return routes::withArg(route, id);
}

// The on-disk record. Everything except `wrapped` is public and bound as associated data.
struct KeyFile {
    KeyInfo info;
    QByteArray point; // the joint public key, 04‖x‖y
    QByteArray pinSalt;
    QByteArray wrapped; // d1 under the device key

    QByteArray aad() const
    {
        return QByteArrayList{Format, info.id.toUtf8(), info.publicKeyDer.toBase64(),
                              info.created.toString(Qt::ISODate).toUtf8(), point.toBase64(), pinSalt.toBase64()}
            .join('\n');
    }

    QByteArray toJson() const
    {
        const QJsonObject o{{QStringLiteral("format"), QString::fromLatin1(Format)},
                            {QStringLiteral("id"), info.id},
                            {QStringLiteral("algorithm"), keyAlgorithmName(info.algorithm)},
                            {QStringLiteral("publicKey"), toBase64Text(info.publicKeyDer)},
                            {QStringLiteral("created"), info.created.toString(Qt::ISODate)},
                            {QStringLiteral("point"), toBase64Text(point)},
                            {QStringLiteral("pinSalt"), toBase64Text(pinSalt)},
                            {QStringLiteral("wrapped"), toBase64Text(wrapped)}};
        return QJsonDocument(o).toJson(QJsonDocument::Indented);
    }

    static std::optional<KeyFile> fromJson(const QByteArray &json, const QString &expectedId)
    {
        const QJsonObject o = QJsonDocument::fromJson(json).object();
        KeyFile f;
        f.info.id = o.value(QStringLiteral("id")).toString();
        f.info.algorithm = KeyAlgorithm::Sm2;
        f.info.custody = CustodyKind::TwoParty;
        f.info.publicKeyDer = bytesFromBase64Text(o.value(QStringLiteral("publicKey")));
        f.info.created = QDateTime::fromString(o.value(QStringLiteral("created")).toString(), Qt::ISODate);
        f.point = bytesFromBase64Text(o.value(QStringLiteral("point")));
        f.pinSalt = bytesFromBase64Text(o.value(QStringLiteral("pinSalt")));
        f.wrapped = bytesFromBase64Text(o.value(QStringLiteral("wrapped")));
        if (o.value(QStringLiteral("format")).toString() != QLatin1String(Format) || f.info.id != expectedId
            || o.value(QStringLiteral("algorithm")).toString() != keyAlgorithmName(KeyAlgorithm::Sm2)
            || f.info.publicKeyDer.isEmpty() || !f.info.created.isValid() || f.point.size() != Sm2::PointSize
            || f.pinSalt.size() < SaltSize || f.wrapped.isEmpty())
            return std::nullopt;
        return f;
    }
};

// What POST /cosign/pin-challenges answers.
struct PinChallenge {
    QByteArray challenge;
    bool registered = false;
    bool locked = false;
    QByteArray salt;             // of the account's PIN record, if registered
    twoparty::PinCost cost;      // of the account's PIN record, if registered
    twoparty::PinCost newCost;   // for a new or changed PIN

    static std::optional<twoparty::PinCost> costOf(const QJsonValue &v)
    {
        const QJsonObject o = v.toObject();
        const twoparty::PinCost cost{o.value(QStringLiteral("logN")).toInt(-1), o.value(QStringLiteral("r")).toInt(-1),
                                     o.value(QStringLiteral("p")).toInt(-1)};
        return twoparty::acceptablePinCost(cost) ? std::optional(cost) : std::nullopt;
    }

    static std::optional<PinChallenge> fromJson(const QJsonObject &o)
    {
        PinChallenge c;
        c.challenge = bytesFromBase64Text(o.value(QStringLiteral("challenge")));
        c.registered = o.value(QStringLiteral("registered")).toBool();
        c.locked = o.value(QStringLiteral("locked")).toBool();
        const auto newCost = costOf(o.value(QStringLiteral("newPinCost")));
        if (c.challenge.isEmpty() || !newCost)
            return std::nullopt;
        c.newCost = *newCost;
        if (c.registered && !c.locked) {
            c.salt = bytesFromBase64Text(o.value(QStringLiteral("pinSalt")));
            const auto cost = costOf(o.value(QStringLiteral("pinCost")));
            if (c.salt.size() < SaltSize || !cost)
                return std::nullopt;
            c.cost = *cost;
        }
        return c;
    }
};

// A new PIN as the server registers it: `<prefix>Salt`, `<prefix>Verifier`, `<prefix>Cost`
// in `fields`, with the salt and verifier kept for what the device does next.
struct NewPinFields {
    QByteArray salt;
    SecureBytes verifier;
    QJsonObject fields;
    QByteArray digest; // what a PIN change's proof binds of these fields
};

Result<NewPinFields> newPinFields(const QString &prefix, const SecureBytes &pin, twoparty::PinCost cost)
{
    NewPinFields p;
    p.salt = Random::bytes(SaltSize);
    p.verifier = twoparty::pinVerifier(pin, p.salt, cost);
    if (p.verifier.isEmpty())
        return ossl::failure("scrypt");
    p.fields = {{prefix + QStringLiteral("Salt"), toBase64Text(p.salt)},
                {prefix + QStringLiteral("Verifier"), toBase64Text(p.verifier.view())},
                {prefix + QStringLiteral("Cost"),
                 QJsonObject{{QStringLiteral("logN"), cost.logN}, {QStringLiteral("r"), cost.r}, {QStringLiteral("p"), cost.p}}}};
    p.digest = twoparty::pinRequestDigest({p.salt, p.verifier.view(), twoparty::pinCostText(cost)});
    return p;
}

} // namespace

// ---- transport over ApiClient

ApiCosignTransport::ApiCosignTransport(AuthenticatedClient *client) : m_client(client) {}

Result<QJsonObject> ApiCosignTransport::call(const QByteArray &verb, const QString &path, const QJsonObject &body)
{
    struct Pending {
        QSemaphore done;
        QMutex mutex;
        std::optional<Result<QJsonObject>> result;
    };
    const Error gone(ApiError::Network,
                     QStringLiteral("the cosign transport's API client is gone"));
    QPointer<AuthenticatedClient> client = m_client;
    if (!client || QThread::currentThread() == client->thread())
        return gone;
    auto pending = std::make_shared<Pending>();
    QMetaObject::invokeMethod(
        client.data(),
        [client, pending, verb, path, body] {
            ApiJob *job = verb == "GET"      ? client->get(path)
                          : verb == "DELETE" ? client->del(path)
                                             : client->post(path, body);
            job->then(job, [job, pending] {
                QMutexLocker lock(&pending->mutex);
                pending->result.emplace(job->hasError() ? Result<QJsonObject>(job->error())
                                                        : Result<QJsonObject>(job->data()));
                pending->done.release();
            });
        },
        Qt::QueuedConnection);
    // The request has its own transfer timeout; this bound only covers a client thread that died.
    // The wait is a whole round trip: the pool slot goes back for it (see poolwait.h).
    if (!waitWithoutPoolSlot([&pending] { return pending->done.tryAcquire(1, 3 * ApiClient::TransferTimeoutMs); }))
        return gone;
    QMutexLocker lock(&pending->mutex);
    return *pending->result;
}

// ---- shared state of the custody and its jobs

struct TwoPartyKeyCustody::State {
    Options options;
    std::shared_ptr<SecretStore> secrets;
    std::shared_ptr<CosignTransport> transport;
    QMutex mutex; // serialises device-key creation and file replacement
    const Sm2 sm2;

    QString path(const QString &id) const { return QDir(options.directory).filePath(id + QLatin1String(Suffix)); }

    Result<QList<KeyInfo>> list()
    {
        return keyfiles::list(options.directory, QLatin1String(Suffix), [this](const QString &id) -> Result<KeyInfo> {
            auto file = load(id);
            return file ? Result<KeyInfo>(file.value().info) : file.error();
        });
    }

    Result<SecureBytes> deviceKey(bool createIfMissing)
    {
        QMutexLocker lock(&mutex);
        auto key = readOrCreateSecret(*secrets, deviceKeyName(), Aead::KeySize, createIfMissing);
        if (!key && key.error().is(ApiError::NotFound))
            return keyfiles::corrupted(); // key files exist but their device key is gone
        return key;
    }

    Result<KeyFile> load(const QString &id)
    {
        if (!isSafeName(id))
            return keyfiles::notFound();
        auto json = PrivateFile::read(path(id));
        if (!json)
            return json.error();
        auto file = KeyFile::fromJson(json.value(), id);
        if (!file)
            return keyfiles::corrupted();
        return *file;
    }

    Result<void> save(KeyFile &file, const BIGNUM *d1)
    {
        auto device = deviceKey(true);
        if (!device)
            return device.error();
        auto wrapped = Aead::seal(device.value(), sm2.scalarBytes(d1).view(), file.aad());
        if (!wrapped)
            return wrapped.error();
        file.wrapped = wrapped.value();
        QMutexLocker lock(&mutex);
        if (auto dir = PrivateFile::ensureDirectory(options.directory); !dir)
            return dir;
        return PrivateFile::write(path(file.info.id), file.toJson());
    }

    Result<ossl::BnSecretPtr> share(const KeyFile &file)
    {
        auto device = deviceKey(false);
        if (!device)
            return device.error();
        auto opened = Aead::open(device.value(), file.wrapped, file.aad());
        auto d1 = opened ? sm2.scalar(opened.value().view()) : nullptr;
        if (!d1)
            return keyfiles::corrupted();
        return d1;
    }

    // POST /cosign/pin-challenges: a single-use challenge and the account's PIN record.
    Result<PinChallenge> challenge()
    {
        auto answer = transport->call("POST", routes::CosignPinChallenges, {});
        if (!answer)
            return answer.error();
        auto parsed = PinChallenge::fromJson(answer.value());
        if (!parsed)
            return Error(ApiError::BadResponse, QStringLiteral("The server sent an answer this app cannot read."));
        return *parsed;
    }

    // The verifier of `pin` for the account's PIN record, which `c` describes. Fails with
    // `pin_locked` if the record is locked or missing (real-name verification sets a new PIN).
    static Result<SecureBytes> verifierFor(const PinChallenge &c, const SecureBytes &pin)
    {
        if (!c.registered || c.locked)
            return Error(CertificateError::PinLocked,
                         QStringLiteral("Your keys are locked after too many wrong PINs. Verify your identity again "
                                        "and set a new PIN."));
        SecureBytes verifier = twoparty::pinVerifier(pin, c.salt, c.cost);
        if (verifier.isEmpty())
            return ossl::failure("scrypt");
        return verifier;
    }

    // `body` with the proof of the PIN behind `verifier` for one request: `first` if it is
    // still unused (the challenge unlock() fetched), else a fresh challenge.
    Result<QJsonObject> withPin(QJsonObject body, const SecureBytes &verifier, std::optional<QByteArray> &first,
                                const QString &keyId, QByteArrayView operation, QByteArrayView requestDigest)
    {
        QByteArray nonce;
        if (first) {
            nonce = std::move(*first);
            first.reset();
        } else {
            auto fresh = challenge();
            if (!fresh)
                return fresh.error();
            nonce = fresh.value().challenge;
        }
        const QByteArray proof = twoparty::pinProof(verifier.view(), nonce, keyId.toLatin1(), operation, requestDigest);
        if (proof.isEmpty())
            return ossl::failure("HMAC");
        body.insert(QStringLiteral("pinChallenge"), toBase64Text(nonce));
        body.insert(QStringLiteral("pinProof"), toBase64Text(proof));
        return body;
    }

    // The key file and its share, for one or more operations under `pin`. The verifier is
    // wiped when this goes; `challenge` is the first request's, fetched with the record, and
    // `newCost` the cost the server wants for a new PIN.
    struct Unlocked {
        KeyFile file;
        ossl::BnSecretPtr d1;
        SecureBytes verifier;
        mutable std::optional<QByteArray> challenge;
        twoparty::PinCost newCost;
    };

    // Deletes the server's share of `id`, proving the PIN with `verifier`; a share that is
    // already gone counts as deleted.
    Result<void> dropServerShare(const QString &id, const SecureBytes &verifier, std::optional<QByteArray> first = {})
    {
        auto body = withPin({}, verifier, first, id, "deletion", twoparty::pinRequestDigest({}));
        if (!body)
            return body.error();
        auto removed = transport->call("POST", keyPath(id, routes::CosignDeletion), body.value());
        if (!removed && !removed.error().is(ApiError::NotFound))
            return removed.error();
        return {};
    }

    Result<Unlocked> unlock(const QString &id, const SecureBytes &pin)
    {
        if (auto ok = options.pinPolicy.check(pin); !ok)
            return ok.error();
        auto file = load(id);
        if (!file)
            return file.error();
        auto d1 = share(file.value());
        if (!d1)
            return d1.error();
        auto record = challenge();
        if (!record)
            return record.error();
        auto verifier = verifierFor(record.value(), pin);
        if (!verifier)
            return verifier.error();
        return Unlocked{std::move(file).value(), std::move(d1).value(), std::move(verifier).value(),
                        record.value().challenge, record.value().newCost};
    }

    Result<QByteArray> signDigest(const Unlocked &key, const QByteArray &e)
    {
        auto device = twoparty::DeviceSigning::startHedged(sm2, e, key.d1.get());
        if (!device)
            return device.error();
        const twoparty::SignRequest &request = device.value().request();
        const QByteArray session = Random::bytes(SessionSize);
        // The proof of knowledge of k1: without it the server refuses to use its share.
        auto proof = device.value().prove(key.file.info.id.toLatin1(), session);
        if (!proof)
            return proof.error();
        const QByteArray &commitment = proof.value().commitment;
        const QByteArray &response = proof.value().response;
        auto body = withPin({{QStringLiteral("sessionId"), toBase64Text(session)},
                             {QStringLiteral("q1"), toBase64Text(request.q1)},
                             {QStringLiteral("e"), toBase64Text(request.e)},
                             {QStringLiteral("commitment"), toBase64Text(commitment)},
                             {QStringLiteral("response"), toBase64Text(response)}},
                            key.verifier, key.challenge, key.file.info.id, "sign",
                            twoparty::pinRequestDigest({session, request.q1, request.e, commitment, response}));
        if (!body)
            return body.error();
        auto answer = transport->call("POST", keyPath(key.file.info.id, routes::CosignSign), body.value());
        if (!answer)
            return answer.error();
        const QJsonObject &a = answer.value();
        auto signature = device.value().finish(
            key.d1.get(), key.file.point,
            {bytesFromBase64Text(a[QStringLiteral("r")]), bytesFromBase64Text(a[QStringLiteral("s2")]), bytesFromBase64Text(a[QStringLiteral("s3")])});
        if (!signature)
            return signature.error();
        return signature.value().toDer();
    }

    Result<QByteArray> sign(const Unlocked &key, const QByteArray &data)
    {
        const QByteArray e = sm2.messageDigest(Sm2DefaultId, sm2.point(key.file.point).get(), data);
        if (e.isEmpty())
            return keyfiles::corrupted();
        return signDigest(key, e);
    }

    Result<SecureBytes> decrypt(const Unlocked &key, const QByteArray &ciphertext)
    {
        auto device = twoparty::DeviceDecryption::startHedged(sm2, ciphertext, key.d1.get());
        if (!device)
            return device.error();
        const QByteArray session = Random::bytes(SessionSize);
        auto body = withPin({{QStringLiteral("sessionId"), toBase64Text(session)},
                             {QStringLiteral("t1"), toBase64Text(device.value().request())}},
                            key.verifier, key.challenge, key.file.info.id, "decrypt",
                            twoparty::pinRequestDigest({session, device.value().request()}));
        if (!body)
            return body.error();
        auto answer = transport->call("POST", keyPath(key.file.info.id, routes::CosignDecrypt), body.value());
        if (!answer)
            return answer.error();
        return device.value().finish(key.d1.get(), bytesFromBase64Text(answer.value()[QStringLiteral("t2")]));
    }

    Result<KeyInfo> create(const SecureBytes &pin);
    Result<KeyInfo> install(const Unlocked &signing, const EncryptionKeyDelivery &delivery);

    // The device's file for a share the server keeps under `id`, wrapped under the device key.
    Result<KeyInfo> keep(const QString &id, const QByteArray &joint, const QByteArray &pinSalt, const BIGNUM *d1)
    {
        auto publicKey = sm2.publicKey(sm2.point(joint).get());
        // A server that names an existing key must not get its device share overwritten.
        if (!publicKey || !isOwnId(id) || pinSalt.size() < SaltSize || QFileInfo::exists(path(id)))
            return twoparty::failed();
        const QDateTime now = QDateTime::currentDateTimeUtc();
        KeyFile file;
        file.info = {id, KeyAlgorithm::Sm2, publicKey.value().der(), now.addMSecs(-now.time().msec()),
                     CustodyKind::TwoParty};
        file.point = joint;
        file.pinSalt = pinSalt;
        if (auto saved = save(file, d1); !saved)
            return saved.error();
        return file.info;
    }
};

Result<KeyInfo> TwoPartyKeyCustody::State::create(const SecureBytes &pin)
{
    if (auto ok = options.pinPolicy.check(pin); !ok)
        return ok.error();
    const QByteArray session = Random::bytes(SessionSize);
    auto own = twoparty::generateShare(sm2, twoparty::Party::Device, session);
    if (!own)
        return own.error();
    auto record = challenge();
    if (!record)
        return record.error();
    const twoparty::KeygenMessage &mine = own.value().message;
    QJsonObject body{{QStringLiteral("sessionId"), toBase64Text(session)},
                     {QStringLiteral("publicShare"), toBase64Text(mine.publicShare)},
                     {QStringLiteral("commitment"), toBase64Text(mine.proof.commitment)},
                     {QStringLiteral("response"), toBase64Text(mine.proof.response)}};
    // The account's PIN covers all its keys: the first key registers it, later ones prove it.
    KeyFile file;
    SecureBytes verifier;
    if (record.value().registered) {
        file.pinSalt = record.value().salt;
        auto known = verifierFor(record.value(), pin);
        if (!known)
            return known.error();
        verifier = std::move(known).value();
        std::optional<QByteArray> first = record.value().challenge;
        auto proven = withPin(body, verifier, first, {}, "keygen", twoparty::pinRequestDigest({session, mine.publicShare}));
        if (!proven)
            return proven.error();
        body = proven.value();
    } else {
        auto registration = newPinFields(QStringLiteral("pin"), pin, record.value().newCost);
        if (!registration)
            return registration.error();
        file.pinSalt = registration.value().salt;
        verifier = std::move(registration.value().verifier);
        for (auto it = registration.value().fields.constBegin(); it != registration.value().fields.constEnd(); ++it)
            body.insert(it.key(), it.value());
    }
    auto answer = transport->call("POST", routes::CosignKeys, body);
    if (!answer)
        return answer.error();
    const QJsonObject &a = answer.value();
    const twoparty::KeygenMessage server{bytesFromBase64Text(a[QStringLiteral("publicShare")]),
                                         {bytesFromBase64Text(a[QStringLiteral("commitment")]), bytesFromBase64Text(a[QStringLiteral("response")])}};
    // The server's proof names this session, the account it says it made the key for, our P1 and P.
    auto joint = twoparty::deviceJointPublicKey(sm2, session, a[QStringLiteral("accountId")].toString().toUtf8(),
                                                own.value().secret.get(), server);
    // Both sides must have derived the same P before anything is certified for it.
    if (!joint || joint.value() != bytesFromBase64Text(a[QStringLiteral("publicKey")]))
        return twoparty::failed();
    const QString id = a[QStringLiteral("keyId")].toString();
    auto kept = keep(id, joint.value(), file.pinSalt, own.value().secret.get());
    // As for a delivered key: a server share the device could not keep has no partner.
    if (!kept && isOwnId(id) && !QFileInfo::exists(path(id)))
        dropServerShare(id, verifier);
    return kept;
}

Result<KeyInfo> TwoPartyKeyCustody::State::install(const Unlocked &signing, const EncryptionKeyDelivery &delivery)
{
    // The server's refusal (wrong_key_usage once the one installation decryption is spent,
    // wrong_pin…) says more than the envelope's generic failure.
    Error refused;
    auto opened = EnvelopedKey::openShare(delivery.envelope, [this, &signing, &refused](QByteArrayView cipher) {
        auto plain = decrypt(signing, cipher.toByteArray());
        if (!plain)
            refused = plain.error();
        return plain;
    });
    if (!opened)
        return refused.isNull() ? opened.error() : refused;
    auto d1 = sm2.scalar(opened.value().share.view());
    auto joint = twoparty::combinedPublicKey(sm2, d1.get(), delivery.serverPublicShare);
    auto publicKey = joint ? sm2.publicKey(sm2.point(joint.value()).get()) : Result<PublicKey>(twoparty::failed());
    // The shares must make the key the envelope names and the certificate certifies.
    if (!joint || joint.value() != opened.value().jointPublicKey || !publicKey
        || publicKey.value().der() != delivery.certifiedPublicKeyDer)
        return keyfiles::notCertified();
    return keep(delivery.cosignKeyId, joint.value(), signing.file.pinSalt, d1.get());
}

TwoPartyKeyCustody::TwoPartyKeyCustody(Options options, std::shared_ptr<SecretStore> secrets,
                                       std::shared_ptr<CosignTransport> transport)
    : m_state(std::make_shared<State>())
{
    m_state->options = std::move(options);
    m_state->secrets = std::move(secrets);
    m_state->transport = std::move(transport);
}

TwoPartyKeyCustody::~TwoPartyKeyCustody() = default;

bool TwoPartyKeyCustody::isOwnId(const QString &id)
{
    // The server names shares with UUIDs; local keys have 32 hex digits, so the two never meet.
    return id.size() == 36 && !QUuid::fromString(id).isNull() && isSafeName(id);
}

QString TwoPartyKeyCustody::deviceKeyName()
{
    return QStringLiteral("tongqian.device-key.two-party");
}

TaskJob<KeyInfo> *TwoPartyKeyCustody::createKey(KeyAlgorithm algorithm, const SecureBytes &pin)
{
    return new TaskJob<KeyInfo>([state = m_state, algorithm, pin = keyfiles::sharedCopy(pin)]() -> Result<KeyInfo> {
        if (algorithm != KeyAlgorithm::Sm2)
            return Error(CertificateError::Crypto,
                         QStringLiteral("Two-party keys are SM2 keys; other algorithms need a key kept on this device."));
        return state->create(*pin);
    });
}

TaskJob<KeyInfo> *TwoPartyKeyCustody::createKey(KeyAlgorithm algorithm, const SecureBytes &pin, CustodyKind kind)
{
    if (kind == CustodyKind::TwoParty)
        return createKey(algorithm, pin);
    return new TaskJob<KeyInfo>([]() -> Result<KeyInfo> { return keyfiles::otherCustody(); });
}

TaskJob<KeyInfo> *TwoPartyKeyCustody::importKey(const SecureBytes &, const SecureBytes &)
{
    return new TaskJob<KeyInfo>([]() -> Result<KeyInfo> {
        return Error(CertificateError::Crypto,
                     QStringLiteral("An existing key cannot become a two-party key; it is kept on this device instead."));
    });
}

TaskJob<QByteArray> *TwoPartyKeyCustody::sign(const QString &id, const SecureBytes &pin, const QByteArray &data)
{
    return new TaskJob<QByteArray>([state = m_state, id, pin = keyfiles::sharedCopy(pin), data]() -> Result<QByteArray> {
        auto key = state->unlock(id, *pin);
        return key ? state->sign(key.value(), data) : key.error();
    });
}

TaskJob<QByteArray> *TwoPartyKeyCustody::signDigest(const QString &id, const SecureBytes &pin,
                                                    const QByteArray &digest)
{
    return new TaskJob<QByteArray>([state = m_state, id, pin = keyfiles::sharedCopy(pin), digest]() -> Result<QByteArray> {
        auto key = state->unlock(id, *pin);
        return key ? state->signDigest(key.value(), digest) : key.error();
    });
}

TaskJob<QList<QByteArray>> *TwoPartyKeyCustody::signEach(const QString &id, const SecureBytes &pin,
                                                         const QList<QByteArray> &data)
{
    return new TaskJob<QList<QByteArray>>(
        [state = m_state, id, pin = keyfiles::sharedCopy(pin), data]() -> Result<QList<QByteArray>> {
            auto key = state->unlock(id, *pin);
            if (!key)
                return key.error();
            QList<QByteArray> signatures;
            for (const QByteArray &item : data) {
                auto signature = state->sign(key.value(), item);
                if (!signature)
                    return signature.error();
                signatures.append(signature.value());
            }
            return signatures;
        });
}

TaskJob<SecureBytes> *TwoPartyKeyCustody::decrypt(const QString &id, const SecureBytes &pin,
                                                  const QByteArray &ciphertext)
{
    return new TaskJob<SecureBytes>([state = m_state, id, pin = keyfiles::sharedCopy(pin), ciphertext]() -> Result<SecureBytes> {
        auto key = state->unlock(id, *pin);
        return key ? state->decrypt(key.value(), ciphertext) : key.error();
    });
}

TaskJob<std::vector<SecureBytes>> *TwoPartyKeyCustody::decryptEach(const QString &id, const SecureBytes &pin,
                                                                   const QList<QByteArray> &ciphertexts)
{
    return new TaskJob<std::vector<SecureBytes>>(
        [state = m_state, id, pin = keyfiles::sharedCopy(pin), ciphertexts]() -> Result<std::vector<SecureBytes>> {
            auto key = state->unlock(id, *pin);
            if (!key)
                return key.error();
            std::vector<SecureBytes> plaintexts;
            for (const QByteArray &ciphertext : ciphertexts) {
                auto plain = state->decrypt(key.value(), ciphertext);
                if (!plain)
                    return plain.error();
                plaintexts.push_back(std::move(plain).value());
            }
            return plaintexts;
        });
}

TaskJob<Done> *TwoPartyKeyCustody::changePin(const QString &id, const SecureBytes &oldPin, const SecureBytes &newPin)
{
    return new TaskJob<Done>(
        [state = m_state, id, oldPin = keyfiles::sharedCopy(oldPin), newPin = keyfiles::sharedCopy(newPin)]() -> Result<Done> {
            if (auto ok = state->options.pinPolicy.check(*newPin); !ok)
                return ok.error();
            auto key = state->unlock(id, *oldPin);
            if (!key)
                return key.error();
            // One PIN record covers every key of the account: this changes it for all of them.
            // Nothing on the device depends on the PIN, so nothing is written here.
            auto next = newPinFields(QStringLiteral("newPin"), *newPin, key.value().newCost);
            if (!next)
                return next.error();
            auto body = state->withPin(next.value().fields, key.value().verifier, key.value().challenge, id, "pin",
                                       next.value().digest);
            if (!body)
                return body.error();
            auto changed = state->transport->call("POST", keyPath(id, routes::CosignPin), body.value());
            if (!changed)
                return changed.error();
            return Done{};
        });
}

TaskJob<Done> *TwoPartyKeyCustody::deleteKey(const QString &id, const SecureBytes &pin)
{
    return new TaskJob<Done>([state = m_state, id, pin = keyfiles::sharedCopy(pin)]() -> Result<Done> {
        if (auto ok = state->options.pinPolicy.check(*pin); !ok)
            return ok.error();
        auto file = state->load(id);
        if (!file && file.error().is(ApiError::NotFound))
            return file.error();
        // The server's share goes first: a device share without its partner is harmless,
        // a server share without a device share would linger forever. The PIN record comes
        // from the server, so a damaged file still deletes its share.
        auto record = state->challenge();
        if (!record)
            return record.error();
        auto verifier = State::verifierFor(record.value(), *pin);
        if (!verifier)
            return verifier.error();
        if (auto dropped = state->dropServerShare(id, verifier.value(), record.value().challenge); !dropped)
            return dropped.error();
        QMutexLocker lock(&state->mutex);
        if (auto gone = PrivateFile::remove(state->path(id)); !gone)
            return gone.error();
        return Done{};
    });
}

TaskJob<QList<KeyInfo>> *TwoPartyKeyCustody::keys()
{
    return new TaskJob<QList<KeyInfo>>(lister());
}

std::function<Result<QList<KeyInfo>>()> TwoPartyKeyCustody::lister() const
{
    return [state = m_state]() -> Result<QList<KeyInfo>> { return state->list(); };
}

TaskJob<QJsonObject> *TwoPartyKeyCustody::encryptionKeyRequest(const QString &, const SecureBytes &pin)
{
    return new TaskJob<QJsonObject>([state = m_state, pin = keyfiles::sharedCopy(pin)]() -> Result<QJsonObject> {
        if (auto ok = state->options.pinPolicy.check(*pin); !ok)
            return ok.error();
        // The encryption key joins the account's PIN record, which the signing key registered:
        // its salt names it (never empty, which would ask for no split). Only an account
        // without a record sends a PIN to register.
        auto record = state->challenge();
        if (!record)
            return record.error();
        if (record.value().registered)
            return QJsonObject{{QStringLiteral("pinSalt"), toBase64Text(record.value().salt)}};
        auto registration = newPinFields(QStringLiteral("pin"), *pin, record.value().newCost);
        if (!registration)
            return registration.error();
        return registration.value().fields;
    });
}

TaskJob<KeyInfo> *TwoPartyKeyCustody::installEncryptionKey(const QString &signingKeyId, const SecureBytes &pin,
                                                           const EncryptionKeyDelivery &delivery)
{
    return new TaskJob<KeyInfo>(
        [state = m_state, signingKeyId, pin = keyfiles::sharedCopy(pin), delivery]() -> Result<KeyInfo> {
            if (!isOwnId(delivery.cosignKeyId) || delivery.cosignKeyId == signingKeyId
                || QFileInfo::exists(state->path(delivery.cosignKeyId)))
                return keyfiles::notCertified(); // a whole key where a share was asked for, or a key we have
            auto signing = state->unlock(signingKeyId, *pin);
            if (!signing)
                return signing.error();
            auto installed = state->install(signing.value(), delivery);
            // A share the device could not take would linger on the server without a partner.
            if (!installed)
                state->dropServerShare(delivery.cosignKeyId, signing.value().verifier);
            return installed;
        });
}

TaskJob<PinStatus> *TwoPartyKeyCustody::pinStatus(const QString &id)
{
    return new TaskJob<PinStatus>([state = m_state, id]() -> Result<PinStatus> {
        if (auto file = state->load(id); !file)
            return file.error();
        auto answer = state->transport->call("GET", keyPath(id), {});
        if (!answer)
            return answer.error();
        const QJsonValue left = answer.value().value(QStringLiteral("attemptsLeft"));
        if (!left.isDouble())
            return Error(ApiError::BadResponse,
                         QStringLiteral("The server sent an answer this app cannot read."));
        return PinStatus{std::max(0, left.toInt()), answer.value().value(QStringLiteral("locked")).toBool()};
    });
}

TaskJob<Done> *TwoPartyKeyCustody::resetPin(const QString &id, const IdentityProof &proof, const SecureBytes &newPin)
{
    return new TaskJob<Done>(
        [state = m_state, id, proof, newPin = keyfiles::sharedCopy(newPin)]() -> Result<Done> {
            if (auto ok = state->options.pinPolicy.check(*newPin); !ok)
                return ok.error();
            auto file = state->load(id);
            if (!file)
                return file.error();
            auto record = state->challenge();
            if (!record)
                return record.error();
            auto next = newPinFields(QStringLiteral("newPin"), *newPin, record.value().newCost);
            if (!next)
                return next.error();
            QJsonObject body = next.value().fields;
            body.insert(QStringLiteral("name"), proof.name);
            body.insert(QStringLiteral("idNumber"), proof.idNumber);
            if (!proof.livenessToken.isEmpty())
                body.insert(QStringLiteral("livenessToken"), proof.livenessToken);
            auto reset = state->transport->call("POST", keyPath(id, routes::CosignUnlock), body);
            if (!reset)
                return reset.error();
            return Done{};
        });
}

} // namespace tq
