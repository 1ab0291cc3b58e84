#pragma once

#include "core/crypto/passwordhash.h"
#include "core/crypto/sm2.h"

#include <QByteArray>
#include <QByteArrayView>

#include <initializer_list>

namespace tq::twoparty {

/// The pure math of two-party SM2 (docs/key-custody.md): no I/O, no storage, no threads of its
/// own. The device is party 1 and holds d1, the server is party 2 and holds d2; the SM2 private
/// key d of the joint public key P satisfies (1 + d)⁻¹ = d1·d2 mod n and never exists anywhere.
///
/// Every point received from the peer is validated (on the curve, not infinity) and every
/// scalar range-checked. Every failure is the same generic `crypto` error, so that a peer
/// cannot learn which check it tripped. Secret scalars are only ever multiplied with a point
/// one at a time (OpenSSL's constant-time ladder), never through a double-scalar multiply.
///
/// The functions taking explicit nonces exist for known-answer tests; production code calls
/// the overloads that draw fresh ones from tq::Random's private stream. Nonces are hedged: a
/// secret scalar is HMAC-SM3 keyed with fresh random bytes and the party's long-term secret over
/// the request (hedgedScalar), so a repeated RNG output (a restored VM snapshot) still gives a
/// new nonce for a new request. All functions are reentrant.

/// Who produced a message; part of what the proofs of knowledge bind.
enum class Party { Device = 1, Server = 2 };

/// A Schnorr proof of knowledge of x for X = x·G, bound to a session id and the prover's role:
/// commitment R = t·G, challenge c = SM3(label ‖ role ‖ len(session) ‖ session ‖ X ‖ R) mod n, response
/// z = t + c·x. 65 + 32 bytes.
struct Proof {
    QByteArray commitment;
    QByteArray response;
};

/// A scalar in [1, n−1] for one use: HMAC-SM3 keyed with 32 fresh bytes of Random::privateBytes
/// and `secret` (if not null), over `label` and `request`, two blocks (512 bits) reduced mod n
/// (bias below 2⁻²⁵⁶). Without a secret it is simply fresh. nullptr only if OpenSSL failed.
ossl::BnSecretPtr hedgedScalar(const Sm2 &sm2, QByteArrayView label, const BIGNUM *secret, QByteArrayView request);

/// One side's key-generation message: Pᵢ = dᵢ⁻¹·G and a proof of knowledge of dᵢ⁻¹.
struct KeygenMessage {
    QByteArray publicShare;
    Proof proof;
};

/// A fresh share dᵢ ∈ [1, n−1] and this side's key-generation message for `session`.
struct Share {
    ossl::BnSecretPtr secret;
    KeygenMessage message;
};

Result<Share> generateShare(const Sm2 &sm2, Party self, QByteArrayView session);
/// Same, with the share and the proof nonce given (known-answer tests only).
Result<Share> generateShare(const Sm2 &sm2, Party self, QByteArrayView session, const BIGNUM *share,
                            const BIGNUM *proofNonce);

/// The server's check of the device's message (point and proof, for `session` and the device's
/// role): returns the joint public key P = d2⁻¹·P1 − G as 04‖x‖y; fails if P would be infinity.
/// `self` must be Party::Server: the device checks the server's answer with
/// deviceJointPublicKey(), whose proof binds more (issue 15).
Result<QByteArray> jointPublicKey(const Sm2 &sm2, Party self, QByteArrayView session, const BIGNUM *ownShare,
                                  const KeygenMessage &peer);

/// The server's half of key generation in one step (issue 15): checks the device's message as
/// jointPublicKey() does, draws d2, computes P, and proves knowledge of d2⁻¹ with a challenge over
/// the session, `account` (length-prefixed), the device's P1 and P, so that the answer belongs
/// to this transcript only. The device spoke first, so its own proof binds the session alone.
struct ServerKeygen {
    Share share;
    QByteArray jointPublicKey;
};
Result<ServerKeygen> serverKeygen(const Sm2 &sm2, QByteArrayView session, QByteArrayView account,
                                  const KeygenMessage &device);
/// Same with d2 and the proof nonce given (known-answer tests only).
Result<ServerKeygen> serverKeygen(const Sm2 &sm2, QByteArrayView session, QByteArrayView account,
                                  const KeygenMessage &device, const BIGNUM *share, const BIGNUM *proofNonce);
/// The device's check of serverKeygen()'s answer for its share d1: the proof must name this
/// session, `account`, the device's own P1 and the joint key; returns P (04‖x‖y).
Result<QByteArray> deviceJointPublicKey(const Sm2 &sm2, QByteArrayView session, QByteArrayView account,
                                        const BIGNUM *d1, const KeygenMessage &server);

/// P = d_self⁻¹·P_peer − G (04‖x‖y) without a proof check: for shares whose peer half came
/// from a party trusted with the whole key (the KMC's split, below). Fails if P would be infinity.
Result<QByteArray> combinedPublicKey(const Sm2 &sm2, const BIGNUM *ownShare, QByteArrayView peerPublicShare);

/// A whole private key d split by someone who holds it anyway (the KMC, which keeps an escrow
/// copy of every encryption key by design): d2 fresh, d1 = ((1 + d)·d2)⁻¹, so that
/// (1 + d)⁻¹ = d1·d2. The public shares are Pᵢ = dᵢ⁻¹·G; the device needs P2 to check its
/// share against the certified key with combinedPublicKey().
struct SplitKey {
    ossl::BnSecretPtr deviceShare;
    ossl::BnSecretPtr serverShare;
    QByteArray devicePublicShare;
    QByteArray serverPublicShare;
};
Result<SplitKey> splitKey(const Sm2 &sm2, const BIGNUM *d);

/// Signing, message 1 (device → server): Q1 = k1·G and the digest e = SM3(Z ‖ M) to sign.
/// Goes with a proof of knowledge of k1 (DeviceSigning::prove, checkSignRequest).
struct SignRequest {
    QByteArray q1;
    QByteArray e;
};

/// The server's check of a signing request before d2 is used: `proof` is a Schnorr proof of
/// knowledge of k1 for Q1, challenge c = SM3(sign label ‖ len(keyId) ‖ keyId ‖ len(session) ‖
/// session ‖ e ‖ Q1 ‖ R) mod n. Without it a device could send Q1 = w·C1 for a ciphertext C and
/// read d2⁻¹·Q1 off the answer, a decryption (issue 15). The generic error on any failure.
Result<void> checkSignRequest(const Sm2 &sm2, QByteArrayView keyId, QByteArrayView session,
                              const SignRequest &request, const Proof &proof);

/// Signing, message 2 (server → device): r = e + x(k3·Q1 + k2·G), s2 = d2·k3, s3 = d2·(r + k2).
struct SignResponse {
    QByteArray r;
    QByteArray s2;
    QByteArray s3;
};

/// The device's half of one signature: its nonce k1 lives here and dies with the object, so
/// one nonce can never serve two signatures. Move-only.
class DeviceSigning {
public:
    /// Starts a signature over the 32-byte digest `e` with a fresh nonce.
    static Result<DeviceSigning> start(const Sm2 &sm2, QByteArrayView e);
    /// Same with the nonce given (known-answer tests only).
    static Result<DeviceSigning> start(const Sm2 &sm2, QByteArrayView e, const BIGNUM *k1);
    /// Starts a signature with k1 hedged on the device share d1 and e (hedgedScalar).
    static Result<DeviceSigning> startHedged(const Sm2 &sm2, QByteArrayView e, const BIGNUM *d1);

