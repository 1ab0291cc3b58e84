#include "core/keys/localkeycustody.h"

#include "core/common/apierrors.h"
#include "core/common/encoding.h"
#include "core/common/logging.h"
#include "core/crypto/certificateerrors.h"
#include "core/crypto/envelopedkey.h"
#include "core/crypto/random.h"
#include "core/crypto/symmetric.h"
#include "core/keys/keyfiles.h"
#include "core/common/privatefile.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QMutexLocker>

#include <algorithm>

namespace tq {

namespace {

constexpr char Format[] = "tongqian-key/1";
constexpr char Suffix[] = ".tqkey";
constexpr int SaltSize = 16;

Error wrongPin()
{
    return Error(CertificateError::WrongPin, QStringLiteral("the PIN does not unlock this key"));
}

// The on-disk record. Everything except `wrapped` is public and bound as associated data.
struct KeyFile {
    KeyInfo info;
    PasswordHash::Params kdf;
    QByteArray salt;
    QByteArray wrapped;

    QByteArray aad() const
    {
        return QByteArrayList{Format,
                              info.id.toUtf8(),
                              keyAlgorithmName(info.algorithm).toUtf8(),
                              info.publicKeyDer.toBase64(),
                              info.created.toString(Qt::ISODate).toUtf8(),
                              "scrypt",
                              QByteArray::number(kdf.logN),
                              QByteArray::number(kdf.r),
                              QByteArray::number(kdf.p),
                              salt.toBase64()}
            .join('\n');
    }

    QByteArray toJson() const
    {
        const QJsonObject kdfObject{{QStringLiteral("name"), QStringLiteral("scrypt")},
                                    {QStringLiteral("logN"), kdf.logN},
                                    {QStringLiteral("r"), kdf.r},
                                    {QStringLiteral("p"), kdf.p},
                                    {QStringLiteral("salt"), toBase64Text(salt)}};
        const QJsonObject o{{QStringLiteral("format"), QString::fromLatin1(Format)},
                            {QStringLiteral("id"), info.id},
                            {QStringLiteral("algorithm"), keyAlgorithmName(info.algorithm)},
                            {QStringLiteral("publicKey"), toBase64Text(info.publicKeyDer)},
                            {QStringLiteral("created"), info.created.toString(Qt::ISODate)},
                            {QStringLiteral("kdf"), kdfObject},
                            {QStringLiteral("wrapped"), toBase64Text(wrapped)}};
        return QJsonDocument(o).toJson(QJsonDocument::Indented);
    }

    static std::optional<KeyFile> fromJson(const QByteArray &json, const QString &expectedId)
    {
        const QJsonObject o = QJsonDocument::fromJson(json).object();
        const QJsonObject k = o.value(QStringLiteral("kdf")).toObject();
        const auto algorithm = keyAlgorithmFromName(o.value(QStringLiteral("algorithm")).toString());
        KeyFile f;
        f.info.id = o.value(QStringLiteral("id")).toString();
        f.info.publicKeyDer = bytesFromBase64Text(o.value(QStringLiteral("publicKey")));
        f.info.created = QDateTime::fromString(o.value(QStringLiteral("created")).toString(), Qt::ISODate);
        f.kdf = {k.value(QStringLiteral("logN")).toInt(), k.value(QStringLiteral("r")).toInt(),
                 k.value(QStringLiteral("p")).toInt()};
        f.salt = bytesFromBase64Text(k.value(QStringLiteral("salt")));
        f.wrapped = bytesFromBase64Text(o.value(QStringLiteral("wrapped")));
        if (o.value(QStringLiteral("format")).toString() != QLatin1String(Format) || !algorithm
            || f.info.id != expectedId || k.value(QStringLiteral("name")).toString() != u"scrypt"
            || f.info.publicKeyDer.isEmpty() || !f.info.created.isValid() || f.salt.size() != SaltSize
            || f.wrapped.isEmpty())
            return std::nullopt;
        f.info.algorithm = *algorithm;
        return f;
    }
};

// PIN → 256-bit wrapping key with scrypt; every intermediate copy is wiped.
std::optional<SecureBytes> pinKey(const SecureBytes &pin, const QByteArray &salt, PasswordHash::Params params)
{
    QByteArray secret = pin.view().toByteArray();
    QByteArray derived = PasswordHash::scrypt(secret, salt, params, Aead::KeySize);
    SecureBytes::wipe(secret);
    if (derived.isEmpty())
        return std::nullopt;
    SecureBytes key(derived);
    SecureBytes::wipe(derived);
    return key;
}

} // namespace

// ---- PinPolicy

Result<void> PinPolicy::check(const SecureBytes &pin) const
{
    const auto *begin = pin.data();
    const auto *end = begin + pin.size();
    const bool lengthOk = int(pin.size()) >= minLength && int(pin.size()) <= maxLength;
    const bool charsOk = std::all_of(
        begin, end, [this](unsigned char c) { return digitsOnly ? (c >= '0' && c <= '9') : (c >= 0x20 && c < 0x7f); });
    if (lengthOk && charsOk)
        return {};
    return Error(CertificateError::InvalidPin, QStringLiteral("the PIN breaks the PIN policy"),
                 {{QStringLiteral("minLength"), minLength},
                  {QStringLiteral("maxLength"), maxLength},
                  {QStringLiteral("digitsOnly"), digitsOnly}});
}

// ---- shared state of the custody and its jobs

struct LocalKeyCustody::State {
    Options options;
    std::shared_ptr<SecretStore> secrets;
    QMutex mutex; // serialises device-key creation, calibration and file replacement
    std::optional<PasswordHash::Params> calibrated;

