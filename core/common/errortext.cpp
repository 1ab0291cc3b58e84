#include "core/common/errortext.h"

#include "core/common/apierrors.h"
#include "core/crypto/certificateerrors.h"
#include "core/protocol/accounterrors.h"
#include "core/protocol/identityerrors.h"
#include "core/protocol/operatorerrors.h"
#include "core/protocol/scanerrors.h"
#include "core/protocol/transactionerrors.h"

#include <QCoreApplication>

// Translation context of the generic sentence.
class ErrorText {
    Q_DECLARE_TR_FUNCTIONS(ErrorText)
};

namespace tq {

std::span<const ErrorDomain *const> errorDomains()
{
    static const ErrorDomain *const domains[] = {
        &apiErrors(),         &validationErrors(), &accountErrors(),     &identityErrors(),
        &certificateErrors(), &scanErrors(),       &transactionErrors(), &operatorErrors(),
    };
    return domains;
}

QString userMessage(const Error &error)
{
    for (const ErrorDomain *domain : errorDomains()) {
        for (const ErrorDomain::Entry &entry : domain->entries) {
            if (error.is(entry.code))
                return entry.userText(error);
        }
    }
    return ErrorText::tr("Something went wrong. Try again; if it keeps happening, restart the app.");
}

} // namespace tq
