#include "server/cosign/cosignservice.h"

#include "core/common/apierrors.h"
#include "core/common/clock.h"
#include "core/common/encoding.h"
#include "core/crypto/digest.h"
#include "server/db/database.h"
#include "server/identity/identityservice.h"
#include "server/keys/masterkey.h"
#include "server/logging.h"
#include "core/crypto/certificateerrors.h"
#include "core/protocol/identityerrors.h"

#include <QUuid>

#include <openssl/crypto.h>

namespace tq::server {

namespace {

constexpr QByteArrayView SharePurpose("cosign-share:");
constexpr QByteArrayView PinPurpose("cosign-pin");
constexpr int VerifierSize = 32;
constexpr int MinSaltSize = 16;
constexpr int MaxSessionSize = 64;
constexpr QLatin1String SignUsage("sign");
constexpr QLatin1String DecryptUsage("decrypt");

Error badRequest(const QString &field)
{
    return Error(ApiError::InvalidRequest, QStringLiteral("The field '%1' is missing or malformed.").arg(field),
                 {{QStringLiteral("field"), field}});
}

// The base64 field `name` of `o`, required to decode to between `min` and `max` bytes.
Result<QByteArray> bytesField(const QJsonObject &o, const QString &name, qsizetype min, qsizetype max)
{
    const QJsonValue v = o.value(name);
    if (!v.isString())
        return badRequest(name);
    auto decoded = QByteArray::fromBase64Encoding(v.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || (*decoded).size() < min || (*decoded).size() > max)
        return badRequest(name);
    return *decoded;
}

/// A PIN record the device sent: the salt and verifier fields `saltField`, `verifierField`.
struct PinRecord {
    QByteArray salt;
    QByteArray verifier;
};

Result<PinRecord> pinRecord(const QJsonObject &o, const QString &saltField, const QString &verifierField)
{
    auto salt = bytesField(o, saltField, MinSaltSize, 64);
    if (!salt)
        return salt.error();
    auto verifier = bytesField(o, verifierField, VerifierSize, VerifierSize);
    if (!verifier)
        return verifier.error();
    return PinRecord{std::move(salt).value(), std::move(verifier).value()};
}

Result<PinRecord> newPinRecord(const QJsonObject &o)
{
    return pinRecord(o, QStringLiteral("newPinSalt"), QStringLiteral("newPinVerifier"));
}

QByteArray sharePurpose(const QString &keyId)
{
    return SharePurpose.toByteArray() + keyId.toLatin1();
}

Error notFound()
{
    return Error(ApiError::NotFound, QStringLiteral("No such two-party key."));
}

Error wrongUsage(const char *why)
{
    return Error(CertificateError::WrongKeyUsage, QString::fromLatin1(why));
}

} // namespace

struct CosignService::Key {
    QString id;
    QString accountId;
    QByteArray publicKey;
    QByteArray pinSalt;
    QString shareSealed;
    QByteArray pinHash;
    int failedPins = 0;
    bool locked = false;
    std::optional<Identity> certifiedPerson; ///< whom the key's certificate names, if it has one
    QString usage;                           ///< SignUsage or DecryptUsage
};

CosignService::CosignService(Database &db, const MasterKey &masterKey, IdentityService &identities,
                             CosignLimits limits)
    : m_db(db), m_masterKey(masterKey), m_identities(identities), m_limits(limits)
{
}

QByteArray CosignService::pinHash(const QString &keyId, QByteArrayView verifier) const
{
    return m_masterKey.keyedHash(PinPurpose, QByteArray(keyId.toLatin1() + '\0' + verifier.toByteArray()));
}

Result<void> CosignService::once(const QString &keyId, QByteArrayView kind, QByteArrayView value)
{
    const QString hash = QString::fromLatin1(sm3(QByteArray(kind.toByteArray() + '\0' + value.toByteArray())).toHex());
    auto seen = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM cosign_replay WHERE key_id = ? AND value_hash = ?"),
                            {keyId, hash});
    if (!seen)
        return seen.error();
    if (seen.value().toInt() > 0)
        return Error(CertificateError::Replayed, QStringLiteral("This request was already used."));
    return m_db.run(QStringLiteral("INSERT INTO cosign_replay (key_id, value_hash, created_at) VALUES (?, ?, ?)"),
                    {keyId, hash, Clock::nowSecs()});
}

