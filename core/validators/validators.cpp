#include "core/validators/validators.h"

#include "core/validators/rules.h"

namespace tq {

QValidator::State MobileNumberValidator::validate(QString &input, int &) const
{
    if (rules::isMobileNumber(input))
        return Acceptable;
    if (input.size() > 11 || !rules::isAllDigits(input))
        return Invalid;
    if (!input.isEmpty() && input.at(0) != u'1')
        return Invalid;
    if (input.size() >= 2 && (input.at(1) < u'3' || input.at(1) > u'9'))
        return Invalid;
    return Intermediate;
}

QValidator::State SmsCodeValidator::validate(QString &input, int &) const
{
    if (rules::isSmsCode(input))
        return Acceptable;
    return (input.size() < rules::SmsCodeLength && rules::isAllDigits(input)) ? Intermediate : Invalid;
}

QValidator::State PasswordValidator::validate(QString &input, int &) const
{
    switch (rules::checkPassword(input)) {
    case rules::PasswordIssue::None:
        return Acceptable;
    case rules::PasswordIssue::TooLong:
    case rules::PasswordIssue::BadCharacter:
        return Invalid;
    default:
        return Intermediate;
    }
}

QValidator::State IdNumberValidator::validate(QString &input, int &) const
{
    input = input.toUpper(); // the check character is typed as x as often as X
    if (rules::isMainlandIdNumber(input))
        return Acceptable;
    if (input.size() > 18)
        return Invalid;
    const QString body = input.size() == 18 ? input.left(17) : input;
    if (!rules::isAllDigits(body))
        return Invalid;
    // 18 characters that fail the check stay editable so the user can correct a digit.
    return Intermediate;
}

QValidator::State PinValidator::validate(QString &input, int &) const
{
    if (input.size() > rules::PinLength || !rules::isAllDigits(input))
        return Invalid;
    return input.size() == rules::PinLength ? Acceptable : Intermediate;
}

} // namespace tq
