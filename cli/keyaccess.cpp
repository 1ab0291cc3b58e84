#include "cli/keyaccess.h"

#include "core/keys/localkeycustody.h"
#include "core/keys/systemsecretstore.h"
#ifdef TONGQIAN_HAVE_KEYCHAIN
#include "core/keys/keychainsecretstore.h"
#endif

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTextStream>
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

const QString PinStdin = QStringLiteral("pin-stdin");
const QString PinFile = QStringLiteral("pin-file");
const QString PinFd = QStringLiteral("pin-fd");
const QString DataDir = QStringLiteral("data-dir");

Error pinError(const QString &message)
{
    return Error(ErrorCode::InvalidPin, message);
}

// Byte by byte, so nothing after the first line is consumed from a shared stdin, and into a
// fixed buffer that is wiped, so the PIN never lands in a growing heap buffer.
Result<SecureBytes> readPinLine(int fd)
{
    termios saved{};
    const bool terminal = ::isatty(fd) && ::tcgetattr(fd, &saved) == 0;
    if (terminal) {
        termios silent = saved;
        silent.c_lflag &= ~tcflag_t(ECHO);
        std::fputs("PIN: ", stderr);
        std::fflush(stderr);
        ::tcsetattr(fd, TCSAFLUSH, &silent);
    }
    std::array<char, 128> buffer{};
    std::size_t size = 0;
    bool tooLong = false;
    for (;;) {
        char c = 0;
        const ssize_t n = ::read(fd, &c, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0 || c == '\n')
            break;
        if (size == buffer.size())
            tooLong = true;
        else
            buffer[size++] = c;
    }
    if (terminal) {
        ::tcsetattr(fd, TCSAFLUSH, &saved);
        std::fputs("\n", stderr);
    }
    if (size > 0 && buffer[size - 1] == '\r')
        --size;
    SecureBytes pin(buffer.data(), size);
    OPENSSL_cleanse(buffer.data(), buffer.size());
    if (tooLong)
        return pinError(QStringLiteral("The PIN is too long."));
    if (pin.isEmpty())
        return pinError(QStringLiteral("No PIN was given (it is read from the first line of stdin, "
                                       "--pin-file or --pin-fd)."));
    return pin;
}

// Where the app keeps its data: AppDataLocation under the app's own names, not the CLI's.
QString appDataDirectory()
{
    const QString organization = QCoreApplication::organizationName();
    const QString application = QCoreApplication::applicationName();
    QCoreApplication::setOrganizationName(QStringLiteral("Tongqian"));
    QCoreApplication::setApplicationName(QStringLiteral("Tongqian"));
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QCoreApplication::setOrganizationName(organization);
    QCoreApplication::setApplicationName(application);
    return dir;
}

} // namespace

void addKeyOptions(QCommandLineParser &parser, bool withPin)
{
    parser.addOption({DataDir, QStringLiteral("Key store directory (default: the app's data directory)."),
                      QStringLiteral("DIR")});
    if (!withPin)
        return;
    parser.addOption({PinStdin, QStringLiteral("Read the PIN from the first line of stdin (the default).")});
    parser.addOption({PinFile, QStringLiteral("Read the PIN from the first line of FILE."), QStringLiteral("FILE")});
    parser.addOption({PinFd, QStringLiteral("Read the PIN from the first line of file descriptor N."),
                      QStringLiteral("N")});
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

Result<SecureBytes> readPin(const QCommandLineParser &parser)
{
    const int sources = int(parser.isSet(PinStdin)) + int(parser.isSet(PinFile)) + int(parser.isSet(PinFd));
    if (sources > 1)
        return pinError(QStringLiteral("Give only one of --pin-stdin, --pin-file and --pin-fd."));
    if (parser.isSet(PinFile)) {
        const int fd = ::open(QFile::encodeName(parser.value(PinFile)).constData(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return pinError(QStringLiteral("Cannot open the PIN file %1.").arg(parser.value(PinFile)));
        auto pin = readPinLine(fd);
        ::close(fd);
        return pin;
    }
    if (parser.isSet(PinFd)) {
        bool ok = false;
        const int fd = parser.value(PinFd).toInt(&ok);
        if (!ok || fd < 0)
            return pinError(QStringLiteral("--pin-fd needs a file descriptor number."));
        return readPinLine(fd);
    }
    return readPinLine(STDIN_FILENO);
}

std::unique_ptr<KeyCustody> openCustody(const QCommandLineParser &parser)
{
    const QString dataDir = parser.isSet(DataDir) ? parser.value(DataDir) : appDataDirectory();
    std::unique_ptr<SecretStore> keychain;
#ifdef TONGQIAN_HAVE_KEYCHAIN
    keychain = std::make_unique<KeychainSecretStore>(QStringLiteral("Tongqian"));
#endif
    // Same layout as the app: the device secret store under "device", key files under "keys".
    auto secrets = std::make_shared<SystemSecretStore>(QDir(dataDir).filePath(QStringLiteral("device")),
                                                       std::move(keychain));
    LocalKeyCustody::Options options;
    options.directory = QDir(dataDir).filePath(QStringLiteral("keys"));
    return std::make_unique<LocalKeyCustody>(std::move(options), std::move(secrets));
}

Result<PinAndCustody> openWithPin(const QCommandLineParser &parser)
{
    auto pin = readPin(parser);
    if (!pin)
        return pin.error();
    return PinAndCustody{std::move(pin).value(), openCustody(parser)};
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
    return exitCode;
}

int usageError(const char *command, const char *message)
{
    QTextStream(stderr) << "tongqian-cli " << command << ": " << message << '\n';
    return ExitUsage;
}

int reportError(const char *command, const Error &error)
{
    QTextStream(stderr) << "tongqian-cli " << command << ": " << error.message << '\n';
    return error.is(ErrorCode::WrongPin) || error.is(ErrorCode::InvalidPin) ? ExitPin : ExitFailure;
}

void findKey(KeyCustody &custody, const QString &id, std::function<void(Result<KeyInfo>)> handler)
{
    whenFinished(custody.keys(), [id, handler = std::move(handler)](const Result<QList<KeyInfo>> &keys) {
        if (!keys)
            return handler(keys.error());
        for (const KeyInfo &key : keys.value())
            if (key.id == id)
                return handler(key);
        handler(Error(ErrorCode::NotFound, QStringLiteral("There is no key %1 (see 'tongqian-cli key list').").arg(id)));
    });
}

Result<QByteArray> readInputFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(ErrorCode::Storage, QStringLiteral("Cannot read %1: %2.").arg(path, file.errorString()));
    return file.readAll();
}

Result<void> writeOutputFile(const QString &path, const QByteArray &data)
{
    if (path.isEmpty() || path == u"-") {
        if (std::fwrite(data.constData(), 1, std::size_t(data.size()), stdout) != std::size_t(data.size()))
            return Error(ErrorCode::Storage, QStringLiteral("Cannot write to stdout."));
        return {};
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit())
        return Error(ErrorCode::Storage, QStringLiteral("Cannot write %1: %2.").arg(path, file.errorString()));
    return {};
}

Result<Certificate> readCertificateFile(const QString &path)
{
    auto bytes = readInputFile(path);
    if (!bytes)
        return bytes.error();
    auto cert = Certificate::parse(bytes.value());
    if (!cert)
        return Error(ErrorCode::Crypto, QStringLiteral("%1 is not a certificate.").arg(path));
    return cert;
}

} // namespace tq::cli
