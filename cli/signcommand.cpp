#include "cli/signcommand.h"

#include "cli/errors.h"
#include "cli/files.h"
#include "cli/jobs.h"
#include "cli/options.h"
#include "cli/profile.h"
#include "cli/secretinput.h"
#include "core/crypto/signeddata.h"

#include <QTextStream>

namespace tq::cli {

int runSign(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Sign a file with a key in custody."));
    const QCommandLineOption keyOption(QStringLiteral("key"), QStringLiteral("The key ID (with a certificate file)."),
                                       QStringLiteral("ID"));
    const QCommandLineOption certOption(
        QStringLiteral("cert"),
        QStringLiteral("The ID of an installed certificate (its key is found from the index) or, with --key, "
                       "the key's certificate file (PEM or DER)."),
        QStringLiteral("CERT"));
    const QCommandLineOption inOption(QStringLiteral("in"), QStringLiteral("The file to sign."), QStringLiteral("FILE"));
    const QCommandLineOption rawOption(QStringLiteral("raw"), QStringLiteral("Write the raw DER signature to OUT."),
                                       QStringLiteral("OUT"));
    const QCommandLineOption cmsOption(QStringLiteral("detached-cms"),
                                       QStringLiteral("Write a detached SignedData (DER) to OUT."), QStringLiteral("OUT"));
    parser.addOptions({keyOption, certOption, inOption, rawOption, cmsOption});
    addKeyOptions(parser, true);
    addServerOption(parser);
    if (const int code = parseArguments(parser, "sign", arguments); code >= 0)
        return code;
    if (!parser.isSet(certOption) || !parser.isSet(inOption) || (!parser.isSet(rawOption) && !parser.isSet(cmsOption)))
        return usageError("sign", "--cert, --in and at least one of --raw and --detached-cms are required");
    const auto content = readInputFile(parser.value(inOption));
    if (!content)
        return reportError("sign", content.error());
    auto opened = openProfile(parser);
    if (!opened)
        return reportError("sign", opened.error());
    const std::unique_ptr<DeviceProfile> profile = std::move(opened).value();
    QString id = parser.value(keyOption);
    Result<Certificate> cert = Error();
    if (parser.isSet(keyOption)) {
        cert = readCertificateFile(parser.value(certOption));
    } else {
        const auto record = installedCertificate(*profile, parser.value(certOption));
        if (!record)
            return reportError("sign", record.error());
        const QDateTime now = QDateTime::currentDateTimeUtc();
        if (record.value().keyId.isEmpty() || !record.value().isValidAt(now))
            return reportError("sign", Error(ErrorCode::NotFound,
                                             QStringLiteral("Certificate %1 is %2 or its key is not on this device; "
                                                            "sign with a valid installed certificate.")
                                                 .arg(record.value().id, record.value().statusAt(now))));
        id = record.value().keyId;
        cert = Certificate::parse(record.value().der);
    }
    if (!cert)
        return reportError("sign", cert.error());
    const auto readPinResult = readPin(parser);
    if (!readPinResult)
        return reportError("sign", readPinResult.error());
    const SecureBytes &pin = readPinResult.value();
    KeyCustody &custody = *profile->custody();

    // Each output is one signature made in custody; the PIN is checked by the first one.
    auto signThen = [&](const QByteArray &toBeSigned, std::function<Result<QByteArray>(const QByteArray &)> output,
                        const QString &path, std::function<void(int)> next) {
        whenFinished(custody.sign(id, pin, toBeSigned), [=](const Result<QByteArray> &signature) {
            auto out = signature ? output(signature.value()) : signature;
            const auto written = out ? writeOutputFile(path, out.value()) : Result<void>(out.error());
            if (!written)
                return next(reportError("sign", written.error()));
            next(ExitOk);
        });
    };

    return runEventLoop([&](auto finish) {
        findKey(*profile, id, [&, finish](const Result<KeyInfo> &key) {
            if (!key)
                return finish(reportError("sign", key.error()));
            if (key.value().publicKeyDer != cert.value().publicKeyDer)
                return finish(reportError(
                    "sign", Error(ErrorCode::Crypto, QStringLiteral("The certificate is not for key %1.").arg(id))));
            auto signCms = [&, finish](int code) {
                if (code != ExitOk || !parser.isSet(cmsOption))
                    return finish(code);
                auto draft = SignedData::prepare(cert.value(), content.value());
                if (!draft)
                    return finish(reportError("sign", draft.error()));
                signThen(draft.value().toBeSigned(),
                         [draft = draft.value()](const QByteArray &signature) { return draft.assemble(signature); },
                         parser.value(cmsOption), finish);
            };
            if (!parser.isSet(rawOption))
                return signCms(ExitOk);
            // A raw signature is checked against the certificate before it is written.
            signThen(content.value(),
                     [&](const QByteArray &signature) -> Result<QByteArray> {
                         auto publicKey = PublicKey::fromDer(cert.value().publicKeyDer);
                         if (!publicKey || !publicKey.value().verify(content.value(), signature))
                             return Error(ErrorCode::Crypto, QStringLiteral("The signature does not verify."));
                         return signature;
                     },
                     parser.value(rawOption), signCms);
        });
    });
}

} // namespace tq::cli
