// tongqian-server: the reference back-end as a stand-alone process.
#include "server/server.h"
#include "core/crypto/securebytes.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>

#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

using namespace tq;
using namespace tq::server;

namespace {

// Self-pipe: the signal handler may only do async-signal-safe work, so it writes one byte
// and the event loop reacts to it.
int g_signalSockets[2] = {-1, -1};

void onTerminationSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalSockets[0], &byte, 1);
}

bool installTerminationHandlers()
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalSockets) != 0)
        return false;
    struct sigaction action = {};
    action.sa_handler = onTerminationSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return ::sigaction(SIGINT, &action, nullptr) == 0 && ::sigaction(SIGTERM, &action, nullptr) == 0;
}

int fail(const QString &message)
{
    std::fprintf(stderr, "tongqian-server: %s\n", qPrintable(message));
    return 1;
}

/// "ADDR:PORT", with IPv6 addresses in brackets ("[::1]:8080").
bool parseListen(const QString &text, QHostAddress &address, quint16 &port)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return false;
    QString host = text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint number = text.mid(colon + 1).toUInt(&ok);
    if (!ok || number > 65535 || !address.setAddress(host))
        return false;
    port = quint16(number);
    return true;
}

/// One line from stdin without its newline; a terminal does not echo it.
QString readPassword()
{
    termios saved{};
    const bool tty = ::isatty(STDIN_FILENO) && ::tcgetattr(STDIN_FILENO, &saved) == 0;
    if (tty) {
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        std::fprintf(stderr, "Password for the new operator: ");
    }
    std::string line;
    std::getline(std::cin, line);
    if (tty) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::fprintf(stderr, "\n");
    }
    QString password = QString::fromStdString(line);
    std::fill(line.begin(), line.end(), '\0');
    return password;
}

