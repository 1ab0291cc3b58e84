#include "cli/verifycommand.h"

#include "cli/errors.h"
#include "cli/files.h"
#include "cli/options.h"
#include "core/crypto/signeddata.h"

#include <QCommandLineParser>
#include <QTextStream>

namespace tq::cli {

namespace {

Result<void> check(const QCommandLineParser &parser, const QCommandLineOption &certOption,
                   const QCommandLineOption &inOption, const QCommandLineOption &rawOption,
                   const QCommandLineOption &cmsOption, const QCommandLineOption &caOption)
{
    const auto cert = readCertificateFile(parser.value(certOption));
    if (!cert)
        return cert.error();
    const auto content = readInputFile(parser.value(inOption));
    if (!content)
        return content.error();
    const bool raw = parser.isSet(rawOption);
    const auto signature = readInputFile(parser.value(raw ? rawOption : cmsOption));
    if (!signature)
        return signature.error();
    if (raw) {
        auto key = PublicKey::fromDer(cert.value().publicKeyDer);
        if (!key)
            return key.error();
        if (!key.value().verify(content.value(), signature.value()))
            return Error(ErrorCode::Crypto, QStringLiteral("The signature is not valid for this file and certificate."));
    } else {
        auto signer = SignedData::verifyDetached(signature.value(), content.value());
        if (!signer)
            return signer.error();
        if (signer.value().der != cert.value().der)
            return Error(ErrorCode::Crypto, QStringLiteral("The signed data was signed with a different certificate."));
    }
    if (parser.isSet(caOption)) {
        const auto ca = readCertificateFile(parser.value(caOption));
        if (!ca)
            return ca.error();
        const QDateTime now = QDateTime::currentDateTimeUtc();
        if (!cert.value().isSignedBy(ca.value()))
            return Error(ErrorCode::Crypto, QStringLiteral("The certificate was not issued by this CA."));
        if (now < cert.value().notBefore || now > cert.value().notAfter)
            return Error(ErrorCode::Crypto, QStringLiteral("The certificate is not valid now."));
    }
    return {};
}

} // namespace

int runVerify(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Verify a signature over a file."));
    const QCommandLineOption certOption(QStringLiteral("cert"), QStringLiteral("The signer's certificate."),
                                        QStringLiteral("CERT"));
    const QCommandLineOption inOption(QStringLiteral("in"), QStringLiteral("The signed file."), QStringLiteral("FILE"));
    const QCommandLineOption rawOption(QStringLiteral("raw"), QStringLiteral("A raw DER signature."),
                                       QStringLiteral("SIG"));
    const QCommandLineOption cmsOption(QStringLiteral("cms"), QStringLiteral("A detached SignedData (DER)."),
                                       QStringLiteral("SIG"));
    const QCommandLineOption caOption(QStringLiteral("ca"), QStringLiteral("Also check that CA issued CERT."),
                                      QStringLiteral("CA"));
    parser.addOptions({certOption, inOption, rawOption, cmsOption, caOption});
    if (const int code = parseArguments(parser, "verify", arguments); code >= 0)
        return code;
    if (!parser.isSet(certOption) || !parser.isSet(inOption) || parser.isSet(rawOption) == parser.isSet(cmsOption))
        return usageError("verify", "--cert, --in and one of --raw and --cms are required");
    const auto result = check(parser, certOption, inOption, rawOption, cmsOption, caOption);
    if (!result) {
        QTextStream(stderr) << "tongqian-cli verify: verification failed: " << result.error().message << '\n';
        return ExitFailure;
    }
    QTextStream(stdout) << "Verified OK\n";
    return ExitOk;
}

} // namespace tq::cli
