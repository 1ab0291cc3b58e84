#include "server/ca/x509builder.h"

#include "core/crypto/random.h"

#include <openssl/x509v3.h>

namespace tq::server {

namespace {

using AsnTimePtr = std::unique_ptr<ASN1_TIME, ossl::Deleter<ASN1_TIME_free>>;
using AsnIntegerPtr = std::unique_ptr<ASN1_INTEGER, ossl::Deleter<ASN1_INTEGER_free>>;
using X509CrlPtr = std::unique_ptr<X509_CRL, ossl::Deleter<X509_CRL_free>>;
using X509ExtensionPtr = std::unique_ptr<X509_EXTENSION, ossl::Deleter<X509_EXTENSION_free>>;
using RevokedPtr = std::unique_ptr<X509_REVOKED, ossl::Deleter<X509_REVOKED_free>>;
using AsnEnumeratedPtr = std::unique_ptr<ASN1_ENUMERATED, ossl::Deleter<ASN1_ENUMERATED_free>>;

AsnTimePtr asnTime(const QDateTime &when)
{
    return AsnTimePtr(ASN1_TIME_set(nullptr, time_t(when.toSecsSinceEpoch())));
}

AsnIntegerPtr asnInteger(const QByteArray &bigEndian)
{
    ossl::BnPtr bn(BN_bin2bn(ossl::in(bigEndian), int(bigEndian.size()), nullptr));
    return AsnIntegerPtr(bn ? BN_to_ASN1_INTEGER(bn.get(), nullptr) : nullptr);
}

ossl::X509Ptr parse(const QByteArray &der)
{
    const auto *p = ossl::in(der);
    return ossl::X509Ptr(d2i_X509(nullptr, &p, long(der.size())));
}

template <typename T>
Result<QByteArray> encode(T *object, int (*i2d)(const T *, unsigned char **), const char *context)
{
    unsigned char *der = nullptr;
    const int len = i2d(object, &der);
    QByteArray out = len > 0 ? QByteArray(reinterpret_cast<const char *>(der), len) : QByteArray();
    OPENSSL_free(der);
    if (out.isEmpty())
        return ossl::failure(context);
    return out;
}

bool addNameEntries(X509_NAME *name, const NameEntries &entries)
{
    for (const auto &[field, value] : entries) {
        const QByteArray f = field.toLatin1();
        const QByteArray v = value.toUtf8();
        if (X509_NAME_add_entry_by_txt(name, f.constData(), MBSTRING_UTF8, ossl::in(v), int(v.size()), -1, 0) != 1)
            return false;
    }
    return true;
}

bool signWith(const KeyPair &key, const std::function<int(EVP_MD_CTX *)> &sign)
{
    ossl::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    return ctx && initDigestSign(ctx.get(), key.get(), true) && sign(ctx.get()) > 0;
}

bool addExtension(X509 *cert, X509V3_CTX *ctx, int nid, const QByteArray &value)
{
    X509ExtensionPtr ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value.constData()));
    return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

} // namespace

QByteArray X509Builder::randomSerial()
{
    QByteArray serial = Random::bytes(16);
    serial[0] = char((serial[0] & 0x7f) | 0x01 << 6); // positive and no leading zero octet
    return serial;
}

