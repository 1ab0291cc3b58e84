#include "server/cosign/cosignservice.h"

#include "core/common/apierrors.h"
#include "core/common/clock.h"
#include "core/common/encoding.h"
#include "core/crypto/digest.h"
#include "core/crypto/random.h"
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
constexpr QByteArrayView VerifierPurpose("cosign-pin-verifier:");
constexpr QByteArrayView PinStatePurpose("cosign-pin-state");
constexpr QByteArrayView KeyAccountPurpose("cosign-key-account");
constexpr int VerifierSize = 32;
constexpr int ChallengeSize = 32;
constexpr int ProofSize = 32;
constexpr int MaxPinWriteRetries = 8;
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

// The cost field `name` of `o` ({logN, r, p}); `fallback` if absent.
std::optional<twoparty::PinCost> costField(const QJsonObject &o, const QString &name, twoparty::PinCost fallback)
{
    if (!o.contains(name))
        return fallback;
    const QJsonObject c = o.value(name).toObject();
    const twoparty::PinCost cost{c.value(QStringLiteral("logN")).toInt(-1), c.value(QStringLiteral("r")).toInt(-1),
                                 c.value(QStringLiteral("p")).toInt(-1)};
    if (!twoparty::acceptablePinCost(cost))
        return std::nullopt;
    return cost;
}

QJsonObject costJson(twoparty::PinCost cost)
{
    return {{QStringLiteral("logN"), cost.logN}, {QStringLiteral("r"), cost.r}, {QStringLiteral("p"), cost.p}};
}

std::optional<twoparty::PinCost> parseCostText(const QString &text)
{
    const QStringList parts = text.split(u',');
    if (parts.size() != 3)
        return std::nullopt;
    const twoparty::PinCost cost{parts.at(0).toInt(), parts.at(1).toInt(), parts.at(2).toInt()};
    return twoparty::acceptablePinCost(cost) ? std::optional(cost) : std::nullopt;
}

qint64 work(twoparty::PinCost cost)
{
    return (qint64(1) << cost.logN) * cost.r * cost.p;
}

QByteArray verifierPurpose(const QString &accountId)
{
    return VerifierPurpose.toByteArray() + accountId.toUtf8();
}

Error pinLocked()
{
    return Error(CertificateError::PinLocked,
                 QStringLiteral("Your keys are locked after too many wrong PINs. Verify your identity again "
                                "and set a new PIN."));
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
    QString shareSealed;
    std::optional<Identity> certifiedPerson; ///< whom the key's certificate names, if it has one
    bool bound = false; ///< its account_mac verifies: the row was not moved to another account
    QString usage;      ///< SignUsage or DecryptUsage
};

/// The account's PIN record as read from `cosign_pins`. `locked` is also set for a row whose
/// MAC does not verify. `version` grows with every write; writes compare it (optimistic
/// concurrency in the database, so instances sharing it cannot lose a count).
struct CosignService::PinState {
    QString accountId;
    QByteArray salt;
    twoparty::PinCost cost;
    QString verifierSealed;
    int failedPins = 0;
    bool locked = false;
    qint64 version = 0;
};

/// A new PIN the device registers: its salt, verifier and cost.
struct CosignService::NewPin {
    QByteArray salt;
    SecureBytes verifier;
    twoparty::PinCost cost;
};

CosignService::CosignService(Database &db, const MasterKey &masterKey, IdentityService &identities,
                             CosignLimits limits)
    : m_db(db), m_masterKey(masterKey), m_identities(identities), m_limits(limits)
{
}

QByteArray CosignService::keyAccountMac(const QString &keyId, const QString &accountId) const
{
    return m_masterKey.keyedHash(KeyAccountPurpose, QByteArray(keyId.toUtf8() + '\0' + accountId.toUtf8()));
}

QByteArray CosignService::pinStateMac(const PinState &state) const
{
    // Everything that decides access: a row edited in the database (counter reset, lock
    // cleared, another record's verifier) no longer verifies and counts as locked.
    const QByteArrayList fields{state.accountId.toUtf8(),        state.salt.toBase64(),
                                twoparty::pinCostText(state.cost), state.verifierSealed.toLatin1(),
                                QByteArray::number(state.failedPins), state.locked ? "1" : "0",
                                QByteArray::number(state.version)};
    return m_masterKey.keyedHash(PinStatePurpose, fields.join('\0'));
}

