// tongqian-fuzz-seeds DIR: writes the seed corpus of every fuzz target into DIR/<target>/corpus
// (DIR is tests/fuzz in the source tree), each seed made by the project's own code from real,
// valid inputs: QR texts from QrPayload, scan content accepted by ScanContent, signatures,
// ciphertexts, certificates, CRLs, envelopes, SignedData and PKCS#8 from core/crypto and the
// server's CA code, two-party messages from the device side of the protocol. File names say what
// each seed is. Deterministic where the inputs allow (keys from fuzzsupport.h); signatures and
// ciphertexts carry fresh randomness, so re-running changes those files.

#include "fuzzsupport.h"

#include "core/common/encoding.h"
#include "core/crypto/digest.h"
#include "core/crypto/envelopedkey.h"
#include "core/crypto/random.h"
#include "core/crypto/signeddata.h"
#include "core/crypto/twoparty.h"
#include "core/protocol/qrpayload.h"
#include "core/protocol/scancontent.h"
#include "server/ca/x509builder.h"
#include "tests/server/testserver.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <openssl/objects.h>

#include <cstdio>

namespace {

using namespace tq;

QString g_root;
int g_written = 0;

template <typename T>
T need(Result<T> result, const char *what)
{
    if (!result)
        fuzz::fail(what);
    return std::move(result).value();
}

void write(const char *target, const QString &name, const QByteArray &bytes)
{
    const QString dir = g_root + QLatin1Char('/') + QLatin1String(target) + QStringLiteral("/corpus");
    QDir().mkpath(dir);
    QFile file(dir + QLatin1Char('/') + name);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        fuzz::fail("cannot write a seed");
    ++g_written;
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray withSelector(int selector, const QByteArray &message)
{
    return QByteArray(1, char(selector)) + message;
}

/// A leaf certificate for `key`, issued by the fuzz CA.
Certificate leafFor(const KeyPair &key, const QString &name)
{
    server::CertificateSpec spec;
    spec.subject = {{QStringLiteral("C"), QStringLiteral("CN")}, {QStringLiteral("CN"), name}};
    spec.subjectPublicKeyDer = key.publicKeyDer();
    spec.serial = server::X509Builder::randomSerial();
    spec.notBefore = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
    spec.notAfter = QDateTime(QDate(2031, 1, 1), QTime(0, 0), Qt::UTC);
    spec.extensions = {{NID_key_usage, "critical,digitalSignature"}};
    const auto der = need(server::X509Builder::certificate(spec, fuzz::issuerKey(), fuzz::issuerCertificate().der),
                          "leaf certificate");
    return need(Certificate::parse(der), "leaf certificate parses");
}

void qrSeeds()
{
    const QString ticket = QrPayload::newTicket();
    int i = 0;
    for (const char *base : {"http://127.0.0.1:8080", "https://tq.example.cn", "https://tq.example.cn:8443/prefix"}) {
        const QrPayload payload{QUrl(QString::fromLatin1(base)), ticket};
        const QByteArray text = payload.toText().toUtf8();
        need(QrPayload::parse(QString::fromUtf8(text)), "QR seed parses");
        write("qrpayload", QStringLiteral("valid-%1").arg(++i), text);
    }
}

QList<QJsonObject> scanContents()
{
    const QByteArray document = "%PDF-1.7 bid document";
    const auto recipient = fuzz::recipientKey().publicKey();
    return {
        {{QStringLiteral("action"), QStringLiteral("login")}},
        {{QStringLiteral("action"), QStringLiteral("bind")}},
        {{QStringLiteral("action"), QStringLiteral("sign")}, {QStringLiteral("data"), toBase64Text("原文 to sign")}},
        {{QStringLiteral("action"), QStringLiteral("sign")},
         {QStringLiteral("hashes"),
          QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("h1")},
                                 {QStringLiteral("algorithm"), QStringLiteral("sm3")},
                                 {QStringLiteral("value"), toBase64Text(sm3(document))}},
                     QJsonObject{{QStringLiteral("key"), QStringLiteral("h2")},
                                 {QStringLiteral("algorithm"), QStringLiteral("sha256")},
                                 {QStringLiteral("value"), toBase64Text(digest(DigestAlgorithm::Sha256, document))}}}}},
        {{QStringLiteral("action"), QStringLiteral("seal")},
         {QStringLiteral("documents"),
          QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("bid-1")},
                                 {QStringLiteral("name"), QStringLiteral("投标文件.pdf")},
                                 {QStringLiteral("size"), qint64(document.size())},
                                 {QStringLiteral("digestAlgorithm"), QStringLiteral("sm3")},
                                 {QStringLiteral("digest"), toBase64Text(sm3(document))},
                                 {QStringLiteral("url"), QStringLiteral("https://docs.example.cn/bid-1.pdf")}}}}},
        {{QStringLiteral("action"), QStringLiteral("withdraw_seal")},
         {QStringLiteral("certSn"), QStringLiteral("0123456789ABCDEF")},
         {QStringLiteral("signOriVal"), toBase64Text("TWSdSKoeJiXWM+C4cPNIHu5EuoU=")}},
        {{QStringLiteral("action"), QStringLiteral("message_sign")}, {QStringLiteral("message"), QStringLiteral("同意开标")}},
        {{QStringLiteral("action"), QStringLiteral("decrypt")},
         {QStringLiteral("encryptInfoList"),
          QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("AH-1")},
                                 {QStringLiteral("caOrgType"), QStringLiteral("010001")},
                                 {QStringLiteral("encCertSn"), QStringLiteral("0123456789ABCDEF")},
                                 {QStringLiteral("encryptStr"),
                                  toBase64Text(need(recipient.encrypt(Random::bytes(16)), "encrypt"))}}}}},
    };
}

