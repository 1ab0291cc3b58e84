#include "core/crypto/twoparty.h"

#include "core/crypto/certificateerrors.h"
#include "core/crypto/digest.h"
#include "core/crypto/passwordhash.h"
#include "core/crypto/random.h"
#include "core/crypto/scalarfield.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace tq::twoparty {

namespace {

constexpr QByteArrayView ProofLabel("tongqian two-party SM2 share proof v1");
constexpr QByteArrayView SignProofLabel("tongqian two-party SM2 sign nonce proof v1");
// Each nonce has its own label, so two nonces drawn for one request never coincide.
constexpr QByteArrayView ShareLabel("tongqian two-party SM2 share");
constexpr QByteArrayView ShareProofNonceLabel("tongqian two-party SM2 share proof nonce");
constexpr QByteArrayView K1Label("tongqian two-party SM2 k1");
constexpr QByteArrayView K2Label("tongqian two-party SM2 k2");
constexpr QByteArrayView K3Label("tongqian two-party SM2 k3");
constexpr QByteArrayView BlindingLabel("tongqian two-party SM2 blinding");
constexpr QByteArrayView PinProofLabel("tongqian pin proof v1");

ossl::BnSecretPtr reduced(const Sm2 &sm2, QByteArrayView bytes)
{
    if (bytes.size() == 2 * Sm2::ScalarSize) {
        // Wide inputs are the hedged nonces: secret, so reduced in constant time.
        unsigned char out[Sm2::ScalarSize];
        ScalarField::toBytes(sm2.scalars().reduceWide(bytes), out);
        ossl::BnSecretPtr x(BN_bin2bn(out, Sm2::ScalarSize, nullptr));
        OPENSSL_cleanse(out, sizeof out);
        return x;
    }
    ossl::BnSecretPtr x(BN_bin2bn(ossl::in(bytes), int(bytes.size()), nullptr));
    ossl::BnCtxPtr ctx(BN_CTX_new());
    if (!x || !ctx || BN_nnmod(x.get(), x.get(), sm2.order(), ctx.get()) != 1)
        return nullptr;
    return x;
}

QByteArray lengthPrefixed(QByteArrayView field)
{
    const quint32 n = quint32(field.size());
    const char header[4] = {char(n >> 24), char(n >> 16), char(n >> 8), char(n)};
    return QByteArray(header, 4) + field.toByteArray();
}

// What a keygen proof is bound to. The session is length-prefixed so that (session, point)
// pairs cannot be re-split.
QByteArray keygenContext(Party prover, QByteArrayView session)
{
    return QByteArray(1, char(prover)) + lengthPrefixed(session);
}

// The server's keygen proof also names the account, the device's share and the joint key.
QByteArray serverKeygenContext(QByteArrayView session, QByteArrayView account, QByteArrayView devicePublicShare,
                               QByteArrayView joint)
{
    return keygenContext(Party::Server, session) + lengthPrefixed(account) + devicePublicShare.toByteArray()
        + joint.toByteArray();
}

QByteArray signContext(QByteArrayView keyId, QByteArrayView session, QByteArrayView e)
{
    return lengthPrefixed(keyId) + lengthPrefixed(session) + e.toByteArray();
}

// The Fiat–Shamir challenge of a Schnorr proof for X: SM3(label ‖ context ‖ X ‖ R) mod n.
ossl::BnSecretPtr challenge(const Sm2 &sm2, QByteArrayView label, QByteArrayView context, QByteArrayView x,
                            QByteArrayView commitment)
{
    const QByteArray c = Hasher(DigestAlgorithm::Sm3).add(label).add(context).add(x).add(commitment).result();
    return reduced(sm2, c);
}

// A Schnorr proof of knowledge of `secret` for X = secret·G (given as `x`), with nonce t.
Result<Proof> prove(const Sm2 &sm2, QByteArrayView label, QByteArrayView context, const BIGNUM *secret,
                    QByteArrayView x, const BIGNUM *nonce)
{
    auto t = nonce ? sm2.scalar(sm2.scalarBytes(nonce).view()) : nullptr;
    if (!secret || !t || x.isEmpty())
        return failed();
    Proof proof;
    proof.commitment = sm2.pointBytes(sm2.multiplyGenerator(t.get()).get());
    auto c = proof.commitment.isEmpty() ? nullptr : challenge(sm2, label, context, x, proof.commitment);
    auto cx = c ? sm2.multiply(c.get(), secret) : nullptr;
    auto z = cx ? sm2.add(t.get(), cx.get()) : nullptr;
    if (!z || BN_is_zero(z.get()))
        return failed();
    proof.response = sm2.scalarBytes(z.get()).view().toByteArray();
    return proof;
}

// z·G = R + c·X, with X and R valid points, c ≠ 0 and z in [1, n−1].
bool verifyProof(const Sm2 &sm2, QByteArrayView label, QByteArrayView context, QByteArrayView publicPoint,
                 const Proof &proof)
{
    auto x = sm2.point(publicPoint);
    auto r = sm2.point(proof.commitment);
    auto z = proof.response.size() == Sm2::ScalarSize ? sm2.scalar(proof.response) : nullptr;
    auto c = x && r ? challenge(sm2, label, context, publicPoint, proof.commitment) : nullptr;
    if (!z || !c || BN_is_zero(c.get()))
        return false;
    // Only public values here, so the variable-time double multiply is fine.
    auto lhs = sm2.multiplyGenerator(z.get());
    auto cx = sm2.multiply(nullptr, x.get(), c.get());
    auto rhs = cx ? sm2.add(r.get(), cx.get()) : nullptr;
    const QByteArray a = sm2.pointBytes(lhs.get());
    return !a.isEmpty() && a == sm2.pointBytes(rhs.get());
}

// x(R) mod n for a valid point R.
ossl::BnSecretPtr xCoordinate(const Sm2 &sm2, const EC_POINT *p)
{
    const QByteArray bytes = sm2.pointBytes(p);
    return bytes.isEmpty() ? nullptr : reduced(sm2, QByteArrayView(bytes).sliced(1, Sm2::ScalarSize));
}

QByteArray bytesOf(const Sm2 &sm2, const BIGNUM *x)
{
    return sm2.scalarBytes(x).view().toByteArray();
}

} // namespace