Result<QJsonObject> CosignService::keygen(const QString &accountId, const QJsonObject &request)
{
    auto session = bytesField(request, QStringLiteral("sessionId"), 16, MaxSessionSize);
    auto publicShare = bytesField(request, QStringLiteral("publicShare"), Sm2::PointSize, Sm2::PointSize);
    auto commitment = bytesField(request, QStringLiteral("commitment"), Sm2::PointSize, Sm2::PointSize);
    auto response = bytesField(request, QStringLiteral("response"), Sm2::ScalarSize, Sm2::ScalarSize);
    for (const auto *field : {&session, &publicShare, &commitment, &response})
        if (!*field)
            return field->error();
    auto pin = pinRecord(request, QStringLiteral("pinSalt"), QStringLiteral("pinVerifier"));
    if (!pin)
        return pin.error();

    // A keygen session id is global: the key id does not exist yet.
    if (auto fresh = once(QStringLiteral("-"), "keygen", session.value()); !fresh)
        return fresh.error();
    const twoparty::KeygenMessage device{publicShare.value(), {commitment.value(), response.value()}};
    // The answer's proof names the account, the device's share and the joint key (issue 15).
    auto own = twoparty::serverKeygen(m_sm2, session.value(), accountId.toUtf8(), device);
    if (!own)
        return own.error();
    const QByteArray &joint = own.value().jointPublicKey;

    auto keyId = store(accountId, own.value().share.secret.get(), joint, publicShare.value(), pin.value().salt,
                       pin.value().verifier, SignUsage);
    if (!keyId)
        return keyId.error();
    qCInfo(lcServerHttp) << "two-party key created";
    const twoparty::KeygenMessage &mine = own.value().share.message;
    return QJsonObject{{QStringLiteral("keyId"), keyId.value()},
                       {QStringLiteral("accountId"), accountId},
                       {QStringLiteral("publicShare"), toBase64Text(mine.publicShare)},
                       {QStringLiteral("commitment"), toBase64Text(mine.proof.commitment)},
                       {QStringLiteral("response"), toBase64Text(mine.proof.response)},
                       {QStringLiteral("publicKey"), toBase64Text(joint)}};
}

Result<QString> CosignService::store(const QString &accountId, const BIGNUM *share, QByteArrayView jointPublicKey,
                                     QByteArrayView devicePublicShare, QByteArrayView pinSalt,
                                     QByteArrayView pinVerifier, QLatin1String usage)
{
    const QString keyId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const SecureBytes shareBytes = m_sm2.scalarBytes(share);
    auto sealed = m_masterKey.seal(shareBytes.view(), sharePurpose(keyId));
    if (!sealed)
        return sealed.error();
    // A signing key gets one decryption: the KMC envelope of its certificate's encryption key.
    const int installDecryptions = usage == SignUsage ? 1 : 0;
    auto stored = m_db.run(QStringLiteral("INSERT INTO cosign_keys (id, account_id, public_key, device_share, "
                                          "share_sealed, pin_salt, pin_hash, failed_pins, locked, created_at, usage, "
                                          "install_decryptions) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?)"),
                           {keyId, accountId, toBase64Text(jointPublicKey), toBase64Text(devicePublicShare), sealed.value(),
                            toBase64Text(pinSalt), toBase64Text(pinHash(keyId, pinVerifier)), Clock::nowSecs(),
                            QString(usage), installDecryptions});
    if (!stored)
        return stored.error();
    return keyId;
}

