#include "fuzzsupport.h"

#include "server/ca/x509builder.h"

#include <QDateTime>

#include <openssl/objects.h>


namespace tq::fuzz {

namespace {

KeyPair keyFromScalar(const char *hex)
{
    auto d = sm2().scalar(QByteArray::fromHex(hex));
    check(d != nullptr, "fixed scalar out of range");
    auto key = sm2().keyPair(d.get());
    check(bool(key), "fixed key pair");
    return std::move(key).value();
}

} // namespace

const Sm2 &sm2()
{
    static const Sm2 curve;
    return curve;
}

const KeyPair &recipientKey()
{
    static const KeyPair key = keyFromScalar("3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8");
    return key;
}

const KeyPair &issuerKey()
{
    static const KeyPair key = keyFromScalar("128b2fa8bd433c6c068c8d803dff79792a519a55171b1b650c23661d15897263");
    return key;
}

const Certificate &issuerCertificate()
{
    static const Certificate certificate = [] {
        server::CertificateSpec spec;
        spec.subject = {{QStringLiteral("CN"), QStringLiteral("Tongqian fuzz CA")}};
        spec.subjectPublicKeyDer = issuerKey().publicKeyDer();
        spec.serial = QByteArray::fromHex("01");
        spec.notBefore = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
        spec.notAfter = QDateTime(QDate(2046, 1, 1), QTime(0, 0), Qt::UTC);
        spec.extensions = {{NID_basic_constraints, "critical,CA:TRUE"}, {NID_key_usage, "critical,keyCertSign,cRLSign"},
                           {NID_subject_key_identifier, "hash"}};
        auto der = server::X509Builder::certificate(spec, issuerKey(), {});
        check(bool(der), "fuzz CA certificate");
        auto parsed = Certificate::parse(der.value());
        check(bool(parsed), "fuzz CA certificate parses");
        return parsed.value();
    }();
    return certificate;
}

const BIGNUM *serverShare()
{
    static const ossl::BnSecretPtr d2 =
        sm2().scalar(QByteArray::fromHex("6fcba2ef9ae0ab902bc3bde3ff915d44ba4cc78f88e2f8e7f8996d3b8cceedee"));
    return d2.get();
}

QByteArrayView signedContent()
{
    return "Tongqian fuzz: the content every SignedData seed signs";
}

} // namespace tq::fuzz
