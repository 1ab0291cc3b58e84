// Certificate revocation lists as the app and integrators fetch them (Crl::parse), with the
// signature check against the fuzz CA that signed the seeds.

#include "fuzzsupport.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const auto crl = tq::Crl::parse(tq::fuzz::bytes(data, size));
    if (!crl)
        return 0;
    (void)crl.value().isSignedBy(tq::fuzz::issuerCertificate());
    for (const QString &serial : crl.value().revokedSerials)
        tq::fuzz::check(crl.value().isRevoked(serial.toLower()), "a listed serial is not revoked");
    return 0;
}
