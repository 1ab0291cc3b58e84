#include "cli/keyaccess.h"

#include "core/common/errortext.h"
#include "core/crypto/certificateerrors.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcessEnvironment>
#include <QSaveFile>
#include <QTextStream>
#include <QThreadPool>
#include <QTimer>

#include <openssl/crypto.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

namespace tq::cli {

namespace {

const QString DataDir = QStringLiteral("data-dir");
const QString ServerOption = QStringLiteral("server");
const QString ServerVariable = QStringLiteral("TONGQIAN_SERVER");

QString optionName(const SecretKind &kind, const char *suffix)
{
    return QLatin1String(kind.option) + QLatin1Char('-') + QLatin1String(suffix);
}

QString capitalised(const char *name)
{
    QString text = QString::fromLatin1(name);
    text[0] = text[0].toUpper();
    return text;
}

// Byte by byte, so nothing after the first line is consumed from a shared stdin (the next
// secret may follow), and into a fixed buffer the caller wipes, so a secret never lands in a
// growing heap buffer. False when the line did not fit (the rest of it is skipped).
bool readLine(int fd, char *buffer, std::size_t capacity, std::size_t &size)
{
    bool fits = true;
    for (;;) {
        char c = 0;
        const ssize_t n = ::read(fd, &c, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0 || c == '\n')
            return fits;
        if (size == capacity)
            fits = false;
        else
            buffer[size++] = c;
    }
}

Result<SecureBytes> readSecretLine(int fd, const SecretKind &kind, const QString &prompt)
{
    termios saved{};
    const bool terminal = ::isatty(fd) && ::tcgetattr(fd, &saved) == 0;
    if (terminal) {
        termios silent = saved;
        silent.c_lflag &= ~tcflag_t(ECHO);
        std::fputs(prompt.toLocal8Bit().constData(), stderr);
        std::fflush(stderr);
        ::tcsetattr(fd, TCSAFLUSH, &silent);
    }
    std::array<char, 128> buffer{};
    std::size_t size = 0;
    const bool tooLong = !readLine(fd, buffer.data(), buffer.size(), size);
    if (terminal) {
        ::tcsetattr(fd, TCSAFLUSH, &saved);
        std::fputs("\n", stderr);
    }
    if (size > 0 && buffer[size - 1] == '\r')
        --size;
    SecureBytes secret(buffer.data(), size);
    OPENSSL_cleanse(buffer.data(), buffer.size());
    const QString name = QString::fromLatin1(kind.name);
    if (tooLong)
        return Error(kind.errorCode, QStringLiteral("The %1 is too long.").arg(name));
    if (secret.isEmpty())
        return Error(kind.errorCode, QStringLiteral("No %1 was given (it is read from the first line of stdin, "
                                                    "--%2 or --%3).")
                                         .arg(name, optionName(kind, "file"), optionName(kind, "fd")));
    return secret;
}

Result<SecureBytes> readSecretFrom(int fd, const SecretKind &kind, Repeat repeat)
{
    auto secret = readSecretLine(fd, kind, capitalised(kind.name) + QStringLiteral(": "));
    if (!secret || repeat == Repeat::Once || !::isatty(fd))
        return secret;
    auto again = readSecretLine(fd, kind, QStringLiteral("Repeat the %1: ").arg(QLatin1String(kind.name)));
    if (!again)
        return again;
    if (!secret.value().equals(again.value()))
        return Error(kind.errorCode, QStringLiteral("The two %1s differ.").arg(QLatin1String(kind.name)));
    return secret;
}

} // namespace

void addSecretOptions(QCommandLineParser &parser, const SecretKind &kind)
{
    const QString name = QString::fromLatin1(kind.name);
    parser.addOption({optionName(kind, "stdin"),
                      QStringLiteral("Read the %1 from the first line of stdin (the default).").arg(name)});
    parser.addOption({optionName(kind, "file"), QStringLiteral("Read the %1 from the first line of FILE.").arg(name),
                      QStringLiteral("FILE")});
    parser.addOption({optionName(kind, "fd"),
                      QStringLiteral("Read the %1 from the first line of file descriptor N.").arg(name),
                      QStringLiteral("N")});
}

Result<SecureBytes> readSecret(const QCommandLineParser &parser, const SecretKind &kind, Repeat repeat)
{
    const QString stdinOption = optionName(kind, "stdin");
    const QString fileOption = optionName(kind, "file");
    const QString fdOption = optionName(kind, "fd");
    const int sources = int(parser.isSet(stdinOption)) + int(parser.isSet(fileOption)) + int(parser.isSet(fdOption));
    if (sources > 1)
        return Error(kind.errorCode,
                     QStringLiteral("Give only one of --%1, --%2 and --%3.").arg(stdinOption, fileOption, fdOption));
    if (parser.isSet(fileOption)) {
        const int fd = ::open(QFile::encodeName(parser.value(fileOption)).constData(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return Error(kind.errorCode, QStringLiteral("Cannot open the %1 file %2.")
                                             .arg(QLatin1String(kind.name), parser.value(fileOption)));
        auto secret = readSecretFrom(fd, kind, repeat);
        ::close(fd);
        return secret;
    }
    if (parser.isSet(fdOption)) {
        bool ok = false;
        const int fd = parser.value(fdOption).toInt(&ok);
        if (!ok || fd < 0)
            return Error(kind.errorCode, QStringLiteral("--%1 needs a file descriptor number.").arg(fdOption));
        return readSecretFrom(fd, kind, repeat);
    }
    return readSecretFrom(STDIN_FILENO, kind, repeat);
}

Result<SecureBytes> readPin(const QCommandLineParser &parser, Repeat repeat)
{
    return readSecret(parser, PinSecret, repeat);
}

bool askYesNo(const QString &question)
{
    std::fputs((question + QStringLiteral(" [y/N] ")).toLocal8Bit().constData(), stderr);
    std::fflush(stderr);
    std::array<char, 16> buffer{};
    std::size_t size = 0;
    readLine(STDIN_FILENO, buffer.data(), buffer.size(), size);
    const QByteArray answer = QByteArray(buffer.data(), qsizetype(size)).trimmed().toLower();
    return answer == "y" || answer == "yes";
}

bool secretFromTerminal(const QCommandLineParser &parser, const SecretKind &kind)
{
    if (parser.isSet(optionName(kind, "file")))
        return false;
    const QString fdOption = optionName(kind, "fd");
    return ::isatty(parser.isSet(fdOption) ? parser.value(fdOption).toInt() : STDIN_FILENO) == 1;
}

std::optional<KeyAlgorithm> algorithmFromOption(const QString &name)
{
    if (name == u"p256")
        return KeyAlgorithm::EcdsaP256;
    if (name == u"rsa2048")
        return KeyAlgorithm::Rsa2048;
    return keyAlgorithmFromName(name);
}

std::optional<CustodyKind> custodyFromOption(const QString &name)
{
    if (name == u"two-party")
        return CustodyKind::TwoParty;
    if (name == u"local")
        return CustodyKind::Local;
    return std::nullopt;
}

QCommandLineOption custodyOption(const char *fallback)
{
    return QCommandLineOption(
        QStringLiteral("custody"),
        QStringLiteral("two-party (the key split with the server, which limits PIN guesses) or local (the whole key "
                       "on this device, usable offline, weaker). Default: %1.")
            .arg(QLatin1String(fallback)),
        QStringLiteral("KIND"), QLatin1String(fallback));
}

void addKeyOptions(QCommandLineParser &parser, bool withPin)
{
    parser.addOption({DataDir, QStringLiteral("Data directory (default: the app's data directory)."),
                      QStringLiteral("DIR")});
    if (withPin)
        addSecretOptions(parser, PinSecret);
}

void addServerOption(QCommandLineParser &parser)
{
    parser.addOption({ServerOption, QStringLiteral("The Tongqian server (default: $TONGQIAN_SERVER)."),
                      QStringLiteral("URL")});
}

int runAction(const char *command, std::initializer_list<Action> actions, const QStringList &arguments)
{
    const QString name = arguments.value(0);
    for (const Action &action : actions) {
        if (name == QLatin1String(action.name))
            return action.run(arguments.mid(1));
    }
    const bool help = name == u"--help" || name == u"-h";
    QTextStream out(help ? stdout : stderr);
    QStringList names;
    for (const Action &action : actions)
        names << QLatin1String(action.name);
    out << "Usage: tongqian-cli " << command << ' ' << names.join(u'|') << " [OPTIONS]\n";
    for (const Action &action : actions)
        out << "  " << action.synopsis << '\n';
    out << "Run 'tongqian-cli " << command << " ACTION --help' for an action's options.\n";
    return help ? ExitOk : ExitUsage;
}

int parseArguments(QCommandLineParser &parser, const char *command, const QStringList &arguments)
{
    parser.addHelpOption();
    QTextStream err(stderr);
    const QString name = QStringLiteral("tongqian-cli ") + QLatin1String(command);
    // QCommandLineParser expects the program name first.
    if (!parser.parse(QStringList{name} + arguments)) {
        err << name << ": " << parser.errorText() << '\n';
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return ExitOk;
    }
    return -1;
}

Result<std::unique_ptr<DeviceProfile>> openProfile(const QCommandLineParser &parser, Server server)
{
    DeviceProfile::Options options;
    options.dataDir = parser.isSet(DataDir) ? parser.value(DataDir) : QString();
    const QString url = parser.optionNames().contains(ServerOption) && parser.isSet(ServerOption)
        ? parser.value(ServerOption)
        : QProcessEnvironment::systemEnvironment().value(ServerVariable);
    if (!url.isEmpty()) {
        options.serverUrl = QUrl(url, QUrl::StrictMode);
        const QString scheme = options.serverUrl.scheme();
        if (!options.serverUrl.isValid() || options.serverUrl.host().isEmpty()
            || (scheme != u"http" && scheme != u"https"))
            return Error(UsageErrorCode, QStringLiteral("%1 is not an http(s) server URL.").arg(url));
    } else if (server == Server::Needed) {
        return Error(UsageErrorCode, QStringLiteral("No server: give --server URL or set TONGQIAN_SERVER."));
    }
    return std::make_unique<DeviceProfile>(std::move(options));
}

Result<PinAndProfile> openWithPin(const QCommandLineParser &parser, Server server, Repeat repeat)
{
    auto profile = openProfile(parser, server);
    if (!profile)
        return profile.error();
    auto pin = readPin(parser, repeat);
    if (!pin)
        return pin.error();
    return PinAndProfile{std::move(pin).value(), std::move(profile).value()};
}

int runEventLoop(const std::function<void(std::function<void(int)> finish)> &start)
{
    int exitCode = ExitFailure;
    // Started from inside exec(), so finish() always has a running loop to end.
    QTimer::singleShot(0, QCoreApplication::instance(), [&] {
        start([&exitCode](int code) {
            exitCode = code;
            QCoreApplication::exit(code);
        });
    });
    QCoreApplication::exec();
    // Clean-up the core started on its workers (e.g. a failed application's keys) must end.
    QThreadPool::globalInstance()->waitForDone();
    return exitCode;
}

void whenDone(Job *job, std::function<void(const Result<void> &)> handler)
{
    // Some jobs fail before they are returned (nothing to do); their finished() has been sent.
    if (job->isFinished()) {
        const Error error = job->error();
        QTimer::singleShot(0, QCoreApplication::instance(), [error, handler = std::move(handler)] {
            handler(error.isNull() ? Result<void>() : Result<void>(error));
        });
        return;
    }
    QObject::connect(job, &Job::finished, job, [handler = std::move(handler)](Job *done) {
        handler(done->hasError() ? Result<void>(done->error()) : Result<void>());
    });
    job->start();
}

void whenLoggedIn(DeviceProfile &profile, std::function<void(const Result<void> &)> handler)
{
    AccountSession *session = profile.session();
    whenDone(session->restore(), [session, handler = std::move(handler)](const Result<void> &restored) {
        if (!restored)
            return handler(restored);
        if (!session->isLoggedIn())
            return handler(Error(CliErrorCode, QStringLiteral("Not logged in on this device. Log in first with "
                                                                 "'tongqian-cli account login --phone PHONE'.")));
        handler({});
    });
}

int usageError(const char *command, const char *message)
{
    QTextStream(stderr) << "tongqian-cli " << command << ": " << message << '\n';
    return ExitUsage;
}

QString errorSentence(const Error &error)
{
    const bool ownSentence = error.is(UsageErrorCode) || error.is(CliErrorCode) || error.is(CliPinErrorCode);
    return ownSentence ? error.message : userMessage(error);
}

int reportError(const char *command, const Error &error)
{
    QTextStream(stderr) << "tongqian-cli " << command << ": " << errorSentence(error) << '\n';
    if (error.is(UsageErrorCode))
        return ExitUsage;
    return error.is(CertificateError::WrongPin) || error.is(CertificateError::InvalidPin)
            || error.is(CertificateError::PinLocked) || error.is(CliPinErrorCode)
        ? ExitPin
        : ExitFailure;
}

void whenKeyUsable(DeviceProfile &profile, const QString &keyId, std::function<void(const Result<void> &)> handler)
{
    if (DeviceKeyCustody::kindOf(keyId) == CustodyKind::Local)
        return handler({});
    // A two-party key works together with the server, as the logged-in account.
    const QUrl server = profile.api()->baseUrl();
    if (!server.isValid() || server.host().isEmpty())
        return handler(Error(UsageErrorCode, QStringLiteral("Key %1 is a two-party key and works only with the "
                                                            "server: give --server URL or set TONGQIAN_SERVER.")
                                                 .arg(keyId)));
    whenLoggedIn(profile, std::move(handler));
}

void findKey(DeviceProfile &profile, const QString &id, std::function<void(Result<KeyInfo>)> handler)
{
    whenKeyUsable(profile, id, [&profile, id, handler](const Result<void> &usable) {
        if (!usable)
            return handler(usable.error());
        whenFinished(profile.custody()->keys(), [id, handler](const Result<QList<KeyInfo>> &keys) {
            if (!keys)
                return handler(keys.error());
            for (const KeyInfo &key : keys.value())
                if (key.id == id)
                    return handler(key);
            handler(Error(CliErrorCode, QStringLiteral("There is no key %1 (see 'tongqian-cli key list').").arg(id)));
        });
    });
}

QString certificateLine(const CertificateRecord &record, const QDateTime &now)
{
    return QStringList{record.id, record.usage, record.statusAt(now), record.serial,
                       record.notAfter.toUTC().toString(Qt::ISODate), record.subject}
        .join(u' ');
}

PersonOptions addPersonOptions(QCommandLineParser &parser, const QString &whose)
{
    PersonOptions options{
        QCommandLineOption(QStringLiteral("name"), QStringLiteral("Full name ") + whose + u'.', QStringLiteral("NAME")),
        QCommandLineOption(QStringLiteral("id-number"), QStringLiteral("The 18-character ID number ") + whose + u'.',
                           QStringLiteral("NUMBER"))};
    parser.addOptions({options.name, options.idNumber});
    return options;
}

Result<IdentityProof> personFromOptions(const QCommandLineParser &parser, const PersonOptions &options)
{
    if (!parser.isSet(options.name) || !parser.isSet(options.idNumber))
        return Error(UsageErrorCode, QStringLiteral("--name and --id-number are required"));
    IdentityProof person{parser.value(options.name).trimmed(), parser.value(options.idNumber).trimmed(), {}};
    for (const QString &problem : {personNameProblem(person.name), idNumberProblem(person.idNumber)}) {
        if (!problem.isEmpty())
            return Error(UsageErrorCode, problem);
    }
    return person;
}

Result<CertificateRecord> installedCertificate(const DeviceProfile &profile, const QString &id)
{
    if (auto record = profile.certificates()->find(id))
        return *record;
    return Error(CliErrorCode,
                 QStringLiteral("There is no certificate %1 on this device (see 'tongqian-cli cert list --all').").arg(id));
}

Result<QByteArray> readInputFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(CliErrorCode, QStringLiteral("Cannot read %1: %2.").arg(path, file.errorString()));
    return file.readAll();
}

Result<void> writeOutputFile(const QString &path, const QByteArray &data)
{
    if (path.isEmpty() || path == u"-") {
        if (std::fwrite(data.constData(), 1, std::size_t(data.size()), stdout) != std::size_t(data.size()))
            return Error(CliErrorCode, QStringLiteral("Cannot write to stdout."));
        return {};
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit())
        return Error(CliErrorCode, QStringLiteral("Cannot write %1: %2.").arg(path, file.errorString()));
    return {};
}

Result<Certificate> readCertificateFile(const QString &path)
{
    auto bytes = readInputFile(path);
    if (!bytes)
        return bytes.error();
    auto cert = Certificate::parse(bytes.value());
    if (!cert)
        return Error(CliErrorCode, QStringLiteral("%1 is not a certificate.").arg(path));
    return cert;
}

} // namespace tq::cli
