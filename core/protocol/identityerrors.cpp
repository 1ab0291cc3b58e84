#include "core/protocol/identityerrors.h"

#include <QCoreApplication>

// Translation context of the sentences below.
class IdentityErrorText {
    Q_DECLARE_TR_FUNCTIONS(IdentityErrorText)
};

namespace tq {

const ErrorDomain &identityErrors()
{
    static constexpr ErrorDomain::Entry entries[] = {
        {IdentityError::IdentityMismatch,
         [](const Error &e) {
             if (e.details.value(QStringLiteral("reason")).toString() == u"notAccountHolder")
                 return IdentityErrorText::tr("This is not the person this account was verified as. Enter your own "
                                              "name and ID number exactly as on your ID card.");
             return IdentityErrorText::tr(
                 "The name and ID number do not match. Check both exactly as on the ID card and try again.");
         }},
        {IdentityError::IdentityRequired,
         [](const Error &) {
             return IdentityErrorText::tr("Complete real-name verification before applying for a certificate.");
         }},
        {IdentityError::IdentityLocked,
         [](const Error &) {
             return IdentityErrorText::tr(
                 "This account's certificates belong to the person it was verified as, so another person cannot be "
                 "verified on it. Enter that person's name and ID number; to change a name, contact customer "
                 "service for a review.");
         }},
        {IdentityError::TooManyVerifications,
         [](const Error &) {
             return IdentityErrorText::tr("Too many real-name verification attempts. Check the name and ID number "
                                          "and try again tomorrow.");
         }},
    };
    static constexpr ErrorDomain domain{"identity", entries};
    return domain;
}

} // namespace tq
