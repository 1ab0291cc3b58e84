#include "core/crypto/certificateerrors.h"

#include <QCoreApplication>

// Translation context of the sentences below.
class CertificateErrorText {
    Q_DECLARE_TR_FUNCTIONS(CertificateErrorText)
};

namespace tq {

namespace {

QString invalidPinText(const Error &e)
{
    const QVariant min = e.details.value(QStringLiteral("minLength"));
    const QVariant max = e.details.value(QStringLiteral("maxLength"));
    if (!min.isValid() || !max.isValid())
        return CertificateErrorText::tr("The certificate PIN must be 6 digits.");
    const QString length = min.toInt() == max.toInt() ? QString::number(min.toInt())
                                                       : QStringLiteral("%1–%2").arg(min.toInt()).arg(max.toInt());
    if (e.details.value(QStringLiteral("digitsOnly")).toBool())
        return CertificateErrorText::tr("The certificate PIN must be %1 digits. Enter it again.").arg(length);
    return CertificateErrorText::tr(
               "The certificate PIN must be %1 letters, digits or ASCII symbols. Enter it again.")
        .arg(length);
}

} // namespace

const ErrorDomain &certificateErrors()
{
    static constexpr ErrorDomain::Entry entries[] = {
        {CertificateError::InvalidCsr,
         [](const Error &) {
             return CertificateErrorText::tr(
                 "The certificate request from this device was not accepted. Create a new key and try again.");
         }},
        {CertificateError::CertificateNotFound,
         [](const Error &) {
             return CertificateErrorText::tr("This certificate no longer exists. Refresh the certificate list.");
         }},
        {CertificateError::CaNotFound,
         [](const Error &) {
             return CertificateErrorText::tr("This certificate authority is not available. Choose another one.");
         }},
        {CertificateError::InvalidValidity,
         [](const Error &) {
             return CertificateErrorText::tr("Choose a validity period between 1 day and 3 years.");
         }},
        {CertificateError::AlreadyRevoked,
         [](const Error &) {
             return CertificateErrorText::tr("This certificate has already been revoked. Refresh the certificate "
                                             "list, and apply for a new certificate if you need one.");
         }},
        {CertificateError::WrongPin,
         [](const Error &e) {
             if (e.details.contains(QStringLiteral("attemptsLeft")))
                 return CertificateErrorText::tr(
                     "The certificate PIN is wrong. %n attempt(s) left before the key is locked.", nullptr,
                     e.details.value(QStringLiteral("attemptsLeft")).toInt());
             return CertificateErrorText::tr("The certificate PIN is wrong. Check it and try again.");
         }},
        {CertificateError::InvalidPin, &invalidPinText},
        {CertificateError::PinLocked,
         [](const Error &) {
             return CertificateErrorText::tr("This certificate's key is locked after too many wrong PINs. Verify "
                                             "your identity again and set a new PIN.");
         }},
        {CertificateError::KeyCorrupted,
         [](const Error &) {
             return CertificateErrorText::tr(
                 "The key of this certificate is damaged on this device. Revoke the certificate and apply again.");
         }},
        {CertificateError::Replayed,
         [](const Error &) { return CertificateErrorText::tr("This request was already used. Start again."); }},
        {CertificateError::RateLimited,
         [](const Error &) {
             return CertificateErrorText::tr("Too many requests with this key. Try again later.");
         }},
        {CertificateError::WrongKeyUsage,
         [](const Error &) {
             return CertificateErrorText::tr("This key cannot be used for this. Sign with the certificate's signing "
                                             "key; if its encryption key is missing, apply for a new certificate.");
         }},
        {CertificateError::Crypto,
         [](const Error &) {
             return CertificateErrorText::tr("A cryptographic operation failed on this device. Try again.");
         }},
        {CertificateError::FreshProofRequired,
         [](const Error &) {
             return CertificateErrorText::tr(
                 "Confirm it is you: enter your name and ID number again, or use your existing certificate and "
                 "the SMS code, then apply again.");
         }},
        {CertificateError::TooManyActiveCertificates,
         [](const Error &) {
             return CertificateErrorText::tr("You already hold the most valid certificates this certificate "
                                             "authority issues to one person. Revoke an old certificate first.");
         }},
    };
    static constexpr ErrorDomain domain{"certificate", entries};
    return domain;
}

} // namespace tq
