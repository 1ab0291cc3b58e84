#include "cli/cacommand.h"

#include "cli/errors.h"
#include "cli/files.h"
#include "cli/jobs.h"
#include "cli/options.h"
#include "cli/profile.h"
#include "core/common/encoding.h"
#include "core/crypto/x509.h"
#include "core/protocol/apiclient.h"
#include "core/protocol/routes.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QTextStream>

#include <algorithm>

namespace tq::cli {

namespace {

constexpr char Name[] = "ca fingerprint";

int printChain(const QJsonObject &chain)
{
    QTextStream out(stdout);
    for (const char *which : {"root", "issuing"}) {
        const auto der = fromBase64Text(chain.value(QLatin1String(which)));
        auto certificate = der ? Certificate::parse(*der) : Result<Certificate>(Error(CliErrorCode, QString()));
        if (!certificate)
            return reportError(Name, Error(CliErrorCode, QStringLiteral("The chain has no readable %1 certificate.")
                                                             .arg(QLatin1String(which))));
        out << QString::fromLatin1(which).leftJustified(8) << "SHA256 " << certificate.value().fingerprintText() << "  "
            << certificate.value().subject << '\n';
    }
    return ExitOk;
}

int fingerprintAction(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Print the SHA-256 fingerprints of a CA institution's root and "
                                                    "issuing certificates, to pin the root."));
    const QCommandLineOption chainOption(QStringLiteral("chain"),
                                         QStringLiteral("A saved answer of GET /api/v1/ca/{caOrg}/chain."),
                                         QStringLiteral("FILE"));
    const QCommandLineOption caOrgOption(QStringLiteral("ca-org"),
                                         QStringLiteral("The CA institution (default: 010001, the sandbox CA)."),
                                         QStringLiteral("CODE"), QStringLiteral("010001"));
    parser.addOptions({chainOption, caOrgOption});
    addServerOption(parser);
    if (const int code = parseArguments(parser, Name, arguments); code >= 0)
        return code;
    if (parser.isSet(chainOption)) {
        const auto bytes = readInputFile(parser.value(chainOption));
        if (!bytes)
            return reportError(Name, bytes.error());
        return printChain(QJsonDocument::fromJson(bytes.value()).object());
    }
    const QString server = parser.isSet(QStringLiteral("server"))
        ? parser.value(QStringLiteral("server"))
        : QProcessEnvironment::systemEnvironment().value(QStringLiteral("TONGQIAN_SERVER"));
    const QUrl url(server, QUrl::StrictMode);
    if (server.isEmpty() || !url.isValid() || url.host().isEmpty())
        return usageError(Name, "give --chain FILE, or --server URL (or TONGQIAN_SERVER)");
    const QString caOrg = parser.value(caOrgOption);
    if (caOrg.size() != 6 || !std::all_of(caOrg.begin(), caOrg.end(), [](QChar c) { return c.isDigit(); }))
        return usageError(Name, "--ca-org must be 6 digits");
    ApiClient api(url);
    return runEventLoop([&](auto finish) {
        ApiJob *job = api.get(routes::withArg(routes::CaChain, caOrg));
        QObject::connect(job, &Job::finished, qApp, [job, finish] {
            finish(job->hasError() ? reportError(Name, job->error()) : printChain(job->data()));
        });
        job->start();
    });
}

} // namespace

int runCa(const QStringList &arguments)
{
    return runAction(
        "ca", {{"fingerprint", "fingerprint [--chain FILE]   SHA-256 of the CA's root and issuing certificates", &fingerprintAction}},
        arguments);
}

} // namespace tq::cli
