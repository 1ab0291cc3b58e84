// Certificates (DER or PEM, Certificate::parse) and certificate requests (Csr::verify), as the app
// reads them from the CA and the server reads them from devices. A parsed certificate's signature
// is checked against itself and the fuzz CA, so the verification path sees malformed keys too.

#include "fuzzsupport.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView input = tq::fuzz::bytes(data, size);
    if (const auto certificate = tq::Certificate::parse(input)) {
        const auto again = tq::Certificate::parse(certificate.value().der);
        tq::fuzz::check(bool(again) && again.value().sha256Fingerprint == certificate.value().sha256Fingerprint,
                        "a parsed certificate's DER does not parse to the same certificate");
        (void)certificate.value().isSignedBy(certificate.value());
        (void)certificate.value().isSignedBy(tq::fuzz::issuerCertificate());
    }
    (void)tq::Csr::verify(input);
    return 0;
}
