#pragma once

#include <QString>

namespace tq::rules {

// Input rules shared by the app's validators and the server's request checks,
// so both sides accept exactly the same inputs.

/// True if every character is an ASCII digit (true for the empty string).
bool isAllDigits(const QString &text);
/// Mainland mobile number: 11 digits, starting 13–19.
bool isMobileNumber(const QString &text);
/// Six decimal digits.
bool isSmsCode(const QString &text);
/// Trading-platform code (系统标识码): one upper-case ASCII letter and 10 digits, e.g. C1100005553.
bool isPlatformCode(const QString &text);
/// Mainland resident ID number (GB 11643-1999): 17 digits whose birth date (digits 7–14) is a
/// real date, then the ISO 7064 MOD 11-2 check character (0–9 or X; a lower-case x is accepted).
bool isMainlandIdNumber(const QString &text);

/// A person's name as it is checked, stored, compared and written into certificate subjects:
/// trimmed, Unicode NFC, and each look-alike of the middle dot of minority names (U+2022 bullet,
/// U+2027 hyphenation point, U+2219 bullet operator, U+22C5 dot operator, U+30FB katakana middle
/// dot, U+FF0E fullwidth full stop, U+FF65 halfwidth katakana middle dot) replaced by U+00B7,
/// so that one person's name has one form whatever the input method typed.
QString normalizedPersonName(const QString &name);

enum class PersonNameIssue {
    None,
    Length,       ///< fewer than 2 or more than 30 characters (code points)
    Digit,        ///< a decimal digit
    BadCharacter, ///< a control, format, private-use, surrogate or unassigned code point, or a
                  ///< line or paragraph separator (NUL, right-to-left override, zero-width space…)
};
/// The first rule a name breaks, checked on the normalised form (normalizedPersonName()).
PersonNameIssue checkPersonName(const QString &name);
inline constexpr int PersonNameMinLength = 2;
inline constexpr int PersonNameMaxLength = 30;

enum class PasswordIssue {
    None,
    TooShort,      ///< fewer than 8 characters
    TooLong,       ///< more than 16 characters
    BadCharacter,  ///< outside printable ASCII (no spaces, no CJK)
    NoUppercase,
    NoLowercase,
    NoDigit,
};
/// The first rule `password` breaks, or None: 8–16 printable ASCII characters with at least
/// one upper-case letter, one lower-case letter and one digit.
PasswordIssue checkPassword(const QString &password);

inline constexpr int SmsCodeLength = 6;
/// A certificate PIN as key custody asks for it by default (PinPolicy): this many ASCII digits.
inline constexpr int PinLength = 6;
inline constexpr int PasswordMinLength = 8;
inline constexpr int PasswordMaxLength = 16;

} // namespace tq::rules
