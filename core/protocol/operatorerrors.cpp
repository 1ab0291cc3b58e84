#include "core/protocol/operatorerrors.h"

#include <QCoreApplication>

// Translation context of the sentences below.
class OperatorErrorText {
    Q_DECLARE_TR_FUNCTIONS(OperatorErrorText)
};

namespace tq {

const ErrorDomain &operatorErrors()
{
    static constexpr ErrorDomain::Entry entries[] = {
        {OperatorError::Forbidden,
         [](const Error &) {
             return OperatorErrorText::tr("Your operator role does not allow this. Ask an administrator to do it.");
         }},
        {OperatorError::CsrfInvalid,
         [](const Error &) {
             return OperatorErrorText::tr("The form has expired. Reload the page and submit it again.");
         }},
        {OperatorError::LoginLimited,
         [](const Error &e) {
             const int minutes = (e.details.value(QStringLiteral("retryAfter")).toInt() + 59) / 60;
             return OperatorErrorText::tr("Too many failed logins. Try again in %n minute(s).", nullptr,
                                          qMax(1, minutes));
         }},
    };
    static constexpr ErrorDomain domain{"operator", entries};
    return domain;
}

} // namespace tq
