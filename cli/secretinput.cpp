#include "cli/secretinput.h"

#include <QFile>

#include <openssl/crypto.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

namespace tq::cli {

namespace {

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

} // namespace tq::cli