void scanContentSeeds()
{
    int i = 0;
    for (const QJsonObject &content : scanContents()) {
        const auto accepted = ScanContent::fromJson(content);
        if (!accepted) {
            std::fprintf(stderr, "refused seed %s: %s\n", compact(content).constData(), qPrintable(accepted.error().code));
            fuzz::fail("scan content seed refused");
        }
        write("scancontent", QStringLiteral("%1-%2").arg(content.value(QStringLiteral("action")).toString()).arg(++i),
              compact(accepted.value().toJson()));
    }
}

void derSeeds()
{
    const KeyPair &key = fuzz::recipientKey();
    const QByteArray signature = need(key.sign("message"), "sign");
    fuzz::check(Sm2::Signature::fromDer(signature).has_value(), "signature seed is strict DER");
    write("der", QStringLiteral("sm2-signature"), signature);
    const QByteArray ciphertext = need(key.publicKey().encrypt("a 16-byte secret"), "encrypt");
    write("der", QStringLiteral("sm2-ciphertext"), ciphertext);
    if (const auto parsed = Sm2::Ciphertext::fromDer(ciphertext))
        write("der", QStringLiteral("sm2-ciphertext-raw"), parsed->toRaw());
    write("der", QStringLiteral("certificate"), fuzz::issuerCertificate().der);
}

void x509Seeds()
{
    const KeyPair sm2Key = need(KeyPair::generate(KeyAlgorithm::Sm2), "key");
    const Certificate leaf = leafFor(sm2Key, QStringLiteral("张三丰"));
    write("certificate", QStringLiteral("ca-self-signed.der"), fuzz::issuerCertificate().der);
    write("certificate", QStringLiteral("leaf-sm2.der"), leaf.der);
    write("certificate", QStringLiteral("leaf-sm2.pem"), pemEncode(leaf.der, "CERTIFICATE"));
    const KeyPair p256 = need(KeyPair::generate(KeyAlgorithm::EcdsaP256), "P-256 key");
    write("certificate", QStringLiteral("leaf-p256.der"), leafFor(p256, QStringLiteral("ECDSA")).der);
    write("certificate", QStringLiteral("csr-sm2.der"),
          need(Csr::create(sm2Key, {{QStringLiteral("CN"), QStringLiteral("device")}}), "CSR"));

    const QDateTime now(QDate(2026, 12, 1), QTime(0, 0), Qt::UTC);
    write("crl", QStringLiteral("empty"),
          need(server::X509Builder::crl(fuzz::issuerCertificate().der, fuzz::issuerKey(), 1, now, now.addDays(7), {}),
               "empty CRL"));
    const QList<server::RevokedEntry> revoked{{QByteArray::fromHex("0123456789abcdef"), now.addDays(-1), 1},
                                              {server::X509Builder::randomSerial(), now.addSecs(-60), 0}};
    write("crl", QStringLiteral("two-revoked"),
          need(server::X509Builder::crl(fuzz::issuerCertificate().der, fuzz::issuerKey(), 2, now, now.addDays(7), revoked),
               "CRL"));
}

