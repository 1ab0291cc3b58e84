#include "demo-platform/demoplatform.h"

#include "demo-platform/pages.h"

#include "core/protocol/routes.h"
#include "core/protocol/apiclient.h"
#include "core/common/clock.h"
#include "core/common/encoding.h"
#include "core/crypto/digest.h"
#include "core/crypto/random.h"
#include "core/crypto/symmetric.h"
#include "core/protocol/platformclient.h"
#include "core/verify/resultverifier.h"

#include <QRegularExpression>

#include <utility>

// What happens when a result reaches the platform: the trust anchors are fetched fresh, the
// shared verifier (core/verify) checks the result, then the kind's own step runs (bid sealing,
// bid opening, the login's access-token exchange).

namespace tq::demo {

void DemoPlatform::onResult(const QString &tId, const QJsonObject &result, const QString &accessToken)
{
    Transaction *t = byTId(tId);
    if (!t)
        return;
    if (t->resultSeen) {
        // A poll may deliver the result before callback 02, which alone carries the login token.
        if (t->kind == Kind::Login && !accessToken.isEmpty() && !t->tokenUsed) {
            t->accessToken = accessToken;
            if (t->status == u"verified")
                exchangeAccessToken(tId);
        }
        return;
    }
    t->resultSeen = true;
    t->result = result;
    t->accessToken = accessToken;
    t->status = QStringLiteral("verifying");
    static const QRegularExpression caOrgPattern(QStringLiteral("^[0-9]{6}$"));
    const QString caOrg = result.value(u"caOrgType").toString();
    if (!caOrgPattern.match(caOrg).hasMatch())
        return fail(tId, QStringLiteral("The result names no valid caOrgType."));
    fetchChain(tId, result, caOrg);
}

// Step 1 of 3: the CA chain the server publishes for the result's CA institution.
void DemoPlatform::fetchChain(const QString &tId, const QJsonObject &result, const QString &caOrg)
{
    ApiJob *chain = m_api->get(routes::withArg(routes::CaChain, caOrg));
    connect(chain, &Job::finished, this, [this, tId, result, caOrg, chain] {
        if (chain->hasError())
            return fail(tId, QStringLiteral("The CA chain could not be fetched: %1").arg(chain->error().message));
        const auto issuingDer = fromBase64Text(chain->data().value(u"issuing"));
        const auto rootDer = fromBase64Text(chain->data().value(u"root"));
        const auto issuing = issuingDer ? Certificate::parse(*issuingDer) : Result<Certificate>(Error());
        const auto root = rootDer ? Certificate::parse(*rootDer) : Result<Certificate>(Error());
        if (!issuing || !root)
            return fail(tId, QStringLiteral("The server published an unreadable CA chain."));
        fetchCrl(tId, result, caOrg, issuing.value(), root.value());
    });
    chain->start();
}

// Step 2 of 3: the issuing CA's current revocation list, fetched fresh for every check.
void DemoPlatform::fetchCrl(const QString &tId, const QJsonObject &result, const QString &caOrg,
                            const Certificate &issuing, const Certificate &root)
{
    DownloadJob *crl = m_api->download(m_api->urlFor(routes::withArg(routes::CaCrl, caOrg)), MaxUploadBytes);
    connect(crl, &Job::finished, this, [this, tId, result, crl, issuing, root] {
        if (crl->hasError())
            return fail(tId, QStringLiteral("The CRL could not be fetched: %1").arg(crl->error().message));
        const auto parsed = Crl::parse(crl->data());
        if (!parsed)
            return fail(tId, QStringLiteral("The server published an unreadable CRL."));
        finishVerification(tId, result, TrustAnchors{issuing, root, parsed.value()});
    });
    crl->start();
}

// Step 3 of 3: the shared verifier, then what this kind of transaction does with a verified result.
void DemoPlatform::finishVerification(const QString &tId, const QJsonObject &result, const TrustAnchors &anchors)
{
    Transaction *t = byTId(tId);
    if (!t)
        return;
    const auto bid = m_bids.value(t->bidId);
    ExpectedResult expected{t->content, m_options.code, t->tId, m_encryptionKey->publicKeyDer(), std::nullopt};
    if (t->kind == Kind::BidOpening) {
        if (!bid || !bid->signer)
            return fail(tId, QStringLiteral("The bid of this opening is unknown."));
        expected.knownSigner = bid->signer;
    }
    QStringList checks;
    const auto verified = verifyResult(expected, result, anchors, Clock::now(), &checks);
    t->checks = checks;
    if (!verified)
        return fail(tId, verified.error().message);
    const VerifiedResult &v = verified.value();
    t->subject = pages::commonName(v.signer.subject);
    t->certSn = v.signer.serialHex;
    t->caOrgType = v.caOrgType;
    if (v.encryptionCertificate)
        t->encCertSn = v.encryptionCertificate->serialHex;

    if (t->kind == Kind::BidSubmission && bid && bid->envelope) {
        t->checks << QStringLiteral("bid sealed at submission to encryption certificate %1").arg(bid->envelope->encCertSn);
    } else if (t->kind == Kind::BidSubmission) {
        if (!bid)
            return fail(tId, QStringLiteral("The bid of this submission is unknown."));
        const SecureBytes sessionKey(Random::bytes(Sm4::KeySize));
        bid->iv = Random::bytes(Sm4::BlockSize);
        const auto ciphertext = Sm4::encrypt(Sm4::Mode::Cbc, sessionKey, bid->iv, bid->plaintext);
        const auto encKey = PublicKey::fromDer(v.encryptionCertificate->publicKeyDer);
        const auto wrapped = encKey ? encKey.value().encrypt(sessionKey.view()) : Result<QByteArray>(encKey.error());
        if (!ciphertext || !wrapped)
            return fail(tId, QStringLiteral("The bid could not be encrypted."));
        bid->ciphertext = ciphertext.value();
        bid->envelope = ScanEnvelope{QStringLiteral("bid-") + bid->id, v.caOrgType, t->encCertSn, wrapped.value()};
        bid->signer = v.signer;
        SecureBytes::wipe(bid->plaintext);
        t->checks << QStringLiteral("bid encrypted with SM4-CBC under a fresh session key, wrapped to encryption "
                                    "certificate %1 (%2 bytes of ciphertext)")
                         .arg(t->encCertSn)
                         .arg(bid->ciphertext.size());
    } else if (t->kind == Kind::BidOpening) {
        const auto sessionKey = m_encryptionKey->decrypt(v.decryptStrs.value(0).second);
        if (!sessionKey)
            return fail(tId, QStringLiteral("The returned session key does not open with this platform's key."));
        const auto plaintext = Sm4::decrypt(Sm4::Mode::Cbc, sessionKey.value(), bid->iv, bid->ciphertext);
        if (!plaintext)
            return fail(tId, QStringLiteral("The bid file does not decrypt with the returned session key."));
        t->originalHash = toHexText(bid->sm3);
        t->recoveredHash = toHexText(sm3(plaintext.value().view()));
        t->hashMatch = t->originalHash == t->recoveredHash ? QStringLiteral("true") : QStringLiteral("false");
        if (t->hashMatch != u"true")
            return fail(tId, QStringLiteral("The recovered bid file differs from the one submitted."));
        t->checks << QStringLiteral("session key unwrapped with this platform's SM2 key; the decrypted file's SM3 "
                                    "equals the submitted file's");
    }
    if (t->kind == Kind::Login && !t->accessToken.isEmpty())
        return exchangeAccessToken(tId);
    t->status = QStringLiteral("verified");
    qCInfo(lcDemo).noquote() << "transaction" << tId << "verified, certificate" << t->certSn;
}

void DemoPlatform::exchangeAccessToken(const QString &tId)
{
    Transaction *t = byTId(tId);
    t->tokenUsed = true;
    ApiJob *call = m_client->exchangeAccessToken(std::exchange(t->accessToken, QString()));
    connect(call, &Job::finished, this, [this, tId, call] {
        Transaction *t = byTId(tId);
        if (!t)
            return;
        if (call->hasError())
            return fail(tId, QStringLiteral("The login access token could not be exchanged: %1").arg(call->error().message));
        const QJsonObject d = call->data();
        if (d.value(u"tId").toString() != tId || d.value(u"certSn").toString().toUpper() != t->certSn)
            return fail(tId, QStringLiteral("The server's login record names another transaction or certificate."));
        t->checks << QStringLiteral("one-time access token exchanged: the server confirms this login by certificate %1")
                         .arg(t->certSn);
        t->status = QStringLiteral("verified");
        qCInfo(lcDemo).noquote() << "transaction" << tId << "verified, certificate" << t->certSn;
    });
    call->start();
}

void DemoPlatform::fail(const QString &tId, const QString &reason)
{
    if (Transaction *t = byTId(tId)) {
        t->status = QStringLiteral("failed");
        t->reason = reason;
    }
    qCWarning(lcDemo).noquote() << "transaction" << tId << "failed verification:" << reason;
}

} // namespace tq::demo
