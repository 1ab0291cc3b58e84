#include "core/crypto/x509.h"

#include "core/crypto/certificateerrors.h"
#include "core/crypto/der.h"

#include <openssl/pem.h>
#include <openssl/x509v3.h>

namespace tq {

namespace {

Error invalid(const char *what)
{
    ossl::takeErrors();
    return Error(CertificateError::Crypto,
                 QStringLiteral("The %1 is invalid.").arg(QLatin1String(what)));
}

bool isPem(QByteArrayView data)
{
    return data.trimmed().startsWith("-----BEGIN ");
}

ossl::BioPtr memoryBio(QByteArrayView data)
{
    return ossl::BioPtr(BIO_new_mem_buf(data.data(), int(data.size())));
}

// Reads either form into an OpenSSL object; DER must be consumed exactly.
template <typename T, typename Ptr>
Ptr parseObject(QByteArrayView data, T *(*fromDer)(T **, const unsigned char **, long),
                T *(*fromPem)(BIO *, T **, pem_password_cb *, void *))
{
    if (isPem(data)) {
        auto bio = memoryBio(data);
        return Ptr(bio ? fromPem(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    }
    const auto *p = ossl::in(data);
    Ptr object(fromDer(nullptr, &p, long(data.size())));
    if (p != ossl::in(data) + data.size())
        return nullptr;
    return object;
}

QString nameText(const X509_NAME *name)
{
    auto bio = ossl::BioPtr(BIO_new(BIO_s_mem()));
    if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0)
        return {};
    char *data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return QString::fromUtf8(data, qsizetype(len));
}

QByteArray spki(EVP_PKEY *key)
{
    unsigned char *der = nullptr;
    const int len = i2d_PUBKEY(key, &der);
    QByteArray out = len > 0 ? QByteArray(reinterpret_cast<const char *>(der), len) : QByteArray();
    OPENSSL_free(der);
    return out;
}

// OpenSSL 3.0 takes the SM2 ID per object; it owns the octet string afterwards.
ASN1_OCTET_STRING *sm2IdOctets(QByteArrayView id)
{
    ASN1_OCTET_STRING *s = ASN1_OCTET_STRING_new();
    if (s && ASN1_OCTET_STRING_set(s, ossl::in(id), int(id.size())) != 1) {
        ASN1_OCTET_STRING_free(s);
        return nullptr;
    }
    return s;
}

QDateTime toDateTime(const ASN1_TIME *t)
{
    struct tm tm = {};
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
        return {};
    return QDateTime(QDate(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), QTime(tm.tm_hour, tm.tm_min, tm.tm_sec),
                     Qt::UTC);
}

QString serialText(const ASN1_INTEGER *serialNumber)
{
    QString out;
    ossl::BnPtr serial(ASN1_INTEGER_to_BN(serialNumber, nullptr));
    if (char *h = serial ? BN_bn2hex(serial.get()) : nullptr) {
        out = QString::fromLatin1(h);
        OPENSSL_free(h);
    }
    return out;
}

QStringList keyUsageNames(X509 *x)
{
    static const std::pair<uint32_t, const char *> names[] = {
        {KU_DIGITAL_SIGNATURE, "digitalSignature"},
        {KU_NON_REPUDIATION, "nonRepudiation"},
        {KU_KEY_ENCIPHERMENT, "keyEncipherment"},
        {KU_DATA_ENCIPHERMENT, "dataEncipherment"},
        {KU_KEY_AGREEMENT, "keyAgreement"},
        {KU_KEY_CERT_SIGN, "keyCertSign"},
        {KU_CRL_SIGN, "cRLSign"},
        {KU_ENCIPHER_ONLY, "encipherOnly"},
        {KU_DECIPHER_ONLY, "decipherOnly"},
    };
    QStringList out;
    if (!(X509_get_extension_flags(x) & EXFLAG_KUSAGE))
        return out;
    const uint32_t usage = X509_get_key_usage(x);
    for (const auto &[bit, name] : names)
        if (usage & bit)
            out << QString::fromLatin1(name);
    return out;
}

} // namespace

QByteArray pemEncode(QByteArrayView der, const char *label)
{
    QByteArray out = "-----BEGIN " + QByteArray(label) + "-----\n";
    const QByteArray b64 = der.toByteArray().toBase64();
    for (qsizetype i = 0; i < b64.size(); i += 64)
        out += b64.mid(i, 64) + '\n';
    return out + "-----END " + QByteArray(label) + "-----\n";
}

// ---- CSR

namespace {

Result<ossl::X509ReqPtr> newRequest(EVP_PKEY *key, const NameEntries &subject)
{
    ossl::X509ReqPtr req(X509_REQ_new());
    X509_NAME *name = req ? X509_REQ_get_subject_name(req.get()) : nullptr;
    if (!name || X509_REQ_set_version(req.get(), 0) != 1 || X509_REQ_set_pubkey(req.get(), key) != 1)
        return ossl::failure("csr init");
    for (const auto &[field, value] : subject) {
        const QByteArray f = field.toLatin1();
        const QByteArray v = value.toUtf8();
        if (X509_NAME_add_entry_by_txt(name, f.constData(), MBSTRING_UTF8,
                                       reinterpret_cast<const unsigned char *>(v.constData()), int(v.size()), -1, 0)
            != 1)
            return invalid("certificate subject");
    }
    return Result<ossl::X509ReqPtr>(std::move(req));
}

// The signature AlgorithmIdentifier X509_REQ_sign_ctx writes for each key type.
QByteArray requestSignatureAlgorithm(KeyAlgorithm algorithm)
{
    switch (algorithm) {
    case KeyAlgorithm::Sm2:
        return der::sequence({der::oid("1.2.156.10197.1.501")});
    case KeyAlgorithm::EcdsaP256:
        return der::sequence({der::oid("1.2.840.10045.4.3.2")});
    case KeyAlgorithm::Rsa2048:
        return der::sequence({der::oid("1.2.840.113549.1.1.11"), der::tlv(der::Null, {})});
    }
    return {};
}

} // namespace

Result<QByteArray> Csr::create(const KeyPair &key, const NameEntries &subject, QByteArrayView sm2Id)
{
    auto req = newRequest(key.get(), subject);
    if (!req)
        return req.error();
    ossl::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    if (!initDigestSign(ctx.get(), key.get(), true, sm2Id) || X509_REQ_sign_ctx(req.value().get(), ctx.get()) <= 0)
        return ossl::failure("csr sign");
    unsigned char *der = nullptr;
    const int len = i2d_X509_REQ(req.value().get(), &der);
    QByteArray out = len > 0 ? QByteArray(reinterpret_cast<const char *>(der), len) : QByteArray();
    OPENSSL_free(der);
    if (out.isEmpty())
        return ossl::failure("csr encode");
    return out;
}

Result<Csr::Draft> Csr::prepare(const PublicKey &key, const NameEntries &subject)
{
    auto req = newRequest(key.get(), subject);
    if (!req)
        return req.error();
    unsigned char *der = nullptr;
    const int len = i2d_re_X509_REQ_tbs(req.value().get(), &der);
    Draft draft;
    draft.m_toBeSigned = len > 0 ? QByteArray(reinterpret_cast<const char *>(der), len) : QByteArray();
    OPENSSL_free(der);
    if (draft.m_toBeSigned.isEmpty())
        return ossl::failure("csr encode");
    draft.m_algorithm = key.algorithm();
    return draft;
}

Result<QByteArray> Csr::Draft::assemble(QByteArrayView signature) const
{
    // BIT STRING with no unused bits.
    const QByteArray out = der::sequence({m_toBeSigned, requestSignatureAlgorithm(m_algorithm),
                                          der::tlv(der::BitString, QByteArray(QByteArray(1, '\0') + signature))});
    if (!verify(out))
        return Error(CertificateError::Crypto, QStringLiteral("The signature was not made with the request's key."));
    return out;
}

Result<Csr::Info> Csr::verify(QByteArrayView derOrPem, QByteArrayView sm2Id)
{
    auto req = parseObject<X509_REQ, ossl::X509ReqPtr>(derOrPem, d2i_X509_REQ, PEM_read_bio_X509_REQ);
    EVP_PKEY *key = req ? X509_REQ_get0_pubkey(req.get()) : nullptr;
    const auto algorithm = keyAlgorithmOf(key);
    if (!algorithm)
        return invalid("certificate request");
    if (*algorithm == KeyAlgorithm::Sm2)
        X509_REQ_set0_distinguishing_id(req.get(), sm2IdOctets(sm2Id));
    if (X509_REQ_verify(req.get(), key) != 1)
        return invalid("certificate request");
    return Info{nameText(X509_REQ_get_subject_name(req.get())), spki(key), *algorithm};
}

// ---- Certificate

Result<Certificate> Certificate::parse(QByteArrayView derOrPem)
{
    auto x = parseObject<X509, ossl::X509Ptr>(derOrPem, d2i_X509, PEM_read_bio_X509);
    if (!x)
        return invalid("certificate");
    Certificate c;
    c.subject = nameText(X509_get_subject_name(x.get()));
    c.issuer = nameText(X509_get_issuer_name(x.get()));
    c.serialHex = serialText(X509_get0_serialNumber(x.get()));
    c.notBefore = toDateTime(X509_get0_notBefore(x.get()));
    c.notAfter = toDateTime(X509_get0_notAfter(x.get()));
    c.keyUsage = keyUsageNames(x.get());
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdLen = 0;
    if (X509_digest(x.get(), EVP_sha256(), md, &mdLen) == 1)
        c.sha256Fingerprint = QByteArray(reinterpret_cast<const char *>(md), qsizetype(mdLen));
    c.signatureAlgorithm = QString::fromLatin1(OBJ_nid2ln(X509_get_signature_nid(x.get())));
    EVP_PKEY *key = X509_get0_pubkey(x.get());
    c.keyAlgorithm = keyAlgorithmOf(key);
    c.publicKeyDer = spki(key);
    unsigned char *der = nullptr;
    const int len = i2d_X509(x.get(), &der);
    c.der = QByteArray(reinterpret_cast<const char *>(der), len);
    OPENSSL_free(der);
    ossl::takeErrors();
    if (c.der.isEmpty() || c.publicKeyDer.isEmpty() || !c.notBefore.isValid() || !c.notAfter.isValid())
        return invalid("certificate");
    return c;
}

QString Certificate::fingerprintText() const
{
    return QString::fromLatin1(sha256Fingerprint.toHex(':').toUpper());
}

bool Certificate::matchesFingerprint(QStringView pinned) const
{
    return !sha256Fingerprint.isEmpty()
        && pinned.toString().remove(u':').compare(QLatin1String(sha256Fingerprint.toHex()), Qt::CaseInsensitive) == 0;
}

bool Certificate::isSignedBy(const Certificate &issuerCert, QByteArrayView sm2Id) const
{
    auto x = parseObject<X509, ossl::X509Ptr>(der, d2i_X509, PEM_read_bio_X509);
    auto ca = parseObject<X509, ossl::X509Ptr>(issuerCert.der, d2i_X509, PEM_read_bio_X509);
    EVP_PKEY *caKey = ca ? X509_get0_pubkey(ca.get()) : nullptr;
    if (!x || !caKey || X509_NAME_cmp(X509_get_issuer_name(x.get()), X509_get_subject_name(ca.get())) != 0) {
        ossl::takeErrors();
        return false;
    }
    if (EVP_PKEY_is_a(caKey, "SM2"))
        X509_set0_distinguishing_id(x.get(), sm2IdOctets(sm2Id));
    const bool ok = X509_verify(x.get(), caKey) == 1;
    ossl::takeErrors();
    return ok;
}

// ---- Crl

using CrlPtr = std::unique_ptr<X509_CRL, ossl::Deleter<X509_CRL_free>>;

Result<Crl> Crl::parse(QByteArrayView der)
{
    const auto *p = ossl::in(der);
    CrlPtr crl(d2i_X509_CRL(nullptr, &p, long(der.size())));
    if (!crl || p != ossl::in(der) + der.size())
        return invalid("revocation list");
    Crl c;
    c.issuer = nameText(X509_CRL_get_issuer(crl.get()));
    c.thisUpdate = toDateTime(X509_CRL_get0_lastUpdate(crl.get()));
    c.nextUpdate = toDateTime(X509_CRL_get0_nextUpdate(crl.get()));
    const STACK_OF(X509_REVOKED) *revoked = X509_CRL_get_REVOKED(crl.get());
    for (int i = 0; i < sk_X509_REVOKED_num(revoked); ++i)
        c.revokedSerials.insert(serialText(X509_REVOKED_get0_serialNumber(sk_X509_REVOKED_value(revoked, i))));
    c.der = der.toByteArray();
    ossl::takeErrors();
    if (!c.thisUpdate.isValid())
        return invalid("revocation list");
    return c;
}

bool Crl::isSignedBy(const Certificate &issuerCert) const
{
    const auto *p = ossl::in(der);
    CrlPtr crl(d2i_X509_CRL(nullptr, &p, long(der.size())));
    auto ca = parseObject<X509, ossl::X509Ptr>(issuerCert.der, d2i_X509, PEM_read_bio_X509);
    if (!crl || !ca || X509_NAME_cmp(X509_CRL_get_issuer(crl.get()), X509_get_subject_name(ca.get())) != 0) {
        ossl::takeErrors();
        return false;
    }
    unsigned char *tbs = nullptr;
    const int tbsLen = i2d_re_X509_CRL_tbs(crl.get(), &tbs);
    const QByteArray tbsBytes(reinterpret_cast<const char *>(tbs), qMax(tbsLen, 0));
    OPENSSL_free(tbs);
    const ASN1_BIT_STRING *signature = nullptr;
    X509_CRL_get0_signature(crl.get(), &signature, nullptr);
    const auto key = PublicKey::fromDer(issuerCert.publicKeyDer);
    ossl::takeErrors();
    return tbsLen > 0 && key && signature
        && key.value().verify(tbsBytes, QByteArrayView(reinterpret_cast<const char *>(signature->data), signature->length));
}

} // namespace tq