Result<QByteArray> X509Builder::certificate(const CertificateSpec &spec, const KeyPair &issuerKey,
                                            const QByteArray &issuerDer)
{
    ossl::X509Ptr cert(X509_new());
    ossl::X509Ptr issuer = issuerDer.isEmpty() ? nullptr : parse(issuerDer);
    const auto subjectKey = PublicKey::fromDer(spec.subjectPublicKeyDer);
    if (!subjectKey)
        return subjectKey.error();
    const auto serial = asnInteger(spec.serial);
    const auto notBefore = asnTime(spec.notBefore);
    const auto notAfter = asnTime(spec.notAfter);
    if (!cert || (!issuerDer.isEmpty() && !issuer) || !serial || !notBefore || !notAfter
        || X509_set_version(cert.get(), X509_VERSION_3) != 1 || X509_set_serialNumber(cert.get(), serial.get()) != 1
        || X509_set1_notBefore(cert.get(), notBefore.get()) != 1 || X509_set1_notAfter(cert.get(), notAfter.get()) != 1
        || X509_set_pubkey(cert.get(), subjectKey.value().get()) != 1
        || !addNameEntries(X509_get_subject_name(cert.get()), spec.subject))
        return ossl::failure("certificate fields");
    X509 *issuerCert = issuer ? issuer.get() : cert.get();
    if (X509_set_issuer_name(cert.get(), X509_get_subject_name(issuerCert)) != 1)
        return ossl::failure("certificate issuer");
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuerCert, cert.get(), nullptr, nullptr, 0);
    for (const auto &[nid, value] : spec.extensions) {
        if (!addExtension(cert.get(), &ctx, nid, value))
            return ossl::failure("certificate extension");
    }
    if (!signWith(issuerKey, [&](EVP_MD_CTX *md) { return X509_sign_ctx(cert.get(), md); }))
        return ossl::failure("certificate sign");
    return encode<X509>(cert.get(), i2d_X509, "certificate encode");
}

Result<QByteArray> X509Builder::crl(const QByteArray &issuerDer, const KeyPair &issuerKey, qint64 number,
                                    const QDateTime &thisUpdate, const QDateTime &nextUpdate,
                                    const QList<RevokedEntry> &revoked)
{
    ossl::X509Ptr issuer = parse(issuerDer);
    X509CrlPtr crl(X509_CRL_new());
    const auto last = asnTime(thisUpdate);
    const auto next = asnTime(nextUpdate);
    if (!issuer || !crl || !last || !next || X509_CRL_set_version(crl.get(), X509_CRL_VERSION_2) != 1
        || X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(issuer.get())) != 1
        || X509_CRL_set1_lastUpdate(crl.get(), last.get()) != 1 || X509_CRL_set1_nextUpdate(crl.get(), next.get()) != 1)
        return ossl::failure("crl fields");
    for (const RevokedEntry &entry : revoked) {
        RevokedPtr item(X509_REVOKED_new());
        const auto serial = asnInteger(entry.serial);
        const auto when = asnTime(entry.revokedAt);
        AsnEnumeratedPtr reason(ASN1_ENUMERATED_new());
        if (!item || !serial || !when || !reason || X509_REVOKED_set_serialNumber(item.get(), serial.get()) != 1
            || X509_REVOKED_set_revocationDate(item.get(), when.get()) != 1
            || ASN1_ENUMERATED_set(reason.get(), entry.reason) != 1
            || X509_REVOKED_add1_ext_i2d(item.get(), NID_crl_reason, reason.get(), 0, 0) != 1
            || X509_CRL_add0_revoked(crl.get(), item.get()) != 1)
            return ossl::failure("crl entry");
        item.release(); // the CRL owns it now
    }
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer.get(), nullptr, nullptr, crl.get(), 0);
    X509ExtensionPtr aki(X509V3_EXT_conf_nid(nullptr, &ctx, NID_authority_key_identifier, "keyid:always"));
    AsnIntegerPtr crlNumber(ASN1_INTEGER_new());
    if (!aki || X509_CRL_add_ext(crl.get(), aki.get(), -1) != 1 || !crlNumber
        || ASN1_INTEGER_set_int64(crlNumber.get(), number) != 1
        || X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, crlNumber.get(), 0, 0) != 1 || X509_CRL_sort(crl.get()) != 1)
        return ossl::failure("crl extensions");
    if (!signWith(issuerKey, [&](EVP_MD_CTX *md) { return X509_CRL_sign_ctx(crl.get(), md); }))
        return ossl::failure("crl sign");
    return encode<X509_CRL>(crl.get(), i2d_X509_CRL, "crl encode");
}

} // namespace tq::server