Result<QString> CosignService::adopt(const QString &accountId, const twoparty::SplitKey &split,
                                     QByteArrayView jointPublicKey, const QJsonObject &pin)
{
    auto record = pinRecord(pin, QStringLiteral("pinSalt"), QStringLiteral("pinVerifier"));
    if (!record)
        return record.error();
    auto keyId = store(accountId, split.serverShare.get(), jointPublicKey, split.devicePublicShare,
                       record.value().salt, record.value().verifier, DecryptUsage);
    if (keyId)
        qCInfo(lcServerHttp) << "two-party encryption key adopted from the KMC";
    return keyId;
}

Result<CosignService::Key> CosignService::load(const QString &accountId, const QString &keyId)
{
    auto query = m_db.exec(QStringLiteral("SELECT id, account_id, public_key, pin_salt, share_sealed, pin_hash, "
                                          "failed_pins, locked, identity_name, identity_pseudonym, usage FROM cosign_keys "
                                          "WHERE id = ? AND account_id = ?"),
                           {keyId, accountId});
    if (!query)
        return query.error();
    Rows &q = query.value();
    if (!q.next())
        return notFound();
    Key key;
    key.id = q.value(0).toString();
    key.accountId = q.value(1).toString();
    key.publicKey = QByteArray::fromBase64(q.value(2).toString().toLatin1());
    key.pinSalt = QByteArray::fromBase64(q.value(3).toString().toLatin1());
    key.shareSealed = q.value(4).toString();
    key.pinHash = QByteArray::fromBase64(q.value(5).toString().toLatin1());
    key.failedPins = q.value(6).toInt();
    key.locked = q.value(7).toInt() != 0;
    if (!q.value(9).isNull())
        key.certifiedPerson = Identity{q.value(8).toString(), {}, QByteArray::fromHex(q.value(9).toString().toLatin1()), {}};
    key.usage = q.value(10).toString();
    return key;
}

Result<void> CosignService::checkPin(const Key &key, const QJsonObject &request)
{
    const Error locked(CertificateError::PinLocked,
                       QStringLiteral("This key is locked after too many wrong PINs. Verify your identity again "
                                      "and set a new PIN."));
    if (key.locked)
        return locked;
    auto verifier = bytesField(request, QStringLiteral("pinVerifier"), VerifierSize, VerifierSize);
    if (!verifier)
        return verifier.error();
    const QByteArray hash = pinHash(key.id, verifier.value());
    if (hash.size() == key.pinHash.size()
        && CRYPTO_memcmp(hash.constData(), key.pinHash.constData(), std::size_t(hash.size())) == 0) {
        if (key.failedPins == 0)
            return {};
        return m_db.run(QStringLiteral("UPDATE cosign_keys SET failed_pins = 0 WHERE id = ?"), {key.id});
    }
    // Counted in the database itself, so concurrent requests (or several server processes on
    // one PostgreSQL database) cannot squeeze in extra guesses between a read and a write.
    if (auto counted = m_db.run(QStringLiteral("UPDATE cosign_keys SET failed_pins = failed_pins + 1, locked = "
                                               "CASE WHEN failed_pins + 1 >= ? THEN 1 ELSE locked END WHERE id = ?"),
                                {m_limits.maxPinAttempts, key.id});
        !counted)
        return counted.error();
    auto count = m_db.scalar(QStringLiteral("SELECT failed_pins FROM cosign_keys WHERE id = ?"), {key.id});
    if (!count)
        return count.error();
    const int failed = count.value().toInt();
    if (failed >= m_limits.maxPinAttempts)
        return locked;
    return Error(CertificateError::WrongPin, QStringLiteral("Wrong PIN."),
                 {{QStringLiteral("attemptsLeft"), m_limits.maxPinAttempts - failed}});
}

