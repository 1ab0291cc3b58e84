#include "core/protocol/transactionerrors.h"

#include <QCoreApplication>

// Translation context of the sentences below.
class TransactionErrorText {
    Q_DECLARE_TR_FUNCTIONS(TransactionErrorText)
};

namespace tq {

namespace {
QString signatureText(const Error &)
{
    return TransactionErrorText::tr(
        "The signature does not match this request and was not accepted. Scan the QR code again.");
}
} // namespace

const ErrorDomain &transactionErrors()
{
    static constexpr ErrorDomain::Entry entries[] = {
        {TransactionError::TransactionNotFound,
         [](const Error &) {
             return TransactionErrorText::tr("This scan request does not exist. Refresh the QR code on the trading "
                                             "platform and scan again.");
         }},
        {TransactionError::TicketUsed,
         [](const Error &) {
             return TransactionErrorText::tr("This QR code has already been scanned. Refresh it on the trading "
                                             "platform and scan the new one.");
         }},
        {TransactionError::TicketExpired,
         [](const Error &) {
             return TransactionErrorText::tr(
                 "This QR code has expired. Refresh it on the trading platform and scan again.");
         }},
        {TransactionError::TransactionClosed,
         [](const Error &) {
             return TransactionErrorText::tr("This request has already been answered or cancelled. Refresh the QR "
                                             "code on the trading platform if you still need to act.");
         }},
        {TransactionError::CertificateUnusable,
         [](const Error &) {
             return TransactionErrorText::tr("This certificate cannot be used: it is revoked, expired or not yours. "
                                             "Choose another certificate.");
         }},
        {TransactionError::BindingMismatch, &signatureText},
        {TransactionError::InvalidSignature, &signatureText},
        {TransactionError::WrongServer,
         [](const Error &) {
             return TransactionErrorText::tr(
                 "This QR code belongs to another certificate service, not to the one your account uses. Nothing "
                 "was sent. Check that the page is the trading platform you meant to use.");
         }},
        {TransactionError::DocumentMismatch,
         [](const Error &) {
             return TransactionErrorText::tr("The document offered for signing is not the one the trading "
                                             "platform announced. Nothing was signed; contact the trading platform.");
         }},
        {TransactionError::NoUsableCertificate,
         [](const Error &) {
             return TransactionErrorText::tr("None of your certificates on this device can answer this request. "
                                             "Apply for a certificate, or use the device that holds the right one.");
         }},
    };
    static constexpr ErrorDomain domain{"transaction", entries};
    return domain;
}

} // namespace tq