Error failed()
{
    return Error(CertificateError::Crypto,
                 QStringLiteral("The two-party operation failed. Please try again."));
}

ossl::BnSecretPtr hedgedScalar(const Sm2 &sm2, QByteArrayView label, const BIGNUM *secret, QByteArrayView request)
{
    QByteArray key = Random::privateBytes(32);
    if (secret)
        key.append(sm2.scalarBytes(secret).view());
    ossl::BnSecretPtr out;
    // A zero result (probability about 2⁻²⁵⁶) takes the next counter value.
    for (char attempt = 0; attempt < 4 && !out; ++attempt) {
        QByteArray wide;
        for (char block : {'\1', '\2'}) {
            const QByteArray message = label.toByteArray() + attempt + block + request.toByteArray();
            unsigned char mac[EVP_MAX_MD_SIZE];
            unsigned int size = 0;
            if (!HMAC(EVP_sm3(), key.constData(), int(key.size()), ossl::in(message), std::size_t(message.size()),
                      mac, &size))
                break;
            wide.append(reinterpret_cast<const char *>(mac), int(size));
            OPENSSL_cleanse(mac, sizeof mac);
        }
        auto x = wide.size() == 2 * Sm2::ScalarSize ? reduced(sm2, wide) : nullptr;
        SecureBytes::wipe(wide);
        if (!x)
            break;
        if (!BN_is_zero(x.get()))
            out = std::move(x);
    }
    SecureBytes::wipe(key);
    return out;
}

bool acceptablePinCost(PinCost cost)
{
    return cost.logN >= 10 && cost.logN <= 20 && cost.r >= 1 && cost.r <= 16 && cost.p >= 1 && cost.p <= 16
        && (qint64(128) << cost.logN) * cost.r <= (qint64(256) << 20);
}

QByteArray pinCostText(PinCost cost)
{
    return QByteArray::number(cost.logN) + ',' + QByteArray::number(cost.r) + ',' + QByteArray::number(cost.p);
}