Result<ossl::BnSecretPtr> CosignService::share(const Key &key)
{
    auto opened = m_masterKey.open(key.shareSealed, sharePurpose(key.id));
    auto d2 = opened ? m_sm2.scalar(opened.value().view()) : nullptr;
    if (!d2) {
        qCWarning(lcServerHttp) << "a two-party share does not open";
        return databaseError();
    }
    return d2;
}

void CosignService::audit(const Key &key, const char *operation, const Error &outcome, const QByteArray &digest)
{
    const QVariant digestHex = digest.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                                                : QVariant(QString::fromLatin1(digest.toHex()));
    const auto written = m_db.run(QStringLiteral("INSERT INTO cosign_audit (key_id, account_id, operation, outcome, "
                                                 "created_at, digest) VALUES (?, ?, ?, ?, ?, ?)"),
                                  {key.id, key.accountId, QString::fromLatin1(operation),
                                   outcome.isNull() ? QStringLiteral("ok") : outcome.code, Clock::nowSecs(), digestHex});
    if (!written)
        qCWarning(lcServerHttp) << "could not write the two-party audit record";
}

Result<void> CosignService::withinHourlyLimit(const Key &key, const char *operation, int limit)
{
    // Counted from the audit in the database, so every server instance sees the same count.
    auto recent = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM cosign_audit WHERE key_id = ? AND "
                                             "operation = ? AND outcome = 'ok' AND created_at > ?"),
                              {key.id, QString::fromLatin1(operation), Clock::nowSecs() - 3600});
    if (!recent)
        return recent.error();
    if (recent.value().toInt() >= limit)
        return Error(CertificateError::RateLimited, QStringLiteral("Too many operations with this key; try later."),
                     {{QStringLiteral("retryAfter"), 3600}});
    return {};
}

Result<QJsonObject> CosignService::sign(const QString &accountId, const QString &keyId, const QJsonObject &request)
{
    auto key = load(accountId, keyId);
    if (!key)
        return key.error();
    QByteArray digest;
    auto run = [&]() -> Result<QJsonObject> {
        auto session = bytesField(request, QStringLiteral("sessionId"), 16, MaxSessionSize);
        auto q1 = bytesField(request, QStringLiteral("q1"), Sm2::PointSize, Sm2::PointSize);
        auto e = bytesField(request, QStringLiteral("e"), Sm2::ScalarSize, Sm2::ScalarSize);
        auto commitment = bytesField(request, QStringLiteral("commitment"), Sm2::PointSize, Sm2::PointSize);
        auto response = bytesField(request, QStringLiteral("response"), Sm2::ScalarSize, Sm2::ScalarSize);
        if (e)
            digest = sm3(e.value());
        for (const auto *field : {&session, &q1, &e, &commitment, &response})
            if (!*field)
                return field->error();
        // Checked before the PIN: an encryption key's PIN is not spent on a request it refuses.
        if (key.value().usage != SignUsage)
            return wrongUsage("This is an encryption key; it does not sign.");
        if (auto within = withinHourlyLimit(key.value(), "sign", m_limits.signaturesPerHour); !within)
            return within.error();
        if (auto pin = checkPin(key.value(), request); !pin)
            return pin.error();
        // A repeated Q1 would be the device's nonce reused: with both signatures the server
        // could solve for d1. Refusing it protects the device from its own bug.
        if (auto fresh = once(keyId, "session", session.value()); !fresh)
            return fresh.error();
        if (auto fresh = once(keyId, "q1", q1.value()); !fresh)
            return fresh.error();
        const twoparty::SignRequest signRequest{q1.value(), e.value()};
        if (auto proven = twoparty::checkSignRequest(m_sm2, keyId.toLatin1(), session.value(), signRequest,
                                                     {commitment.value(), response.value()});
            !proven)
            return proven.error();
        auto d2 = share(key.value());
        if (!d2)
            return d2.error();
        auto answer = twoparty::serverSign(m_sm2, d2.value().get(), signRequest);
        if (!answer)
            return answer.error();
        return QJsonObject{{QStringLiteral("r"), toBase64Text(answer.value().r)},
                           {QStringLiteral("s2"), toBase64Text(answer.value().s2)},
                           {QStringLiteral("s3"), toBase64Text(answer.value().s3)}};
    };
    auto result = run();
    audit(key.value(), "sign", result ? Error() : result.error(), digest);
    return result;
}