Result<std::optional<CosignService::PinState>> CosignService::loadPin(const QString &accountId)
{
    auto query = m_db.exec(QStringLiteral("SELECT salt, cost, verifier_sealed, failed_pins, locked, version, state_mac "
                                          "FROM cosign_pins WHERE account_id = ?"),
                           {accountId});
    if (!query)
        return query.error();
    Rows &q = query.value();
    if (!q.next())
        return std::optional<PinState>();
    PinState state;
    state.accountId = accountId;
    state.salt = QByteArray::fromBase64(q.value(0).toString().toLatin1());
    const auto cost = parseCostText(q.value(1).toString());
    state.cost = cost.value_or(twoparty::PinCost{});
    state.verifierSealed = q.value(2).toString();
    state.failedPins = q.value(3).toInt();
    state.locked = q.value(4).toInt() != 0;
    state.version = q.value(5).toLongLong();
    const QByteArray mac = QByteArray::fromBase64(q.value(6).toString().toLatin1());
    // An empty MAC marks a record the upgrade to one PIN per account made locked (migration 8).
    if (mac.isEmpty() || !cost) {
        state.locked = true;
    } else if (const QByteArray expected = pinStateMac(state);
               mac.size() != expected.size()
               || CRYPTO_memcmp(mac.constData(), expected.constData(), std::size_t(mac.size())) != 0) {
        qCWarning(lcServerHttp) << "a PIN record does not match its MAC; its keys count as locked";
        state.locked = true;
    }
    return std::optional<PinState>(std::move(state));
}

Result<void> CosignService::consumeChallenge(const QString &accountId, QByteArrayView challenge)
{
    // One DELETE decides: of two requests with the same challenge, only one removes the row.
    auto consumed = m_db.update(QStringLiteral("DELETE FROM cosign_pin_challenges WHERE nonce_hash = ? AND "
                                               "account_id = ? AND expires_at > ?"),
                                {QString::fromLatin1(sm3(challenge).toHex()), accountId, Clock::nowSecs()});
    if (!consumed)
        return consumed.error();
    if (consumed.value() != 1)
        return Error(CertificateError::Replayed,
                     QStringLiteral("This PIN challenge was already used or has expired. Ask for a new one."));
    return {};
}

Result<QJsonObject> CosignService::pinChallenge(const QString &accountId)
{
    const qint64 now = Clock::nowSecs();
    if (auto swept = m_db.run(QStringLiteral("DELETE FROM cosign_pin_challenges WHERE expires_at <= ?"), {now}); !swept)
        return swept.error();
    const QByteArray challenge = Random::bytes(ChallengeSize);
    // A bound on the table's growth, in the statement itself; each guess costs a counted attempt anyway.
    auto issued = m_db.update(
        QStringLiteral("INSERT INTO cosign_pin_challenges (nonce_hash, account_id, expires_at) SELECT ?, ?, ? WHERE "
                       "(SELECT COUNT(*) FROM cosign_pin_challenges WHERE account_id = ? AND expires_at > ?) < ?"),
        {QString::fromLatin1(sm3(challenge).toHex()), accountId, now + m_limits.pinChallengeSeconds, accountId, now,
         m_limits.openPinChallenges});
    if (!issued)
        return issued.error();
    if (issued.value() != 1)
        return Error(CertificateError::RateLimited, QStringLiteral("Too many PIN challenges at once; try again shortly."),
                     {{QStringLiteral("retryAfter"), m_limits.pinChallengeSeconds}});
    auto state = loadPin(accountId);
    if (!state)
        return state.error();
    QJsonObject answer{{QStringLiteral("challenge"), toBase64Text(challenge)},
                       {QStringLiteral("expiresIn"), m_limits.pinChallengeSeconds},
                       {QStringLiteral("registered"), state.value().has_value()},
                       {QStringLiteral("newPinCost"), costJson(m_limits.pinCost)}};
    if (const auto &pin = state.value()) {
        answer.insert(QStringLiteral("pinSalt"), toBase64Text(pin->salt));
        answer.insert(QStringLiteral("pinCost"), costJson(pin->cost));
        answer.insert(QStringLiteral("attemptsLeft"), pin->locked ? 0 : m_limits.maxPinAttempts - pin->failedPins);
        answer.insert(QStringLiteral("locked"), pin->locked);
    }
    return answer;
}

