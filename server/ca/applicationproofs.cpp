#include "server/ca/applicationproofs.h"

#include "core/common/apierrors.h"
#include "core/common/clock.h"
#include "core/common/encoding.h"
#include "core/crypto/certificateerrors.h"
#include "core/crypto/keypair.h"
#include "core/crypto/random.h"
#include "core/crypto/x509.h"
#include "core/protocol/applicationproof.h"
#include "server/db/database.h"
#include "server/http/request.h"
#include "server/identity/identityservice.h"
#include "server/logging.h"
#include "server/sms/smscodes.h"

#include <QCryptographicHash>
#include <QJsonDocument>

namespace tq::server {

namespace {

constexpr qsizetype ChallengeBytes = 32;

Error freshProofRequired(const QString &reason, const QString &message)
{
    return Error(CertificateError::FreshProofRequired, message, {{QStringLiteral("reason"), reason}});
}

QString challengeHash(const QByteArray &challenge)
{
    return QString::fromLatin1(QCryptographicHash::hash(challenge, QCryptographicHash::Sha256).toHex());
}

Result<QByteArray> base64Field(const JsonBody &body, const QString &field)
{
    const auto text = body.string(field);
    if (!text)
        return text.error();
    const auto bytes = fromBase64Text(text.value());
    if (!bytes || bytes->isEmpty())
        return Error(ApiError::InvalidRequest, QStringLiteral("The field \"%1\" must be base64.").arg(field),
                     {{QStringLiteral("field"), field}});
    return *bytes;
}

} // namespace

Error ApplicationProof::missing()
{
    return freshProofRequired(
        QStringLiteral("missing"),
        QStringLiteral("Every certificate application needs a fresh proof of the person (\"proof\"): the name, ID "
                       "number and liveness evidence again, or an existing certificate's signature over a "
                       "challenge plus the SMS code."));
}

Result<ApplicationProof> ApplicationProof::fromJson(const QJsonValue &value)
{
    if (!value.isObject())
        return Error(ApiError::InvalidRequest, QStringLiteral("The field \"proof\" must be an object."),
                     {{QStringLiteral("field"), QStringLiteral("proof")}});
    auto body = JsonBody::parse(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (!body)
        return body.error();
    const JsonBody &proof = body.value();
    const auto method = proof.string(QStringLiteral("method"));
    if (!method)
        return method.error();
    ApplicationProof out;
    if (method.value() == QLatin1String(applicationproof::MethodIdentity)) {
        const auto person = proof.strings({QStringLiteral("name"), QStringLiteral("idNumber")});
        const auto evidence = proof.optionalString(QStringLiteral("livenessEvidence"));
        if (!person)
            return person.error();
        if (!evidence)
            return evidence.error();
        out.name = person.value().at(0);
        out.idNumber = person.value().at(1);
        out.livenessEvidence = evidence.value();
        return out;
    }
    if (method.value() != QLatin1String(applicationproof::MethodCertificate))
        return Error(ApiError::InvalidRequest, QStringLiteral("proof.method must be \"identity\" or \"certificate\"."),
                     {{QStringLiteral("field"), QStringLiteral("method")}});
    out.method = Method::Certificate;
    const auto fields = proof.strings({QStringLiteral("certificateId"), QStringLiteral("smsCode")});
    if (!fields)
        return fields.error();
    auto challenge = base64Field(proof, QStringLiteral("challenge"));
    if (!challenge)
        return challenge.error();
    auto signature = base64Field(proof, QStringLiteral("signature"));
    if (!signature)
        return signature.error();
    out.certificateId = fields.value().at(0);
    out.smsCode = fields.value().at(1);
    out.challenge = std::move(challenge).value();
    out.signature = std::move(signature).value();
    return out;
}

Result<QString> ApplicationProofs::phoneOf(const QString &accountId)
{
    const auto phone = m_db.scalar(QStringLiteral("SELECT phone FROM accounts WHERE id = ?"), {accountId});
    if (!phone)
        return phone.error();
    if (phone.value().isNull())
        return databaseError();
    return phone.value().toString();
}

Result<ApplicationChallenge> ApplicationProofs::challenge(const QString &accountId)
{
    const auto phone = phoneOf(accountId);
    if (!phone)
        return phone.error();
    const qint64 now = Clock::nowSecs();
    ApplicationChallenge issued{Random::bytes(ChallengeBytes),
                                QDateTime::fromSecsSinceEpoch(now + ChallengeLifetime, Qt::UTC)};
    // Expired rows only ever refuse; dropping them keeps the table to live challenges.
    if (auto swept = m_db.run(QStringLiteral("DELETE FROM certificate_challenges WHERE expires_at <= ?"), {now});
        !swept)
        return swept.error();
    if (auto stored = m_db.run(QStringLiteral("INSERT INTO certificate_challenges (challenge_hash, account_id, "
                                              "created_at, expires_at) VALUES (?, ?, ?, ?)"),
                               {challengeHash(issued.challenge), accountId, now, now + ChallengeLifetime});
        !stored)
        return stored.error();
    if (auto sent = m_codes.issue(phone.value(), SmsPurpose::CertificateApplication); !sent) {
        // No code, no use for the challenge: the caller asks again once the SMS limits allow.
        if (auto r = m_db.run(QStringLiteral("DELETE FROM certificate_challenges WHERE challenge_hash = ?"),
                              {challengeHash(issued.challenge)});
            !r)
            qCWarning(lcServer) << "an unused certificate challenge stays until it expires";
        return sent.error();
    }
    return issued;
}

Result<QByteArray> ApplicationProofs::signingCertificate(const QString &certificateId, const Identity &person)
{
    const Error unusable = freshProofRequired(
        QStringLiteral("certificate"),
        QStringLiteral("The proof must be signed by a valid (not revoked, not expired) signing certificate of the "
                       "same person."));
    auto query = m_db.exec(QStringLiteral("SELECT c.der, i.pseudonym FROM certificates c JOIN identities i ON "
                                          "i.account_id = c.account_id WHERE c.id = ? AND c.usage = 'signing' AND "
                                          "c.revoked_at IS NULL AND c.not_after > ?"),
                           {certificateId, Clock::nowSecs()});
    if (!query)
        return query.error();
    Rows &row = query.value();
    if (!row.next() || QByteArray::fromHex(row.value(1).toString().toLatin1()) != person.pseudonym)
        return unusable;
    const auto der = fromBase64Text(row.value(0).toString());
    if (!der)
        return unusable;
    return *der;
}

Result<void> ApplicationProofs::check(const QString &accountId, const Identity &person,
                                      const ApplicationProof &proof, const QByteArray &csrDer)
{
    if (proof.method == ApplicationProof::Method::Identity)
        return m_identities.confirmCounted(accountId, person, proof.name, proof.idNumber, proof.livenessEvidence);

    const auto live = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM certificate_challenges WHERE "
                                                 "challenge_hash = ? AND account_id = ? AND used_at IS NULL AND "
                                                 "expires_at > ?"),
                                  {challengeHash(proof.challenge), accountId, Clock::nowSecs()});
    if (!live)
        return live.error();
    if (live.value().toInt() != 1)
        return freshProofRequired(QStringLiteral("challenge"),
                                  QStringLiteral("The challenge is unknown, expired or used; ask for a new one."));
    const auto der = signingCertificate(proof.certificateId, person);
    if (!der)
        return der.error();
    const auto certificate = Certificate::parse(der.value());
    const auto key = certificate ? PublicKey::fromDer(certificate.value().publicKeyDer) : Result<PublicKey>(certificate.error());
    if (!key || !key.value().verify(applicationproof::signedStatement(proof.challenge, csrDer), proof.signature))
        return freshProofRequired(QStringLiteral("signature"),
                                  QStringLiteral("The signature is not the certificate's over this challenge and "
                                                 "request."));
    const auto phone = phoneOf(accountId);
    if (!phone)
        return phone.error();
    return m_codes.consume(phone.value(), SmsPurpose::CertificateApplication, proof.smsCode);
}