Result<void> CosignService::useForDecryption(const Key &key)
{
    if (key.usage == DecryptUsage)
        return {};
    // One UPDATE takes the signing key's installation decryption, so two concurrent requests
    // (or two server instances) cannot both have it.
    auto taken = m_db.update(QStringLiteral("UPDATE cosign_keys SET install_decryptions = install_decryptions - 1 "
                                            "WHERE id = ? AND usage = ? AND install_decryptions > 0"),
                             {key.id, QString(SignUsage)});
    if (!taken)
        return taken.error();
    if (taken.value() != 1)
        return wrongUsage("This is a signing key; it decrypted the encryption key it was issued with already.");
    return {};
}

Result<QJsonObject> CosignService::decrypt(const QString &accountId, const QString &keyId, const QJsonObject &request)
{
    auto key = load(accountId, keyId);
    if (!key)
        return key.error();
    auto run = [&]() -> Result<QJsonObject> {
        auto session = bytesField(request, QStringLiteral("sessionId"), 16, MaxSessionSize);
        auto t1 = bytesField(request, QStringLiteral("t1"), Sm2::PointSize, Sm2::PointSize);
        for (const auto *field : {&session, &t1})
            if (!*field)
                return field->error();
        if (auto within = withinHourlyLimit(key.value(), "decrypt", m_limits.decryptionsPerHour); !within)
            return within.error();
        if (auto pin = checkPin(key.value(), request); !pin)
            return pin.error();
        if (auto fresh = once(keyId, "session", session.value()); !fresh)
            return fresh.error();
        if (auto fresh = once(keyId, "t1", t1.value()); !fresh)
            return fresh.error();
        // T1 is checked before a signing key's one decryption is spent on it.
        if (!m_sm2.point(t1.value()))
            return twoparty::failed();
        if (auto usable = useForDecryption(key.value()); !usable)
            return usable.error();
        auto d2 = share(key.value());
        if (!d2)
            return d2.error();
        auto t2 = twoparty::serverDecrypt(m_sm2, d2.value().get(), t1.value());
        if (!t2)
            return t2.error();
        return QJsonObject{{QStringLiteral("t2"), toBase64Text(t2.value())}};
    };
    auto result = run();
    audit(key.value(), "decrypt", result ? Error() : result.error());
    return result;
}

Result<void> CosignService::setPin(const Key &key, QByteArrayView salt, QByteArrayView verifier)
{
    return m_db.run(
        QStringLiteral("UPDATE cosign_keys SET pin_salt = ?, pin_hash = ?, failed_pins = 0, locked = 0 WHERE id = ?"),
        {toBase64Text(salt), toBase64Text(pinHash(key.id, verifier)), key.id});
}

Result<void> CosignService::changePin(const QString &accountId, const QString &keyId, const QJsonObject &request)
{
    auto key = load(accountId, keyId);
    if (!key)
        return key.error();
    const auto newPin = newPinRecord(request);
    if (!newPin)
        return newPin.error();
    auto pin = checkPin(key.value(), request);
    audit(key.value(), "change_pin", pin ? Error() : pin.error());
    return pin ? setPin(key.value(), newPin.value().salt, newPin.value().verifier) : pin;
}

