#include "cli/errors.h"

#include "core/common/errortext.h"

#include <QTextStream>

namespace tq::cli {

namespace {

// Errors raised on this device (custody, files, the CLI itself) carry a precise sentence; the
// server's and the network's are told as the app tells them.
QString sentence(const Error &error)
{
    for (const char *local : {ErrorCode::Storage, ErrorCode::WrongPin, ErrorCode::InvalidPin, ErrorCode::NotFound,
                              ErrorCode::KeyCorrupted, ErrorCode::Crypto}) {
        if (error.is(local) && !error.message.isEmpty())
            return error.message;
    }
    const QString text = userMessage(error);
    return text == userMessage(Error()) && !error.message.isEmpty() ? error.message : text;
}

} // namespace

int usageError(const char *command, const char *message)
{
    QTextStream(stderr) << "tongqian-cli " << command << ": " << message << '\n';
    return ExitUsage;
}

int reportError(const char *command, const Error &error)
{
    QTextStream(stderr) << "tongqian-cli " << command << ": " << sentence(error) << '\n';
    if (error.is(UsageErrorCode))
        return ExitUsage;
    return error.is(ErrorCode::WrongPin) || error.is(ErrorCode::InvalidPin) || error.is(ErrorCode::PinLocked)
        ? ExitPin
        : ExitFailure;
}

} // namespace tq::cli