/// `tongqian-server operator add --name NAME --role ROLE`: the password comes from stdin (never
/// the command line, where other users could read it); the TOTP secret is printed once.
int addOperator(const ServerConfig &config, const QString &name, const QString &roleText)
{
    const auto role = roleFromName(roleText);
    if (name.isEmpty() || !role)
        return fail(QStringLiteral("operator add needs --name NAME and --role admin|reviewer|auditor."));
    QString password = readPassword();
    const auto added = Server::addOperator(config, name, *role, password);
    SecureBytes::wipe(password);
    if (!added)
        return fail(added.error().message);
    std::printf("Operator %s (%s) added.\nTOTP secret (shown only now; add it to an authenticator app): %s\n%s\n",
                qPrintable(name), qPrintable(roleText), qPrintable(added.value().totpSecret),
                qPrintable(added.value().otpauthUri));
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // Before any thread: PINs, key material and OpenSSL's private keys stay locked in RAM.
    tq::SecureBytes::initSecureHeap();
    QCoreApplication::setApplicationName(QStringLiteral("tongqian-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TONGQIAN_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Tongqian reference back-end (accounts, real-name verification, "
                                                    "CA and KMC, scan protocol, operator console at /console)."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption listenOption(QStringLiteral("listen"),
                                          QStringLiteral("Address and port to listen on, e.g. 127.0.0.1:8080 or "
                                                         "[::1]:8080 (port 0 picks a free one)."),
                                          QStringLiteral("ADDR:PORT"), QStringLiteral("127.0.0.1:8080"));
    const QCommandLineOption dbOption(QStringLiteral("db"),
                                      QStringLiteral("Database URL: sqlite:PATH or "
                                                     "postgresql://user:password@host:port/dbname."),
                                      QStringLiteral("URL"), QStringLiteral("sqlite:tongqian-server.sqlite"));
    const QCommandLineOption productionOption(
        QStringList{QStringLiteral("production"), QStringLiteral("no-sandbox")},
        QStringLiteral("Production mode: the webhook providers below, no sandbox routes, platforms registered by "
                       "operators only."));
    const QCommandLineOption sandboxOnNetworkOption(
        QStringLiteral("sandbox-on-network"),
        QStringLiteral("Let sandbox mode listen on a non-loopback address. DANGEROUS: anyone who can reach it reads "
                       "every SMS code. Only for closed test networks."));
    const QCommandLineOption smsWebhookOption(
        QStringLiteral("sms-webhook"),
        QStringLiteral("Production: the SMS gateway endpoint that receives signed JSON {phone, purpose, code}."),
        QStringLiteral("URL"));
    const QCommandLineOption identityWebhookOption(
        QStringLiteral("identity-webhook"),
        QStringLiteral("Production: the identity endpoint for name/ID-number and liveness checks (signed JSON)."),
        QStringLiteral("URL"));
    const QCommandLineOption providerSecretOption(
        QStringLiteral("provider-secret-file"),
        QStringLiteral("Production: file holding the HMAC secret shared with the webhook endpoints (owner-only)."),
        QStringLiteral("FILE"));
    const QCommandLineOption masterKeyOption(
        QStringLiteral("master-key"),
        QStringLiteral("32-byte master key file that seals ID numbers and CA keys (default: the SQLite file's "
                       "name + .masterkey; in sandbox mode a missing file is created with 0600 permissions)."),
        QStringLiteral("FILE"));
    const QCommandLineOption publicUrlOption(
        QStringLiteral("public-url"),
        QStringLiteral("URL prefix written into certificates' CRL distribution points, e.g. https://ca.example.cn "
                       "(default: the listening address)."),
        QStringLiteral("URL"));
    const QCommandLineOption validPairsOption(
        QStringLiteral("valid-pairs-per-person"),
        QStringLiteral("Valid signing pairs one person may hold per CA institution (default 2; docs/server.md)."),
        QStringLiteral("N"));
    const QCommandLineOption pinCostOption(
        QStringLiteral("pin-cost"),
        QStringLiteral("The scrypt cost of new two-party PIN verifiers as logN,r,p (default 16,8,2; "
                       "docs/key-custody.md)."),
        QStringLiteral("LOGN,R,P"));
    const QCommandLineOption nameOption(QStringLiteral("name"), QStringLiteral("operator add: the operator's name."),
                                        QStringLiteral("NAME"));
    const QCommandLineOption roleOption(QStringLiteral("role"),
                                        QStringLiteral("operator add: admin, reviewer or auditor."),
                                        QStringLiteral("ROLE"));
    parser.addPositionalArgument(QStringLiteral("operator add"),
                                 QStringLiteral("Add an operator (password from stdin) and print its TOTP secret once, "
                                                "then exit."),
                                 QStringLiteral("[operator add]"));
    parser.addOptions({listenOption, dbOption, productionOption, sandboxOnNetworkOption, smsWebhookOption,
                       identityWebhookOption, providerSecretOption, masterKeyOption, publicUrlOption, nameOption,
                       roleOption, validPairsOption, pinCostOption});
    parser.process(app); // exits with status 1 on an unknown option, 0 after --help/--version
    const QStringList positional = parser.positionalArguments();
    const bool operatorAdd = positional == QStringList{QStringLiteral("operator"), QStringLiteral("add")};
    if (!positional.isEmpty() && !operatorAdd)
        return fail(QStringLiteral("unexpected argument \"%1\"; see --help.").arg(positional.first()));

    ServerConfig config;
    config.databaseUrl = parser.value(dbOption);
    config.sandbox = !parser.isSet(productionOption);
    config.sandboxOnNetwork = parser.isSet(sandboxOnNetworkOption);
    // Production never lets a platform aim the server's callbacks at its own network.
    config.privateCallbackTargets = config.sandbox;
    config.smsWebhookUrl = QUrl(parser.value(smsWebhookOption), QUrl::StrictMode);
    config.identityWebhookUrl = QUrl(parser.value(identityWebhookOption), QUrl::StrictMode);
    config.providerSecretPath = parser.value(providerSecretOption);
    config.masterKeyPath = parser.value(masterKeyOption);
    if (parser.isSet(publicUrlOption)) {
        config.publicUrl = QUrl(parser.value(publicUrlOption), QUrl::StrictMode);
        if (!config.publicUrl.isValid() || config.publicUrl.scheme().isEmpty() || config.publicUrl.host().isEmpty())
            return fail(QStringLiteral("--public-url expects an absolute URL, such as https://ca.example.cn."));
    }
    if (parser.isSet(validPairsOption)) {
        bool ok = false;
        config.activeSigningPairsPerPerson = parser.value(validPairsOption).toInt(&ok);
        if (!ok || config.activeSigningPairsPerPerson < 1)
            return fail(QStringLiteral("--valid-pairs-per-person expects a whole number of at least 1."));
    }
    if (parser.isSet(pinCostOption)) {
        const QStringList parts = parser.value(pinCostOption).split(u',');
        bool ok = parts.size() == 3;
        int values[3] = {};
        for (int i = 0; ok && i < 3; ++i)
            values[i] = parts[i].toInt(&ok);
        const twoparty::PinCost cost{values[0], values[1], values[2]};
        if (!ok || !twoparty::acceptablePinCost(cost))
            return fail(QStringLiteral("--pin-cost expects logN,r,p with 10 <= logN <= 20, r and p 1 to 16, and at "
                                       "most 256 MiB of memory."));
        config.cosignPinCost = cost;
    }
    if (operatorAdd)
        return addOperator(config, parser.value(nameOption), parser.value(roleOption));
    if (!parseListen(parser.value(listenOption), config.address, config.port))
        return fail(QStringLiteral("--listen expects ADDR:PORT, such as 127.0.0.1:8080."));

    if (!installTerminationHandlers())
        return fail(QStringLiteral("cannot install the SIGINT/SIGTERM handlers."));
    QSocketNotifier signalNotifier(g_signalSockets[1], QSocketNotifier::Read);
    QObject::connect(&signalNotifier, &QSocketNotifier::activated, &app, [] {
        char byte = 0;
        [[maybe_unused]] const auto read = ::read(g_signalSockets[1], &byte, 1);
        QCoreApplication::quit();
    });

    Server server(config);
    if (auto started = server.start(); !started)
        return fail(started.error().message);
    std::printf("Tongqian server listening on %s\n", qPrintable(server.baseUrl().toString()));
    std::fflush(stdout);

    const int status = QCoreApplication::exec();
    server.stop();
    std::printf("Tongqian server stopped.\n");
    return status;
}
