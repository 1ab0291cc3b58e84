#include "core/common/apierrors.h"

#include <QCoreApplication>

// Translation context of the sentences below.
class ApiErrorText {
    Q_DECLARE_TR_FUNCTIONS(ApiErrorText)
};

namespace tq {

const ErrorDomain &apiErrors()
{
    static constexpr ErrorDomain::Entry entries[] = {
        {ApiError::InvalidRequest,
         [](const Error &) { return ApiErrorText::tr("The request was not accepted. Update the app and try again."); }},
        {ApiError::PayloadTooLarge,
         [](const Error &) {
             return ApiErrorText::tr("The request was too large to be accepted. Update the app and try again.");
         }},
        {ApiError::NotFound,
         [](const Error &) { return ApiErrorText::tr("This item no longer exists. Refresh the list and try again."); }},
        {ApiError::Internal,
         [](const Error &) { return ApiErrorText::tr("The server had a problem. Try again in a moment."); }},
        {ApiError::BadResponse,
         [](const Error &) {
             return ApiErrorText::tr("The server sent an answer this app cannot read. Try again in a moment, or "
                                     "update the app.");
         }},
        {ApiError::Network,
         [](const Error &) {
             return ApiErrorText::tr("Cannot reach the server. Check the network connection and try again.");
         }},
        {ApiError::Storage,
         [](const Error &) {
             return ApiErrorText::tr("Could not save data on this device. Check free space and try again.");
         }},
    };
    static constexpr ErrorDomain domain{"api", entries};
    return domain;
}

} // namespace tq