SecureBytes pinVerifier(const SecureBytes &pin, QByteArrayView salt, PinCost cost)
{
    if (!acceptablePinCost(cost))
        return {};
    QByteArray secret = pin.view().toByteArray();
    QByteArray derived = PasswordHash::scrypt(secret, QByteArrayLiteral("tongqian pin verifier v1:") + salt, cost, 32);
    SecureBytes out(derived);
    SecureBytes::wipe(secret);
    SecureBytes::wipe(derived);
    return out;
}

namespace {

void addField(QByteArray &to, QByteArrayView field)
{
    const quint32 n = quint32(field.size());
    const char length[4] = {char(n >> 24), char(n >> 16), char(n >> 8), char(n)};
    to.append(length, 4).append(field);
}

} // namespace

QByteArray pinRequestDigest(std::initializer_list<QByteArrayView> fields)
{
    QByteArray all;
    for (QByteArrayView field : fields)
        addField(all, field);
    return sm3(all);
}

QByteArray pinProof(QByteArrayView verifier, QByteArrayView challenge, QByteArrayView keyId, QByteArrayView operation,
                    QByteArrayView requestDigest)
{
    if (verifier.isEmpty() || challenge.isEmpty())
        return {};
    QByteArray message;
    for (QByteArrayView part : {PinProofLabel, challenge, keyId, operation, requestDigest})
        addField(message, part);
    unsigned char mac[EVP_MAX_MD_SIZE];
    std::size_t size = 0;
    if (!EVP_Q_mac(nullptr, "HMAC", nullptr, "SM3", nullptr, verifier.data(), std::size_t(verifier.size()),
                   reinterpret_cast<const unsigned char *>(message.constData()), std::size_t(message.size()), mac,
                   sizeof mac, &size))
        return {};
    return QByteArray(reinterpret_cast<const char *>(mac), qsizetype(size));
}

// ---- key generation

Result<Share> generateShare(const Sm2 &sm2, Party self, QByteArrayView session)
{
    auto share = hedgedScalar(sm2, ShareLabel, nullptr, session);
    return generateShare(sm2, self, session, share.get(), hedgedScalar(sm2, ShareProofNonceLabel, share.get(), session).get());
}

Result<Share> generateShare(const Sm2 &sm2, Party self, QByteArrayView session, const BIGNUM *share,
                            const BIGNUM *proofNonce)
{
    ossl::BnSecretPtr d(share ? BN_dup(share) : nullptr);
    auto dInv = d ? sm2.inverse(d.get()) : nullptr;
    if (session.isEmpty() || !dInv)
        return failed();
    KeygenMessage m;
    m.publicShare = sm2.pointBytes(sm2.multiplyGenerator(dInv.get()).get());
    auto proof = prove(sm2, ProofLabel, keygenContext(self, session), dInv.get(), m.publicShare, proofNonce);
    if (!proof)
        return proof.error();
    m.proof = std::move(proof).value();
    return Share{std::move(d), std::move(m)};
}

Result<QByteArray> jointPublicKey(const Sm2 &sm2, Party self, QByteArrayView session, const BIGNUM *ownShare,
                                  const KeygenMessage &peer)
{
    if (self != Party::Server || !ownShare
        || !verifyProof(sm2, ProofLabel, keygenContext(Party::Device, session), peer.publicShare, peer.proof))
        return failed();
    return combinedPublicKey(sm2, ownShare, peer.publicShare);
}

Result<ServerKeygen> serverKeygen(const Sm2 &sm2, QByteArrayView session, QByteArrayView account,
                                  const KeygenMessage &device)
{
    auto share = hedgedScalar(sm2, ShareLabel, nullptr, session);
    const QByteArray context = device.publicShare + session.toByteArray();
    return serverKeygen(sm2, session, account, device, share.get(),
                        hedgedScalar(sm2, ShareProofNonceLabel, share.get(), context).get());
}