Result<CosignService::NewPin> CosignService::newPin(const QJsonObject &request, const QString &prefix) const
{
    auto salt = bytesField(request, prefix + QStringLiteral("Salt"), MinSaltSize, 64);
    if (!salt)
        return salt.error();
    auto verifier = bytesField(request, prefix + QStringLiteral("Verifier"), VerifierSize, VerifierSize);
    if (!verifier)
        return verifier.error();
    const QString costName = prefix + QStringLiteral("Cost");
    const auto cost = costField(request, costName, m_limits.pinCost);
    if (!cost || work(*cost) < work(m_limits.pinCost))
        return badRequest(costName);
    NewPin pin{std::move(salt).value(), SecureBytes(verifier.value()), *cost};
    SecureBytes::wipe(verifier.value());
    return pin;
}

Result<void> CosignService::setPin(const QString &accountId, const std::optional<PinState> &current, const NewPin &pin)
{
    auto sealed = m_masterKey.seal(pin.verifier.view(), verifierPurpose(accountId));
    if (!sealed)
        return sealed.error();
    const PinState next{accountId, pin.salt, pin.cost, sealed.value(), 0, false, current ? current->version + 1 : 1};
    const QString mac = toBase64Text(pinStateMac(next));
    const QString cost = QString::fromLatin1(twoparty::pinCostText(pin.cost));
    if (!current)
        return m_db.run(QStringLiteral("INSERT INTO cosign_pins (account_id, salt, cost, verifier_sealed, failed_pins, "
                                       "locked, version, state_mac, updated_at) VALUES (?, ?, ?, ?, 0, 0, ?, ?, ?)"),
                        {accountId, toBase64Text(pin.salt), cost, sealed.value(), next.version, mac, Clock::nowSecs()});
    auto written = m_db.update(QStringLiteral("UPDATE cosign_pins SET salt = ?, cost = ?, verifier_sealed = ?, "
                                              "failed_pins = 0, locked = 0, version = ?, state_mac = ?, updated_at = ? "
                                              "WHERE account_id = ? AND version = ?"),
                               {toBase64Text(pin.salt), cost, sealed.value(), next.version, mac, Clock::nowSecs(),
                                accountId, current->version});
    if (!written)
        return written.error();
    if (written.value() != 1)
        return Error(CertificateError::Replayed,
                     QStringLiteral("The PIN changed meanwhile. Ask for a new challenge and try again."));
    return {};
}

Result<CosignService::PinState> CosignService::countPin(PinState state, bool right)
{
    for (int attempt = 0; attempt < MaxPinWriteRetries; ++attempt) {
        if (state.locked)
            return pinLocked();
        if (right && state.failedPins == 0)
            return state;
        PinState next = state;
        next.failedPins = right ? 0 : state.failedPins + 1;
        next.locked = next.failedPins >= m_limits.maxPinAttempts;
        next.version = state.version + 1;
        // Written only if nobody wrote the record since it was read; otherwise read it again
        // and count on top of that, so concurrent guesses (on any instance) each count.
        auto written = m_db.update(QStringLiteral("UPDATE cosign_pins SET failed_pins = ?, locked = ?, version = ?, "
                                                  "state_mac = ?, updated_at = ? WHERE account_id = ? AND version = ?"),
                                   {next.failedPins, next.locked ? 1 : 0, next.version, toBase64Text(pinStateMac(next)),
                                    Clock::nowSecs(), state.accountId, state.version});
        if (!written)
            return written.error();
        if (written.value() == 1) {
            if (right)
                return next;
            if (next.locked)
                return pinLocked();
            return Error(CertificateError::WrongPin, QStringLiteral("Wrong PIN."),
                         {{QStringLiteral("attemptsLeft"), m_limits.maxPinAttempts - next.failedPins}});
        }
        auto again = loadPin(state.accountId);
        if (!again)
            return again.error();
        if (!again.value())
            return pinLocked();
        state = std::move(*again.value());
    }
    return databaseError();
}