Result<void> CosignService::unlock(const QString &accountId, const QString &keyId, const QJsonObject &request)
{
    auto key = load(accountId, keyId);
    if (!key)
        return key.error();
    // A malformed new PIN is refused before the identity is checked, so it costs no attempt.
    const auto newPin = newPinRecord(request);
    if (!newPin)
        return newPin.error();
    // Unlocking is the way around the PIN lock, so it has a limit of its own: a few failed
    // attempts a day per key and per account, counted from the audit.
    const qint64 dayAgo = Clock::nowSecs() - 86400;
    auto failedForKey = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM cosign_audit WHERE key_id = ? AND "
                                                   "operation = 'unlock' AND outcome <> 'ok' AND created_at > ?"),
                                    {keyId, dayAgo});
    auto failedForAccount = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM cosign_audit WHERE account_id = ? AND "
                                                       "operation = 'unlock' AND outcome <> 'ok' AND created_at > ?"),
                                        {accountId, dayAgo});
    if (!failedForKey || !failedForAccount)
        return databaseError();
    if (failedForKey.value().toInt() >= m_limits.failedUnlocksPerDay
        || failedForAccount.value().toInt() >= 2 * m_limits.failedUnlocksPerDay)
        return Error(CertificateError::RateLimited, QStringLiteral("Too many failed unlock attempts; try again tomorrow."),
                     {{QStringLiteral("retryAfter"), 86400}});
    // The person the key's certificate names, not the account's current identity: whoever holds
    // the token must not be able to make the account someone else and then unlock as them.
    std::optional<Identity> expected = key.value().certifiedPerson;
    if (!expected) {
        auto recorded = m_identities.find(accountId);
        if (!recorded)
            return recorded.error();
        expected = recorded.value();
    }
    // confirm(), not verify(): an attempt with someone else's identity must not replace the
    // account's, or a second attempt with the same identity would then pass.
    const auto same = expected
        ? m_identities.confirm(*expected, request.value(QStringLiteral("name")).toString(),
                               request.value(QStringLiteral("idNumber")).toString(),
                               request.value(QStringLiteral("livenessToken")).toString())
        : Result<void>(Error(IdentityError::IdentityRequired, QStringLiteral("Verify your identity first.")));
    const Error outcome = same ? Error() : same.error();
    audit(key.value(), "unlock", outcome);
    if (!outcome.isNull())
        return outcome;
    return setPin(key.value(), newPin.value().salt, newPin.value().verifier);
}

Result<QJsonObject> CosignService::describe(const QString &accountId, const QString &keyId)
{
    auto key = load(accountId, keyId);
    if (!key)
        return key.error();
    return QJsonObject{{QStringLiteral("keyId"), key.value().id},
                       {QStringLiteral("publicKey"), toBase64Text(key.value().publicKey)},
                       {QStringLiteral("pinSalt"), toBase64Text(key.value().pinSalt)},
                       {QStringLiteral("attemptsLeft"), m_limits.maxPinAttempts - key.value().failedPins},
                       {QStringLiteral("locked"), key.value().locked}};
}

Result<void> CosignService::remove(const QString &accountId, const QString &keyId, const QJsonObject &request)
{
    auto key = load(accountId, keyId);
    if (!key)
        return key.error();
    // The share is what makes the key: deleting it destroys the certificate's key for good, so
    // it needs the PIN like any use of the key, and a wrong one counts towards the lock.
    if (auto pin = checkPin(key.value(), request); !pin) {
        audit(key.value(), "delete", pin.error());
        return pin;
    }
    if (auto gone = m_db.run(QStringLiteral("DELETE FROM cosign_replay WHERE key_id = ?"), {keyId}); !gone)
        return gone;
    audit(key.value(), "delete", {});
    return m_db.run(QStringLiteral("DELETE FROM cosign_keys WHERE id = ?"), {keyId});
}

Result<void> CosignService::certify(const QString &accountId, QByteArrayView publicPoint, const Identity &person)
{
    return m_db.run(QStringLiteral("UPDATE cosign_keys SET identity_name = ?, identity_pseudonym = ? "
                                   "WHERE account_id = ? AND public_key = ?"),
                    {person.name, QString::fromLatin1(person.pseudonym.toHex()), accountId, toBase64Text(publicPoint)});
}

} // namespace tq::server