Result<ServerKeygen> serverKeygen(const Sm2 &sm2, QByteArrayView session, QByteArrayView account,
                                  const KeygenMessage &device, const BIGNUM *share, const BIGNUM *proofNonce)
{
    ossl::BnSecretPtr d(share ? BN_dup(share) : nullptr);
    auto joint = d && !session.isEmpty() ? jointPublicKey(sm2, Party::Server, session, d.get(), device)
                                          : Result<QByteArray>(failed());
    auto dInv = joint ? sm2.inverse(d.get()) : nullptr;
    if (!dInv)
        return failed();
    KeygenMessage m;
    m.publicShare = sm2.pointBytes(sm2.multiplyGenerator(dInv.get()).get());
    auto proof = prove(sm2, ProofLabel, serverKeygenContext(session, account, device.publicShare, joint.value()),
                       dInv.get(), m.publicShare, proofNonce);
    if (!proof)
        return proof.error();
    m.proof = std::move(proof).value();
    return ServerKeygen{Share{std::move(d), std::move(m)}, std::move(joint).value()};
}

Result<QByteArray> deviceJointPublicKey(const Sm2 &sm2, QByteArrayView session, QByteArrayView account,
                                        const BIGNUM *d1, const KeygenMessage &server)
{
    auto d1Inv = d1 ? sm2.inverse(d1) : nullptr;
    const QByteArray own = d1Inv ? sm2.pointBytes(sm2.multiplyGenerator(d1Inv.get()).get()) : QByteArray();
    auto joint = own.isEmpty() ? Result<QByteArray>(failed()) : combinedPublicKey(sm2, d1, server.publicShare);
    if (!joint || session.isEmpty()
        || !verifyProof(sm2, ProofLabel, serverKeygenContext(session, account, own, joint.value()), server.publicShare,
                        server.proof))
        return failed();
    return joint;
}

Result<QByteArray> combinedPublicKey(const Sm2 &sm2, const BIGNUM *ownShare, QByteArrayView peerPublicShare)
{
    auto peerShare = sm2.point(peerPublicShare);
    auto inv = ownShare && peerShare ? sm2.inverse(ownShare) : nullptr;
    auto scaled = inv ? sm2.multiply(nullptr, peerShare.get(), inv.get()) : nullptr;
    auto minusG = sm2.negate(EC_GROUP_get0_generator(sm2.group()));
    auto p = scaled && minusG ? sm2.add(scaled.get(), minusG.get()) : nullptr;
    if (!p || !sm2.isValid(p.get()))
        return failed();
    return sm2.pointBytes(p.get());
}

Result<SplitKey> splitKey(const Sm2 &sm2, const BIGNUM *d)
{
    ossl::BnSecretPtr one(BN_new());
    if (!d || !one || !BN_one(one.get()))
        return failed();
    auto dd = sm2.scalar(sm2.scalarBytes(d).view());
    auto onePlusD = dd ? sm2.add(one.get(), dd.get()) : nullptr; // zero for d = n−1, refused below
    auto d2 = hedgedScalar(sm2, ShareLabel, dd.get(), {});
    auto product = onePlusD && d2 ? sm2.multiply(onePlusD.get(), d2.get()) : nullptr;
    auto d1 = product ? sm2.inverse(product.get()) : nullptr;
    auto d1Inv = d1 ? sm2.inverse(d1.get()) : nullptr;
    auto d2Inv = d2 ? sm2.inverse(d2.get()) : nullptr;
    if (!d1Inv || !d2Inv)
        return failed();
    QByteArray p1 = sm2.pointBytes(sm2.multiplyGenerator(d1Inv.get()).get());
    QByteArray p2 = sm2.pointBytes(sm2.multiplyGenerator(d2Inv.get()).get());
    if (p1.isEmpty() || p2.isEmpty())
        return failed();
    return SplitKey{std::move(d1), std::move(d2), std::move(p1), std::move(p2)};
}

// ---- signing

Result<DeviceSigning> DeviceSigning::start(const Sm2 &sm2, QByteArrayView e)
{
    return start(sm2, e, hedgedScalar(sm2, K1Label, nullptr, e).get());
}

Result<DeviceSigning> DeviceSigning::startHedged(const Sm2 &sm2, QByteArrayView e, const BIGNUM *d1)
{
    if (!d1)
        return failed();
    return start(sm2, e, hedgedScalar(sm2, K1Label, d1, e).get());
}

