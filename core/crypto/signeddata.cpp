#include "core/crypto/signeddata.h"

#include "core/crypto/certificateerrors.h"
#include "core/crypto/der.h"

#include <algorithm>

#include <openssl/x509.h>

namespace tq::SignedData {

namespace {

// The OID families of the two encodings (see the header).
struct Family {
    const char *signedData;
    const char *data;
};
constexpr Family Pkcs7{"1.2.840.113549.1.7.2", "1.2.840.113549.1.7.1"};
constexpr Family GmT0010{"1.2.156.10197.6.1.4.2.2", "1.2.156.10197.6.1.4.2.1"};

constexpr char OidContentType[] = "1.2.840.113549.1.9.3";
constexpr char OidMessageDigest[] = "1.2.840.113549.1.9.4";
constexpr char OidSigningTime[] = "1.2.840.113549.1.9.5";
constexpr char OidSm3[] = "1.2.156.10197.1.401";
constexpr char OidSha256[] = "2.16.840.1.101.3.4.2.1";
constexpr char OidSm2Sign[] = "1.2.156.10197.1.301.1";
constexpr char OidSm2[] = "1.2.156.10197.1.301";
constexpr char OidSm2WithSm3[] = "1.2.156.10197.1.501";
constexpr char OidRsaEncryption[] = "1.2.840.113549.1.1.1";
constexpr char OidSha256WithRsa[] = "1.2.840.113549.1.1.11";
constexpr char OidEcdsaSha256[] = "1.2.840.10045.4.3.2";

Error invalid(const char *why)
{
    return Error(CertificateError::Crypto, QString::fromLatin1(why));
}

Error malformed()
{
    return invalid("The signed data is malformed or not a detached signature Tongqian can read.");
}

const Family &familyFor(KeyAlgorithm algorithm)
{
    return algorithm == KeyAlgorithm::Sm2 ? GmT0010 : Pkcs7;
}

QByteArray algorithmId(const char *oid)
{
    return der::sequence({der::oid(oid)});
}

// PKCS#1 v1.5 identifies the key type and takes NULL parameters (RFC 3370 §3.2).
QByteArray signatureAlgorithmId(KeyAlgorithm algorithm)
{
    switch (algorithm) {
    case KeyAlgorithm::Sm2:
        return algorithmId(OidSm2Sign);
    case KeyAlgorithm::EcdsaP256:
        return algorithmId(OidEcdsaSha256);
    case KeyAlgorithm::Rsa2048:
        return der::sequence({der::oid(OidRsaEncryption), der::tlv(der::Null, {})});
    }
    return {};
}

const char *digestOid(KeyAlgorithm algorithm)
{
    return algorithm == KeyAlgorithm::Sm2 ? OidSm3 : OidSha256;
}

bool acceptableSignatureOid(KeyAlgorithm algorithm, QByteArrayView oid)
{
    QList<const char *> accepted;
    switch (algorithm) {
    case KeyAlgorithm::Sm2:
        accepted = {OidSm2Sign, OidSm2, OidSm2WithSm3};
        break;
    case KeyAlgorithm::EcdsaP256:
        accepted = {OidEcdsaSha256};
        break;
    case KeyAlgorithm::Rsa2048:
        accepted = {OidRsaEncryption, OidSha256WithRsa};
        break;
    }
    return std::any_of(accepted.begin(), accepted.end(), [&](const char *a) { return der::oid(a) == oid; });
}

QByteArray attribute(const char *oid, const QByteArray &value)
{
    return der::sequence({der::oid(oid), der::setOf({value})});
}

// IssuerAndSerialNumber straight from the certificate's own encoding, so it matches byte for byte.
QByteArray issuerAndSerial(const Certificate &cert)
{
    const auto *p = ossl::in(cert.der);
    ossl::X509Ptr x509(d2i_X509(nullptr, &p, long(cert.der.size())));
    if (!x509)
        return {};
    unsigned char *name = nullptr;
    unsigned char *serial = nullptr;
    const int nameLen = i2d_X509_NAME(X509_get_issuer_name(x509.get()), &name);
    const int serialLen = i2d_ASN1_INTEGER(X509_get0_serialNumber(x509.get()), &serial);
    QByteArray out;
    if (nameLen > 0 && serialLen > 0)
        out = der::sequence({QByteArray(reinterpret_cast<const char *>(name), nameLen),
                             QByteArray(reinterpret_cast<const char *>(serial), serialLen)});
    OPENSSL_free(name);
    OPENSSL_free(serial);
    return out;
}

QByteArray wrapSignedData(const Family &family, const QByteArray &signedData)
{
    return der::sequence({der::oid(family.signedData), der::tlv(der::contextTag(0), signedData)});
}

// ---- parsing -------------------------------------------------------------------------------

struct Parsed {
    QByteArray contentTypeOid; ///< encoded OID of the (absent) content
    QList<QByteArrayView> certificates;
    QByteArrayView signerId; ///< IssuerAndSerialNumber, whole
    QByteArrayView digestAlgorithmOid;
    QByteArrayView attributes; ///< [0] element, whole
    QByteArrayView signatureAlgorithmOid;
    QByteArrayView signature;
};

std::optional<QByteArrayView> algorithmOid(der::Reader &reader)
{
    const auto alg = reader.next(der::Sequence);
    if (!alg)
        return std::nullopt;
    der::Reader inner(alg->value);
    const auto oid = inner.next(der::ObjectId);
    if (!oid)
        return std::nullopt;
    return oid->whole;
}

std::optional<Parsed> parse(QByteArrayView input)
{
    Parsed out;
    const auto contentInfo = der::only(input, der::Sequence);
    if (!contentInfo)
        return std::nullopt;
    der::Reader ci(contentInfo->value);
    const auto type = ci.next(der::ObjectId);
    const auto explicitContent = ci.next(der::contextTag(0));
    if (!type || !explicitContent || !ci.atEnd()
        || (type->whole != der::oid(Pkcs7.signedData) && type->whole != der::oid(GmT0010.signedData)))
        return std::nullopt;
    const Family &family = type->whole == der::oid(Pkcs7.signedData) ? Pkcs7 : GmT0010;

    const auto signedData = der::only(explicitContent->value, der::Sequence);
    if (!signedData)
        return std::nullopt;
    der::Reader sd(signedData->value);
    const auto version = sd.next(der::Integer);
    const auto digestAlgorithms = sd.next(der::Set);
    const auto encap = sd.next(der::Sequence);
    if (!version || !digestAlgorithms || !encap)
        return std::nullopt;
    der::Reader encapReader(encap->value);
    const auto contentType = encapReader.next(der::ObjectId);
    // Content present means an attached signature, which this API does not verify.
    if (!contentType || !encapReader.atEnd() || contentType->whole != der::oid(family.data))
        return std::nullopt;
    out.contentTypeOid = contentType->whole.toByteArray();

    if (sd.peekTag() == der::contextTag(0)) {
        // The tag alone says nothing about the length: a malformed element is nullopt here.
        const auto certificates = sd.next();
        if (!certificates)
            return std::nullopt;
        der::Reader certs(certificates->value);
        while (!certs.atEnd()) {
            const auto cert = certs.next(der::Sequence);
            if (!cert)
                return std::nullopt;
            out.certificates.append(cert->whole);
        }
    }
    if (sd.peekTag() == der::contextTag(1) && !sd.next())
        return std::nullopt;
    const auto signerInfos = sd.next(der::Set);
    if (!signerInfos || !sd.atEnd())
        return std::nullopt;
    const auto signerInfo = der::only(signerInfos->value, der::Sequence);
    if (!signerInfo)
        return std::nullopt;

    der::Reader si(signerInfo->value);
    const auto siVersion = si.next(der::Integer);
    const auto signerId = si.next(der::Sequence);
    const auto digestAlg = algorithmOid(si);
    const auto attributes = si.next(der::contextTag(0));
    const auto signatureAlg = algorithmOid(si);
    const auto signature = si.next(der::OctetString);
    if (!siVersion || !signerId || !digestAlg || !attributes || !signatureAlg || !signature)
        return std::nullopt;
    if (!si.atEnd() && (si.peekTag() != der::contextTag(1) || !si.next() || !si.atEnd()))
        return std::nullopt;
    out.signerId = signerId->whole;
    out.digestAlgorithmOid = *digestAlg;
    out.attributes = attributes->whole;
    out.signatureAlgorithmOid = *signatureAlg;
    out.signature = signature->value;
    return out;
}

// The single value of each authenticated attribute we check; nullopt if any is malformed or
// a required one is missing or repeated.
struct Attributes {
    QByteArrayView contentType;
    QByteArrayView messageDigest;
};

std::optional<Attributes> parseAttributes(QByteArrayView attributes)
{
    Attributes out;
    const auto set = der::Reader(attributes).next();
    if (!set)
        return std::nullopt;
    der::Reader reader(set->value);
    while (!reader.atEnd()) {
        const auto attr = reader.next(der::Sequence);
        if (!attr)
            return std::nullopt;
        der::Reader fields(attr->value);
        const auto type = fields.next(der::ObjectId);
        const auto values = fields.next(der::Set);
        if (!type || !values || !fields.atEnd())
            return std::nullopt;
        QByteArrayView *target = nullptr;
        if (type->whole == der::oid(OidContentType))
            target = &out.contentType;
        else if (type->whole == der::oid(OidMessageDigest))
            target = &out.messageDigest;
        if (!target)
            continue;
        der::Reader valueReader(values->value);
        const auto value = valueReader.next();
        if (!value || !valueReader.atEnd() || !target->isNull())
            return std::nullopt;
        *target = value->whole;
    }
    if (out.contentType.isNull() || out.messageDigest.isNull())
        return std::nullopt;
    return out;
}

template <typename DigestOf>
Result<Certificate> verifyWith(QByteArrayView input, DigestOf digestOf)
{
    const auto parsed = parse(input);
    if (!parsed)
        return malformed();
    std::optional<Certificate> signer;
    for (QByteArrayView certDer : parsed->certificates) {
        auto cert = Certificate::parse(certDer);
        if (cert && issuerAndSerial(cert.value()) == parsed->signerId) {
            signer = std::move(cert).value();
            break;
        }
    }
    if (!signer || !signer->keyAlgorithm)
        return invalid("The signed data does not include a usable signing certificate.");
    const KeyAlgorithm algorithm = *signer->keyAlgorithm;
    if (parsed->digestAlgorithmOid != der::oid(digestOid(algorithm))
        || !acceptableSignatureOid(algorithm, parsed->signatureAlgorithmOid))
        return invalid("The signed data uses algorithms that do not match its signing certificate.");
    const auto attributes = parseAttributes(parsed->attributes);
    if (!attributes || attributes->contentType != parsed->contentTypeOid)
        return malformed();
    const QByteArray expected = digestOf(digestAlgorithmFor(algorithm));
    if (expected.isEmpty() || attributes->messageDigest != der::tlv(der::OctetString, expected))
        return invalid("The signature does not match the content.");

    auto key = PublicKey::fromDer(signer->publicKeyDer);
    if (!key)
        return key.error();
    // The signature covers the attributes re-tagged as a universal SET (RFC 5652 §5.4).
    QByteArray signedBytes = parsed->attributes.toByteArray();
    signedBytes[0] = char(der::Set);
    if (!key.value().verify(signedBytes, parsed->signature))
        return invalid("The signature is not valid.");
    return *std::move(signer);
}

} // namespace

DigestAlgorithm digestAlgorithmFor(KeyAlgorithm algorithm)
{
    return algorithm == KeyAlgorithm::Sm2 ? DigestAlgorithm::Sm3 : DigestAlgorithm::Sha256;
}

Result<Draft> prepareDigest(const Certificate &signer, QByteArrayView digest, const QList<Certificate> &chain,
                            const QDateTime &signingTime)
{
    if (!signer.keyAlgorithm)
        return invalid("The signing certificate's key type is not supported.");
    const KeyAlgorithm algorithm = *signer.keyAlgorithm;
    if (digest.size() != 32)
        return invalid("The digest to sign has the wrong length.");
    const QByteArray signerId = issuerAndSerial(signer);
    if (signerId.isEmpty())
        return invalid("The signing certificate is invalid.");
    const Family &family = familyFor(algorithm);
    const QByteArray digestAlg = algorithmId(digestOid(algorithm));

    const QByteArray attributes = der::setOf({
        attribute(OidContentType, der::oid(family.data)),
        attribute(OidMessageDigest, der::tlv(der::OctetString, digest)),
        attribute(OidSigningTime, der::time(signingTime.isValid() ? signingTime : QDateTime::currentDateTimeUtc())),
    });
    QList<QByteArray> certificates{signer.der};
    for (const Certificate &c : chain)
        certificates.append(c.der);

    Draft draft;
    draft.m_signer = signer;
    draft.m_toBeSigned = attributes;
    QByteArray taggedAttributes = attributes;
    taggedAttributes[0] = char(der::contextTag(0));
    draft.m_beforeSignature = der::integer(1) + signerId + digestAlg + taggedAttributes + signatureAlgorithmId(algorithm);
    draft.m_outerPrefix = der::integer(1) + der::setOf({digestAlg}) + der::sequence({der::oid(family.data)})
        + der::setOf(certificates, der::contextTag(0));
    return draft;
}

Result<Draft> prepare(const Certificate &signer, QByteArrayView content, const QList<Certificate> &chain,
                      const QDateTime &signingTime)
{
    if (!signer.keyAlgorithm)
        return invalid("The signing certificate's key type is not supported.");
    return prepareDigest(signer, digest(digestAlgorithmFor(*signer.keyAlgorithm), content), chain, signingTime);
}

Result<QByteArray> Draft::assemble(QByteArrayView signature) const
{
    auto key = PublicKey::fromDer(m_signer.publicKeyDer);
    if (!key)
        return key.error();
    if (!key.value().verify(m_toBeSigned, signature))
        return invalid("The signature was not made with the signing certificate's key.");
    const QByteArray signerInfo = der::sequence({QByteArray(m_beforeSignature + der::tlv(der::OctetString, signature))});
    const QByteArray signedData = der::sequence({QByteArray(m_outerPrefix + der::setOf({signerInfo}))});
    return wrapSignedData(familyFor(*m_signer.keyAlgorithm), signedData);
}

Result<QByteArray> signDetachedDigest(const Signer &sign, const Certificate &signer, QByteArrayView digest,
                                      const QList<Certificate> &chain)
{
    auto draft = prepareDigest(signer, digest, chain);
    if (!draft)
        return draft.error();
    auto signature = sign(draft.value().toBeSigned());
    if (!signature)
        return signature.error();
    return draft.value().assemble(signature.value());
}

Result<QByteArray> signDetached(const Signer &sign, const Certificate &signer, QByteArrayView content,
                                const QList<Certificate> &chain)
{
    if (!signer.keyAlgorithm)
        return invalid("The signing certificate's key type is not supported.");
    return signDetachedDigest(sign, signer, digest(digestAlgorithmFor(*signer.keyAlgorithm), content), chain);
}

Signer keySigner(const KeyPair &key)
{
    return [&key](QByteArrayView toBeSigned) { return key.sign(toBeSigned); };
}

Result<Certificate> verifyDetached(QByteArrayView der, QByteArrayView content)
{
    return verifyWith(der, [content](DigestAlgorithm algorithm) { return digest(algorithm, content); });
}

Result<Certificate> verifyDetachedDigest(QByteArrayView der, QByteArrayView digest)
{
    return verifyWith(der, [digest](DigestAlgorithm) { return digest.toByteArray(); });
}

} // namespace tq::SignedData
