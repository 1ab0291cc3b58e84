#include "core/validators/rules.h"

namespace tq::rules {

bool isAllDigits(const QString &text)
{
    for (QChar c : text) {
        if (c < u'0' || c > u'9')
            return false;
    }
    return true;
}

bool isMobileNumber(const QString &text)
{
    return text.size() == 11 && text.at(0) == u'1' && text.at(1) >= u'3' && text.at(1) <= u'9' && isAllDigits(text);
}

bool isSmsCode(const QString &text)
{
    return text.size() == SmsCodeLength && isAllDigits(text);
}

PasswordIssue checkPassword(const QString &password)
{
    if (password.size() < PasswordMinLength)
        return PasswordIssue::TooShort;
    if (password.size() > PasswordMaxLength)
        return PasswordIssue::TooLong;
    bool upper = false, lower = false, digit = false;
    for (QChar c : password) {
        if (c < u'!' || c > u'~')
            return PasswordIssue::BadCharacter;
        upper |= (c >= u'A' && c <= u'Z');
        lower |= (c >= u'a' && c <= u'z');
        digit |= (c >= u'0' && c <= u'9');
    }
    if (!upper)
        return PasswordIssue::NoUppercase;
    if (!lower)
        return PasswordIssue::NoLowercase;
    if (!digit)
        return PasswordIssue::NoDigit;
    return PasswordIssue::None;
}

} // namespace tq::rules