    QString path(const QString &id) const { return QDir(options.directory).filePath(id + QLatin1String(Suffix)); }

    Result<QList<KeyInfo>> list()
    {
        return keyfiles::list(options.directory, QLatin1String(Suffix), [this](const QString &id) -> Result<KeyInfo> {
            auto file = load(id);
            return file ? Result<KeyInfo>(file.value().info) : file.error();
        });
    }

    PasswordHash::Params kdfParams()
    {
        if (options.kdfParams)
            return *options.kdfParams;
        QMutexLocker lock(&mutex);
        if (!calibrated)
            calibrated = calibrate(options.kdfTargetMs);
        return *calibrated;
    }

    Result<SecureBytes> deviceKey(bool createIfMissing)
    {
        QMutexLocker lock(&mutex);
        auto key = readOrCreateSecret(*secrets, deviceKeyName(), Aead::KeySize, createIfMissing);
        if (!key && key.error().is(ApiError::NotFound))
            return keyfiles::corrupted(); // key files exist but their device key is gone (e.g. restored backup)
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

    Result<void> save(const KeyFile &file)
    {
        QMutexLocker lock(&mutex);
        if (auto dir = PrivateFile::ensureDirectory(options.directory); !dir)
            return dir;
        return PrivateFile::write(path(file.info.id), file.toJson());
    }

    // Seals `pkcs8` into file.wrapped under a fresh salt: inside the PIN key, outside the device key.
    Result<void> seal(KeyFile &file, const SecureBytes &pkcs8, const SecureBytes &pin)
    {
        file.kdf = kdfParams();
        file.salt = Random::bytes(SaltSize);
        auto device = deviceKey(true);
        if (!device)
            return device.error();
        const auto inner = pinKey(pin, file.salt, file.kdf);
        if (!inner)
            return ossl::failure("scrypt");
        const QByteArray aad = file.aad();
        auto pinSealed = Aead::seal(*inner, pkcs8.view(), aad);
        if (!pinSealed)
            return pinSealed.error();
        auto wrapped = Aead::seal(device.value(), pinSealed.value(), aad);
        if (!wrapped)
            return wrapped.error();
        file.wrapped = wrapped.value();
        return {};
    }

    Result<SecureBytes> unsealPkcs8(const KeyFile &file, const SecureBytes &pin)
    {
        auto device = deviceKey(false);
        if (!device)
            return device.error();
        const QByteArray aad = file.aad();
        auto pinSealed = Aead::open(device.value(), file.wrapped, aad);
        if (!pinSealed)
            return keyfiles::corrupted();
        const auto inner = pinKey(pin, file.salt, file.kdf);
        if (!inner)
            return keyfiles::corrupted(); // only out-of-range parameters make scrypt fail here
        auto pkcs8 = Aead::open(*inner, pinSealed.value().view(), aad);
        if (!pkcs8)
            return wrongPin();
        return pkcs8;
    }

    Result<KeyInfo> store(const KeyPair &key, const SecureBytes &pin);

    Result<KeyPair> unlock(const QString &id, const SecureBytes &pin)
    {
        auto file = load(id);
        if (!file)
            return file.error();
        auto pkcs8 = unsealPkcs8(file.value(), pin);
        if (!pkcs8)
            return pkcs8.error();
        auto key = KeyPair::fromPrivateDer(pkcs8.value());
        if (!key || key.value().publicKeyDer() != file.value().info.publicKeyDer)
            return keyfiles::corrupted();
        return key;
    }
};

LocalKeyCustody::LocalKeyCustody(Options options, std::shared_ptr<SecretStore> secrets)
    : m_state(std::make_shared<State>())
{
    m_state->options = std::move(options);
    m_state->secrets = std::move(secrets);
}

LocalKeyCustody::~LocalKeyCustody() = default;

QString LocalKeyCustody::deviceKeyName()
{
    return QStringLiteral("tongqian.device-key");
}

PasswordHash::Params LocalKeyCustody::calibrate(int targetMs)
{
    PasswordHash::Params params{14, 8, 1};
    QElapsedTimer timer;
    timer.start();
    PasswordHash::scrypt("calibration", Random::bytes(SaltSize), params, 32);
    qint64 ms = std::max<qint64>(1, timer.elapsed());
    // Doubling N doubles the cost; stop at the N whose cost is nearest the target.
    while (params.logN < 17 && ms * 3 < qint64(targetMs) * 2) {
        ++params.logN;
        ms *= 2;
    }
    qCInfo(lcCoreCrypto) << "scrypt calibrated to logN" << params.logN << "estimated" << ms << "ms";
    return params;
}

Result<KeyInfo> LocalKeyCustody::State::store(const KeyPair &key, const SecureBytes &pin)
{
    if (auto ok = options.pinPolicy.check(pin); !ok)
        return ok.error();
    auto pkcs8 = key.privateKeyDer();
    if (!pkcs8)
        return pkcs8.error();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    KeyFile file;
    // Whole seconds, because the file stores ISO 8601 without milliseconds.
    file.info = {QString::fromLatin1(Random::bytes(16).toHex()), key.algorithm(), key.publicKeyDer(),
                 now.addMSecs(-now.time().msec()), CustodyKind::Local};
    if (auto sealed = seal(file, pkcs8.value(), pin); !sealed)
        return sealed.error();
    if (auto saved = save(file); !saved)
        return saved.error();
    return file.info;
}

TaskJob<KeyInfo> *LocalKeyCustody::createKey(KeyAlgorithm algorithm, const SecureBytes &pin)
{
    return new TaskJob<KeyInfo>([state = m_state, algorithm, pin = keyfiles::sharedCopy(pin)]() -> Result<KeyInfo> {
        auto key = KeyPair::generate(algorithm);
        return key ? state->store(key.value(), *pin) : key.error();
    });
}

TaskJob<KeyInfo> *LocalKeyCustody::createKey(KeyAlgorithm algorithm, const SecureBytes &pin, CustodyKind kind)
{
    if (kind == CustodyKind::Local)
        return createKey(algorithm, pin);
    return new TaskJob<KeyInfo>([]() -> Result<KeyInfo> { return keyfiles::otherCustody(); });
}

TaskJob<KeyInfo> *LocalKeyCustody::importKey(const SecureBytes &pkcs8, const SecureBytes &pin)
{
    return new TaskJob<KeyInfo>(
        [state = m_state, pkcs8 = keyfiles::sharedCopy(pkcs8), pin = keyfiles::sharedCopy(pin)]() -> Result<KeyInfo> {
            auto key = KeyPair::fromPrivateDer(*pkcs8);
            return key ? state->store(key.value(), *pin) : key.error();
        });
}

TaskJob<QByteArray> *LocalKeyCustody::sign(const QString &id, const SecureBytes &pin, const QByteArray &data)
{
    return new TaskJob<QByteArray>([state = m_state, id, pin = keyfiles::sharedCopy(pin), data]() -> Result<QByteArray> {
        auto key = state->unlock(id, *pin);
        return key ? key.value().sign(data) : key.error();
    });
}

TaskJob<QByteArray> *LocalKeyCustody::signDigest(const QString &id, const SecureBytes &pin, const QByteArray &digest)
{
    return new TaskJob<QByteArray>([state = m_state, id, pin = keyfiles::sharedCopy(pin), digest]() -> Result<QByteArray> {
        auto key = state->unlock(id, *pin);
        return key ? key.value().signDigest(digest) : key.error();
    });
}

TaskJob<SecureBytes> *LocalKeyCustody::decrypt(const QString &id, const SecureBytes &pin, const QByteArray &ciphertext)
{
    return new TaskJob<SecureBytes>([state = m_state, id, pin = keyfiles::sharedCopy(pin), ciphertext]() -> Result<SecureBytes> {
        auto key = state->unlock(id, *pin);
        return key ? key.value().decrypt(ciphertext) : key.error();
    });
}

TaskJob<QList<QByteArray>> *LocalKeyCustody::signEach(const QString &id, const SecureBytes &pin,
                                                      const QList<QByteArray> &data)
{
    return new TaskJob<QList<QByteArray>>([state = m_state, id, pin = keyfiles::sharedCopy(pin), data]() -> Result<QList<QByteArray>> {
        auto key = state->unlock(id, *pin);
        if (!key)
            return key.error();
        QList<QByteArray> signatures;
        for (const QByteArray &item : data) {
            auto signature = key.value().sign(item);
            if (!signature)
                return signature.error();
            signatures.append(signature.value());
        }
        return signatures;
    });
}

TaskJob<std::vector<SecureBytes>> *LocalKeyCustody::decryptEach(const QString &id, const SecureBytes &pin,
                                                                const QList<QByteArray> &ciphertexts)
{
    return new TaskJob<std::vector<SecureBytes>>(
        [state = m_state, id, pin = keyfiles::sharedCopy(pin), ciphertexts]() -> Result<std::vector<SecureBytes>> {
            auto key = state->unlock(id, *pin);
            if (!key)
                return key.error();
            std::vector<SecureBytes> plaintexts;
            for (const QByteArray &ciphertext : ciphertexts) {
                auto plain = key.value().decrypt(ciphertext);
                if (!plain)
                    return plain.error();
                plaintexts.push_back(std::move(plain).value());
            }
            return plaintexts;
        });
}

TaskJob<Done> *LocalKeyCustody::changePin(const QString &id, const SecureBytes &oldPin, const SecureBytes &newPin)
{
    return new TaskJob<Done>(
        [state = m_state, id, oldPin = keyfiles::sharedCopy(oldPin), newPin = keyfiles::sharedCopy(newPin)]() -> Result<Done> {
            if (auto ok = state->options.pinPolicy.check(*newPin); !ok)
                return ok.error();
            auto file = state->load(id);
            if (!file)
                return file.error();
            auto pkcs8 = state->unsealPkcs8(file.value(), *oldPin);
            if (!pkcs8)
                return pkcs8.error();
            if (auto sealed = state->seal(file.value(), pkcs8.value(), *newPin); !sealed)
                return sealed.error();
            if (auto saved = state->save(file.value()); !saved)
                return saved.error();
            return Done{};
        });
}

TaskJob<Done> *LocalKeyCustody::deleteKey(const QString &id, const SecureBytes &)
{
    return new TaskJob<Done>([state = m_state, id]() -> Result<Done> {
        auto file = state->load(id);
        if (!file && file.error().is(ApiError::NotFound))
            return file.error();
        QMutexLocker lock(&state->mutex);
        if (auto removed = PrivateFile::remove(state->path(id)); !removed)
            return removed.error();
        return Done{};
    });
}

TaskJob<QList<KeyInfo>> *LocalKeyCustody::keys()
{
    return new TaskJob<QList<KeyInfo>>(lister());
}

std::function<Result<QList<KeyInfo>>()> LocalKeyCustody::lister() const
{
    return [state = m_state]() -> Result<QList<KeyInfo>> { return state->list(); };
}

TaskJob<QJsonObject> *LocalKeyCustody::encryptionKeyRequest(const QString &, const SecureBytes &pin)
{
    return new TaskJob<QJsonObject>([state = m_state, pin = keyfiles::sharedCopy(pin)]() -> Result<QJsonObject> {
        if (auto ok = state->options.pinPolicy.check(*pin); !ok)
            return ok.error();
        return QJsonObject{}; // the KMC envelopes the whole key to the signing key
    });
}

TaskJob<KeyInfo> *LocalKeyCustody::installEncryptionKey(const QString &signingKeyId, const SecureBytes &pin,
                                                        const EncryptionKeyDelivery &delivery)
{
    return new TaskJob<KeyInfo>(
        [state = m_state, signingKeyId, pin = keyfiles::sharedCopy(pin), delivery]() -> Result<KeyInfo> {
            auto signing = state->unlock(signingKeyId, *pin);
            if (!signing)
                return signing.error();
            auto key = EnvelopedKey::open(delivery.envelope, signing.value());
            if (!key)
                return key.error();
            if (key.value().publicKeyDer() != delivery.certifiedPublicKeyDer)
                return keyfiles::notCertified();
            return state->store(key.value(), *pin);
        });
}

TaskJob<PinStatus> *LocalKeyCustody::pinStatus(const QString &id)
{
    return new TaskJob<PinStatus>([state = m_state, id]() -> Result<PinStatus> {
        auto file = state->load(id);
        return file ? Result<PinStatus>(PinStatus{}) : file.error();
    });
}

TaskJob<Done> *LocalKeyCustody::resetPin(const QString &, const IdentityProof &, const SecureBytes &)
{
    return new TaskJob<Done>([]() -> Result<Done> {
        return Error(ApiError::InvalidRequest,
                     QStringLiteral("a local key has no PIN lock to reset; change its PIN with the current one"));
    });
}

} // namespace tq