Result<Proof> DeviceSigning::prove(QByteArrayView keyId, QByteArrayView session) const
{
    if (!m_k1)
        return failed();
    const QByteArray context = signContext(keyId, session, m_request.e);
    return prove(keyId, session, hedgedScalar(*m_sm2, SignProofLabel, m_k1.get(), QByteArray(m_request.q1 + context)).get());
}

Result<Proof> DeviceSigning::prove(QByteArrayView keyId, QByteArrayView session, const BIGNUM *nonce) const
{
    if (!m_k1 || keyId.isEmpty() || session.isEmpty())
        return failed();
    return twoparty::prove(*m_sm2, SignProofLabel, signContext(keyId, session, m_request.e), m_k1.get(), m_request.q1,
                           nonce);
}

Result<void> checkSignRequest(const Sm2 &sm2, QByteArrayView keyId, QByteArrayView session, const SignRequest &request,
                              const Proof &proof)
{
    if (keyId.isEmpty() || session.isEmpty() || request.e.size() != Sm2::ScalarSize
        || !verifyProof(sm2, SignProofLabel, signContext(keyId, session, request.e), request.q1, proof))
        return failed();
    return {};
}

Result<DeviceSigning> DeviceSigning::start(const Sm2 &sm2, QByteArrayView e, const BIGNUM *k1)
{
    auto k = k1 ? sm2.scalar(sm2.scalarBytes(k1).view()) : nullptr;
    if (e.size() != Sm2::ScalarSize || !k)
        return failed();
    SignRequest request{sm2.pointBytes(sm2.multiplyGenerator(k.get()).get()), e.toByteArray()};
    if (request.q1.isEmpty())
        return failed();
    return DeviceSigning(sm2, std::move(k), std::move(request));
}

Result<Sm2::Signature> DeviceSigning::finish(const BIGNUM *d1, QByteArrayView publicKey, const SignResponse &response)
{
    const ossl::BnSecretPtr k1 = std::move(m_k1);
    auto p = m_sm2->point(publicKey);
    auto r = m_sm2->scalar(response.r);
    auto s2 = m_sm2->scalar(response.s2);
    auto s3 = m_sm2->scalar(response.s3);
    if (!k1 || !d1 || !p || !r || !s2 || !s3 || response.r.size() != Sm2::ScalarSize)
        return failed();
    auto k1s2 = m_sm2->multiply(k1.get(), s2.get());
    auto inner = k1s2 ? m_sm2->add(k1s2.get(), s3.get()) : nullptr;
    auto scaled = inner ? m_sm2->multiply(d1, inner.get()) : nullptr;
    auto s = scaled ? m_sm2->subtract(scaled.get(), r.get()) : nullptr;
    if (!s || BN_is_zero(s.get()))
        return failed();
    Sm2::Signature signature{response.r, bytesOf(*m_sm2, s.get())};
    if (!m_sm2->verifyDigest(p.get(), m_request.e, signature))
        return failed();
    return signature;
}

Result<SignResponse> serverSign(const Sm2 &sm2, const BIGNUM *d2, const SignRequest &request)
{
    // A nonce pair giving r = 0 or a zero half is astronomically unlikely; draw again anyway.
    for (int attempt = 0; attempt < 4; ++attempt) {
        const QByteArray hedge = request.q1 + request.e;
        auto result = serverSign(sm2, d2, request, hedgedScalar(sm2, K2Label, d2, hedge).get(),
                                 hedgedScalar(sm2, K3Label, d2, hedge).get());
        if (result || !sm2.point(request.q1) || request.e.size() != Sm2::ScalarSize)
            return result;
    }
    return failed();
}