void envelopeSeeds()
{
    const PublicKey recipient = fuzz::recipientKey().publicKey();
    const KeyPair escrowed = need(KeyPair::generate(KeyAlgorithm::Sm2), "key");
    write("envelope", QStringLiteral("whole-key"), need(EnvelopedKey::seal(escrowed, recipient), "seal"));
    const auto split = need(twoparty::splitKey(fuzz::sm2(), fuzz::sm2().privateScalar(escrowed).get()), "split");
    write("envelope", QStringLiteral("device-share"),
          need(EnvelopedKey::sealShare(split.deviceShare.get(),
                                       fuzz::sm2().pointBytes(fuzz::sm2().publicPoint(escrowed.get()).get()),
                                       recipient),
               "seal share"));
}

void signedDataSeeds()
{
    for (const auto algorithm : {KeyAlgorithm::Sm2, KeyAlgorithm::EcdsaP256, KeyAlgorithm::Rsa2048}) {
        const KeyPair key = need(KeyPair::generate(algorithm), "key");
        const Certificate signer = leafFor(key, keyAlgorithmName(algorithm));
        const QByteArray der = need(SignedData::signDetached(SignedData::keySigner(key), signer, fuzz::signedContent(),
                                                             {fuzz::issuerCertificate()}),
                                    "SignedData");
        need(SignedData::verifyDetached(der, fuzz::signedContent()), "SignedData seed verifies");
        write("signeddata", keyAlgorithmName(algorithm).toLower(), der);
    }
}

void pkcs8Seeds()
{
    for (const auto algorithm : {KeyAlgorithm::Sm2, KeyAlgorithm::EcdsaP256, KeyAlgorithm::Rsa2048}) {
        const KeyPair key = need(KeyPair::generate(algorithm), "key");
        const SecureBytes der = need(key.privateKeyDer(), "PKCS#8");
        write("pkcs8", keyAlgorithmName(algorithm).toLower(), der.view().toByteArray());
    }
}

void twoPartySeeds()
{
    const Sm2 &sm2 = fuzz::sm2();
    const auto device = need(twoparty::generateShare(sm2, twoparty::Party::Device, "fuzz"), "device share");
    write("twoparty", QStringLiteral("0-keygen"),
          withSelector(0, device.message.publicShare + device.message.proof.commitment + device.message.proof.response));
    const auto signing = need(twoparty::DeviceSigning::start(sm2, sm3("message")), "signing");
    write("twoparty", QStringLiteral("1-sign"), withSelector(1, signing.request().q1 + signing.request().e));
    const QByteArray ciphertext = need(fuzz::recipientKey().publicKey().encrypt("a 16-byte secret"), "encrypt");
    const auto decryption = need(twoparty::DeviceDecryption::start(sm2, ciphertext), "decryption");
    write("twoparty", QStringLiteral("2-decrypt"), withSelector(2, decryption.request()));
    write("twoparty", QStringLiteral("3-ciphertext"), withSelector(3, ciphertext));
    const auto server = need(twoparty::generateShare(sm2, twoparty::Party::Server, "fuzz"), "server share");
    write("twoparty", QStringLiteral("4-public-share"), withSelector(4, server.message.publicShare));
}

