#include "core/common/errortext.h"

#include "core/validators/rules.h"

#include <QCoreApplication>

// Translation context for the sentences below.
class ErrorText {
    Q_DECLARE_TR_FUNCTIONS(ErrorText)
};

namespace tq {

namespace {

int minutesUp(int seconds)
{
    return qMax(1, (seconds + 59) / 60);
}

QString passwordRuleText(const QString &rule)
{
    if (rule == u"too_short")
        return ErrorText::tr("The password needs at least 8 characters.");
    if (rule == u"too_long")
        return ErrorText::tr("The password can have at most 16 characters.");
    if (rule == u"bad_character")
        return ErrorText::tr("Use only letters, digits and ASCII symbols in the password, without spaces.");
    if (rule == u"no_uppercase")
        return ErrorText::tr("Add an upper-case letter to the password.");
    if (rule == u"no_lowercase")
        return ErrorText::tr("Add a lower-case letter to the password.");
    if (rule == u"no_digit")
        return ErrorText::tr("Add a digit to the password.");
    return ErrorText::tr("The password must be 8–16 characters with upper-case, lower-case letters and digits.");
}
} // namespace

QString mobileNumberProblem(const QString &phone)
{
    return rules::isMobileNumber(phone) ? QString() : ErrorText::tr("Enter an 11-digit mainland mobile number.");
}

QString smsCodeProblem(const QString &code)
{
    return rules::isSmsCode(code) ? QString() : ErrorText::tr("Enter the 6-digit code from the SMS.");
}

QString passwordProblem(const QString &password)
{
    using I = rules::PasswordIssue;
    switch (rules::checkPassword(password)) {
    case I::None:
        return {};
    case I::TooShort:
        return passwordRuleText(QStringLiteral("too_short"));
    case I::TooLong:
        return passwordRuleText(QStringLiteral("too_long"));
    case I::BadCharacter:
        return passwordRuleText(QStringLiteral("bad_character"));
    case I::NoUppercase:
        return passwordRuleText(QStringLiteral("no_uppercase"));
    case I::NoLowercase:
        return passwordRuleText(QStringLiteral("no_lowercase"));
    case I::NoDigit:
        return passwordRuleText(QStringLiteral("no_digit"));
    }
    return {};
}

QString personNameProblem(const QString &name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.size() < 2 || trimmed.size() > 30)
        return ErrorText::tr("Enter your full name as it appears on your ID card.");
    for (QChar c : trimmed) {
        if (c.isDigit())
            return ErrorText::tr("A name cannot contain digits.");
    }
    return {};
}

QString idNumberProblem(const QString &idNumber)
{
    const QString upper = idNumber.trimmed().toUpper();
    if (upper.size() != 18)
        return ErrorText::tr("Enter the 18-character number of your resident ID card.");
    return rules::isMainlandIdNumber(upper)
        ? QString()
        : ErrorText::tr("This ID number is not valid. Check each digit and the last character.");
}

