#include "core/validators/validationerrors.h"

#include "core/validators/rules.h"

#include <QCoreApplication>

// Translation context of the sentences below.
class ValidationErrorText {
    Q_DECLARE_TR_FUNCTIONS(ValidationErrorText)
};

namespace tq {

namespace {

// `rule` is the server's details.rule of invalid_password, the same words as rules::PasswordIssue.
QString passwordRuleText(const QString &rule)
{
    if (rule == u"too_short")
        return ValidationErrorText::tr("The password needs at least 8 characters.");
    if (rule == u"too_long")
        return ValidationErrorText::tr("The password can have at most 16 characters.");
    if (rule == u"bad_character")
        return ValidationErrorText::tr("Use only letters, digits and ASCII symbols in the password, without spaces.");
    if (rule == u"no_uppercase")
        return ValidationErrorText::tr("Add an upper-case letter to the password.");
    if (rule == u"no_lowercase")
        return ValidationErrorText::tr("Add a lower-case letter to the password.");
    if (rule == u"no_digit")
        return ValidationErrorText::tr("Add a digit to the password.");
    return ValidationErrorText::tr(
        "The password must be 8–16 characters with upper-case, lower-case letters and digits.");
}

} // namespace

QString mobileNumberProblem(const QString &phone)
{
    return rules::isMobileNumber(phone) ? QString()
                                        : ValidationErrorText::tr("Enter an 11-digit mainland mobile number.");
}

QString smsCodeProblem(const QString &code)
{
    return rules::isSmsCode(code) ? QString() : ValidationErrorText::tr("Enter the 6-digit code from the SMS.");
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
    using I = rules::PersonNameIssue;
    switch (rules::checkPersonName(rules::normalizedPersonName(name))) {
    case I::None:
        return {};
    case I::Length:
        return ValidationErrorText::tr("Enter your full name as it appears on your ID card.");
    case I::Digit:
        return ValidationErrorText::tr("A name cannot contain digits.");
    case I::BadCharacter:
        return ValidationErrorText::tr("The name contains an invisible or control character. Type it again as it "
                                       "appears on your ID card.");
    }
    return {};
}

QString idNumberProblem(const QString &idNumber)
{
    const QString upper = idNumber.trimmed().toUpper();
    if (upper.size() != 18)
        return ValidationErrorText::tr("Enter the 18-character number of your resident ID card.");
    return rules::isMainlandIdNumber(upper)
        ? QString()
        : ValidationErrorText::tr("This ID number is not valid. Check each digit and the last character.");
}

const ErrorDomain &validationErrors()
{
    static constexpr ErrorDomain::Entry entries[] = {
        {ValidationError::InvalidPhone, [](const Error &) { return mobileNumberProblem(QString()); }},
        {ValidationError::InvalidPassword,
         [](const Error &e) { return passwordRuleText(e.details.value(QStringLiteral("rule")).toString()); }},
        {ValidationError::InvalidIdNumber,
         [](const Error &) {
             return ValidationErrorText::tr("Enter the 18-character number on the resident ID card; check every "
                                            "digit and the last character.");
         }},
        {ValidationError::InvalidPurpose,
         [](const Error &) {
             return ValidationErrorText::tr("The app asked for an SMS code the server does not offer. Update the "
                                            "app and try again.");
         }},
    };
    static constexpr ErrorDomain domain{"validation", entries};
    return domain;
}

} // namespace tq
