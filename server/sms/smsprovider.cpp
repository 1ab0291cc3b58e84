#include "server/sms/smsprovider.h"

#include <array>
#include <utility>

namespace tq::server {

namespace {
constexpr std::array<std::pair<SmsPurpose, const char *>, 5> Names{{
    {SmsPurpose::Register, "register"},
    {SmsPurpose::Login, "login"},
    {SmsPurpose::ResetPassword, "reset_password"},
    {SmsPurpose::CertificateApplication, "certificate_application"},
    {SmsPurpose::CertificateIssued, "certificate_issued"},
}};
} // namespace

QString smsPurposeName(SmsPurpose purpose)
{
    for (const auto &[value, name] : Names) {
        if (value == purpose)
            return QString::fromLatin1(name);
    }
    return {};
}

std::optional<SmsPurpose> smsPurposeFromName(const QString &name)
{
    for (const auto &[value, text] : Names) {
        if (name == QLatin1String(text))
            return value;
    }
    return std::nullopt;
}

} // namespace tq::server
