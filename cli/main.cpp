#include "cli/accountcommand.h"
#include "cli/cacommand.h"
#include "core/crypto/securebytes.h"
#include "cli/certcommand.h"
#include "cli/command.h"
#include "cli/csrcommand.h"
#include "cli/decodecommand.h"
#include "cli/keycommand.h"
#include "cli/operatorcommand.h"
#include "cli/scancommand.h"
#include "cli/signcommand.h"
#include "cli/verifycommand.h"
#include "cli/verifyresultcommand.h"

#include <QCoreApplication>
#include <QTextStream>

#include <algorithm>
#include <iterator>

using tq::cli::Command;

namespace {

// New subcommands: add a row here and a <name>command.cpp beside this file.
constexpr Command Commands[] = {
    {"account", "Register, log in and out, show the account", &tq::cli::runAccount},
    {"identity", "Verify the account's real name", &tq::cli::runIdentity},
    {"cert", "Apply for, list, export, revoke certificates; change their PIN", &tq::cli::runCert},
    {"decode", "Decode the QR codes in image files", &tq::cli::runDecode},
    {"scan", "Answer a trading platform's QR code; list the scan reports", &tq::cli::runScan},
    {"key", "Create, import, list and delete PIN-protected keys", &tq::cli::runKey},
    {"csr", "Make a certificate request for a key", &tq::cli::runCsr},
    {"sign", "Sign a file (raw signature or detached SignedData)", &tq::cli::runSign},
    {"verify", "Verify a raw signature or detached SignedData", &tq::cli::runVerify},
    {"ca", "Fingerprints of a CA institution's certificates, to pin its root", &tq::cli::runCa},
    {"verify-result", "Verify a scan result against the platform's own request", &tq::cli::runVerifyResult},
    {"operator", "Operators: log in, register platforms, rotate secrets, read the audit log", &tq::cli::runOperator},
};

int usage(QTextStream &stream)
{
    stream << "Usage: tongqian-cli COMMAND [OPTIONS] [ARGS...]\n\nCommands:\n";
    for (const Command &c : Commands)
        stream << "  " << QString::fromLatin1(c.name).leftJustified(14) << c.summary << '\n';
    stream << "\nRun 'tongqian-cli COMMAND --help' for a command's options.\n";
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // Before any thread: PINs, key material and OpenSSL's private keys stay locked in RAM.
    tq::SecureBytes::initSecureHeap();
    QCoreApplication::setApplicationName(QStringLiteral("tongqian-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TONGQIAN_VERSION));

    QStringList args = QCoreApplication::arguments().mid(1);
    QTextStream err(stderr);
    if (args.isEmpty())
        return usage(err);
    const QString name = args.takeFirst();
    if (name == u"--help" || name == u"-h" || name == u"help") {
        QTextStream out(stdout);
        usage(out);
        return 0;
    }
    const auto it = std::find_if(std::begin(Commands), std::end(Commands),
                                 [&](const Command &c) { return name == QLatin1String(c.name); });
    if (it == std::end(Commands)) {
        err << "tongqian-cli: unknown command '" << name << "'\n\n";
        return usage(err);
    }
    return it->run(args);
}
