#include "core/protocol/accounterrors.h"

#include <QCoreApplication>

// Translation context of the sentences below.
class AccountErrorText {
    Q_DECLARE_TR_FUNCTIONS(AccountErrorText)
};

namespace tq {

namespace {
int detail(const Error &e, const char *key)
{
    return e.details.value(QLatin1String(key)).toInt();
}
} // namespace

const ErrorDomain &accountErrors()
{
    static constexpr ErrorDomain::Entry entries[] = {
        {AccountError::InvalidSmsCode,
         [](const Error &) {
             return AccountErrorText::tr(
                 "The verification code is wrong or has expired. Check the SMS or request a new code.");
         }},
        {AccountError::SmsTooSoon,
         [](const Error &e) {
             return AccountErrorText::tr("A code was sent moments ago. You can request another in %n second(s).",
                                         nullptr, qMax(1, detail(e, "retryAfter")));
         }},
        {AccountError::SmsDailyLimit,
         [](const Error &) {
             return AccountErrorText::tr("This number has received too many codes today. Try again tomorrow.");
         }},
        {AccountError::PhoneRegistered,
         [](const Error &) {
             return AccountErrorText::tr(
                 "This number already has an account. Log in, or reset the password if you forgot it.");
         }},
        {AccountError::AccountNotFound,
         [](const Error &) {
             return AccountErrorText::tr("No account uses this number. Check the number or register first.");
         }},
        {AccountError::InvalidCredentials,
         [](const Error &e) {
             if (e.details.contains(QStringLiteral("attemptsLeft")))
                 return AccountErrorText::tr(
                     "Wrong number or password. %n attempt(s) left before password login is locked.", nullptr,
                     detail(e, "attemptsLeft"));
             return AccountErrorText::tr("Wrong number or password. Check both, or log in with an SMS code.");
         }},
        {AccountError::AccountLocked,
         [](const Error &e) {
             const int minutes = qMax(1, (detail(e, "retryAfter") + 59) / 60);
             return AccountErrorText::tr("Password login is locked after too many wrong passwords. Try again in "
                                         "%n minute(s), or log in with an SMS code.",
                                         nullptr, minutes);
         }},
        {AccountError::Unauthorized,
         [](const Error &) { return AccountErrorText::tr("Your session has ended. Please log in again."); }},
    };
    static constexpr ErrorDomain domain{"account", entries};
    return domain;
}

} // namespace tq
