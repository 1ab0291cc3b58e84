#include "cli/errors.h"

#include "core/common/errortext.h"
#include "core/crypto/certificateerrors.h"

#include <QTextStream>

namespace tq::cli {

int usageError(const char *command, const char *message)
{
    QTextStream(stderr) << "tongqian-cli " << command << ": " << message << '\n';
    return ExitUsage;
}

QString errorSentence(const Error &error)
{
    const bool ownSentence = error.is(UsageErrorCode) || error.is(CliErrorCode) || error.is(CliPinErrorCode)
        || error.is(NotLoggedInErrorCode);
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

} // namespace tq::cli