Result<void> ApplicationProofs::consume(const QString &accountId, const ApplicationProof &proof)
{
    if (proof.method != ApplicationProof::Method::Certificate)
        return {};
    const auto used = m_db.update(QStringLiteral("UPDATE certificate_challenges SET used_at = ? WHERE "
                                                 "challenge_hash = ? AND account_id = ? AND used_at IS NULL AND "
                                                 "expires_at > ?"),
                                  {Clock::nowSecs(), challengeHash(proof.challenge), accountId, Clock::nowSecs()});
    if (!used)
        return used.error();
    if (used.value() != 1)
        return freshProofRequired(QStringLiteral("challenge"),
                                  QStringLiteral("The challenge is unknown, expired or used; ask for a new one."));
    return {};
}

void ApplicationProofs::notifyIssued(const QString &accountId, const QString &caName, const QDateTime &issuedAt)
{
    const auto phone = phoneOf(accountId);
    // The holder's language is not known here; the notice is in both, Chinese first.
    const QString time = issuedAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
    const QString text =
        QStringLiteral("【铜钱】%1 于 %2 为您签发了新的数字证书。如非本人申请，请立即在铜钱 App 的证书页吊销该证书并修改密码。"
                       " Tongqian: %1 issued a new certificate in your name at %2. If you did not apply, revoke it "
                       "now on the Certificates page of the Tongqian app and change your password.")
            .arg(caName, time);
    const auto sent = phone ? m_sms.notify(phone.value(), SmsPurpose::CertificateIssued, text)
                            : Result<void>(phone.error());
    if (!sent)
        qCWarning(lcServer) << "the holder was not notified of a new certificate:" << sent.error().code;
}

} // namespace tq::server