    const SignRequest &request() const { return m_request; }
    /// The proof of knowledge of k1 for the request to key `keyId` in `session` (see
    /// checkSignRequest), its nonce hedged on k1. Fails once finish() has consumed k1.
    Result<Proof> prove(QByteArrayView keyId, QByteArrayView session) const;
    /// Same with the proof nonce given (known-answer tests only).
    Result<Proof> prove(QByteArrayView keyId, QByteArrayView session, const BIGNUM *nonce) const;
    /// s = d1·(k1·s2 + s3) − r; the result is returned only if it verifies as an ordinary SM2
    /// signature of e under `publicKey` (04‖x‖y). Consumes the nonce: a second call fails.
    Result<Sm2::Signature> finish(const BIGNUM *d1, QByteArrayView publicKey, const SignResponse &response);

private:
    DeviceSigning(const Sm2 &sm2, ossl::BnSecretPtr k1, SignRequest request)
        : m_sm2(&sm2), m_k1(std::move(k1)), m_request(std::move(request)) {}
    const Sm2 *m_sm2;
    ossl::BnSecretPtr m_k1;
    SignRequest m_request;
};

/// The server's half of a signature with fresh nonces k2, k3, hedged on d2 and the request.
/// Pure algebra: the caller checks the request first (checkSignRequest).
Result<SignResponse> serverSign(const Sm2 &sm2, const BIGNUM *d2, const SignRequest &request);
/// Same with the nonces given (known-answer tests only).
Result<SignResponse> serverSign(const Sm2 &sm2, const BIGNUM *d2, const SignRequest &request, const BIGNUM *k2,
                                const BIGNUM *k3);

/// The device's half of one decryption: the ciphertext and the blinding factor w. Move-only.
class DeviceDecryption {
public:
    /// Parses a GM/T 0009 DER ciphertext, validates C1 and blinds it: T1 = w·C1.
    static Result<DeviceDecryption> start(const Sm2 &sm2, QByteArrayView ciphertextDer);
    /// Same with the blinding factor given (known-answer tests only).
    static Result<DeviceDecryption> start(const Sm2 &sm2, QByteArrayView ciphertextDer, const BIGNUM *w);
    /// Starts with w hedged on the device share d1 and the ciphertext (hedgedScalar).
    static Result<DeviceDecryption> startHedged(const Sm2 &sm2, QByteArrayView ciphertextDer, const BIGNUM *d1);

