#include "core/validators/rules.h"

#include <QDate>

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

bool isPlatformCode(const QString &text)
{
    return text.size() == 11 && text.at(0) >= u'A' && text.at(0) <= u'Z' && isAllDigits(text.mid(1));
}

bool isMainlandIdNumber(const QString &text)
{
    static constexpr int Weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static constexpr char CheckCharacters[] = "10X98765432";
    if (text.size() != 18 || !isAllDigits(text.left(17)))
        return false;
    const QDate birth = QDate::fromString(text.mid(6, 8), QStringLiteral("yyyyMMdd"));
    if (!birth.isValid() || birth.year() < 1900)
        return false;
    int sum = 0;
    for (int i = 0; i < 17; ++i)
        sum += (text.at(i).unicode() - u'0') * Weights[i];
    return text.at(17).toUpper() == QLatin1Char(CheckCharacters[sum % 11]);
}

QString normalizedPersonName(const QString &name)
{
    QString normal = name.trimmed().normalized(QString::NormalizationForm_C);
    for (QChar &c : normal) {
        switch (c.unicode()) {
        case 0x2022:
        case 0x2027:
        case 0x2219:
        case 0x22C5:
        case 0x30FB:
        case 0xFF0E:
        case 0xFF65:
            c = QChar(0x00B7);
            break;
        default:
            break;
        }
    }
    return normal;
}

PersonNameIssue checkPersonName(const QString &name)
{
    int length = 0;
    bool digit = false;
    for (qsizetype i = 0; i < name.size(); ++i, ++length) {
        char32_t code = name.at(i).unicode();
        // A lone surrogate is no character at all; QChar::category() would call it Cs anyway,
        // but a valid pair must be read as the one code point it encodes.
        if (QChar::isHighSurrogate(code) && i + 1 < name.size() && name.at(i + 1).isLowSurrogate()) {
            code = QChar::surrogateToUcs4(name.at(i), name.at(i + 1));
            ++i;
        }
        switch (QChar::category(code)) {
        case QChar::Other_Control:
        case QChar::Other_Format:
        case QChar::Other_Surrogate:
        case QChar::Other_PrivateUse:
        case QChar::Other_NotAssigned:
        case QChar::Separator_Line:
        case QChar::Separator_Paragraph:
            return PersonNameIssue::BadCharacter;
        case QChar::Number_DecimalDigit:
            digit = true;
            break;
        default:
            break;
        }
    }
    if (length < PersonNameMinLength || length > PersonNameMaxLength)
        return PersonNameIssue::Length;
    return digit ? PersonNameIssue::Digit : PersonNameIssue::None;
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