Result<CosignService::PinState> CosignService::checkPin(const QString &accountId, const Key *key,
                                                        const QJsonObject &request, QByteArrayView operation,
                                                        QByteArrayView requestDigest)
{
    if (key && !key->bound)
        return pinLocked();
    const QByteArray keyId = key ? key->id.toLatin1() : QByteArray();
    auto challenge = bytesField(request, QStringLiteral("pinChallenge"), ChallengeSize, ChallengeSize);
    if (!challenge)
        return challenge.error();
    auto proof = bytesField(request, QStringLiteral("pinProof"), ProofSize, ProofSize);
    if (!proof)
        return proof.error();
    auto state = loadPin(accountId);
    if (!state)
        return state.error();
    if (!state.value() || state.value()->locked)
        return pinLocked();
    // Consumed before the proof is checked: every guess needs a challenge of its own.
    if (auto fresh = consumeChallenge(accountId, challenge.value()); !fresh)
        return fresh.error();
    auto verifier = m_masterKey.open(state.value()->verifierSealed, verifierPurpose(accountId));
    if (!verifier) {
        qCWarning(lcServerHttp) << "a PIN verifier does not open";
        return databaseError();
    }
    const QByteArray expected =
        twoparty::pinProof(verifier.value().view(), challenge.value(), keyId, operation, requestDigest);
    const bool right = !expected.isEmpty() && expected.size() == proof.value().size()
        && CRYPTO_memcmp(expected.constData(), proof.value().constData(), std::size_t(expected.size())) == 0;
    return countPin(std::move(*state.value()), right);
}

Result<void> CosignService::enrolPin(const QString &accountId, const QJsonObject &request, QByteArrayView digest)
{
    auto state = loadPin(accountId);
    if (!state)
        return state.error();
    // The account's PIN covers every key it has: a new key proves it, or registers the first.
    if (state.value()) {
        auto pin = checkPin(accountId, nullptr, request, "keygen", digest);
        return pin ? Result<void>() : Result<void>(pin.error());
    }
    auto pin = newPin(request, QStringLiteral("pin"));
    if (!pin)
        return pin.error();
    return setPin(accountId, std::nullopt, pin.value());
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

    // A keygen session id is global: the key id does not exist yet.
    if (auto fresh = once(QStringLiteral("-"), "keygen", session.value()); !fresh)
        return fresh.error();
    const twoparty::KeygenMessage device{publicShare.value(), {commitment.value(), response.value()}};
    // The answer's proof names the account, the device's share and the joint key (issue 15).
    auto own = twoparty::serverKeygen(m_sm2, session.value(), accountId.toUtf8(), device);
    if (!own)
        return own.error();
    const QByteArray &joint = own.value().jointPublicKey;

    if (auto pin = enrolPin(accountId, request, twoparty::pinRequestDigest({session.value(), publicShare.value()}));
        !pin)
        return pin.error();
    auto keyId = store(accountId, own.value().share.secret.get(), joint, publicShare.value(), SignUsage);
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
                                     QByteArrayView devicePublicShare, QLatin1String usage)
{
    const QString keyId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const SecureBytes shareBytes = m_sm2.scalarBytes(share);
    auto sealed = m_masterKey.seal(shareBytes.view(), sharePurpose(keyId));
    if (!sealed)
        return sealed.error();
    // A signing key gets one decryption: the KMC envelope of its certificate's encryption key.
    const int installDecryptions = usage == SignUsage ? 1 : 0;
    auto stored = m_db.run(QStringLiteral("INSERT INTO cosign_keys (id, account_id, public_key, device_share, "
                                          "share_sealed, pin_salt, pin_hash, failed_pins, locked, account_mac, created_at, "
                                          "usage, install_decryptions) VALUES (?, ?, ?, ?, ?, '', '', 0, 0, ?, ?, ?, ?)"),
                           {keyId, accountId, toBase64Text(jointPublicKey), toBase64Text(devicePublicShare), sealed.value(),
                            toBase64Text(keyAccountMac(keyId, accountId)), Clock::nowSecs(), QString(usage),
                            installDecryptions});
    if (!stored)
        return stored.error();
    return keyId;
}

Result<QString> CosignService::adopt(const QString &accountId, const twoparty::SplitKey &split,
                                     QByteArrayView jointPublicKey, const QJsonObject &pin)
{
    auto state = loadPin(accountId);
    if (!state)
        return state.error();
    if (!state.value()) {
        auto record = newPin(pin, QStringLiteral("pin"));
        if (!record)
            return record.error();
        if (auto set = setPin(accountId, std::nullopt, record.value()); !set)
            return set.error();
    }
    auto keyId = store(accountId, split.serverShare.get(), jointPublicKey, split.devicePublicShare, DecryptUsage);
    if (keyId)
        qCInfo(lcServerHttp) << "two-party encryption key adopted from the KMC";
    return keyId;
}