    /// T1, the only thing the server sees (it cannot tell which ciphertext it belongs to).
    const QByteArray &request() const { return m_t1; }
    /// From T2 = d2⁻¹·T1: (x2, y2) = (w·d1)⁻¹·T2 − C1 = d·C1, then the KDF and the C3 check.
    /// Consumes the blinding factor: a second call fails.
    Result<SecureBytes> finish(const BIGNUM *d1, QByteArrayView t2);

private:
    DeviceDecryption(const Sm2 &sm2, ossl::BnSecretPtr w, Sm2::Ciphertext c, QByteArray t1)
        : m_sm2(&sm2), m_w(std::move(w)), m_ciphertext(std::move(c)), m_t1(std::move(t1)) {}
    const Sm2 *m_sm2;
    ossl::BnSecretPtr m_w;
    Sm2::Ciphertext m_ciphertext;
    QByteArray m_t1;
};

/// The server's half of a decryption: T2 = d2⁻¹·T1 after validating T1.
Result<QByteArray> serverDecrypt(const Sm2 &sm2, const BIGNUM *d2, QByteArrayView t1);

/// The scrypt cost of a PIN record's verifier. Stored with each record (server side), so it can
/// be raised for new and changed PINs without invalidating the others.
using PinCost = PasswordHash::Params;
/// Today's cost for new PIN records: N = 2^16, r = 8, p = 2 — the work of OWASP's scrypt minimum
/// (2^17, 8, 1) with half its memory (64 MiB), which phones afford (docs/key-custody.md).
inline constexpr PinCost DefaultPinCost{16, 8, 2};
/// Whether a device computes a verifier at `cost`: within scrypt's limits and at most 256 MiB,
/// so that no answer from the server can exhaust a phone's memory.
bool acceptablePinCost(PinCost cost);
/// `cost` as the text a PIN proof binds ("logN,r,p").
QByteArray pinCostText(PinCost cost);

/// The secret behind the PIN: scrypt(PIN, label ‖ salt, cost), 32 bytes; empty on failure. The
/// salt and cost are those of the person's PIN record (the server names them with each
/// challenge). The device keeps it only for one job (SecureBytes, wiped after use) and never
/// sends it, except once to register a new PIN; the server keeps it sealed under its master key.
SecureBytes pinVerifier(const SecureBytes &pin, QByteArrayView salt, PinCost cost);

/// The digest of the fields of one request a PIN proof binds: SM3 over each field
/// length-prefixed, in the order the route documents.
QByteArray pinRequestDigest(std::initializer_list<QByteArrayView> fields);

/// What proves the PIN for one request: HMAC-SM3 keyed with the verifier over a label, the
/// server's single-use `challenge`, the key id (empty for key generation), the operation name
/// and pinRequestDigest() of the request, each length-prefixed. 32 bytes; empty on failure. Only
/// a holder of the verifier can make it, and it is worth nothing for any other request.
QByteArray pinProof(QByteArrayView verifier, QByteArrayView challenge, QByteArrayView keyId, QByteArrayView operation,
                    QByteArrayView requestDigest);

/// The single error every failure above returns.
Error failed();

} // namespace tq::twoparty