void routeSeeds()
{
    using server::test::TestIdNumber;
    using server::test::TestName;
    using server::test::TestPassword;
    using server::test::TestPhone;
    const KeyPair key = need(KeyPair::generate(KeyAlgorithm::Sm2), "key");
    const QByteArray csr = need(Csr::create(key, {{QStringLiteral("CN"), QStringLiteral("device")}}), "CSR");
    const auto device = need(twoparty::generateShare(fuzz::sm2(), twoparty::Party::Device, "fuzz-seed-session"), "share");
    const auto signing = need(twoparty::DeviceSigning::start(fuzz::sm2(), sm3("message")), "signing");
    // The key id is the fuzz run's, unknown here: a well-formed proof that reaches the server's check.
    const auto proof = need(signing.prove("fuzz-key", "fuzz-sign-session"), "sign proof");
    const QString salt = toBase64Text(fuzz::pinSalt());
    const QString verifier = toBase64Text(fuzz::pinVerifier());
    // Index: the Routes table of fuzz_routebody.cpp.
    const QList<std::pair<int, QJsonObject>> bodies{
        {0, {{QStringLiteral("phone"), TestPhone}, {QStringLiteral("purpose"), QStringLiteral("register")}}},
        {1, {{QStringLiteral("phone"), TestPhone}, {QStringLiteral("smsCode"), QStringLiteral("123456")},
             {QStringLiteral("password"), TestPassword}}},
        {2, {{QStringLiteral("phone"), TestPhone}, {QStringLiteral("password"), TestPassword}}},
        {3, {{QStringLiteral("refreshToken"), QrPayload::newTicket()}}},
        {4, {{QStringLiteral("phone"), TestPhone}, {QStringLiteral("smsCode"), QStringLiteral("123456")},
             {QStringLiteral("newPassword"), TestPassword}}},
        {5, {{QStringLiteral("name"), TestName}, {QStringLiteral("idNumber"), TestIdNumber}}},
        {6, {{QStringLiteral("csr"), toBase64Text(csr)}, {QStringLiteral("caOrg"), QStringLiteral("010001")}}},
        {7, {{QStringLiteral("reason"), QStringLiteral("keyCompromise")}}},
        {8, {{QStringLiteral("sessionId"), toBase64Text("fuzz-seed-session")},
             {QStringLiteral("publicShare"), toBase64Text(device.message.publicShare)},
             {QStringLiteral("commitment"), toBase64Text(device.message.proof.commitment)},
             {QStringLiteral("response"), toBase64Text(device.message.proof.response)},
             {QStringLiteral("pinSalt"), salt}, {QStringLiteral("pinVerifier"), verifier}}},
        {9, {{QStringLiteral("sessionId"), toBase64Text("fuzz-sign-session")}, {QStringLiteral("q1"), toBase64Text(signing.request().q1)}, {QStringLiteral("e"), toBase64Text(signing.request().e)},
             {QStringLiteral("commitment"), toBase64Text(proof.commitment)}, {QStringLiteral("response"), toBase64Text(proof.response)},
             {QStringLiteral("pinVerifier"), verifier}}},
        {10, {{QStringLiteral("sessionId"), toBase64Text("fuzz-decrypt-session")}, {QStringLiteral("t1"), toBase64Text(device.message.publicShare)}, {QStringLiteral("pinVerifier"), verifier}}},
        {11, {{QStringLiteral("pinVerifier"), verifier}, {QStringLiteral("newPinSalt"), salt},
              {QStringLiteral("newPinVerifier"), verifier}}},
        {12, {{QStringLiteral("name"), TestName}, {QStringLiteral("idNumber"), TestIdNumber},
              {QStringLiteral("newPinSalt"), salt}, {QStringLiteral("newPinVerifier"), verifier}}},
        {13, {{QStringLiteral("ticket"), QrPayload::newTicket()}}},
        {14, {{QStringLiteral("certSn"), QStringLiteral("0123456789ABCDEF")},
              {QStringLiteral("signatureValueList"),
               QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("h1")},
                                      {QStringLiteral("signatureValue"), toBase64Text(need(key.sign("x"), "sign"))}}}}}},
        {15, {{QStringLiteral("reason"), QStringLiteral("not me")}}},
        {17, {{QStringLiteral("accessToken"), QrPayload::newTicket()}}},
        {18, {{QStringLiteral("code"), QStringLiteral("E3308010416")}, {QStringLiteral("name"), QStringLiteral("Platform")},
              {QStringLiteral("callbackUrl"), QStringLiteral("http://127.0.0.1:9/callback")},
              {QStringLiteral("allowedOrigins"), QJsonArray{QStringLiteral("https://docs.example.cn")}}}},
    };
    for (const auto &[index, body] : bodies)
        write("routebody", QStringLiteral("route-%1").arg(index, 2, 10, QLatin1Char('0')), withSelector(index, compact(body)));
    int i = 0;
    for (const QJsonObject &content : scanContents())
        write("routebody", QStringLiteral("route-16-%1").arg(++i), withSelector(16, compact(content)));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: tongqian-fuzz-seeds <tests/fuzz folder>\n");
        return 2;
    }
    g_root = QString::fromLocal8Bit(argv[1]);
    qrSeeds();
    scanContentSeeds();
    derSeeds();
    x509Seeds();
    envelopeSeeds();
    signedDataSeeds();
    pkcs8Seeds();
    twoPartySeeds();
    routeSeeds();
    std::printf("%d seeds written under %s\n", g_written, argv[1]);
    return 0;
}