Result<CosignService::Key> CosignService::load(const QString &accountId, const QString &keyId)
{
    auto query = m_db.exec(QStringLiteral("SELECT id, account_id, public_key, share_sealed, identity_name, "
                                          "identity_pseudonym, account_mac, usage FROM cosign_keys "
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
    key.shareSealed = q.value(3).toString();
    if (!q.value(5).isNull())
        key.certifiedPerson = Identity{q.value(4).toString(), {}, QByteArray::fromHex(q.value(5).toString().toLatin1()), {}};
    // The account's one PIN guards the key only if the key is the account's: a row moved to
    // another account (whose PIN its mover knows) fails closed. Rows from before migration 8
    // have no MAC and fail the same way: nothing in the database could vouch for them.
    const QByteArray mac = QByteArray::fromBase64(q.value(6).toString().toLatin1());
    const QByteArray expected = keyAccountMac(key.id, key.accountId);
    key.bound = mac.size() == expected.size()
        && CRYPTO_memcmp(mac.constData(), expected.constData(), std::size_t(mac.size())) == 0;
    if (!key.bound)
        qCWarning(lcServerHttp) << "a two-party key's account binding does not verify; it counts as locked";
    key.usage = q.value(7).toString();
    return key;
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
        if (auto pin = checkPin(accountId, &key.value(), request, "sign",
                                twoparty::pinRequestDigest({session.value(), q1.value(), e.value(),
                                                            commitment.value(), response.value()}));
            !pin)
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
        if (auto pin = checkPin(accountId, &key.value(), request, "decrypt",
                                twoparty::pinRequestDigest({session.value(), t1.value()}));
            !pin)
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

Result<void> CosignService::changePin(const QString &accountId, const QString &keyId, const QJsonObject &request)
{
    auto key = load(accountId, keyId);
    if (!key)
        return key.error();
    const auto next = newPin(request, QStringLiteral("newPin"));
    if (!next)
        return next.error();
    const QByteArray digest = twoparty::pinRequestDigest(
        {next.value().salt, next.value().verifier.view(), twoparty::pinCostText(next.value().cost)});
    auto pin = checkPin(accountId, &key.value(), request, "pin", digest);
    audit(key.value(), "change_pin", pin ? Error() : pin.error());
    if (!pin)
        return pin.error();
    return setPin(accountId, pin.value(), next.value());
}

Result<void> CosignService::unlock(const QString &accountId, const QString &keyId, const QJsonObject &request)
{
    auto key = load(accountId, keyId);
    if (!key)
        return key.error();
    // A malformed new PIN is refused before the identity is checked, so it costs no attempt.
    const auto next = newPin(request, QStringLiteral("newPin"));
    if (!next)
        return next.error();
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
    auto state = loadPin(accountId);
    if (!state)
        return state.error();
    return setPin(accountId, state.value(), next.value());
}

Result<QJsonObject> CosignService::describe(const QString &accountId, const QString &keyId)
{
    auto key = load(accountId, keyId);
    if (!key)
        return key.error();
    auto state = loadPin(accountId);
    if (!state)
        return state.error();
    const auto &pin = state.value();
    const bool locked = !pin || pin->locked || !key.value().bound;
    return QJsonObject{{QStringLiteral("keyId"), key.value().id},
                       {QStringLiteral("publicKey"), toBase64Text(key.value().publicKey)},
                       {QStringLiteral("pinSalt"), toBase64Text(pin ? pin->salt : QByteArray())},
                       {QStringLiteral("attemptsLeft"), locked ? 0 : m_limits.maxPinAttempts - pin->failedPins},
                       {QStringLiteral("locked"), locked}};
}

Result<void> CosignService::remove(const QString &accountId, const QString &keyId, const QJsonObject &request)
{
    auto key = load(accountId, keyId);
    if (!key)
        return key.error();
    // The share is what makes the key: deleting it destroys the certificate's key for good, so
    // it needs the PIN like any use of the key, and a wrong one counts towards the lock.
    if (auto pin = checkPin(accountId, &key.value(), request, "deletion", twoparty::pinRequestDigest({})); !pin) {
        audit(key.value(), "delete", pin.error());
        return pin.error();
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
