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