Result<SignResponse> serverSign(const Sm2 &sm2, const BIGNUM *d2, const SignRequest &request, const BIGNUM *k2,
                                const BIGNUM *k3)
{
    auto q1 = sm2.point(request.q1);
    if (!q1 || request.e.size() != Sm2::ScalarSize || !d2 || !k2 || !k3 || BN_is_zero(k2) || BN_is_zero(k3)
        || BN_is_zero(d2))
        return failed();
    // Two separate single-scalar multiplies: both k2 and k3 are secret.
    auto a = sm2.multiply(nullptr, q1.get(), k3);
    auto b = sm2.multiplyGenerator(k2);
    auto point = a && b ? sm2.add(a.get(), b.get()) : nullptr;
    auto x = point && sm2.isValid(point.get()) ? xCoordinate(sm2, point.get()) : nullptr;
    auto e = reduced(sm2, request.e);
    auto r = x && e ? sm2.add(e.get(), x.get()) : nullptr;
    if (!r || BN_is_zero(r.get()))
        return failed();
    auto s2 = sm2.multiply(d2, k3);
    auto rk2 = sm2.add(r.get(), k2);
    auto s3 = rk2 ? sm2.multiply(d2, rk2.get()) : nullptr;
    if (!s2 || !s3 || BN_is_zero(s2.get()) || BN_is_zero(s3.get()))
        return failed();
    return SignResponse{bytesOf(sm2, r.get()), bytesOf(sm2, s2.get()), bytesOf(sm2, s3.get())};
}

// ---- decryption

Result<DeviceDecryption> DeviceDecryption::start(const Sm2 &sm2, QByteArrayView ciphertextDer)
{
    return start(sm2, ciphertextDer, hedgedScalar(sm2, BlindingLabel, nullptr, ciphertextDer).get());
}

Result<DeviceDecryption> DeviceDecryption::startHedged(const Sm2 &sm2, QByteArrayView ciphertextDer, const BIGNUM *d1)
{
    if (!d1)
        return failed();
    return start(sm2, ciphertextDer, hedgedScalar(sm2, BlindingLabel, d1, ciphertextDer).get());
}

Result<DeviceDecryption> DeviceDecryption::start(const Sm2 &sm2, QByteArrayView ciphertextDer, const BIGNUM *w)
{
    auto c = Sm2::Ciphertext::fromDer(ciphertextDer);
    auto c1 = c ? sm2.point(c->c1) : nullptr;
    auto blind = w ? sm2.scalar(sm2.scalarBytes(w).view()) : nullptr;
    if (!c1 || !blind || c->c2.isEmpty())
        return failed();
    QByteArray t1 = sm2.pointBytes(sm2.multiply(nullptr, c1.get(), blind.get()).get());
    if (t1.isEmpty())
        return failed();
    return DeviceDecryption(sm2, std::move(blind), std::move(*c), std::move(t1));
}

Result<SecureBytes> DeviceDecryption::finish(const BIGNUM *d1, QByteArrayView t2)
{
    const ossl::BnSecretPtr w = std::move(m_w);
    auto t2Point = m_sm2->point(t2);
    auto c1 = m_sm2->point(m_ciphertext.c1);
    auto wd1 = w && d1 ? m_sm2->multiply(w.get(), d1) : nullptr;
    auto unblind = wd1 ? m_sm2->inverse(wd1.get()) : nullptr;
    auto scaled = unblind && t2Point ? m_sm2->multiply(nullptr, t2Point.get(), unblind.get()) : nullptr;
    auto minusC1 = c1 ? m_sm2->negate(c1.get()) : nullptr;
    auto shared = scaled && minusC1 ? m_sm2->add(scaled.get(), minusC1.get()) : nullptr;
    if (!shared || !m_sm2->isValid(shared.get()))
        return failed();
    auto plain = m_sm2->decryptWithSharedPoint(shared.get(), m_ciphertext);
    if (!plain)
        return failed();
    return std::move(plain).value();
}

Result<QByteArray> serverDecrypt(const Sm2 &sm2, const BIGNUM *d2, QByteArrayView t1)
{
    auto t = sm2.point(t1);
    auto inv = d2 ? sm2.inverse(d2) : nullptr;
    auto t2 = t && inv ? sm2.multiply(nullptr, t.get(), inv.get()) : nullptr;
    const QByteArray out = sm2.pointBytes(t2.get());
    if (out.isEmpty())
        return failed();
    return out;
}

} // namespace tq::twoparty