QString userMessage(const Error &e)
{
    const int retryAfter = e.details.value(QStringLiteral("retryAfter")).toInt();
    if (e.is(ErrorCode::InvalidPhone))
        return mobileNumberProblem(QString());
    if (e.is(ErrorCode::InvalidPassword))
        return passwordRuleText(e.details.value(QStringLiteral("rule")).toString());
    if (e.is(ErrorCode::InvalidSmsCode))
        return ErrorText::tr("The verification code is wrong or has expired. Check the SMS or request a new code.");
    if (e.is(ErrorCode::SmsTooSoon))
        return ErrorText::tr("A code was sent moments ago. You can request another in %n second(s).", nullptr, qMax(1, retryAfter));
    if (e.is(ErrorCode::SmsDailyLimit))
        return ErrorText::tr("This number has received too many codes today. Try again tomorrow.");
    if (e.is(ErrorCode::PhoneRegistered))
        return ErrorText::tr("This number already has an account. Log in, or reset the password if you forgot it.");
    if (e.is(ErrorCode::AccountNotFound))
        return ErrorText::tr("No account uses this number. Check the number or register first.");
    if (e.is(ErrorCode::InvalidCredentials)) {
        if (e.details.contains(QStringLiteral("attemptsLeft"))) {
            const int left = e.details.value(QStringLiteral("attemptsLeft")).toInt();
            return ErrorText::tr("Wrong number or password. %n attempt(s) left before password login is locked.", nullptr, left);
        }
        return ErrorText::tr("Wrong number or password. Check both, or log in with an SMS code.");
    }
    if (e.is(ErrorCode::AccountLocked))
        return ErrorText::tr("Password login is locked after too many wrong passwords. Try again in %n minute(s), "
                  "or log in with an SMS code.",
                  nullptr, minutesUp(retryAfter));
    if (e.is(ErrorCode::Unauthorized))
        return ErrorText::tr("Your session has ended. Please log in again.");
    if (e.is(ErrorCode::InvalidIdNumber))
        return ErrorText::tr("Enter the 18-character number on the resident ID card; check every digit and the last character.");
    if (e.is(ErrorCode::IdentityMismatch) && e.details.value(QStringLiteral("reason")).toString() == u"notAccountHolder")
        return ErrorText::tr("This is not the person this account was verified as. Enter your own name and ID number "
                             "exactly as on your ID card.");
    if (e.is(ErrorCode::IdentityMismatch))
        return ErrorText::tr("The name and ID number do not match. Check both exactly as on the ID card and try again.");
    if (e.is(ErrorCode::IdentityRequired))
        return ErrorText::tr("Complete real-name verification before applying for a certificate.");
    if (e.is(ErrorCode::InvalidCsr))
        return ErrorText::tr("The certificate request from this device was not accepted. Create a new key and try again.");
    if (e.is(ErrorCode::CertificateNotFound))
        return ErrorText::tr("This certificate no longer exists. Refresh the certificate list.");
    if (e.is(ErrorCode::CaNotFound))
        return ErrorText::tr("This certificate authority is not available. Choose another one.");
    if (e.is(ErrorCode::InvalidValidity))
        return ErrorText::tr("Choose a validity period between 1 day and 3 years.");
    if (e.is(ErrorCode::AlreadyRevoked))
        return ErrorText::tr("This certificate has already been revoked.");
    if (e.is(ErrorCode::InvalidQr))
        return ErrorText::tr("This QR code is not a Tongqian scan code. Scan the code the trading platform shows.");
    if (e.is(ErrorCode::TransactionNotFound))
        return ErrorText::tr("This scan request does not exist. Refresh the QR code on the trading platform and scan again.");
    if (e.is(ErrorCode::TicketUsed))
        return ErrorText::tr("This QR code has already been scanned. Refresh it on the trading platform and scan the new one.");
    if (e.is(ErrorCode::TicketExpired))
        return ErrorText::tr("This QR code has expired. Refresh it on the trading platform and scan again.");
    if (e.is(ErrorCode::WrongServer))
        return ErrorText::tr("This QR code belongs to another certificate service, not to the one your account uses. "
                             "Nothing was sent. Check that the page is the trading platform you meant to use.");
    if (e.is(ErrorCode::DocumentMismatch))
        return ErrorText::tr("The document offered for signing is not the one the trading platform announced. Nothing "
                             "was signed; contact the trading platform.");
    if (e.is(ErrorCode::NoUsableCertificate))
        return ErrorText::tr("None of your certificates on this device can answer this request. Apply for a "
                             "certificate, or use the device that holds the right one.");
    if (e.is(ErrorCode::TransactionClosed))
        return ErrorText::tr("This request has already been answered or cancelled.");
    if (e.is(ErrorCode::CertificateUnusable))
        return ErrorText::tr("This certificate cannot be used: it is revoked, expired or not yours. Choose another certificate.");
    if (e.is(ErrorCode::BindingMismatch) || e.is(ErrorCode::InvalidSignature))
        return ErrorText::tr("The signature does not match this request and was not accepted. Scan the QR code again.");
    if (e.is(ErrorCode::PlatformUnauthorized) || e.is(ErrorCode::PlatformExists))
        return ErrorText::tr("The trading platform is not registered correctly. Contact the trading platform.");
    if (e.is(ErrorCode::WrongPin) && e.details.contains(QStringLiteral("attemptsLeft")))
        return ErrorText::tr("The certificate PIN is wrong. %n attempt(s) left before the key is locked.", nullptr,
                             e.details.value(QStringLiteral("attemptsLeft")).toInt());
    if (e.is(ErrorCode::WrongPin))
        return ErrorText::tr("The certificate PIN is wrong. Check it and try again.");
    if (e.is(ErrorCode::PinLocked))
        return ErrorText::tr("This certificate's key is locked after too many wrong PINs. Verify your identity again "
                             "and set a new PIN.");
    if (e.is(ErrorCode::Replayed))
        return ErrorText::tr("This request was already used. Start again.");
    if (e.is(ErrorCode::RateLimited))
        return ErrorText::tr("Too many requests with this key. Try again later.");
    if (e.is(ErrorCode::InvalidPin))
        return ErrorText::tr("The certificate PIN must be 6 digits.");
    if (e.is(ErrorCode::KeyCorrupted))
        return ErrorText::tr("The key of this certificate is damaged on this device. Revoke the certificate and apply again.");
    if (e.is(ErrorCode::Crypto))
        return ErrorText::tr("A cryptographic operation failed on this device. Try again.");
    if (e.is(ErrorCode::Network))
        return ErrorText::tr("Cannot reach the server. Check the network connection and try again.");
    if (e.is(ErrorCode::BadResponse) || e.is(ErrorCode::Internal))
        return ErrorText::tr("The server had a problem. Try again in a moment.");
    if (e.is(ErrorCode::Storage))
        return ErrorText::tr("Could not save data on this device. Check free space and try again.");
    if (e.is(ErrorCode::PayloadTooLarge) || e.is(ErrorCode::InvalidRequest))
        return ErrorText::tr("The request was not accepted. Update the app and try again.");
    return ErrorText::tr("Something went wrong. Try again.");
}

} // namespace tq
