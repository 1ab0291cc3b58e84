#include "cli/csrcommand.h"

#include "cli/errors.h"
#include "cli/files.h"
#include "cli/jobs.h"
#include "cli/options.h"
#include "cli/profile.h"
#include "core/crypto/x509.h"

#include <QTextStream>

namespace tq::cli {

namespace {

// "CN=张三,O=某公司,C=CN" in the given order; "\," keeps a comma inside a value.
std::optional<NameEntries> parseSubject(const QString &text)
{
    NameEntries entries;
    QString current;
    QStringList parts;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] == u'\\' && i + 1 < text.size()) {
            current += text[++i];
        } else if (text[i] == u',') {
            parts.append(current);
            current.clear();
        } else {
            current += text[i];
        }
    }
    parts.append(current);
    for (const QString &part : parts) {
        const qsizetype eq = part.indexOf(u'=');
        if (eq <= 0)
            return std::nullopt;
        entries.append({part.left(eq).trimmed(), part.mid(eq + 1).trimmed()});
    }
    return entries;
}

} // namespace

int runCsr(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Make a certificate request for a key in custody."));
    const QCommandLineOption keyOption(QStringLiteral("key"), QStringLiteral("The key ID."), QStringLiteral("ID"));
    const QCommandLineOption subjectOption(QStringLiteral("subject"),
                                           QStringLiteral("Subject, e.g. \"CN=张三,O=某公司,C=CN\"."),
                                           QStringLiteral("DN"));
    const QCommandLineOption outOption(QStringLiteral("out"), QStringLiteral("Write to FILE instead of stdout."),
                                       QStringLiteral("FILE"));
    const QCommandLineOption derOption(QStringLiteral("der"), QStringLiteral("DER instead of PEM."));
    parser.addOptions({keyOption, subjectOption, outOption, derOption});
    addKeyOptions(parser, true);
    addServerOption(parser);
    if (const int code = parseArguments(parser, "csr", arguments); code >= 0)
        return code;
    const auto subject = parseSubject(parser.value(subjectOption));
    if (!parser.isSet(keyOption) || !subject)
        return usageError("csr", "--key ID and --subject \"CN=...,O=...\" are required");
    auto session = openWithPin(parser);
    if (!session)
        return reportError("csr", session.error());
    SecureBytes &pin = session.value().pin; // not a structured binding: captured below (clang 14)
    std::unique_ptr<DeviceProfile> &profile = session.value().profile;
    KeyCustody &custody = *profile->custody();
    const QString id = parser.value(keyOption);

    return runEventLoop([&](auto finish) {
        findKey(*profile, id, [&, finish](const Result<KeyInfo> &key) {
            auto publicKey = key ? PublicKey::fromDer(key.value().publicKeyDer) : Result<PublicKey>(key.error());
            auto draft = publicKey ? Csr::prepare(publicKey.value(), *subject) : Result<Csr::Draft>(publicKey.error());
            if (!draft)
                return finish(reportError("csr", draft.error()));
            whenFinished(custody.sign(id, pin, draft.value().toBeSigned()),
                         [&, finish, draft = draft.value()](const Result<QByteArray> &signature) {
                             auto csr = signature ? draft.assemble(signature.value()) : signature;
                             if (!csr)
                                 return finish(reportError("csr", csr.error()));
                             const QByteArray out = parser.isSet(derOption)
                                 ? csr.value()
                                 : pemEncode(csr.value(), "CERTIFICATE REQUEST");
                             const auto written = writeOutputFile(parser.value(outOption), out);
                             finish(written ? ExitOk : reportError("csr", written.error()));
                         });
        });
    });
}

} // namespace tq::cli
