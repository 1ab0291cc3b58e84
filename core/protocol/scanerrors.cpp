#include "core/protocol/scanerrors.h"

#include <QCoreApplication>

// Translation context of the sentences below.
class ScanErrorText {
    Q_DECLARE_TR_FUNCTIONS(ScanErrorText)
};

namespace tq {

namespace {
QString platformText(const Error &)
{
    return ScanErrorText::tr("The trading platform is not registered correctly. Contact the trading platform.");
}
} // namespace

const ErrorDomain &scanErrors()
{
    static constexpr ErrorDomain::Entry entries[] = {
        {ScanError::InvalidQr,
         [](const Error &) {
             return ScanErrorText::tr(
                 "This QR code is not a Tongqian scan code. Scan the code the trading platform shows.");
         }},
        {ScanError::PlatformUnauthorized, &platformText},
        {ScanError::PlatformExists, &platformText},
    };
    static constexpr ErrorDomain domain{"scan", entries};
    return domain;
}

} // namespace tq
